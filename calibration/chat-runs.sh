#!/usr/bin/env bash
# The real chat runs behind the model's calibration and validation (issue 3), each written to
# calibration/runs/<id>.json by `capsim load chat`. Every run: 2 iterations of 10 s sessions.
#
#   calibration/chat-runs.sh            all runs
#   calibration/chat-runs.sh ID…        only these ids (e.g. chat-n50-i500ms-pc-b100)
#
# The machine may be shared: before each run this waits (at most QUIET_WAIT_S, default 1800 s)
# until both cores are nearly idle, and a run whose record notes other load on its cores is made
# again (at most 3 attempts; the last record is kept either way and its note says so).
set -euo pipefail
cd "$(dirname "$0")/.."

QUIET_WAIT_S=${QUIET_WAIT_S:-300}
QUIET_BUSY_PCT=${QUIET_BUSY_PCT:-15}
COMMON=(--iterations 2 --session 10s)

RUNS=(
  # calibration set, N ≤ 50
  "chat-n10-i1s-pc-b100     --users 10 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n20-i1s-pc-b100     --users 20 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n30-i1s-pc-b100     --users 30 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n50-i1s-pc-b100     --users 50 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n10-i500ms-pc-b100  --users 10 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n20-i500ms-pc-b100  --users 20 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n30-i500ms-pc-b100  --users 30 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n50-i500ms-pc-b100  --users 50 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n20-i500ms-pp-b100  --users 20 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n50-i500ms-pp-b100  --users 50 --interval 500ms --subscription per-process --message-bytes 100"
  # validation set
  "chat-n100-i1s-pc-b100    --users 100 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n100-i1s-pp-b100    --users 100 --interval 1s --subscription per-process --message-bytes 100"
  "chat-n100-i500ms-pc-b100 --users 100 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n100-i500ms-pp-b100 --users 100 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n150-i500ms-pc-b100 --users 150 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n150-i500ms-pp-b100 --users 150 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n50-i500ms-pc-b1000-cap50mbit --users 50 --interval 500ms --subscription per-connection --message-bytes 1000 --redis-egress 50mbit"
  "chat-n100-i1s-pc-b1000-cap50mbit   --users 100 --interval 1s --subscription per-connection --message-bytes 1000 --redis-egress 50mbit"
)

# Per-core busy % (processes only) over 3 s, as "core0 core1".
core_busy() {
  local a b
  a=$(grep -E '^cpu[0-9]+ ' /proc/stat)
  sleep 3
  b=$(grep -E '^cpu[0-9]+ ' /proc/stat)
  paste <(echo "$a") <(echo "$b") | awk '{
    n = (NF) / 2
    t1 = $2 + $3 + $4 + $9; a1 = t1 + $5 + $6 + $7 + $8
    t2 = $(n+2) + $(n+3) + $(n+4) + $(n+9); a2 = t2 + $(n+5) + $(n+6) + $(n+7) + $(n+8)
    printf "%d ", (a2 > a1) ? 100 * (t2 - t1) / (a2 - a1) : 0
  }'
}

wait_quiet() {
  local waited=0 busy
  while :; do
    busy=$(core_busy)
    if ! echo "$busy" | awk -v lim="$QUIET_BUSY_PCT" '{ for (i = 1; i <= NF; i++) if ($i > lim) exit 1 }'; then
      [ $waited -eq 0 ] && echo "chat-runs: cores busy (${busy% }%) with other work; waiting for quiet (≤ ${QUIET_WAIT_S} s)"
      waited=$((waited + 3))
      if [ $waited -ge "$QUIET_WAIT_S" ]; then
        echo "chat-runs: still busy after ${QUIET_WAIT_S} s; running anyway (the record will note the load)"
        return 0
      fi
    else
      return 0
    fi
  done
}

# selected ID [WANTED…]: true when no ids were asked for or ID is one of them.
selected() {
  local id=$1 x
  shift
  [ $# -eq 0 ] && return 0
  for x in "$@"; do [ "$x" = "$id" ] && return 0; done
  return 1
}

for spec in "${RUNS[@]}"; do
  read -r id flags <<<"$spec"
  selected "$id" "$@" || continue
  for attempt in 1 2 3; do
    wait_quiet
    echo "chat-runs: $id (attempt $attempt)"
    # shellcheck disable=SC2086
    node bin/capsim.js load chat $flags "${COMMON[@]}" --id "$id"
    if ! grep -q '"notes": "[^"]*contended' "calibration/runs/$id.json"; then break; fi
    echo "chat-runs: $id shared its cores with other work; making it again"
  done
done

calibration/services status
ip netns list
