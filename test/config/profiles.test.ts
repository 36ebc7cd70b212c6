import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BURST_SECONDS,
  defaultCreditCapacityGbit,
  listProfileNames,
  listProfiles,
  loadProfile,
  numericFieldPaths,
  parseProfile,
  resolveNetwork,
  UnknownProfileError,
  type Profile,
} from '../../src/config/profiles.js';
import { projectPath } from '../../src/config/project-root.js';
import { ValidationError } from '../../src/config/schema.js';

const EXPECTED_NAMES = [
  'c5.2xlarge',
  'cache.r4.8xlarge',
  'cache.t4g.medium',
  'cache.t4g.small',
  'fargate-1vcpu',
  'i3.xlarge',
  'local',
  'local-burstable',
  'local-burstable-micro',
  't3.small',
  't4g.medium',
];
const BURSTABLE = ['cache.t4g.small', 'cache.t4g.medium', 't3.small', 't4g.medium'];

/** The raw JSON of a profile file, as a mutable object to break in tests. */
function raw(name: string): Record<string, any> {
  return JSON.parse(readFileSync(projectPath('models/profiles', `${name}.json`), 'utf8')) as Record<string, any>;
}

/** Independent of the loader: every number or null leaf outside `provenance`. */
function leafNumbers(value: unknown, path: string[] = []): string[] {
  if (typeof value === 'number' || value === null) return [path.join('.')];
  if (typeof value !== 'object') return [];
  return Object.entries(value as object).flatMap(([k, v]) =>
    path.length === 0 && k === 'provenance' ? [] : leafNumbers(v, [...path, k]),
  );
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}

describe('profile files', () => {
  it('are exactly the expected set', () => {
    expect(listProfileNames()).toEqual(EXPECTED_NAMES);
    expect(listProfiles().map((p) => p.name)).toEqual(EXPECTED_NAMES);
  });

  it.each(EXPECTED_NAMES)('%s validates, is named after its file, and has provenance for every numeric field', (name) => {
    const p = loadProfile(name);
    expect(p.name).toBe(name);
    const numeric = leafNumbers(raw(name));
    expect(numeric.length).toBeGreaterThanOrEqual(4);
    expect(numericFieldPaths(p).sort()).toEqual([...numeric].sort());
    for (const path of numeric) {
      expect(p.provenance[path], `${name}: provenance for ${path}`).toBeDefined();
      expect(p.provenance[path]!.source.length).toBeGreaterThan(10);
    }
  });
});

