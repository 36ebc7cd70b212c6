export * from './counter.js';
export * from './rate.js';
export { TREND_RELATIVE_ERROR, SUB_BUCKET_BITS } from './float-buckets.js';
export * from './trend.js';
export * from './trend-stats.js';
export * from './series.js';
export * from './time-weighted.js';
export * from './k6-summary.js';
export * from './second-sampler.js';
