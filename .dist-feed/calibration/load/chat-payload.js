/**
 * A chat message as the load generator sends it: JSON carrying the send time (ms on the load
 * generator's monotonic clock) and the VU id, padded to exactly `bytes` when that is at least
 * the unpadded size. The send time comes first so a receiver can read it without parsing JSON.
 */
export function chatPayload(sentAtMs, vu, bytes) {
    const head = `{"t":${sentAtMs.toFixed(3)},"vu":${vu},"p":"`;
    return head + 'x'.repeat(Math.max(0, bytes - head.length - 2)) + '"}';
}
/** The largest unpadded message: the smallest --message-bytes that is met exactly. */
export const MIN_PAYLOAD_BYTES = chatPayload(1e9, 1_000_000, 0).length;
const COMMA = 0x2c;
/** Send time embedded by chatPayload, or NaN for a message that is not one. */
export function sentAtOf(message) {
    const comma = message.indexOf(COMMA);
    return comma < 5 ? NaN : Number(message.toString('latin1', 5, comma));
}
