"""CPU per feed write on both ends of a Celery fan-out, measured on this machine.

  taskset -c 1 /usr/bin/python3 calibration/feed/redis-costs.py > models/feed/redis-costs.json

Starts a private redis-server (pinned to core 0, port 6391, no persistence), then LPUSHes one post
id into COMMANDS feed lists from redis-py, one command per round trip (no pipeline), as a naive
Celery task does. Reports the client's CPU per command (time.process_time) and the server's
(utime + stime of redis-server from /proc, per command). Best of ROUNDS; the machine is shared.
"""
import json, os, subprocess, tempfile, time
import redis

COMMANDS = int(os.environ.get("COMMANDS", "20000"))
ROUNDS = int(os.environ.get("ROUNDS", "3"))
work = tempfile.mkdtemp(prefix="capsim-feed-redis-")
proc = subprocess.Popen(["taskset", "-c", "0", "redis-server", "--port", "6391", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", work],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    r = redis.Redis(port=6391)
    for _ in range(100):
        try:
            r.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    tick = os.sysconf("SC_CLK_TCK")

    def server_cpu():
        with open(f"/proc/{proc.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    client_best = server_best = float("inf")
    for _ in range(ROUNDS):
        s0, c0 = server_cpu(), time.process_time()
        for i in range(COMMANDS):
            r.lpush(f"feed:{i % 10000}", 12345)
        client_best = min(client_best, (time.process_time() - c0) / COMMANDS)
        server_best = min(server_best, (server_cpu() - s0) / COMMANDS)
    print(json.dumps({
        "clientUsPerCommand": round(1e6 * client_best, 1),
        "serverUsPerCommand": round(1e6 * server_best, 2),
        "commands": COMMANDS,
        "rounds": ROUNDS,
        "method": "redis-py LPUSH, one round trip each, loopback; client process_time, server /proc utime+stime; best of rounds",
        "redis": subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.split()[2],
    }, indent=2))
finally:
    proc.terminate()
    proc.wait()
    subprocess.run(["rm", "-rf", work])
