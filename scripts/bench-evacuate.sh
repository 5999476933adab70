#!/usr/bin/env bash
# Warning time needed for an evacuation, for docs/results.md "## Health": from the failure prediction to the
# guest running on the spare, through the real node processes. For each store condition it creates a
# two-node topology (1 Gbit/s by default), boots a 1 GiB readmostly guest in node 1, optionally builds the
# spare's pre-deploy store from the running guest's RAM file ("fresh"; "none" = no store), starts
# `ftactors node` as a spare in node 2 (its receiver on port 7700, using that store) and as a compute node
# in node 1 (watching the lab guest), sends `ftactors predict` for the compute node, and reads the compute
# node's own log: prediction received (event 6110) to migration committed (event 6114). It then checks the
# guest's next checksums on the spare against `ftw expect`, and removes everything.
#
#   scripts/bench-evacuate.sh [output.md] [stores] [rate] [workload:mb]
#   e.g. scripts/bench-evacuate.sh /tmp/evac.md "fresh none" 1gbit readmostly:300
#
# Needs root, QEMU, python3. FTACTORS_CLI_DLL overrides the CLI build used (default: Release build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/evacuate.md}"
STORES="${2:-fresh none}"
RATE="${3:-1gbit}"
WM="${4:-readmostly:300}"
W="${WM%%:*}"; MB="${WM##*:}"
MEM=1024
mkdir -p "$(dirname "$OUT")"
[[ $(id -u) -eq 0 ]] || { echo "bench-evacuate.sh: needs root (network namespaces, tc)" >&2; exit 2; }
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_cli
WORK="$(mktemp -d /tmp/ftevac-XXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

node() { # netns name role host out-prefix extra-sets...
  local ns=$1 name=$2 role=$3 host=$4 out=$5; shift 5
  local sets=(
    --set "ftactors.cluster.id=evac-$TOPO" --set "ftactors.cluster.roles.0=$role"
    --set ftactors.cluster.membership.provider=sqlite --set "ftactors.cluster.membership.connection-string=Data Source=$WORK/cluster.db"
    --set ftactors.persistence.journal.provider=sqlite --set "ftactors.persistence.journal.connection-string=Data Source=$WORK/journal-$name.db"
    --set "ftactors.remoting.host=$host" --set ftactors.remoting.port=2552 --set ftactors.metrics.port=0
    --set "ftactors.node.name=$name" --set ftactors.node.slurm-drain=off --set "ftactors.node.link-rate=$RATE"
    --set ftactors.health.sources.hwmon.enabled=false --set ftactors.health.sources.edac.enabled=false)
  for s in "$@"; do sets+=(--set "$s"); done
  ip netns exec "$ns" "${FT[@]}" node --config "$ROOT/hocon/node.conf" "${sets[@]}" >"$out.out" 2>"$out.err" &
  PIDS+=($!)
  wait_for "$out.out" "ftactors-node up" 120
}

ms_of() { # log line -> milliseconds since midnight from its "HH:MM:SS.fff " prefix
  python3 -c 'import sys; h,m,s=sys.argv[1].split()[0].split(":"); print(int((int(h)*3600+int(m)*60+float(s))*1000))' "$1"
}

