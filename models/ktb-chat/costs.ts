import type { KtbParams } from './params.js';
import type { KtbScenario } from './scenario.js';
import { chanceOfMembers, membersPerProcess } from './rooms.js';

/** Seconds of work (at speed 1) per unit, and the fan-out figures both tiers need, for one scenario. */
export interface StepCosts {
  processes: number;
  /** Members of a room in one other process, and the chance that process holds any. */
  membersElsewhere: number;
  chanceOfMembers: number;
  /** Per unit, except `base`: seconds of work per idle second of each process, whatever its counts. */
  node: { base: number; connect: number; heartbeat: number; history: number; ownEmit: number; remoteEmit: number; echo: number };
  redis: { publish: number; copy: number; bus: number; historyWrite: number; historyRead: number };
  bytes: { copy: number; bus: number; toClient: number; history: number };
}

const S = 1e-6;

export function stepCosts(sc: KtbScenario, p: KtbParams): StepCosts {
  const C = sc.instances * sc.containers;
  const roomSize = sc.user.roomSize;
  const m = membersPerProcess(roomSize, C);
  const chance = chanceOfMembers(roomSize, C);
  const n = p.node;
  // A process holding members decodes and broadcasts; the classic adapter also hears every other
  // room's messages and drops them after the room check; the sharded one is not subscribed to them.
  const skipped = sc.adapter === 'classic' ? (1 - chance) * n.skipUs.value : 0;
  const msg = sc.user.messageBytes;
  return {
    processes: C,
    membersElsewhere: m,
    chanceOfMembers: chance,
    node: {
      base: n.baseVcpu.value,
      connect: n.connectUs.value * S,
      heartbeat: n.heartbeatUs.value * S,
      history: n.historyUs.value * S,
      ownEmit: (n.inboundUs.value + n.publishUs.value + (1 + m) * n.writeUs.value) * S,
      remoteEmit: (chance * n.receiveUs.value + skipped + m * n.writeUs.value) * S,
      // The adapter hears its own publish back (subscribed to the channel) and drops it by uid.
      echo: n.skipUs.value * S,
    },
    redis: {
      publish: p.redis.publishUs.value * S,
      copy: p.redis.copyUs.value * S,
      bus: p.redis.busUs.value * S,
      historyWrite: p.redis.historyWriteUs.value * S,
      historyRead: p.redis.historyReadUs.value * S,
    },
    bytes: {
      copy: msg + p.redis.frameOverheadBytes.value,
      bus: msg + p.redis.busHeaderBytes.value,
      toClient: msg + p.socketio.wsOverheadBytes.value,
      history: p.user.historyMessages.value * (msg + p.socketio.wsOverheadBytes.value),
    },
  };
}
