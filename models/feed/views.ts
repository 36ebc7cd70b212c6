import type { Simulation } from '../../src/engine/simulation.js';
import type { Nanos } from '../../src/engine/time.js';
import { ConnectionPool } from '../../src/components/connection-pool.js';
import type { ContentionJob } from '../../src/components/contention-server.js';
import type { AppTask, Finish, Outcome, RequestHandler } from './gunicorn-task.js';
import type { MySqlServer } from './mysql.js';
import type { SqliteFile, SqliteWriter } from './sqlite.js';
import type { CeleryCluster } from './celery.js';
import type { FirstImport } from './first-import.js';
import type { FeedRequest } from './k6-client.js';

/** Django's CPU costs on a speed-1 core, and what the view sends back. */
export interface ViewCosts {
  /**
   * One request's own CPU around the view (HTTP, middleware, response), drawn per request: it is
   * what varies from request to request (garbage collection, cache state), and that variation is
   * what keeps VUs that start together from staying in lock-step.
   */
  requestCpu: () => Nanos;
  /** One ORM `Model.objects.create()`: a single-row INSERT in autocommit. */
  createNs: Nanos;
  /** DEBUG=True technical 500 page for an OperationalError (scaled to the page size). */
  errorPageNs: Nanos;
  /** pymysql connect + Django's connection set-up. */
  connectNs: Nanos;
  /** Celery apply_async: serialise the task message. */
  enqueueNs: Nanos;
  /** CPython's GIL switch interval: how long a thread back from I/O waits while another computes. */
  gilSwitchNs: Nanos;
  /** Share of a 1040 page's render after which its traceback's QuerySet connects again (0: never). */
  errorPageQueryAt: number;
  /** Logging a 500 where the log renders its own traceback under a lock (logError); 0 where it does not. */
  errorLogNs: Nanos;
  /** Share of that log's CPU after which its traceback's QuerySet connects (0: never). */
  errorLogQueryAt: number;
  /** SQLite's own CPU in the app's process for one INSERT, under the file's lock. */
  sqliteStatementNs: Nanos;
  successBytes: number;
  errorPageBytes: number;
}

export interface ViewNetwork {
  dbRoundTripNs: Nanos;
  /** Round trips of a MySQL connect that gets in (TCP, greeting + auth, Django's session set-up). */
  connectRoundTrips: number;
  /** Statement-equivalents of server work to set up and tear down one connection. */
  connectStatements: number;
  redisRoundTripNs: Nanos;
}

/** One MySQL connection as the view holds it: opened per request, or borrowed from a pool. */
interface Lease {
  release(): void;
}

/** How a view gets a MySQL connection; `refused` carries the failure it answers with. */
export interface ConnectionSource {
  acquire(task: AppTask, got: (lease: Lease) => void, refused: (outcome: Outcome) => void): void;
}

/** A MySQL connect: the refusal (1040) arrives in place of the server greeting, one round trip in. */
function connectToMySql(sim: Simulation, mysql: MySqlServer, net: ViewNetwork, opened: () => void, refused: () => void): void {
  sim.schedule(net.dbRoundTripNs, () => {
    if (!mysql.admission.connect()) return refused();
    sim.schedule((net.connectRoundTrips - 1) * net.dbRoundTripNs, opened);
  });
}

/** CONN_MAX_AGE=0: every request connects, and MySQL may refuse at once with 1040. */
export function perRequestConnections(sim: Simulation, mysql: MySqlServer, net: ViewNetwork): ConnectionSource {
  return {
    acquire(_task, got, refused) {
      connectToMySql(
        sim,
        mysql,
        net,
        () => got({ release: () => mysql.admission.disconnect() }),
        () => refused('error-1040'),
      );
    },
  };
}

/**
 * A pool per task (workers × pool size connections), opened lazily and kept: a request waits up
 * to the acquire time-out for a free connection; opening one can still be refused with 1040.
 */
export function pooledConnections(sim: Simulation, mysql: MySqlServer, net: ViewNetwork, tasks: number, size: number, timeoutNs: Nanos): ConnectionSource {
  const pools = Array.from({ length: tasks }, () => ({ pool: new ConnectionPool(sim, { size }), open: new Set<number>() }));
  return {
    acquire(task, got, refused) {
      const { pool, open } = pools[task.id];
      pool.acquire(
        timeoutNs,
        (conn) => {
          const lease = { release: () => pool.release(conn) };
          if (open.has(conn)) return got(lease);
          connectToMySql(
            sim,
            mysql,
            net,
            () => {
              open.add(conn);
              got(lease);
            },
            () => {
              pool.release(conn);
              refused('error-1040');
            },
          );
        },
        () => refused('pool-timeout'),
      );
    },
  };
}

