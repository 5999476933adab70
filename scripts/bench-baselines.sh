#!/usr/bin/env bash
# Baselines for plain QEMU migration between two lab nodes (network namespaces joined by a tbf-shaped
# veth pair), for docs/results.md "## Baselines: plain QEMU migration". Each row is one run of the
# hidden `ftactors lab bench-migrate` command: it creates a topology, boots a 1 GiB guest in node 1
# (timing the boot), starts a destination with -incoming in node 2, migrates with QEMU's defaults except
# max-bandwidth raised to 10 GB/s (so the link is the limit), gives up after 60 s, checks the
# destination's next checksum against `ftw expect`, and removes everything.
#
#   scripts/bench-baselines.sh [output.md]      (needs root and QEMU; run scripts/setup.sh first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/baselines.md}"
mkdir -p "$(dirname "$OUT")"
[[ $(id -u) -eq 0 ]] || { echo "bench-baselines.sh: needs root (network namespaces, tc)" >&2; exit 2; }

dotnet build "$ROOT/src/FtActors.Cli" -c Release --nologo -v q >&2
FT="$ROOT/src/FtActors.Cli/bin/Release/net10.0/ftactors"
"$FT" lab guest build >&2

run() { "$FT" lab bench-migrate "$@" || echo "| $* | failed (exit $?) |"; }

{
  echo "Command: scripts/bench-baselines.sh"
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), TCG (KVM does not boot guests here)"
  echo "QEMU: $(qemu-system-x86_64 --version | head -n1)"
  echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  "$FT" lab bench-migrate --header
  for rate in 1gbit 10gbit; do
    run --workload idle --mb 0 --rate "$rate"
    run --workload readmostly --mb 300 --rate "$rate"
    run --workload stencil --mb 400 --rate "$rate"
  done
  run --workload readmostly --mb 300 --rate 1gbit --mode stop-and-copy
  run --workload readmostly --mb 300 --rate 1gbit --mode ignore-shared
  echo
  echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
