#!/usr/bin/env bash
# calibration/feed/sqlite-lock-fairness.py on core 0, with core 0's speed probe
# (calibration/load/speed-probe.ts) before and after, as one JSON batch on stdout. Settings as the
# script's (env WRITERS, ROWS, GAP_US, SECONDS, DIR). A real run: take the lock around it,
#   flock /tmp/capsim-real-run.lock calibration/feed/sqlite-lock-fairness.sh > batch.json
set -euo pipefail
cd "$(dirname "$0")/../.."
probe() { node -e "import('./dist/calibration/load/speed-probe.js').then((m) => console.log(m.probeCores(['0']).core0))"; }
before=$(probe)
batch=$(taskset -c 0 /usr/bin/python3 calibration/feed/sqlite-lock-fairness.py)
after=$(probe)
/usr/bin/python3 -c 'import json, sys; d = json.loads(sys.argv[1]); d["speedProbeMs"] = [float(sys.argv[2]), float(sys.argv[3])]; print(json.dumps(d, indent=1))' "$batch" "$before" "$after"
