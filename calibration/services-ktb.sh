# Sourced by calibration/services: the ktb-chat stack (seed §5) — a private Redis Cluster of 3
# masters + 3 replicas on 127.0.0.1:7101–7106 and N Socket.IO servers (calibration/apps/ktb-chat)
# on 127.0.0.1:8410…, each one Node.js process like one container.
#
#   calibration/services up --ktb [--ktb-adapter classic|sharded] [--ktb-apps N]
#   calibration/services down --ktb
#
# Redis nodes are pinned to KTB_REDIS_CPUS (default core 1), the apps to KTB_APP_CPUS (default core 0).
# State (nodes.conf, logs, pids, ktb.env) lives in $KTB_DIR.
# shellcheck shell=bash

KTB_DIR=${CAPSIM_KTB_DIR:-/tmp/capsim-ktb}
KTB_REDIS_PORTS=(7101 7102 7103 7104 7105 7106)
KTB_APP_PORT0=8410
KTB_APP_CPUS=${KTB_APP_CPUS:-0}
KTB_REDIS_CPUS=${KTB_REDIS_CPUS:-1}
KTB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

ktb_alive() {
  local f
  for f in "$KTB_DIR"/*.pid; do alive "$f" && return 0; done
  return 1
}

ktb_up() {
  local adapter=$1 apps=$2 port i
  [[ $adapter =~ ^(classic|sharded)$ ]] || die "--ktb-adapter must be classic or sharded, got '$adapter'"
  [[ $apps =~ ^[1-9]$|^1[0-9]$|^20$ ]] || die "--ktb-apps must be a whole number from 1 to 20, got '$apps'"
  ensure_packages
  ktb_alive && die "ktb-chat is already up (calibration/services down --ktb first)"
  [ -f "$KTB_ROOT/dist/calibration/apps/ktb-chat/server.js" ] || die "build first: npx tsc -p tsconfig.json"
  rm -rf "$KTB_DIR"
  mkdir -p "$KTB_DIR"
  for port in "${KTB_REDIS_PORTS[@]}"; do
    mkdir -p "$KTB_DIR/$port"
    taskset -c "$KTB_REDIS_CPUS" redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes \
      --cluster-config-file "$KTB_DIR/$port/nodes.conf" --cluster-node-timeout 5000 --save "" --appendonly no \
      --protected-mode no --dir "$KTB_DIR/$port" --daemonize yes --pidfile "$KTB_DIR/redis-$port.pid" \
      --logfile "$KTB_DIR/$port/redis.log"
    wait_for redis-cli -p "$port" ping || die "redis on $port did not answer"
    boost "$(cat "$KTB_DIR/redis-$port.pid")"
  done
  redis-cli --cluster create $(printf '127.0.0.1:%s ' "${KTB_REDIS_PORTS[@]}") --cluster-replicas 1 --cluster-yes \
    >"$KTB_DIR/cluster-create.log" 2>&1 || die "redis-cli --cluster create failed (see $KTB_DIR/cluster-create.log)"
  # The cluster is usable once every node agrees and the three replicas show as replicas.
  ktb_ready() {
    [ "$(redis-cli -p 7101 cluster info | tr -d '\r' | sed -n 's/^cluster_state://p')" = ok ] &&
      [ "$(redis-cli -p 7101 cluster nodes | grep -c slave)" -eq 3 ]
  }
  wait_for ktb_ready || die "the cluster did not become ready (see $KTB_DIR/cluster-create.log)"
  local nodes
  nodes=$(printf '127.0.0.1:%s,' "${KTB_REDIS_PORTS[@]:0:3}")
  nodes=${nodes%,}
  for i in $(seq 0 $((apps - 1))); do
    port=$((KTB_APP_PORT0 + i))
    setsid taskset -c "$KTB_APP_CPUS" node "$KTB_ROOT/dist/calibration/apps/ktb-chat/server.js" --port "$port" \
      --adapter "$adapter" --redis "$nodes" </dev/null >"$KTB_DIR/app-$port.log" 2>&1 &
    echo $! >"$KTB_DIR/app-$port.pid"
  done
  for i in $(seq 0 $((apps - 1))); do
    port=$((KTB_APP_PORT0 + i))
    wait_for curl -sf "http://127.0.0.1:$port/stats" || die "ktb-chat app on $port did not answer (see $KTB_DIR/app-$port.log)"
    boost "$(cat "$KTB_DIR/app-$port.pid")"
  done
  cat >"$KTB_DIR/ktb.env" <<EOV
KTB_ADAPTER=$adapter
KTB_APPS=$apps
KTB_APP_PORTS=$(seq -s, $KTB_APP_PORT0 $((KTB_APP_PORT0 + apps - 1)))
KTB_APP_PIDS=$(cat "$KTB_DIR"/app-*.pid | paste -sd,)
KTB_REDIS_PIDS=$(cat "$KTB_DIR"/redis-*.pid | paste -sd,)
KTB_APP_CPUS=$KTB_APP_CPUS
KTB_REDIS_CPUS=$KTB_REDIS_CPUS
EOV
  say "ktb-chat up: Redis Cluster 3+3 on 7101-7106 (cores $KTB_REDIS_CPUS), $apps $adapter app(s) on $KTB_APP_PORT0.. (cores $KTB_APP_CPUS)"
}

ktb_down() {
  local f
  for f in "$KTB_DIR"/app-*.pid "$KTB_DIR"/redis-*.pid; do
    [ -f "$f" ] || continue
    stop_pidfile "$f" "$(basename "$f" .pid)"
  done
  rm -rf "$KTB_DIR"
}

ktb_status() {
  if ktb_alive; then
    # shellcheck disable=SC1091
    . "$KTB_DIR/ktb.env"
    echo "ktb-chat up   apps $KTB_APP_PORTS ($KTB_ADAPTER, cores $KTB_APP_CPUS), Redis Cluster 7101-7106 (cores $KTB_REDIS_CPUS)"
  else
    echo "ktb-chat down"
  fi
}
