"""Times two kinds of work on each core, interleaved, to see whether they speed up and slow down
together: a pure-Python loop (the speed probe's workload, calibration/load/speed-probe.ts) and
syscall-bound loops (a pipe write + read in one process; a one-byte round trip over a socketpair
between two processes on the same core, as Celery and Redis take turns on core 1 in the feed runs).

usage: speed-kinds.py ROUNDS OUT.json   (each round: every core, every kind, best of 3)
"""
import json
import os
import socket
import sys
import time

PY_WORK_N = 60000
PIPE_CALLS = 20000
PING_PONGS = 5000


def python_ms():
    """The speed probe's workload: CPU ms of this process, best of 3."""
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        d = {}
        for i in range(PY_WORK_N):
            d["k%d" % i] = (i, str(i * 7))
        sum(len(v[1]) for v in d.values())
        best = min(best, time.process_time() - t)
    return best * 1000


def pipe_us():
    """One os.write + os.read of 64 bytes on a pipe, in this process: CPU µs per pair, best of 3."""
    r, w = os.pipe()
    buf = b"x" * 64
    best = float("inf")
    for _ in range(3):
        t = time.process_time()
        for _ in range(PIPE_CALLS):
            os.write(w, buf)
            os.read(r, 64)
        best = min(best, time.process_time() - t)
    os.close(r)
    os.close(w)
    return best / PIPE_CALLS * 1e6


def ping_pong_us():
    """A 1-byte round trip between this process and a child on the same core (two context switches,
    four socket calls): wall µs per round trip, best of 3 (both sides share the core, so wall = CPU)."""
    a, b = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        a.close()
        while True:
            m = b.recv(1)
            if not m or m == b"q":
                os._exit(0)
            b.send(m)
    b.close()
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(PING_PONGS):
            a.send(b"p")
            a.recv(1)
        best = min(best, time.perf_counter() - t)
    a.send(b"q")
    os.waitpid(pid, 0)
    a.close()
    return best / PING_PONGS * 1e6


def main():
    rounds, out = int(sys.argv[1]), sys.argv[2]
    cores = sorted(os.sched_getaffinity(0))
    samples = []
    t0 = time.time()
    for rnd in range(rounds):
        for core in cores:
            os.sched_setaffinity(0, {core})
            s = {"round": rnd, "core": core, "t_s": round(time.time() - t0, 2)}
            s["pythonMs"] = round(python_ms(), 3)
            s["pipeUsPerWriteRead"] = round(pipe_us(), 3)
            s["pingPongUsPerRoundTrip"] = round(ping_pong_us(), 3)
            s["loadavg1"] = os.getloadavg()[0]
            samples.append(s)
            print(json.dumps(s), flush=True)
    os.sched_setaffinity(0, set(cores))
    doc = {
        "kind": "capsim-speed-kinds",
        "script": "calibration/feed/speed-kinds.py",
        "createdAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t0)),
        "python": sys.version.split()[0],
        "kernel": os.uname().release,
        "workloads": {
            "pythonMs": f"the speed probe's dict/string loop ({PY_WORK_N} items), CPU ms, best of 3",
            "pipeUsPerWriteRead": f"os.write + os.read of 64 B on a pipe in one process, CPU µs per pair over {PIPE_CALLS}, best of 3",
            "pingPongUsPerRoundTrip": f"1-byte send/recv round trip over a socketpair to a forked child on the same core, wall µs over {PING_PONGS}, best of 3",
        },
        "samples": samples,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
