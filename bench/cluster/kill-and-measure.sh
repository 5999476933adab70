# Sourced by detect-dead-node*.sh. With three node processes a, b, c up (pids in the array `pids`, output in
# $work/{a,b,c}.{out,err}): waits 5 s, kills c with SIGKILL, waits until a and b have logged it down, prints the
# CSV row of bench/cluster/detect-times.py for run $1 with the load average appended, and stops a and b.
kill_and_measure() {
  local run=$1 victim killed_at n p
  # Let every node read the others as Active and collect a few heartbeats.
  sleep 5
  victim=$(sed -n 's/.*address=ftactors:\/\/bench@\([^ ]*\) incarnation=\([0-9]*\).*/\1#\2/p' "$work/c.out")
  killed_at=$(date +%H:%M:%S.%3N)
  kill -9 "${pids[2]}"
  wait "${pids[2]}" 2>/dev/null || true
  for n in a b; do
    until grep -q "down $victim" "$work/$n.err"; do sleep 0.2; done
  done
  echo "$(python3 "$root/bench/cluster/detect-times.py" "$killed_at" "$victim" "$run" "$work/a.err" "$work/b.err"),load $(cut -d' ' -f1-3 /proc/loadavg)"
  for p in "${pids[@]:0:2}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
