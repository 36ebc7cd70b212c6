export * from './token-bucket.js';
export * from './cpu-credits.js';
export * from './cpu.js';
export * from './nic.js';
export * from './connection-pool.js';
export * from './database-admission.js';
export { JobFifo } from './job-fifo.js';
export { CompletionHeap } from './completion-heap.js';