/** A request's steps: once it is aborted (its worker killed), no further step runs. */
class Chain {
  aborted = false;
  /** Releases the lock the request holds, if any: a killed worker's process takes its locks with it. */
  private held: (() => void) | undefined;
  /** `process`: the gunicorn worker process whose thread runs the request (its log lock). */
  constructor(
    private readonly sim: Simulation,
    readonly process: number,
  ) {}
  cpu(task: AppTask, ns: Nanos, then: () => void): void {
    task.cpu.execute(ns, this.guard(then));
  }
  after(ns: Nanos, then: () => void): void {
    this.sim.schedule(ns, this.guard(then));
  }
  guard<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      if (!this.aborted) fn(...args);
    };
  }
  hold(release: () => void): void {
    this.held = release;
  }
  letGo(): void {
    const release = this.held;
    this.held = undefined;
    release?.();
  }
  abort(): void {
    this.aborted = true;
    this.letGo();
  }
}

/** A traceback's QuerySet evaluation: it may open a connection, then resumes the caller. */
type Query = (resume: () => void) => void;

/** `ns` of computing by `compute`, with `query` (if any) after the share `at` of it (0: never). */
function computeWithQuery(compute: (ns: Nanos, then: () => void) => void, ns: Nanos, at: number, query: Query | undefined, then: () => void): void {
  const before = query && at > 0 ? Math.round(ns * at) : 0;
  if (before === 0) return compute(ns, then);
  compute(before, () => query!(() => compute(ns - before, then)));
}

/**
 * Renders part of a traceback (a technical 500 page, or a log's text traceback): a long CPU burst
 * without I/O, counted in `renderingTracebacks` for the GIL convoy.
 */
function tracebackRenderer(chain: Chain, task: AppTask): (ns: Nanos, then: () => void) => void {
  return (ns, then) => {
    task.renderingTracebacks++;
    task.cpu.execute(ns, () => {
      task.renderingTracebacks--;
      if (!chain.aborted) then();
    });
  };
}

/**
 * A 500: Django renders the technical 500 page, logs the failure (logError) and sends the page.
 * `query`, if given, is the traceback's QuerySet: it is evaluated in the page and again in the log.
 */
function failWithErrorPage(chain: Chain, task: AppTask, costs: ViewCosts, finish: Finish, outcome: Outcome, query?: Query): void {
  computeWithQuery(tracebackRenderer(chain, task), costs.errorPageNs, costs.errorPageQueryAt, query, () =>
    logError(chain, task, costs, query, () => finish(500, costs.errorPageBytes, outcome)),
  );
}

/**
 * Django logs every 500 (log_response). The bundled app runs with DEBUG off, so the logger's
 * AdminEmailHandler renders a text traceback of every frame's variables even with no ADMINS to
 * mail, and it does so inside the handler's lock: one lock per worker process, so the pages of a
 * process queue for it (models/feed/error-page-trace.json). DEBUG on, as in the write-up, logs to
 * the console instead: a plain traceback, not modelled (the task has no log locks).
 */
function logError(chain: Chain, task: AppTask, costs: ViewCosts, query: Query | undefined, then: () => void): void {
  const locks = task.logLocks;
  if (!locks) return then();
  const release = (): void => locks.release(chain.process);
  locks.acquire(chain.process, () => {
    if (chain.aborted) return release();
    chain.hold(release);
    computeWithQuery(tracebackRenderer(chain, task), costs.errorLogNs, costs.errorLogQueryAt, query, () => {
      chain.letGo();
      then();
    });
  });
}

