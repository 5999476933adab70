#!/usr/bin/env bash
# FtActors upkeep figures for docs/results.md "## Upkeep", with real lab guests (TCG QEMU) in network
# namespaces joined at 1 Gbit/s: a guest (or several) in node 1, `ftactors store serve` in node 2,
# `ftactors upkeep run` beside each guest in node 1.
#
#   scripts/bench-upkeep.sh coverage [out] [seconds] [workloads]
#       Coverage over time per workload; default workloads
#       "idle:0 readmostly:96:12:24 stencil:48" (name:mb[:rewrite-every:rewrite-mb]), 90 s each.
#       Writes <out>/coverage-<w>.jsonl (one `upkeep run --json` line per scan), <out>/coverage-<w>.md (time,
#       scan, non-zero pages, coverage at the scan (before shipping) and after shipping, pages and bytes shipped)
#       and <out>/upkeep-coverage.png (gnuplot: coverage at the scan against time, one line per workload).
#   scripts/bench-upkeep.sh dedup [out] [guests] [workload:mb]
#       Cross-guest dedup: N guests (default 2) of the same image, workload and data (ftw's data depends only
#       on the workload and size) feed one store; compares the store's pages with the sum of each guest's
#       distinct non-zero pages. Writes <out>/dedup.md.
#   scripts/bench-upkeep.sh slowdown [out] [rounds] [phase-seconds] [workload:mb]
#       The guest workload's slowdown while upkeep scans it: upkeep on for P seconds, off (the upkeep process
#       paused with SIGSTOP) for P seconds, R rounds, alternating; each phase's mean ms per iteration comes from the guest's own serial lines
#       `ftw readmostly iter=N sum=... ms=T` (guest clock). Writes <out>/slowdown.tsv and <out>/slowdown.md.
#
# Upkeep runs with --budget 64MiB --interval 2s --stable-scans 1 (UPKEEP_ARGS overrides). Guests have
# 256 MiB (MEM overrides). Background jobs of a script ignore SIGINT, so upkeep and store serve are stopped
# with SIGTERM. Needs root, QEMU, python3, gnuplot for the plot (scripts/setup.sh). FTACTORS_CLI_DLL picks the CLI build;
# otherwise the Release CLI is built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-coverage}"
OUT="${2:-$ROOT/artifacts/bench/upkeep}"
MEM="${MEM:-256}"
PORT=7795
read -r -a UPKEEP_ARGS <<<"${UPKEEP_ARGS:---budget 64MiB --interval 2s --stable-scans 1}"
mkdir -p "$OUT"
[[ $(id -u) -eq 0 ]] || { echo "bench-upkeep.sh: needs root (network namespaces, tc)" >&2; exit 2; }

# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_cli
export FTACTORS_LAB_DIR="${FTACTORS_LAB_DIR:-$ROOT/.lab}"


topo="" serve_pid="" store="" guests=() upkeeps=()
cleanup() {
  local p g
  for p in "${upkeeps[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [[ -n "$serve_pid" ]] && { kill -TERM "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; }
  for g in "${guests[@]}"; do "${FT[@]}" lab guest stop "$g" >/dev/null 2>&1 || true; done
  [[ -n "$topo" ]] && { "${FT[@]}" lab topology rm "$topo" >/dev/null 2>&1 || true; }
  [[ -n "$store" ]] && rm -rf "$store"
  serve_pid="" topo="" store="" guests=() upkeeps=()
}
trap cleanup EXIT

topology() { # creates the two nodes and serves a fresh store in node 2
  topo="uk$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n' | cut -c1-5)"
  store="$(mktemp -d /tmp/ftupkeep-XXXX)"
  "${FT[@]}" lab topology create "$topo" --nodes 2 --rate 1gbit >/dev/null
  ns1="ftlab-$topo-1"; ns2="ftlab-$topo-2"
  addr=$(ip netns exec "$ns2" ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)
  ip netns exec "$ns2" "${FT[@]}" store serve --store "$store" --listen "$addr:$PORT" >"$OUT/serve.log" 2>&1 &
  serve_pid=$!
  wait_for "$OUT/serve.log" "feeding" 120
}

guest() { # name workload:mb[:every:rewrite-mb]; starts the guest in node 1 and waits for its first iteration
  local name=$1 w mb every rmb extra=()
  IFS=: read -r w mb every rmb <<<"$2"
  [[ -n "${every:-}" ]] && extra=(--rewrite-every "$every" --rewrite-mb "$rmb")
  guests+=("$name")
  "${FT[@]}" lab guest start --name "$name" --memory "$MEM" --workload "$w" --mb "$mb" "${extra[@]}" --netns "$ns1" >/dev/null
  wait_iter "$FTACTORS_LAB_DIR/run/$name/serial.log" 1 600
}

