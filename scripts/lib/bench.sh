# Shared by the scripts/bench-*.sh scripts (sourced, not run): the CLI they drive, and waiting on guests' serial
# logs and on log lines. Expects ROOT (the repository) to be set by the sourcing script.

# FT: the CLI to run, as an array. FTACTORS_CLI_DLL picks a build (e.g. an older one to compare with); otherwise
# the Release CLI is built from the working tree first.
bench_cli() {
  if [[ -n "${FTACTORS_CLI_DLL:-}" ]]; then
    FT=(dotnet "$FTACTORS_CLI_DLL")
  else
    dotnet build "$ROOT/src/FtActors.Cli" -c Release --nologo -v q >&2
    FT=("$ROOT/src/FtActors.Cli/bin/Release/net10.0/ftactors")
  fi
  FTW="$ROOT/.lab/guest/ftw"
}

# The last iteration number a guest's serial log shows (`ftw ... iter=N ...`), or nothing yet.
last_iter() { grep -ao 'iter=[0-9]*' "$1" 2>/dev/null | tail -n1 | cut -d= -f2 || true; }

wait_iter() { # serial-log iteration timeout-s
  local n i
  for ((i = 0; i < $3 * 10; i++)); do
    n=$(last_iter "$1")
    [[ -n "$n" && "$n" -ge "$2" ]] && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): iteration $2 not reached in $1 within $3 s" >&2; return 1
}

wait_for() { # file pattern timeout-s
  local i
  for ((i = 0; i < $3 * 10; i++)); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "$(basename "$0"): \"$2\" not seen in $1 within $3 s" >&2; return 1
}

load1() { cut -d' ' -f1 /proc/loadavg; }

# Whether a serial line `ftw WORKLOAD iter=N sum=... ms=T` carries the sums the host's ftw computes for iteration N
# of the same workload (the guest's timing field is left out). Usage: sums_match "$line" WORKLOAD --mb MB [...]
sums_match() {
  local line=$1 n; shift
  n=$(grep -o 'iter=[0-9]*' <<<"$line" | cut -d= -f2)
  [[ -n "$n" && "${line% ms=*}" == "$("$FTW" expect "$@" --iteration "$n")" ]]
}

# After a move: waits for the destination's iteration (last on the source + 2), then checks its sums.
# Prints correct, WRONG, or - (the destination never got there). Usage: sums_after_move SRC-LOG DST-LOG WORKLOAD --mb MB [...]
sums_after_move() {
  local glog=$1 dlog=$2 last line; shift 2
  last=$(last_iter "$glog")
  wait_iter "$dlog" $((last + 2)) 120 || { echo "-"; return; }
  line=$(grep -a "iter=$((last + 2)) " "$dlog" | head -n1)
  sums_match "$line" "$@" && echo correct || echo WRONG
}

# cpu_ticks PID: user + system clock ticks the process has used so far (0 once it is gone). The fields are
# read after the last ')' because a command name may hold spaces.
cpu_ticks() {
  local stat rest
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  rest=${stat##*) }
  # shellcheck disable=SC2086
  set -- $rest
  echo $((${12} + ${13}))
}
