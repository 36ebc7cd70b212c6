#!/usr/bin/env bash
# Case c's regime, locally (issue 16): MariaDB with max_connections 1000 and flush 2, 300 and 500 VUs,
# F = 50 (30 s) and the seed's F = 500 (60 s). gunicorn gets 3 workers × 170 threads (510 slots), so
# every VU's request can be inside Django, and so inside MariaDB, at once; with 3 × 32 the app's
# slots, not the database, would cap the concurrent transactions at 96. The rows written (at most
# a few hundred thousand, ≈ 137.5 B each) stay inside MariaDB's default 128M buffer pool, so its
# size plays no part here; calibration/feed/mysql-high-concurrency.sh measures the server alone with
# 2048M. Each record goes to calibration/runs/<id>.json; all are validation runs (none is fitted).
# One attempt per run, so the batch fits one hold of the real-run lock:
#
#   flock /tmp/capsim-real-run.lock calibration/feed-high-limit-runs.sh [ID…]
set -euo pipefail
cd "$(dirname "$0")/.."
COMMON=(--workers 3 --threads 170)
HIGH=(--db mysql --max-connections 1000 --flush 2)
RUNS=(
  "feed-mysql-v300-c1000-f2-w3x170-F50   ${HIGH[*]} --fanout 50 --duration 30s --vus 300"
  "feed-mysql-v500-c1000-f2-w3x170-F50   ${HIGH[*]} --fanout 50 --duration 30s --vus 500"
  "feed-mysql-v300-c1000-f2-w3x170-F500  ${HIGH[*]} --fanout 500 --duration 60s --vus 300"
  "feed-mysql-v500-c1000-f2-w3x170-F500  ${HIGH[*]} --fanout 500 --duration 60s --vus 500"
)
QUIET_TAG=feed-high-limit
QUIET_WAIT_S=${QUIET_WAIT_S:-30}
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
for spec in "${RUNS[@]}"; do
  read -r id flags <<<"$spec"
  selected "$id" "$@" || continue
  wait_quiet
  echo "$QUIET_TAG: $id"
  # shellcheck disable=SC2086
  node "${CAPSIM_BIN:-bin/capsim.js}" load feed $flags "${COMMON[@]}" --id "$id" --out calibration/runs
done
