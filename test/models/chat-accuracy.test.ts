import { heldOutRunsAreTests, publishedCasesAreTests } from './accuracy.js';

// Known misses: outside their target today (capsim reproduce chat / capsim validate chat, seed 1),
// with the error they had when listed; models/chat/README.md explains each. They may improve, not worsen.
publishedCasesAreTests(
  'chat',
  {
    // The run is predicted 5% long (saturated sessions connect slowly), so per-second rates are 5% low.
    'a ws_msgs_received.rate': -5.2,
    'a ws_msgs_sent.rate': -5.6,
  },
  ['a', 'c'],
);

heldOutRunsAreTests('chat', {
  'chat-n100-i1s-pc-b1000-cap50mbit server CPU utilisation': -27.9,
  'chat-n100-i1s-pp-b100 delivery latency p95 (ms)': -29.2,
  'chat-n100-i500ms-pc-b100 server CPU utilisation': -7.2,
  'chat-n100-i500ms-pc-b100 delivery latency p95 (ms)': -55.8,
  'chat-n150-i500ms-pc-b100 received/s': -36.5,
  'chat-n150-i500ms-pc-b100 delivered ratio': -21.7,
  'chat-n150-i500ms-pp-b100 delivery latency p95 (ms)': -57.6,
  'chat-n50-i500ms-pc-b1000-cap50mbit server CPU utilisation': -19.2,
});
