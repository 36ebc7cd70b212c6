#!/usr/bin/env bash
# Where a request of the bundled feed app spends its time and holds a MySQL connection: one real
# run (100 VUs, max_connections 10, F = 50, 30 s: the low limit, most requests refused with 1040)
# with the app's FEED_TRACE on, summarised by error-page-trace.py. A failed request renders
# Django's technical 500 page, then waits for its worker process's logging lock, where Django's
# AdminEmailHandler renders a text traceback, then sends the page. Both tracebacks format every
# frame's variables, and QuerySet.create's `self` is a QuerySet whose repr runs a SELECT: a second
# connection, held until the response has been sent. The summary also sets a success's fan-out
# loop against the tracebacks rendered meanwhile (the GIL convoy). The run record is written to a
# temporary directory, not calibration/runs (tracing is not part of the protocol).
#
#   calibration/feed/error-page-trace.sh > models/feed/error-page-trace.json
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/capsim-feed-trace.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/trace"
QUIET_TAG=error-page-trace
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
wait_quiet >&2
# The flags of that committed setting, as calibration/feed-settings.sh lists them.
# shellcheck source=calibration/feed-settings.sh
source calibration/feed-settings.sh
for spec in "${RUNS[@]}"; do
  read -r id flags <<<"$spec"
  [ "$id" = feed-mysql-v100-c10-f1-w3x32-F50 ] && break
done
[ "$id" = feed-mysql-v100-c10-f1-w3x32-F50 ] || { echo "error-page-trace: feed-mysql-v100-c10-f1-w3x32-F50 is not in calibration/feed-settings.sh" >&2; exit 1; }
# shellcheck disable=SC2086
FEED_TRACE="$work/trace" node "${CAPSIM_BIN:-bin/capsim.js}" load feed $flags "${COMMON[@]}" --id feed-trace-v100-c10-F50 --out "$work" >&2
/usr/bin/python3 calibration/feed/error-page-trace.py "$work/trace"
