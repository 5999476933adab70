#!/usr/bin/env bash
# A throwaway Slurm controller (slurmctld + its own munged) for testing the Slurm drain against real Slurm.
#
#   scripts/slurm-controller.sh start DIR   start munged and slurmctld with everything inside DIR (created if
#                                           missing); waits until `DIR/scontrol ping` reports the controller UP
#   scripts/slurm-controller.sh stop DIR    stop both daemons started in DIR; nothing keeps running. DIR itself
#                                           is left for the caller (logs stay readable after a failure)
#
# After start, DIR/scontrol runs /usr/bin/scontrol against this controller (SLURM_CONF=DIR/slurm.conf), so a
# test hands that path to SlurmDrain like any scontrol. The cluster has two compute nodes, cn1 and cn2, that
# never run a slurmd: the controller accepts `scontrol update NodeName=cn1 State=DRAIN|RESUME Reason=...` for
# a node it has never heard from (see docs/health.md, "Slurm drain").
#
# Needs root (slurmctld runs as SlurmUser=root here, munged needs --force for that) and Debian's slurmctld,
# slurm-client and munge packages. Nothing in /etc, /run or /var is read or written: the munge key, socket,
# pid, seed and log files, slurm.conf, the state directory and the logs all live in DIR.
#
# Environment: FTACTORS_SLURM_OWNER_PID (a process id: a detached watchdog stops both daemons once that
# process is gone, so a test run killed with SIGKILL leaves no daemon behind), FTACTORS_SLURM_WAIT (seconds
# start waits for the controller, default 60).
set -euo pipefail

die() { echo "slurm-controller: $*" >&2; exit 1; }

port_in_use() {
  # bash's /dev/tcp connect succeeds only when something listens there.
  bash -c '(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null' probe "$1"
}

# The first of four consecutive free high ports (slurmctld, the default slurmd port, cn1's and cn2's slurmd),
# away from Slurm's own 6817-6819.
pick_ports() {
  local tries port
  for tries in $(seq 1 50); do
    port=$((40000 + RANDOM % 20000))
    if ! port_in_use "$port" && ! port_in_use $((port + 1)) && ! port_in_use $((port + 2)) && ! port_in_use $((port + 3)); then
      echo "$port"
      return
    fi
  done
  die "no four free TCP ports found on 127.0.0.1 after 50 tries"
}

# Prints the last lines of each log in DIR to stderr, for error messages.
log_tails() {
  local dir=$1 f
  for f in "$dir/munged.log" "$dir/slurmctld.log" "$dir/slurmd-cn1.log" "$dir/slurmd-cn2.log"; do
    [[ -f "$f" ]] || continue
    echo "--- last lines of $f" >&2
    tail -n 20 "$f" >&2
  done
}

# True while PID runs. A zombie counts as gone: the daemons are reparented when this script exits, and a
# container's init may never reap them.
running() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $stat != Z* ]]
}

pid_alive() { [[ -f "$1" ]] && running "$(cat "$1")"; }

