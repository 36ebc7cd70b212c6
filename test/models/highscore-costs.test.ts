import { describe, expect, it } from 'vitest';
import { apiCpuNs, documentBytes, ENDPOINTS, itemsAt, meanApiCpuMs, METHOD, requestCosts, storeCpuNs, tokenCosts } from '../../models/highscore/costs.js';
import { loadHighscoreParams, type HighscoreParams } from '../../models/highscore/params.js';

// A request's path through a uvicorn worker and the document store, by the model's own law
// (models/highscore/costs.ts): worked by hand with round costs, so a changed formula shows here
// whatever the fitted values become.

/** Request 100 µs (half before, half after), DPoP 30, a DB call 10, 2 per item in Python; store 20 per op, 4 per KiB, 6 per KiB in place, 1,000 more per rmw UPDATE past 3 KiB; 1 KiB + 512 B per item. */
function roundParams(): HighscoreParams {
  const p = structuredClone(loadHighscoreParams());
  p.api.requestUs.value = 100;
  p.api.dpopUs.value = 30;
  p.api.dbCallUs.value = 10;
  p.api.itemUs.value = 2;
  p.docstore.opUs.value = 20;
  p.docstore.usPerKB.value = 4;
  p.docstore.inPlaceUsPerKB.value = 6;
  p.document.baseBytes.value = 1024;
  p.document.itemBytes.value = 512;
  p.docstore.largeDocKiB.value = 3;
  p.docstore.largeDocUs.value = 1000;
  return p;
}

describe('highscore request costs', () => {
  const p = roundParams();

  it('the task set’s requests in order; add finds N items, edit and delete the added one too', () => {
    expect(ENDPOINTS).toEqual(['add', 'edit', 'delete']);
    expect(ENDPOINTS.map((e) => METHOD[e])).toEqual(['POST', 'PATCH', 'DELETE']);
    expect(ENDPOINTS.map((e) => itemsAt(5, e))).toEqual([5, 6, 6]);
    expect(documentBytes(p, 2)).toBe(2048);
    expect(documentBytes(p, 0)).toBe(1024);
  });

  it('read-modify-write: SELECT brings the document to Python, UPDATE sends it back whole', () => {
    // add at 2 items: 2 KiB. Before: 50 + 30 + 10 µs. SELECT: store 20 + 4 × 2, reply 2 × 2 + 10;
    // UPDATE: store 20 + 2 × 4 × 2 (parse and rewrite). After: 50.
    expect(requestCosts(p, 'read-modify-write', 2, 'add')).toEqual({
      beforeNs: 90_000,
      commands: [
        { storeNs: 28_000, replyNs: 14_000 },
        { storeNs: 36_000, replyNs: 0 },
      ],
      afterNs: 50_000,
      bytesToApi: 2048,
      bytesToStore: 2048,
      itemsInPython: 2,
    });
    // edit at 2 items finds 3: 2.5 KiB; SELECT store 30, reply 16; UPDATE 40.
    const edit = requestCosts(p, 'read-modify-write', 2, 'edit');
    expect(edit.commands).toEqual([{ storeNs: 30_000, replyNs: 16_000 }, { storeNs: 40_000, replyNs: 0 }]);
    expect(edit.itemsInPython).toBe(3);
    expect(edit.bytesToApi).toBe(2560);
  });

  it('read-modify-write past docstore.largeDocKiB: the UPDATE alone pays largeDocUs more, at the threshold it does not', () => {
    // add at 4 items: exactly 3 KiB, not past it: SELECT 20 + 4 × 3, UPDATE 20 + 8 × 3.
    expect(requestCosts(p, 'read-modify-write', 4, 'add').commands.map((c) => c.storeNs)).toEqual([32_000, 44_000]);
    // edit at 4 items finds 5: 3.5 KiB, past it: SELECT 20 + 14 (unchanged), UPDATE 20 + 28 + 1,000.
    expect(requestCosts(p, 'read-modify-write', 4, 'edit').commands.map((c) => c.storeNs)).toEqual([34_000, 1_048_000]);
    // In place has no step: 20 + 6 × 3.5.
    expect(storeCpuNs(requestCosts(p, 'in-place', 4, 'edit'))).toBe(41_000);
  });

  it('in place: one UPDATE with an operator, its own cost per KiB, nothing over the wire or through Python', () => {
    // edit at 2 items: 2.5 KiB × 6 + 20 = 35 µs at the store.
    expect(requestCosts(p, 'in-place', 2, 'edit')).toEqual({ beforeNs: 90_000, commands: [{ storeNs: 35_000, replyNs: 0 }], afterNs: 50_000, bytesToApi: 0, bytesToStore: 0, itemsInPython: 0 });
  });

  it('POST /token: parse and DPoP, no store command', () => {
    expect(tokenCosts(p)).toEqual({ beforeNs: 80_000, commands: [], afterNs: 50_000, bytesToApi: 0, bytesToStore: 0, itemsInPython: 0 });
    expect(apiCpuNs(tokenCosts(p))).toBe(130_000);
    expect(storeCpuNs(tokenCosts(p))).toBe(0);
  });

  it('CPU per request on each side, and the API’s mean over a round', () => {
    const add = requestCosts(p, 'read-modify-write', 2, 'add');
    expect(apiCpuNs(add)).toBe(154_000);
    expect(storeCpuNs(add)).toBe(64_000);
    // add 154 µs, edit and delete 156 each: 155.33 µs; on a core twice as fast, half.
    expect(meanApiCpuMs(p, { update: 'read-modify-write', docItems: 2 })).toBeCloseTo(0.155333, 6);
    expect(meanApiCpuMs(p, { update: 'read-modify-write', docItems: 2 }, 2)).toBeCloseTo(0.0776667, 6);
    // In place: 140 µs for each.
    expect(meanApiCpuMs(p, { update: 'in-place', docItems: 2 })).toBeCloseTo(0.14, 9);
  });
});
