import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectPath } from '../config/project-root.js';
import type { CapsimModel } from '../model.js';
import { UsageError } from '../cli/usage-error.js';
import { runOne } from './run-one.js';
import type { RunJob, RunRecord } from './run-record.js';

/**
 * The compiled worker. Under vitest this module is TypeScript and has no compiled sibling, so the
 * worker comes from dist/ (npm test compiles first).
 */
function workerFile(): string {
  const sibling = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = projectPath('dist', 'src', 'sweep', 'worker.js');
  if (existsSync(built)) return built;
  throw new Error(`no compiled sweep worker at ${built}: run npx tsc -p . first`);
}

/**
 * The compiled form of the models module: under vitest the registry names a .ts file, which a
 * worker thread cannot load, so it takes the same module from dist/.
 */
function compiledModule(url: string): string {
  if (!url.endsWith('.ts')) return url;
  const source = fileURLToPath(url);
  return pathToFileURL(projectPath('dist', relative(projectPath(), source)).replace(/\.ts$/, '.js')).href;
}

/** An error from a worker, rebuilt so bad flags still exit 2 with their one-line message. */
function rebuild(error: { name: string; message: string }): Error {
  return error.name === 'UsageError' ? new UsageError(error.message) : new Error(error.message);
}

/** Jobs handed to a worker thread ahead: one to run, one waiting, so it never idles while this thread runs a job of its own. */
const AHEAD = 2;

/** Lets the event loop deliver the worker threads' finished records (and hand them their next jobs). */
const yieldToWorkers = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs jobs on `workers` threads: this one, which has the models loaded and warm already, and
 * workers − 1 worker threads kept alive for the whole sweep (1: all in this thread). Returns the
 * records in job order, so the result does not depend on which thread ran what. Jobs are handed out
 * last-first: grids usually grow heavier along their index, and starting the heavy ones early
 * shortens the tail.
 */
export async function runJobs(model: CapsimModel, jobs: readonly RunJob[], workers: number, modelsModule: string | undefined, onDone: (done: number) => void = () => {}): Promise<RunRecord[]> {
  const records = new Array<RunRecord>(jobs.length);
  const queue = jobs.map((_, i) => i).reverse();
  let done = 0;
  const finished = (id: number, record: RunRecord): void => {
    records[id] = record;
    onDone(++done);
  };
  if (workers <= 1 || jobs.length <= 1 || modelsModule === undefined) {
    for (const id of queue) finished(id, runOne(model, jobs[id]));
    return records;
  }
  const file = workerFile();
  const threads = Array.from({ length: Math.min(workers - 1, jobs.length - 1) }, () => new Worker(file, { workerData: { modelsModule: compiledModule(modelsModule), model: model.name } }));
  let failure: Error | undefined;
  let closing = false;
  const fail = (err: Error): void => {
    if (!closing) failure ??= err;
  };
  const threadsDone = threads.map(
    (thread) =>
      new Promise<void>((resolve) => {
        let running = 0;
        const next = (): void => {
          while (running < AHEAD && failure === undefined) {
            const id = queue.shift();
            if (id === undefined) break;
            running++;
            thread.postMessage({ id, job: jobs[id] });
          }
          if (running === 0) resolve();
        };
        thread.on('message', (msg: { id: number; record?: RunRecord; error?: { name: string; message: string } }) => {
          running--;
          if (msg.error) fail(rebuild(msg.error));
          else finished(msg.id, msg.record!);
          next();
        });
        thread.on('error', (err) => {
          fail(err);
          resolve();
        });
        thread.on('exit', (code) => {
          if (code !== 0) fail(new Error(`sweep worker exited with code ${code}`));
          resolve();
        });
        next();
      }),
  );
  try {
    // This thread takes its share between the workers' turns.
    for (;;) {
      await yieldToWorkers();
      if (failure !== undefined) break;
      const id = queue.shift();
      if (id === undefined) break;
      finished(id, runOne(model, jobs[id]));
    }
    await Promise.all(threadsDone);
  } finally {
    closing = true; // terminating ends the threads with code 1
    await Promise.all(threads.map((t) => t.terminate()));
  }
  if (failure !== undefined) throw failure;
  return records;
}
