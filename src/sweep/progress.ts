import { countedProgress, type ProgressStream } from '../cli/progress.js';

/**
 * A done/total progress bar on a terminal (cli-progress, via src/cli/progress.ts); silent when the
 * stream is not a TTY (CI logs, pipes), so redirected output stays clean, and for work under ~2 s.
 */
export function progressBar(stream: ProgressStream = process.stderr, label = 'runs', json = false): (done: number, total: number) => void {
  return countedProgress(label, { stream, json });
}
