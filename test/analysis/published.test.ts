import { describe, expect, it } from 'vitest';
import { compareCase, type PublishedCase } from '../../src/analysis/published.js';

const metrics = { http_reqs: { count: 150, rate: 0.8 } };
const blindMetrics = ['http_reqs.count', 'http_reqs.rate'];

describe('compareCase', () => {
  it('compares a published case figure by figure, marking the fitted ones', () => {
    const c: PublishedCase = { case: 'a', label: 'a', flags: {}, published: { 'http_reqs.count': 120, 'http_reqs.rate': 0.8 }, fitted: ['http_reqs.rate'] };
    const rows = compareCase(c, metrics, blindMetrics);
    expect(rows.map((r) => [r.metric, r.role, r.errorPct])).toEqual([
      ['http_reqs.count', 'validation', 25],
      ['http_reqs.rate', 'fitted', 0],
    ]);
  });

  it('prints an as-stated case without comparing it, even when it carries figures', () => {
    const c: PublishedCase = { case: 'a500', label: 'a500', flags: {}, asStated: true, published: { 'http_reqs.count': 120 } };
    const rows = compareCase(c, metrics, blindMetrics);
    expect(rows.map((r) => [r.metric, r.role, r.published, r.errorPct, r.predicted])).toEqual([
      ['http_reqs.count', 'as stated', null, null, 150],
      ['http_reqs.rate', 'as stated', null, null, 0.8],
    ]);
  });

  it('keeps a blind case blind', () => {
    const rows = compareCase({ case: 'c', label: 'c', flags: {}, blind: true }, metrics, blindMetrics);
    expect(rows.every((r) => r.role === 'blind' && r.published === null)).toBe(true);
  });
});
