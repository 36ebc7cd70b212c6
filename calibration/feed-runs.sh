#!/usr/bin/env bash
# The real feed runs behind the model's local calibration and validation (issue 4), each written to
# calibration/runs/<id>.json by `capsim load feed`: Django + gunicorn (3 workers × 32 threads) on
# core 0, a fresh private MariaDB on core 1, fan-out F = 50 or 500, 30 or 60 s of constant VUs (POST, sleep 1 s).
#
#   calibration/feed-runs.sh            all runs
#   calibration/feed-runs.sh ID…        only these ids (e.g. feed-mysql-v50-c10-f1-w3x32-F50)
#
# The machine may be shared: before each run this waits until no other real run is in progress (a
# colleague's chat runs, say) and both cores are nearly idle (calibration/quiet.sh); a run whose
# record notes other load on its cores, or a core whose speed probe changed by more than 10 %
# during the run (calibration/load/speed-probe.ts), is made again (at most 3 attempts; the last
# record is kept either way and its note says so).
set -euo pipefail
cd "$(dirname "$0")/.."
COMMON=(--workers 3 --threads 32)
F50=(--db mysql --fanout 50 --duration 30s)

# Protocol of issue 4: F = 50, VUs 10–200, max_connections 10/50/200, flush 1/2. The two faces of
# seed §2 case b: a low max_connections (10) refuses with 1040 at once, a high one (200) lets every
# request in to queue inside MariaDB.
# Then the seed's own fan-out, F = 500 (60 s, since a success takes seconds): a success costs more
# than an error page there, as in the seed, so the low limit gives the higher RPS.
# Then SQLite (Django's default), one file on this machine's ext4 disk.
RUNS=(
  # calibration set: the MySQL runs with VUs ≤ 50, at both fan-outs
  "feed-mysql-v10-c50-f1-w3x32-F50   ${F50[*]} --vus 10 --max-connections 50 --flush 1"
  "feed-mysql-v50-c10-f1-w3x32-F50   ${F50[*]} --vus 50 --max-connections 10 --flush 1"
  "feed-mysql-v50-c200-f1-w3x32-F50  ${F50[*]} --vus 50 --max-connections 200 --flush 1"
  "feed-mysql-v50-c50-f2-w3x32-F50   ${F50[*]} --vus 50 --max-connections 50 --flush 2"
  "feed-mysql-v50-c10-f1-w3x32-F500   --db mysql --fanout 500 --duration 60s --vus 50 --max-connections 10 --flush 1"
  "feed-mysql-v50-c200-f1-w3x32-F500  --db mysql --fanout 500 --duration 60s --vus 50 --max-connections 200 --flush 1"
  # validation set: the other MySQL runs
  "feed-mysql-v100-c10-f1-w3x32-F50  ${F50[*]} --vus 100 --max-connections 10 --flush 1"
  "feed-mysql-v100-c200-f1-w3x32-F50 ${F50[*]} --vus 100 --max-connections 200 --flush 1"
  "feed-mysql-v100-c50-f2-w3x32-F50  ${F50[*]} --vus 100 --max-connections 50 --flush 2"
  "feed-mysql-v200-c10-f1-w3x32-F50  ${F50[*]} --vus 200 --max-connections 10 --flush 1"
  "feed-mysql-v200-c50-f1-w3x32-F50  ${F50[*]} --vus 200 --max-connections 50 --flush 1"
  "feed-mysql-v200-c200-f1-w3x32-F50 ${F50[*]} --vus 200 --max-connections 200 --flush 1"
  "feed-mysql-v200-c10-f2-w3x32-F50  ${F50[*]} --vus 200 --max-connections 10 --flush 2"
  "feed-mysql-v200-c200-f2-w3x32-F50 ${F50[*]} --vus 200 --max-connections 200 --flush 2"
  "feed-mysql-v100-c50-f1-w3x32-F500  --db mysql --fanout 500 --duration 60s --vus 100 --max-connections 50 --flush 1"
  "feed-mysql-v200-c10-f1-w3x32-F500  --db mysql --fanout 500 --duration 60s --vus 200 --max-connections 10 --flush 1"
  "feed-mysql-v200-c200-f1-w3x32-F500 --db mysql --fanout 500 --duration 60s --vus 200 --max-connections 200 --flush 1"
  "feed-mysql-v200-c200-f2-w3x32-F500 --db mysql --fanout 500 --duration 60s --vus 200 --max-connections 200 --flush 2"
  # SQLite: recorded, not judged yet (models/feed/README.md)
  "feed-sqlite-v10-w3x32-F50         --db sqlite --fanout 50 --duration 30s --vus 10"
  "feed-sqlite-v50-w3x32-F50         --db sqlite --fanout 50 --duration 30s --vus 50"
  "feed-sqlite-v100-w3x32-F50        --db sqlite --fanout 50 --duration 30s --vus 100"
)

QUIET_TAG=feed-runs
# shellcheck source=calibration/quiet.sh
source calibration/quiet.sh
make_runs feed "$@"
