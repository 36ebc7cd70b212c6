import { heldOutRunsAreTests, publishedCasesAreTests } from './accuracy.js';

// Known misses: outside their target today (capsim reproduce chat / capsim validate chat, seed 1),
// with the error they had when listed; models/chat/README.md explains each. They may improve, not worsen.
publishedCasesAreTests('chat', {}, ['a', 'c']);

heldOutRunsAreTests('chat', {
  // Redis in a network namespace behind tc tbf: the veth path costs the app CPU the model does not charge.
  'chat-n100-i1s-pc-b1000-cap50mbit server CPU utilisation': -26.1,
  'chat-n50-i500ms-pc-b1000-cap50mbit server CPU utilisation': -17.5,
  'chat-n100-i500ms-pc-b100 server CPU utilisation': -6.9,
  // Latency under load: queueing the model does not have (client side, write buffers).
  'chat-n100-i500ms-pc-b100 delivery latency p95 (ms)': -55.0,
  'chat-n150-i500ms-pp-b100 delivery latency p95 (ms)': -53.5,
  // Saturated per connection: the serial handler throttles publishes too hard (was -12.2% within target
  // before issue 21's handler; received/s and the delivered ratio improved from -36.5% and -21.7%).
  'chat-n150-i500ms-pc-b100 received/s': -18.0,
  'chat-n150-i500ms-pc-b100 delivered ratio': -17.5,
  'chat-n150-i500ms-pc-b100 delivery latency p95 (ms)': 58.5,
  // New runs (issue 21) made while other work shared both cores: uvicorn waited for its core 15% and
  // 24% of the run, which the speed probe before and after does not see.
  'chat-n120-i1s-pp-b300 server CPU utilisation': -24.5,
  'chat-n120-i1s-pp-b300 delivery latency p95 (ms)': -66.2,
  'chat-n200-i1s-pp-b300 received/s': 12.4,
  'chat-n200-i1s-pp-b300 delivered ratio': 7.7,
  'chat-n200-i1s-pp-b300 server CPU utilisation': -22.4,
  'chat-n200-i1s-pp-b300 delivery latency p95 (ms)': -81.0,
  // Fresh held-out runs at new settings (issue 21, a calibration that travels), made on a shared
  // host where the load generator waited for its core 11–19% of each run: throughput and delivered
  // ratio within 2.2% on all four, CPU on three; p95 (and p50) about half the measured, a delay on
  // the path the model does not have (see models/chat/README.md).
  'chat-n160-i1s-pp-b1000 server CPU utilisation': -6.5,
  'chat-n160-i1s-pp-b1000 delivery latency p95 (ms)': -48.5,
  'chat-n40-i250ms-pc-b200 delivery latency p95 (ms)': -49.4,
  'chat-n70-i1s-pc-b500 delivery latency p95 (ms)': -41.9,
  'chat-n90-i750ms-pp-b150 delivery latency p95 (ms)': -46.4,
});
