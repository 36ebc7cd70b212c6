import { readFileSync, writeFileSync } from 'node:fs';
import { projectPath } from '../../src/config/project-root.js';
import { bisect } from '../../src/analysis/bisect.js';
import { FEED_PARAMS_FILE, type FeedParams } from '../../models/feed/params.js';
import type { RunRecord } from '../records.js';
import { measuredSettingFigures, predictedSettingFigures, type MetricName } from './validate.js';

export interface SqliteCalibration {
  runs: string[];
  statementUs: number;
  measuredOkPerS: number;
  predictedOkPerS: number;
}

/** Posts written per second: what a file that is the bottleneck sets, whatever else the run does. */
const okPerS = (f: Record<MetricName, number>): number => f['http_reqs/s'] * f['success ratio'];

/**
 * The local SQLite cost per autocommit INSERT (`sqlite.localStatementUs`): bisection until the
 * simulated posts written per second of `runs` (one setting where the file is the bottleneck; each
 * run at its speed probe, mean of seeds 1–3) match the measured. The Django costs are the ones
 * calibrated on the MySQL runs.
 */
export function calibrateSqliteLocal(runs: RunRecord[], params: FeedParams, log: (line: string) => void = () => {}): SqliteCalibration {
  const settings = new Set(runs.map((r) => r.id.replace(/-r\d+$/, '')));
  if (settings.size !== 1) throw new Error(`calibrate feed fits the local SQLite cost to one setting, got ${settings.size} (${[...settings].join(', ')})`);
  const p = structuredClone(params);
  const measuredOkPerS = okPerS(measuredSettingFigures(runs));
  const predicted = (us: number): number => {
    p.sqlite.localStatementUs.value = us;
    return okPerS(predictedSettingFigures(runs, p));
  };
  const statementUs = Math.round(bisect(predicted, measuredOkPerS, 100, 50_000, 2e-3));
  const predictedOkPerS = predicted(statementUs);
  log(`SQLite (local): ${statementUs} µs per autocommit INSERT; posts written ${predictedOkPerS.toFixed(2)}/s against ${measuredOkPerS.toFixed(2)}/s measured`);
  return { runs: runs.map((r) => r.id), statementUs, measuredOkPerS, predictedOkPerS };
}

/** Writes `sqlite.localStatementUs` into models/feed/params.json with its runs and residual. */
export function saveSqliteCalibration(c: SqliteCalibration): void {
  const file = projectPath(FEED_PARAMS_FILE);
  const doc = JSON.parse(readFileSync(file, 'utf8')) as FeedParams;
  const pct = (100 * (c.predictedOkPerS - c.measuredOkPerS)) / c.measuredOkPerS;
  doc.sqlite.localStatementUs = {
    value: c.statementUs,
    unit: 'µs per autocommit INSERT on this machine (file lock held: write + journal fsyncs), used with --profile app=local',
    provenance: {
      kind: 'fitted',
      source:
        'capsim calibrate feed: bisection on the simulated posts written per second (http_reqs/s × success ratio, mean of seeds 1–3, each run at its speed probe) of the local SQLite runs of one setting, where the file is the bottleneck (server CPU well short of the core), with the Django costs calibrated on the MySQL runs',
      fittedTo: c.runs,
      residual: `posts written per s: measured ${c.measuredOkPerS.toFixed(3)}, predicted ${c.predictedOkPerS.toFixed(3)} (${pct.toFixed(1)}%)`,
    },
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
}
