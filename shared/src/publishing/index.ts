/**
 * The producers' side of the events queue: one publisher with retries and an S3 spill, used by
 * every service that emits events and by the traffic generator. Import as `@picasso/shared/publishing`.
 */
export * from './sqs-event-publisher';
