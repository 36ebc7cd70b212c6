import type { Profile } from '../../src/config/profiles.js';
import { loadParams, saveParams, type Param, type PerProfile } from '../parameter.js';

export type { Param };
type Group<K extends string> = Record<K, Param>;

/** models/leaderboard/params.json as validated by params.schema.json. */
export interface LeaderboardParams {
  app: Group<'probeReferenceMs' | 'wakeUs' | 'coldWakeUs' | 'readUs' | 'requestUs' | 'redisCommandUs' | 'mysqlStatementUs' | 'mysqlRowUs' | 'rebuildRowUs' | 'rebuildZaddUs' | 'processes'> & { cpuSpeed: PerProfile };
  redis: Group<'wakeUs' | 'coldWakeUs' | 'dispatchUs' | 'ioUs' | 'commandUs' | 'lookupLog2Us' | 'zaddMemberUs' | 'rankUs' | 'rangeElementUs' | 'rebuildMemberUs' | 'rebuildLog2Us' | 'rebuildZaddUs'> & { cpuSpeed: PerProfile };
  mysql: Group<'statementUs' | 'rowUs' | 'scanRowUs' | 'haltedCoreUs' | 'commitFlushP99Us'> & { commitFlushUs: PerProfile; cpuSpeed: PerProfile };
  network: Group<'loopbackRttUs' | 'proxyExtraUs' | 'sameAzRttUs' | 'commandBytes' | 'replyBytesPerElement' | 'packetOverheadBytes'>;
  memory: Group<
    | 'memberPrefixBytes'
    | 'listpackMaxEntries'
    | 'listpackMaxValueBytes'
    | 'skiplistP'
    | 'skiplistMaxLevel'
    | 'skiplistNodeBytes'
    | 'skiplistLevelBytes'
    | 'dictEntryBytes'
    | 'dictBucketBytes'
    | 'sds5HeaderBytes'
    | 'sds8HeaderBytes'
    | 'listpackEntryOverheadBytes'
    | 'listpackScoreBytes'
    | 'fixedBytes'
    | 'clientBytes'
    | 'socketBufferBytes'
    | 'allocatorQuantumBytes'
    | 'keyBytes'
  >;
  load: Group<'warmupOps' | 'measuredOps' | 'friends' | 'generatorWakeUs' | 'generatorColdWakeUs' | 'generatorReadUs' | 'generatorRequestUs'>;
}

export const LEADERBOARD_PARAMS_FILE = 'models/leaderboard/params.json';
const SCHEMA = 'models/leaderboard/params.schema.json';

export function loadLeaderboardParams(file = LEADERBOARD_PARAMS_FILE): LeaderboardParams {
  return loadParams<LeaderboardParams>(file, SCHEMA);
}

/** Writes params.json (or `file`, a copy of it) after checking it against its schema. */
export function saveLeaderboardParams(doc: LeaderboardParams, file = LEADERBOARD_PARAMS_FILE): void {
  saveParams(file, SCHEMA, doc);
}

/** A per-profile figure: the profile's own entry, else the profile's published speed or `fallback`. */
export function perProfile(table: PerProfile, profile: Profile, fallback: number): number {
  return table[profile.name]?.value ?? fallback;
}
