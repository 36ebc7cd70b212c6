import { describe, expect, it } from 'vitest';
import { count, leaderboardFlags, leaderboardScenario, share } from '../../models/leaderboard/flags.js';
import { CONNECTION_STEPS, connectionsChart, lawCurve, leaderboardChartSpecs, memoryChart, simulatedCurve } from '../../models/leaderboard/charts.js';
import { connectionLaw } from '../../models/leaderboard/law.js';
import { loadLeaderboardParams } from '../../models/leaderboard/params.js';
import { setMemory } from '../../models/leaderboard/redis-memory.js';
import { leaderboardPlan } from '../../models/leaderboard/plan.js';
import { LEADERBOARD_PUBLISHED_FILE, leaderboardModel, predictLeaderboard } from '../../models/leaderboard/index.js';
import { leaderboardText } from '../../models/leaderboard/text.js';
import { UsageError } from '../../src/cli/usage-error.js';

// The leaderboard's flags (what each means and its default), its charts (the law's curve, the
// simulated points, memory against players) and what `capsim plan` measures.

const params = loadLeaderboardParams();

describe('leaderboard flags', () => {
  it('defaults: the write-up’s set-up and the bundled server’s settings', () => {
    const sc = leaderboardScenario({});
    expect({ ...sc, profiles: undefined }).toEqual({
      players: 100_000_000,
      redisConnections: 10,
      mysqlConnections: 10,
      pipeline: 1,
      batch: 64,
      op: 'mix',
      readShare: 0.5,
      friends: 0,
      load: { kind: 'users', users: 256 },
      coalesce: true,
      hot: undefined,
      mysql: true,
      flush: 1,
      rankings: 1,
      redisRttNs: undefined,
      redisDelay: undefined,
      profiles: undefined,
      serverProcesses: undefined,
      clientConnections: undefined,
      loadGenerator: false,
      measuredOps: undefined,
      seed: 1,
    });
    expect([sc.profiles.app.name, sc.profiles.redis.name, sc.profiles.mysql.name]).toEqual(['c5.2xlarge', 'cache.r4.8xlarge', 'i3.xlarge']);
    // Every flag is described for --help, and the declared defaults are the ones applied.
    for (const [name, spec] of Object.entries(leaderboardFlags)) expect(spec.describe.length, name).toBeGreaterThan(20);
    const declared = Object.fromEntries(Object.entries(leaderboardFlags).filter(([, s]) => s.default !== undefined).map(([k, s]) => [k, s.default]));
    expect(declared).toEqual({ players: '100M', connections: '10', pipeline: '1', batch: '64', op: 'mix', 'read-share': '0.5', coalesce: 'on', 'hot-share': '0', mysql: 'on', flush: '1', 'all-time': 'off', 'load-generator': 'off', seed: '1' });
    expect(leaderboardScenario(declared)).toEqual(sc);
  });

  it('every setting reaches the scenario', () => {
    const sc = leaderboardScenario({
      players: '20k', connections: '8', 'redis-connections': '3', 'mysql-connections': '5', pipeline: '4', batch: '16', op: 'friends', 'read-share': '0.25', friends: '7',
      rate: '1500', coalesce: 'off', 'hot-players': '5', 'hot-share': '0.8', mysql: 'off', flush: '2', 'all-time': 'on', 'redis-rtt': '2ms', 'redis-delay': ' 1.2ms , 5.4ms ',
      profile: ['app=local', 'cache.t4g.small'], 'server-processes': '3', 'client-connections': '9', 'load-generator': 'on', ops: '500', seed: '42',
    });
    expect({ ...sc, profiles: undefined }).toEqual({
      players: 20_000, redisConnections: 3, mysqlConnections: 5, pipeline: 4, batch: 16, op: 'friends', readShare: 0.25, friends: 7, load: { kind: 'rate', perSecond: 1500 },
      coalesce: false, hot: { players: 5, share: 0.8 }, mysql: false, flush: 2, rankings: 2, redisRttNs: 2_000_000, redisDelay: { medianNs: 1_200_000, p99Ns: 5_400_000 },
      profiles: undefined, serverProcesses: 3, clientConnections: 9, loadGenerator: true, measuredOps: 500, seed: 42,
    });
    // A bare cache node is Redis's; the other roles keep their defaults.
    expect([sc.profiles.app.name, sc.profiles.redis.name, sc.profiles.mysql.name]).toEqual(['local', 'cache.t4g.small', 'i3.xlarge']);
    // --connections sets both pools when neither is named.
    expect(leaderboardScenario({ connections: '12' })).toMatchObject({ redisConnections: 12, mysqlConnections: 12 });
    expect(leaderboardScenario({ users: '7' }).load).toEqual({ kind: 'users', users: 7 });
    expect(leaderboardScenario({ coalesce: 'on', mysql: 'on', 'all-time': 'off', 'load-generator': 'off' })).toMatchObject({ coalesce: true, mysql: true, rankings: 1, loadGenerator: false });
    // Hot players without a share to send them: no hot set.
    expect(leaderboardScenario({ 'hot-players': '5' }).hot).toBeUndefined();
  });

  it('counts: 100M, 1.5e6, 20k, 3b, whole and from 1 to the flag’s maximum', () => {
    expect(['100M', '1.5e6', '20k', '20K', ' 7 ', '3b', '1e10', '2.5k'].map((v) => count('players', v, 1e10))).toEqual([1e8, 1.5e6, 20_000, 20_000, 7, 3e9, 1e10, 2500]);
    expect(count('players', 12, 100)).toBe(12);
    for (const bad of ['0', '1.5', '2e10', 'k', '', '-3', '1.2345k', '5 M x', undefined, 0.5, 101]) expect(() => count('players', bad, 100)).toThrow(UsageError);
    expect(() => count('players', '0', 1e10)).toThrow('--players must be a whole count from 1 to 1e+10 such as 100M or 20k, got "0"');
    expect(() => leaderboardScenario({ players: '10', 'hot-players': '11', 'hot-share': '1' })).toThrow(/--hot-players/);
    expect(leaderboardScenario({ players: '10', 'hot-players': '10', 'hot-share': '1' }).hot).toEqual({ players: 10, share: 1 });
  });

  it('shares from 0 to 1, rates above 0, delays median ≤ p99', () => {
    expect(['0', '1', '.5', ' 0.25 '].map((v) => share('read-share', v))).toEqual([0, 1, 0.5, 0.25]);
    for (const bad of ['1.01', '-0.1', 'abc', '', '1e-1', 0.5]) expect(() => share('read-share', bad)).toThrow(UsageError);
    expect(() => share('read-share', '2')).toThrow('--read-share must be a share from 0 to 1, got "2"');
    expect(leaderboardScenario({ rate: '1e3' }).load).toEqual({ kind: 'rate', perSecond: 1000 });
    expect(leaderboardScenario({ rate: '2.5' }).load).toEqual({ kind: 'rate', perSecond: 2.5 });
    expect(leaderboardScenario({ rate: '1e8' }).load).toEqual({ kind: 'rate', perSecond: 1e8 });
    for (const bad of ['0', '1e9', '-5', 'fast']) expect(() => leaderboardScenario({ rate: bad })).toThrow(/^--rate must be requests per second above 0 \(at most 1e8\)/);
    expect(() => leaderboardScenario({ rate: '10', users: '10' })).toThrow('--rate and --users exclude each other: an open or a closed loop');
    for (const bad of ['0', '100001']) expect(() => leaderboardScenario({ users: bad })).toThrow(/--users/);
    expect(leaderboardScenario({ 'redis-delay': '2ms,2ms' }).redisDelay).toEqual({ medianNs: 2e6, p99Ns: 2e6 });
    expect(() => leaderboardScenario({ 'redis-delay': '1ms' })).toThrow('--redis-delay must be median,p99 such as 1.2ms,5.4ms, got "1ms"');
    expect(() => leaderboardScenario({ 'redis-delay': '1ms,2ms,3ms' })).toThrow(/median,p99/);
    expect(() => leaderboardScenario({ 'redis-delay': '5ms,1ms' })).toThrow('--redis-delay: the p99 must be at least the median, got "5ms,1ms"');
    expect(() => leaderboardScenario({ 'hot-share': '0.5' })).toThrow('--hot-share needs --hot-players');
  });

  it('bounds on whole numbers and choices', () => {
    const bad: Array<[string, string]> = [
      ['connections', '10001'], ['redis-connections', '0'], ['mysql-connections', '10001'], ['pipeline', '100001'], ['batch', '0'], ['batch', '100001'],
      ['op', 'scan'], ['friends', '10001'], ['coalesce', 'yes'], ['mysql', 'maybe'], ['flush', '3'], ['all-time', '1'], ['redis-rtt', 'soon'],
      ['server-processes', '1001'], ['client-connections', '100001'], ['load-generator', 'true'], ['ops', '10000001'], ['seed', '-1'], ['profile', 'no-such-host'],
    ];
    for (const [flag, value] of bad) expect(() => leaderboardScenario({ [flag]: value }), `${flag} ${value}`).toThrow(new RegExp(`--${flag}`));
    const edge = leaderboardScenario({ connections: '10000', pipeline: '100000', batch: '100000', friends: '10000', 'server-processes': '1000', 'client-connections': '100000', ops: '10000000', users: '100000' });
    expect(edge).toMatchObject({ redisConnections: 10_000, pipeline: 100_000, batch: 100_000, friends: 10_000, serverProcesses: 1000, clientConnections: 100_000, measuredOps: 10_000_000, load: { users: 100_000 } });
    expect(leaderboardScenario({ players: '1e10' }).players).toBe(1e10);
    expect(() => leaderboardScenario({ players: '1.1e10' })).toThrow(/--players/);
    for (const op of ['mix', 'rank', 'around', 'friends', 'update']) expect(leaderboardScenario({ op }).op).toBe(op);
  });
});

