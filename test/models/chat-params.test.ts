import { describe, expect, it } from 'vitest';
import { appCosts, loadChatParams, wireBytesPerCopy, type ChatParams, type Param } from '../../models/chat/params.js';
import { chatScenario } from '../../models/chat/flags.js';
import { simulateChat } from '../../models/chat/model.js';

const params = loadChatParams();

/** The params with RESP framing 40 bytes, 66 bytes of headers per packet and a 1,448-byte MSS. */
function framing(): ChatParams {
  const p = structuredClone(params);
  p.redis.frameOverheadBytes.value = 40;
  p.redis.packetOverheadBytes.value = 66;
  p.redis.mssBytes.value = 1_448;
  return p;
}

describe('chat params: bytes on the wire and costs in ns', () => {
  it('a copy is its payload + RESP framing + one set of headers per MSS-sized packet', () => {
    const p = framing();
    expect(wireBytesPerCopy(p, 100)).toBe(100 + 40 + 66);
    // A frame of exactly one MSS is one packet; one byte more is two.
    expect(wireBytesPerCopy(p, 1_408)).toBe(1_448 + 66);
    expect(wireBytesPerCopy(p, 1_409)).toBe(1_449 + 2 * 66);
    expect(wireBytesPerCopy(p, 1_570)).toBe(1_610 + 2 * 66);
  });

  it("the app's costs in ns, and a read takes as many messages as fit the read buffer, at least one", () => {
    const p = structuredClone(params);
    const a = p.app as Record<string, Param>;
    Object.assign(a.wakeUs, { value: 20 });
    Object.assign(a.acceptUs, { value: 150 });
    Object.assign(a.handshakeUs, { value: 600 });
    Object.assign(a.inboundUs, { value: 482.5 });
    Object.assign(a.closeUs, { value: 300 });
    Object.assign(a.readUs, { value: 0.1 });
    Object.assign(a.parseUs, { value: 22 });
    Object.assign(a.writeUs, { value: 15.5 });
    Object.assign(a.parsePerKBUs, { value: 1 });
    Object.assign(a.writePerKBUs, { value: 2 });
    Object.assign(a.readBufferBytes, { value: 262_144 });
    // 2,000 payload bytes: parse 22 + 2 × 1 µs, write 15.5 + 2 × 2 µs; on the wire 2,000 + 40 framing
    // in two packets of 66 header bytes = 2,172 bytes, so 262,144 / 2,172 → 120 whole copies per read.
    expect(appCosts(p, 2_000)).toEqual({ wakeNs: 20_000, acceptNs: 150_000, handshakeNs: 600_000, inboundNs: 482_500, closeNs: 300_000, readNs: 100, parseNs: 24_000, writeNs: 19_500, readChunkMessages: 120 });
    expect(appCosts(p, 262_144).readChunkMessages).toBe(1);
    expect(appCosts(p, 262_145).readChunkMessages).toBe(1);
    expect(appCosts(p, 1e9).readChunkMessages).toBe(1);
  });

  it("the Redis NIC starts with the credits params.json says: empty, full, or a number of Gbit up to the bucket's size", () => {
    const first = (credit: ChatParams['redis']['nicInitialCredit']['value']): number => {
      const p = structuredClone(params);
      p.redis.nicInitialCredit.value = credit;
      return simulateChat(chatScenario({ users: '1', interval: '1s', session: '1s', iterations: '1' }), p).series.redis_nic_credits_bits[0];
    };
    // cache.t4g.small: a 1,461.6 Gbit bucket that earns at 0.128 Gbit/s; the series samples each second's end.
    const earned = 0.128e9;
    expect(first('empty')).toBeLessThanOrEqual(earned);
    expect(first('full')).toBeGreaterThan(1_461.6e9 - earned);
    expect(first(100)).toBeGreaterThan(100e9 - earned);
    expect(first(100)).toBeLessThanOrEqual(100e9 + earned);
    expect(first(5_000)).toBeGreaterThan(1_461.6e9 - earned);
    expect(first(5_000)).toBeLessThanOrEqual(1_461.6e9);
  });

  it('connecting on this machine takes two loopback trips and the accept and handshake iterations', () => {
    const run = simulateChat(chatScenario({ users: '1', interval: '1s', session: '1s', iterations: '1', profile: ['app=local', 'redis=local'] }), params);
    const a = params.app as Record<string, Param>;
    const us = 2 * params.network.loopbackUs.value + 2 * a.wakeUs.value + a.acceptUs.value + a.handshakeUs.value;
    expect(run.summary.metrics.ws_connecting.min).toBeCloseTo(us / 1_000, 5);
    // On Fargate the trips are the same-region ones and the core is slower.
    const cloud = simulateChat(chatScenario({ users: '1', interval: '1s', session: '1s', iterations: '1', profile: ['redis=local'] }), params);
    const speed = params.app.cpuSpeed['fargate-1vcpu'].value;
    const cloudUs = 2 * params.network.clientToAppUs.value + (2 * a.wakeUs.value + a.acceptUs.value + a.handshakeUs.value) / speed;
    expect(cloud.summary.metrics.ws_connecting.min).toBeCloseTo(cloudUs / 1_000, 5);
  });
});