describe('figures match the reference table of models/profiles/README.md', () => {
  const table: [string, number, number, number, number][] = [
    // name, vcpus, memoryGiB, baseline Gbit/s, burst Gbit/s
    ['cache.t4g.small', 2, 1.37, 0.128, 5.0],
    ['cache.t4g.medium', 2, 3.09, 0.256, 5.0],
    ['cache.r4.8xlarge', 32, 203, 10, 10],
    ['t3.small', 2, 2, 0.128, 5.0],
    ['t4g.medium', 2, 4, 0.256, 5.0],
    ['c5.2xlarge', 8, 16, 2.5, 10.0],
    ['i3.xlarge', 4, 30.5, 1.25, 10.0],
  ];
  it.each(table)('%s: %d vCPU, %d GiB, %d / %d Gbit/s', (name, vcpus, mem, base, burst) => {
    const p = loadProfile(name);
    expect([p.vcpus, p.memoryGiB, p.network.baselineGbps, p.network.burstGbps]).toEqual([vcpus, mem, base, burst]);
    for (const f of ['vcpus', 'memoryGiB', 'network.baselineGbps', 'network.burstGbps']) {
      expect(p.provenance[f]!.kind, `${name} ${f}`).toBe('published');
    }
  });

  it('cache.r4.8xlarge records the 12 Gbit/s ElastiCache figure beside the 10 Gbit/s EC2 one', () => {
    const prov = loadProfile('cache.r4.8xlarge').provenance['network.baselineGbps']!;
    expect(`${prov.source} ${prov.note}`).toMatch(/12/);
  });

  it('burstable types, and only they, carry CPU credits 20%/vCPU, 24/h, max 576', () => {
    for (const p of listProfiles()) {
      if (BURSTABLE.includes(p.name)) {
        expect(p.cpuCredits, p.name).toEqual({ baselinePerVcpu: 0.2, creditsPerHour: 24, maxCredits: 576 });
        // One credit = one vCPU-minute at 100%; the bucket holds 24 h of earnings.
        expect(p.vcpus * p.cpuCredits!.baselinePerVcpu * 60).toBeCloseTo(p.cpuCredits!.creditsPerHour, 9);
        expect(p.cpuCredits!.maxCredits).toBe(24 * p.cpuCredits!.creditsPerHour);
      } else if (p.name === 'local-burstable') {
        // One t3.small vCPU emulated on a local core (cgroup quota): half the instance's credits.
        expect([p.vcpus, p.cpuCredits]).toEqual([1, { baselinePerVcpu: 0.2, creditsPerHour: 12, maxCredits: 288 }]);
      } else if (p.name === 'local-burstable-micro') {
        // One t3.micro vCPU (10%/vCPU, 12 credits/h and 288 at most for its 2 vCPUs): half of those.
        expect([p.vcpus, p.cpuCredits]).toEqual([1, { baselinePerVcpu: 0.1, creditsPerHour: 6, maxCredits: 144 }]);
        expect(p.cpuCredits!.baselinePerVcpu * 60).toBeCloseTo(p.cpuCredits!.creditsPerHour, 9);
      } else {
        expect(p.cpuCredits, p.name).toBeUndefined();
      }
    }
  });

  it('kinds: ElastiCache nodes are cache, Fargate is container, the rest compute', () => {
    for (const p of listProfiles()) {
      const kind = p.name.startsWith('cache.') ? 'cache' : p.name.startsWith('fargate') ? 'container' : 'compute';
      expect(p.kind, p.name).toBe(kind);
    }
  });

  it('fargate-1vcpu: 1 vCPU, 2 GiB, network unknown (null) with a generous assumed bandwidth', () => {
    const p = loadProfile('fargate-1vcpu');
    expect([p.vcpus, p.memoryGiB]).toEqual([1, 2]);
    expect(p.network.baselineGbps).toBeNull();
    expect(p.network.burstGbps).toBeNull();
    expect(p.network.assumedGbps).toBeGreaterThanOrEqual(1);
    expect(p.network.note).toMatch(/publishes no network bandwidth/i);
    expect(p.provenance['network.baselineGbps']!.kind).not.toBe('published');
    expect(p.provenance['network.assumedGbps']!.kind).toBe('assumed');
  });

  it('local: 2 cores, 24 GiB, cpuSpeed 1 measured here, loopback network effectively unbounded', () => {
    const p = loadProfile('local');
    expect([p.vcpus, p.memoryGiB, p.cpuSpeed]).toEqual([2, 24, 1]);
    expect(p.provenance['vcpus']!.kind).toBe('measured');
    expect(p.provenance['cpuSpeed']!.kind).toBe('measured');
    expect(p.network.baselineGbps).toBeGreaterThanOrEqual(100);
    expect(p.network.note).toMatch(/loopback/i);
    expect(p.network.note).toMatch(/unbounded/i);
  });

  it('cloud cpuSpeed is 1 and marked assumed (not published)', () => {
    for (const p of listProfiles().filter((q) => !q.name.startsWith('local'))) {
      expect(p.cpuSpeed, p.name).toBe(1);
      expect(p.provenance['cpuSpeed']!.kind, p.name).toBe('assumed');
    }
  });

  it('a burst bucket exists exactly when burst > baseline, sized by the documented default', () => {
    let withBucket = 0;
    for (const p of listProfiles()) {
      const { baselineGbps, burstGbps, creditCapacityGbit, initialCredit } = p.network;
      expect(initialCredit, p.name).toBe('full');
      if (baselineGbps !== null && burstGbps !== null && burstGbps > baselineGbps) {
        withBucket++;
        expect(creditCapacityGbit, p.name).toBeCloseTo(defaultCreditCapacityGbit(baselineGbps, burstGbps), 6);
        expect(p.provenance['network.creditCapacityGbit']!.kind, p.name).toBe('assumed');
      } else {
        expect(creditCapacityGbit, p.name).toBeUndefined();
      }
    }
    expect(withBucket).toBe(6);
    expect(defaultCreditCapacityGbit(0.128, 5)).toBeCloseTo((5 - 0.128) * DEFAULT_BURST_SECONDS, 9);
    expect(DEFAULT_BURST_SECONDS).toBe(300);
  });
});

