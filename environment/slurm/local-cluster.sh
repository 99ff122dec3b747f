#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, for the real-Slurm test of `ecg grid slurm` (and for trying a grid by hand).
# Needs Debian's slurm-wlm and munge (environment/setup.sh installs them) and root (slurmd starts the jobs).
#
#   environment/slurm/local-cluster.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd; waits until the node is idle
#   environment/slurm/local-cluster.sh stop DIR    # scontrol shutdown, then waits until every daemon is gone
#   environment/slurm/local-cluster.sh env DIR     # prints the exports that point sbatch/squeue/scontrol at it
#
# Everything lives under DIR: its own munge key and socket, state, spool, logs and pid files; nothing under /etc is
# touched and no system service is used. Ports: SLURM_LOCAL_PORT (slurmctld) and SLURM_LOCAL_PORT+1 (slurmd), default
# the first free pair from 16817. No accounting database (so no sacct): finished jobs go to DIR/jobcomp.txt.
set -euo pipefail

say() { printf '[local-slurm] %s\n' "$*" >&2; }
die() { printf '[local-slurm] error: %s\n' "$*" >&2; exit 1; }

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop|env DIR"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
conf="$dir/slurm.conf"

# A pid-file's process is gone when it no longer exists or is a zombie (PID 1 of a container may reap slowly).
alive() {
  local pid="$1" state
  [ -r "/proc/$pid/stat" ] || return 1
  state="$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null)" || return 1
  [ "$state" != "Z" ]
}
pid_of() { [ -s "$1" ] && cat "$1" || true; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  for tool in munged slurmctld slurmd scontrol sinfo; do
    command -v "$tool" >/dev/null || die "$tool not found: install Debian's slurm-wlm and munge (environment/setup.sh does)"
  done
  [ "$(id -u)" -eq 0 ] || die "needs root: slurmd starts the jobs as their submitting user"
  if [ -f "$dir/slurmctld.pid" ] && alive "$(pid_of "$dir/slurmctld.pid")"; then die "a cluster already runs in $dir (stop it first)"; fi
  rm -rf "$dir/state" "$dir/spool" "$dir/munge"   # job ids start again at 1
  mkdir -p "$dir/state" "$dir/spool" "$dir/munge"
  chmod 700 "$dir/munge"

  local port="${SLURM_LOCAL_PORT:-}"
  if [ -z "$port" ]; then
    port=16817
    until port_free "$port" && port_free $((port + 1)); do port=$((port + 2)); [ "$port" -lt 17817 ] || die "no free port pair in 16817-17816"; done
  fi

  # munge: its own key and socket, so no system munged is needed or disturbed.
  dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$dir/munge/munge.key"
  munged --force --socket="$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munged.seed" \
    || die "munged did not start: see $dir/munge/munged.log"

  local host node
  host="$(hostname -s)"
  node="$(slurmd -C | head -n 1 | sed -E 's/^NodeName=[^ ]+//')"
  cat >"$conf" <<EOF
# Written by environment/slurm/local-cluster.sh: a one-node cluster on localhost.
ClusterName=ecglocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 $node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$conf"
  slurmctld -c -f "$conf" || die "slurmctld did not start: see $dir/slurmctld.log"
  slurmd -f "$conf" || die "slurmd did not start: see $dir/slurmd.log"

  local deadline=$((SECONDS + 60)) state=""
  while :; do
    state="$(sinfo -h -n "$host" -o %t 2>/dev/null || true)"
    [ "$state" = "idle" ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "node $host not idle after 60 s (state '${state:-none}'): see $dir/slurmctld.log and $dir/slurmd.log"
    sleep 0.5
  done
  say "up: node $host idle, slurmctld port $port, SLURM_CONF=$conf"
}

stop() {
  [ -f "$conf" ] || die "no cluster in $dir (no slurm.conf)"
  SLURM_CONF="$conf" scontrol shutdown >/dev/null 2>&1 || true
  local deadline pidfile pid
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    pid="$(pid_of "$pidfile")"
    [ -n "$pid" ] || continue
    [ "$pidfile" = "$dir/munge/munged.pid" ] && kill "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 20))
    while alive "$pid"; do
      if [ "$SECONDS" -ge "$deadline" ]; then say "$(basename "$pidfile" .pid) (pid $pid) still up after 20 s: SIGKILL"; kill -9 "$pid" 2>/dev/null || true; sleep 0.5; break; fi
      sleep 0.2
    done
  done
  say "stopped ($dir)"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  env) [ -f "$conf" ] || die "no cluster in $dir (no slurm.conf)"; echo "export SLURM_CONF=$conf" ;;
  *) die "unknown command '$cmd' (start, stop or env)" ;;
esac
