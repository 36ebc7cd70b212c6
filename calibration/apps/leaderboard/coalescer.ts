/**
 * The write-up's per-player virtual queue: only the newest score matters, so a player has at most
 * one update in progress and one pending; a newer update replaces the pending one (counted as
 * replaced). The callers of a replaced update are answered when the update that replaced it lands.
 * With `enabled` false every update goes to the writer as it comes.
 */
export interface Update {
  player: number;
  score: number;
  t: number;
  done: Array<(superseded: boolean) => void>;
}

export class Coalescer {
  private readonly players = new Map<number, Update | null>();
  received = 0;
  applied = 0;
  replaced = 0;

  constructor(
    readonly enabled: boolean,
    private readonly start: (u: Update, finished: () => void) => void,
  ) {}

  submit(player: number, score: number, t: number, reply: (superseded: boolean) => void): void {
    this.received++;
    const u: Update = { player, score, t, done: [reply] };
    if (!this.enabled) {
      this.start(u, () => this.land(u));
      return;
    }
    if (!this.players.has(player)) {
      this.players.set(player, null);
      this.begin(u);
      return;
    }
    const pending = this.players.get(player);
    if (pending) {
      this.replaced++;
      pending.score = score;
      pending.t = t;
      pending.done.push(reply);
    } else {
      this.players.set(player, u);
    }
  }

  /** Players with an update in progress. */
  get inProgress(): number {
    return this.players.size;
  }

  private begin(u: Update): void {
    this.start(u, () => {
      this.land(u);
      const next = this.players.get(u.player);
      if (next) {
        this.players.set(u.player, null);
        this.begin(next);
      } else {
        this.players.delete(u.player);
      }
    });
  }

  private land(u: Update): void {
    this.applied++;
    u.done.forEach((d, i) => d(i < u.done.length - 1));
  }

  resetCounters(): void {
    this.received = 0;
    this.applied = 0;
    this.replaced = 0;
  }
}
