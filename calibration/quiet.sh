# Sourced by the run scripts (chat-runs.sh, feed-runs.sh): wait until the machine is quiet enough
# for a real run, and make a list of runs, again where one shared its cores with other work.
#   QUIET_WAIT_S (default 300), QUIET_BUSY_PCT (default 15), QUIET_TAG (log prefix)
# Quiet: both cores at most QUIET_BUSY_PCT % busy over 3 s; in addition,
# no other real run (`capsim load`, a uvicorn or gunicorn of ours) may be in progress.

QUIET_WAIT_S=${QUIET_WAIT_S:-300}
QUIET_BUSY_PCT=${QUIET_BUSY_PCT:-15}
QUIET_TAG=${QUIET_TAG:-runs}

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

# Other real runs of this project: a `capsim load` or one of the bundled servers.
other_runs() {
  pgrep -af 'capsim(\.js)? load|uvicorn app:app|gunicorn feedsite' || true
}

wait_quiet() {
  local waited=0 busy others
  while :; do
    others=$(other_runs)
    if [ -n "$others" ]; then
      [ $waited -eq 0 ] && echo "$QUIET_TAG: another real run is in progress; waiting (never at the same time): ${others%%$'\n'*}"
      sleep 5
      waited=$((waited + 5))
      # Another run holds the machine: wait for it however long it takes (bounded by its own hard timeout).
      continue
    fi
    busy=$(core_busy)
    if ! echo "$busy" | awk -v lim="$QUIET_BUSY_PCT" '{ for (i = 1; i <= NF; i++) if ($i > lim) exit 1 }'; then
      [ $waited -eq 0 ] && echo "$QUIET_TAG: cores busy (${busy% }%) with other work; waiting for quiet (≤ ${QUIET_WAIT_S} s)"
      waited=$((waited + 3))
      if [ $waited -ge "$QUIET_WAIT_S" ]; then
        echo "$QUIET_TAG: still busy after ${QUIET_WAIT_S} s; running anyway (the record will note the load)"
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

# make_runs MODEL [ID…]: every "id flags…" line of RUNS (only the ids asked for, if any) as
# `capsim load MODEL`, with COMMON flags, into RUNS_DIR (default calibration/runs); up to 3
# attempts while the record notes contention.
make_runs() {
  local model=$1 spec id flags attempt out=${RUNS_DIR:-calibration/runs}
  shift
  for spec in "${RUNS[@]}"; do
    read -r id flags <<<"$spec"
    selected "$id" "$@" || continue
    for attempt in 1 2 3; do
      wait_quiet
      echo "$QUIET_TAG: $id (attempt $attempt)"
      # shellcheck disable=SC2086
      node "${CAPSIM_BIN:-bin/capsim.js}" load "$model" $flags "${COMMON[@]}" --id "$id" --out "$out"
      if ! grep -q '"notes": "[^"]*contended' "$out/$id.json"; then break; fi
      echo "$QUIET_TAG: $id shared its cores with other work; making it again"
    done
  done
}
