"""How SQLite's write lock is shared by concurrent autocommit writers, measured on this machine.

  calibration/feed/sqlite-lock-fairness.sh > batch.json   (adds core 0's speed probe before and after)

Case a of the feed seed has five requests per SQLite file, each 501 autocommit INSERTs, with the
lock held for a commit's fsyncs (milliseconds) and released only in the short gaps of the ORM work
between two statements. Whether the writers asleep in SQLite's busy handler win the lock in those
gaps decides whether requests fail with "database is locked" after the 5 s busy timeout. This
script puts WRITERS processes (gunicorn's workers are processes) on one file, each a loop of
requests of ROWS single-row INSERTs (Python's sqlite3, isolation_level None, timeout 5 s, as
Django's SQLite backend) with GAP_US of Python CPU before each INSERT (the ORM's work), and records
per statement how long it took and whether the writer had to wait, per request its time and
whether it failed. First one writer alone gives the lock time and gap uncontended.
Settings: env WRITERS (list, default "1 5 10"), ROWS (501), GAP_US (list, default "0 200"), SECONDS (15),
DIR (where the file goes, default /var/tmp). calibration/load/disk-probe.ts runs it as one writer of
100 INSERTs in /tmp: the disk's share of a commit.
"""
import json, multiprocessing as mp, os, sqlite3, tempfile, time

ROWS = int(os.environ.get("ROWS", "501"))
SECONDS = float(os.environ.get("SECONDS", "15"))
WRITERS = [int(x) for x in os.environ.get("WRITERS", "1 5 10").split()]
GAPS = [int(x) for x in os.environ.get("GAP_US", "0 200").split()]


def spin(us):
    """Python CPU for `us` µs (the ORM's work between two INSERTs), holding the GIL as Django does."""
    end = time.perf_counter() + us / 1e6
    x = 0
    while time.perf_counter() < end:
        x += 1
    return x


def writer(path, gap_us, stop_at, out):
    db = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
    requests, stmts, cpu0 = [], [], time.process_time()
    while True:
        t0 = time.perf_counter()
        ok = True
        for _ in range(ROWS):
            spin(gap_us)
            s = time.perf_counter()
            try:
                db.execute("INSERT INTO feed_item (user_id, post_id) VALUES (?, ?)", (2, 1))
            except sqlite3.OperationalError:
                ok = False
                break
            stmts.append(time.perf_counter() - s)
        requests.append((time.perf_counter() - t0, ok))
        # k6's sleep 1 s is left out: the writers keep the file busy, as case a's VUs did.
        if time.time() >= stop_at:
            break
    cpu = time.process_time() - cpu0 - len(stmts) * gap_us / 1e6
    db.close()
    out.put({"requests": requests, "stmts": stmts, "cpu": cpu})


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))] if xs else None


def run(n, gap_us):
    d = tempfile.mkdtemp(prefix="capsim-sqlite-fair-", dir=os.environ.get("DIR", "/var/tmp"))
    path = os.path.join(d, "feed.sqlite3")
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE feed_item (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL, post_id INTEGER NOT NULL)")
    db.execute("CREATE INDEX fi_user ON feed_item (user_id)")
    db.execute("CREATE INDEX fi_post ON feed_item (post_id)")
    mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    db.close()
    q = mp.Queue()
    stop_at = time.time() + SECONDS
    ps = [mp.Process(target=writer, args=(path, gap_us, stop_at, q)) for _ in range(n)]
    c0, t0 = os.times(), time.time()
    for p in ps:
        p.start()
    res = [q.get() for _ in ps]
    for p in ps:
        p.join()
    c1 = os.times()
    wall = max(SECONDS, time.time() - t0)
    reqs = [r for x in res for r in x["requests"]]
    stmts = [s for x in res for s in x["stmts"]]
    done = [t for t, ok in reqs if ok]
    failed = [t for t, ok in reqs if not ok]
    per_writer = [sum(1 for _, ok in x["requests"] if ok) for x in res]
    for f in os.listdir(d):
        os.remove(os.path.join(d, f))
    os.rmdir(d)
    return {
        "writers": n, "gapUs": gap_us, "rows": ROWS, "seconds": SECONDS, "elapsedS": round(wall, 2), "journalMode": mode,
        "requests": len(reqs), "succeeded": len(done), "lockedOut": len(failed),
        "succeededPerWriter": per_writer,
        "requestS": {"mean": round(sum(done) / len(done), 3) if done else None, "p50": round(pct(done, 0.5), 3) if done else None,
                     "p95": round(pct(done, 0.95), 3) if done else None, "max": round(max(done), 3) if done else None},
        "statements": len(stmts), "rowsPerS": round(len(stmts) / wall, 1),
        "statementMs": {"p50": round(1e3 * pct(stmts, 0.5), 3), "p90": round(1e3 * pct(stmts, 0.9), 3),
                        "p99": round(1e3 * pct(stmts, 0.99), 3), "max": round(1e3 * max(stmts), 1),
                        "mean": round(1e3 * sum(stmts) / len(stmts), 3)},
        "cpuUsPerStatement": round(1e6 * sum(x["cpu"] for x in res) / max(1, len(stmts)), 1),
        "childCpuS": round((c1.children_user + c1.children_system) - (c0.children_user + c0.children_system), 2),
    }


if __name__ == "__main__":
    out = {"method": "N processes, each a loop of ROWS autocommit INSERTs into one SQLite file on /var/tmp (ext4), "
                     "Python sqlite3 timeout 5 s, GAP_US of Python CPU before each INSERT; all pinned to one core by the caller",
           "sqlite": sqlite3.sqlite_version, "cases": []}
    for gap in GAPS:
        for n in WRITERS:
            out["cases"].append(run(n, gap))
    out["cpus"] = sorted(os.sched_getaffinity(0))
    out["loadavg"] = os.getloadavg()
    print(json.dumps(out, indent=1))
