#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the persistence tests and benchmarks.
#
#   scripts/pg-test-server.sh start [DIR]   start a server in DIR (default: a new temp dir); prints ONE line
#                                           on stdout, the Npgsql connection string; diagnostics go to stderr
#   scripts/pg-test-server.sh stop [DIR]    stop the server in DIR (default: the last one started) and
#                                           remove DIR
#   scripts/pg-test-server.sh status [DIR]  print the connection string if the server in DIR is running
#
# The cluster is initialised with trust authentication for local connections only: a Unix socket in DIR
# and TCP on 127.0.0.1 on a free private port (FTACTORS_PG_PORT to choose one). Nothing listens on other
# interfaces, and DIR disappears on stop, so it never leaves state behind. As root, initdb and postgres
# (which refuse to run as root) run as the `postgres` user through runuser.
#
# Environment: FTACTORS_PG_BIN (default /usr/lib/postgresql/15/bin), FTACTORS_PG_PORT, FTACTORS_PG_FSYNC
# (on|off, default on: benchmarks then measure durable commits; tests may turn it off for speed),
# FTACTORS_PG_OWNER_PID (a process id: a detached watchdog stops and removes the server once that process
# is gone, so a test run killed with SIGKILL leaves no server behind).
#
# For nodes in network namespaces (the multi-node lab tests), two more variables, both unset by default:
#   FTACTORS_PG_NETNS=NS        run the server inside network namespace NS (`ip netns exec`, needs root)
#   FTACTORS_PG_LISTEN=ADDR     listen on TCP ADDR (an address of that namespace, e.g. 10.77.3.1) instead of
#                               127.0.0.1; trust authentication is then also granted to ADDR's /24, and the
#                               printed connection string names ADDR. The Unix socket in DIR/socket still
#                               works from any namespace (pathname sockets belong to the file system, not
#                               to a network namespace), which is how a test in the host reads the table.
set -euo pipefail

PG_BIN="${FTACTORS_PG_BIN:-/usr/lib/postgresql/15/bin}"
LAST_FILE="${TMPDIR:-/tmp}/ftactors-pg-last-$(id -u)"

die() { echo "pg-test-server: $*" >&2; exit 1; }

# Runs a command as the server's owner: `postgres` when we are root, ourselves otherwise.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

LISTEN="${FTACTORS_PG_LISTEN:-127.0.0.1}"
NETNS="${FTACTORS_PG_NETNS:-}"

# Runs a command inside FTACTORS_PG_NETNS when set, here otherwise.
in_netns() {
  if [[ -n "$NETNS" ]]; then
    ip netns exec "$NETNS" "$@"
  else
    "$@"
  fi
}

# The server's owner inside the namespace: enter the namespace as root first, then drop to `postgres`.
owner_in_netns() {
  if [[ -n "$NETNS" ]]; then
    ip netns exec "$NETNS" runuser -u postgres -- "$@"
  else
    as_owner "$@"
  fi
}

port_in_use() {
  # bash's /dev/tcp connect succeeds only when something listens there.
  in_netns bash -c '(exec 3<>"/dev/tcp/$1/$2") 2>/dev/null' probe "$LISTEN" "$1"
}

pick_port() {
  if [[ -n "${FTACTORS_PG_PORT:-}" ]]; then
    port_in_use "$FTACTORS_PG_PORT" && die "FTACTORS_PG_PORT=$FTACTORS_PG_PORT is already in use"
    echo "$FTACTORS_PG_PORT"
    return
  fi
  local tries port
  for tries in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! port_in_use "$port"; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found on $LISTEN after 50 tries"
}

connection_string() {
  local dir=$1 host=127.0.0.1
  [[ -f "$dir/listen" ]] && host=$(cat "$dir/listen")
  echo "Host=$host;Port=$(cat "$dir/port");Username=postgres;Database=postgres;Pooling=true"
}

