/** `@picasso/shared/resources`: every AWS resource's name per environment, and the table specs. */
export * from './names';
export * from './tables';
