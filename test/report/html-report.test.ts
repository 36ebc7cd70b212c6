import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { projectPath } from '../../src/config/project-root.js';
import { generateReports } from '../../src/report/generate.js';
import { REGISTRY } from '../../models/index.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, which .ci/run installs (scripts/ensure-chromium.sh) before npm test. Under CI
 * (CI=true) a missing browser fails the run; elsewhere the test is skipped with the command to run.
 */
const ready = existsSync(CHROMIUM);
if (!ready && process.env.CI) throw new Error(`${CHROMIUM} is missing: CI must run scripts/ensure-chromium.sh before npm test (.ci/run does)`);
if (!ready) console.warn(`SKIPPED the browser test of the HTML report: ${CHROMIUM} is missing; run scripts/ensure-chromium.sh`);

describe.skipIf(!ready)('the HTML report, opened in headless Chromium as a person would', () => {
  let browser: Browser;
  let out: string;

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'capsim-report-'));
    // The report as `capsim report` writes it, over a small grid so the test stays quick.
    await generateReports({ registry: REGISTRY, outDir: out, replications: 2, workers: 1, seed: '1', sweepOverride: { users: '5,40,120', iterations: '1', session: '3s', vus: '10,40', 'max-connections': '10,150', duration: '5s', 'max-users': '2000' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function visit(indexFile: string, screenshot?: string) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(pathToFileURL(indexFile).href);
    await expect(page.title()).resolves.toBe('capsim reports');
    await page.getByRole('link', { name: 'chat', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toBe('capsim report: chat');

    const charts = await page.$$eval('figure.chart', (figures) =>
      figures.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        const marks = svg ? [...svg.querySelectorAll('.role-mark')].filter((g) => !g.closest('.role-axis, .role-legend')) : [];
        const drawn = marks.flatMap((g) => [...g.querySelectorAll('path, line, text')]).filter((el) => {
          const b = (el as SVGGraphicsElement).getBBox();
          return b.width > 0 || b.height > 0;
        });
        return { id: f.id, width: box?.width ?? 0, height: box?.height ?? 0, drawn: drawn.length };
      }),
    );
    expect(charts.map((c) => c.id)).toEqual(['capacity', 'delivery', 'utilisation', 'timeline-a', 'timeline-b', 'timeline-c', 'timeline-d']);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.height, c.id).toBeGreaterThan(200);
      expect(c.drawn, `${c.id} has marks`).toBeGreaterThan(0);
    }
    // Blind cases are marked as blind in the published-vs-predicted table.
    expect(await page.locator('tr.blind').count()).toBeGreaterThan(0);
    expect(await page.locator('tr.blind').first().textContent()).toMatch(/\(blind\)/);
    expect(await page.locator('h2').allTextContents()).toEqual(expect.arrayContaining(['Published vs predicted', 'Local validation (calibration runs)', 'Capacity sweep', 'One run over time']));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await context.close();
  }

  it('renders, every chart has marks, no console errors, no network requests', async () => {
    await visit(join(out, 'index.html'), join(out, 'chat.png'));
    // The page links the Markdown and the charts' data beside it.
    expect(readFileSync(join(out, 'chat', 'README.md'), 'utf8')).toContain('![capacity curve');
    expect(existsSync(join(out, 'chat', 'capacity.png'))).toBe(true);
    expect(existsSync(join(out, 'chat', 'sweep.csv'))).toBe(true);
  }, 120_000);

  it('the committed reports/ pass the same checks', async () => {
    expect(existsSync(projectPath('reports/index.html')), 'reports/index.html is committed').toBe(true);
    await visit(projectPath('reports/index.html'));
  }, 120_000);
});
