# The settings of the real feed runs (issue 4), one "id flags…" line each in RUNS; sourced by
# calibration/feed-runs.sh (one run each) and calibration/feed-repeats.sh (the same settings again).
COMMON=(--workers 3 --threads 32)
F50=(--db mysql --fanout 50 --duration 30s)
F500=(--db mysql --fanout 500 --duration 60s)

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
  "feed-mysql-v50-c10-f1-w3x32-F500   ${F500[*]} --vus 50 --max-connections 10 --flush 1"
  "feed-mysql-v50-c200-f1-w3x32-F500  ${F500[*]} --vus 50 --max-connections 200 --flush 1"
  # validation set: the other MySQL runs
  "feed-mysql-v100-c10-f1-w3x32-F50  ${F50[*]} --vus 100 --max-connections 10 --flush 1"
  "feed-mysql-v100-c200-f1-w3x32-F50 ${F50[*]} --vus 100 --max-connections 200 --flush 1"
  "feed-mysql-v100-c50-f2-w3x32-F50  ${F50[*]} --vus 100 --max-connections 50 --flush 2"
  "feed-mysql-v200-c10-f1-w3x32-F50  ${F50[*]} --vus 200 --max-connections 10 --flush 1"
  "feed-mysql-v200-c50-f1-w3x32-F50  ${F50[*]} --vus 200 --max-connections 50 --flush 1"
  "feed-mysql-v200-c200-f1-w3x32-F50 ${F50[*]} --vus 200 --max-connections 200 --flush 1"
  "feed-mysql-v200-c10-f2-w3x32-F50  ${F50[*]} --vus 200 --max-connections 10 --flush 2"
  "feed-mysql-v200-c200-f2-w3x32-F50 ${F50[*]} --vus 200 --max-connections 200 --flush 2"
  "feed-mysql-v100-c50-f1-w3x32-F500  ${F500[*]} --vus 100 --max-connections 50 --flush 1"
  "feed-mysql-v200-c10-f1-w3x32-F500  ${F500[*]} --vus 200 --max-connections 10 --flush 1"
  "feed-mysql-v200-c200-f1-w3x32-F500 ${F500[*]} --vus 200 --max-connections 200 --flush 1"
  "feed-mysql-v200-c200-f2-w3x32-F500 ${F500[*]} --vus 200 --max-connections 200 --flush 2"
  # SQLite: v50 calibrates the local SQLite costs, v10 and v100 validate them (models/feed/README.md)
  "feed-sqlite-v10-w3x32-F50         --db sqlite --fanout 50 --duration 30s --vus 10"
  "feed-sqlite-v50-w3x32-F50         --db sqlite --fanout 50 --duration 30s --vus 50"
  "feed-sqlite-v100-w3x32-F50        --db sqlite --fanout 50 --duration 30s --vus 100"
)
