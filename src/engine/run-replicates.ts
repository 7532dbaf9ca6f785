// Replicates of one scenario: the same scenario run under different seeds, one after another, for summaries
// with uncertainty across replicates (analysis/replicates.ts). Part of engine/; no I/O. Replicate 0 runs
// with the root seed itself (so one replicate is the plain run); replicate r > 0 with a seed hashed from
// (root, 'replicate', r), so asking for more replicates never changes the earlier ones.
import { deriveSeed } from '../rng/hash.js';
import type { Scenario } from '../scenario/compile.js';
import { runScenario, type RunOptions, type RunResult } from './run.js';

/**
 * What summaries across replicates need of one replicate: its group series and their names, not its
 * population or state. A RunResult is one; a worker thread sends back only this (replicateSeriesOf).
 */
export interface ReplicateSeries {
  readonly seed: number;
  readonly ticks: number;
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  readonly population: { readonly users: number };
  readonly arms: ReadonlyArray<{ readonly name: string; readonly description: string; readonly series: Float64Array }>;
}

/** A run cut down to its ReplicateSeries (structured-cloneable, about 1.5 MB for the pilot's three arms). */
export function replicateSeriesOf(result: RunResult): ReplicateSeries {
  return {
    seed: result.seed,
    ticks: result.ticks,
    groups: result.groups,
    measures: result.measures,
    population: { users: result.population.users },
    arms: result.arms.map((a) => ({ name: a.name, description: a.description, series: a.series })),
  };
}

/** The seed of replicate `r` of a run with root seed `root`. */
export function replicateSeed(root: number, r: number): number {
  if (!Number.isInteger(r) || r < 0) throw new RangeError(`replicate must be an integer >= 0, got ${r}`);
  return r === 0 ? root : deriveSeed(root, 'replicate', r);
}

export interface ReplicateRunOptions extends Omit<RunOptions, 'seed' | 'onTick' | 'keepState'> {
  /** How many replicates (>= 1). */
  readonly replicates: number;
  /** The root seed (default: the scenario's). */
  readonly seed?: number;
  /** Called after each replicate with its index (0-based) and the number of replicates. */
  readonly onReplicate?: (done: number, total: number) => void;
}

/** The replicates' results, one at a time (a caller that drops each after use keeps memory flat). */
export function* runReplicates(scenario: Scenario, options: ReplicateRunOptions): Generator<RunResult> {
  const n = options.replicates;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`replicates must be an integer >= 1, got ${n}`);
  const root = options.seed ?? scenario.seed;
  for (let r = 0; r < n; r++) {
    const result = runScenario(scenario, { arms: options.arms, ticks: options.ticks, seed: replicateSeed(root, r) });
    options.onReplicate?.(r + 1, n);
    yield result;
  }
}
