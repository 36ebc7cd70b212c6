# Sourced by calibration/services: the highscore stack (seed §3) — a private PostgreSQL 15 holding
# each user's document as jsonb, and the FastAPI API (calibration/apps/highscore) under uvicorn.
#
# PostgreSQL listens on 127.0.0.1:5433 with its socket in $HS/postgres/sock, a fresh data dir
# per `up` (initdb ~0.5 s), pinned to POSTGRES_CPUS (default core 1). It refuses to run as root, so
# it runs as `postgres` (runuser), which must own its folders. The API listens on 127.0.0.1:8310,
# pinned to API_CPUS (default core 0), with --update rmw|inplace and --workers N. track_wal_io_timing
# lets a run read how long its commits' WAL flushes took (pg_stat_wal).
# shellcheck shell=bash

POSTGRES_PORT=5433
API_PORT=8310
POSTGRES_CPUS=${POSTGRES_CPUS:-1}
API_CPUS=${API_CPUS:-0}
PG_BIN=/usr/lib/postgresql/15/bin
HIGHSCORE_PACKAGES=(postgresql python3-asyncpg python3-jwt python3-cryptography python3-locust
  python3-fastapi python3-uvicorn util-linux)
# A folder of its own, outside $STATE: `calibration/services down` of an older checkout removes
# $STATE whole once its Redis and MariaDB are down, which would pull the data dir from under a
# running PostgreSQL.
HS=${CAPSIM_HIGHSCORE_DIR:-/tmp/capsim-highscore}
HIGHSCORE_APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/apps/highscore

ensure_highscore_packages() {
  local missing=()
  for p in "${HIGHSCORE_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
}

pg() { runuser -u postgres -- "$PG_BIN/$1" "${@:2}"; }

postgres_up() {
  local dir=$HS/postgres
  if [ -f "$dir/data/postmaster.pid" ] && kill -0 "$(head -1 "$dir/data/postmaster.pid")" 2>/dev/null; then
    say "postgres already up on 127.0.0.1:$POSTGRES_PORT"
    return 0
  fi
  rm -rf "$dir"
  install -d -m 755 "$HS"
  install -d -o postgres -g postgres -m 700 "$dir" "$dir/data"
  install -d -o postgres -g postgres -m 755 "$dir/sock"
  pg initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$HS/postgres-initdb.log" 2>&1 ||
    die "initdb failed (see $HS/postgres-initdb.log)"
  # setsid: a session (autogroup) of its own, like the other servers; taskset pins every backend it forks.
  setsid taskset -c "$POSTGRES_CPUS" runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" \
    -o "-p $POSTGRES_PORT -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=100 -c track_wal_io_timing=on" -w -t 20 start \
    </dev/null >/dev/null 2>&1 || die "postgres did not start (see $dir/pg.log)"
  local pid
  pid=$(head -1 "$dir/data/postmaster.pid")
  boost "$pid"
  runuser -u postgres -- psql -q -h "$dir/sock" -p "$POSTGRES_PORT" -U postgres -c "CREATE DATABASE highscore" >/dev/null ||
    die "could not create the highscore database"
  cat >"$HS/postgres.env" <<EOV
POSTGRES_HOST=$dir/sock
POSTGRES_PORT=$POSTGRES_PORT
POSTGRES_PID=$pid
POSTGRES_CPUS=$POSTGRES_CPUS
EOV
  echo "postgres=$POSTGRES_CPUS ($(sed 's/^.* nice/autogroup nice/' "/proc/$pid/autogroup" 2>/dev/null))" >>"$HS/pinning"
  say "postgres up on 127.0.0.1:$POSTGRES_PORT (pid $pid, socket $dir/sock, cores $POSTGRES_CPUS)"
}

postgres_down() {
  local dir=$HS/postgres
  if [ ! -f "$dir/data/postmaster.pid" ] && [ -f "$HS/postgres.env" ]; then
    # shellcheck disable=SC1091
    . "$HS/postgres.env"
    # The data dir is gone (removed from under it): stop the postmaster by the pid it had.
    echo "$POSTGRES_PID" >"$HS/postgres.pid"
    stop_pidfile "$HS/postgres.pid" postgres
  fi
  if [ -f "$dir/data/postmaster.pid" ]; then
    pg pg_ctl -D "$dir/data" -m fast -w -t 20 stop >/dev/null 2>&1 && say "stopped postgres" ||
      { kill -9 "$(head -1 "$dir/data/postmaster.pid")" 2>/dev/null || true; say "killed postgres"; }
  fi
  rm -rf "$dir" "$HS/postgres.env" "$HS/postgres-initdb.log"
  [ ! -f "$HS/pinning" ] || sed -i '/^postgres=/d' "$HS/pinning"
}

