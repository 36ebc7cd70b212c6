/**
 * A one-line progress bar on a terminal; silent when the stream is not a TTY (CI logs, pipes), so
 * redirected output stays clean.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr, label = 'runs'): (done: number, total: number) => void {
  if (!stream.isTTY) return () => {};
  const started = Date.now();
  let lastDraw = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 30;
    const filled = Math.round((width * done) / Math.max(1, total));
    const elapsed = (now - started) / 1000;
    const eta = done > 0 && done < total ? ` ~${Math.ceil((elapsed * (total - done)) / done)} s left` : '';
    stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label} ${elapsed.toFixed(0)} s${eta}\x1b[K`);
    if (done === total) stream.write('\n');
  };
}
