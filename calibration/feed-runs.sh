#!/usr/bin/env bash
# The real feed runs behind the model's local calibration and validation (issue 4), each written to
# calibration/runs/<id>.json by `capsim load feed`: Django + gunicorn (3 workers × 32 threads) on
# core 0, a fresh private MariaDB on core 1, fan-out F = 50, 30 s of constant VUs (POST, sleep 1 s).
#
#   calibration/feed-runs.sh            all runs
#   calibration/feed-runs.sh ID…        only these ids (e.g. feed-mysql-v50-c10-f1-w3x32-F50)
#
# The machine may be shared: before each run this waits until no other real run is in progress (a
# colleague's chat runs, say) and both cores are nearly idle (calibration/quiet.sh); a run whose
# record notes other load on its cores is made again (at most 3 attempts; the last record is kept
# either way and its note says so).
set -euo pipefail
cd "$(dirname "$0")/.."
COMMON=(--db mysql --fanout 50 --duration 30s --workers 3 --threads 32)

# Two faces of seed §2 case b: a low max_connections (10) refuses with 1040 at once, a high one (200)
# lets every request in to queue inside MariaDB.
RUNS=(
  # calibration set, VUs ≤ 50
  "feed-mysql-v10-c50-f1-w3x32-F50   --vus 10 --max-connections 50 --flush 1"
  "feed-mysql-v50-c10-f1-w3x32-F50   --vus 50 --max-connections 10 --flush 1"
  "feed-mysql-v50-c200-f1-w3x32-F50  --vus 50 --max-connections 200 --flush 1"
  "feed-mysql-v50-c50-f2-w3x32-F50   --vus 50 --max-connections 50 --flush 2"
  # validation set
  "feed-mysql-v100-c10-f1-w3x32-F50  --vus 100 --max-connections 10 --flush 1"
  "feed-mysql-v100-c200-f1-w3x32-F50 --vus 100 --max-connections 200 --flush 1"
  "feed-mysql-v100-c50-f2-w3x32-F50  --vus 100 --max-connections 50 --flush 2"
  "feed-mysql-v200-c10-f1-w3x32-F50  --vus 200 --max-connections 10 --flush 1"
  "feed-mysql-v200-c50-f1-w3x32-F50  --vus 200 --max-connections 50 --flush 1"
  "feed-mysql-v200-c200-f1-w3x32-F50 --vus 200 --max-connections 200 --flush 1"
  "feed-mysql-v200-c10-f2-w3x32-F50  --vus 200 --max-connections 10 --flush 2"
  "feed-mysql-v200-c200-f2-w3x32-F50 --vus 200 --max-connections 200 --flush 2"
)

QUIET_TAG=feed-runs
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs feed "$@"
