/**
 * A per-key coalescing queue: at most one update per key in progress and one pending. A newer
 * update replaces the pending one (only the newest value matters, as with a player's score), so
 * the work per key is bounded by two updates whatever the offered rate. Keys with nothing in
 * progress hold no memory: cost grows with the keys active at once, not with the key space.
 */
export interface Update<K, V> {
  key: K;
  /** Issue order: a larger sequence is newer. */
  seq: number;
  value: V;
}

export class LatestPerKey<K, V> {
  private readonly inProgress = new Map<K, Update<K, V>>();
  private readonly pending = new Map<K, Update<K, V>>();
  /** Pending updates dropped because a newer one for the same key arrived. */
  replaced = 0;

  /**
   * Offers an update. Returns it if it may start now (nothing in progress for its key), else
   * null: it waits as the key's pending update, and `onReplaced` hears of the one it displaced
   * and the one that stays pending. An update older than the pending one is itself dropped.
   */
  offer(u: Update<K, V>, onReplaced: (dropped: Update<K, V>, kept: Update<K, V>) => void = () => {}): Update<K, V> | null {
    if (!this.inProgress.has(u.key)) {
      this.inProgress.set(u.key, u);
      return u;
    }
    const waiting = this.pending.get(u.key);
    if (waiting && waiting.seq > u.seq) {
      this.replaced++;
      onReplaced(u, waiting);
      return null;
    }
    if (waiting) {
      this.replaced++;
      onReplaced(waiting, u);
    }
    this.pending.set(u.key, u);
    return null;
  }

  /** The key's update in progress finished; returns the pending one, now in progress, if any. */
  done(key: K): Update<K, V> | null {
    if (!this.inProgress.delete(key)) throw new Error(`no update in progress for ${String(key)}`);
    const next = this.pending.get(key);
    if (!next) return null;
    this.pending.delete(key);
    this.inProgress.set(key, next);
    return next;
  }

  get activeKeys(): number {
    return this.inProgress.size;
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}
