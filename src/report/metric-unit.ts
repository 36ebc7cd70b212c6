/**
 * The unit of a k6-style figure named `metric.stat`, for table headers and cells: trends are in
 * milliseconds, counts are counts, a Rate metric's `rate` (checks, *_failed) is a share of 0..1, a
 * Counter's `rate` is per second; utilisation and shares are fractions.
 */
export function metricUnit(name: string): string {
  const dot = name.lastIndexOf('.');
  const metric = dot < 0 ? name : name.slice(0, dot);
  const stat = dot < 0 ? '' : name.slice(dot + 1);
  if (/^(avg|min|med|max|p\(\d+(\.\d+)?\))$/.test(stat)) return 'ms';
  if (stat === 'count' || stat === 'passes' || stat === 'fails') return 'count';
  if (stat === 'rate' || stat === 'value') return /failed|failure|checks|ratio|share/.test(metric) ? 'share' : '/s';
  if (/cpu|utilisation|busy/.test(name)) return 'share';
  return '—';
}

/** Whether a row is judged: reported, blind and as-stated figures have no target (and always "pass"). */
export const isJudged = (target: string): boolean => target !== 'reported' && target !== 'blind' && target !== 'as stated';

/** The verdict cell: "—" where a figure has no target, else yes/NO. */
export const verdict = (target: string, pass: boolean): string => (!isJudged(target) ? '—' : pass ? 'yes' : 'NO');
