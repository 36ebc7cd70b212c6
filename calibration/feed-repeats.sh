#!/usr/bin/env bash
# Each MySQL setting of calibration/feed-runs.sh made again, as calibration/repeats/<id>-r<k>.json.
# One 30 s run of a setting spreads further around its mean than the targets allow (RPS −5 … +11 %,
# p95 −30 … +14 %; models/feed/README.md), so `capsim calibrate feed` and `capsim validate feed`
# set each setting's mean over its committed run and these repeats against the model.
#
#   calibration/feed-repeats.sh          the repeats r2, r3 (REPEATS="2 3") not yet recorded
#   calibration/feed-repeats.sh ID…      only these ids (made again even if recorded)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=calibration/feed-settings.sh
source calibration/feed-settings.sh
RUNS_DIR=calibration/repeats
mkdir -p "$RUNS_DIR"
SETTINGS=("${RUNS[@]}")
RUNS=()
for k in ${REPEATS:-2 3}; do
  for spec in "${SETTINGS[@]}"; do
    read -r id flags <<<"$spec"
    [[ $id == feed-mysql-* ]] || continue
    if [ $# -gt 0 ] || [ ! -e "$RUNS_DIR/$id-r$k.json" ]; then RUNS+=("$id-r$k $flags"); fi
  done
done
QUIET_TAG=feed-repeats
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs feed "$@"
