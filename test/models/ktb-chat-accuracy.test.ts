import { heldOutRunsAreTests } from './accuracy.js';

// The write-up's result is withheld (published.json: case a blind), so there are no published figures to judge.
// Known misses: outside their target today (capsim validate ktb-chat, seed 1), with the error they had when
// listed; models/ktb-chat/README.md explains them (latency: fluid steps have no queueing delay below saturation
// and the generator's own loop is not charged; CPU: emit and per-copy write costs are collinear in runs that
// all use rooms of 10; sharded-k4: the generator, slowed on its shared core, sent 11% fewer messages than planned).
heldOutRunsAreTests('ktb-chat', {
  'ktb-classic-k1-u600-i2s-s15s delivery latency p95 (ms)': -99.8,
  'ktb-classic-k2-u300-i2s-s10s server CPU utilisation': -10.9,
  'ktb-classic-k2-u300-i2s-s10s delivery latency p95 (ms)': -99.6,
  'ktb-classic-k3-u800-i2s-s15s delivery latency p95 (ms)': -100,
  'ktb-sharded-k2-u1000-i1s-s15s server CPU utilisation': 23.7,
  'ktb-sharded-k2-u1000-i1s-s15s delivery latency p95 (ms)': -99.9,
  'ktb-sharded-k4-u600-i2s-s15s received/s': 13.9,
  'ktb-sharded-k4-u600-i2s-s15s delivery latency p95 (ms)': -100,
});