cmd_start() {
  local dir=${1:-}
  [[ -x "$PG_BIN/initdb" && -x "$PG_BIN/pg_ctl" ]] \
    || die "expected PostgreSQL binaries in $PG_BIN (initdb, pg_ctl); found none (install Debian's postgresql-15 or set FTACTORS_PG_BIN)"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to own the server; none exists"
  fi
  if [[ -n "$NETNS" ]]; then
    [[ $(id -u) -eq 0 ]] || die "FTACTORS_PG_NETNS=$NETNS needs root (ip netns exec); running as uid $(id -u)"
    ip netns list | grep -q "^$NETNS\( \|\$\)" || die "FTACTORS_PG_NETNS: expected an existing network namespace, found no '$NETNS' in ip netns list"
  fi
  [[ "$LISTEN" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "FTACTORS_PG_LISTEN: expected an IPv4 address, found '$LISTEN'"
  if [[ -z "$dir" ]]; then
    dir=$(mktemp -d "${TMPDIR:-/tmp}/ftactors-pg.XXXXXX")
  else
    mkdir -p "$dir"
    [[ -z "$(ls -A "$dir")" ]] || die "expected an empty directory for the server, found files in $dir"
  fi
  mkdir -p "$dir/data" "$dir/socket"
  [[ $(id -u) -eq 0 ]] && chown -R postgres: "$dir"
  chmod 700 "$dir/data"
  # The directory must be reachable by the owner; mktemp makes it 0700 for us.
  chmod 711 "$dir"

  as_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --locale=C --no-instructions >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data (log above)"; }

  if [[ "$LISTEN" != 127.0.0.1 ]]; then
    # initdb's trust lines cover the socket and 127.0.0.1 only; the namespaced nodes come from LISTEN's /24.
    echo "host all all ${LISTEN%.*}.0/24 trust" >>"$dir/data/pg_hba.conf"
    echo "$LISTEN" >"$dir/listen"
  fi

  local port fsync=${FTACTORS_PG_FSYNC:-on}
  port=$(pick_port)
  echo "$port" >"$dir/port"
  local opts="-c port=$port -c listen_addresses=$LISTEN -c unix_socket_directories=$dir/socket"
  opts+=" -c fsync=$fsync -c max_connections=100 -c shared_buffers=64MB"
  owner_in_netns "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --options="$opts" \
    --wait --timeout=120 start >/dev/null \
    || { cat "$dir/server.log" >&2 2>/dev/null || true; die "postgres did not start on $LISTEN port $port (log above)"; }

  if [[ -n "${FTACTORS_PG_OWNER_PID:-}" ]]; then
    local owner=$FTACTORS_PG_OWNER_PID self
    self=$(readlink -f "$0")
    nohup setsid bash -c 'while kill -0 "$1" 2>/dev/null && [[ -d "$3" ]]; do sleep 2; done; [[ -d "$3" ]] && "$2" stop "$3"' \
      watchdog "$owner" "$self" "$dir" >/dev/null 2>&1 </dev/null &
  fi

  echo "$dir" >"$LAST_FILE"
  echo "pg-test-server: PostgreSQL running in $dir on $LISTEN:$port${NETNS:+ (namespace $NETNS)}; stop with: $0 stop $dir" >&2
  connection_string "$dir"
}

resolve_dir() {
  local dir=${1:-}
  if [[ -z "$dir" ]]; then
    [[ -f "$LAST_FILE" ]] || die "no DIR given and no server recorded in $LAST_FILE"
    dir=$(cat "$LAST_FILE")
  fi
  echo "$dir"
}

cmd_stop() {
  local dir
  dir=$(resolve_dir "${1:-}")
  [[ -d "$dir" ]] || die "expected a server directory at $dir, found nothing"
  [[ -f "$dir/port" && -d "$dir/data" ]] || die "expected $dir to be a pg-test-server directory (port file, data/), it is not; not removing it"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait --timeout=60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  if [[ -f "$LAST_FILE" && "$(cat "$LAST_FILE")" == "$dir" ]]; then rm -f "$LAST_FILE"; fi
  echo "pg-test-server: stopped and removed $dir" >&2
}

cmd_status() {
  local dir
  dir=$(resolve_dir "${1:-}")
  if [[ -d "$dir/data" ]] && as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" status >/dev/null 2>&1; then
    connection_string "$dir"
  else
    die "no server running in $dir"
  fi
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) shift; cmd_status "$@" ;;
  *) echo "usage: $0 start [DIR] | stop [DIR] | status [DIR]" >&2; exit 2 ;;
esac
