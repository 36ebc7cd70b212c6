# Sourced by mysql-insert-scaling.sh and mysql-high-concurrency.sh: a private mariadbd on a socket
# under $work (set by the caller), pinned to core 0, with the feed app's tables.
#   start_mariadb ARGS…  starts it with the caller's settings and waits until it answers
#   stop, sql ARGS…, schema, and INSERT (the fan-out statement)
sock=$work/mysqld.sock
pid=""

start_mariadb() {
  taskset -c 0 mariadbd --no-defaults --user=root --datadir="$work/data" --socket="$sock" --skip-networking \
    --pid-file="$work/pid" --log-error="$work/err.log" --innodb-log-file-size=256M "$@" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do mariadb --no-defaults -uroot -S "$sock" -e 'select 1' >/dev/null 2>&1 && return; sleep 0.1; done
  echo "mariadbd did not start" >&2; cat "$work/err.log" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
sql() { mariadb --no-defaults -uroot -S "$sock" "$@"; }

# The feed app's tables as Django 3.2 creates them on MySQL (ForeignKey → index + constraint).
schema() {
  sql -e "DROP DATABASE IF EXISTS feed; CREATE DATABASE feed;"
  sql feed -e "
    CREATE TABLE auth_user (id INT AUTO_INCREMENT PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE) ENGINE=InnoDB;
    CREATE TABLE post (id BIGINT AUTO_INCREMENT PRIMARY KEY, author_id INT NOT NULL, body LONGTEXT NOT NULL, created_at DATETIME(6) NOT NULL,
      KEY (author_id), CONSTRAINT FOREIGN KEY (author_id) REFERENCES auth_user (id)) ENGINE=InnoDB;
    CREATE TABLE feed_item (id BIGINT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, post_id BIGINT NOT NULL, created_at DATETIME(6) NOT NULL,
      KEY (user_id), KEY (post_id), CONSTRAINT FOREIGN KEY (user_id) REFERENCES auth_user (id), CONSTRAINT FOREIGN KEY (post_id) REFERENCES post (id)) ENGINE=InnoDB;
    INSERT INTO auth_user (username) SELECT CONCAT('u', seq) FROM seq_1_to_10000;
    INSERT INTO post (author_id, body, created_at) SELECT 1 + seq % 10000, REPEAT('x', 200), NOW(6) FROM seq_1_to_1000;"
}

INSERT="INSERT INTO feed_item (user_id, post_id, created_at) VALUES (1 + FLOOR(RAND() * 10000), 1 + CONNECTION_ID() % 1000, NOW(6))"
