"""Which law MariaDB's CPU per INSERT follows from 16 to 500 sessions in case c's settings, fitted
to some curves of calibration/feed/mysql-high-concurrency.sh and checked on another (never the
same run). Per curve and level the least CPU per INSERT over the rounds is taken (interference
only adds CPU: cache misses, a core shared with other processes). Past about 16 sessions the
server's core is saturated, so its throughput is 1 ÷ that cost and a law of cost is a law of
throughput.

Four laws, each with a free scale (the host's speed that day):
  usl        the model's flush-2 USL as a cost per INSERT, (σ + κ(N − 1) + (1 − σ)/N) / λ
  usl-capped the same with the coherency term capped at K sessions, κ(min(N, K) − 1): each INSERT's
             crosstalk (a latch holder preempted) stops growing once every latch it takes already
             meets one
  linear     a + b·N
  sqrt       a + b·√N

usage: /usr/bin/python3 calibration/feed/high-concurrency-cap.py --fit A.json [B.json …] --check C.json [--params models/feed/params.json]
"""
import argparse
import json
import math

LEAST_N = 16


def least_cpu(path):
    by_n = {}
    for rnd in json.load(open(path))["rounds"]:
        for p in rnd:
            if p["n"] >= LEAST_N:
                by_n[p["n"]] = min(by_n.get(p["n"], math.inf), p["serverCpuUsPerInsert"])
    return sorted(by_n.items())


def usl_shape(sigma, kappa, cap):
    return lambda n: sigma + kappa * (min(n, cap) - 1) + (1 - sigma) / n


def best_scale(shape, points):
    """The scale that minimises squared log errors is the geometric mean of measured ÷ shape."""
    logs = [math.log(c / shape(n)) for n, c in points]
    s = math.exp(sum(logs) / len(logs))
    return s, sum((math.log(c / (s * shape(n)))) ** 2 for n, c in points)


def fit(law, points, usl):
    sigma, kappa = usl
    if law == "usl":
        shape = usl_shape(sigma, kappa, math.inf)
        s, sse = best_scale(shape, points)
        return (lambda n: s * shape(n)), f"scale {s:.1f} µs", sse
    if law == "usl-capped":
        best = None
        for cap in range(LEAST_N, 1001):
            shape = usl_shape(sigma, kappa, cap)
            s, sse = best_scale(shape, points)
            if best is None or sse < best[2] - 1e-12:
                best = (cap, s, sse)
        cap, s, sse = best
        shape = usl_shape(sigma, kappa, cap)
        return (lambda n: s * shape(n)), f"K {cap}, scale {s:.1f} µs", sse
    f = (lambda n: n) if law == "linear" else math.sqrt
    xs, ys = [f(n) for n, _ in points], [c for _, c in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    sse = sum(math.log(y / (a + b * x)) ** 2 for x, y in zip(xs, ys))
    return (lambda n: a + b * f(n)), f"{a:.1f} + {b:.3f} × {'N' if law == 'linear' else '√N'} µs", sse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", nargs="+", required=True)
    ap.add_argument("--check", nargs="+", required=True)
    ap.add_argument("--params", default="models/feed/params.json")
    args = ap.parse_args()
    m = json.load(open(args.params))["mysql"]
    usl = (m["flush2Sigma"]["value"], m["flush2Kappa"]["value"])
    fit_points = [pt for path in args.fit for pt in least_cpu(path)]
    check_points = [pt for path in args.check for pt in least_cpu(path)]
    print(f"fitted to the least CPU per INSERT at N ≥ {LEAST_N} of {', '.join(args.fit)} ({len(fit_points)} points); checked on {', '.join(args.check)}")
    print(f"flush-2 USL of the model: σ {usl[0]}, κ {usl[1]}")
    print("| law | fitted | rms on the fit | held out: N measured/law (error) | rms held out | rms held out, N ≥ 200 |")
    print("|---|---|---|---|---|---|")
    for law in ("usl", "usl-capped", "linear", "sqrt"):
        f, desc, sse = fit(law, fit_points, usl)
        errs = [(n, c, f(n), f(n) / c - 1) for n, c in check_points]
        rms = math.sqrt(sum(e * e for *_, e in errs) / len(errs))
        high = [e for n, *_, e in errs if n >= 200]
        rms_high = math.sqrt(sum(e * e for e in high) / len(high))
        rms_fit = math.sqrt(sse / len(fit_points))
        cells = ", ".join(f"{n}: {c:.0f}/{p:.0f} ({100 * e:+.0f} %)" for n, c, p, e in errs)
        print(f"| {law} | {desc} | {100 * rms_fit:.0f} % | {cells} | {100 * rms:.0f} % | {100 * rms_high:.0f} % |")


if __name__ == "__main__":
    main()
