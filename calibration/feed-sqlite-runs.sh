#!/usr/bin/env bash
# Held-out SQLite runs of the feed (issue 16: at least 6 held-out settings per backend), each with
# the disk probe (calibration/load/disk-probe.ts) before and after, written to calibration/runs/<id>.json.
# Django + gunicorn (3 workers × 32 threads, gthread) on core 0, the load generator on core 1, one
# SQLite file in /tmp. About 8 minutes; take the machine-wide lock around it:
#   flock /tmp/capsim-real-run.lock calibration/feed-sqlite-runs.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
trap '"$ROOT/calibration/services" down >/dev/null 2>&1 || true' EXIT INT TERM
RUNS=(
  "feed-sqlite-v5-w3x32-F500   --fanout 500 --duration 60s --vus 5"
  "feed-sqlite-v10-w3x32-F500  --fanout 500 --duration 60s --vus 10"
  "feed-sqlite-v20-w3x32-F50   --fanout 50 --duration 30s --vus 20"
  "feed-sqlite-v30-w3x32-F50   --fanout 50 --duration 30s --vus 30"
  "feed-sqlite-v10-w3x32-F200  --fanout 200 --duration 30s --vus 10"
)
for spec in "${RUNS[@]}"; do
  read -r id flags <<<"$spec"
  echo "== $id"
  # shellcheck disable=SC2086
  timeout 240 node bin/capsim.js load feed --db sqlite $flags --workers 3 --threads 32 --id "$id" --out "${RUNS_DIR:-calibration/runs}" || echo "!! $id failed"
done
