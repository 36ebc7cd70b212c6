"""Summarises a FEED_TRACE directory (calibration/apps/feed/feed/trace.py) as one JSON document.

Each line is one request: "created" (start, first INSERT done, view end, finished) or "page" (a
technical 500 page: start, render end, log_emit when Django's AdminEmailHandler got its lock,
send_start, sent, close, finished), each phase with wall and thread CPU time, and the times its
database connections were opened. Requests that start in the first STEADY_S seconds are left out:
the first wave of VUs arrives at once.
"""
import glob
import json
import statistics
import sys

STEADY_S = 8


def summary(xs):
    xs = sorted(xs)
    return {"n": len(xs), "mean_ms": round(1000 * statistics.mean(xs), 1), "median_ms": round(1000 * xs[len(xs) // 2], 1)} if xs else {"n": 0}


def wall(r, a, b):
    return r[b]["t"] - r[a]["t"]


def cpu(r, a, b):
    return r[b]["cpu"] - r[a]["cpu"]


rows = [json.loads(line) for f in glob.glob(sys.argv[1] + "/*.jsonl") for line in open(f)]
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
        },
        "pages": {
            "count": len(pages),
            "render": summary([wall(r, "start", "render_end") for r in pages]),
            "render_cpu": summary([cpu(r, "start", "render_end") for r in pages]),
            "render_end_to_log_lock": summary([wall(r, "render_end", "log_emit") for r in pages]),
            "log_emit": summary([wall(r, "log_emit", "send_start") for r in pages]),
            "log_cpu": summary([cpu(r, "render_end", "send_start") for r in pages]),
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
