/**
 * One chat room as Redis numbers it: publishes get consecutive sequence numbers, and a member
 * receives every publish whose number falls inside its membership window [fromSeq, toSeq).
 * Windows let one publish reach N members by arithmetic instead of N events.
 */
export class Room {
    /** Client send time of each publish, by sequence number (for delivery latency). */
    sentAt = [];
    /** Members subscribed now: the recipients of the next publish. */
    members = 0;
    /** Σ over publishes of their recipients: sent × recipients. */
    expectedDeliveries = 0;
    get published() {
        return this.sentAt.length;
    }
    /** Records a publish; returns its sequence number. */
    publish(sentAt) {
        this.expectedDeliveries += this.members;
        this.sentAt.push(sentAt);
        return this.sentAt.length - 1;
    }
}
/** A WebSocket as the room sees it: which publishes it is owed and how many it has been given. */
export class Member {
    room;
    vu;
    clientClosesAt;
    /** Sequence number of the first publish this member receives. */
    fromSeq;
    /** One past the last publish it receives; Infinity while it is still a member. */
    toSeq = Infinity;
    /** Next sequence number to deliver to it. */
    cursor;
    constructor(room, vu, clientClosesAt) {
        this.room = room;
        this.vu = vu;
        this.clientClosesAt = clientClosesAt;
        this.fromSeq = room.published;
        this.cursor = this.fromSeq;
        room.members++;
    }
    get subscribed() {
        return this.toSeq === Infinity;
    }
    /** Publishes owed to it among the first `arrived` ones that have reached its app task. */
    readable(arrived) {
        return Math.max(0, Math.min(arrived, this.toSeq) - this.cursor);
    }
    /** Ends the membership; returns how many owed publishes it will never be given. */
    leave() {
        this.toSeq = this.room.published;
        this.room.members--;
        return Math.max(0, this.toSeq - this.cursor);
    }
}
