import { loadParams, saveParams, type Param, type PerProfile } from '../parameter.js';

export type { Param };
type Group<K extends string> = Record<K, Param>;

/** models/ktb-chat/params.json as validated by params.schema.json. */
export interface KtbParams {
  node: Group<'connectUs' | 'heartbeatUs' | 'inboundUs' | 'publishUs' | 'receiveUs' | 'skipUs' | 'writeUs' | 'historyUs' | 'loopResidualMs' | 'baseVcpu'> & { cpuSpeed: PerProfile };
  redis: Group<'publishUs' | 'copyUs' | 'busUs' | 'historyWriteUs' | 'historyReadUs' | 'busHeaderBytes' | 'frameOverheadBytes' | 'subscriberBufferBytes' | 'residualMs'>;
  socketio: Group<'pingIntervalS' | 'pingTimeoutS' | 'connectTimeoutS' | 'reconnectDelayS' | 'wsOverheadBytes'>;
  network: Group<'clientToAppUs' | 'appToRedisUs' | 'loopbackUs'>;
  user: Group<'roomSize' | 'intervalS' | 'messageBytes' | 'historyShare' | 'historyMessages'>;
  failure: Group<'deadlineMs' | 'lateShare'>;
  cloud: Group<'initialCredits' | 'stepMs'>;
}

export const KTB_PARAMS_FILE = 'models/ktb-chat/params.json';
const KTB_PARAMS_SCHEMA = 'models/ktb-chat/params.schema.json';

export function loadKtbParams(file = KTB_PARAMS_FILE): KtbParams {
  return loadParams<KtbParams>(file, KTB_PARAMS_SCHEMA);
}

export function saveKtbParams(doc: KtbParams): void {
  saveParams(KTB_PARAMS_FILE, KTB_PARAMS_SCHEMA, doc);
}
