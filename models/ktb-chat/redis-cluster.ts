import { resolveNetwork, type Profile } from '../../src/config/profiles.js';
import { BurstableCpu } from './burstable-cpu.js';
import { FluidNic } from './fluid-nic.js';
import type { StepCosts } from './costs.js';
import type { AdapterMode, CreditMode } from './scenario.js';

/** One Redis node: one thread on its own burstable instance, and that instance's egress. */
export interface RedisNode {
  readonly role: 'master' | 'replica';
  readonly shard: number;
  readonly cpu: BurstableCpu;
  readonly nic: FluidNic;
  readonly backlog: number[];
  readonly share: number[];
  /** Pub/sub connections of the app processes on this node. */
  subscribers: number;
}

/** Work offered to the cluster in one step. */
export interface ClusterLoad {
  /** Publishes sent by processes, by the node their publishing connection is on (classic). */
  publishesByNode: number[];
  /** Emits by the shard owning their room (sharded publishes and every history append). */
  emitsByShard: number[];
  historyReadsByShard: number[];
  total: number;
}

/**
 * A Redis Cluster of M masters and M replicas (node m is master of shard m, node M + m its replica),
 * in fluid steps. Classic adapter: each process publishes and pattern-subscribes on one node, and
 * the cluster forwards every PUBLISH to every node over the cluster bus, where each node copies it
 * to its own subscribers. Sharded adapter: SPUBLISH goes to the room's master, which copies it to
 * the processes subscribed to that room and forwards it to its replica only.
 */
export class RedisCluster {
  readonly nodes: RedisNode[];

  constructor(
    readonly masters: number,
    readonly adapter: AdapterMode,
    private readonly processes: number,
    profile: Profile,
    creditMode: CreditMode,
    initialCredits: number,
    private readonly speed: number,
  ) {
    const net = resolveNetwork(profile);
    const spec = profile.cpuCredits ?? { baselinePerVcpu: 1, creditsPerHour: profile.vcpus * 60, maxCredits: profile.vcpus * 60 * 24 };
    this.nodes = Array.from({ length: 2 * masters }, (_, i) => ({
      role: i < masters ? ('master' as const) : ('replica' as const),
      shard: i % masters,
      cpu: new BurstableCpu(profile.vcpus, profile.cpuCredits ? creditMode : 'unlimited', spec, initialCredits),
      nic: new FluidNic(net),
      backlog: [0],
      share: [0],
      subscribers: 0,
    }));
    if (adapter === 'classic') for (let c = 0; c < processes; c++) this.nodes[this.nodeOfProcess(c)].subscribers++;
    // Sharded: every process keeps one subscriber connection per master it needs; count them all.
    else for (let m = 0; m < masters; m++) this.nodes[m].subscribers = processes;
  }

  /** The node a process's adapter connections land on (ioredis picks a node; spread evenly). */
  nodeOfProcess(process: number): number {
    return process % this.nodes.length;
  }

  /** Offers one step's work and serves it; returns each node's CPU utilisation of what it may use. */
  step(dtS: number, load: ClusterLoad, costs: StepCosts): void {
    const N = this.nodes.length;
    const { redis: r, bytes: b } = costs;
    for (let i = 0; i < N; i++) {
      const node = this.nodes[i];
      let work = 0;
      let egress = 0;
      const shardEmits = load.emitsByShard[node.shard];
      if (this.adapter === 'classic') {
        const own = load.publishesByNode[i];
        work += own * (r.publish + (N - 1) * r.bus) + (load.total - own) * r.bus + load.total * node.subscribers * r.copy;
        egress += load.total * node.subscribers * b.copy + own * (N - 1) * b.bus;
      } else if (node.role === 'master') {
        const copies = 1 + (this.processes - 1) * costs.chanceOfMembers;
        work += shardEmits * (r.publish + r.bus + copies * r.copy);
        egress += shardEmits * (copies * b.copy + b.bus);
      } else {
        work += shardEmits * r.bus;
      }
      // History: appended on the master, replicated to (and applied on) the replica, read from the replica.
      work += shardEmits * r.historyWrite;
      if (node.role === 'master') egress += shardEmits * b.copy;
      else {
        work += load.historyReadsByShard[node.shard] * r.historyRead;
        egress += load.historyReadsByShard[node.shard] * b.history;
      }
      node.backlog[0] += work / this.speed;
      node.cpu.serve(node.backlog, dtS, node.share);
      node.nic.step(dtS, egress);
    }
  }

  /** Seconds a command arriving now waits on node i: its thread's backlog, then its egress queue. */
  lagS(i: number): number {
    const node = this.nodes[i];
    const cpu = node.backlog[0] > 0 ? node.backlog[0] / Math.max(1e-9, node.cpu.level) : 0;
    return cpu + node.nic.lagS();
  }

  /** A subscriber's share of the node's queued output passed client-output-buffer-limit pubsub. */
  overflowing(i: number, limitBytes: number): boolean {
    const node = this.nodes[i];
    return node.subscribers > 0 && node.nic.queuedBytes / node.subscribers > limitBytes;
  }
}
