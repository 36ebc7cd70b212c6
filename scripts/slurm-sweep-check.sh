#!/usr/bin/env bash
# Runs a small capsim sweep as a Slurm job array on a one-host Slurm cluster (controller + node
# on this machine) and checks that the merged result is byte-identical to the same sweep run
# locally. Installs slurm-wlm and munge from Debian if missing; stops everything it started,
# on failure and on SIGINT too. Needs root. Exit 0: identical; 1: differ or a step failed.
#
#   scripts/slurm-sweep-check.sh            # 3 shards
#   SHARDS=5 scripts/slurm-sweep-check.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARDS=${SHARDS:-3}
TIMEOUT_S=${TIMEOUT_S:-300}
# A small grid: 6 points × 2 seeds, about a second of simulation in all.
SWEEP=(sweep chat --users 4,8,12 --tasks 1,2 --iterations 1 --session 2s --interval 500ms --replications 2 --seed 7)

[ "$(id -u)" = 0 ] || { echo "slurm-sweep-check: needs root (munged and slurmd run as root here)" >&2; exit 1; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-sweep-check: installing slurm-wlm and munge (apt)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=600 slurm-wlm munge >/dev/null
fi
for port in 6817 6818; do
  if ss -ltn "sport = :$port" | grep -q LISTEN; then echo "slurm-sweep-check: port $port is taken (another Slurm running?)" >&2; exit 1; fi
done
[ -f "$ROOT/dist/src/cli/main.js" ] || (cd "$ROOT" && npx tsc -p tsconfig.json)

W=$(mktemp -d /tmp/capsim-slurm.XXXXXX)
chmod 755 "$W"
mkdir -m 755 "$W/munge" && mkdir "$W/state" "$W/spool" "$W/out"
ARRAY_JOB=""
MERGE_JOB=""
export SLURM_CONF="$W/slurm.conf"

stop_pidfile() { [ -f "$1" ] && kill "$(cat "$1")" 2>/dev/null || true; }
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [ -n "$MERGE_JOB$ARRAY_JOB" ]; then scancel $MERGE_JOB $ARRAY_JOB 2>/dev/null || true; fi
  stop_pidfile "$W/slurmd.pid"
  stop_pidfile "$W/slurmctld.pid"
  stop_pidfile "$W/munged.pid"
  sleep 1
  if [ "$code" = 0 ]; then rm -rf "$W"; else echo "slurm-sweep-check: kept $W for its logs" >&2; fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mungekey -c -k "$W/munge.key" >/dev/null 2>&1 || dd if=/dev/urandom of="$W/munge.key" bs=1 count=1024 2>/dev/null
chmod 400 "$W/munge.key"
munged --socket="$W/munge/munge.socket.2" --pid-file="$W/munged.pid" --log-file="$W/munged.log" --seed-file="$W/munge.seed" --key-file="$W/munge.key"

cat > "$SLURM_CONF" <<CONF
ClusterName=capsim
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$W/munge/munge.socket.2
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 State=UNKNOWN
PartitionName=capsim Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld
slurmd -N localhost
for _ in $(seq 1 60); do
  state=$(sinfo -h -o %t 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { echo "slurm-sweep-check: the node did not come up (sinfo: ${state:-nothing}); see $W/slurmctld.log" >&2; exit 1; }
echo "slurm-sweep-check: Slurm $(sinfo --version | awk '{print $2}') up: controller and node on this host"

cd "$ROOT"
started=$(date +%s.%N)
submitted=$(node bin/capsim.js "${SWEEP[@]}" --slurm "$SHARDS" --out "$W/out/slurm.json" 2>&1)
echo "$submitted"
ARRAY_JOB=$(sed -n 's/.*job array \([0-9]*\).*/\1/p' <<<"$submitted")
MERGE_JOB=$(sed -n 's/.*merge job \([0-9]*\).*/\1/p' <<<"$submitted")
[ -n "$ARRAY_JOB" ] && [ -n "$MERGE_JOB" ] || { echo "slurm-sweep-check: submission failed" >&2; exit 1; }
deadline=$(( $(date +%s) + TIMEOUT_S ))
while scontrol show job "$MERGE_JOB" >/dev/null 2>&1 && ! scontrol show job "$MERGE_JOB" | grep -qE 'JobState=(COMPLETED|FAILED|CANCELLED|TIMEOUT)'; do
  if scontrol show job "$MERGE_JOB" | grep -q DependencyNeverSatisfied; then echo "slurm-sweep-check: a shard failed (merge can never run); logs in $W/out/slurm.json.slurm" >&2; exit 1; fi
  [ "$(date +%s)" -lt "$deadline" ] || { echo "slurm-sweep-check: timed out after ${TIMEOUT_S}s" >&2; exit 1; }
  sleep 0.5
done
elapsed=$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $started }")
scontrol show job "$MERGE_JOB" | grep -q 'JobState=COMPLETED' || { echo "slurm-sweep-check: merge job $MERGE_JOB did not complete" >&2; cat "$W/out/slurm.json.slurm/merge.log" >&2 || true; exit 1; }
echo "slurm-sweep-check: array $ARRAY_JOB ($SHARDS tasks) and merge $MERGE_JOB completed in ${elapsed}s"

node bin/capsim.js "${SWEEP[@]}" --jobs 1 --out "$W/out/local.json" 2>/dev/null
if cmp "$W/out/slurm.json" "$W/out/local.json" && cmp "$W/out/slurm.csv" "$W/out/local.csv"; then
  echo "slurm-sweep-check: OK — merged Slurm result is byte-identical to the local sweep ($(wc -c <"$W/out/local.json") bytes JSON, $(wc -c <"$W/out/local.csv") bytes CSV, sha256 $(sha256sum "$W/out/local.json" | cut -c1-16))"
else
  echo "slurm-sweep-check: DIFFERENT — $W/out/slurm.json vs $W/out/local.json" >&2
  exit 1
fi
