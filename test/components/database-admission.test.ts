import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatabaseAdmission, ER_CON_COUNT_ERROR, TOO_MANY_CONNECTIONS } from '../../src/components/index.js';
import { Simulation } from '../../src/engine/index.js';

describe('DatabaseAdmission', () => {
  it('refuses connection max_connections + 1 at once with 1040, keeping one slot for SUPER', () => {
    const sim = new Simulation(1);
    const db = new DatabaseAdmission(sim, { maxConnections: 3 });
    expect([db.connect(), db.connect(), db.connect(), db.connect()]).toEqual([true, true, true, false]);
    expect(db.connect(true)).toBe(true);
    expect(db.connect(true)).toBe(false);
    expect(db.stats()).toMatchObject({ admitted: 4, refused: 2, open: 4, maxOpen: 4 });
    db.disconnect();
    // The freed slot is the reserved one in effect: 3 remain, so a normal user is still refused.
    expect(db.connect()).toBe(false);
    db.disconnect();
    expect(db.connect()).toBe(true);
    expect(ER_CON_COUNT_ERROR).toBe(1040);
  });

  it('time-averages the open connections', () => {
    const sim = new Simulation(1);
    const db = new DatabaseAdmission(sim, { maxConnections: 10 });
    sim.at(0, () => db.connect());
    sim.at(50, () => db.connect());
    sim.at(75, () => db.disconnect());
    sim.run(100);
    // 1 open for 50, 2 for 25, 1 for 25 → 125 / 100.
    expect(db.stats(100).meanOpen).toBeCloseTo(1.25, 12);
    expect(db.stats(100).utilisation).toBeCloseTo(0.125, 12);
    expect(() => new DatabaseAdmission(sim, { maxConnections: 1.5 })).toThrow(RangeError);
  });

  it('never admits more than maxConnections normal users, nor more than max + reserved in all (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.constantFrom('connect', 'super', 'disconnect', 'disconnect-super'), { maxLength: 200 }),
        (maxConnections, superUserReserved, ops) => {
          const db = new DatabaseAdmission(new Simulation(1), { maxConnections, superUserReserved });
          let normal = 0;
          let superUsers = 0;
          let refused = 0;
          for (const op of ops) {
            if (op === 'connect' || op === 'super') {
              const isSuper = op === 'super';
              const full = normal + superUsers >= maxConnections + (isSuper ? superUserReserved : 0);
              const ok = db.connect(isSuper);
              expect(ok).toBe(!full);
              if (!ok) refused++;
              else if (isSuper) superUsers++;
              else normal++;
            } else if (op === 'disconnect' && normal > 0) {
              db.disconnect();
              normal--;
            } else if (op === 'disconnect-super' && superUsers > 0) {
              db.disconnect();
              superUsers--;
            }
            expect(normal).toBeLessThanOrEqual(maxConnections);
            expect(db.open).toBe(normal + superUsers);
            expect(db.open).toBeLessThanOrEqual(maxConnections + superUserReserved);
          }
          expect(db.stats().refused).toBe(refused);
        },
      ),
    );
  });

  it('refuses bad limits and a disconnect with nothing open; at t = 0 the mean is the open count', () => {
    const sim = new Simulation(1);
    expect(() => new DatabaseAdmission(sim, { maxConnections: -1 })).toThrow('maxConnections');
    expect(() => new DatabaseAdmission(sim, { maxConnections: 2, superUserReserved: -1 })).toThrow('superUserReserved');
    expect(() => new DatabaseAdmission(sim, { maxConnections: 2, superUserReserved: 0.5 })).toThrow('superUserReserved');
    const none = new DatabaseAdmission(sim, { maxConnections: 0, superUserReserved: 0 });
    expect(none.connect(true)).toBe(false);
    expect(() => none.disconnect()).toThrow('no open connection');
    expect(none.stats().utilisation).toBe(0);
    const db = new DatabaseAdmission(sim, { maxConnections: 4, superUserReserved: 2 });
    db.connect();
    db.connect();
    expect(db.stats()).toEqual({ admitted: 2, refused: 0, open: 2, maxOpen: 2, meanOpen: 2, utilisation: 0.5 });
    expect(TOO_MANY_CONNECTIONS).toBe('Too many connections');
  });
});
