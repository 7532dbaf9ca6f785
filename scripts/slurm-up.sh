#!/usr/bin/env bash
# Start a single-node SLURM (munged, slurmctld, slurmd) on this machine, for the sweep's SLURM test and for
# trying `cpi-sim slurm --submit` locally. Needs root and Debian's slurmd slurmctld slurm-client munge
# packages; there is no systemd, so the daemons are started by hand (recipe: shared/TOOLCHAIN.md).
# Idempotent: exits 0 at once when sinfo already answers. Prints "started" or "already up" on stdout.
set -euo pipefail

# A client (or slurmd registering) that tries before a daemon listens waits about 10 s to retry: ask
# sinfo only when the controller's port (6817) is open, and start each daemon when the one before listens.
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 100); do listening "$1" && return 0; sleep 0.1; done; return 1; }
if listening 6817 && sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated|completing)'; then
  echo "already up"
  exit 0
fi
for cmd in munged slurmctld slurmd sinfo; do
  command -v "$cmd" >/dev/null || { echo "slurm-up: $cmd not found; install: apt-get install -y --no-install-recommends slurmd slurmctld slurm-client munge" >&2; exit 1; }
done

host="$(hostname -s)"
cpus="$(nproc)"
# Declare a little less memory than the machine has: a node declaring more than it has is drained.
mem_mb="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.9 }' /proc/meminfo)"

mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /run/munge /var/log/slurm /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge
if [ ! -s /etc/munge/munge.key ]; then
  dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 400 /etc/munge/munge.key

cat > /etc/slurm/slurm.conf <<CONF
ClusterName=local
SlurmctldHost=${host}(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CryptoType=crypto/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
MinJobAge=300
NodeName=${host} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${mem_mb} State=UNKNOWN
PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP
CONF

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
alive /run/munge/munged.pid || runuser -u munge -- /usr/sbin/munged
alive /run/slurmctld.pid || slurmctld
wait_port 6817 || { echo "slurm-up: slurmctld is not listening on port 6817" >&2; exit 1; }
alive /run/slurmd.pid || slurmd
wait_port 6818 || { echo "slurm-up: slurmd is not listening on port 6818" >&2; exit 1; }

for _ in $(seq 1 150); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^idle'; then
    echo "started"
    exit 0
  fi
  sleep 0.2
done
echo "slurm-up: the node did not become idle within 30 s; sinfo says: $(sinfo -h -o '%T %E' 2>&1)" >&2
tail -n 20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