describe('leaderboard charts', { timeout: 120_000 }, () => {
  const sc = (flags: Record<string, unknown>) => leaderboardScenario({ players: '1M', 'redis-rtt': '100us', ...flags });

  it('the law’s curve: the ceiling of C connections at depth P, over the commands one request sends', () => {
    const ceiling = (s: ReturnType<typeof sc>, c: number, p: number, friends = 10) => connectionLaw(params, { ...s, redisConnections: c, pipeline: p }, s.batch, friends).ceilingPerS;
    const rank = sc({ op: 'rank' });
    expect(lawCurve(params, rank, 1, [1, 4])).toEqual([
      { connections: 1, pipeline: 1, throughput: ceiling(rank, 1, 1), source: 'law' },
      { connections: 4, pipeline: 1, throughput: ceiling(rank, 4, 1), source: 'law' },
    ]);
    // around: two commands per request.
    const around = sc({ op: 'around' });
    expect(lawCurve(params, around, 8, [2])[0].throughput).toBeCloseTo(ceiling(around, 2, 8) / 2, 9);
    // friends: one ZREVRANK per friend.
    const friends = sc({ op: 'friends', friends: '4' });
    expect(lawCurve(params, friends, 1, [2])[0].throughput).toBeCloseTo(ceiling(friends, 2, 1, 4) / 4, 9);
    // update, batch 8: an eighth of a ZADD per request.
    const update = sc({ op: 'update', batch: '8' });
    expect(lawCurve(params, update, 1, [2])[0].throughput).toBeCloseTo(ceiling(update, 2, 1) * 8, 6);
    // mix, read share 0.25, batch 2: 0.25 × 2 + 0.75 ÷ 2 = 0.875 commands per request.
    const mix = sc({ op: 'mix', 'read-share': '0.25', batch: '2' });
    expect(lawCurve(params, mix, 1, [2])[0].throughput).toBeCloseTo(ceiling(mix, 2, 1) / 0.875, 6);
    // Without --friends the law takes params' friends per request.
    const friendsDefault = sc({ op: 'friends' });
    expect(lawCurve(params, friendsDefault, 1, [1])[0].throughput).toBe(ceiling(friendsDefault, 1, 1, params.load.friends.value));
  });

  it('simulated points never exceed the law without pipelining, and carry their settings', () => {
    const quick = structuredClone(params);
    quick.load.warmupOps.value = 200;
    const s = sc({ op: 'rank', users: '64' });
    const sim = simulatedCurve(quick, s, 1, [1, 4]);
    const law = lawCurve(quick, s, 1, [1, 4]);
    expect(sim.map((p) => [p.connections, p.pipeline, p.source])).toEqual([[1, 1, 'simulated'], [4, 1, 'simulated']]);
    for (let i = 0; i < 2; i++) {
      expect(sim[i].throughput).toBeLessThanOrEqual(law[i].throughput * 1.001);
      expect(sim[i].throughput).toBeGreaterThan(law[i].throughput * 0.5);
    }
    expect(sim[1].throughput).toBeGreaterThan(sim[0].throughput * 2);
  });

  it('the connections chart: log2 connections, a layer per source, depth 1 named as no pipelining', () => {
    const spec = connectionsChart([{ connections: 2, pipeline: 1, throughput: 10, source: 'law' }, { connections: 2, pipeline: 8, throughput: 20, source: 'measured' }], 'sub') as Record<string, any>;
    expect(spec.data.values.map((v: { depth: string }) => v.depth)).toEqual(['1 (no pipelining)', '8']);
    expect(spec.title.subtitle[0]).toBe('sub');
    expect(spec.layer.map((l: any) => l.transform[0].filter)).toEqual(["datum.source === 'law'", "datum.source === 'simulated'", "datum.source === 'measured'"]);
    expect(spec.layer[0].encoding.x).toMatchObject({ field: 'connections', scale: { type: 'log', base: 2 } });
    expect(spec.layer[0].encoding.y.field).toBe('throughput');
    expect(spec.layer[0].encoding.color.field).toBe('depth');
  });

  it('the memory chart: eight model points per decade with the encoding, the write-up’s bound, the threshold and measured runs', () => {
    const spec = memoryChart(params, 1000, [{ members: 500, bytesPerMember: 2 ** 20 / 1000 }]) as Record<string, any>;
    const values = spec.data.values as Array<Record<string, any>>;
    const model = values.filter((v) => v.kind === 'model');
    // e = 0 … 24: members round(10^(e/8)), from 1 to 1,000.
    expect(model.length).toBe(25);
    expect(model[0].members).toBe(1);
    expect(model[8].members).toBe(10);
    expect(model[24].members).toBe(1000);
    for (const v of model) expect(v).toEqual({ kind: 'model', members: v.members, mib: setMemory(params, v.members).setBytes / 2 ** 20, encoding: setMemory(params, v.members).encoding });
    expect(model.find((v) => v.members === 133)?.encoding).toBe('skiplist');
    expect(model.find((v) => v.members === 100)?.encoding).toBe('listpack');
    // 500 members at 2^20/1,000 bytes each: 0.5 MiB.
    expect(values.filter((v) => v.kind === 'measured')).toEqual([{ kind: 'measured', members: 500, mib: 0.5 }]);
    // 1 KiB per player: 1,000 players → 1000/1024 MiB.
    expect(values.filter((v) => v.kind === 'bound')).toEqual([{ kind: 'bound', members: 1000, mib: 1000 / 1024 }, { kind: 'bound', members: 1000, mib: 1000 / 1024 }]);
    expect(values.filter((v) => v.kind === 'threshold')).toEqual([{ kind: 'threshold', members: 128, label: 'listpack → skiplist above 128 members' }]);
    expect(spec.layer.length).toBe(5);
    expect(spec.layer[0].encoding.y).toMatchObject({ field: 'mib', scale: { type: 'log' } });
    expect(((memoryChart(params, 1e6) as any).data.values as any[]).filter((v: any) => v.kind === 'model').length).toBe(49);
  });

  it('`--chart` draws depths 1 and 8 (or 1 and the depth asked) over 1 … 128 connections, and memory to the players', () => {
    expect(CONNECTION_STEPS).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    const specs = leaderboardChartSpecs({ players: '500', op: 'rank', pipeline: '4', users: '32', ops: '200' });
    expect(specs.map((s) => s.caption)).toEqual(['throughput against connections, without and with pipelining', 'Redis memory against players, the encoding threshold marked']);
    const points = (specs[0].spec as any).data.values as Array<{ pipeline: number; source: string; connections: number }>;
    expect(points.length).toBe(32);
    expect([...new Set(points.map((p) => p.pipeline))]).toEqual([1, 4]);
    expect(points.filter((p) => p.source === 'law').map((p) => p.connections)).toEqual([...CONNECTION_STEPS, ...CONNECTION_STEPS]);
    expect((specs[0].spec as any).title.subtitle[0]).toBe('500 players, op rank, 32 users, MySQL connections = Redis connections');
    // Memory to at least 1,000 players: 25 model points for 500.
    expect(((specs[1].spec as any).data.values as any[]).filter((v) => v.kind === 'model').length).toBe(25);
  }, 120_000);
});

