#!/usr/bin/env bash
# ktb-chat real runs: each spec starts the Redis Cluster 3+3 and N Socket.IO apps (calibration/services
# up --ktb), drives one bounded ramp with the socket.io-client generator (calibration/load/ktb-run.ts)
# into calibration/runs/, and stops everything, on failure and on SIGINT/SIGTERM too. Each spec holds
# the machine-wide real-run lock from services up to services down (a spec takes 1–6 minutes).
#
#   calibration/ktb-runs.sh ADAPTER:APPS:MAX_USERS:INTERVAL[:STEP_EVERY[:BURST_CREDITS[:ROOM_SIZE]]] …
#   e.g. calibration/ktb-runs.sh classic:2:400:2s sharded:2:400:2s classic:1:600:5s:20s
#
# BURST_CREDITS (a number, or - for none): the apps go into a cgroup v1 cpu group
# (/sys/fs/cgroup/cpu/capsim-ktb-burst) whose quota calibration/load/burst-controller.ts lowers from
# a full core to the t3.small baseline (20%) when a simulated credit bucket of that many credits
# runs out; the group is removed on exit. ROOM_SIZE: users per room (default 10).
#
# Optional environment: KTB_START_USERS / KTB_STEP_USERS (default 100 / 100); KTB_HOLD=60s adds a last
# stage at MAX_USERS for that long (id suffix -hold60s; with a long INTERVAL, e.g. 1h, the connections
# sit idle but for heartbeats); KTB_BURST_BASELINE=0.1 emulates one t3.micro vCPU (10% baseline, id
# suffix -base0.1) instead of a t3.small one (0.2).
#
# Cores: the apps on core 0 (one Node.js event loop each, like containers sharing an instance's CPU);
# the Redis nodes and the load generator on core 1.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK=/tmp/capsim-real-run.lock
export CAPSIM_KTB_DIR=${CAPSIM_KTB_DIR:-/tmp/capsim-ktb}

one() {
  local adapter=$1 apps=$2 users=$3 interval=$4 every=${5:-30s} burst=${6:--} room=${7:-10}
  local cg=/sys/fs/cgroup/cpu/capsim-ktb-burst id="ktb-$adapter-k$apps-u$users-i$interval-s$every" extra pid
  [ "$room" = 10 ] || id="$id-room$room"
  local start=${KTB_START_USERS:-100} step=${KTB_STEP_USERS:-100} hold=${KTB_HOLD:-} base=${KTB_BURST_BASELINE:-0.2}
  [ "$start" = 100 ] && [ "$step" = 100 ] || id="$id-from$start-by$step"
  extra=(--start-users "$start" --step-users "$step")
  [ -z "$hold" ] || { id="$id-hold$hold"; extra+=(--hold "$hold"); }
  trap 'calibration/services down --ktb >/dev/null 2>&1 || true; [ -d '"$cg"' ] && rmdir '"$cg"' 2>/dev/null; true' EXIT
  trap 'exit 130' INT TERM
  calibration/services up --ktb --ktb-adapter "$adapter" --ktb-apps "$apps"
  if [ "$burst" != - ]; then
    mkdir -p "$cg" || { echo "ktb-runs: cannot create $cg" >&2; return 1; }
    # A cgroup leaves the apps' boosted autogroup (calibration/services: nice -10); give the group the
    # same weight (nice -10 = 9548) so the quota, not the other tenants, is what limits them.
    echo "${KTB_BURST_SHARES:-9548}" >"$cg/cpu.shares"
    # shellcheck disable=SC1091
    . "${CAPSIM_KTB_DIR}/ktb.env"
    for pid in ${KTB_APP_PIDS//,/ }; do echo "$pid" >"$cg/cgroup.procs"; done
    id="$id-burst$burst"
    extra+=(--burst-cgroup "$cg" --burst-credits "$burst" --burst-baseline "$base")
    [ "$base" = 0.2 ] || id="$id-base$base"
  fi
  timeout --foreground 600 taskset -c 1 node dist/calibration/load/ktb-run.js --max-users "$users" --interval "$interval" \
    --step-every "$every" --room-size "$room" --id "$id" "${extra[@]}"
}

for spec in "$@"; do
  IFS=: read -r adapter apps users interval every burst room <<<"$spec"
  [[ $adapter =~ ^(classic|sharded)$ && $apps =~ ^[0-9]+$ && $users =~ ^[0-9]+$ && -n $interval && ${burst:--} =~ ^(-|[0-9]*\.?[0-9]+)$ && ${room:-10} =~ ^[0-9]+$ ]] ||
    { echo "ktb-runs: bad spec '$spec' (ADAPTER:APPS:MAX_USERS:INTERVAL[:STEP_EVERY[:BURST_CREDITS[:ROOM_SIZE]]])" >&2; exit 2; }
  echo "ktb-runs: $spec"
  flock -w 1800 "$LOCK" bash -c "$(declare -f one); one $adapter $apps $users $interval ${every:-30s} ${burst:--} ${room:-10}"
done
