#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests (test.sh's PostgreSQL pass, the database-going-away test):
#   postgres-cluster.sh start DIR    creates and starts a cluster in DIR on a free loopback port; prints its admin connection string
#   postgres-cluster.sh halt DIR     stops the server (pg_ctl stop -m fast), keeping its data: as when the database goes away
#   postgres-cluster.sh resume DIR   starts the halted server again on the same port
#   postgres-cluster.sh stop DIR     stops the server and deletes DIR
# Debian's postgresql is installed when initdb and pg_ctl are missing. Authentication is trust, on loopback and the
# socket in DIR only: nothing but this machine reaches the cluster, and it holds nothing but test data.
set -euo pipefail

usage() { echo "usage: $0 start|halt|resume|stop DIR" >&2; exit 2; }
(($# == 2)) || usage
command="$1"
dir="$2"

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$found" && -x "$found/initdb" && -x "$found/pg_ctl" ]] && echo "$found"
}

bin="$(bin_dir || true)"
if [[ -z "$bin" ]]; then
  echo "postgres-cluster.sh: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends postgresql >&2
  bin="$(bin_dir)" || { echo "postgres-cluster.sh: no initdb and pg_ctl under /usr/lib/postgresql/*/bin" >&2; exit 1; }
fi

# PostgreSQL refuses to run as root: then the cluster belongs to the postgres user the package created.
as_owner() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ctl() { as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 "$@" >&2; }

start_server() {
  local port="$1"
  # Durability is pointless for data thrown away after the run, and fsyncs would dominate its time.
  ctl -o "-k $dir -p $port -h 127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $((20000 + RANDOM % 40000))
}

case "$command" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    ((EUID == 0)) && chown postgres: "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >/dev/null
    port="$(free_port)"
    echo "$port" >"$dir/port"
    start_server "$port"
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
    ;;
  halt)
    ctl stop -m fast
    ;;
  resume)
    start_server "$(cat "$dir/port")"
    ;;
  stop)
    [[ -f "$dir/data/postmaster.pid" ]] && ctl stop -m fast
    rm -rf "$dir"
    ;;
  *)
    usage
    ;;
esac