describe('leaderboard plan measures', () => {
  const v = { 'reads.rate': 100, 'writes.rate': 50, 'read_duration.p(95)': 3, 'write_duration.p(95)': 5, 'read_duration.p(99)': 9, 'write_duration.p(99)': 7 };

  it('throughput is reads + writes; latency the slower of read and write, or each alone', () => {
    const m = leaderboardPlan.metrics;
    expect(m.rps.value(v)).toBe(150);
    expect(m.p95.value(v)).toBe(5);
    expect(m.p99.value(v)).toBe(9);
    expect([m.read_p95.value(v), m.write_p95.value(v), m.read_p99.value(v), m.write_p99.value(v)]).toEqual([3, 5, 9, 7]);
    expect(m.rps.value({ 'reads.rate': 1 })).toBeNaN();
    expect(m.p95.value({})).toBeNaN();
    expect(m.read_p99.value({})).toBeNaN();
    expect(m.write_p95.value({})).toBeNaN();
    expect(m.p95.describe).toBe('the slower of read and write p(95) latency');
    expect(m.read_p99.describe).toBe('read (rank ±5) latency p(99) (read_duration.p(99))');
  });

  it('the bill: one server, one Redis node, one MySQL instance, on the profiles asked', () => {
    expect(leaderboardPlan.bill({ profile: ['app=local'] })).toEqual([
      { role: 'server', profile: 'local', count: 1 },
      { role: 'Redis node', profile: 'cache.r4.8xlarge', count: 1 },
      { role: 'MySQL instance', profile: 'i3.xlarge', count: 1 },
    ]);
  });
});

