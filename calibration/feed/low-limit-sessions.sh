#!/usr/bin/env bash
# What MariaDB counts at the low limit: one real run of the setting feed-mysql-v100-c10-f1-w3x32-F50
# (calibration/feed-settings.sh) while a sampler reads the server's own connection counters every
# 0.5 s: Threads_connected (sessions the server holds, accepted to torn down), Threads_running,
# Connections (accepts), Connection_errors_max_connections (1040s), Aborted_connects. The sampler
# connects as root over the socket, so it takes the one SUPER slot beyond max_connections, which
# the app's non-SUPER user cannot use: the app's limit stays exactly 10. It runs on core 1 beside
# MariaDB and the load generator (a mariadb client every 0.5 s). Its first sample sets
# log_warnings = 4, so the server's error log names every aborted connect (copied before the
# run's teardown removes it; the summary counts its lines by their message). Hold the real-run lock:
#
#   flock /tmp/capsim-real-run.lock calibration/feed/low-limit-sessions.sh > models/feed/low-limit-sessions.json
#
# The run record is written to a temporary directory, not calibration/runs (the sampler is not part
# of the protocol); its summary is printed with the samples.
set -euo pipefail
cd "$(dirname "$0")/../.."
ID=${ID:-feed-mysql-v100-c10-f1-w3x32-F50}
work=$(mktemp -d /tmp/capsim-feed-sessions.XXXXXX)
sampler=""
cleanup() { if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
# shellcheck source=calibration/feed-settings.sh
source calibration/feed-settings.sh
for spec in "${RUNS[@]}"; do
  read -r id flags <<<"$spec"
  [ "$id" = "$ID" ] && break
done
[ "$id" = "$ID" ] || { echo "low-limit-sessions: $ID is not in calibration/feed-settings.sh" >&2; exit 1; }
state=${CAPSIM_SERVICES_DIR:-/tmp/capsim-services}
COUNTERS="'Threads_connected','Threads_running','Connections','Connection_errors_max_connections','Aborted_connects','Max_used_connections'"

sample() { # until the run ends: one JSON line per sample, t in s since the sampler started
  local t0 sock line warned=""
  t0=$(date +%s.%N)
  while :; do
    sock=""
    [ -s "$state/mariadb.env" ] && sock=$(awk -F= '/^MARIADB_SOCKET=/ { print $2 }' "$state/mariadb.env")
    if [ -n "$sock" ] && [ -S "$sock" ]; then
      if [ -z "$warned" ]; then
        taskset -c 1 mariadb --no-defaults -uroot -S "$sock" -e "SET GLOBAL log_warnings = 4" 2>/dev/null && warned=1
      fi
      cp "$(dirname "$sock")/error.log" "$work/error.log" 2>/dev/null || true
      line=$(taskset -c 1 mariadb --no-defaults -uroot -S "$sock" -N -e \
        "SELECT CONCAT('{', GROUP_CONCAT(CONCAT('\"', VARIABLE_NAME, '\": ', VARIABLE_VALUE)), '}') FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN (${COUNTERS^^})" 2>/dev/null || true)
      [ -n "$line" ] && echo "{\"t\": $(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }'), \"status\": $line}"
    fi
    sleep 0.5
  done
}

sample > "$work/samples.jsonl" &
sampler=$!
load_before=$(cut -d" " -f1 /proc/loadavg)
# shellcheck disable=SC2086
node "${CAPSIM_BIN:-bin/capsim.js}" load feed $flags "${COMMON[@]}" --id "$ID-sessions" --out "$work" >&2
load_after=$(cut -d" " -f1 /proc/loadavg)
kill "$sampler"; wait "$sampler" 2>/dev/null || true; sampler=""
record=$(ls "$work"/*.json | head -1)
touch "$work/error.log"
/usr/bin/python3 - "$record" "$work/samples.jsonl" "$load_before" "$load_after" "$work/error.log" <<'EOF'
import collections, json, re, sys
record, samples, before, after, errlog = sys.argv[1:]
# "[Warning] Aborted connection 123 to db: 'feed' user: 'app' host: 'localhost' (Got an error reading communication packets)"
kinds = collections.Counter()
for line in open(errlog, errors="replace"):
    if "Aborted connection" in line or "Too many connections" in line or "[Warning]" in line:
        kinds[re.sub(r"\d+", "N", line.split("]", 2)[-1].strip())[:200]] += 1
r = json.load(open(record))
s = [json.loads(l) for l in open(samples) if l.strip()]
print(json.dumps({"setting": r["settings"], "metrics": {k: r["metrics"][k] for k in ("http_reqs", "checks", "errors_1040", "http_req_duration")},
                  "resources": r["resources"], "machine": {"speedProbe": r["machine"]["speedProbe"], "pinning": r["machine"]["pinning"],
                  "loadAverage": {"before": float(before), "after": float(after)}, "sampler": "root over the socket every 0.5 s, core 1 (the SUPER slot)"},
                  "duration_s": r["duration_s"], "errorLogWarnings": dict(kinds.most_common(12)), "samples": s}, indent=1))
EOF
