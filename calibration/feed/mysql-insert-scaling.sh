#!/usr/bin/env bash
# Measures how MariaDB's throughput of single-row autocommit INSERTs (the feed model's fan-out
# statement) grows with the number of concurrent connections, for innodb_flush_log_at_trx_commit
# 1 and 2, plus the cost of a connection opened and closed per request (Django CONN_MAX_AGE=0).
# Server pinned to core 0, mariadb-slap (the client, C threads) to core 1, as in
# the chat and feed runs. Prints one JSON document on stdout; progress on stderr.
#
#   calibration/feed/mysql-insert-scaling.sh > models/feed/mysql-scaling.json
#
# Everything runs on a private datadir and socket under /tmp and is torn down at the end.
set -euo pipefail
LEVELS=${LEVELS:-"1 2 4 8 16 32 64 128 256 512"}
QUERIES=${QUERIES:-20000}
BP_ROWS=${BP_ROWS:-2000000}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d /tmp/capsim-feed-mysql.XXXXXX)
# shellcheck source=calibration/feed/private-mariadb.sh
source "$(dirname "$0")/private-mariadb.sh"
cleanup() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

mariadb-install-db --no-defaults --user=root --datadir="$work/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1

start() { start_mariadb --max-connections=700 --innodb-flush-log-at-trx-commit="$1" --innodb-buffer-pool-size="$2"; } # $1 flush, $2 buffer pool

slap() { # $1 concurrency, $2 queries, $3 query, extra args...; prints seconds
  local n=$1 q=$2 query=$3; shift 3
  taskset -c 1 mariadb-slap --no-defaults -uroot -S "$sock" --create-schema=feed --concurrency="$n" --iterations=1 \
    --number-of-queries="$q" --query="$query" "$@" 2>/dev/null | awk '/Average number of seconds/ { print $(NF - 1) }'
}

points() { # $1 query, $2 most queries per point, extra mariadb-slap args; prints a JSON array of {n, samples}
  local out="" n s q
  for n in $LEVELS; do
    q=$(( 1500 * n < $2 ? 1500 * n : $2 )) # a few seconds per point even at one connection with fsync
    s=$(slap "$n" "$q" "$1" "${@:3}")
    echo "  N=$n: $q in ${s}s" >&2
    out="$out${out:+, }{\"n\": $n, \"perSecond\": $(awk -v q="$q" -v s="$s" 'BEGIN { printf "%.1f", q / s }')}"
  done
  echo "[$out]"
}

# The machine is shared: every series is measured ROUNDS times, interleaved, and reported whole;
# the model takes the best round per point (least disturbed by other processes).
json="{\"rounds\": ["
sep=""
for round in $(seq "$ROUNDS"); do
  echo "round $round" >&2
  json="$json$sep{"; sep=", "
  for flush in 1 2; do
    start "$flush" 2048M; schema
    echo "flush=$flush: autocommit INSERT" >&2
    json="$json\"flush$flush\": $(points "$INSERT" "$QUERIES"), "
    stop
  done
  # CONN_MAX_AGE=0: a new connection per request. --detach=1 reconnects after every statement.
  start 1 2048M; schema
  echo "connect + SELECT 1 + disconnect" >&2
  json="$json\"connect\": $(LEVELS="1 8 64" points "SELECT 1" 10000 --detach=1)}"
  stop
done
json="$json], "

# Buffer pool: the same statement against a feed_item table already holding BP_ROWS rows
# (about what case b writes in 3 minutes), with the default 128M pool and the tuned 2048M.
start 1 2048M; schema
echo "pre-filling feed_item with $BP_ROWS rows" >&2
sql feed -e "INSERT INTO feed_item (user_id, post_id, created_at) SELECT 1 + FLOOR(RAND() * 10000), 1 + seq % 1000, NOW(6) FROM seq_1_to_${BP_ROWS};"
stop
json="$json\"bufferPool\": ["
sep=""
for round in $(seq "$ROUNDS"); do
  json="$json$sep{"; sep=", "
  start 1 128M
  echo "buffer pool 128M, $BP_ROWS rows" >&2
  json="$json\"bp128M\": $(LEVELS="8 64 256" points "$INSERT" "$QUERIES"), "
  stop
  start 1 2048M
  echo "buffer pool 2048M, $BP_ROWS rows" >&2
  json="$json\"bp2048M\": $(LEVELS="8 64 256" points "$INSERT" "$QUERIES")}"
  stop
done
json="$json], \"machine\": {\"cpu\": \"$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)\", \"mariadb\": \"$(mariadbd --version | awk '{ print $3 }')\", \"queriesPerPoint\": $QUERIES, \"bpRows\": $BP_ROWS, \"rounds\": $ROUNDS, \"pinning\": \"server core 0, client core 1\", \"date\": \"$(date -u +%Y-%m-%dT%H:%MZ)\"}}"
echo "$json"
