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
  'chat-n150-i500ms-pc-b100 received/s': -18.1,
  'chat-n150-i500ms-pc-b100 delivered ratio': -17.6,
  'chat-n150-i500ms-pc-b100 delivery latency p95 (ms)': 59.2,
  // New runs (issue 21) made while other work shared both cores. validate now simulates each run
  // with the share of its core uvicorn got (its run-queue wait), which brought p95 from -66.2% and
  // -81.0%; the CPU is still far under (CPU time per delivery inflated on the contended host, which
  // the probe before and after does not see), and N = 200 is saturated for real but not in the model.
  'chat-n120-i1s-pp-b300 server CPU utilisation': -24.5,
  'chat-n120-i1s-pp-b300 delivery latency p95 (ms)': -46.1,
  'chat-n200-i1s-pp-b300 received/s': 11.8,
  'chat-n200-i1s-pp-b300 delivered ratio': 7.5,
  'chat-n200-i1s-pp-b300 server CPU utilisation': -22.5,
  'chat-n200-i1s-pp-b300 delivery latency p95 (ms)': -71.8,
  // Fresh held-out run at a new setting (issue 21, a calibration that travels): CPU 6.7 points under
  // (was 6.5: the core share moves its batching slightly). Its p95 (-48.5%) and those of N = 40, 70
  // and 90 (-49.4%, -41.9%, -46.4%) are within target since the core share.
  'chat-n160-i1s-pp-b1000 server CPU utilisation': -6.7,
  // Fresh held-out run made after the core share (2026-12-06, load average 50–70 from other work):
  // CPU 0.260 measured, 0.210 predicted, at the edge of the target; its p95 is −5.1%.
  'chat-n80-i750ms-pc-b400 server CPU utilisation': -5.0,
});
