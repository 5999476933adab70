#!/usr/bin/env bash
# FtActors upkeep figures for docs/results.md "## Upkeep": coverage over time per workload, and the
# slowdown of the guest's own workload while upkeep scans it.
#
#   scripts/bench-upkeep.sh [output-dir] [workloads] [scans] [slowdown-rounds] [phase-seconds]
#   e.g. scripts/bench-upkeep.sh /tmp/uk "idle:0 readmostly:96 stencil:48" 20 3 20
#
# For each workload: a two-node topology at 1 Gbit/s, a 256 MiB guest in node 1, `ftactors store serve`
# in node 2, `ftactors upkeep run --json --scans N` in node 1; writes <out>/coverage-<workload>.jsonl
# and one table row (scan, t, non-zero, held, coverage) per scan to <out>/coverage-<workload>.md.
# Slowdown (readmostly only, since its iterations are the steadiest): upkeep on for P seconds, off for
# P seconds, R rounds, alternating; the mean ms per iteration of each phase comes from the guest's own
# serial lines `ftw readmostly iter=N ... ms=T`, and the 1-minute load average is printed beside each.
# Background jobs of a script ignore SIGINT, so upkeep and store serve are stopped with SIGTERM.
# Needs root, QEMU, python3. FTACTORS_CLI_DLL overrides the CLI build used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/upkeep}"
WORKLOADS="${2:-idle:0 readmostly:96 stencil:48}"
SCANS="${3:-20}"
ROUNDS="${4:-3}"
PHASE="${5:-20}"
MEM=256
PORT=7795
UPKEEP_ARGS=(--budget 64MiB --interval 1s --stable-scans 1)
mkdir -p "$OUT"
[[ $(id -u) -eq 0 ]] || { echo "bench-upkeep.sh: needs root (network namespaces, tc)" >&2; exit 2; }

if [[ -n "${FTACTORS_CLI_DLL:-}" ]]; then
  FT=(dotnet "$FTACTORS_CLI_DLL")
else
  dotnet build "$ROOT/src/FtActors.Cli" -c Release --nologo -v q >&2
  FT=("$ROOT/src/FtActors.Cli/bin/Release/net10.0/ftactors")
fi

last_iter() { grep -o 'iter=[0-9]*' "$1" 2>/dev/null | tail -n1 | cut -d= -f2 || true; }
wait_iter() { # serial-log iteration timeout-s
  local log=$1 want=$2 t=$3 n
  for ((i = 0; i < t * 10; i++)); do
    n=$(last_iter "$log")
    [[ -n "$n" && "$n" -ge "$want" ]] && return 0
    sleep 0.1
  done
  echo "iteration $want not reached in $log" >&2; return 1
}
load1() { cut -d' ' -f1 /proc/loadavg; }

topo="" g="" serve_pid="" store=""
cleanup() {
  [[ -n "$serve_pid" ]] && { kill -TERM "$serve_pid" 2>/dev/null; wait "$serve_pid" 2>/dev/null || true; }
  [[ -n "$g" ]] && "${FT[@]}" lab guest stop "$g" >/dev/null 2>&1 || true
  [[ -n "$topo" ]] && "${FT[@]}" lab topology rm "$topo" >/dev/null 2>&1 || true
  [[ -n "$store" ]] && rm -rf "$store"
  serve_pid="" g="" topo="" store=""
}
trap cleanup EXIT

setup() { # workload mb
  topo="uk$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-5)"
  g="bup-$topo"; store="$(mktemp -d /tmp/ftupkeep-XXXX)"
  "${FT[@]}" lab topology create "$topo" --nodes 2 --rate 1gbit >/dev/null
  ns1="ftlab-$topo-1"; ns2="ftlab-$topo-2"
  addr=$(ip netns exec "$ns2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  "${FT[@]}" lab guest start --name "$g" --memory $MEM --workload "$1" --mb "$2" --netns "$ns1" >/dev/null
  glog="$ROOT/.lab/run/$g/serial.log"
  wait_iter "$glog" 1 240
  ip netns exec "$ns2" "${FT[@]}" store serve --store "$store" --listen "$addr:$PORT" >"$OUT/serve.log" 2>&1 &
  serve_pid=$!
  for ((i = 0; i < 600; i++)); do grep -q "feeding" "$OUT/serve.log" && break; sleep 0.1; done
}

for spec in $WORKLOADS; do
  w=${spec%%:*}; mb=${spec##*:}
  setup "$w" "$mb"
  echo "coverage $w (load $(load1))" >&2
  ip netns exec "$ns1" "${FT[@]}" upkeep run --guest "$g" --to "$addr:$PORT" "${UPKEEP_ARGS[@]}" --scans "$SCANS" --json \
    >"$OUT/coverage-$w.jsonl"
  python3 - "$OUT/coverage-$w.jsonl" "$w" "$(load1)" >"$OUT/coverage-$w.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print(f"{sys.argv[2]} (load average {sys.argv[3]} at the end)\n")
print("| scan | t (s) | non-zero pages | held | coverage |\n|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['scan']} | {r['t']:.1f} | {r['nonZeroPages']} | {r['heldPages']} | {r['coverage']:.3f} |")
PY
  cat "$OUT/coverage-$w.md"

  if [[ "$w" == readmostly && "$ROUNDS" -gt 0 ]]; then
    : >"$OUT/slowdown.tsv"
    for ((r = 1; r <= ROUNDS; r++)); do
      for phase in on off; do
        a=$(last_iter "$glog"); l0=$(load1)
        if [[ $phase == on ]]; then
          ip netns exec "$ns1" "${FT[@]}" upkeep run --guest "$g" --to "$addr:$PORT" "${UPKEEP_ARGS[@]}" >/dev/null 2>&1 &
          up=$!; sleep "$PHASE"; kill -TERM "$up"; wait "$up" 2>/dev/null || true
        else
          sleep "$PHASE"
        fi
        b=$(last_iter "$glog")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$phase" "$a" "$b" "$l0" "$(load1)" >>"$OUT/slowdown.tsv"
      done
    done
    python3 - "$OUT/slowdown.tsv" "$glog" >"$OUT/slowdown.md" <<'PY'
import re, sys
ms = {}
for line in open(sys.argv[2], errors="replace"):
    m = re.search(r"ftw readmostly iter=(\d+) sum=\S+ ms=(\d+)", line)
    if m: ms[int(m.group(1))] = int(m.group(2))
print("| round | upkeep | iterations | ms per iteration | load avg (start-end) |\n|---:|---|---:|---:|---|")
tot = {"on": [0, 0], "off": [0, 0]}
for l in open(sys.argv[1]):
    r, phase, a, b, l0, l1 = l.split()
    # The first iteration of a phase may have started in the previous one: skip it.
    a, b = int(a) + 1, int(b)
    if b <= a or a not in ms or b not in ms:
        print(f"| {r} | {phase} | - | - | {l0}-{l1} |"); continue
    per = (ms[b] - ms[a]) / (b - a)
    tot[phase][0] += ms[b] - ms[a]; tot[phase][1] += b - a
    print(f"| {r} | {phase} | {b - a} | {per:.0f} | {l0}-{l1} |")
on = tot["on"][0] / max(tot["on"][1], 1); off = tot["off"][0] / max(tot["off"][1], 1)
print(f"\nmean ms per iteration: upkeep on {on:.1f}, off {off:.1f}; slowdown {100 * (on / off - 1):+.1f} %" if off else "")
PY
    cat "$OUT/slowdown.md"
  fi
  cleanup
done
