import type { Simulation } from '../../src/engine/simulation.js';
import { fromMicros, type Nanos } from '../../src/engine/time.js';
import { RedisServer } from '../../src/components/redis.js';
import { AppTask, type SubscriptionMode } from './app-task.js';
import type { DeliveryLedger } from './deliveries.js';
import { Member, type Room } from './room.js';
import { OwedCopies } from './owed-copies.js';
import type { AppCosts } from './params.js';
import type { NicOptions } from '../../src/components/nic.js';
import type { CpuCreditsOptions } from '../../src/components/cpu-credits.js';

export interface NetworkSpec {
  tasks: number;
  subscription: SubscriptionMode;
  appCosts: AppCosts;
  appSpeed: number;
  redisSpeed: number;
  redisNic: NicOptions;
  redisCpuCredits?: CpuCreditsOptions;
  publishBaseUs: number;
  publishPerSubscriberUs: number;
  wireBytesPerCopy: number;
  clientToAppNs: Nanos;
  appToRedisNs: Nanos;
}

/** A client's WebSocket as the servers see it. */
export interface Connection {
  readonly task: AppTask;
  readonly openAt: Nanos;
  member?: Member;
  /** Send times of client messages received and not yet handled, oldest first. */
  inbox: Nanos[];
  /** The connection's handler is busy with a message: PUBLISHing it or awaiting Redis's reply. */
  handling: boolean;
}

/**
 * The network of seed §1: k6 clients ⇄ app tasks (uvicorn, one core each) ⇄ Redis (one core + NIC).
 * The load balancer hands each new connection to the next task in turn.
 */
export class ChatNetwork {
  readonly tasks: AppTask[];
  readonly redis: RedisServer;
  private nextTask = 0;
  private readonly owed = new OwedCopies();

  constructor(
    private readonly sim: Simulation,
    private readonly room: Room,
    ledger: DeliveryLedger,
    private readonly spec: NetworkSpec,
  ) {
    this.tasks = Array.from({ length: spec.tasks }, (_, i) => new AppTask(sim, i, spec.subscription, spec.appCosts, spec.appSpeed, ledger));
    this.redis = new RedisServer(sim, {
      speed: spec.redisSpeed,
      publishBaseNs: fromMicros(spec.publishBaseUs),
      publishPerSubscriberNs: fromMicros(spec.publishPerSubscriberUs),
      nic: spec.redisNic,
      cpuCredits: spec.redisCpuCredits,
    });
  }

  /** Redis's pub/sub connections: one per WebSocket, or one per task. */
  private subscriberConnections = (): number => (this.spec.subscription === 'per-connection' ? this.room.members : this.tasks.length);

  /**
   * A client dials. asyncio accepts the TCP connection in one loop iteration and handles the
   * upgrade request in a later one; the 101 reaches the client one trip later. `closesAfterOpen`
   * tells when the client will close, which k6 counts messages against.
   */
  dial(vu: number, closesAfterOpen: (openAt: Nanos) => Nanos, onOpen: (conn: Connection) => void): void {
    const task = this.tasks[this.nextTask++ % this.tasks.length];
    const { acceptNs, handshakeNs } = this.spec.appCosts;
    this.sim.schedule(this.spec.clientToAppNs, () =>
      task.loop.post(acceptNs, () => {
        task.work.accepts++;
        task.loop.post(handshakeNs, (acceptedAt) => {
          task.work.handshakes++;
          const openAt = acceptedAt + this.spec.clientToAppNs;
          const closesAt = closesAfterOpen(openAt);
          const conn: Connection = { task, openAt, inbox: [], handling: false };
          // per-connection: the new Redis connection and SUBSCRIBE take a round trip to Redis.
          const joinDelay = this.spec.subscription === 'per-connection' ? 2 * this.spec.appToRedisNs : 0;
          this.sim.schedule(joinDelay, () => {
            conn.member = new Member(this.room, vu, closesAt);
            task.join(conn.member);
          });
          this.sim.at(openAt, () => onOpen(conn));
        });
      }),
    );
  }

  /**
   * A client message reaches its task. Each WebSocket's handler takes one message at a time:
   * `await redis.publish(room, await ws.receive_text())` (calibration/apps/chat/app.py), so the
   * next message waits until Redis's reply to this PUBLISH has been read and the handler resumed,
   * two loop iterations later. When iterations are long, messages queue here, each connection
   * publishes at most one per two iterations, and a saturated loop throttles the fan-out it must
   * do (measured with calibration/apps/chat/loop_stats.py: iterations of a saturated real loop
   * stay at 0.2–0.6 s while delivery latency grows to seconds).
   */
  send(conn: Connection, sentAt: Nanos): void {
    this.sim.schedule(this.spec.clientToAppNs, () => {
      conn.inbox.push(sentAt);
      if (!conn.handling) this.handleNext(conn);
    });
  }

  /** The handler takes the oldest waiting message: parse, PUBLISH, and on Redis's reply the next. */
  private handleNext(conn: Connection): void {
    const sentAt = conn.inbox.shift();
    conn.handling = sentAt !== undefined;
    if (sentAt === undefined) return;
    const { appToRedisNs, wireBytesPerCopy } = this.spec;
    conn.task.loop.post(this.spec.appCosts.inboundNs, () => {
      conn.task.work.inbound++;
      this.sim.schedule(appToRedisNs, () =>
        this.redis.publish(
          this.subscriberConnections,
          wireBytesPerCopy,
          () => {
            const seq = this.room.publish(sentAt);
            // The reply (an integer) is written as the command runs. The loop reads it in one
            // iteration (an I/O callback) and resumes the handler in the next (a task step).
            this.sim.schedule(appToRedisNs, () => conn.task.loop.post(0, () => this.handleNext(conn)));
            if (this.spec.subscription === 'per-process') return () => this.tasks.length;
            this.owed.published(seq, this.room.members);
            return () => this.owed.live(seq);
          },
          () => this.sim.schedule(appToRedisNs, () => this.tasks.forEach((t) => t.publishArrived())),
        ),
      );
    });
  }

  /** The client closes: its task handles the close frame and drops the subscription. */
  hangUp(conn: Connection): void {
    const { clientToAppNs, appToRedisNs } = this.spec;
    this.sim.schedule(clientToAppNs, () =>
      conn.task.loop.post(this.spec.appCosts.closeNs, () => {
        conn.task.work.closes++;
        const leave = (): void => {
          if (!conn.member) return;
          if (this.spec.subscription === 'per-connection') this.owed.departed(conn.member, this.room.published);
          conn.task.leave(conn.member);
        };
        if (this.spec.subscription === 'per-connection') this.sim.schedule(appToRedisNs, leave);
        else leave();
      }),
    );
  }
}