/**
 * The view's loop of `statements` single-row INSERTs, in `maxRounds` (STATEMENT_ROUNDS) rounds of
 * (ORM CPU for the round, then the round's database time). The ORM's CPU is thereby spread over the
 * request as it is in the real loop, where each create() computes and then waits, without one
 * event per statement. SQLite asks for one round per statement (k = 1): its lock changes hands
 * only between statements. `execute` starts a round of k in the database; a backend that refuses
 * it (SQLite's "database is locked") answers the request itself.
 *
 * After each reply the thread must take the GIL of its process back. A thread that computes only
 * between its own I/O (an ORM create(), a quarter of a millisecond) hands the GIL over within its
 * burst, and the processor sharing already charges that. A thread rendering a traceback (an error
 * page or its log) computes for tens of milliseconds without I/O. When one holds the GIL, the
 * returning thread waits the switch interval before CPython forces a hand-over: the convoy effect
 * that slows I/O-bound threads beside CPU-bound ones. A round of k statements therefore adds
 * k × interval × (chance that a renderer holds the GIL: the renderers' share of the computing
 * threads, at most their share of the cores). The trace of a low-limit local run says the wait
 * grows with the renderers of the request's own process (8 ms per renderer per create, 0.3 ms
 * per renderer of another process: models/feed/error-page-trace.json); that law fits the local
 * runs better but leaves case b no way to its 15 % successes; see the feed README.
 */
const STATEMENT_ROUNDS = 10;

function statementRounds(
  chain: Chain,
  task: AppTask,
  statements: number,
  costs: ViewCosts,
  execute: (k: number, first: boolean, done: () => void) => void,
  done: () => void,
  maxRounds = STATEMENT_ROUNDS,
): void {
  const rounds = Math.min(maxRounds, statements);
  const round = (i: number, left: number): void => {
    if (i === rounds) return done();
    const k = Math.round(left / (rounds - i));
    chain.cpu(task, k * costs.createNs, () =>
      execute(k, i === 0, () => {
        const wait = (k * costs.gilSwitchNs * task.renderingTracebacks) / Math.max(task.cpu.inSystem, task.cpu.cores);
        // No traceback holds the GIL: no convoy wait, and no event for it.
        if (wait === 0) round(i + 1, left - k);
        else chain.after(wait, () => round(i + 1, left - k));
      }),
    );
  };
  round(0, statements);
}

/** Statements run on the connection a MySQL view holds; the abort cancels the one in progress. */
interface DbSession {
  execute(statements: number, done: () => void): void;
  release(): void;
}

/**
 * The request prologue both MySQL views share: request CPU, then a connection from `connections`
 * (or the error page for a 1040 refusal or a pool time-out), then `body` with the connection held.
 * Returns what a killed worker does: stop the chain, cancel the statement, hand the connection back.
 */
function withMySqlConnection(
  sim: Simulation,
  mysql: MySqlServer,
  connections: ConnectionSource,
  costs: ViewCosts,
  net: ViewNetwork,
  process: number,
  task: AppTask,
  finish: Finish,
  body: (chain: Chain, db: DbSession) => void,
  beforeConnect?: (chain: Chain, then: () => void) => void,
): () => void {
  const chain = new Chain(sim, process);
  let lease: Lease | undefined;
  let job: ContentionJob | undefined;
  const db: DbSession = {
    execute: (statements, done) => {
      job = mysql.execute(statements, () => {
        job = undefined;
        done();
      });
    },
    release: () => {
      lease?.release();
      lease = undefined;
    },
  };
  const connect = (cpuNs: Nanos): void =>
    chain.cpu(task, cpuNs, () =>
      connections.acquire(
        task,
        (l: Lease) => {
          // A worker killed while waiting for its connection hands it straight back.
          if (chain.aborted) return l.release();
          lease = l;
          body(chain, db);
        },
        chain.guard((outcome: Outcome) => failWithErrorPage(chain, task, costs, releaseAndFinish, outcome, outcome === 'error-1040' ? tracebackQuery : undefined)),
      ),
    );
  // The request's own CPU (HTTP, middleware) comes first, then what the view does before its first
  // statement opens the connection; one CPU job where it does nothing.
  if (!beforeConnect) connect(costs.requestCpu() + costs.connectNs);
  else chain.cpu(task, costs.requestCpu(), () => beforeConnect(chain, () => connect(costs.connectNs)));
  /**
   * The technical 500 page and the log's text traceback format every frame's variables. `self`
   * of QuerySet.create is a QuerySet, and its repr runs `SELECT … LIMIT 21`: a new connection,
   * which MySQL may let in now (once in, the log's repr reuses it). The request then holds it
   * until the response has been sent (request_finished closes it), taking a slot from the
   * requests that could have succeeded. A refusal is caught by the formatter, which goes on.
   */
  const tracebackQuery: Query = (resume) => {
    if (lease) return resume();
    connections.acquire(
      task,
      (l: Lease) => {
        if (chain.aborted) return l.release();
        lease = l;
        db.execute(1 + net.connectStatements, chain.guard(resume));
      },
      chain.guard(resume),
    );
  };
  const releaseAndFinish: Finish = (status, bytes, outcome) => {
    db.release();
    finish(status, bytes, outcome);
  };
  return () => {
    chain.abort();
    if (job) mysql.abort(job);
    db.release();
  };
}

