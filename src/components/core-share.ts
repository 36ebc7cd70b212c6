/**
 * The share of its core a process busy `busy` of the time got when it also waited `wait` of the
 * time for it (other work on the core ran meanwhile): it wanted the core busy + wait of the time and
 * ran busy of it. 1 when either is not positive. Both as shares of one wall-clock window.
 */
export function coreShare(busy: number, wait: number): number {
  return busy > 0 && wait > 0 ? busy / (busy + wait) : 1;
}
