#!/usr/bin/env bash
# FtActors migration figures for docs/results.md "## Migration", beside the plain-QEMU baselines
# (scripts/bench-baselines.sh). For each link rate, workload and store condition it creates a two-node
# topology, boots a 1 GiB guest in node 1, prepares the spare's store, runs `ftactors migrate receive`
# in node 2 and `ftactors migrate send --json` in node 1, prints one table row from the report, checks
# the destination's next checksum against `ftw expect`, and removes everything.
#
#   scripts/bench-migration.sh [output.md] [rates] [workloads] [stores]
#   e.g. scripts/bench-migration.sh /tmp/m.md "1gbit" "readmostly:300 stencil:400" "fresh none"
#
# store conditions: fresh = built from the running guest's RAM file just before the move;
# stale = built at iteration 1, then the guest ran 20 s more; none = the spare has no store.
# Needs root, QEMU, python3. FTACTORS_CLI_DLL overrides the CLI build used; MIG_SEND_ARGS adds options to
# `migrate send` (e.g. "--connections 1").
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/migration.md}"
RATES="${2:-1gbit 10gbit}"
WORKLOADS="${3:-idle:0 readmostly:300 stencil:400}"
STORES="${4:-fresh stale none}"
MEM=1024
LOGS="${OUT%.md}.logs"
PORT=7700
mkdir -p "$(dirname "$OUT")"
[[ $(id -u) -eq 0 ]] || { echo "bench-migration.sh: needs root (network namespaces, tc)" >&2; exit 2; }

# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_cli
WORK="$(mktemp -d /tmp/ftbench-XXXX)"
trap 'rm -rf "$WORK"' EXIT

row() { # rate workload mb store
  local rate=$1 w=$2 mb=$3 store=$4 topo g d st=""
  topo="mb$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-5)"
  g="bsrc-$topo"; d="bdst-$topo"
  # The destination's RAM file in shared memory (the baseline's destination used anonymous RAM); knowing
  # its path lets the receiver start QEMU while round 0 runs.
  local dram="/dev/shm/ftbench-$topo.ram"
  "${FT[@]}" lab topology create "$topo" --nodes 2 --rate "$rate" >/dev/null
  local ns1="ftlab-$topo-1" ns2="ftlab-$topo-2" addr
  addr=$(ip netns exec "$ns2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  "${FT[@]}" lab guest start --name "$g" --memory $MEM --workload "$w" --mb "$mb" --netns "$ns1" >/dev/null
  local glog="$ROOT/.lab/run/$g/serial.log" gram="$ROOT/.lab/run/$g/ram"
  wait_iter "$glog" 1 240
  if [[ $store == stale ]]; then
    "${FT[@]}" store build "$WORK/$topo" "$gram" --guest "$g" >/dev/null; st="--store $WORK/$topo"; sleep 20
  fi
  if [[ $store == fresh ]]; then
    "${FT[@]}" store build "$WORK/$topo" "$gram" --guest "$g" >/dev/null; st="--store $WORK/$topo"
  fi
  # shellcheck disable=SC2086
  ip netns exec "$ns2" "${FT[@]}" migrate receive --listen "$addr:$PORT" --name "$d" --ram-file "$dram" $st >"$WORK/recv.out" 2>"$WORK/recv.err" &
  local rp=$!
  for ((i = 0; i < 300; i++)); do grep -q '\[receive\] ready' "$WORK/recv.err" 2>/dev/null && break; sleep 0.1; done
  local rc=0
  # shellcheck disable=SC2086
  ip netns exec "$ns1" "${FT[@]}" migrate send --guest "$g" --to "$addr:$PORT" --no-verify --json ${MIG_SEND_ARGS:-} >"$WORK/send.json" 2>"$WORK/send.err" || rc=$?
  # A sender that failed before connecting leaves the receiver waiting for a connection: end it.
  if [[ $rc -ne 0 ]]; then sleep 2; kill "$rp" 2>/dev/null || true; fi
  wait $rp || true
  # Keep both ends' progress lines (per-round and per-phase timings) beside the table.
  mkdir -p "$LOGS"
  cp "$WORK/send.err" "$LOGS/$w-$rate-$store.send.log"; cp "$WORK/recv.err" "$LOGS/$w-$rate-$store.recv.log"
  cp "$WORK/send.json" "$LOGS/$w-$rate-$store.report.json"
  local sums="-"
  [[ $rc -eq 0 ]] && sums=$(sums_after_move "$glog" "$ROOT/.lab/run/$d/serial.log" "$w" --mb "$mb" --vector-kb 64)
  python3 - "$WORK/send.json" "$rate" "$w" "$mb" "$store" "$sums" <<'PY'
import json, sys
path, rate, w, mb, store, sums = sys.argv[1:]
try:
    r = json.loads([l for l in open(path) if l.startswith('{')][-1])
except Exception:
    print(f"| {w} | {mb} | {rate} | {store} | failed | | | | | | | | | |"); sys.exit(0)
print(f"| {w} | {mb} | {rate} | {store} | {r['Outcome']} | {r['Rounds']} | {r['BytesOnWire']/1e6:.1f} | {r['DeviceStateBytes']/1e6:.1f} "
      f"| {r['PagesSent']:,} | {r['PagesReferenced']:,} | {r.get('MigrationMs', 0):,.0f} | {r['TotalMs']:,.0f} | {r['DowntimeMs']:,.0f} | {sums} |")
PY
  "${FT[@]}" lab topology rm "$topo" >/dev/null 2>&1 || true
  "${FT[@]}" lab guest stop "$d" >/dev/null 2>&1 || true
  "${FT[@]}" lab guest stop "$g" >/dev/null 2>&1 || true
  rm -f "$dram"
}

{
  echo "Command: scripts/bench-migration.sh $OUT \"$RATES\" \"$WORKLOADS\" \"$STORES\""
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "Machine: $(nproc) cores, TCG; QEMU: $(qemu-system-x86_64 --version | head -n1); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Send options: ${MIG_SEND_ARGS:-defaults}"
  echo
  echo "| workload | data MiB | link | store | outcome | rounds | page bytes on wire MB | device state MB | pages sent | pages referenced | to device state moved ms | total ms | downtime ms | sums after move |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for rate in $RATES; do
    for wm in $WORKLOADS; do
      for store in $STORES; do
        row "$rate" "${wm%%:*}" "${wm##*:}" "$store" || echo "| ${wm%%:*} | ${wm##*:} | $rate | $store | script error | | | | | | | | | |"
      done
    done
  done
  echo
  echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
