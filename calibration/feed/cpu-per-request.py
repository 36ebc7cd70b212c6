"""What gunicorn spent per request in the committed MySQL runs, at the reference core: does it grow
with the threads at work, as the model's switch cost (app.switchCost, counted per runnable thread)
says it should?

For each MySQL run record (calibration/runs and calibration/repeats): its server CPU seconds scaled to
the reference core by core 0's speed probe (the mean of before and after, as calibrate feed does),
per success where no request failed; per failure where most did, after taking the successes at the
law below. The law, CPU per success = request + (1 + F) × create, is fitted by least squares on the
runs calibrate feed fits to (models/feed/params.json, app.requestUs's fittedTo) without failures,
and shown against every other no-failure run.

usage: /usr/bin/python3 calibration/feed/cpu-per-request.py
"""
import glob
import json
import os
import statistics

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def records():
    for path in sorted(glob.glob(os.path.join(ROOT, "calibration", "runs", "feed-mysql-*.json")) + glob.glob(os.path.join(ROOT, "calibration", "repeats", "feed-mysql-*.json"))):
        with open(path) as f:
            yield json.load(f)


def main():
    params = json.load(open(os.path.join(ROOT, "models", "feed", "params.json")))
    reference = params["app"]["probeReferenceMs"]["value"]
    fitted = set(params["app"]["requestUs"]["provenance"]["fittedTo"])
    rows = []
    for r in records():
        m = r["metrics"]
        probe = statistics.mean(r["machine"]["speedProbe"]["core0"])
        cpu_ms = 1000 * r["resources"]["server_cpu_seconds"] * reference / probe
        n = m["http_reqs"]["count"]
        ok = m["checks"]["passes"]
        rows.append({"id": r["id"], "fitted": r["id"] in fitted, "vus": int(r["settings"]["vus"]), "conns": int(r["settings"]["max-connections"]),
                     "F": int(r["settings"]["fanout"]), "threads": int(r["settings"]["workers"]) * int(r["settings"]["threads"]),
                     "n": n, "ok": ok, "cpu_ms": cpu_ms, "probe": probe})
    clean = [x for x in rows if x["ok"] == x["n"] and x["n"] > 0]
    train = [x for x in clean if x["fitted"]]
    # Least squares of CPU per success on (1, 1 + F), each run one point.
    xs = [1 + x["F"] for x in train]
    ys = [x["cpu_ms"] / x["ok"] for x in train]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    create = sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)
    request = my - create * mx
    print(f"law fitted to {len(train)} calibration runs without failures: CPU per success = {1000 * request:.0f} µs + (1 + F) × {1000 * create:.1f} µs (reference core)")
    print(f"the model's: request {params['app']['requestUs']['value']} + connect {params['app']['connectUs']['value']} µs, create() {params['app']['createUs']['value']} µs, switch cost {params['app']['switchCost']['value']} per runnable thread beyond the core")
    print()
    print("| run | role | VUs | max_connections | F | probe core 0 (ms) | successes | CPU per success (ms, reference) | law | error |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for x in sorted(clean, key=lambda x: (x["F"], x["vus"], x["id"])):
        law = request + create * (1 + x["F"])
        per = x["cpu_ms"] / x["ok"]
        print(f"| {x['id']} | {'calibration' if x['fitted'] else 'held out'} | {x['vus']} | {x['conns']} | {x['F']} | {x['probe']:.1f} | {x['ok']} | {per:.2f} | {law:.2f} | {100 * (per / law - 1):+.1f}% |")
    print()
    print("Runs with failures (1040 pages): CPU per failure after the successes at the law")
    print()
    print("| run | role | VUs | max_connections | F | successes | failures | CPU per failure (ms, reference) |")
    print("|---|---|---|---|---|---|---|---|")
    for x in sorted((x for x in rows if x["ok"] < x["n"] and x["n"] - x["ok"] > 0.5 * x["n"]), key=lambda x: (x["conns"], x["F"], x["vus"], x["id"])):
        fails = x["n"] - x["ok"]
        per = (x["cpu_ms"] - x["ok"] * (request + create * (1 + x["F"]))) / fails
        print(f"| {x['id']} | {'calibration' if x['fitted'] else 'held out'} | {x['vus']} | {x['conns']} | {x['F']} | {x['ok']} | {fails} | {per:.1f} |")


if __name__ == "__main__":
    main()