describe('leaderboard model card and predict', { timeout: 120_000 }, () => {
  it('the card: its flags, text, plan, schema, published file, blind metrics, and every parameter with its provenance', () => {
    const m = leaderboardModel;
    expect(m.name).toBe('leaderboard');
    expect(m.flags).toBe(leaderboardFlags);
    expect(m.text).toBe(leaderboardText);
    expect(m.plan).toBe(leaderboardPlan);
    expect([m.predictionSchema, m.published, LEADERBOARD_PUBLISHED_FILE]).toEqual(['models/leaderboard/prediction.schema.json', 'models/leaderboard/published.json', 'models/leaderboard/published.json']);
    expect(m.seed).toBe('seed write-up §4: real-time ranking for 100 million players');
    expect(m.title).toContain('100 M players');
    expect(m.description).toContain('models/leaderboard/README.md');
    expect(() => m.checkFlags!({ pipeline: '0' })).toThrow(UsageError);
    expect(m.checkFlags!({ pipeline: '8' })).toBeUndefined();
    const line = m.parameters!().find((l) => l.name === 'redis.commandUs')!;
    expect(line).toEqual({ name: 'redis.commandUs', value: `${params.redis.commandUs.value} ${params.redis.commandUs.unit}`, provenance: `${params.redis.commandUs.provenance.kind}: ${params.redis.commandUs.provenance.source}` });
  });

  it('an open loop far above capacity warns how many requests its backlog refused, and the text repeats it', () => {
    const quick = structuredClone(params);
    quick.load.warmupOps.value = 200;
    // One connection carries about 5,500 commands/s; 500,000/s offered fills the backlog within a second.
    const p = predictLeaderboard(leaderboardScenario({ ops: '300', rate: '5e5', op: 'rank', players: '1k', connections: '1', seed: '2' }), quick);
    expect(p.warnings).toHaveLength(1);
    expect(p.warnings[0]).toMatch(/^[1-9]\d* requests refused: the open loop's backlog reached its cap; the offered rate is far above capacity$/);
    expect(leaderboardText(p).split('\n').at(-1)).toBe(`  warning: ${p.warnings[0]}`);
    expect(p.summary.bottleneck).toBe(p.bottleneck.resource);
    expect(p.scenario.load).toEqual({ rate: 500_000 });
  });
});
