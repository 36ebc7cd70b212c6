import { fromMicros } from '../../src/engine/time.js';
import { RedisServer } from '../../src/components/redis.js';
import { AppTask } from './app-task.js';
import { Member } from './room.js';
import { OwedCopies } from './owed-copies.js';
/**
 * The network of seed §1: k6 clients ⇄ app tasks (uvicorn, one core each) ⇄ Redis (one core + NIC).
 * The load balancer hands each new connection to the next task in turn.
 */
export class ChatNetwork {
    sim;
    room;
    spec;
    tasks;
    redis;
    nextTask = 0;
    owed = new OwedCopies();
    constructor(sim, room, ledger, spec) {
        this.sim = sim;
        this.room = room;
        this.spec = spec;
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
    subscriberConnections = () => (this.spec.subscription === 'per-connection' ? this.room.members : this.tasks.length);
    /**
     * A client dials. asyncio accepts the TCP connection in one loop iteration and handles the
     * upgrade request in a later one; the 101 reaches the client one trip later. `closesAfterOpen`
     * tells when the client will close, which k6 counts messages against.
     */
    dial(vu, closesAfterOpen, onOpen) {
        const task = this.tasks[this.nextTask++ % this.tasks.length];
        const { acceptNs, handshakeNs } = this.spec.appCosts;
        this.sim.schedule(this.spec.clientToAppNs, () => task.loop.post(acceptNs, () => {
            task.work.accepts++;
            task.loop.post(handshakeNs, (acceptedAt) => {
                task.work.handshakes++;
                const openAt = acceptedAt + this.spec.clientToAppNs;
                const closesAt = closesAfterOpen(openAt);
                const conn = { task, openAt };
                // per-connection: the new Redis connection and SUBSCRIBE take a round trip to Redis.
                const joinDelay = this.spec.subscription === 'per-connection' ? 2 * this.spec.appToRedisNs : 0;
                this.sim.schedule(joinDelay, () => {
                    conn.member = new Member(this.room, vu, closesAt);
                    task.join(conn.member);
                });
                this.sim.at(openAt, () => onOpen(conn));
            });
        }));
    }
    /** A client message: parsed by its task, PUBLISHed to Redis, copied to every subscriber. */
    send(conn, sentAt) {
        const { clientToAppNs, appToRedisNs, wireBytesPerCopy } = this.spec;
        this.sim.schedule(clientToAppNs, () => conn.task.loop.post(this.spec.appCosts.inboundNs, () => {
            conn.task.work.inbound++;
            this.sim.schedule(appToRedisNs, () => this.redis.publish(this.subscriberConnections, wireBytesPerCopy, () => {
                const seq = this.room.publish(sentAt);
                if (this.spec.subscription === 'per-process')
                    return () => this.tasks.length;
                this.owed.published(seq, this.room.members);
                return () => this.owed.live(seq);
            }, () => this.sim.schedule(appToRedisNs, () => this.tasks.forEach((t) => t.publishArrived()))));
        }));
    }
    /** The client closes: its task handles the close frame and drops the subscription. */
    hangUp(conn) {
        const { clientToAppNs, appToRedisNs } = this.spec;
        this.sim.schedule(clientToAppNs, () => conn.task.loop.post(this.spec.appCosts.closeNs, () => {
            conn.task.work.closes++;
            const leave = () => {
                if (!conn.member)
                    return;
                if (this.spec.subscription === 'per-connection')
                    this.owed.departed(conn.member, this.room.published);
                conn.task.leave(conn.member);
            };
            if (this.spec.subscription === 'per-connection')
                this.sim.schedule(appToRedisNs, leave);
            else
                leave();
        }));
    }
}
