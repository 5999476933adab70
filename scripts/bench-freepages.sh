#!/usr/bin/env bash
# Free pages, for docs/results.md "## Migration" / "### Free pages": a 1 GiB `fillfree` guest (ftw fills a
# buffer, frees it, then idles) migrated with and without virtio-balloon free-page reporting, by FtActors
# (no store at the spare) and by QEMU's own live migration (`ftactors lab migrate`), over a tbf-shaped link
# between two lab nodes. With reporting the guest hands its freed pages back and QEMU punches them out of
# the shared RAM file: FtActors finds them as holes (never read, never sent), QEMU sends them as zero pages.
#
#   scripts/bench-freepages.sh [output.md] [rate] [fill-mb] [settle-s]
#   e.g. scripts/bench-freepages.sh /tmp/free.md 1gbit 600 10
#
# settle-s: seconds waited after the guest's first iteration (it freed the buffer before it) so that free-page
# reporting has handed the pages back (the guest reports in batches after about 2 s). Each row prints the
# RAM file's allocated bytes at the start of the move (load-independent), the bytes on the wire and the time.
# Needs root, QEMU, python3. FTACTORS_CLI_DLL overrides the CLI build used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/freepages.md}"
RATE="${2:-1gbit}"
FILL="${3:-600}"
SETTLE="${4:-10}"
MEM=1024
PORT=7700
LOGS="${OUT%.md}.logs"
mkdir -p "$(dirname "$OUT")" "$LOGS"
[[ $(id -u) -eq 0 ]] || { echo "bench-freepages.sh: needs root (network namespaces, tc)" >&2; exit 2; }

# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_cli
WORK="$(mktemp -d /tmp/ftfree-XXXX)"
trap 'rm -rf "$WORK"' EXIT

row() { # method(ftactors|qemu) reporting(on|off)
  local method=$1 reporting=$2 topo g d balloon=() qarg=()
  topo="fp$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-5)"
  g="fsrc-$topo"; d="fdst-$topo"
  if [[ $reporting == on ]]; then
    balloon=(--balloon)
    # The destination QEMU needs the same device for the device state to load.
    qarg=(--qemu-arg -device --qemu-arg virtio-balloon-pci,free-page-reporting=on)
  fi
  "${FT[@]}" lab topology create "$topo" --nodes 2 --rate "$RATE" >/dev/null
  local ns1="ftlab-$topo-1" ns2="ftlab-$topo-2" addr
  addr=$(ip netns exec "$ns2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  "${FT[@]}" lab guest start --name "$g" --memory $MEM --workload fillfree --mb "$FILL" --netns "$ns1" "${balloon[@]}" >/dev/null
  local glog="$ROOT/.lab/run/$g/serial.log" gram="$ROOT/.lab/run/$g/ram"
  wait_iter "$glog" 1 240
  sleep "$SETTLE"
  local allocated
  allocated=$(stat -c '%b %B' "$gram" | awk '{printf "%.1f", $1 * $2 / 1e6}')
  local sums="-" line
  if [[ $method == ftactors ]]; then
    local dram="/dev/shm/ftfree-$topo.ram" rc=0
    ip netns exec "$ns2" "${FT[@]}" migrate receive --listen "$addr:$PORT" --name "$d" --ram-file "$dram" "${qarg[@]}" >"$WORK/recv.out" 2>"$WORK/recv.err" &
    local rp=$!
    for ((i = 0; i < 300; i++)); do grep -q '\[receive\] ready' "$WORK/recv.err" 2>/dev/null && break; sleep 0.1; done
    ip netns exec "$ns1" "${FT[@]}" migrate send --guest "$g" --to "$addr:$PORT" --no-verify --json >"$WORK/send.json" 2>"$WORK/send.err" || rc=$?
    if [[ $rc -ne 0 ]]; then sleep 2; kill "$rp" 2>/dev/null || true; fi
    wait $rp || true
    cp "$WORK/send.err" "$LOGS/$method-$reporting.send.log"; cp "$WORK/recv.err" "$LOGS/$method-$reporting.recv.log"
    cp "$WORK/send.json" "$LOGS/$method-$reporting.report.json"
    [[ $rc -eq 0 ]] && sums=$(sums_after_move "$glog" "$ROOT/.lab/run/$d/serial.log" fillfree --mb "$FILL")
    line=$(python3 - "$WORK/send.json" "$reporting" "$allocated" "$sums" <<'PY'
import json, sys
path, rep, alloc, sums = sys.argv[1:]
try:
    r = json.loads([l for l in open(path) if l.startswith('{')][-1])
except Exception:
    print(f"| FtActors (no store) | {rep} | {alloc} | failed | | | | | | |"); sys.exit(0)
wire = (r['BytesOnWire'] + r['DeviceStateBytes']) / 1e6
print(f"| FtActors (no store) | {rep} | {alloc} | {r['Outcome']} | {wire:.1f} | {r['PagesSent']:,} | {r['BytesRead']/1e6:.1f} "
      f"| {r.get('MigrationMs', 0):,.0f} | {r['DowntimeMs']:,.0f} | {sums} |")
PY
)
    rm -f "$dram"
  else
    local rc=0
    "${FT[@]}" lab migrate --from "$g" --to-netns "$ns2" --to-address "$addr" --name "$d" >"$WORK/qemu.out" 2>"$WORK/qemu.err" || rc=$?
    cp "$WORK/qemu.out" "$LOGS/$method-$reporting.out"; cp "$WORK/qemu.err" "$LOGS/$method-$reporting.err"
    [[ $rc -eq 0 ]] && sums=$(sums_after_move "$glog" "$ROOT/.lab/run/$d/serial.log" fillfree --mb "$FILL")
    # Redirected, `lab migrate` prints a tab-separated header and one row: status, RAM transferred MB,
    # RAM total MB, total ms, downtime ms, setup ms, dirty syncs.
    line=$(python3 - "$WORK/qemu.out" "$reporting" "$allocated" "$sums" <<'PY'
import sys
path, rep, alloc, sums = sys.argv[1:]
rows = [l.rstrip('\n').split('\t') for l in open(path) if '\t' in l and not l.startswith('status')]
if not rows:
    print(f"| QEMU live | {rep} | {alloc} | failed | | | | | | |"); sys.exit(0)
c = [x.strip() for x in rows[-1]]
print(f"| QEMU live | {rep} | {alloc} | {c[0]} | {c[1]} | - | - | {c[3]} | {c[4]} | {sums} |")
PY
)
  fi
  echo "$line"
  "${FT[@]}" lab guest stop "$d" >/dev/null 2>&1 || true
  "${FT[@]}" lab guest stop "$g" >/dev/null 2>&1 || true
  "${FT[@]}" lab topology rm "$topo" >/dev/null 2>&1 || true
}

{
  echo "Command: scripts/bench-freepages.sh $OUT $RATE $FILL $SETTLE"
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "Machine: $(nproc) cores, TCG; QEMU: $(qemu-system-x86_64 --version | head -n1); load at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| method | free-page reporting | RAM file allocated MB | outcome | bytes on wire MB (pages + device state) | pages sent in full | bytes read MB | time ms | downtime ms | sums after move |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for reporting in off on; do
    for method in ftactors qemu; do
      row "$method" "$reporting" || echo "| $method | $reporting | | script error | | | | | | |"
    done
  done
  echo
  echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
