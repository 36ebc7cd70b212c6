/**
 * Rooms placed by arithmetic, as the chat model fans out: users fill rooms in join order (user i is
 * in room ⌊i / S⌋), the ELB places connections without knowing rooms, so the S − 1 other members
 * of a sender's room are spread evenly over the C processes.
 */

/** Expected members of one room in one given process other than the sender's: (S − 1) / C. */
export function membersPerProcess(roomSize: number, processes: number): number {
  return (roomSize - 1) / processes;
}

/** Chance that a given process other than the sender's holds at least one member: 1 − (1 − 1/C)^(S−1). */
export function chanceOfMembers(roomSize: number, processes: number): number {
  return processes <= 1 ? 0 : 1 - Math.pow(1 - 1 / processes, roomSize - 1);
}

/** CRC16-XMODEM, the hash Redis Cluster uses for key slots (cluster spec, appendix A). */
export function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

export const SLOTS = 16384;

/** The slot of a key, honouring a `{hash tag}` as Redis does. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key.slice(open + 1, close)) % SLOTS;
  }
  return crc16(key) % SLOTS;
}

/** Which of M masters owns a slot when `redis-cli --cluster create` splits the slots into even ranges. */
export function masterOfSlot(slot: number, masters: number): number {
  return Math.min(masters - 1, Math.floor((slot * masters) / SLOTS));
}

/**
 * Users per shard as users join and leave rooms. The sharded adapter's channel for room r is
 * `socket.io#/#room-r#` and the history key `room-r:history` hashes the same way ({room-r} tag in
 * the bundled app), so a room's publishes, history and subscribers all live on one shard.
 */
export class RoomShards {
  readonly usersOnShard: number[];
  private readonly shardOfRoom: number[] = [];
  /** Connected members of each room, and Σ n(n − 1) over rooms (ordered pairs of members). */
  private readonly inRoom: number[] = [];
  private pairs = 0;
  private members = 0;

  constructor(readonly masters: number, readonly roomSize: number) {
    this.usersOnShard = new Array<number>(masters).fill(0);
  }

  shardOf(room: number): number {
    for (let r = this.shardOfRoom.length; r <= room; r++) this.shardOfRoom.push(masterOfSlot(keySlot(`{room-${r}}`), this.masters));
    return this.shardOfRoom[room];
  }

  /** User number `user` (0-based, in join order) joins (+1) or leaves (−1) its room. */
  move(user: number, delta: 1 | -1): void {
    const room = Math.floor(user / this.roomSize);
    this.usersOnShard[this.shardOf(room)] += delta;
    const n = this.inRoom[room] ?? 0;
    this.pairs += delta > 0 ? 2 * n : -2 * (n - 1);
    this.members += delta;
    this.inRoom[room] = n + delta;
  }

  /**
   * Share of a sender's started room mates (VUs below `active`, which fill rooms in order) that are
   * connected, averaged over connected senders: users held out of a saturated app leave the last
   * rooms empty, not every room thinner (the generator owes a copy only to members joined at send
   * time). 1 when every started VU is connected, and for rooms of one.
   */
  matesConnected(active: number): number {
    const S = this.roomSize;
    if (S <= 1 || this.members <= 0) return 1;
    // Σ over connected senders of their started mates: S − 1 each, fewer in the last, partly started room.
    const last = Math.floor((active - 1) / S);
    const startedInLast = active - last * S;
    const started = (S - 1) * this.members - (this.inRoom[last] ?? 0) * (S - startedInLast);
    return started > 0 ? Math.min(1, this.pairs / started) : 1;
  }
}
