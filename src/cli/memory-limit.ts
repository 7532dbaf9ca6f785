// The memory a command may plan for: --memory-limit (e.g. "8GB"), or by default a safe share of this
// machine's memory (os.totalmem(), or the cgroup's limit when a container sets a lower one), with V8's own
// heap limit beside it. Part of cli/ (Node only); the estimates they are checked against are in
// engine/resource-estimate.ts.
import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { formatBytes, formatSeconds, type ResourceEstimate, type ResourceLimits } from '../engine/resource-estimate.js';
import { CliUsageError } from './cli-io.js';

/**
 * Share of the machine's memory a command plans to use by default: the rest is for the system, other
 * programs and the estimate's own error (bench/child-resources.mjs: within ±40% of measured peaks).
 */
export const MEMORY_SAFETY_FRACTION = 0.8;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 };

/** "8GB", "512 MB", "1.5g", "2TiB" or a number of bytes → bytes (units are powers of 1024, as the messages print them). */
export function parseMemorySize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Number(m[1]) * unit;
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : undefined;
}

/** A cgroup memory limit (v2 memory.max of this process's cgroup, or v1 memory.limit_in_bytes), if one is set. */
export function readCgroupLimit(read: (path: string) => string | undefined = readText): number | undefined {
  const candidates: string[] = [];
  const own = read('/proc/self/cgroup');
  const v2 = own?.split('\n').find((l) => l.startsWith('0::'));
  if (v2) candidates.push(`/sys/fs/cgroup${v2.slice(3).trim().replace(/\/$/, '')}/memory.max`);
  candidates.push('/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes');
  for (const path of candidates) {
    const text = read(path)?.trim();
    if (!text || text === 'max') continue;
    const n = Number(text);
    // cgroup v1 reports "no limit" as a huge number near 2^63.
    if (Number.isFinite(n) && n > 0 && n < 2 ** 60) return n;
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface MachineMemory {
  readonly total: number;
  readonly cgroup?: number;
}

/** The limits a command checks its estimate against: --memory-limit when given, else the machine's. */
export function resourceLimits(option: string | undefined, machine: MachineMemory = { total: totalmem(), cgroup: readCgroupLimit() }): ResourceLimits {
  const heapBytes = getHeapStatistics().heap_size_limit;
  if (option !== undefined) {
    const bytes = parseMemorySize(option);
    if (bytes === undefined) throw new CliUsageError(`--memory-limit ${option}: expected an amount of memory such as 8GB, 512MB or 1.5TB`);
    return { memoryBytes: bytes, memorySource: `--memory-limit ${option}`, heapBytes };
  }
  const cgroup = machine.cgroup !== undefined && machine.cgroup < machine.total ? machine.cgroup : undefined;
  const available = cgroup ?? machine.total;
  const pct = Math.round(MEMORY_SAFETY_FRACTION * 100);
  return {
    memoryBytes: available * MEMORY_SAFETY_FRACTION,
    memorySource: `${pct}% of ${cgroup ? "this container's limit of" : "this machine's"} ${formatBytes(available)}; set another with --memory-limit`,
    heapBytes,
  };
}

/** Runs shorter than this by the estimate start without a pre-flight line. */
export const PREFLIGHT_NOTE_SECONDS = 60;

/**
 * The pre-flight line for a long command (on stderr, so that stdout stays the result): the memory estimate
 * against its limit and the time estimate (on `workers` threads, when given), labelled as estimates. Empty when
 * the estimate is under a minute.
 */
export function describePreflight(estimate: ResourceEstimate, limits: ResourceLimits, workers?: number): string {
  if (!(estimate.seconds >= PREFLIGHT_NOTE_SECONDS)) return '';
  const on = workers === undefined ? '' : workers === 0 ? ' in the main thread' : ` on ${workers} worker thread${workers === 1 ? '' : 's'}`;
  return `Pre-flight estimate: about ${formatBytes(estimate.bytes)} of memory (limit ${formatBytes(limits.memoryBytes)}) and about ${formatSeconds(estimate.seconds)} of computing${on} (a rough estimate from measured costs per tie and per service user)\n`;
}
