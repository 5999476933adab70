#!/usr/bin/env bash
# Measures, with the default cluster settings of hocon/reference.conf, how long after a SIGKILL the other nodes
# (1) declare the killed node Dead in the membership table and (2) all agree (every survivor's agent has read the
# verdict). Three `ftactors node` processes on 127.0.0.1 share one SQLite file; times come from the nodes' own log
# timestamps (one machine, one clock) against the moment of the kill.
#
# Usage: bench/cluster/detect-dead-node.sh [runs=5] [path to ftactors.dll]
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
dll=${2:-$root/src/FtActors.Cli/bin/Debug/net10.0/ftactors.dll}
[[ -f $dll ]] || { echo "expected the ftactors CLI at $dll; build it with: dotnet build src/FtActors.Cli" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# shellcheck source=kill-and-measure.sh
source "$root/bench/cluster/kill-and-measure.sh"
echo "run,detect_ms,converge_ms,load"
for run in $(seq 1 "$runs"); do
  db=$work/run$run.db
  pids=()
  for n in a b c; do
    # Files of the last run would satisfy the wait below before this node has even started.
    rm -f "$work/$n.out" "$work/$n.err"
    port=$(free_port)
    dotnet "$dll" node --config "$root/hocon/node.conf" --parent-pid $$ \
      --set ftactors.cluster.id=bench --set ftactors.cluster.membership.provider=sqlite \
      --set "ftactors.cluster.membership.connection-string=Data Source=$db" \
      --set ftactors.persistence.journal.provider=sqlite \
      --set "ftactors.persistence.journal.connection-string=Data Source=$db" \
      --set ftactors.remoting.host=127.0.0.1 --set ftactors.remoting.port=$port \
      >"$work/$n.out" 2>"$work/$n.err" &
    pids+=($!)
    until grep -qs "ftactors-node up" "$work/$n.out"; do sleep 0.2; done
  done
  kill_and_measure "$run"
done
