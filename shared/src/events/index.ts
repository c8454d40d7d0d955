/** `@picasso/shared/events`: event schemas, their types and the (build-time compiled) validators. */
export * from './registry';
export * from './validate';
export * from './timestamps';
export * from './preview';
