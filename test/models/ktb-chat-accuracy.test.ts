import { heldOutRunsAreTests } from './accuracy.js';

// The write-up's result is withheld (published.json: case a blind), so there are no published figures to judge.
// Known misses: outside their target today (capsim validate ktb-chat, seed 1), with the error they had when
// listed; models/ktb-chat/README.md explains them. Latency: the M/G/1 wait at each loop (one residual fitted
// to 4 runs) gives the right order but not the spread the machine's other tenants add (run-queue waits of the
// app or of the generator, recorded per second in the newer runs). CPU: the fitted per-message cost is too high
// at one message per second (the real loop batches), so the 1 s runs and the two burstable-vCPU runs saturate
// in the model and not on the machine; the smoke run's joins cost more than fitted. sharded-k4: the generator,
// slowed on its shared core, sent 11% fewer messages than planned.
heldOutRunsAreTests('ktb-chat', {
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 received/s': -75,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 delivered ratio': -38.8,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 server CPU utilisation': -6.2,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 delivery latency p95 (ms)': 658.7,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 received/s': -31.6,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 delivered ratio': -15.4,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 delivery latency p95 (ms)': 3341.9,
  'ktb-classic-k1-u600-i2s-s15s delivery latency p95 (ms)': 51.9,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 received/s': -55.5,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 delivered ratio': -22.7,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 delivery latency p95 (ms)': 1500,
  'ktb-classic-k1-u900-i1s-s10s-burst0.02 received/s': -44.3,
  'ktb-classic-k1-u900-i1s-s10s-burst0.02 delivered ratio': -19.5,
  'ktb-classic-k1-u900-i1s-s10s-burst0.02 delivery latency p95 (ms)': 10212,
  'ktb-classic-k2-u300-i2s-s10s server CPU utilisation': -10.9,
  'ktb-classic-k2-u800-i2s-s15s delivery latency p95 (ms)': -31,
  'ktb-classic-k3-u800-i2s-s15s delivery latency p95 (ms)': -66.9,
  'ktb-sharded-k2-u1000-i1s-s15s server CPU utilisation': 23.7,
  'ktb-sharded-k2-u1000-i1s-s15s delivery latency p95 (ms)': 137.3,
  'ktb-sharded-k2-u600-i2s-s15s-room20 received/s': 6.5,
  'ktb-sharded-k2-u600-i2s-s15s-room20 delivery latency p95 (ms)': -69.4,
  'ktb-sharded-k4-u600-i2s-s15s received/s': 13.9,
  'ktb-sharded-k4-u600-i2s-s15s delivery latency p95 (ms)': -77.5,
});
