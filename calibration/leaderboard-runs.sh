#!/usr/bin/env bash
# The leaderboard's real runs (calibration/apps/leaderboard/RUNS.md): each group starts a private
# Redis and MariaDB (calibration/services), runs its settings one record each into calibration/runs/,
# and stops everything, on failure and on SIGINT/SIGTERM too. Each group holds the machine-wide
# real-run lock (/tmp/capsim-real-run.lock) from services up to services down, and is bounded
# (every run has a hard time-out; a group takes 2–9 minutes).
#
#   calibration/leaderboard-runs.sh [pool] [cost] [bulk] [coalescing] [rebuild] [memory] [system] [rebuild-fit] [pool-again] [bulk-again]   (none: all, one lock hold per group)
#   calibration/leaderboard-runs.sh pool+cost bulk+coalescing    (groups joined by + share one lock hold)
#
# Cores: leaderboard server, Redis and MariaDB on core 1; load generator and delay proxy on core 0.
set -euo pipefail
cd "$(dirname "$0")/.."
GROUPS_ALL=(pool cost bulk coalescing rebuild memory system rebuild-fit pool-again bulk-again)
[ $# -gt 0 ] || set -- "${GROUPS_ALL[@]}"
for arg in "$@"; do
  for g in ${arg//+/ }; do
    [[ " ${GROUPS_ALL[*]} " == *" $g "* ]] || { echo "leaderboard-runs: unknown group '$g' (${GROUPS_ALL[*]})" >&2; exit 2; }
  done
done
LOCK=/tmp/capsim-real-run.lock
# A state folder of our own: another experiment's `services down` cannot remove it under us.
export CAPSIM_SERVICES_DIR=${CAPSIM_SERVICES_DIR:-/tmp/capsim-services-leaderboard}
OUT=${LEADERBOARD_OUT:-calibration/runs}
# --foreground: a Ctrl-C reaches the run at once (it stops what it started); on time-out it gets SIGTERM.
RUN=(timeout --foreground 300 node dist/calibration/load/leaderboard-run.js --out "$OUT" --hard-timeout 280)

# Groups sharing one lock hold and one start of the services.
groups() {
  trap 'calibration/services down >/dev/null 2>&1 || true' EXIT
  trap 'exit 130' INT TERM
  calibration/services up --redis --mariadb --max-connections 100 --flush 1 ||
    { calibration/services down; calibration/services up --redis --mariadb --max-connections 100 --flush 1; }
  local g
  for g in "$@"; do echo "leaderboard-runs: $g"; group "$g"; done
}

group() {
  case $1 in
    pool)
      # The per-connection law: K connections × depth D, with and without the delay proxy (ms each way).
      local k d ms
      for ms in 0 1; do for k in 1 2 4 8 16; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections $k --pipeline-depth 1 --delay-ms $ms --in-flight $((k * 4 > 32 ? k * 4 : 32)) --duration 3 --id pool-rank-k$k-d1-ms$ms
      done; done
      for k in 1 4 16; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections $k --pipeline-depth 1 --delay-ms 2 --in-flight 64 --duration 3 --id pool-rank-k$k-d1-ms2
      done
      for ms in 0 1; do for d in 2 4 8 16 32 64; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections 1 --pipeline-depth $d --delay-ms $ms --in-flight $((d * 4 > 32 ? d * 4 : 32)) --duration 3 --id pool-rank-k1-d$d-ms$ms
      done; done
      for ms in 0 1; do for d in 4 16; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections 4 --pipeline-depth $d --delay-ms $ms --in-flight $((d * 16)) --duration 3 --id pool-rank-k4-d$d-ms$ms
      done; done
      for k in 1 4 16; do
        "${RUN[@]}" --experiment pool --op around --mysql off --redis-connections $k --pipeline-depth 1 --delay-ms 0 --in-flight 64 --duration 3 --id pool-around-k$k-d1-ms0
      done
      "${RUN[@]}" --experiment pool --op around --mysql off --redis-connections 4 --pipeline-depth 1 --delay-ms 1 --in-flight 64 --duration 3 --id pool-around-k4-d1-ms1
      ;;
    cost)
      # Redis CPU per command against the set's size, one connection, depth 1 and 64.
      "${RUN[@]}" --experiment redis-cost --players 1000,100000,1000000 --pipeline-depth 1,64 --op PING,ZADD,ZREVRANK,ZREVRANGE,ZSCORE --ops 10000 --id redis-cost
      ;;
    bulk)
      # Bulk UPSERTs of up to B rows against single UPSERTs, M MySQL connections, updates only.
      local m b
      for m in 1 2 4; do for b in 1 2 4 8 16 32 64 128 256; do
        [ $m -eq 2 ] && [[ " 2 8 32 128 " == *" $b "* ]] && continue
        "${RUN[@]}" --experiment bulk-upsert --op update --mysql-connections $m --bulk-rows $b --redis-connections 4 --in-flight $((m * b * 2 > 64 ? (m * b * 2 > 2048 ? 2048 : m * b * 2) : 64)) --duration 3 --id bulk-m$m-b$b
      done; done
      ;;
    coalescing)
      # A skewed update stream (hotShare of the updates to 10 hot players) at rates around one
      # connection's single-UPSERT capacity, with and without the per-player coalescing queue.
      local r h c
      for r in 1500 3000; do for h in 0.5 0.8 0.95; do for c in off on; do
        "${RUN[@]}" --experiment coalescing --op update --mysql-connections 1 --bulk-rows 1 --redis-connections 2 --rate $r --hot-players 10 --hot-share $h \
          $([ $c = on ] && echo --coalesce) --duration 4 --id coalescing-r$r-h$h-$c
      done; done; done
      ;;
    rebuild)
      # Redis rebuilt from MariaDB: rows streamed from one SELECT, b members per ZADD.
      local b
      for b in 1 10 100 1000; do
        "${RUN[@]}" --experiment rebuild --players 100000 --redis-connections 4 --pipeline-depth 4 --zadd-batch $b --id rebuild-n100000-k4-d4-b$b
      done
      "${RUN[@]}" --experiment rebuild --players 1000000 --redis-connections 1 --pipeline-depth 1 --zadd-batch 100 --id rebuild-n1000000-k1-d1-b100
      "${RUN[@]}" --experiment rebuild --players 1000000 --redis-connections 4 --pipeline-depth 16 --zadd-batch 100 --id rebuild-n1000000-k4-d16-b100
      "${RUN[@]}" --experiment rebuild --players 1000000 --redis-connections 4 --pipeline-depth 16 --zadd-batch 1000 --id rebuild-n1000000-k4-d16-b1000
      ;;
    rebuild-fit)
      # Rebuilds at sizes and settings none of the rebuild group uses, for calibration (the rebuild
      # group stays held out): the per-row and per-ZADD costs at 300 k rows, the per-row at 2 M.
      local b
      for b in 5 50 500; do
        "${RUN[@]}" --experiment rebuild --players 300000 --redis-connections 2 --pipeline-depth 8 --zadd-batch $b --id rebuild-n300000-k2-d8-b$b
      done
      "${RUN[@]}" --experiment rebuild --players 2000000 --redis-connections 2 --pipeline-depth 8 --zadd-batch 200 --id rebuild-n2000000-k2-d8-b200
      ;;
    system)
      # The write-up's whole request mix: updates and ±5 reads 1:1, 1,000 players hot for half the
      # updates, coalescing and bulk UPSERTs on and off; and friends' ranks (10 ZREVRANKs per request).
      local k
      for k in 4 16; do
        "${RUN[@]}" --experiment pool --op mix --redis-connections $k --mysql-connections 4 --bulk-rows 64 --coalesce --hot-players 1000 --hot-share 0.5 --in-flight 128 --duration 3 --id system-mix-k$k-m4-b64-on
      done
      "${RUN[@]}" --experiment pool --op mix --redis-connections 16 --mysql-connections 4 --bulk-rows 1 --hot-players 1000 --hot-share 0.5 --in-flight 128 --duration 3 --id system-mix-k16-m4-b1-off
      "${RUN[@]}" --experiment pool --op mix --redis-connections 4 --delay-ms 1 --mysql-connections 4 --bulk-rows 64 --coalesce --hot-players 1000 --hot-share 0.5 --in-flight 128 --duration 3 --id system-mix-k4-m4-b64-on-ms1
      for k in 1 16; do
        "${RUN[@]}" --experiment pool --op friends --mysql off --redis-connections $k --in-flight 32 --duration 3 --id pool-friends-k$k-d1-ms0
      done
      "${RUN[@]}" --experiment pool --op friends --mysql off --redis-connections 16 --delay-ms 1 --in-flight 32 --duration 3 --id pool-friends-k16-d1-ms1
      ;;
    pool-again)
      # The held-out pool runs without the proxy (the server's core the limit), made again with the
      # records' scheduler accounting (machine.runQueueWait, machine.coreBusy): how much of core 1
      # other work took. Same settings as the originals; id <original>-2.
      local k d o
      for k in 2 8; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections $k --pipeline-depth 1 --in-flight 32 --duration 3 --id pool-rank-k$k-d1-ms0-2
      done
      for d in 2 8 32 64; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections 1 --pipeline-depth $d --in-flight $((d * 4 > 32 ? d * 4 : 32)) --duration 3 --id pool-rank-k1-d$d-ms0-2
      done
      for d in 4 16; do
        "${RUN[@]}" --experiment pool --op rank --mysql off --redis-connections 4 --pipeline-depth $d --in-flight $((d * 16)) --duration 3 --id pool-rank-k4-d$d-ms0-2
      done
      for k in 1 16; do
        "${RUN[@]}" --experiment pool --op around --mysql off --redis-connections $k --pipeline-depth 1 --in-flight 64 --duration 3 --id pool-around-k$k-d1-ms0-2
        "${RUN[@]}" --experiment pool --op friends --mysql off --redis-connections $k --in-flight 32 --duration 3 --id pool-friends-k$k-d1-ms0-2
      done
      ;;
    bulk-again)
      # The held-out bulk runs made again with the scheduler accounting (as pool-again); id <original>-2.
      local m b
      for m in 1 2 4; do for b in 1 2 4 8 16 32 64 128 256; do
        [ $m -eq 2 ] && [[ " 2 8 32 128 " == *" $b "* ]] && continue
        [[ " m1-b1 m1-b16 m4-b4 m4-b64 " == *" m$m-b$b "* ]] && continue
        "${RUN[@]}" --experiment bulk-upsert --op update --mysql-connections $m --bulk-rows $b --redis-connections 4 --in-flight $((m * b * 2 > 64 ? (m * b * 2 > 2048 ? 2048 : m * b * 2) : 64)) --duration 3 --id bulk-m$m-b$b-2
      done; done
      ;;
    memory)
      # Sorted-set memory per member: the listpack → skiplist switch at 128 entries, 10k … 10M members,
      # longer member names, and listpack held to larger sets.
      "${RUN[@]}" --experiment memory --members 64,128,129,256,10000,100000,1000000,10000000 --id memory
      "${RUN[@]}" --experiment memory --members 100000 --member-bytes 16 --id memory
      "${RUN[@]}" --experiment memory --members 100000 --member-bytes 32 --id memory
      "${RUN[@]}" --experiment memory --members 1000,10000 --listpack-entries 10000 --id memory
      ;;
  esac
}

for arg in "$@"; do
  echo "leaderboard-runs: $arg (waiting for the real-run lock)"
  flock -w 3600 "$LOCK" bash -c "$(declare -f groups group); RUN=(${RUN[*]}); groups ${arg//+/ }"
done