describe('loader behaviour', () => {
  it('unknown name throws UnknownProfileError naming every known profile', () => {
    const err = errorOf(() => loadProfile('m5.large'));
    expect(err).toBeInstanceOf(UnknownProfileError);
    expect((err as UnknownProfileError).known).toEqual(EXPECTED_NAMES);
    expect(err.message).toContain('"m5.large"');
    for (const name of EXPECTED_NAMES) expect(err.message).toContain(name);
  });

  it('names that are not profile files are unknown, not opened (schema, path traversal)', () => {
    expect(() => loadProfile('profile.schema')).toThrow(UnknownProfileError);
    expect(() => loadProfile('../../package')).toThrow(UnknownProfileError);
  });

  it('returns the same deeply frozen object on every call', () => {
    const p = loadProfile('t3.small');
    expect(loadProfile('t3.small')).toBe(p);
    expect(() => {
      (p.network as { baselineGbps: number }).baselineGbps = 1;
    }).toThrow(TypeError);
    expect(p.network.baselineGbps).toBe(0.128);
  });

  it('resolveNetwork fills unknowns from assumedGbps and sizes the initial credit', () => {
    expect(resolveNetwork(loadProfile('fargate-1vcpu'))).toEqual({
      baselineGbps: 10,
      burstGbps: 10,
      creditCapacityGbit: 0,
      initialCreditGbit: 0,
      assumed: true,
    });
    const t3 = resolveNetwork(loadProfile('t3.small'));
    expect(t3.assumed).toBe(false);
    expect(t3.creditCapacityGbit).toBeCloseTo(1461.6, 6);
    expect(t3.initialCreditGbit).toBe(t3.creditCapacityGbit);
    const empty = resolveNetwork({ ...loadProfile('t3.small'), network: { ...loadProfile('t3.small').network, initialCredit: 'empty' } });
    expect(empty.initialCreditGbit).toBe(0);
    const some = resolveNetwork({ ...loadProfile('t3.small'), network: { ...loadProfile('t3.small').network, initialCredit: 100 } });
    expect(some.initialCreditGbit).toBe(100);
    expect(resolveNetwork(loadProfile('cache.r4.8xlarge')).creditCapacityGbit).toBe(0);
  });
});