# Sends SIGTERM to the pid in FILE, waits up to 10 s for it to exit, then SIGKILL.
stop_pid() {
  local file=$1 pid i
  [[ -f "$file" ]] || return 0
  pid=$(cat "$file")
  if running "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 100); do
      running "$pid" || break
      sleep 0.1
    done
    running "$pid" && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

start() {
  local dir=$1 port wait=${FTACTORS_SLURM_WAIT:-60} i
  [[ $(id -u) -eq 0 ]] || die "must run as root (slurmctld runs with SlurmUser=root); running as $(id -un)"
  local b
  for b in /usr/sbin/munged /usr/sbin/slurmctld /usr/bin/scontrol; do
    [[ -x "$b" ]] || die "expected $b (Debian packages munge, slurmctld, slurm-client); not found"
  done
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  pid_alive "$dir/slurmctld.pid" && die "a controller already runs in $dir (pid $(cat "$dir/slurmctld.pid")); stop it first"
  # munged refuses a key directory others can write to, and warns when others cannot reach its socket.
  chmod 0711 "$dir"
  mkdir -p "$dir/state" "$dir/spool/cn1" "$dir/spool/cn2"

  dd if=/dev/urandom of="$dir/munge.key" bs=1024 count=1 status=none
  chmod 0600 "$dir/munge.key"
  /usr/sbin/munged --force --key-file="$dir/munge.key" --socket="$dir/munge.sock" \
    --pid-file="$dir/munged.pid" --log-file="$dir/munged.log" --seed-file="$dir/munged.seed" \
    </dev/null >>"$dir/munged.out" 2>&1 \
    || { cat "$dir/munged.out" >&2; log_tails "$dir"; die "munged did not start (output and log above)"; }

  port=$(pick_ports)
  cat >"$dir/slurm.conf" <<CONF
# Written by scripts/slurm-controller.sh: a throwaway controller; every path is inside $dir.
ClusterName=ftactors-test
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
AuthInfo=socket=$dir/munge.sock
CredType=cred/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool/%n
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd-%n.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd-%n.log
SlurmctldDebug=info
# No database, no cgroups: the controller only has to keep node states.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/builtin
SelectType=select/linear
ReturnToService=0
MailProg=/bin/true
NodeName=cn1 NodeAddr=127.0.0.1 Port=$((port + 2)) CPUs=1 State=UNKNOWN
NodeName=cn2 NodeAddr=127.0.0.1 Port=$((port + 3)) CPUs=1 State=UNKNOWN
PartitionName=test Nodes=cn1,cn2 Default=YES MaxTime=INFINITE State=UP
CONF

  cat >"$dir/scontrol" <<WRAP
#!/bin/sh
# scontrol against the throwaway controller in $dir.
SLURM_CONF='$dir/slurm.conf' exec /usr/bin/scontrol "\$@"
WRAP
  chmod 0755 "$dir/scontrol"

  # -D keeps it in the foreground of its own session, so its pid is known at once; -i ignores any saved state.
  setsid /usr/sbin/slurmctld -D -i -f "$dir/slurm.conf" </dev/null >>"$dir/slurmctld.out" 2>&1 &
  echo $! >"$dir/slurmctld.pid.launch"

  for i in $(seq 1 $((wait * 2))); do
    if "$dir/scontrol" ping 2>/dev/null | grep -q 'is UP'; then
      break
    fi
    if ! running "$(cat "$dir/slurmctld.pid.launch")"; then
      cat "$dir/slurmctld.out" >&2 2>/dev/null || true
      log_tails "$dir"
      stop "$dir"
      die "slurmctld exited during start (output and logs above)"
    fi
    sleep 0.5
  done
  if ! "$dir/scontrol" ping 2>/dev/null | grep -q 'is UP'; then
    "$dir/scontrol" ping >&2 || true
    log_tails "$dir"
    stop "$dir"
    die "slurmctld not UP after ${wait} s (scontrol ping and logs above)"
  fi

  # One slurmd per node (-N names it, its Port= line keeps them apart). Without a registered slurmd a node
  # stays UNKNOWN, and `State=RESUME` on an UNKNOWN+DRAIN node clears the drain but exits 1 ("Invalid node
  # state specified"), which is not how a real cluster behaves; with slurmd the nodes are IDLE.
  local node
  for node in cn1 cn2; do
    setsid /usr/sbin/slurmd -D -N "$node" -f "$dir/slurm.conf" </dev/null >>"$dir/slurmd-$node.out" 2>&1 &
    echo $! >"$dir/slurmd-$node.pid.launch"
  done
  for i in $(seq 1 $((wait * 2))); do
    if [[ $("$dir/scontrol" show node 2>/dev/null | grep -c 'State=IDLE ') -eq 2 ]]; then
      break
    fi
    for node in cn1 cn2; do
      if ! running "$(cat "$dir/slurmd-$node.pid.launch")"; then
        cat "$dir/slurmd-$node.out" >&2 2>/dev/null || true
        log_tails "$dir"
        stop "$dir"
        die "slurmd for $node exited during start (output and logs above)"
      fi
    done
    sleep 0.5
  done
  if [[ $("$dir/scontrol" show node 2>/dev/null | grep -c 'State=IDLE ') -ne 2 ]]; then
    "$dir/scontrol" show node >&2 || true
    log_tails "$dir"
    stop "$dir"
    die "nodes cn1 and cn2 not IDLE after ${wait} s (node states and logs above)"
  fi

  if [[ -n "${FTACTORS_SLURM_OWNER_PID:-}" ]]; then
    local owner=$FTACTORS_SLURM_OWNER_PID self
    self=$(readlink -f "$0")
    setsid bash -c 'while ps -o stat= -p "$1" 2>/dev/null | grep -qv "^Z" && [ -f "$3/slurmctld.pid.launch" ]; do sleep 2; done
                    [ -f "$3/slurmctld.pid.launch" ] && "$2" stop "$3"' watchdog "$owner" "$self" "$dir" \
      </dev/null >/dev/null 2>&1 &
  fi
  echo "slurm-controller: slurmctld UP in $dir on 127.0.0.1:$port; scontrol: $dir/scontrol; stop with: $0 stop $dir" >&2
}

stop() {
  local dir=$1
  [[ -d "$dir" ]] || die "expected a controller directory, $dir does not exist"
  [[ -f "$dir/slurm.conf" || -f "$dir/munged.pid" ]] || die "expected $dir to be a slurm-controller directory (slurm.conf, munged.pid); it is not"
  local node
  for node in cn1 cn2; do
    stop_pid "$dir/slurmd-$node.pid.launch"
    stop_pid "$dir/slurmd-$node.pid"
  done
  stop_pid "$dir/slurmctld.pid.launch"
  stop_pid "$dir/slurmctld.pid"
  stop_pid "$dir/munged.pid"
}

case "${1:-}" in
  start) [[ $# -eq 2 ]] || die "usage: $0 start DIR"; start "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; stop "$2" ;;
  *) die "usage: $0 start DIR | stop DIR (got '${1:-}')" ;;
esac
