#!/usr/bin/env bash
# PostgreSQL's CPU per document command by document size and concurrency, with no HTTP or Locust
# (calibration/apps/highscore/doc_cost.py): the store of `capsim load highscore` (calibration/services
# up --highscore: PostgreSQL pinned to core 1), the client pinned to core 0 where uvicorn runs in a
# load run, a speed probe of both cores before and after. Run it under the real-run lock:
#   flock /tmp/capsim-real-run.lock calibration/highscore-doc-cost.sh calibration/highscore/doc-cost.json
# Arguments after the output file go to doc_cost.py (default: 1,000-6,000 items at 1 and 20 at once).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: highscore-doc-cost.sh OUT.json [doc_cost.py args]}
shift
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--items 1000,2000,3000,4000,5000,6000 --concurrency 1,20 --seconds 4)
trap 'calibration/services down --highscore >/dev/null 2>&1 || true' EXIT INT TERM
calibration/services up --highscore >&2
# shellcheck disable=SC1091
. /tmp/capsim-highscore/postgres.env
workload=$(node -e "import('./dist/src/machine/speed-probe.js').then(m => process.stdout.write(m.PROBE_WORKLOAD))")
probe_ms() { taskset -c "$1" /usr/bin/python3 -c "$workload"; }
before0=$(probe_ms 0); before1=$(probe_ms 1)
cells=$(cd calibration/apps/highscore && PGHOST=$POSTGRES_HOST PGPORT=$POSTGRES_PORT PGUSER=postgres PGDATABASE=highscore \
  taskset -c 0 /usr/bin/python3 doc_cost.py --pg-pid "$POSTGRES_PID" "${args[@]}")
after0=$(probe_ms 0); after1=$(probe_ms 1)
/usr/bin/python3 - "$out" "$before0" "$after0" "$before1" "$after1" "$(uname -r)" "${args[*]}" <<PY
import json, sys, datetime
out, b0, a0, b1, a1, kernel, args = sys.argv[1:]
cells = [json.loads(l) for l in """$cells""".splitlines() if l.strip()]
doc = {
  "kind": "highscore-doc-cost",
  "createdAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
  "command": "calibration/highscore-doc-cost.sh " + out + " " + args,
  "machine": {"kernel": kernel, "pinning": {"postgres": "1", "doc_cost.py": "0"},
              "speedProbe": {"core0": [round(float(b0), 2), round(float(a0), 2)], "core1": [round(float(b1), 2), round(float(a1), 2)]},
              "postgres": "PostgreSQL 15 as calibration/services up --highscore starts it (defaults, synchronous_commit on, track_wal_io_timing on), jsonb lz4"},
  "cells": cells,
}
json.dump(doc, open(out, "w"), indent=1)
print(f"wrote {out}: {len(cells)} cells", file=sys.stderr)
PY
