#!/usr/bin/env bash
# Remote messages per second and round-trip latency between two real processes (bench/cluster/RemotingProbe, plain
# TCP, no TLS): first both on 127.0.0.1 of the host, then each in its own network namespace of a two-node lab
# topology (a veth pair shaped with tbf at RATE). The client prints round-trip percentiles over ROUNDS one-at-a-time
# Ping/Pong pairs, then three batches of MESSAGES one-way Pings (TellAsync, then a marker whose answer carries the
# count received). Needs root for the namespaces; prints the load average beside each measure.
#
# Usage: bench/cluster/remoting-netns.sh [rate=1gbit] [messages=100000] [rounds=2000] [path to ftactors.dll]
set -euo pipefail
rate=${1:-1gbit}
messages=${2:-100000}
rounds=${3:-2000}
root=$(cd "$(dirname "$0")/../.." && pwd)
dll=${4:-$root/src/FtActors.Cli/bin/Debug/net10.0/ftactors.dll}
probe=$root/bench/cluster/RemotingProbe/bin/Release/net10.0/ftactors-remoting-probe.dll
[[ -f $dll ]] || { echo "expected the ftactors CLI at $dll (for the lab topology); build it with: dotnet build src/FtActors.Cli" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "network namespaces need root; running as uid $(id -u)" >&2; exit 2; }
dotnet build -c Release "$root/bench/cluster/RemotingProbe" >&2

name=rb$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
server=
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  dotnet "$dll" lab topology rm "$name" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# measure LABEL SERVER_HOST CLIENT_HOST SERVER_NS CLIENT_NS: one server/client pair (empty namespace: the host).
measure() {
  local label=$1 server_host=$2 client_host=$3 server_ns=$4 client_ns=$5
  local run_server=() run_client=()
  [[ -n $server_ns ]] && run_server=(ip netns exec "$server_ns")
  [[ -n $client_ns ]] && run_client=(ip netns exec "$client_ns")
  "${run_server[@]}" dotnet "$probe" server "$server_host" 27001 >"/tmp/$name-server.out" 2>&1 &
  server=$!
  until grep -qs listening "/tmp/$name-server.out"; do
    kill -0 "$server" 2>/dev/null || { cat "/tmp/$name-server.out" >&2; exit 1; }
    sleep 0.2
  done
  echo "== $label (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  "${run_client[@]}" dotnet "$probe" client "$client_host" 27002 "$server_host" 27001 "$messages" "$rounds"
  echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=
  rm -f "/tmp/$name-server.out"
}

measure "two processes on 127.0.0.1" 127.0.0.1 127.0.0.1 "" ""
dotnet "$dll" lab topology create "$name" --nodes 2 --rate "$rate" >&2
address() { ip -n "ftlab-$name-$1" -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1; }
measure "two namespaces, $rate veth pair" "$(address 1)" "$(address 2)" "ftlab-$name-1" "ftlab-$name-2"
