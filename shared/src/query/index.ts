/** `@picasso/shared/query`: the query-engine port, its Athena adapter and the rollup SQL. */
export * from './query-engine';
export * from './athena-engine';
export * from '../sql/rollup-queries';
