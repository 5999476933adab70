#!/usr/bin/env bash
# The node process's CPU and memory at a 1 s health poll, for docs/results.md "### The node process".
# Builds a fixture of every health source in a temporary directory (a fake hwmon tree with 5 temperatures,
# 3 fans and 3 voltages; two EDAC controllers; a rasdaemon database; ipmitool, ipmitool SEL, smartctl (two
# devices) and an NHC check as commands that print the repository's recorded real outputs; the fault-injection
# file), starts `ftactors node` (Release build: SQLite membership and journal, remoting, placement singleton,
# health monitor, /metrics, admin API, no guests) with one configuration at a time, waits WARMUP seconds (env, default 90: past the JIT), and
# reads /proc/PID/stat over SECONDS: utime + stime of the node, cutime + cstime of its reaped children (the
# source commands), VmRSS at the end, and the poll counter from /metrics.
#
#   scripts/bench-node-cpu.sh [output.md] [seconds] [configs]      configs: all slow none (default: all three)
#   all  = every source at a 1 s poll; slow = the four command sources at interval = 30s; none = no source.
#
# Needs python3 and curl. FTACTORS_CLI_DLL overrides the CLI build used (default: Release build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts/bench/node-cpu.md}"
SECS="${2:-60}"
CONFIGS="${3:-all slow none}"
# The first 60-70 s of a node's life are JIT: tiered compilation recompiles each method of a 1 s timer path
# after 30 calls (instrumented) and again after 30 more (optimised), about 0.4 s of CPU at 30 s and at 60 s.
# A long-running daemon's cost is what comes after, so the measurement starts after WARMUP (default 90 s).
WARMUP="${WARMUP:-90}"
mkdir -p "$(dirname "$OUT")"
# shellcheck source=lib/bench.sh
source "$ROOT/scripts/lib/bench.sh"
bench_cli
W="$(mktemp -d /tmp/ftnodecpu-XXXX)"
NODE_PID=""
cleanup() { [[ -n "$NODE_PID" ]] && kill "$NODE_PID" 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
REC="$ROOT/tests/FtActors.Health.Tests/Recorded"

# The fixture.
mkdir -p "$W/hwmon/hwmon0" "$W/hwmon/hwmon1" "$W/bin"
echo coretemp >"$W/hwmon/hwmon0/name"
for i in 1 2 3 4 5; do
  echo "Core $i" >"$W/hwmon/hwmon0/temp${i}_label"; echo $((40000 + i * 1000)) >"$W/hwmon/hwmon0/temp${i}_input"
  echo 85000 >"$W/hwmon/hwmon0/temp${i}_max"; echo 95000 >"$W/hwmon/hwmon0/temp${i}_crit"
done
echo nct6775 >"$W/hwmon/hwmon1/name"
for i in 1 2 3; do echo 1500 >"$W/hwmon/hwmon1/fan${i}_input"; echo 300 >"$W/hwmon/hwmon1/fan${i}_min"; done
for i in 0 1 2; do echo 1200 >"$W/hwmon/hwmon1/in${i}_input"; echo 1000 >"$W/hwmon/hwmon1/in${i}_min"; echo 1400 >"$W/hwmon/hwmon1/in${i}_max"; done
for mc in 0 1; do mkdir -p "$W/edac/mc$mc"; echo 3 >"$W/edac/mc$mc/ce_count"; echo 0 >"$W/edac/mc$mc/ue_count"; done
python3 - "$W/ras-mc_event.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
CREATE TABLE mc_event (id INTEGER PRIMARY KEY, timestamp TEXT, err_count INTEGER, err_type TEXT, err_msg TEXT, label TEXT,
  mc INTEGER, top_layer INTEGER, middle_layer INTEGER, lower_layer INTEGER, address INTEGER, grain INTEGER, syndrome INTEGER, driver_detail TEXT);
CREATE TABLE aer_event (id INTEGER PRIMARY KEY, timestamp TEXT, dev_name TEXT, err_type TEXT, err_msg TEXT);
CREATE TABLE mce_record (id INTEGER PRIMARY KEY, timestamp TEXT, bank INTEGER, error_msg TEXT);
INSERT INTO mc_event (timestamp, err_count, err_type, err_msg, label, mc) VALUES ('2026-11-20 10:00:00 +0000', 1, 'Corrected', 'read error', 'DIMM_A1', 0);
""")
db.commit()
PY
printf '#!/bin/sh\ncat "%s/ipmitool-sensor.txt"\n' "$REC" >"$W/bin/ipmitool-sensor"
printf '#!/bin/sh\ncat "%s/ipmitool-sel-elist.txt"\n' "$REC" >"$W/bin/ipmitool-sel"
printf '#!/bin/sh\ncase "$1" in *nvme*) cat "%s/smartctl-nvme.json";; *) cat "%s/smartctl-ata-passed.json";; esac\n' "$REC" "$REC" >"$W/bin/smartctl"
printf '#!/bin/sh\nexit 0\n' >"$W/bin/nhc"
chmod +x "$W/bin/"*
echo '{ "readings": [ { "check": "cpu-temp", "unit": "C", "start": 60, "ratePerSecond": 0.1, "end": 95, "warn": 85, "crit": 95 } ] }' >"$W/inject.json"

conf() { # name -> writes $W/$name.conf
  local name=$1 interval=""
  [[ $name == slow ]] && interval="interval = 30s,"
  {
    echo "include \"$ROOT/hocon/node.conf\""
    echo "ftactors {"
    echo "  cluster.id = \"nodecpu-$name\""
    echo "  cluster.membership { provider = sqlite, connection-string = \"Data Source=$W/$name.db\" }"
    echo "  persistence.journal { provider = sqlite, connection-string = \"Data Source=$W/$name.db\" }"
    echo "  remoting { host = \"127.0.0.1\", port = 0 }"
    echo "  metrics.port = 0"
    echo "  node.name = nodecpu"
    echo "  health { node-name = nodecpu, poll-interval = 1s }"
    echo "  health.sources {"
    if [[ $name == none ]]; then
      for s in hwmon edac rasdaemon ipmi ipmi-sel smart fault-injection; do echo "    $s.enabled = false"; done
    else
      echo "    hwmon.root = \"$W/hwmon\""
      echo "    edac.root = \"$W/edac\""
      echo "    rasdaemon { enabled = true, database = \"$W/ras-mc_event.db\" }"
      echo "    ipmi { enabled = true, $interval command = [\"$W/bin/ipmitool-sensor\"] }"
      echo "    ipmi-sel { enabled = true, $interval command = [\"$W/bin/ipmitool-sel\"] }"
      echo "    smart { enabled = true, $interval command = [\"$W/bin/smartctl\"], devices = [\"/dev/sda\", \"/dev/nvme0\"] }"
      echo "    commands { nhc { $interval command = [\"$W/bin/nhc\"], timeout = 10s } }"
      echo "    fault-injection { enabled = true, file = \"$W/inject.json\" }"
    fi
    echo "  }"
    echo "}"
  } >"$W/$name.conf"
}

measure() { # name
  local name=$1
  conf "$name"
  "${FT[@]}" node --config "$W/$name.conf" >"$W/$name.out" 2>"$W/$name.err" &
  NODE_PID=$!
  for ((i = 0; i < 600; i++)); do grep -q "ftactors-node up" "$W/$name.out" 2>/dev/null && break; sleep 0.1; done
  grep -q "ftactors-node up" "$W/$name.out" || { echo "node ($name) did not come up:" >&2; tail -20 "$W/$name.err" >&2; exit 1; }
  sleep "$WARMUP"
  local a b l0 l1 t0 t1 rss url polls
  a=$(awk '{print $14, $15, $16, $17}' "/proc/$NODE_PID/stat"); l0=$(cut -d' ' -f1-3 /proc/loadavg); t0=$(date +%s.%N)
  sleep "$SECS"
  b=$(awk '{print $14, $15, $16, $17}' "/proc/$NODE_PID/stat"); l1=$(cut -d' ' -f1-3 /proc/loadavg); t1=$(date +%s.%N)
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$NODE_PID/status")
  url=$(grep -o 'ftactors-node admin url=.*' "$W/$name.out" | cut -d= -f2)
  polls=$(curl -s "${url}metrics" | awk '/^ftactors_health_polls_total/ {print $2}')
  kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""
  python3 - "$name" "$a" "$b" "$t0" "$t1" "$(getconf CLK_TCK)" "$rss" "${polls:-?}" "$l0" "$l1" <<'PY'
import sys
name, a, b, t0, t1, hz, rss, polls, l0, l1 = sys.argv[1:]
u0, s0, cu0, cs0 = map(int, a.split()); u1, s1, cu1, cs1 = map(int, b.split())
wall = float(t1) - float(t0); hz = int(hz)
own = (u1 + s1 - u0 - s0) / hz; kids = (cu1 + cs1 - cu0 - cs0) / hz
print(f"| {name} | {polls} | {wall:.1f} s | {own*1000:.0f} ms = **{own/wall*100:.2f} %** | {kids*1000:.0f} ms = {kids/wall*100:.2f} % | {int(rss)/1024:.1f} MiB | {l0} -> {l1} |")
PY
}

{
  echo "Command: scripts/bench-node-cpu.sh $OUT $SECS \"$CONFIGS\""
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores"
  echo
  echo "| configuration | polls (counter at end) | measured | node CPU / wall | source commands (reaped children) | RSS | load average before -> after |"
  echo "|---|---|---|---|---|---|---|"
  for c in $CONFIGS; do measure "$c"; done
} | tee "$OUT"
