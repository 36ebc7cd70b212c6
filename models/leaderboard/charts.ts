import { CHART_CONFIG, DELIVERED_COLOUR, SATURATION_COLOUR, type VlSpec } from '../../src/charts/theme.js';
import type { ChartSpec } from '../registry.js';
import { leaderboardScenario } from './flags.js';
import { loadLeaderboardParams, type LeaderboardParams } from './params.js';
import { simulateLeaderboard } from './model.js';
import { connectionLaw } from './law.js';
import { setMemory } from './redis-memory.js';
import type { LeaderboardScenario } from './scenario.js';

/** A point of the throughput-against-connections chart. */
export interface ConnectionPoint {
  connections: number;
  pipeline: number;
  /** Requests per second. */
  throughput: number;
  source: 'law' | 'simulated' | 'measured';
}

export const CONNECTION_STEPS = [1, 2, 4, 8, 16, 32, 64, 128];
/** Requests per simulated point of a chart: enough for a mean, cheap enough for 16 points. */
const CHART_OPS = 4_000;

/**
 * The law's curve for one pipeline depth: C·P requests in flight each taking the request's
 * commands' (T_process + T_latency), capped by Redis's thread, in requests per second.
 */
export function lawCurve(params: LeaderboardParams, sc: LeaderboardScenario, pipeline: number, connections: number[]): ConnectionPoint[] {
  return connections.map((c) => {
    const law = connectionLaw(params, { ...sc, redisConnections: c, pipeline }, sc.batch, sc.friends || params.load.friends.value);
    return { connections: c, pipeline, throughput: law.ceilingPerS / commandsPerRequest(sc), source: 'law' as const };
  });
}

/** Redis commands per request on average (a read `around` sends two, an update one ZADD per batch). */
function commandsPerRequest(sc: LeaderboardScenario): number {
  const reads = sc.op === 'mix' ? sc.readShare : sc.op === 'update' ? 0 : 1;
  const perRead = sc.op === 'rank' ? 1 : sc.op === 'friends' ? Math.max(1, sc.friends) : 2;
  return reads * perRead + (1 - reads) / Math.max(1, sc.batch);
}

export function simulatedCurve(params: LeaderboardParams, sc: LeaderboardScenario, pipeline: number, connections: number[]): ConnectionPoint[] {
  return connections.map((c) => {
    const run = simulateLeaderboard({ ...sc, redisConnections: c, mysqlConnections: c, pipeline, measuredOps: CHART_OPS }, params);
    return { connections: c, pipeline, throughput: +((run.reads + run.writes) / (run.windowNs / 1e9)).toPrecision(4), source: 'simulated' as const };
  });
}

export function connectionsChart(points: ConnectionPoint[], subtitle: string): VlSpec {
  const x = { field: 'connections', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'Redis connections (C)' };
  const y = { field: 'throughput', type: 'quantitative', title: 'requests per second' };
  const colour = { field: 'depth', type: 'nominal', title: 'pipeline depth' };
  const data = points.map((p) => ({ ...p, depth: p.pipeline === 1 ? '1 (no pipelining)' : String(p.pipeline) }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'leaderboard: throughput against connections, without and with pipelining', subtitle: [subtitle, 'lines: the law C·P/(T_process + T_latency) capped at Redis’s thread; circles: simulated; squares: measured runs'] },
    width: 460,
    height: 280,
    data: { values: data },
    layer: [
      { transform: [{ filter: "datum.source === 'law'" }], mark: { type: 'line', strokeDash: [6, 3] }, encoding: { x, y, color: colour } },
      { transform: [{ filter: "datum.source === 'simulated'" }], mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color: colour } },
      { transform: [{ filter: "datum.source === 'measured'" }], mark: { type: 'square', size: 70, stroke: 'black' }, encoding: { x, y, color: colour } },
    ],
    config: CHART_CONFIG,
  };
}

/** Redis memory of one sorted set from 1 member to `maxPlayers`, log-log, the encoding switch marked. */
export function memoryChart(params: LeaderboardParams, maxPlayers: number, measured: Array<{ members: number; bytesPerMember: number }> = []): VlSpec {
  const values: unknown[] = [];
  for (let e = 0; e <= Math.log10(maxPlayers) * 8; e++) {
    const members = Math.max(1, Math.round(10 ** (e / 8)));
    const m = setMemory(params, members);
    values.push({ kind: 'model', members, mib: m.setBytes / 2 ** 20, encoding: m.encoding });
  }
  for (const p of measured) values.push({ kind: 'measured', members: p.members, mib: (p.members * p.bytesPerMember) / 2 ** 20 });
  // The write-up sized its node at under 1 KiB per player (data + structure + socket buffers): a bound, not a measurement.
  for (const members of [1_000, maxPlayers]) values.push({ kind: 'bound', members, mib: (members * 1024) / 2 ** 20 });
  const threshold = params.memory.listpackMaxEntries.value;
  values.push({ kind: 'threshold', members: threshold, label: `listpack → skiplist above ${threshold} members` });
  const x = { field: 'members', type: 'quantitative', scale: { type: 'log' }, title: 'players (members of the sorted set)' };
  const y = { field: 'mib', type: 'quantitative', scale: { type: 'log' }, title: 'MiB (one sorted set)' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'leaderboard: Redis memory of the sorted set against players', subtitle: ['line: the model (allocator classes, skiplist levels, dict table doubling); squares: measured runs (Δused_memory)', 'grey dashes: the write-up’s sizing bound, under 1 KiB per player'] },
    width: 460,
    height: 280,
    data: { values },
    layer: [
      { transform: [{ filter: "datum.kind === 'model'" }], mark: { type: 'line', color: DELIVERED_COLOUR }, encoding: { x, y } },
      { transform: [{ filter: "datum.kind === 'bound'" }], mark: { type: 'line', color: '#7f7f7f', strokeDash: [6, 4] }, encoding: { x, y } },
      { transform: [{ filter: "datum.kind === 'measured'" }], mark: { type: 'square', size: 70, color: 'black' }, encoding: { x, y } },
      { transform: [{ filter: "datum.kind === 'threshold'" }], mark: { type: 'rule', color: SATURATION_COLOUR, strokeDash: [4, 3] }, encoding: { x } },
      { transform: [{ filter: "datum.kind === 'threshold'" }], mark: { type: 'text', color: SATURATION_COLOUR, angle: 270, align: 'right', baseline: 'bottom', dy: -3, y: 4, fontSize: 11 }, encoding: { x, text: { field: 'label' } } },
    ],
    config: CHART_CONFIG,
  };
}

/** `capsim predict leaderboard … --chart file`: the law and the simulation around this setting, and memory. */
export function leaderboardChartSpecs(flags: Record<string, unknown>): ChartSpec[] {
  const params = loadLeaderboardParams();
  const sc = leaderboardScenario(flags);
  const depths = sc.pipeline === 1 ? [1, 8] : [1, sc.pipeline];
  const points = depths.flatMap((d) => [...lawCurve(params, sc, d, CONNECTION_STEPS), ...simulatedCurve(params, sc, d, CONNECTION_STEPS)]);
  const load = sc.load.kind === 'users' ? `${sc.load.users} users` : `${sc.load.perSecond}/s offered`;
  return [
    { spec: connectionsChart(points, `${sc.players.toLocaleString('en-US')} players, op ${sc.op}, ${load}, MySQL connections = Redis connections`), caption: 'throughput against connections, without and with pipelining' },
    { spec: memoryChart(params, Math.max(sc.players, 1000)), caption: 'Redis memory against players, the encoding threshold marked' },
  ];
}
