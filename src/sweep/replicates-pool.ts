// Replicates of one scenario on the sweep's pool of worker threads (sweep/worker-pool.ts, piscina 5), for
// `cpi-sim run --replicates N --workers W`. Each replicate is one task with exactly the seed it has in the
// main thread (engine/run-replicates.ts); results come back in replicate order whatever order the workers
// finish in, so everything fed from them is byte-identical for any W. At most a window of replicates is in
// flight or waiting to be handed on, so memory does not grow with N. With 0 workers everything runs in this
// thread. Part of sweep/ (Node only).
import { compiledWorkerFile, createWorkerThreads } from './worker-pool.js';
import { runScenario } from '../engine/run.js';
import { replicateSeed, replicateSeriesOf, type ReplicateSeries } from '../engine/run-replicates.js';
import type { Scenario, ScenarioSource } from '../scenario/compile.js';

/** What every worker needs once to compile the scenario the main thread runs (structured-cloneable: workerData). */
export interface ReplicatesContext {
  readonly chain: readonly ScenarioSource[];
  readonly set: ReadonlyArray<readonly [string, unknown]>;
  readonly setSource: string;
  /** The arms to run, in scenario order. */
  readonly arms: readonly string[];
  /** The root seed (the scenario's, with --seed applied). */
  readonly seed: number;
}

export interface ReplicatesPoolOptions {
  readonly replicates: number;
  /** Worker threads; 0 runs every replicate in this thread. */
  readonly workers: number;
  /** Replicates in flight or finished but not yet handed on (default: twice the workers). */
  readonly window?: number;
}

/** The compiled replicates worker script. */
export function replicatesWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'sweep/replicates-worker.js');
}

/** Replicate `r` of the scenario, cut down to its series: the same code in a worker and in this thread. */
export function runReplicateSeries(scenario: Scenario, context: Pick<ReplicatesContext, 'arms' | 'seed'>, r: number): ReplicateSeries {
  return replicateSeriesOf(runScenario(scenario, { arms: context.arms, seed: replicateSeed(context.seed, r) }));
}

/**
 * The replicates' series in replicate order. `scenario` must be what the context compiles to (the main
 * thread's copy, used when there are no workers). The pool is closed when the iteration ends, also early.
 */
export async function* runReplicatesOnPool(scenario: Scenario, context: ReplicatesContext, options: ReplicatesPoolOptions): AsyncGenerator<ReplicateSeries> {
  const n = options.replicates;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`replicates must be an integer >= 1, got ${n}`);
  if (options.workers === 0) {
    for (let r = 0; r < n; r++) yield runReplicateSeries(scenario, context, r);
    return;
  }
  const workers = Math.min(options.workers, n);
  const window = Math.max(workers, options.window ?? 2 * workers);
  const pool = createWorkerThreads<number, ReplicateSeries>(replicatesWorkerFile(), workers, context);
  try {
    yield* inReplicateOrder(n, window, (r) => pool.run(r));
  } finally {
    await pool.close();
  }
}

/**
 * Results 0 .. n − 1 in order, each started by `start(r)` at most `window` ahead of the one handed on: later
 * results that finish first wait (at most window − 1 of them), and nothing past the window is started.
 */
export async function* inReplicateOrder<T>(n: number, window: number, start: (r: number) => Promise<T>): AsyncGenerator<T> {
  const pending = new Map<number, Promise<T>>();
  let next = 0;
  for (let r = 0; r < n; r++) {
    // 1. Keep the window full: r .. r + window − 1 are started.
    for (; next < n && next < r + window; next++) {
      const task = start(next);
      // A later result that fails while an earlier one is awaited is reported in its turn, not as an
      // unhandled rejection.
      task.catch(() => {});
      pending.set(next, task);
    }
    // 2. Hand on result r.
    const task = pending.get(r)!;
    pending.delete(r);
    yield await task;
  }
}