/**
 * The fan-out view on MySQL: connect, then 1 post + fanout feed rows as single-row autocommit
 * INSERTs (Model.objects.create in a loop) in STATEMENT_ROUNDS rounds (statementRounds), then
 * close. The connection is held throughout.
 */
export function mysqlView(sim: Simulation, mysql: MySqlServer, connections: ConnectionSource, costs: ViewCosts, net: ViewNetwork, fanout: number): RequestHandler {
  return {
    handle: (_req: FeedRequest, task: AppTask, process: number, finish: Finish) =>
      withMySqlConnection(sim, mysql, connections, costs, net, process, task, finish, (chain, db) =>
        statementRounds(
          chain,
          task,
          1 + fanout,
          costs,
          (k, first, roundDone) => db.execute(k + (first ? net.connectStatements : 0), chain.guard(roundDone)),
          () => {
            db.release();
            finish(201, costs.successBytes, 'created');
          },
        ),
      ),
  };
}

/**
 * The same view on SQLite (Django's default): the task's own file, one writer at a time, one
 * statement per round, since the lock changes hands only between statements (sqlite.ts). A
 * statement that cannot get the lock within the busy timeout fails the request with "database is
 * locked"; the rows already committed stay.
 */
export function sqliteView(sim: Simulation, files: readonly SqliteFile[], costs: ViewCosts, fanout: number): RequestHandler {
  return {
    handle(_req, task, process, finish) {
      const chain = new Chain(sim, process);
      const file = files[task.id];
      const writer: SqliteWriter = {
        // A killed worker's statement under way still commits: SQLite runs it to its end.
        compute: (then) => (costs.sqliteStatementNs > 0 ? task.cpu.execute(costs.sqliteStatementNs, then) : then()),
        lockedOut: chain.guard(() => failWithErrorPage(chain, task, costs, finish, 'db-locked')),
        get gone() {
          return chain.aborted;
        },
      };
      chain.cpu(task, costs.requestCpu(), () =>
        statementRounds(
          chain,
          task,
          1 + fanout,
          costs,
          // Rounds of one statement each (no cap): the lock changes hands only between statements.
          (_k, _first, roundDone) => file.insert(writer, chain.guard(roundDone)),
          () => finish(201, costs.successBytes, 'created'),
          Infinity,
        ),
      );
      return () => chain.abort();
    },
  };
}

/**
 * Fan-out on read of a queue: the view stores the post in MySQL and hands the feed to Celery.
 * `firstImport`, where given (the bundled app), is the Celery import of each worker process's
 * first request, which the process's other requests wait for (first-import.ts).
 */
export function celeryView(sim: Simulation, mysql: MySqlServer, connections: ConnectionSource, celery: CeleryCluster, costs: ViewCosts, net: ViewNetwork, firstImport?: FirstImport): RequestHandler {
  // `from feedsite.celery import fan_out` opens the view, before its first statement connects.
  const importCelery = firstImport && ((task: AppTask, process: number) => (chain: Chain, then: () => void) => firstImport.pass(`${task.id}:${process}`, (ns, done) => task.cpu.execute(ns, done), chain.guard(then)));
  return {
    handle: (_req, task, process, finish) =>
      withMySqlConnection(
        sim,
        mysql,
        connections,
        costs,
        net,
        process,
        task,
        finish,
        (chain, db) =>
          chain.cpu(task, costs.createNs + celery.messageRows.length * costs.enqueueNs, () =>
            db.execute(1 + net.connectStatements, () => {
              db.release();
              // One apply_async, one round trip, per task message of the post.
              const trips = celery.messageRows.length;
              chain.after(net.redisRoundTripNs / 2, () =>
                celery.enqueuePost(() => chain.after(net.redisRoundTripNs * (trips - 0.5), () => finish(201, costs.successBytes, 'created'))),
              );
            }),
          ),
        importCelery?.(task, process),
      ),
  };
}
