/**
 * `@picasso/shared/legacy`: the contracts of the seed's legacy path (Bubble dashboard):
 * the daily aggregate items and archive files, the `QA_COMPLETE` log line, and legacy API keys.
 */
export * from './daily-aggregate';
export * from './qa-complete';
export * from './api-key';
export * from './daily-aggregate-store';
