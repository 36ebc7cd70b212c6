#!/usr/bin/env bash
# The real highscore runs (issue 17): `capsim load highscore` for each setting, written to
# calibration/runs/<id>.json. Settings are "update:items:users[:spawn-rate]" (e.g. rmw:1000:200;
# the spawn rate is 50 users/s unless given); without arguments, the matrix below. Runs go in batches of at most BATCH (default 5 ≈ 8 min), each batch
# holding the machine-wide real-run lock (/tmp/capsim-real-run.lock) while it runs.
#
#   calibration/highscore-runs.sh                   the whole matrix
#   calibration/highscore-runs.sh rmw:5000:300 …    only these
#   DURATION=30s calibration/highscore-runs.sh …    shorter runs
#   WORKERS=2 calibration/highscore-runs.sh …       uvicorn workers (all on the API's core; ids end in -w2)
#
# Every run is bounded (timeout) and `capsim load` stops what it started on failure, SIGINT and
# SIGTERM; Ctrl-C here stops the current run and the script.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-60s}
BATCH=${BATCH:-5}
WORKERS=${WORKERS:-1}
LOCK=/tmp/capsim-real-run.lock
LOCK_WAIT=${LOCK_WAIT:-1800}
OUT=${OUT:-calibration/runs}
# Most telling first, so a cut-short session still has them. With PostgreSQL's jsonb the store
# costs more per item than the API (the store is the limit at 1,000 and 5,000 items): the API's own
# core saturates only with small documents and many users.
MATRIX=(
  rmw:5000:50 rmw:5000:150 rmw:5000:300 rmw:5000:450 inplace:5000:300
  inplace:5000:50 inplace:5000:150 rmw:100:300 rmw:100:900:100 inplace:100:900:100
  rmw:100:1500:100 inplace:100:1500:100 rmw:1000:100 rmw:1000:300 inplace:1000:300
  rmw:10:300 rmw:10:1200:100 inplace:10:1200:100 inplace:1000:100 inplace:100:300
)
[ $# -gt 0 ] && MATRIX=("$@")
for spec in "${MATRIX[@]}"; do
  [[ $spec =~ ^(rmw|inplace):[0-9]+:[0-9]+(:[0-9]+)?$ ]] || { echo "highscore-runs: a setting is update:items:users[:spawn-rate] (e.g. rmw:1000:200), got '$spec'" >&2; exit 2; }
done

child=
trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait 2>/dev/null; echo "highscore-runs: interrupted" >&2; exit 130' INT TERM

run_one() {
  local update=$1 items=$2 users=$3 spawn=${4:-50}
  # users ÷ 50 s of spawning, the run, seeding and teardown, with room to spare.
  timeout --signal=TERM --kill-after=30 600 npx capsim load highscore --update "$update" --items "$items" --users "$users" \
    --spawn-rate "$spawn" --duration "$DURATION" --workers "$WORKERS" --out "$OUT" &
  child=$!
  wait "$child"
  child=
}

run_batch() {
  local spec
  for spec in "$@"; do
    IFS=: read -r update items users spawn <<<"$spec"
    echo "highscore-runs: $(date -u +%H:%M:%S) update $update, $items items, $users users, $WORKERS worker(s)"
    run_one "$update" "$items" "$users" "${spawn:-50}" || echo "highscore-runs: the run $spec failed (see above)" >&2
  done
}

npx tsc -p tsconfig.json
i=0
while [ $i -lt ${#MATRIX[@]} ]; do
  batch=("${MATRIX[@]:i:BATCH}")
  # The lock's descriptor stays with flock; calibration/services closes any it inherits before starting servers.
  exec 9>>"$LOCK"
  flock -w "$LOCK_WAIT" 9 || { echo "highscore-runs: the real-run lock stayed busy for $LOCK_WAIT s" >&2; exit 1; }
  run_batch "${batch[@]}"
  flock -u 9
  exec 9>&-
  i=$((i + BATCH))
done
