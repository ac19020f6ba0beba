#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB servers on loopback ports, for the rotation tests.
#
#   eval "$(bash .ci/databases.sh start DIR)"   # starts both, prints the COFFER_TEST_* exports
#   bash .ci/databases.sh stop DIR              # stops both and removes DIR
#
# Needs root (the servers run as the postgres user and as root) and the Debian packages
# postgresql-15, mariadb-server and openssl. Both servers listen on 127.0.0.1 only, accept TLS
# with a self-signed certificate (DIR/tls/cert.pem, exported as COFFER_TEST_DB_CA), and the
# PostgreSQL role "tls_only" may only log in over TLS (pg_hba hostssl), which lets a test prove
# that a rotator used TLS.
set -euo pipefail

cmd=${1:?usage: databases.sh start|stop DIR}
dir=${2:?usage: databases.sh start|stop DIR}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 755 "$dir"
  local pw
  pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')

  # One self-signed certificate for both servers (SAN 127.0.0.1 and localhost).
  mkdir -p "$dir/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
    -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" >/dev/null 2>&1
  chmod 644 "$dir/tls/cert.pem"

  # PostgreSQL: initdb into DIR/pg as the postgres user.
  local pg_port pg="$dir/pg"
  pg_port=$(free_port)
  mkdir -p "$pg"
  cp "$dir/tls/cert.pem" "$dir/tls/key.pem" "$pg/"
  printf '%s\n' "$pw" >"$pg/pwfile"
  chown -R postgres:postgres "$pg"
  chmod 700 "$pg"
  chmod 600 "$pg/key.pem"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$pg/data" -U postgres --pwfile="$pg/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >"$pg/initdb.log" 2>&1
  cat >"$pg/data/pg_hba.conf" <<EOF
local   all       all                      trust
hostssl all       tls_only  127.0.0.1/32   scram-sha-256
host    all       tls_only  127.0.0.1/32   reject
host    all       all       127.0.0.1/32   scram-sha-256
EOF
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -t 60 start -o \
    "-p $pg_port -k $pg -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=$pg/cert.pem -c ssl_key_file=$pg/key.pem -c fsync=off -c max_connections=200" >/dev/null

  # MariaDB: a fresh datadir in DIR/my, run as root.
  local my_port my="$dir/my"
  my_port=$(free_port)
  mkdir -p "$my"
  mariadb-install-db --no-defaults --user=root --datadir="$my/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$my/install.log" 2>&1
  nohup mariadbd --no-defaults --user=root --datadir="$my/data" --port="$my_port" --bind-address=127.0.0.1 \
    --socket="$my/mysqld.sock" --pid-file="$my/mysqld.pid" --skip-name-resolve --innodb-flush-log-at-trx-commit=0 \
    --ssl-cert="$dir/tls/cert.pem" --ssl-key="$dir/tls/key.pem" --log-error="$my/error.log" >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    mariadb --no-defaults --socket="$my/mysqld.sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
    sleep 0.5
  done
  mariadb --no-defaults --socket="$my/mysqld.sock" -uroot -e \
    "CREATE USER 'admin'@'%' IDENTIFIED BY '$pw'; GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION; FLUSH PRIVILEGES;"

  cat <<EOF
export COFFER_TEST_PG_HOST=127.0.0.1
export COFFER_TEST_PG_PORT=$pg_port
export COFFER_TEST_PG_USER=postgres
export COFFER_TEST_PG_PASSWORD=$pw
export COFFER_TEST_MYSQL_HOST=127.0.0.1
export COFFER_TEST_MYSQL_PORT=$my_port
export COFFER_TEST_MYSQL_USER=admin
export COFFER_TEST_MYSQL_PASSWORD=$pw
export COFFER_TEST_DB_CA=$dir/tls/cert.pem
EOF
}

stop() {
  [ -d "$dir" ] || return 0
  if [ -f "$dir/pg/data/postmaster.pid" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/my/mysqld.pid" ]; then
    kill "$(cat "$dir/my/mysqld.pid")" 2>/dev/null || true
    for _ in $(seq 1 60); do [ -f "$dir/my/mysqld.pid" ] || break; sleep 0.5; done
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: databases.sh start|stop DIR" >&2; exit 2 ;;
esac
