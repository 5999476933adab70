#!/usr/bin/env bash
# The 2006 prototype's experiment, on real lab guests: two guests of the same image and size, booted
# the same way, stopped at the same point of their workload, their RAM compared page by page by
# position (the prototype's measure) and by content. Sizes 256, 512 and 1024 MiB; workloads idle,
# readmostly and stencil. Prints a Markdown table (and writes the JSON reports next to it).
#
#   scripts/bench-compare.sh [OUT_DIR]        (default artifacts/bench-compare)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench-compare}"
mkdir -p "$OUT"
# Set up and build once, then call the built CLI directly so a source edit mid-run does not rebuild it.
"$ROOT/scripts/ftactors" --version >/dev/null
FT_DLL="$ROOT/src/FtActors.Cli/bin/Release/net10.0/ftactors.dll"
FT() { dotnet "$FT_DLL" "$@"; }

qmp() { # guest, json command...
  local sock="$ROOT/.lab/run/$1/qmp.sock"; shift
  { printf '{"execute":"qmp_capabilities"}\n'; for c in "$@"; do printf '%s\n' "$c"; done; sleep 0.5; } \
    | socat - "UNIX-CONNECT:$sock" >/dev/null
}

wait_line() { # guest, regex, timeout seconds
  local log="$ROOT/.lab/run/$1/serial.log" deadline=$((SECONDS + $3))
  until grep -Eq "$2" "$log" 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "bench-compare: $1 did not print /$2/ within $3 s" >&2; return 1; }
    sleep 0.5
  done
}

cleanup() { FT lab guest stop cmpa >/dev/null 2>&1 || true; FT lab guest stop cmpb >/dev/null 2>&1 || true; }
trap cleanup EXIT

data_mb() { case "$1" in 256) echo 64 ;; 512) echo 150 ;; *) echo 300 ;; esac; }

printf '| workload | guest RAM | pages | same position, same content | %% | of those non-zero | non-zero pages of B found anywhere in A | %% of B non-zero | zero both |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for workload in idle readmostly stencil; do
  for size in 256 512 1024; do
    cleanup
    mb=0; [[ $workload == idle ]] || mb=$(data_mb "$size")
    for g in cmpa cmpb; do
      FT lab guest start --name "$g" --memory "$size" --workload "$workload" --mb "$mb" --keep >/dev/null
    done
    # The same point in both: idle after its 3rd tick, the others after their 2nd iteration.
    point='iter=3 '; [[ $workload == idle ]] || point='iter=2 '
    for g in cmpa cmpb; do wait_line "$g" "$point" 300; done
    for g in cmpa cmpb; do qmp "$g" '{"execute":"stop"}'; done
    json="$OUT/$workload-$size.json"
    set +e
    FT compare "$ROOT/.lab/run/cmpa/ram" "$ROOT/.lab/run/cmpb/ram" --format shared-ram --json > "$json"
    rc=$?
    set -e
    [[ $rc -le 1 ]] || { echo "bench-compare: compare failed ($rc)" >&2; exit 1; }
    python3 - "$json" "$workload" "$size" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
pair = r["pairs"][0]
t = pair["totals"]
pages, same, nz, zb = t["pages"], t["same"], t["sameNonZero"], t["zeroBoth"]
anywhere, bnz = pair["foundAnywhere"], pair["secondNonZero"]
print(f"| {sys.argv[2]} | {sys.argv[3]} MiB | {pages:,} | {same:,} | {100*same/pages:.1f} | {nz:,} | {anywhere:,} | {100*anywhere/max(bnz,1):.1f} | {zb:,} |")
PY
    cleanup
  done
done
