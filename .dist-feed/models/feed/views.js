import { ConnectionPool } from '../../src/components/connection-pool.js';
/** CONN_MAX_AGE=0: every request connects, and MySQL may refuse at once with 1040. */
export function perRequestConnections(sim, mysql, net) {
    return {
        acquire(_task, got, refused) {
            // The refusal (1040) arrives in place of the server greeting, one round trip in.
            sim.schedule(net.dbRoundTripNs, () => {
                if (!mysql.admission.connect())
                    return refused('error-1040');
                sim.schedule((net.connectRoundTrips - 1) * net.dbRoundTripNs, () => got({ release: () => mysql.admission.disconnect() }));
            });
        },
    };
}
/**
 * A pool per task (workers × pool size connections), opened lazily and kept: a request waits up
 * to the acquire time-out for a free connection; opening one can still be refused with 1040.
 */
export function pooledConnections(sim, mysql, net, tasks, size, timeoutNs) {
    const pools = Array.from({ length: tasks }, () => ({ pool: new ConnectionPool(sim, { size }), open: new Set() }));
    return {
        acquire(task, got, refused) {
            const { pool, open } = pools[task.id];
            pool.acquire(timeoutNs, (conn) => {
                const lease = { release: () => pool.release(conn) };
                if (open.has(conn))
                    return got(lease);
                sim.schedule(net.dbRoundTripNs, () => {
                    if (!mysql.admission.connect()) {
                        pool.release(conn);
                        return refused('error-1040');
                    }
                    open.add(conn);
                    sim.schedule((net.connectRoundTrips - 1) * net.dbRoundTripNs, () => got(lease));
                });
            }, () => refused('pool-timeout'));
        },
    };
}
/** Runs `steps` in order unless aborted; each step gets `next`. */
class Chain {
    sim;
    aborted = false;
    constructor(sim) {
        this.sim = sim;
    }
    cpu(task, ns, then) {
        task.cpu.execute(ns, () => {
            if (!this.aborted)
                then();
        });
    }
    after(ns, then) {
        this.sim.schedule(ns, () => {
            if (!this.aborted)
                then();
        });
    }
    guard(fn) {
        return (...args) => {
            if (!this.aborted)
                fn(...args);
        };
    }
}
function failWithErrorPage(chain, task, costs, finish, outcome) {
    chain.cpu(task, costs.errorPageNs, () => finish(500, costs.errorPageBytes, outcome));
}
/**
 * The view's loop of `statements` single-row INSERTs, in STATEMENT_ROUNDS rounds of (ORM CPU for
 * the round, then the round's database time). The ORM's CPU is thereby spread over the request as
 * it is in the real loop, where each create() computes and then waits, without one event per
 * statement. `execute` starts a round in the database and returns false if it was refused.
 *
 * After each reply the thread must take the GIL back. While other threads of its process compute
 * (the task's cores all busy), it waits for the switch interval before CPython forces a hand-over:
 * the convoy effect that slows I/O-bound threads beside CPU-bound ones. A round of k statements
 * therefore adds k × interval × (share of the task's cores busy when the round ends).
 */
export const STATEMENT_ROUNDS = 10;
function statementRounds(chain, task, statements, costs, execute, done, refused) {
    const rounds = Math.min(STATEMENT_ROUNDS, statements);
    const round = (i, left) => {
        if (i === rounds)
            return done();
        const k = Math.round(left / (rounds - i));
        chain.cpu(task, k * costs.createNs, () => {
            const ok = execute(k, i === 0, () => {
                const busyShare = Math.min(1, task.cpu.inSystem / task.cpu.cores);
                chain.after(k * costs.gilSwitchNs * busyShare, () => round(i + 1, left - k));
            });
            if (!ok)
                refused();
        });
    };
    round(0, statements);
}
/**
 * The fan-out view on MySQL: connect, then 1 post + fanout feed rows as single-row autocommit
 * INSERTs (Model.objects.create in a loop), then close. The ORM's CPU for all statements is
 * charged as one CPU job before the statements' database time: the same total, without one
 * event per statement. The connection is held throughout.
 */
export function mysqlView(sim, mysql, connections, costs, net, fanout) {
    return {
        handle(_req, task, finish) {
            const chain = new Chain(sim);
            let lease;
            let job;
            const close = () => {
                lease?.release();
                lease = undefined;
            };
            chain.cpu(task, costs.requestNs + costs.connectNs, () => connections.acquire(task, (l) => {
                // A worker killed while waiting for its connection hands it straight back.
                if (chain.aborted)
                    return l.release();
                lease = l;
                statementRounds(chain, task, 1 + fanout, costs, (k, first, roundDone) => {
                    job = mysql.execute(k + (first ? net.connectStatements : 0), () => {
                        job = undefined;
                        if (!chain.aborted)
                            roundDone();
                    });
                    return true;
                }, () => {
                    close();
                    finish(201, costs.successBytes, 'created');
                }, () => undefined);
            }, chain.guard((outcome) => failWithErrorPage(chain, task, costs, finish, outcome))));
            return () => {
                chain.aborted = true;
                if (job)
                    mysql.abort(job);
                close();
            };
        },
    };
}
/**
 * The same view on SQLite (Django's default): the task's own file, one writer at a time. A round
 * that finds the lock queue longer than the busy timeout fails with "database is locked"; the
 * rows already committed stay.
 */
export function sqliteView(sim, files, costs, fanout) {
    return {
        handle(_req, task, finish) {
            const chain = new Chain(sim);
            chain.cpu(task, costs.requestNs, () => statementRounds(chain, task, 1 + fanout, costs, (k, _first, roundDone) => files[task.id].write(k, () => !chain.aborted && roundDone()), () => finish(201, costs.successBytes, 'created'), () => failWithErrorPage(chain, task, costs, finish, 'db-locked')));
            // A killed worker leaves its round to run out: SQLite commits each statement on its own.
            return () => {
                chain.aborted = true;
            };
        },
    };
}
/** Fan-out on read of a queue: the view stores the post in MySQL and hands the feed to Celery. */
export function celeryView(sim, mysql, connections, celery, costs, net) {
    return {
        handle(_req, task, finish) {
            const chain = new Chain(sim);
            let lease;
            let job;
            chain.cpu(task, costs.requestNs + costs.connectNs, () => connections.acquire(task, (l) => {
                // A worker killed while waiting for its connection hands it straight back.
                if (chain.aborted)
                    return l.release();
                lease = l;
                chain.cpu(task, costs.createNs + costs.enqueueNs, () => {
                    job = mysql.execute(1 + net.connectStatements, () => {
                        job = undefined;
                        lease?.release();
                        lease = undefined;
                        chain.after(net.redisRoundTripNs / 2, () => celery.enqueue(() => chain.after(net.redisRoundTripNs / 2, () => finish(201, costs.successBytes, 'created'))));
                    });
                });
            }, chain.guard((outcome) => failWithErrorPage(chain, task, costs, finish, outcome))));
            return () => {
                chain.aborted = true;
                if (job)
                    mysql.abort(job);
                lease?.release();
                lease = undefined;
            };
        },
    };
}
