#!/usr/bin/env bash
# The real runs of the feed's case d stack (issue 16): Django + gunicorn (3 workers × 32 threads) on
# core 0; a fresh private MariaDB (the posts), Redis (the Celery broker and the feeds) and one Celery
# worker with K prefork processes on core 1; 20 s of constant VUs (POST, sleep 1 s); then the broker
# is read every 0.5 s until the backlog has drained. Each run writes calibration/runs/<id>.json
# (or calibration/repeats/<id>-r<k>.json for a repeat).
#
#   calibration/feed-celery-runs.sh A|B      one batch (A about 9 minutes, B about 6)
#
# Take the machine-wide real-run lock around it:  flock /tmp/capsim-real-run.lock calibration/feed-celery-runs.sh A
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
trap '"$ROOT/calibration/services" down >/dev/null 2>&1 || true' EXIT INT TERM

# "VUs fan-out concurrency chunk [repeat]"
case ${1:-} in
  # Calibration: v60 F200, v60 F500, v30 F1000 (k2). Held out: the other six.
  A) RUNS=("60 200 2 200" "60 500 2 500" "30 1000 2 1000" "100 300 1 300" "100 300 4 300" "50 500 2 100" "40 800 2 800" "120 200 2 200" "80 300 2 300") ;;
  # Repeats of the held-out settings.
  B) RUNS=("100 300 1 300 2" "100 300 4 300 2" "50 500 2 100 2" "40 800 2 800 2" "120 200 2 200 2" "80 300 2 300 2") ;;
  *) echo "usage: $0 A|B" >&2; exit 2 ;;
esac

for run in "${RUNS[@]}"; do
  read -r vus fanout k chunk rep <<<"$run"
  id=feed-redis-celery-v$vus-w3x32-F$fanout-k$k
  [ "$chunk" = "$fanout" ] || id=$id-ch$chunk
  out=calibration/runs
  if [ -n "${rep:-}" ]; then out=calibration/repeats; id=$id-r$rep; fi
  echo "== $id"
  npx capsim load feed --db redis-celery --duration 20s --vus "$vus" --fanout "$fanout" \
    --celery-concurrency "$k" --celery-chunk "$chunk" --id "$id" --out "$out" || echo "!! $id failed"
  rep=""
done