describe('invalid profiles fail with one readable line naming file and field', () => {
  const WHAT = 'models/profiles/broken.json';
  const failure = (data: unknown, expectedName?: string): ValidationError => {
    const err = errorOf(() => parseProfile(data, WHAT, expectedName));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).not.toContain('\n');
    expect(err.message.startsWith(`${WHAT}: `)).toBe(true);
    return err as ValidationError;
  };

  it('the unbroken file parses (the mutations below are what fails)', () => {
    expect(parseProfile(raw('cache.t4g.small'), WHAT, 'cache.t4g.small').name).toBe('cache.t4g.small');
  });

  it('missing nested field', () => {
    const data = raw('cache.t4g.small');
    delete data['network']['baselineGbps'];
    const err = failure(data);
    expect(err.message).toBe(`${WHAT}: network.baselineGbps: required field is missing`);
    expect(err.field).toBe('network.baselineGbps');
  });

  it('missing top-level field', () => {
    const data = raw('c5.2xlarge');
    delete data['vcpus'];
    expect(failure(data).message).toBe(`${WHAT}: vcpus: required field is missing`);
  });

  it('wrong type quotes the value', () => {
    const data = raw('c5.2xlarge');
    data['vcpus'] = '8';
    expect(failure(data).message).toBe(`${WHAT}: vcpus: must be integer, got "8"`);
  });

  it('unknown field', () => {
    const data = raw('c5.2xlarge');
    data['network']['burstGBps'] = 10;
    expect(failure(data).message).toBe(`${WHAT}: network.burstGBps: unknown field (not allowed by the schema)`);
  });

  it('bad enum and bad anyOf list the alternatives', () => {
    const kind = raw('c5.2xlarge');
    kind['kind'] = 'vm';
    expect(failure(kind).message).toBe(`${WHAT}: kind: must be one of "compute", "cache", "container", got "vm"`);
    const credit = raw('c5.2xlarge');
    credit['network']['initialCredit'] = 'half';
    const msg = failure(credit).message;
    expect(msg).toMatch(/^models\/profiles\/broken\.json: network\.initialCredit: .*"full".*"empty".* or must be number, got "half"$/);
  });

  it('bad provenance entry names the entry', () => {
    const data = raw('t3.small');
    data['provenance']['cpuSpeed']['kind'] = 'guessed';
    expect(failure(data).message).toMatch(/: provenance\.cpuSpeed\.kind: must be one of .*"assumed".*got "guessed"$/);
    const dotted = raw('t3.small');
    dotted['provenance']['network.burstGbps']['source'] = '';
    expect(failure(dotted).message).toBe(`${WHAT}: provenance["network.burstGbps"].source: must NOT have fewer than 1 characters, got ""`);
  });

  it('a null bandwidth without assumedGbps', () => {
    const data = raw('fargate-1vcpu');
    delete data['network']['assumedGbps'];
    expect(failure(data).message).toBe(`${WHAT}: network.assumedGbps: required field is missing`);
  });

  it('name differing from the file name', () => {
    expect(failure(raw('t3.small'), 't3.medium').message).toBe(
      `${WHAT}: name: must equal the file name "t3.medium", got "t3.small"`,
    );
  });

  it.each(EXPECTED_NAMES)('%s: dropping the provenance of any numeric field fails', (name) => {
    const paths = leafNumbers(raw(name));
    for (const path of paths) {
      const data = raw(name);
      delete data['provenance'][path];
      const err = failure(data);
      expect(err.field).toBe(path.includes('.') ? `provenance[${JSON.stringify(path)}]` : `provenance.${path}`);
      expect(err.message).toContain('missing: every numeric field needs a provenance entry');
    }
  });

  it('a numeric field added to an optional slot needs provenance too', () => {
    const data = raw('c5.2xlarge');
    data['network']['initialCredit'] = 50;
    expect(failure(data).field).toBe('provenance["network.initialCredit"]');
    data['provenance']['network.initialCredit'] = { kind: 'assumed', source: 'test' };
    expect(parseProfile(data, WHAT).network.initialCredit).toBe(50);
  });

  it('provenance for a field that does not exist', () => {
    const data = raw('c5.2xlarge');
    data['provenance']['network.creditCapacityGbits'] = { kind: 'assumed', source: 'typo' };
    expect(failure(data).message).toBe(`${WHAT}: provenance["network.creditCapacityGbits"]: names no field of this profile`);
  });

  it('network invariants: burst below baseline, missing bucket, initial credit above capacity', () => {
    const low = raw('c5.2xlarge');
    low['network']['burstGbps'] = 1;
    expect(failure(low).message).toBe(`${WHAT}: network.burstGbps: must be >= network.baselineGbps (1 < 2.5)`);
    const noBucket = raw('c5.2xlarge');
    delete noBucket['network']['creditCapacityGbit'];
    delete noBucket['provenance']['network.creditCapacityGbit'];
    expect(failure(noBucket).message).toBe(`${WHAT}: network.creditCapacityGbit: required when burstGbps > baselineGbps`);
    const over = raw('c5.2xlarge');
    over['network']['initialCredit'] = 1e6;
    over['provenance']['network.initialCredit'] = { kind: 'assumed', source: 'test' };
    expect(failure(over).field).toBe('network.initialCredit');
  });

  it('all profiles are valid Profile values for the type checker too', () => {
    const p: Profile = loadProfile('local');
    expect(p.provenance).toBeTypeOf('object');
  });
});
