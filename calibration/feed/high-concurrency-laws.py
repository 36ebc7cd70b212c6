"""Which law MariaDB's CPU per INSERT follows past the peak, in a case-c curve
(calibration/feed/mysql-high-concurrency.sh): a cost linear in the sessions N (the USL's κ tail) or
one growing as √N. Each is fitted by least squares to 16–200 sessions and checked at 300, 400, 500,
on the least CPU per INSERT over the rounds (what a core of its own would spend) and on the mean.

usage: /usr/bin/python3 calibration/feed/high-concurrency-laws.py models/feed/mysql-high-concurrency.json [more.json …]
"""
import json
import math
import statistics
import sys

FIT = (16, 200)
CHECK = (300, 400, 500)


def fit_line(xs, ys):
    mx, my = statistics.mean(xs), statistics.mean(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def main(paths):
    for path in paths:
        run = json.load(open(path))
        by_n = {}
        for rnd in run["rounds"]:
            for p in rnd:
                by_n.setdefault(p["n"], []).append(p)
        probe = run["machine"].get("speedProbe", {})
        print(f"{path}: speed probe {json.dumps(probe)}")
        print("| N | INSERTs/s (rounds) | CPU per INSERT µs (rounds) |")
        print("|---|---|---|")
        for n in sorted(by_n):
            ps = by_n[n]
            rates = ", ".join("%s" % format(round(p["perSecond"]), ",") for p in ps)
            cpus = ", ".join("%.0f" % p["serverCpuUsPerInsert"] for p in ps)
            print(f"| {n} | {rates} | {cpus} |")
        for label, pick in (("least", min), ("mean", statistics.mean)):
            cpu = {n: pick([p["serverCpuUsPerInsert"] for p in ps]) for n, ps in by_n.items()}
            fit_ns = [n for n in sorted(cpu) if FIT[0] <= n <= FIT[1]]
            for law, f in (("linear in N", lambda n: n), ("√N", math.sqrt)):
                a, b = fit_line([f(n) for n in fit_ns], [cpu[n] for n in fit_ns])
                errs = ", ".join(f"{n}: {cpu[n]:.0f} µs measured, {a + b * f(n):.0f} fitted ({100 * ((a + b * f(n)) / cpu[n] - 1):+.0f} %)" for n in CHECK if n in cpu)
                rms = math.sqrt(statistics.mean([((a + b * f(n)) / cpu[n] - 1) ** 2 for n in CHECK if n in cpu]))
                print(f"{label} CPU per INSERT, {law} (fitted at {fit_ns[0]}–{fit_ns[-1]}): {a:.1f} + {b:.3f} × {law.split()[0] if law != '√N' else '√N'}; held out {errs}; rms {100 * rms:.0f} %")
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
