import { heldOutRunsAreTests } from './accuracy.js';

// The write-up's result is withheld (published.json: case a blind), so there are no published figures to judge.
// Known misses: outside their target today (capsim validate ktb-chat, seed 1), with the error they had when
// listed; models/ktb-chat/README.md explains them. Latency: the M/G/1 wait at each loop (one residual fitted
// to 4 runs) gives the right order but not the spread the machine's other tenants add (run-queue waits of the
// app or of the generator, recorded per second in the newer runs). CPU: each app pays a fitted base CPU while
// its loop is idle (baseVcpu) on top of the per-message costs, fitted by exact NNLS (a copy's write 7.28 µs;
// the greedy solver had dropped it: room-20 CPU -7.0 -> -5.8 pt); the smoke run's and the idle run's joins
// cost more than the fit gives them (connect fitted at 0 µs). Burst runs: since issue 19's third pass a
// saturated loop serves its sockets' messages and new handshakes wait (joins stopped in the real burst runs
// while the app kept serving), and a single app's share of its core counts at most 1 s runnable per second,
// so the saturated apps hold their users at a steady latency (u1100 p95 +605% -> +147%, u700 +469% -> +269%,
// received/s, delivered and CPU of both within but u1100 received/s +7.0%); its p95 is the M/G/1 term at its
// clamp (rho 0.99). The t3.micro run (base0.1) and the room-2 run: the model's bucket empties later (Node's
// start-up CPU is not in the costs) with more users than the baseline serves, and the backlog passes the ping
// timeout: received/s, delivered (copies still in flight at the end) and p95 miss. sharded-k4: the generator,
// slowed on its shared core, sent 11% fewer messages than planned.
heldOutRunsAreTests('ktb-chat', {
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 received/s': 7,
  'ktb-classic-k1-u1100-i1s-s10s-burst0.02 delivery latency p95 (ms)': 146.5,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 received/s': -17.9,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 delivered ratio': -11.2,
  'ktb-classic-k1-u2000-i1s-s5s-room2-burst0.02 delivery latency p95 (ms)': 2632.6,
  'ktb-classic-k1-u3000-i1h-s10s-from500-by500-hold60s received/s': 8.7,
  'ktb-classic-k1-u3000-i1h-s10s-from500-by500-hold60s server CPU utilisation': -6,
  'ktb-classic-k1-u600-i2s-s15s delivery latency p95 (ms)': 26.1,
  'ktb-classic-k1-u700-i1s-s20s-burst0.05 delivery latency p95 (ms)': 268.8,
  'ktb-classic-k1-u900-i1s-s10s-burst0.02 received/s': 5.3,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 received/s': -8.9,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 delivered ratio': -11.7,
  'ktb-classic-k1-u900-i1s-s10s-burst0.03-base0.1 delivery latency p95 (ms)': 453.8,
  'ktb-classic-k2-u300-i2s-s10s server CPU utilisation': -7.2,
  'ktb-classic-k2-u300-i2s-s10s delivery latency p95 (ms)': 54.4,
  'ktb-classic-k2-u800-i2s-s15s delivery latency p95 (ms)': -46.2,
  'ktb-classic-k3-u800-i2s-s15s delivery latency p95 (ms)': -73.1,
  'ktb-sharded-k2-u600-i2s-s15s-room20 received/s': 6.5,
  'ktb-sharded-k2-u600-i2s-s15s-room20 server CPU utilisation': -5.8,
  'ktb-sharded-k2-u600-i2s-s15s-room20 delivery latency p95 (ms)': -80.8,
  'ktb-sharded-k4-u600-i2s-s15s received/s': 13.9,
  'ktb-sharded-k4-u600-i2s-s15s delivery latency p95 (ms)': -76,
});
