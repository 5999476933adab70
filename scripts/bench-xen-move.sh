#!/usr/bin/env bash
# Xen image move figures for docs/results.md "## Xen image moves": bytes on the wire against the image size
# for constructed `xl save` images (scripts/make-xen-image.py) moved over loopback with `ftactors migrate
# xen-send/xen-receive`, with a fresh store (built from the image moved), a stale store (built from the same
# guest before 10 % of its non-zero pages were rewritten) and no store. Each row checks the spare's image is
# byte-identical to the source (cmp). Bytes do not depend on load; the times are wall times of the sender.
#
#   scripts/bench-xen-move.sh [output.md] [sizes in MiB]     e.g. scripts/bench-xen-move.sh /tmp/x.md "256 1024"
#
# Needs python3 and a CLI build (FTACTORS_CLI_DLL overrides src/FtActors.Cli/bin/Debug/net10.0/ftactors.dll).
# Disk: about 4x the largest size under $XEN_BENCH_DIR (default artifacts/bench/xen).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/xen-move.md}"
SIZES="${2:-256 1024}"
DIR="${XEN_BENCH_DIR:-$ROOT/artifacts/bench/xen}"
DLL="${FTACTORS_CLI_DLL:-$ROOT/src/FtActors.Cli/bin/Debug/net10.0/ftactors.dll}"
PORT="${XEN_BENCH_PORT:-7760}"
FT=(dotnet "$DLL")
mkdir -p "$DIR" "$(dirname "$OUT")"
RECEIVER=""
cleanup() { [[ -n "$RECEIVER" ]] && kill "$RECEIVER" 2>/dev/null || true; rm -rf "$DIR"; }
trap cleanup EXIT

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

{
  echo "| image | store | image bytes | pages (slots) | zero | sent | referenced | bytes on the wire | wire / image | sender wall time | byte-identical |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT"

for mib in $SIZES; do
  old="$DIR/guest-$mib-gen0.xl"; new="$DIR/guest-$mib-gen1.xl"
  python3 "$ROOT/scripts/make-xen-image.py" "$old" "$mib"
  python3 "$ROOT/scripts/make-xen-image.py" "$new" "$mib" --rewrite 10 --generation 1
  rm -rf "$DIR/fresh" "$DIR/stale"
  "${FT[@]}" store build "$DIR/fresh" "$new" --guest bench >/dev/null
  "${FT[@]}" store build "$DIR/stale" "$old" --guest bench >/dev/null
  for store in fresh stale none; do
    out="$DIR/spare.xl"; rm -f "$out"
    args=(--listen "127.0.0.1:$PORT" --out "$out" --json)
    [[ "$store" != none ]] && args+=(--store "$DIR/$store")
    "${FT[@]}" migrate xen-receive "${args[@]}" > "$DIR/receive.json" 2> "$DIR/receive.log" &
    RECEIVER=$!
    for _ in $(seq 1 100); do grep -q ready "$DIR/receive.log" 2>/dev/null && break; sleep 0.2; done
    start=$(date +%s.%N)
    "${FT[@]}" migrate xen-send --image "$new" --to "127.0.0.1:$PORT" --json > "$DIR/send.json"
    end=$(date +%s.%N)
    wait "$RECEIVER"; RECEIVER=""
    same=no; cmp -s "$new" "$out" && same=yes
    img=$(field "$DIR/send.json" imageBytes); wire=$(field "$DIR/send.json" bytesOnWire)
    printf '| %s MiB | %s | %s | %s | %s | %s | %s | %s | %s | %.1f s | %s |\n' "$mib" "$store" "$img" \
      "$(field "$DIR/send.json" slots)" "$(field "$DIR/send.json" zeroPages)" "$(field "$DIR/send.json" pagesSent)" \
      "$(field "$DIR/send.json" pagesReferenced)" "$wire" "$(python3 -c "print(f'{$wire/$img:.4f}')")" \
      "$(python3 -c "print($end-$start)")" "$same" | tee -a "$OUT"
    rm -f "$out"
  done
done
echo "written $OUT" >&2
