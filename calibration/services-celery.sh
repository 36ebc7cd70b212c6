# Sourced by calibration/services: Celery workers for the feed's case d (calibration/apps/feed,
# feedsite/celery.py) on the private Redis as broker.
#
#   calibration/services up --celery [--celery-concurrency N]   (starts Redis too if it is not up)
#   calibration/services down --celery
#
# One `celery worker` (Debian python3-celery, run as /usr/bin/python3 -m celery: Debian ships no
# `celery` command) with N prefork processes, pinned with taskset to CELERY_CPUS (default core 1,
# with Redis and MariaDB: core 0 is the app's), in a session of its own at AUTOGROUP_NICE. Its pid,
# concurrency and pinning go to $STATE/celery.env.

CELERY_CPUS=${CELERY_CPUS:-1}
CELERY_APP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/apps/feed" && pwd)
PACKAGES+=(python3-celery)

celery_up() {
  local concurrency=$1
  if alive "$STATE/celery.pid"; then
    # shellcheck disable=SC1091
    . "$STATE/celery.env"
    [ "${CELERY_CONCURRENCY:-}" = "$concurrency" ] ||
      die "Celery is already up with concurrency ${CELERY_CONCURRENCY:-?}, not $concurrency: run calibration/services down --celery first"
    say "celery already up (pid $(cat "$STATE/celery.pid"))"
    return 0
  fi
  alive "$STATE/redis.pid" || die "Celery needs the Redis broker: calibration/services up --redis first (or up --celery, which starts it)"
  # shellcheck disable=SC1091
  . "$STATE/redis.env"
  # The worker must not inherit the caller's descriptors: a `flock` around the run would stay held
  # by it (and by its pool) after the run has ended.
  (
    cd "$CELERY_APP_DIR" || exit 1
    for fd in $(ls "/proc/$BASHPID/fd"); do [ "$fd" -le 2 ] || eval "exec $fd>&-"; done 2>/dev/null
    REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT PYTHONDONTWRITEBYTECODE=1 exec setsid taskset -c "$CELERY_CPUS" \
      /usr/bin/python3 -m celery -A feedsite worker --concurrency "$concurrency" \
      --loglevel warning --pidfile "$STATE/celery.pid" --logfile "$STATE/celery.log"
  ) </dev/null >/dev/null 2>&1 &
  # Ready when the worker answers a ping through the broker (about 1.5 s).
  local i ok=0
  for i in $(seq 1 60); do
    if alive "$STATE/celery.pid" && (cd "$CELERY_APP_DIR" && REDIS_HOST=$REDIS_HOST REDIS_PORT=$REDIS_PORT \
      /usr/bin/python3 -m celery -A feedsite inspect ping --timeout 1 >/dev/null 2>&1); then ok=1; break; fi
    sleep 0.5
  done
  [ $ok -eq 1 ] || { celery_down; die "celery worker did not answer a ping within 30 s (see $STATE/celery.log)"; }
  boost "$(cat "$STATE/celery.pid")"
  cat >"$STATE/celery.env" <<EOF2
CELERY_PID=$(cat "$STATE/celery.pid")
CELERY_CONCURRENCY=$concurrency
CELERY_CPUS=$CELERY_CPUS
EOF2
  echo "celery=$CELERY_CPUS ($(cat "/proc/$(cat "$STATE/celery.pid")/autogroup" 2>/dev/null | sed 's/^.* nice/autogroup nice/'))" >>"$STATE/pinning"
  say "celery up (pid $(cat "$STATE/celery.pid"), $concurrency prefork processes, cores $CELERY_CPUS, broker $REDIS_HOST:$REDIS_PORT)"
}

# Warm shutdown (SIGTERM) of the main process, which stops its pool; KILL after 10 s, then any
# pool process left behind.
celery_down() {
  local children=""
  [ -f "$STATE/celery.pid" ] && children=$(cat "/proc/$(cat "$STATE/celery.pid")/task/$(cat "$STATE/celery.pid")/children" 2>/dev/null || true)
  stop_pidfile "$STATE/celery.pid" celery
  local pid
  for pid in $children; do kill -9 "$pid" 2>/dev/null || true; done
  rm -f "$STATE/celery.env" "$STATE/celery.log"
  [ ! -f "$STATE/pinning" ] || sed -i '/^celery=/d' "$STATE/pinning"
}

celery_status() {
  if alive "$STATE/celery.pid"; then
    # shellcheck disable=SC1091
    . "$STATE/celery.env"
    echo "celery   up   pid $CELERY_PID concurrency $CELERY_CONCURRENCY cores $CELERY_CPUS"
    return 0
  fi
  echo "celery   down"
  return 1
}
