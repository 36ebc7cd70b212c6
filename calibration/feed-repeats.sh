#!/usr/bin/env bash
# How far a real feed run differs from itself: the same settings as three committed runs of
# calibration/feed-runs.sh (both faces of seed §2 case b, and the low limit at 50 VUs, where the
# core is short of saturation), made again, written to
# calibration/repeats/<id>-r<k>.json. Neither the calibration nor the validation reads these; the
# spread they show is the noise floor the validation targets are set against (models/feed/README.md).
#
#   calibration/feed-repeats.sh          all repeats
#   calibration/feed-repeats.sh ID…      only these ids
set -euo pipefail
cd "$(dirname "$0")/.."
COMMON=(--workers 3 --threads 32)
F50=(--db mysql --fanout 50 --duration 30s)
RUNS=()
for k in 2 3 4; do
  RUNS+=(
    "feed-mysql-v100-c10-f1-w3x32-F50-r$k  ${F50[*]} --vus 100 --max-connections 10 --flush 1"
    "feed-mysql-v100-c200-f1-w3x32-F50-r$k ${F50[*]} --vus 100 --max-connections 200 --flush 1"
    "feed-mysql-v50-c10-f1-w3x32-F50-r$k   ${F50[*]} --vus 50 --max-connections 10 --flush 1"
  )
done
RUNS_DIR=calibration/repeats
mkdir -p "$RUNS_DIR"
QUIET_TAG=feed-repeats
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs feed "$@"
