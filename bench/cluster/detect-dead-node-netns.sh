#!/usr/bin/env bash
# Measures how long after a SIGKILL the other nodes (1) declare the killed node Dead in the membership table and
# (2) all agree (every survivor's agent has read the verdict), with the nodes in network namespaces of a lab
# topology (bridge, 1 Gbit/s tbf links) and the membership table and journal on a real PostgreSQL server running
# in a fourth namespace (scripts/pg-test-server.sh with FTACTORS_PG_NETNS/FTACTORS_PG_LISTEN). Every run uses a
# fresh database and three fresh node processes; the victim is the youngest node, so no singleton moves. Times
# come from the nodes' own log stamps (one machine, one clock) against the moment of the kill
# (bench/cluster/detect-times.py). Needs root.
#
# Usage: bench/cluster/detect-dead-node-netns.sh [runs=5] [path to ftactors.dll]
#   FTACTORS_BENCH_SHORT=1   the multi-node tests' short detector settings (500 ms heartbeats, 2 s acceptable
#                            pause, 500 ms table refresh) instead of hocon/reference.conf's defaults
#                            (1 s heartbeats, 3 s pause, 1 s refresh)
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
dll=${2:-$root/src/FtActors.Cli/bin/Debug/net10.0/ftactors.dll}
[[ -f $dll ]] || { echo "expected the ftactors CLI at $dll; build it with: dotnet build src/FtActors.Cli" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "network namespaces need root; running as uid $(id -u)" >&2; exit 2; }

name=bd$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
work=$(mktemp -d)
chmod 711 "$work"  # the server runs as postgres and must reach $work/pg
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -f $work/pg ]] && "$root/scripts/pg-test-server.sh" stop "$work/pg" 2>/dev/null || true
  dotnet "$dll" lab topology rm "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet "$dll" lab topology create "$name" --nodes 4 --rate 1gbit >&2
address() { ip -n "ftlab-$name-$1" -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1; }
server=$(address 1)
FTACTORS_PG_NETNS=ftlab-$name-1 FTACTORS_PG_LISTEN=$server FTACTORS_PG_FSYNC=off FTACTORS_PG_OWNER_PID=$$ \
  "$root/scripts/pg-test-server.sh" start "$work/pg" >"$work/conn"
touch "$work/pg"
socket="$work/pg/socket"
pgport=$(cat "$work/pg/port")

sets=()
if [[ -n ${FTACTORS_BENCH_SHORT:-} ]]; then
  sets=(--set ftactors.cluster.heartbeat-interval=500ms --set ftactors.cluster.acceptable-heartbeat-pause=2s
        --set ftactors.cluster.agent.table-refresh-interval=500ms)
fi

# shellcheck source=kill-and-measure.sh
source "$root/bench/cluster/kill-and-measure.sh"
echo "run,detect_ms,converge_ms,load"
for run in $(seq 1 "$runs"); do
  db=bench$run
  runuser -u postgres -- /usr/lib/postgresql/15/bin/psql -q -h "$socket" -p "$pgport" -U postgres -c "CREATE DATABASE $db" >&2
  conn="Host=$server;Port=$pgport;Username=postgres;Database=$db;Pooling=true"
  pids=()
  i=2
  for n in a b c; do
    # Files of the last run would satisfy the wait below before this node has even started.
    rm -f "$work/$n.out" "$work/$n.err"
    ip netns exec "ftlab-$name-$i" dotnet "$dll" node --config "$root/hocon/node.conf" --parent-pid $$ \
      --set ftactors.cluster.id=bench --set ftactors.cluster.membership.provider=postgresql \
      --set "ftactors.cluster.membership.connection-string=$conn" \
      --set ftactors.persistence.journal.provider=postgresql \
      --set "ftactors.persistence.journal.connection-string=$conn" \
      --set "ftactors.remoting.host=$(address $i)" --set ftactors.remoting.port=2552 "${sets[@]}" \
      >"$work/$n.out" 2>"$work/$n.err" &
    pids+=($!)
    until grep -qs "ftactors-node up" "$work/$n.out"; do
      kill -0 "${pids[-1]}" 2>/dev/null || { echo "node $n exited before it was up:"; cat "$work/$n.out" "$work/$n.err"; exit 1; } >&2
      sleep 0.2
    done
    i=$((i + 1))
  done
  kill_and_measure "$run"
done
