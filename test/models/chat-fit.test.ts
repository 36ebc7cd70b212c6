import { afterAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CHAT_PUBLISHED_FILE, fitChat, saveChatFit, type ChatFit } from '../../models/chat/fit.js';
import { CHAT_PARAMS_FILE, loadChatParams } from '../../models/chat/params.js';
import { loadPublished } from '../../src/analysis/published.js';
import { projectPath } from '../../src/config/project-root.js';

// `capsim fit chat` in this process (test/cli runs it in a child, which per-test coverage cannot
// see): the fit meets the two published figures it is fitted to, and saving writes the fitted
// values with their provenance into a copy of params.json, leaving the rest of the file alone.

const published = loadPublished(CHAT_PUBLISHED_FILE).cases;
const target = (k: string): number => published.find((c) => c.case === k)!.published!['ws_msgs_received.count'];
const dir = mkdtempSync(join(tmpdir(), 'capsim-chat-fit-'));
// params files are named relative to the project root.
const copy = relative(projectPath(), join(dir, 'params.json'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('capsim fit chat, in process', () => {
  it('fits the Fargate core to case a and the payload to case c, each within 0.1%, in three logged rounds', { timeout: 600_000 }, () => {
    const lines: string[] = [];
    const fit = fitChat((l) => lines.push(l));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(`round 3: fargate-1vcpu speed ${fit.fargateSpeed}, payload ${fit.payloadBytes} bytes`);
    for (const k of ['a', 'c'] as const) {
      const r = fit.residuals[k];
      expect(r.published).toBe(target(k));
      expect(r.errorPct).toBe(+((100 * (r.predicted - r.published)) / r.published).toFixed(2));
      expect(Math.abs(r.errorPct)).toBeLessThan(0.1);
    }
    // The speed is kept to four decimals, the payload to whole bytes.
    expect(fit.fargateSpeed).toBe(+fit.fargateSpeed.toFixed(4));
    expect(Number.isInteger(fit.payloadBytes)).toBe(true);
    // On the committed data the fit gives back the committed values (as `capsim fit chat` must).
    const committed = loadChatParams();
    expect([fit.fargateSpeed, fit.payloadBytes]).toEqual([committed.app.cpuSpeed['fargate-1vcpu'].value, committed.message.payloadBytes.value]);
  });

  it('saving writes the two fitted values with provenance naming the case, the figure and the residual', () => {
    copyFileSync(projectPath(CHAT_PARAMS_FILE), projectPath(copy));
    const before = loadChatParams(copy);
    const fit: ChatFit = {
      fargateSpeed: 0.4321,
      payloadBytes: 1234,
      residuals: { a: { published: 50_000, predicted: 50_010, errorPct: 0.02 }, c: { published: 20_000, predicted: 19_990, errorPct: -0.05 } },
    };
    saveChatFit(fit, copy);
    const after = loadChatParams(copy);
    expect(after.app.cpuSpeed['fargate-1vcpu']).toMatchObject({
      value: 0.4321,
      provenance: { kind: 'fitted', fittedTo: ['seed chat case a: ws_msgs_received.count 50,000'], residual: 'case a: ws_msgs_received.count published 50000, predicted 50010 (0.02%)' },
    });
    expect(after.message.payloadBytes).toMatchObject({
      value: 1234,
      unit: 'bytes per chat message',
      provenance: { kind: 'fitted', fittedTo: ['seed chat case c: ws_msgs_received.count 20,000'], residual: 'case c: ws_msgs_received.count published 20000, predicted 19990 (-0.05%)' },
    });
    expect(after.app.cpuSpeed['fargate-1vcpu'].provenance.source).toMatch(/^capsim fit chat: bisection on the simulated run of seed case a/);
    expect(after.message.payloadBytes.provenance.source).toMatch(/^capsim fit chat: bisection on the simulated run of seed case c/);
    // Nothing else moved.
    const rest = (p: typeof before) => ({ ...p, app: { ...p.app, cpuSpeed: { ...p.app.cpuSpeed, 'fargate-1vcpu': null } }, message: { ...p.message, payloadBytes: null } });
    expect(rest(after)).toEqual(rest(before));
    // The committed file is untouched.
    expect(readFileSync(projectPath(CHAT_PARAMS_FILE), 'utf8')).not.toContain('0.4321');
  });
});
