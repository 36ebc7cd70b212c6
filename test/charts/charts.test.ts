import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findModel } from '../../models/index.js';
import type { Prediction } from '../../models/registry.js';
import { SWEEP_CHART_KINDS, SWEEP_CHARTS, TIMELINE, stackCharts } from '../../src/charts/index.js';
import { FontMetrics } from '../../src/charts/font-metrics.js';
import { inlineSvg } from '../../src/charts/html.js';
import { renderSvg, svgToPng } from '../../src/charts/render.js';
import { joinNames, resourceLabels } from '../../src/charts/sweep-rows.js';
import { saturationPoints } from '../../src/charts/capacity.js';
import { curvesOf } from '../../src/charts/sweep-rows.js';
import { writeCharts } from '../../src/charts/write.js';
import { UsageError } from '../../src/cli/usage-error.js';
import type { SweepResult } from '../../src/sweep/result.js';
import { runSweep } from '../../src/sweep/sweep.js';

const chat = findModel('chat')!;
const hints = chat.charts!;
let sweep: SweepResult;
let prediction: Prediction;

beforeAll(async () => {
  sweep = await runSweep(chat, { users: '5,40,120', tasks: '1,2', iterations: '1', session: '6s' }, { replications: 2, confidence: 0.95, workers: 1 });
  prediction = chat.predict({ users: '30', iterations: '2', session: '3s', seed: '1' });
}, 240_000);

afterEach(() => vi.restoreAllMocks());

/** Marks vega drew: paths and symbols inside groups of role "mark" (axes and legends excluded). */
function markCount(svg: string, type: string): number {
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs');
  let n = 0;
  for (const m of svg.matchAll(re)) n += (m[1].match(/<(path|line|text)\b/g) ?? []).length;
  return n;
}

describe('chart specs compile and render as SVG with marks', () => {
  it.each(SWEEP_CHART_KINDS)('%s (sweep)', async (kind) => {
    const warn = vi.spyOn(console, 'warn');
    const svg = await renderSvg(SWEEP_CHARTS[kind].build(sweep, hints));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(markCount(svg, 'line')).toBeGreaterThan(0);
    expect(svg).toContain('users in the room (k6 VUs)');
    expect(svg).toContain('tasks = 2');
    expect(warn).not.toHaveBeenCalled(); // vega-lite warns about conflicting or misspelt properties
  });

  it('the capacity chart marks where a resource saturates and names it', async () => {
    const svg = await renderSvg(SWEEP_CHARTS.capacity.build(sweep, hints));
    expect(markCount(svg, 'rule')).toBeGreaterThan(0);
    expect(svg).toMatch(/>app task 1 CPU</);
    expect(svg).toContain('messages per second');
  });

  it('the utilisation chart dots the bottleneck and draws replicas as one line', async () => {
    const svg = await renderSvg(SWEEP_CHARTS.utilisation.build(sweep, hints));
    expect(markCount(svg, 'symbol')).toBeGreaterThan(0);
    expect(svg).toContain('app task n CPU (busiest)');
    expect(svg).not.toContain('app task 2 CPU');
  });

  it('timeline (one prediction): sent, received, backlog, NIC and CPU credits over seconds', async () => {
    const warn = vi.spyOn(console, 'warn');
    const svg = await renderSvg(TIMELINE.build(prediction, hints));
    expect(markCount(svg, 'line')).toBeGreaterThanOrEqual(5);
    for (const text of ['messages sent per second', 'received (ws_msgs_received)', 'app backlog', 'Redis network credits', 'Redis CPU credits', 'seconds since the test started']) expect(svg).toContain(text);
    expect(warn).not.toHaveBeenCalled();
  });

  it('several charts stack into one SVG', async () => {
    const svg = await renderSvg(stackCharts(SWEEP_CHART_KINDS.map((k) => SWEEP_CHARTS[k].build(sweep, hints))));
    expect(svg).toContain('capacity');
    expect(svg).toContain('utilisation per resource');
  });

  it('a sweep that does not vary the load flag cannot be drawn against it', async () => {
    const flat = await runSweep(chat, { users: '5', tasks: '1,2', iterations: '1', session: '1s' }, { replications: 1, confidence: 0.95, workers: 1 });
    expect(() => SWEEP_CHARTS.capacity.build(flat, hints)).toThrow(UsageError);
  });
});

describe('PNG and HTML', () => {
  it('PNG: the signature, twice the SVG size, and more than a blank page', async () => {
    const svg = await renderSvg(SWEEP_CHARTS.capacity.build(sweep, hints));
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(png.readUInt32BE(16)).toBe(2 * width);
    expect(png.length).toBeGreaterThan(30_000);
  });

  it('HTML is self-contained: inline SVG, unique ids, nothing to fetch', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'capsim-chart-')), 'c.html');
    await writeCharts(SWEEP_CHART_KINDS.map((k) => ({ spec: SWEEP_CHARTS[k].build(sweep, hints), caption: k })), file, 'test');
    const html = readFileSync(file, 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(ref[1]);
  });

  it('inlineSvg prefixes ids and their references', () => {
    const svg = '<svg a="1"><clipPath id="clip1"></clipPath><g clip-path="url(#clip1)"></g><use href="#clip1"/></svg>';
    expect(inlineSvg(svg, 'x')).toBe('<svg role="img" a="1"><clipPath id="x-clip1"></clipPath><g clip-path="url(#x-clip1)"></g><use href="#x-clip1"/></svg>');
  });
});

describe('chart helpers', () => {
  it('text is measured with the shipped font: narrow letters are narrow', () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const font = new FontMetrics(join(dir, 'DejaVuSans.ttf'));
    expect(font.width('M', 1000)).toBeGreaterThan(700);
    expect(font.width('M', 1000)).toBeLessThan(1000);
    expect(font.width('iiii', 10)).toBeLessThan(font.width('WWWW', 10) / 2);
    expect(font.width('ab', 12)).toBeCloseTo(font.width('a', 12) + font.width('b', 12), 9);
  });

  it('joinNames folds numbered replicas into a range', () => {
    expect(joinNames(['app task 1 CPU', 'app task 2 CPU', 'app task 3 CPU'])).toBe('app task 1–3 CPU');
    expect(joinNames(['app task 1 CPU', 'app task 3 CPU', 'Redis egress'])).toBe('app task 1, 3 CPU + Redis egress');
    expect(joinNames(['Redis egress'])).toBe('Redis egress');
  });

  it('resource labels: replicas share one, singletons keep their name', () => {
    const labels = resourceLabels(sweep);
    expect(labels.get('app task 1 CPU')).toBe('app task n CPU (busiest)');
    expect(labels.get('Redis egress')).toBe('Redis egress');
  });

  it('saturation points are the lowest load with saturation in at least half the runs', () => {
    const curves = curvesOf(sweep, hints);
    for (const s of saturationPoints(curves)) {
      const group = curves.groups.find((g) => g.label === s.group)!;
      const lower = group.points.filter((p) => p.x < s.x);
      for (const name of s.label.split(' + ')) {
        if (name.includes('–')) continue;
        for (const p of lower) expect(p.point.resources.find((r) => r.name === name)?.saturatedShare ?? 0).toBeLessThan(0.5);
      }
    }
  });
});