api_up() {
  local update=$1 workers=$2 pool=$3
  if alive "$HS/api.pid"; then
    # shellcheck disable=SC1091
    . "$HS/api.env"
    [ "$API_UPDATE" = "$update" ] && [ "$API_WORKERS" = "$workers" ] ||
      die "the API is already up with --update $API_UPDATE --workers $API_WORKERS: run calibration/services down --highscore first"
    say "api already up on 127.0.0.1:$API_PORT"
    return 0
  fi
  [ -f "$HS/postgres.env" ] || die "the API needs postgres: up --highscore starts both"
  # shellcheck disable=SC1091
  . "$HS/postgres.env"
  (
    cd "$HIGHSCORE_APP_DIR"
    # One DPoP secret shared by all workers (a token one worker issued must pass another).
    HIGHSCORE_SECRET=$(od -An -tx1 -N64 /dev/urandom | tr -d ' \n') \
    HIGHSCORE_UPDATE=$update HIGHSCORE_POOL=$pool PGHOST=$POSTGRES_HOST PGPORT=$POSTGRES_PORT PGUSER=postgres \
      PGDATABASE=highscore PYTHONDONTWRITEBYTECODE=1 \
      setsid taskset -c "$API_CPUS" /usr/bin/python3 -m uvicorn app:app --host 127.0.0.1 --port "$API_PORT" \
      --workers "$workers" --loop asyncio --http h11 --log-level warning --no-access-log \
      </dev/null >"$HS/api.log" 2>&1 &
    echo $! >"$HS/api.pid"
  )
  wait_for curl -sf "http://127.0.0.1:$API_PORT/health" || die "the API did not answer /health (see $HS/api.log)"
  boost "$(cat "$HS/api.pid")"
  cat >"$HS/api.env" <<EOV
API_HOST=127.0.0.1
API_PORT=$API_PORT
API_PID=$(cat "$HS/api.pid")
API_CPUS=$API_CPUS
API_UPDATE=$update
API_WORKERS=$workers
API_POOL=$pool
EOV
  echo "uvicorn=$API_CPUS ($(sed 's/^.* nice/autogroup nice/' "/proc/$(cat "$HS/api.pid")/autogroup" 2>/dev/null))" >>"$HS/pinning"
  say "api up on 127.0.0.1:$API_PORT (pid $(cat "$HS/api.pid"), cores $API_CPUS, update $update, workers $workers, pool $pool)"
}

api_down() {
  # With --workers > 1 uvicorn's workers are children of its pid: TERM reaches them through it.
  stop_pidfile "$HS/api.pid" uvicorn
  rm -f "$HS/api.env" "$HS/api.log"
  [ ! -f "$HS/pinning" ] || sed -i '/^uvicorn=/d' "$HS/pinning"
}

# A failed start leaves nothing running.
highscore_up() {
  ensure_highscore_packages
  mkdir -p "$HS"
  (postgres_up && api_up "$@") || { highscore_down; die "could not start the highscore stack (see above)"; }
}
highscore_down() { api_down; postgres_down; rm -f "$HS/pinning"; rmdir "$HS" 2>/dev/null || true; }
highscore_alive() { alive "$HS/api.pid" || [ -f "$HS/postgres/data/postmaster.pid" ]; }

highscore_status() {
  if alive "$HS/api.pid"; then
    # shellcheck disable=SC1091
    . "$HS/api.env"
    echo "api      up   127.0.0.1:$API_PORT pid $API_PID cores $API_CPUS update $API_UPDATE workers $API_WORKERS pool $API_POOL"
  else
    echo "api      down"
  fi
  if [ -f "$HS/postgres.env" ]; then
    # shellcheck disable=SC1091
    . "$HS/postgres.env"
    echo "postgres up   127.0.0.1:$POSTGRES_PORT pid $POSTGRES_PID cores $POSTGRES_CPUS socket $POSTGRES_HOST"
  else
    echo "postgres down"
  fi
  [ ! -s "$HS/pinning" ] || echo "pinning  $(tr '\n' ' ' <"$HS/pinning")"
}
