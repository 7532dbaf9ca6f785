// The pre-flight of a sweep by arithmetic, before its design is built: the main thread's design, plan and
// sweep.json, and one run per worker at the largest sizes the factors reach. Part of sweep/ (pure); the sweep
// and slurm commands check it against the memory limit. Byte costs per design point were measured with
// bench/child-resources.mjs (heap 650 bytes a point at 2 factors, 1,280 at 8; sweep.json 358 and 1,042 characters).
import type { Params } from '../scenario/parameters.js';
import { estimateRunResources, fmtCount, NODE_BASE_BYTES, TIME_COSTS, WORKER_BASE_BYTES, type ResourceEstimate, type ResourcePart } from '../engine/resource-estimate.js';
import { canonicalJson } from '../output/canonical-json.js';
import { designPointCount } from './designs.js';
import type { ResolvedSweep } from './load-sweep.js';

/**
 * The base scenario's parameters with every numeric factor at its largest value: sizes only grow with
 * their parameters (residents, referrals, network sizes, slots), so this run bounds every run of the sweep.
 */
export function largestParams(params: Params, factors: ReadonlyArray<{ readonly path: string; readonly values?: readonly unknown[]; readonly range?: readonly [number, number] }>): Params {
  const out = structuredClone(params) as unknown as Record<string, unknown>;
  for (const f of factors) {
    const numbers = (f.values ?? f.range ?? []).filter((v): v is number => typeof v === 'number');
    if (!numbers.length) continue;
    const keys = f.path.replace(/^parameters\./, '').split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) node = (node?.[k] ?? undefined) as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (node && typeof node[last] === 'number') node[last] = Math.max(...numbers);
  }
  return out as unknown as Params;
}

export interface SweepEstimateOptions {
  readonly workers: number;
  /** Runs in this folder (a shard's slice, or all). */
  readonly runs?: number;
}

/** Memory and time of a sweep (or one shard of it) on `workers` worker threads, from its description only. */
export function estimateSweepResources(sweep: ResolvedSweep, options: SweepEstimateOptions): ResourceEstimate {
  const points = designPointCount(sweep.design);
  const k = sweep.factors.length;
  const runs = options.runs ?? points * sweep.replicates;
  const workers = Math.max(1, Math.min(options.workers, runs));
  // 1. The main thread: the design's points, the plan's points and sweep.json (with the base scenario).
  const designHeap = points * (350 + 120 * k) * 2;
  const jsonChars = points * (150 + sweep.factors.reduce((a, f) => a + 2 * (f.path.length + 10) + 30, 0)) + 2 * canonicalJson(sweep.base.document).length;
  const main = designHeap + jsonChars * 2;
  // 2. One run per worker at the factors' largest sizes (a worker keeps no files; chunks go to disk).
  const pick = (params: Params) => largestParams(params, sweep.factors);
  const arms = sweep.base.arms.filter((a) => sweep.arms.includes(a.name)).map((a) => pick(a.params));
  const run = estimateRunResources(pick(sweep.base.params), sweep.base.tables, { ticks: sweep.base.ticks, arms, files: false });
  const perWorker = run.bytes - NODE_BASE_BYTES + WORKER_BASE_BYTES;
  const parts: ResourcePart[] = [
    { name: `${fmtCount(workers)} worker${workers === 1 ? '' : 's'} running one run each at the factors' largest sizes`, bytes: workers * perWorker, heap: run.heapBytes },
    { name: `the design's ${fmtCount(points)} points and sweep.json`, bytes: main, heap: designHeap + jsonChars },
  ];
  return {
    bytes: NODE_BASE_BYTES + main + workers * perWorker,
    heapBytes: Math.max(designHeap + jsonChars, run.heapBytes),
    parts: parts.sort((a, b) => b.bytes - a.bytes),
    seconds: (runs * run.seconds) / workers + jsonChars * TIME_COSTS.outputPerChar,
    largestArray: run.largestArray,
    largestIds: run.largestIds,
    largestFile: { name: 'sweep.json', chars: jsonChars },
  };
}
