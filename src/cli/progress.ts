import cliProgress from 'cli-progress';
import { progressHook as engineHook } from '../engine/simulation.js';

/** Where progress goes: stderr in the CLI, a fake terminal in tests. */
export interface ProgressStream extends NodeJS.WritableStream {
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** --json: the run prints one document and nothing else, so no progress either. */
  json?: boolean;
  /** Runs shorter than this show nothing (issue 22: "longer than about 2 s"), ms. */
  afterMs?: number;
}

const AFTER_MS = 2000;

const elapsedSince = (started: number): string => ((Date.now() - started) / 1000).toFixed(0);

/** Progress is drawn only on a terminal and never with --json: piped or captured stderr stays clean. */
export const drawsProgress = (stream: ProgressStream, json = false): boolean => Boolean(stream.isTTY) && !json;

/** cli-progress redraws on a timer; unref'd, so a bar left running never keeps the process alive. */
class Bar extends cliProgress.SingleBar {
  override render(): void {
    super.render();
    (this as unknown as { timer?: NodeJS.Timeout | null }).timer?.unref();
  }
}

const newBar = (stream: ProgressStream, format: string): Bar =>
  new Bar({ stream, format, barsize: 30, hideCursor: false, clearOnComplete: true, fps: 5 }, cliProgress.Presets.shades_classic);

/**
 * A done/total bar (sweep runs, plan configurations): `(done, total)` after each item; the bar
 * appears once the work has lasted `afterMs` and goes away when done reaches total.
 */
export function countedProgress(label: string, opts: ProgressOptions = {}): (done: number, total: number) => void {
  const stream = opts.stream ?? process.stderr;
  if (!drawsProgress(stream, opts.json)) return () => {};
  const started = Date.now();
  let bar: Bar | undefined;
  return (done, total) => {
    if (!bar && done < total && Date.now() - started >= (opts.afterMs ?? AFTER_MS)) {
      bar = newBar(stream, `capsim: {bar} {value}/{total} ${label} | {elapsed} s | ETA {eta_formatted}`);
      bar.start(total, done, { elapsed: elapsedSince(started) });
    }
    if (!bar) return;
    bar.setTotal(total);
    bar.update(done, { elapsed: elapsedSince(started) });
    if (done >= total) {
      bar.stop();
      bar = undefined;
    }
  };
}

/**
 * Progress of in-process simulations whose length nobody knows beforehand (predict, calibrate,
 * validate): the simulations started, events fired and the simulated clock, from the engine's
 * progress hook. Returns `stop`, which must be called when the work ends (it also clears the line).
 */
export function simulationProgress(label: string, opts: ProgressOptions = {}): () => void {
  const stream = opts.stream ?? process.stderr;
  if (!drawsProgress(stream, opts.json)) return () => {};
  const started = Date.now();
  let bar: Bar | undefined;
  let simulations = 0;
  let events = 0;
  const payload = (clockNs: number) => ({ simulations, events: events.toLocaleString('en-US'), clock: (clockNs / 1e9).toFixed(1), elapsed: elapsedSince(started) });
  engineHook.onStart = () => simulations++;
  engineHook.onEvents = (clockNs, fired) => {
    events += fired;
    if (!bar && Date.now() - started >= (opts.afterMs ?? AFTER_MS)) {
      bar = newBar(stream, `capsim: ${label} | {simulations} simulation(s), {events} events, clock {clock} s | {elapsed} s`);
      bar.start(1, 0, payload(clockNs));
    }
    bar?.update(0, payload(clockNs));
  };
  return () => {
    engineHook.onStart = undefined;
    engineHook.onEvents = undefined;
    bar?.stop();
  };
}

/** Runs `work` with simulation progress, stopping it however the work ends. */
export async function withSimulationProgress<T>(label: string, opts: ProgressOptions, work: () => T | Promise<T>): Promise<T> {
  const stop = simulationProgress(label, opts);
  try {
    return await work();
  } finally {
    stop();
  }
}
