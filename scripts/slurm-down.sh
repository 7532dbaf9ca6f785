#!/usr/bin/env bash
# Stop the single-node SLURM that scripts/slurm-up.sh started: slurmd, slurmctld and munged, each by the
# PID in its pid file (never by name). Waits until they have exited. Harmless when nothing is running.
set -uo pipefail
for pidfile in /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid; do
  [ -s "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || continue
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done
exit 0
