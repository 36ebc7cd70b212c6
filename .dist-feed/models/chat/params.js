import { readJsonFile, validate } from '../../src/config/schema.js';
import { projectPath } from '../../src/config/project-root.js';
import { fromMicros } from '../../src/engine/time.js';
export const CHAT_PARAMS_FILE = 'models/chat/params.json';
export function loadChatParams(file = CHAT_PARAMS_FILE) {
    return validate('models/chat/params.schema.json', readJsonFile(projectPath(file), file), file);
}
const us = (p) => fromMicros(p.value);
export function appCosts(params, wireBytesPerCopy) {
    const a = params.app;
    return {
        wakeNs: us(a.wakeUs),
        acceptNs: us(a.acceptUs),
        handshakeNs: us(a.handshakeUs),
        inboundNs: us(a.inboundUs),
        closeNs: us(a.closeUs),
        readNs: us(a.readUs),
        parseNs: us(a.parseUs),
        writeNs: us(a.writeUs),
        readChunkMessages: Math.max(1, Math.floor(a.readBufferBytes.value / wireBytesPerCopy)),
    };
}
/** Bytes one copy of a message occupies on Redis's wire: RESP framing plus TCP/IP headers. */
export function wireBytesPerCopy(params, payloadBytes) {
    const r = params.redis;
    const frame = payloadBytes + r.frameOverheadBytes.value;
    return frame + r.packetOverheadBytes.value * Math.ceil(frame / r.mssBytes.value);
}
