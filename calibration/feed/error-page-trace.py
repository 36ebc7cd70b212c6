"""Summarises a FEED_TRACE directory (calibration/apps/feed/feed/trace.py) as one JSON document.

Each line is one request: "created" (start, first INSERT done, view end, finished) or "page" (a
technical 500 page: start, render end, log_emit when Django's AdminEmailHandler got its lock,
send_start, sent, close, finished), each phase with wall and thread CPU time, and the times its
database connections were opened. Requests that start in the first STEADY_S seconds are left out:
the first wave of VUs arrives at once.
"""
import glob
import json
import os
import statistics
import sys

STEADY_S = 8


def summary(xs):
    xs = sorted(xs)
    return {"n": len(xs), "mean_ms": round(1000 * statistics.mean(xs), 1), "median_ms": round(1000 * statistics.median_high(xs), 1)} if xs else {"n": 0}


def wall(r, a, b, clock="t"):
    """Time from phase `a` to phase `b` of record `r`, on the wall clock or the thread's CPU clock ("cpu")."""
    return r[b][clock] - r[a][clock]


def least_squares(xs, ys):
    """Coefficients b of y ≈ b·x (normal equations, Gauss–Jordan: the inputs are a few columns);
    None when a column carries no information (e.g. no renderer in any other process)."""
    k = len(xs[0])
    a = [[sum(x[i] * x[j] for x in xs) for j in range(k)] + [sum(x[i] * y for x, y in zip(xs, ys))] for i in range(k)]
    for c in range(k):
        if abs(a[c][c]) < 1e-12:
            return None
        for r in range(k):
            if r != c:
                f = a[r][c] / a[c][c]
                a[r] = [u - f * v for u, v in zip(a[r], a[c])]
    return [a[i][k] / a[i][i] for i in range(k)]


def overlap(a, b, intervals):
    """Time-averaged number of `intervals` open during [a, b]."""
    return sum(max(0.0, min(b, e) - max(a, s)) for s, e in intervals) / (b - a)


def convoy(by_process):
    """A success's fan-out loop time per create against the tracebacks being rendered (pages and
    log emits: long CPU bursts) in its own worker process and in the others, over the loop."""
    bursts = {
        pid: [(r["start"]["t"], r["render_end"]["t"]) for r in rs if r["kind"] == "page" and "render_end" in r]
        + [(r["log_emit"]["t"], r["send_start"]["t"]) for r in rs if r["kind"] == "page" and "log_emit" in r and "send_start" in r]
        for pid, rs in by_process.items()
    }
    xs, ys = [], []
    for pid, rs in by_process.items():
        for r in rs:
            if r["kind"] == "created" and "view_end" in r and r["start"]["t"] - t0 > STEADY_S:
                a, b = r["first_insert"]["t"], r["view_end"]["t"]
                others = [i for q, ints in bursts.items() if q != pid for i in ints]
                xs.append([1.0, overlap(a, b, bursts[pid]), overlap(a, b, others)])
                ys.append(1000 * (b - a) / fanout)
    if len(xs) < 3:
        return None
    c = least_squares(xs, ys)
    if c is None:
        return None
    return {"n": len(xs), "ms_per_create": round(c[0], 2), "ms_per_create_per_own_process_renderer": round(c[1], 2), "ms_per_create_per_other_process_renderer": round(c[2], 2)}


by_process = {f: [json.loads(line) for line in open(f)] for f in glob.glob(sys.argv[1] + "/*.jsonl")}
# The fan-out of the traced run, from its run record beside the trace directory.
(record,) = glob.glob(os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "*.json"))
fanout = int(json.load(open(record))["settings"]["fanout"])
rows = [r for rs in by_process.values() for r in rs]
t0 = min(r["start"]["t"] for r in rows)
steady = [r for r in rows if r["start"]["t"] - t0 > STEADY_S]
created = [r for r in steady if r["kind"] == "created" and "view_end" in r]
pages = [r for r in steady if r["kind"] == "page" and "log_emit" in r and "sent" in r]
# Where a page's traceback opened a connection: while rendering the page, or while the log
# handler rendered its own text traceback. Either is held until the request has finished.
in_render = [r for r in pages if r["connections"] and r["connections"][0]["t"] < r["render_end"]["t"]]
in_log = [r for r in pages if r["connections"] and r["connections"][0]["t"] >= r["render_end"]["t"]]
json.dump(
    {
        "created": {
            "connect_and_first_insert": summary([wall(r, "start", "first_insert") for r in created]),
            "fan_out_loop": summary([wall(r, "first_insert", "view_end") for r in created]),
            "view_end_to_finished": summary([wall(r, "view_end", "finished") for r in created]),
            "fan_out_loop_against_renderers": convoy(by_process),
        },
        "pages": {
            "count": len(pages),
            "render": summary([wall(r, "start", "render_end") for r in pages]),
            "render_cpu": summary([wall(r, "start", "render_end", "cpu") for r in pages]),
            "render_end_to_log_lock": summary([wall(r, "render_end", "log_emit") for r in pages]),
            "log_emit": summary([wall(r, "log_emit", "send_start") for r in pages]),
            "log_cpu": summary([wall(r, "render_end", "send_start", "cpu") for r in pages]),
            "send": summary([wall(r, "send_start", "sent") for r in pages]),
            "sent_to_finished": summary([wall(r, "sent", "finished") for r in pages]),
            "connected_in_render": len(in_render),
            "connected_after_share_of_render": (
                round(statistics.mean((r["connections"][0]["t"] - r["start"]["t"]) / wall(r, "start", "render_end") for r in in_render), 4) if in_render else None
            ),
            "connected_in_log": len(in_log),
            "connected_after_share_of_log_emit": (
                round(statistics.mean((r["connections"][0]["t"] - r["log_emit"]["t"]) / wall(r, "log_emit", "send_start") for r in in_log), 4) if in_log else None
            ),
            "connection_held": summary([r["finished"]["t"] - r["connections"][0]["t"] for r in in_render + in_log]),
        },
    },
    sys.stdout,
    indent=2,
)
print()
