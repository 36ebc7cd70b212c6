"""Summarises a FEED_TRACE directory (calibration/apps/feed/feed/views.py) as one JSON document.

Each line is one request: "created" (view start, after the first INSERT, view end, fan-out, connection
closed) or "page" (a technical 500 page: render start, render end, when its traceback's QuerySet
connected or "", request finished after the response was sent). Requests that start in the first
STEADY_S seconds are left out: the first wave of VUs arrives at once.
"""
import glob
import json
import statistics
import sys

STEADY_S = 8


def summary(xs):
    xs = sorted(xs)
    return {"n": len(xs), "mean_ms": round(1000 * statistics.mean(xs), 1), "median_ms": round(1000 * xs[len(xs) // 2], 1)} if xs else {"n": 0}


rows = [line.rstrip("\n").split("\t") for f in glob.glob(sys.argv[1] + "/*.tsv") for line in open(f)]
t0 = min(float(r[1]) for r in rows)
steady = [r for r in rows if float(r[1]) - t0 > STEADY_S and len(r) >= 5]
created = [[float(x) for x in r[1:]] for r in steady if r[0] == "created"]
pages = [r for r in steady if r[0] == "page"]
connected = [[float(x) for x in r[1:]] for r in pages if r[3]]
# A page's time in the app: its render, then sending the response until request_finished.
in_app = [c[3] - c[0] for c in connected]
json.dump(
    {
        "created": {
            "connect_and_first_insert": summary([c[1] - c[0] for c in created]),
            "fan_out_loop": summary([c[2] - c[1] for c in created]),
            "view_end_to_connection_closed": summary([c[4] - c[2] for c in created]),
        },
        "pages": {
            "count": len(pages),
            "connected": len(connected),
            "render": summary([float(r[2]) - float(r[1]) for r in pages]),
            "render_end_to_request_finished": summary([float(r[4]) - float(r[2]) for r in pages]),
            "connection_held": summary([c[3] - c[2] for c in connected]),
            "connected_after_share_of_time_in_app": round(statistics.mean((c[2] - c[0]) / t for c, t in zip(connected, in_app)), 4) if connected else None,
        },
    },
    sys.stdout,
    indent=2,
)
print()
