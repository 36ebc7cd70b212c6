import { loadParams, saveParams, type Param, type ParamGroup as Group } from '../parameter.js';

export type { Param };

/** Core speed per place: the write-up's instances, or this machine. */
export type SpeedTable = { writeup: Param; local: Param } & Record<string, Param>;

/** models/highscore/params.json as validated by params.schema.json. */
export interface HighscoreParams {
  api: { requestUs: Param; dpopUs: Param; dbCallUs: Param; itemUs: Param; wakeUpUs: Param; probeReferenceMs: Param; cpuSpeed: SpeedTable };
  document: { items: Param; itemBytes: Param; baseBytes: Param };
  docstore: { vcpus: Param; opUs: Param; usPerKB: Param; inPlaceUsPerKB: Param; largeDocKiB: Param; largeDocUs: Param; cpuSpeed: SpeedTable };
  /** This machine as the recorded runs had it (--profile local): shared cores, Locust beside the store. */
  host: { apiWakeWaitUs: Param; storeWakeWaitUs: Param; locustUs: Param; apiShare: Param; sliceUs: Param; walFlushUs: Param };
  network: Group;
  memory: Group;
  locust: { spawnRate: Param; runTimeS: Param; tokenRequests: Param };
}

export const HIGHSCORE_PARAMS_FILE = 'models/highscore/params.json';
const HIGHSCORE_PARAMS_SCHEMA = 'models/highscore/params.schema.json';

export function loadHighscoreParams(file = HIGHSCORE_PARAMS_FILE): HighscoreParams {
  return loadParams<HighscoreParams>(file, HIGHSCORE_PARAMS_SCHEMA);
}

export function saveHighscoreParams(doc: HighscoreParams, file = HIGHSCORE_PARAMS_FILE): void {
  saveParams(file, HIGHSCORE_PARAMS_SCHEMA, doc);
}
