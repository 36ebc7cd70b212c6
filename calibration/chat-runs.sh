#!/usr/bin/env bash
# The real chat runs behind the model's calibration and validation (issue 3), each written to
# calibration/runs/<id>.json by `capsim load chat`. Every run: 2 iterations of 10 s sessions.
#
#   calibration/chat-runs.sh            all runs
#   calibration/chat-runs.sh ID…        only these ids (e.g. chat-n50-i500ms-pc-b100)
#
# The machine may be shared: before each run this waits until no other real run is in progress and
# both cores are nearly idle (calibration/quiet.sh); a run whose record notes other load on its
# cores is made again (at most 3 attempts; the last record is kept either way and its note says so).
set -euo pipefail
cd "$(dirname "$0")/.."

COMMON=(--iterations 2 --session 10s)

RUNS=(
  # calibration set, N ≤ 50
  "chat-n10-i1s-pc-b100     --users 10 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n20-i1s-pc-b100     --users 20 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n30-i1s-pc-b100     --users 30 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n50-i1s-pc-b100     --users 50 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n10-i500ms-pc-b100  --users 10 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n20-i500ms-pc-b100  --users 20 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n30-i500ms-pc-b100  --users 30 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n50-i500ms-pc-b100  --users 50 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n20-i500ms-pp-b100  --users 20 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n50-i500ms-pp-b100  --users 50 --interval 500ms --subscription per-process --message-bytes 100"
  # calibration set, message sizes (issue 21): a cost per byte needs runs at several sizes
  "chat-n60-i1s-pc-b300     --users 60 --interval 1s --subscription per-connection --message-bytes 300"
  "chat-n60-i1s-pc-b3000    --users 60 --interval 1s --subscription per-connection --message-bytes 3000"
  "chat-n80-i1s-pp-b3000    --users 80 --interval 1s --subscription per-process --message-bytes 3000"
  # validation set
  # (chat-n120-i1s-pp-b300 was meant for calibration; made while uvicorn waited for its core 15% of
  # the run, it is held out instead)
  "chat-n120-i1s-pp-b300    --users 120 --interval 1s --subscription per-process --message-bytes 300"
  "chat-n100-i1s-pc-b100    --users 100 --interval 1s --subscription per-connection --message-bytes 100"
  "chat-n100-i1s-pp-b100    --users 100 --interval 1s --subscription per-process --message-bytes 100"
  "chat-n100-i500ms-pc-b100 --users 100 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n100-i500ms-pp-b100 --users 100 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n150-i500ms-pc-b100 --users 150 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n150-i500ms-pp-b100 --users 150 --interval 500ms --subscription per-process --message-bytes 100"
  "chat-n50-i500ms-pc-b1000-cap50mbit --users 50 --interval 500ms --subscription per-connection --message-bytes 1000 --redis-egress 50mbit"
  "chat-n100-i1s-pc-b1000-cap50mbit   --users 100 --interval 1s --subscription per-connection --message-bytes 1000 --redis-egress 50mbit"
  # validation set, message sizes (issue 21)
  "chat-n100-i1s-pc-b300    --users 100 --interval 1s --subscription per-connection --message-bytes 300"
  "chat-n100-i1s-pp-b3000   --users 100 --interval 1s --subscription per-process --message-bytes 3000"
  "chat-n200-i1s-pp-b300    --users 200 --interval 1s --subscription per-process --message-bytes 300"
  # validation set, fresh runs on the host of the day (issue 21: a calibration that travels): new
  # settings, never fitted; records carry the speed probe and Redis's INFO counters before→after
  "chat-n70-i1s-pc-b500     --users 70 --interval 1s --subscription per-connection --message-bytes 500"
  "chat-n40-i250ms-pc-b200  --users 40 --interval 250ms --subscription per-connection --message-bytes 200"
  "chat-n160-i1s-pp-b1000   --users 160 --interval 1s --subscription per-process --message-bytes 1000"
  "chat-n90-i750ms-pp-b150  --users 90 --interval 750ms --subscription per-process --message-bytes 150"
  # validation set, two more fresh runs (2026-12-06 00:35 UTC, load average 50–70 from other work):
  # checks of the core share (validate simulates uvicorn with the share of its core it got)
  "chat-n80-i750ms-pc-b400  --users 80 --interval 750ms --subscription per-connection --message-bytes 400"
  "chat-n130-i1s-pp-b600    --users 130 --interval 1s --subscription per-process --message-bytes 600"
)

# Repeats of two 100-byte calibration settings, with speed probes (the originals have none): they
# tie the old runs' core speed to the probe (calibration/chat/run-speed.ts, probeReference):
#   RUNS_DIR=calibration/repeats: chat-n50-i500ms-pc-b100-r2, chat-n50-i500ms-pp-b100-r2 (same flags)
REPEATS=(
  "chat-n50-i500ms-pc-b100-r2 --users 50 --interval 500ms --subscription per-connection --message-bytes 100"
  "chat-n50-i500ms-pp-b100-r2 --users 50 --interval 500ms --subscription per-process --message-bytes 100"
)
[ "${RUNS_DIR:-}" = calibration/repeats ] && RUNS=("${REPEATS[@]}")

QUIET_TAG=chat-runs
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs chat "$@"
