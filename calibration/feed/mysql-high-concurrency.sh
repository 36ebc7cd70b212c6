#!/usr/bin/env bash
# Case c's regime on the real server: MariaDB with max_connections 1000, innodb_flush_log_at_trx_commit
# 2 and a 2048M buffer pool, single-row autocommit INSERTs into the feed's `feed_item` from 1 to 500
# concurrent connections (mariadb-slap, C threads). Per level and round: INSERTs per second, the
# mean time a statement spends in the server by Little's law (n ÷ rate), mariadbd's CPU seconds per
# INSERT (its /proc utime + stime) and the InnoDB counters that name a queue (log waits, row-lock
# waits, fsyncs). Then one diagnostic pass with performance_schema on, at a few levels: the server's
# own statement latency and its top wait events, and SHOW ENGINE INNODB STATUS at the top level.
# Server pinned to core 0, client to core 1 (as mysql-insert-scaling.sh); the speed probe
# (calibration/load/speed-probe.ts) on both cores before and after. Hold the real-run lock:
#
#   flock /tmp/capsim-real-run.lock calibration/feed/mysql-high-concurrency.sh > models/feed/mysql-high-concurrency.json
#
# Everything runs on a private datadir and socket under /tmp (no TCP) and is torn down at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
LEVELS=${LEVELS:-"1 2 4 8 16 32 64 128 200 300 400 500"}
PS_LEVELS=${PS_LEVELS:-"8 64 500"}
QUERIES=${QUERIES:-20000}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d /tmp/capsim-feed-highconc.XXXXXX)
# shellcheck source=calibration/feed/private-mariadb.sh
source calibration/feed/private-mariadb.sh
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

probe() { node -e "import('./dist/calibration/load/speed-probe.js').then((m) => console.log(JSON.stringify(m.probeCores(['0', '1']))))"; }

mariadb-install-db --no-defaults --user=root --datadir="$work/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1

start() { start_mariadb --max-connections=1000 --innodb-flush-log-at-trx-commit=2 --innodb-buffer-pool-size=2048M "$@"; } # extra mariadbd args

COUNTERS="'Innodb_log_waits','Innodb_row_lock_waits','Innodb_row_lock_time','Innodb_os_log_fsyncs','Innodb_data_fsyncs','Innodb_buffer_pool_wait_free','Threads_created'"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
counters() { sql -N -e "SELECT CONCAT('{', GROUP_CONCAT(CONCAT('\"', VARIABLE_NAME, '\": ', VARIABLE_VALUE)), '}') FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN (${COUNTERS^^})"; }

slap() { # $1 concurrency, $2 queries; prints seconds
  taskset -c 1 mariadb-slap --no-defaults -uroot -S "$sock" --create-schema=feed --concurrency="$1" --iterations=1 \
    --number-of-queries="$2" --query="$INSERT" 2>/dev/null | awk '/Average number of seconds/ { print $(NF - 1) }'
}

hz=$(getconf CLK_TCK)
level() { # $1 n: one JSON object
  local n=$1 q s t0 t1 c0 c1
  q=$(( 1500 * n < QUERIES ? 1500 * n : QUERIES ))
  c0=$(counters); t0=$(cpu_ticks)
  s=$(slap "$n" "$q")
  t1=$(cpu_ticks); c1=$(counters)
  echo "  N=$n: $q in ${s}s" >&2
  awk -v n="$n" -v q="$q" -v s="$s" -v dt=$((t1 - t0)) -v hz="$hz" 'BEGIN {
    printf "{\"n\": %d, \"queries\": %d, \"seconds\": %s, \"perSecond\": %.1f, \"inServerMs\": %.3f, \"serverCpuUsPerInsert\": %.1f", n, q, s, q / s, 1000 * n * s / q, 1e6 * dt / hz / q }'
  echo ", \"before\": $c0, \"after\": $c1}"
}

curve() { local out="" n; for n in $LEVELS; do out="$out${out:+, }$(level "$n")"; done; echo "[$out]"; }

