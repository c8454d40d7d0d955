/** `@picasso/shared/metrics`: the metric contract and the pure code computing it (no SDK, no I/O). */
export * from './types';
export * from './calendar';
export * from './rollups';
export * from './compute';
export { CACHE_TTL_SECONDS, toCachedMetric } from './metric-cache';
export * from './model-prices';
