import { fromMicros, type Nanos } from '../../src/engine/time.js';

import { loadParams, saveParams, type Param, type ParamGroup as Group } from '../parameter.js';

export type { Param };

/** models/chat/params.json as validated by params.schema.json. */
export interface ChatParams {
  app: Group & { cpuSpeed: Record<string, Param>; readUs: Param; probeReferenceMs: Param; [k: string]: Param | Record<string, Param> };
  redis: Group & { nicInitialCredit: Param<'empty' | 'full' | number> };
  network: Group;
  k6: Group;
  message: Group;
}

export const CHAT_PARAMS_FILE = 'models/chat/params.json';
const CHAT_PARAMS_SCHEMA = 'models/chat/params.schema.json';

export function loadChatParams(file = CHAT_PARAMS_FILE): ChatParams {
  return loadParams<ChatParams>(file, CHAT_PARAMS_SCHEMA);
}

export function saveChatParams(doc: ChatParams, file = CHAT_PARAMS_FILE): void {
  saveParams(file, CHAT_PARAMS_SCHEMA, doc);
}

/** The app's CPU costs in ns on a speed-1 core, as the event loop and task need them. */
export interface AppCosts {
  wakeNs: Nanos;
  acceptNs: Nanos;
  handshakeNs: Nanos;
  inboundNs: Nanos;
  closeNs: Nanos;
  readNs: Nanos;
  parseNs: Nanos;
  writeNs: Nanos;
  readChunkMessages: number;
}

const us = (p: Param | Record<string, Param>): Nanos => fromMicros((p as Param).value);

/**
 * The costs for messages of `payloadBytes`: a parse and a write each have a fixed part and a part
 * that grows with the bytes moved (fitted to runs at several message sizes).
 */
export function appCosts(params: ChatParams, payloadBytes: number): AppCosts {
  const a = params.app;
  const kB = payloadBytes / 1000;
  return {
    wakeNs: us(a.wakeUs),
    acceptNs: us(a.acceptUs),
    handshakeNs: us(a.handshakeUs),
    inboundNs: us(a.inboundUs),
    closeNs: us(a.closeUs),
    readNs: us(a.readUs),
    parseNs: us(a.parseUs) + kB * us(a.parsePerKBUs),
    writeNs: us(a.writeUs) + kB * us(a.writePerKBUs),
    readChunkMessages: Math.max(1, Math.floor((a.readBufferBytes as Param).value / wireBytesPerCopy(params, payloadBytes))),
  };
}

/** Bytes one copy of a message occupies on Redis's wire: RESP framing plus TCP/IP headers. */
export function wireBytesPerCopy(params: ChatParams, payloadBytes: number): number {
  const r = params.redis;
  const frame = payloadBytes + r.frameOverheadBytes.value;
  return frame + r.packetOverheadBytes.value * Math.ceil(frame / r.mssBytes.value);
}