coverage() {
  local secs="${3:-90}" spec w g
  for spec in ${4:-idle:0 readmostly:96:12:24 stencil:48}; do
    w=${spec%%:*}
    topology
    g="bup-$topo"; guest "$g" "$spec"
    echo "coverage $spec: $secs s (load $(load1))" >&2
    ip netns exec "$ns1" "${FT[@]}" upkeep run --guest "$g" --to "$addr:$PORT" "${UPKEEP_ARGS[@]}" --json >"$OUT/coverage-$w.jsonl" &
    upkeeps=($!)
    sleep "$secs"
    kill -TERM "${upkeeps[0]}"; wait "${upkeeps[0]}" 2>/dev/null || true; upkeeps=()
    python3 - "$OUT/coverage-$w.jsonl" "$spec" "$(load1)" "$(last_iter "$FTACTORS_LAB_DIR/run/$g/serial.log")" >"$OUT/coverage-$w.md" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print(f"{sys.argv[2]} (load average {sys.argv[3]} at the end; guest at iteration {sys.argv[4]})\n")
print("| t (s) | scan | non-zero pages | coverage at scan | coverage after shipping | pages shipped | MiB shipped |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print(f"| {r['t']:.1f} | {r['scan']} | {r['nonZeroPages']} | {r['coverageAtScan']:.4f} | {r['coverage']:.4f} | {r['pagesSent']} | {r['bytesSent'] / 2**20:.1f} |")
PY
    cat "$OUT/coverage-$w.md"
    cleanup
  done
  # scripts/setup.sh installs gnuplot-nox; a machine set up without it still gets its tables.
  command -v gnuplot >/dev/null || echo "bench-upkeep.sh: no gnuplot (scripts/setup.sh installs it); tables only" >&2
  if command -v gnuplot >/dev/null; then
    local plot=() f
    for f in "$OUT"/coverage-*.jsonl; do
      w=$(basename "$f" .jsonl); w=${w#coverage-}
      python3 -c 'import json,sys
for l in open(sys.argv[1]):
    if l.startswith("{"): r = json.loads(l); print(r["t"], r["coverageAtScan"], r["coverage"])' "$f" >"$OUT/coverage-$w.dat"
      plot+=("'$OUT/coverage-$w.dat' using 1:2 with linespoints title '$w'")
    done
    gnuplot <<GP
set terminal pngcairo size 900,480 font ",11"
set output '$OUT/upkeep-coverage.png'
set title "Upkeep coverage at each scan (before shipping), 256 MiB guests, 1 Gbit/s"
set xlabel "time since upkeep started (s)"
set ylabel "fraction of the guest's non-zero pages on the spare"
set yrange [0:1.05]
set key bottom right
set grid
plot $(IFS=,; echo "${plot[*]}")
GP
    echo "plot: $OUT/upkeep-coverage.png" >&2
  fi
}

dedup() {
  local n="${3:-2}" spec="${4:-readmostly:48}" i f
  topology
  for ((i = 1; i <= n; i++)); do guest "bdd$i-$topo" "$spec"; done
  echo "dedup: $n guests of $spec (load $(load1))" >&2
  for ((i = 1; i <= n; i++)); do
    ip netns exec "$ns1" "${FT[@]}" upkeep run --guest "bdd$i-$topo" --to "$addr:$PORT" "${UPKEEP_ARGS[@]}" --scans 3 --json >"$OUT/dedup-$i.jsonl" &
    upkeeps+=($!)
  done
  for i in "${upkeeps[@]}"; do wait "$i"; done
  upkeeps=()
  kill -TERM "$serve_pid"; wait "$serve_pid" 2>/dev/null || true; serve_pid=""
  "${FT[@]}" store inspect "$store" --json >"$OUT/dedup-store.json"
  "${FT[@]}" store verify "$store" >&2
  python3 - "$OUT/dedup-store.json" "$spec" "$n" "$OUT"/dedup-*.jsonl >"$OUT/dedup.md" <<'PY'
import json, sys
store = json.load(open(sys.argv[1]))
rows = []
for f in sys.argv[4:]:
    last = [json.loads(l) for l in open(f) if l.startswith("{")][-1]
    rows.append(last)
total = sum(r["nonZeroPages"] for r in rows)
print(f"{sys.argv[3]} guests of {sys.argv[2]}, 256 MiB each, one spare store fed by upkeep (3 scans each)\n")
print("| guest | distinct non-zero pages (last scan) | coverage at last scan |\n|---|---:|---:|")
for r in rows:
    print(f"| {r['guest']} | {r['nonZeroPages']} | {r['coverageAtScan']:.4f} |")
print(f"\nsum over guests: {total} pages; the store holds {store['pages']} pages "
      f"({store['pages'] / total:.3f} of the sum; dedup ratio in store inspect {store['dedupRatio']:.3f})")
PY
  cat "$OUT/dedup.md"
  cleanup
}

slowdown() {
  local rounds="${3:-3}" phase="${4:-20}" spec="${5:-readmostly:96}" g glog r p a b l0 c0 up
  topology
  g="bsl-$topo"; guest "$g" "$spec"
  glog="$FTACTORS_LAB_DIR/run/$g/serial.log"
  wait_iter "$glog" 3 600
  # One upkeep process for the whole run, paused (SIGSTOP) in the off phases: the phases then compare scanning
  # with not scanning, not the CLI's start-up. Its first cycle ships the whole guest; the phases start after it.
  ip netns exec "$ns1" "${FT[@]}" upkeep run --guest "$g" --to "$addr:$PORT" "${UPKEEP_ARGS[@]}" --json >"$OUT/slowdown-upkeep.jsonl" 2>&1 &
  up=$!; upkeeps=("$up")
  wait_for "$OUT/slowdown-upkeep.jsonl" '"scan":2,' 600
  : >"$OUT/slowdown.tsv"
  for ((r = 1; r <= rounds; r++)); do
    for p in on off; do
      [[ $p == on ]] && kill -CONT "$up" || kill -STOP "$up"
      a=$(last_iter "$glog"); l0=$(load1); c0=$(cpu_ticks "$up")
      sleep "$phase"
      b=$(last_iter "$glog")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$p" "$a" "$b" "$l0" "$(load1)" "$(($(cpu_ticks "$up") - c0))" >>"$OUT/slowdown.tsv"
      echo "round $r upkeep $p: iterations $a..$b" >&2
    done
  done
  kill -CONT "$up"
  python3 - "$OUT/slowdown.tsv" "$glog" "$spec" "$phase" "$(getconf CLK_TCK)" >"$OUT/slowdown.md" <<'PY'
import re, statistics, sys
ms = {}
for line in open(sys.argv[2], errors="replace"):
    m = re.search(r"ftw \w+ iter=(\d+) sum=\S+ ms=(\d+)", line)
    if m: ms[int(m.group(1))] = int(m.group(2))
hz = int(sys.argv[5])
print(f"{sys.argv[3]}, phases of {sys.argv[4]} s, upkeep on and off alternating\n")
print("| round | upkeep | iterations | ms per iteration | upkeep CPU (share of a core) | load avg (start-end) |\n|---:|---|---:|---:|---:|---|")
tot = {"on": [0, 0], "off": [0, 0]}
per_round = {}
for l in open(sys.argv[1]):
    r, phase, a, b, l0, l1, ticks = l.split()
    cpu = f"{int(ticks) * 1000 // hz} ms ({int(ticks) / hz / float(sys.argv[4]) * 100:.1f} %)"
    # The first iteration of a phase may have started in the previous one: count from the one after it.
    a, b = int(a) + 1, int(b)
    if b <= a or a not in ms or b not in ms:
        print(f"| {r} | {phase} | - | - | {cpu} | {l0}-{l1} |"); continue
    per = (ms[b] - ms[a]) / (b - a)
    per_round.setdefault(r, {})[phase] = per
    tot[phase][0] += ms[b] - ms[a]; tot[phase][1] += b - a
    print(f"| {r} | {phase} | {b - a} | {per:.1f} | {cpu} | {l0}-{l1} |")
on = tot["on"][0] / max(tot["on"][1], 1); off = tot["off"][0] / max(tot["off"][1], 1)
print(f"\nmean ms per iteration: upkeep on {on:.1f}, off {off:.1f}; slowdown {100 * (on / off - 1):+.2f} %" if off else "\nno complete phase")
# Each round's on phase against the off phase right after it: slow drift of the guest's speed cancels out.
pairs = [100 * (v["on"] / v["off"] - 1) for v in per_round.values() if "on" in v and "off" in v]
if pairs:
    print(f"paired per round (on vs the off phase after it): median {statistics.median(pairs):+.2f} %, "
          f"range {min(pairs):+.2f} .. {max(pairs):+.2f} %, on slower in {sum(p > 0 for p in pairs)} of {len(pairs)}")
PY
  cat "$OUT/slowdown.md"
  cleanup
}

case "$MODE" in
  coverage) coverage "$@" ;;
  dedup) dedup "$@" ;;
  slowdown) slowdown "$@" ;;
  *) echo "bench-upkeep.sh: expected a mode coverage|dedup|slowdown, found '$MODE'" >&2; exit 2 ;;
esac
