import { heldOutRunsAreTests } from './accuracy.js';

// The write-up's result is withheld (published.json: case a blind), so there are no published figures to judge.
// Known misses: outside their target today (capsim validate ktb-chat, seed 1), with the error they had when
// listed; models/ktb-chat/README.md explains them. Latency: the M/G/1 wait at each loop (one residual fitted
// to 4 runs) gives the right order but not the spread the machine's other tenants add (run-queue waits of the
// app or of the generator, recorded per second in the newer runs). CPU: since issue 19's second pass each app
// pays a fitted base CPU while its loop is idle (baseVcpu) on top of the per-message costs, which brought the
// 1 s runs and the burstable-vCPU runs from -75..-31% received/s to -35..+5%; the two burst runs whose app
// got only 0.12-0.17 of its core still saturate in the model (the real app batched), the smoke run's and
// the idle run's joins cost more than the fit gives them (connect fitted at 0 µs), and the room-20 run's
// per-copy cost is gone from the fit (writeUs 0). sharded-k4: the generator, slowed on its shared core,
// sent 11% fewer messages than planned. The t3.micro run (base0.1): the app is held at 0.100 of a core
// from 15.5 s; the model empties its bucket at 40 s and then collapses where the real app kept serving.
heldOutRunsAreTests('ktb-chat', {
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 received/s': -32.6,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 delivered ratio': -7.3,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 server CPU utilisation': -6.8,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 delivery latency p95 (ms)': 604.9,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 received/s': -35.3,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 delivery latency p95 (ms)': 3429.9,
  'ktb-classic-k1-u3000-i1h-s10s-from500-by500-hold60s received/s': 8.7,
  'ktb-classic-k1-u3000-i1h-s10s-from500-by500-hold60s server CPU utilisation': -6,
  'ktb-classic-k1-u600-i2s-s15s delivery latency p95 (ms)': 30.8,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 received/s': -7.2,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 delivered ratio': -11,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 server CPU utilisation': -5.2,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 delivery latency p95 (ms)': 469.4,
  'ktb-classic-k1-u900-i1s-s10s-burst0.02 received/s': 5.3,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 received/s': -9.1,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 delivered ratio': -6.1,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 delivery latency p95 (ms)': 547.2,
  'ktb-classic-k2-u300-i2s-s10s server CPU utilisation': -7.2,
  'ktb-classic-k2-u300-i2s-s10s delivery latency p95 (ms)': 58.8,
  'ktb-classic-k2-u800-i2s-s15s delivery latency p95 (ms)': -44.2,
  'ktb-classic-k3-u800-i2s-s15s delivery latency p95 (ms)': -72,
  'ktb-sharded-k2-u600-i2s-s15s-room20 received/s': 6.6,
  'ktb-sharded-k2-u600-i2s-s15s-room20 server CPU utilisation': -7,
  'ktb-sharded-k2-u600-i2s-s15s-room20 delivery latency p95 (ms)': -81.9,
  'ktb-sharded-k4-u600-i2s-s15s received/s': 13.9,
  'ktb-sharded-k4-u600-i2s-s15s delivery latency p95 (ms)': -75.1,
});
