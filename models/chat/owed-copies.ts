import type { Member } from './room.js';

/**
 * Per-connection subscriptions, as Redis's output buffers hold them: each publish owes one copy to
 * every member subscribed when it ran, less those who left before it reached the wire (Redis frees
 * a closed connection's buffer). Departures are a difference array over publish numbers, read in
 * the order publishes are sent, so both operations are O(1).
 */
export class OwedCopies {
  private readonly recipients: number[] = [];
  /** departures[s]: change at publish s in how many departures apply (+1 at from, −1 at to). */
  private readonly departures: number[] = [];
  private nextToSend = 0;
  private departedSoFar = 0;

  published(seq: number, recipients: number): void {
    this.recipients[seq] = recipients;
  }

  /**
   * The member's connection closed after `published` publishes: those it was owed that are not yet
   * on the wire, [max(fromSeq, next to send), published), lose a copy; later ones never counted it.
   */
  departed(member: Member, published: number): void {
    const from = Math.max(member.fromSeq, this.nextToSend);
    if (from >= published) return;
    this.departures[from] = (this.departures[from] ?? 0) + 1;
    this.departures[published] = (this.departures[published] ?? 0) - 1;
  }

  /** Copies of publish `seq` still owed now; call in send order. */
  live(seq: number): number {
    while (this.nextToSend <= seq) this.departedSoFar += this.departures[this.nextToSend++] ?? 0;
    return this.recipients[seq] - this.departedSoFar;
  }
}