# performance_schema on: the server's own INSERT latency and the top waits, per level (after a reset).
PS_ARGS=(--performance-schema=ON "--performance-schema-instrument=wait/%=ON" "--performance-schema-instrument=statement/%=ON"
  --performance-schema-consumer-events-statements-current=ON --performance-schema-consumer-events-waits-current=ON)
ps_level() { # $1 n
  local n=$1 q s
  q=$(( 1500 * n < QUERIES ? 1500 * n : QUERIES ))
  sql -e "TRUNCATE performance_schema.events_waits_summary_global_by_event_name; TRUNCATE performance_schema.events_statements_summary_global_by_event_name;"
  s=$(slap "$n" "$q")
  echo "  P_S N=$n: $q in ${s}s" >&2
  local stmt waits
  stmt=$(sql -N -e "SELECT CONCAT('{\"count\": ', COUNT_STAR, ', \"avgMs\": ', ROUND(AVG_TIMER_WAIT / 1e9, 4), ', \"lockMs\": ', ROUND(SUM_LOCK_TIME / COUNT_STAR / 1e9, 4), '}') FROM performance_schema.events_statements_summary_global_by_event_name WHERE EVENT_NAME = 'statement/sql/insert'")
  waits=$(sql -N -e "SELECT CONCAT('[', GROUP_CONCAT(CONCAT('{\"event\": \"', EVENT_NAME, '\", \"count\": ', COUNT_STAR, ', \"msPerInsert\": ', ROUND(SUM_TIMER_WAIT / 1e9 / $q, 4), '}') ORDER BY SUM_TIMER_WAIT DESC SEPARATOR ', '), ']') FROM (SELECT * FROM performance_schema.events_waits_summary_global_by_event_name WHERE COUNT_STAR > 0 AND EVENT_NAME NOT LIKE 'idle%' ORDER BY SUM_TIMER_WAIT DESC LIMIT 8) w")
  echo "{\"n\": $n, \"queries\": $q, \"seconds\": $s, \"perSecond\": $(awk -v q="$q" -v s="$s" 'BEGIN { printf "%.1f", q / s }'), \"insert\": $stmt, \"topWaits\": $waits}"
}

probe_before=$(probe)
load_before=$(cut -d" " -f1 /proc/loadavg) # the host's 1-minute load: other work on these two cores
json="{\"rounds\": ["
sep=""
for round in $(seq "$ROUNDS"); do
  echo "round $round" >&2
  start; schema
  json="$json$sep$(curve)"; sep=", "
  stop
done
json="$json], \"performanceSchema\": ["
start "${PS_ARGS[@]}"; schema
sep=""
for n in $PS_LEVELS; do json="$json$sep$(ps_level "$n")"; sep=", "; done
# The InnoDB status while the top level is running: its semaphores and transaction list.
( sleep 2; sql -N --raw -e "SHOW ENGINE INNODB STATUS" > "$work/innodb-status.txt" ) &
status_pid=$!
slap "${PS_LEVELS##* }" "$QUERIES" >/dev/null
wait "$status_pid"
stop
# The first 40 lines of the section, cut in Python: `head` would close the pipe early, and under
# pipefail sed's SIGPIPE (exit 141) ended the script here after every level had run (2026-12-06).
status=$(sed -n '/^SEMAPHORES/,/^FILE I\/O/p' "$work/innodb-status.txt" | /usr/bin/python3 -c 'import json, sys; print(json.dumps("".join(sys.stdin.readlines()[:40])))')
probe_after=$(probe)
load_after=$(cut -d" " -f1 /proc/loadavg)
echo "$json], \"innodbStatusSemaphores\": $status, \"machine\": {\"cpu\": \"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)\", \"mariadb\": \"$(mariadbd --version | awk '{ print $3 }')\", \"settings\": \"max_connections 1000, innodb_flush_log_at_trx_commit 2, innodb_buffer_pool_size 2048M, innodb_log_file_size 256M\", \"rounds\": $ROUNDS, \"pinning\": \"server core 0, client core 1\", \"speedProbe\": {\"before\": $probe_before, \"after\": $probe_after}, \"loadAverage\": {\"before\": $load_before, \"after\": $load_after}, \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\"}}"
