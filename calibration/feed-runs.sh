#!/usr/bin/env bash
# The real feed runs behind the model's local calibration and validation (issue 4), each written to
# calibration/runs/<id>.json by `capsim load feed`: Django + gunicorn (3 workers × 32 threads) on
# core 0, a fresh private MariaDB on core 1, fan-out F = 50 or 500, 30 or 60 s of constant VUs (POST, sleep 1 s).
#
#   calibration/feed-runs.sh            all runs
#   calibration/feed-runs.sh ID…        only these ids (e.g. feed-mysql-v50-c10-f1-w3x32-F50)
#
# The machine may be shared: before each run this waits until no other real run is in progress (a
# colleague's chat runs, say) and both cores are nearly idle (calibration/quiet.sh); a run whose
# record notes other load on its cores, or a core whose speed probe changed by more than 10 %
# during the run (calibration/load/speed-probe.ts), is made again (at most 3 attempts; the last
# record is kept either way and its note says so).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=calibration/feed-settings.sh
source calibration/feed-settings.sh

QUIET_TAG=feed-runs
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs feed "$@"
