import type { RunRecord } from './records.js';
import type { ValidationRow } from './targets.js';
import { calibrateChat, saveChatCalibration } from './chat/calibrate.js';
import { validateChat } from './chat/validate.js';
import { calibrateFeed, saveFeedCalibration } from './feed/calibrate.js';
import { applySqliteCalibration, calibrateSqliteLocal, checkOneSetting } from './feed/calibrate-sqlite.js';
import { validateFeed } from './feed/validate.js';
import { applyCeleryCalibration, calibrateCeleryLocal, type CeleryCalibration } from './feed/calibrate-celery.js';
import { calibrateHighscore, saveHighscoreCalibration } from './highscore/calibrate.js';
import { validateHighscore } from './highscore/validate.js';
import { loadChatParams } from '../models/chat/params.js';
import { loadFeedParams, saveFeedParams } from '../models/feed/params.js';
import { loadHighscoreParams } from '../models/highscore/params.js';
import { validate } from '../src/config/schema.js';
import { calibrateLeaderboard, leaderboardFittedRuns, saveLeaderboardCalibration } from './leaderboard/calibrate.js';
import { validateLeaderboard } from './leaderboard/validate.js';
import { calibrateKtb, saveKtbCalibration } from './ktb/calibrate.js';
import { validateKtb } from './ktb/validate.js';
import { loadKtbParams } from '../models/ktb-chat/params.js';
import { committedLeaderboardRecords, loadLeaderboardRecord, type LeaderboardRecord } from './leaderboard/records.js';

/** The schema of each model's calibration report (what `capsim calibrate <model>` prints). */
export const REPORT_SCHEMAS = { chat: 'calibration/chat/report.schema.json', feed: 'calibration/feed/report.schema.json', highscore: 'calibration/highscore/report.schema.json', leaderboard: 'calibration/leaderboard/report.schema.json', 'ktb-chat': 'calibration/ktb/report.schema.json' } as const;

const CELERY_REPORT_SCHEMA = 'calibration/feed/celery-report.schema.json';

/** A report is checked before anything is saved, so a bad fit never leaves half-written parameters. */
const checked = <T>(report: T, model: keyof typeof REPORT_SCHEMAS): T => validate<T>(REPORT_SCHEMAS[model], report, `capsim calibrate ${model} report`);

/** What `capsim calibrate` and `capsim validate` can do for a model, on its kind of run record. */
export interface Calibrator<R extends { id: string } = RunRecord> {
  /** Fits the local costs to `records`, checks the report against its schema, then saves the costs with provenance. */
  calibrate(records: R[], log: (line: string) => void): unknown;
  validate(records: R[]): ValidationRow[];
  /** Ids of the runs the saved parameters were fitted to: never used for validation. */
  fittedRuns(): string[];
  /** A model with its own record format reads a record file and lists its committed records itself. */
  load?(file: string): R;
  committed?(): R[];
}

/** The models whose runs are capsim run records (calibration/run-record.schema.json). */
const RUN_RECORD_CALIBRATORS: Record<string, Calibrator> = {
  chat: {
    calibrate(records, log) {
      const { calibration } = calibrateChat(records, log);
      saveChatCalibration(checked(calibration, 'chat'));
      return calibration;
    },
    validate: validateChat,
    fittedRuns: () => loadChatParams().app.readUs.provenance.fittedTo ?? [],
  },
  feed: {
    calibrate(records, log) {
      // The Redis + Celery runs on their own, after the MySQL runs: their request path uses the Django costs.
      const celeryRuns = records.filter((r) => r.settings.db === 'redis-celery');
      if (celeryRuns.length > 0) {
        if (celeryRuns.length < records.length) throw new Error('calibrate feed: fit the redis-celery runs on their own (--runs of those only), after the MySQL runs whose Django costs their request path uses');
        const doc = loadFeedParams();
        const report = validate<CeleryCalibration>(CELERY_REPORT_SCHEMA, calibrateCeleryLocal(celeryRuns, doc, log), 'capsim calibrate feed report (redis-celery)');
        applyCeleryCalibration(doc, report);
        saveFeedParams(doc);
        return report;
      }
      // The Django costs first (MySQL runs), then the local SQLite costs with them.
      const sqliteRuns = records.filter((r) => r.settings.db === 'sqlite');
      if (sqliteRuns.length > 0) checkOneSetting(sqliteRuns);
      const { calibration, params } = calibrateFeed(records, log);
      const sqlite = sqliteRuns.length > 0 ? calibrateSqliteLocal(sqliteRuns, params, log) : undefined;
      const report = checked(sqlite ? { ...calibration, sqlite } : calibration, 'feed');
      saveFeedCalibration(calibration, (doc) => sqlite && applySqliteCalibration(doc, sqlite));
      return report;
    },
    validate: validateFeed,
    fittedRuns: () => {
      const p = loadFeedParams();
      return [...(p.app.requestUs.provenance.fittedTo ?? []), ...(p.sqlite.localStatementUs.provenance.fittedTo ?? []), ...(p.celery.taskOverheadUs.provenance.fittedTo ?? [])];
    },
  },
  highscore: {
    calibrate(records, log) {
      const { calibration } = calibrateHighscore(records, log);
      saveHighscoreCalibration(checked(calibration, 'highscore'));
      return calibration;
    },
    validate: validateHighscore,
    fittedRuns: () => {
      // Whichever costs the runs could identify carry the runs they were fitted to.
      const p = loadHighscoreParams();
      const costs = [p.api.requestUs, p.api.dbCallUs, p.api.itemUs, p.api.wakeUpUs, p.docstore.opUs, p.docstore.usPerKB, p.docstore.inPlaceUsPerKB, p.host.apiWakeWaitUs, p.host.storeWakeWaitUs];
      return [...new Set(costs.flatMap((c) => (c.provenance.kind === 'fitted' ? (c.provenance.fittedTo ?? []) : [])))];
    },
  },
};

/** ktb-chat: the apps' costs from per-second CPU of local Socket.IO runs (calibration/ktb-runs.sh). */
RUN_RECORD_CALIBRATORS['ktb-chat'] = {
  calibrate(records, log) {
    const { calibration, params } = calibrateKtb(records, log);
    const report = checked(calibration, 'ktb-chat');
    saveKtbCalibration(params);
    return report;
  },
  validate: validateKtb,
  fittedRuns: () => loadKtbParams().node.writeUs.provenance.fittedTo ?? [],
};

/** The leaderboard's runs have their own record format (calibration/load/leaderboard-run.schema.json). */
const leaderboard: Calibrator<LeaderboardRecord> = {
  calibrate(records, log) {
    const { calibration, params } = calibrateLeaderboard(records, log);
    const report = checked(calibration, 'leaderboard');
    saveLeaderboardCalibration(params);
    return report;
  },
  validate: validateLeaderboard,
  fittedRuns: () => leaderboardFittedRuns(),
  load: loadLeaderboardRecord,
  committed: committedLeaderboardRecords,
};

export const CALIBRATORS: Record<string, Calibrator<{ id: string }>> = { ...RUN_RECORD_CALIBRATORS, leaderboard };
