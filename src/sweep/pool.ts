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

/**
 * Runs jobs on `workers` threads (1: in this thread) and returns the records in job order, so
 * the result does not depend on which worker finished first. Jobs are handed out last-first:
 * grids usually grow heavier along their index, and starting the heavy ones early shortens the tail.
 */
export async function runJobs(model: CapsimModel, jobs: readonly RunJob[], workers: number, modelsModule: string | undefined, onDone: (done: number) => void = () => {}): Promise<RunRecord[]> {
  const records = new Array<RunRecord>(jobs.length);
  if (workers <= 1 || jobs.length <= 1 || modelsModule === undefined) {
    jobs.forEach((job, i) => {
      records[i] = runOne(model, job);
      onDone(i + 1);
    });
    return records;
  }
  const file = workerFile();
  const queue = jobs.map((_, i) => i).reverse();
  let done = 0;
  const threads = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(file, { workerData: { modelsModule: compiledModule(modelsModule) } }));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const id = queue.shift();
              if (id === undefined) return resolve();
              thread.postMessage({ id, job: jobs[id] });
            };
            thread.on('message', (msg: { id: number; record?: RunRecord; error?: { name: string; message: string } }) => {
              if (msg.error) return reject(rebuild(msg.error));
              records[msg.id] = msg.record!;
              onDone(++done);
              next();
            });
            thread.on('error', reject);
            thread.on('exit', (code) => code !== 0 && reject(new Error(`sweep worker exited with code ${code}`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  return records;
}