row() { # store
  local store=$1 g
  TOPO="ev$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-5)"
  g="esrc-$TOPO"
  "${FT[@]}" lab topology create "$TOPO" --nodes 2 --rate "$RATE" >/dev/null
  local ns1="ftlab-$TOPO-1" ns2="ftlab-$TOPO-2" a1 a2
  a1=$(ip netns exec "$ns1" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  a2=$(ip netns exec "$ns2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  "${FT[@]}" lab guest start --name "$g" --memory $MEM --workload "$W" --mb "$MB" --netns "$ns1" >/dev/null
  local glog="$ROOT/.lab/run/$g/serial.log" gram="$ROOT/.lab/run/$g/ram" storeset=()
  wait_iter "$glog" 2 300
  if [[ $store == fresh ]]; then
    "${FT[@]}" store build "$WORK/store-$TOPO" "$gram" --guest "$g" >/dev/null
    storeset=("ftactors.node.receiver.store=$WORK/store-$TOPO")
  fi
  node "$ns2" "spare-$TOPO" spare "$a2" "$WORK/spare" "${storeset[@]}"
  node "$ns1" "compute-$TOPO" compute "$a1" "$WORK/compute" ftactors.guests.lab=on "ftactors.guests.lab-namespace=$ns1"
  wait_for "$WORK/compute.out" "ftactors-node admin url=" 30
  local url; url=$(grep -o 'ftactors-node admin url=.*' "$WORK/compute.out" | cut -d= -f2)
  for ((i = 0; i < 300; i++)); do
    ip netns exec "$ns1" "${FT[@]}" guests --node "$url" --json 2>/dev/null | grep -q "\"spare\": \"$a2:7700\"" && break; sleep 0.2
  done
  ip netns exec "$ns1" "${FT[@]}" predict --node "compute-$TOPO" --in 60s --reason "bench-evacuate" --admin "$url" >/dev/null
  local sums="-" warn="failed" total="-" down="-" mbw="-"
  if wait_for "$WORK/compute.err" "before the predicted failure" 600; then
    local p c
    p=$(grep -m1 'Failure prediction (admin' "$WORK/compute.err"); c=$(grep -m1 'before the predicted failure' "$WORK/compute.err")
    warn=$(( $(ms_of "$c") - $(ms_of "$p") ))
    ip netns exec "$ns1" "${FT[@]}" migrations --node "$url" --json >"$WORK/m.json"
    read -r total down mbw < <(python3 - "$WORK/m.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["migrations"][0]
print("%.0f %.0f %.1f" % (m["totalMs"], m["downtimeMs"], m["bytesOnWire"] / 1e6) if m["outcome"] == "committed" else "aborted - -")
PY
)
    # The source's run directory goes once its QEMU quits, so the check reads the destination's own lines:
    # its second and third iteration lines after the move (the first may be cut by the switch) must equal
    # what the host's ftw computes for those iteration numbers.
    local dlog="$ROOT/.lab/run/$g-dst/serial.log" line ok=0
    if [[ $total != aborted ]]; then
      for ((i = 0; i < 1800; i++)); do [[ $(grep -c 'iter=' "$dlog" 2>/dev/null || true) -ge 3 ]] && break; sleep 0.1; done
      while read -r line; do
        sums_match "$line" "$W" --mb "$MB" --vector-kb 64 && ok=$((ok + 1))
      done < <(grep 'iter=' "$dlog" | sed -n '2,3p')
      [[ $ok -eq 2 ]] && sums="correct (2 lines)" || sums="WRONG ($ok of 2)"
    fi
  fi
  mkdir -p "${OUT%.md}.logs"; cp "$WORK/compute.err" "${OUT%.md}.logs/$store.compute.log"; cp "$WORK/spare.err" "${OUT%.md}.logs/$store.spare.log"
  echo "| $W $MB MiB in $MEM MiB | $RATE | $store | $warn | $total | $down | $mbw | $sums |"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; PIDS=()
  sleep 2
  "${FT[@]}" lab guest stop "$g-dst" >/dev/null 2>&1 || true
  "${FT[@]}" lab guest stop "$g" >/dev/null 2>&1 || true
  "${FT[@]}" lab topology rm "$TOPO" >/dev/null 2>&1 || true
  rm -rf "$WORK/store-$TOPO" "$WORK"/*.db*
}

{
  echo "Command: scripts/bench-evacuate.sh $OUT \"$STORES\" $RATE $WM"
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD); CLI: ${FT[*]}"
  echo "Machine: $(nproc) cores, TCG; load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| guest | link | spare's store | prediction -> running on spare (ms) | session total ms | downtime ms | MB on wire | sums on spare |"
  echo "|---|---|---|---|---|---|---|---|"
  for store in $STORES; do row "$store" || echo "| $W | $RATE | $store | script error | | | | |"; done
  echo
  echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
