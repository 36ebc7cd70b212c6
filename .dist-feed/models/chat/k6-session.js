import { toMillis } from '../../src/engine/time.js';
/**
 * The seed's k6 iteration: open a WebSocket, send one message every `interval` from `open` on,
 * close `hold` after `open`. k6/ws closes at once without waiting for the server (Socket.Close), so
 * a session lasts connect time + hold. Returns the iteration function an executor runs.
 */
export function chatSession(sim, network, script, metrics, jitter) {
    const late = () => Math.floor(jitter() * script.timerJitterNs);
    return (vu, done) => {
        const start = sim.now;
        let closesAt = 0;
        network.dial(vu, (openAt) => (closesAt = openAt + script.holdNs + late()), (conn) => {
            metrics.checks.add(true); // status is 101
            metrics.ws_connecting.add(toMillis(sim.now - start));
            const tick = (k) => {
                const due = conn.openAt + k * script.intervalNs + late();
                if (due >= closesAt)
                    return;
                sim.at(due, () => {
                    metrics.ws_msgs_sent.add(1);
                    metrics.sentPerSecond.add(due, 1);
                    network.send(conn, due);
                    tick(k + 1);
                });
            };
            tick(1);
            sim.at(closesAt, () => {
                metrics.ws_sessions.add(1);
                metrics.ws_session_duration.add(toMillis(closesAt - start));
                network.hangUp(conn);
                done();
            });
        });
    };
}
