/** `@picasso/shared/events`: event schemas, their types and the (build-time compiled) validators. */
export * from './registry';
export * from './validate';
export * from './timestamps';
export * from './preview';
/** The longest MESSAGE_FEEDBACK comment (code points), as its schema holds it. */
export { FEEDBACK_COMMENT_MAX_LENGTH } from './schemas/v1';
