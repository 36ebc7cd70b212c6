"""PostgreSQL's CPU per document command, by document size and by how many commands run at once.

  /usr/bin/python3 doc_cost.py --pg-pid PID --items 1000,2000,5000 --concurrency 1,20 --seconds 4 > out.json
  (PGHOST, PGPORT, PGUSER, PGDATABASE as for psql; run it pinned to the API's core)

For each size and each concurrency it seeds `concurrency` users with a document of that many items
(seed.py's documents), then for `--seconds` runs what the bundled app runs per request, with no HTTP,
no DPoP and no Locust in between:
  rmw      SELECT doc::text, json.loads, append an item, json.dumps, UPDATE docs SET doc = $2::jsonb
  inplace  the app's in-place add (jsonb_set ... || $2::jsonb)
one loop per connection, all loops at once. It reads the CPU of PostgreSQL's whole process tree
(/proc/<pid>/schedstat run time; user and system time from /proc/<pid>/stat) and pg_stat_wal
before and after, and prints one JSON line per cell: CPU per command pair (ms), the user/system
split, WAL bytes and fsync time per request. This separates what a command costs by the document's
size from what it costs because many backends share one core.
"""
import argparse
import asyncio
import json
import os
import time

import asyncpg

from seed import fill

TICK = os.sysconf("SC_CLK_TCK")


def tree(root: int) -> list[int]:
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def cpu(root: int) -> dict:
    """Run time (schedstat, ns → s), user and system seconds of the tree, summed."""
    run = user = system = 0.0
    for pid in tree(root):
        try:
            with open(f"/proc/{pid}/schedstat") as f:
                run += int(f.read().split()[0]) / 1e9
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            user += int(fields[11]) / TICK
            system += int(fields[12]) / TICK
        except OSError:
            pass  # a backend that ended between the listing and the read
    return {"run": run, "user": user, "system": system}


async def wal(conn) -> dict:
    r = await conn.fetchrow("SELECT wal_bytes, wal_sync, wal_sync_time FROM pg_stat_wal")
    return {"bytes": int(r["wal_bytes"]), "syncs": int(r["wal_sync"]), "syncMs": float(r["wal_sync_time"])}


async def seed(conn, users: int, items: int) -> tuple[int, int]:
    await fill(conn, users, items)
    return (await conn.fetchval("SELECT length(doc::text) FROM docs LIMIT 1"),
            await conn.fetchval("SELECT avg(pg_column_size(doc))::int FROM docs"))


async def loop(conn, user: str, mode: str, until: float) -> int:
    n = 0
    while time.perf_counter() < until:
        item = {"id": f"x{n}", "subject": "math", "term": "2024-1", "score": 90, "memo": "bench"}
        if mode == "rmw":
            doc = json.loads(await conn.fetchval("SELECT doc::text FROM docs WHERE user_id = $1", user))
            doc["items"].append(item)
            if len(doc["items"]) > 1:
                del doc["items"][0]  # keep the size: one in, one out
            await conn.execute("UPDATE docs SET doc = $2::jsonb WHERE user_id = $1", user, json.dumps(doc))
        else:
            await conn.execute("UPDATE docs SET doc = jsonb_set(doc, '{items}', (doc->'items') || $2::jsonb) WHERE user_id = $1", user, json.dumps([item]))
        n += 1
    return n


async def cell(pg_pid: int, items: int, concurrency: int, mode: str, seconds: float) -> dict:
    admin = await asyncpg.connect()
    text_bytes, stored_bytes = await seed(admin, concurrency, items)
    conns = [await asyncpg.connect() for _ in range(concurrency)]
    await admin.execute("CHECKPOINT")
    w0, c0, t0 = await wal(admin), cpu(pg_pid), time.perf_counter()
    counts = await asyncio.gather(*(loop(c, f"u{i}", mode, t0 + seconds) for i, c in enumerate(conns)))
    t1, c1, w1 = time.perf_counter(), cpu(pg_pid), await wal(admin)
    for c in conns:
        await c.close()
    await admin.close()
    n = sum(counts)
    per = lambda x: round(1000 * x / n, 3)  # noqa: E731
    return {
        "mode": mode, "items": items, "concurrency": concurrency, "requests": n, "seconds": round(t1 - t0, 3),
        "textBytes": text_bytes, "storedBytes": stored_bytes,
        "pgCpuMsPerRequest": per(c1["run"] - c0["run"]), "userMsPerRequest": per(c1["user"] - c0["user"]),
        "systemMsPerRequest": per(c1["system"] - c0["system"]), "pgCpuShare": round((c1["run"] - c0["run"]) / (t1 - t0), 3),
        "walKiBPerRequest": round((w1["bytes"] - w0["bytes"]) / 1024 / n, 1), "walSyncs": w1["syncs"] - w0["syncs"],
        "walSyncMs": round(w1["syncMs"] - w0["syncMs"], 1),
    }


async def main(a) -> None:
    for items in a.items:
        for concurrency in a.concurrency:
            for mode in a.modes:
                print(json.dumps(await cell(a.pg_pid, items, concurrency, mode, a.seconds)), flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--pg-pid", type=int, required=True)
    p.add_argument("--items", type=lambda s: [int(x) for x in s.split(",")], required=True)
    p.add_argument("--concurrency", type=lambda s: [int(x) for x in s.split(",")], default=[1])
    p.add_argument("--modes", type=lambda s: s.split(","), default=["rmw", "inplace"])
    p.add_argument("--seconds", type=float, default=4)
    asyncio.run(main(p.parse_args()))
