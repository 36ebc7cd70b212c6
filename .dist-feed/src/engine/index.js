export * from './time.js';
export * from './event-list.js';
export * from './random.js';
export * from './distributions.js';
export * from './simulation.js';
