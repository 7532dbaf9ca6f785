// The run plan of a sweep: the design's points × replicates, in one fixed order (run id = point × replicates
// + replicate), each run's seed, shards as slices of that order, and sweep.json, the document that identifies
// the sweep. Part of sweep/; pure. A run's seed hashes (base scenario content but its unit costs, design seed, the point's
// parameter assignments, replicate), never its run id: adding points or replicates leaves every seed as it was.
// With common random numbers every point's replicate r takes the seed of the point with no assignments (a
// one-at-a-time design's default point), so differences between points are paired.
import { deriveSeed } from '../rng/hash.js';
import { canonicalJson } from '../output/canonical-json.js';
import { buildDesign, DesignError, designPointCount, MAX_DESIGN_POINTS, type Design } from './designs.js';
import { factorValueOf, type ResolvedSweep } from './load-sweep.js';
import { SweepError } from './sweep-error.js';
import type { SweepValue } from './sweep-file.js';

/** A factor's value at a point; null: left as the scenario has it (a one-at-a-time design's unmoved factors). */
export type PointValue = SweepValue | null;

export interface SweepPoint {
  readonly index: number;
  /** The factors' values at this point, in factor order (names and booleans as the sweep file gives them). */
  readonly values: readonly PointValue[];
  /** Canonical JSON of { path: value }: with the base scenario and the replicate, what a run's seed hashes. */
  readonly key: string;
}

export interface PlannedRun {
  readonly runId: number;
  readonly point: number;
  readonly replicate: number;
  readonly seed: number;
}

export interface SweepPlan {
  readonly sweep: ResolvedSweep;
  readonly design: Design;
  readonly points: readonly SweepPoint[];
  readonly replicates: number;
  /** Number of runs: points × replicates. */
  readonly runs: number;
}

/** A slice of the plan: the runs with run_id % n === k − 1. */
export interface Shard {
  readonly k: number;
  readonly n: number;
}

/** The key of a point that assigns nothing; with common random numbers every run's seed uses it. */
export const NO_ASSIGNMENTS_KEY = canonicalJson({});

/** The seed of one run (see the file comment): a pure function of what the run is, not of where it sits. */
export function runSeed(sweep: Pick<ResolvedSweep, 'seedSha256' | 'designSeed'> & { readonly commonRandomNumbers?: boolean }, pointKey: string, replicate: number): number {
  return deriveSeed(sweep.seedSha256, 'sweep-run', sweep.designSeed, sweep.commonRandomNumbers ? NO_ASSIGNMENTS_KEY : pointKey, replicate);
}

/** Most runs a sweep may have: run ids are 32-bit integers in runs.csv, chunk names and shards. */
export const MAX_SWEEP_RUNS = 2 ** 31 - 1;

/**
 * The sweep's numbers of points and runs by arithmetic from its description, refused above MAX_DESIGN_POINTS
 * or MAX_SWEEP_RUNS before any point is built (SweepError naming the field).
 */
export function countSweepRuns(sweep: ResolvedSweep): { readonly points: number; readonly runs: number } {
  const points = designPointCount(sweep.design);
  if (points > MAX_DESIGN_POINTS) {
    try {
      buildDesign(sweep.design, sweep.designSeed);
    } catch (err) {
      if (err instanceof DesignError) throw new SweepError(sweep.file, [{ path: 'design', message: err.message }]);
      throw err;
    }
  }
  const runs = points * sweep.replicates;
  if (runs > MAX_SWEEP_RUNS)
    throw new SweepError(sweep.file, [
      {
        path: 'replicates',
        message: `${points.toLocaleString('en')} points × ${sweep.replicates.toLocaleString('en')} replicates is ${runs.toLocaleString('en')} runs, more than allowed (at most ${MAX_SWEEP_RUNS.toLocaleString('en')}); use fewer points or replicates`,
      },
    ]);
  return { points, runs };
}

/** Build the design and list its points; throws SweepError when the design cannot be built. */
export function planSweep(sweep: ResolvedSweep): SweepPlan {
  // Sizes first, by arithmetic: nothing is built for a design or a run count that is refused.
  countSweepRuns(sweep);
  let design: Design;
  try {
    design = buildDesign(sweep.design, sweep.designSeed);
  } catch (err) {
    if (err instanceof DesignError) throw new SweepError(sweep.file, [{ path: 'design', message: err.message }]);
    throw err;
  }
  const points = design.points.map((p): SweepPoint => {
    // lo + u·(hi − lo) misses hi by a rounding error at u = 1 (0.2 + 0.7 = 0.8999…): the top of a range is hi.
    const values = sweep.factors.map((f, j): PointValue =>
      Number.isNaN(p.values[j]) ? null : f.range && !f.integer && p.unit[j] === 1 ? f.range[1] : factorValueOf(f, p.values[j]),
    );
    const key = canonicalJson(Object.fromEntries(sweep.factors.flatMap((f, j) => (values[j] === null ? [] : [[f.path, values[j]]]))));
    return { index: p.index, values, key };
  });
  const runs = points.length * sweep.replicates;
  if (!Number.isSafeInteger(runs) || runs > 2 ** 31 - 1)
    throw new SweepError(sweep.file, [{ path: 'replicates', message: `${points.length} points × ${sweep.replicates} replicates is more runs than allowed (at most 2,147,483,647)` }]);
  return { sweep, design, points, replicates: sweep.replicates, runs };
}

/** The run with this id. */
export function planRun(plan: SweepPlan, runId: number): PlannedRun {
  const point = Math.floor(runId / plan.replicates);
  const replicate = runId - point * plan.replicates;
  return { runId, point, replicate, seed: runSeed(plan.sweep, plan.points[point].key, replicate) };
}

/** Parse "k/n" (1 ≤ k ≤ n). */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const k = Number(m[1]);
  const n = Number(m[2]);
  return k >= 1 && k <= n && n <= 100_000 ? { k, n } : undefined;
}

/** How many runs a shard holds. */
export function shardSize(runs: number, shard: Shard | undefined): number {
  if (!shard) return runs;
  return Math.max(0, Math.ceil((runs - (shard.k - 1)) / shard.n));
}

/** The run id at position p of a shard's slice (the whole plan without a shard). */
export function shardRunId(position: number, shard: Shard | undefined): number {
  return shard ? shard.k - 1 + position * shard.n : position;
}

export const SWEEP_FORMAT = 'cpi-sim sweep, version 1';

/**
 * sweep.json: the sweep as resolved (file content, arms, groups, measures, factors), the base scenario's
 * complete document and hash, the design, and every point's values. Its SHA-256 identifies the sweep: a
 * results folder, a shard and a merge are checked against it.
 */
export function buildSweepDocument(plan: SweepPlan): string {
  const { sweep, design } = plan;
  const { points: _points, factors: designFactors, ...designMeta } = design;
  const spec = Object.fromEntries(Object.entries(sweep.spec).filter(([k]) => k !== '$schema'));
  const costed = sweep.seedSha256 !== sweep.baseSha256;
  const seedOf = costed ? 'scenario.seed_sha256' : 'scenario.sha256';
  const doc = {
    format: SWEEP_FORMAT,
    name: sweep.spec.name,
    description: sweep.spec.description,
    sweep: spec,
    resolved: {
      arms: sweep.arms,
      groups: sweep.groups,
      measures: sweep.measures,
      keep: sweep.keep,
      replicates: sweep.replicates,
      seed: sweep.designSeed,
      set: Object.fromEntries(sweep.fixedSet),
      factors: sweep.factors,
      // Only when set, so that sweep.json (and its hash) of every earlier sweep stays as it was.
      ...(sweep.commonRandomNumbers ? { common_random_numbers: true } : {}),
      ...(sweep.digest ? { digest: true } : {}),
    },
    runs: plan.runs,
    points: plan.points.length,
    run_order: sweep.commonRandomNumbers
      ? `run_id = point × replicates + replicate; common random numbers: a run's seed hashes (${seedOf}, resolved.seed, {}, replicate), the same at every point`
      : `run_id = point × replicates + replicate; a run's seed hashes (${seedOf}, resolved.seed, the point's values, replicate)`,
    scenario: {
      ref: sweep.spec.scenario,
      name: sweep.base.name,
      sha256: sweep.baseSha256,
      sha256_of: 'the canonical JSON (keys sorted, no whitespace) of scenario.document',
      // Only when the document has unit costs, so that sweep.json of a scenario without them stays as it was.
      ...(costed ? { seed_sha256: sweep.seedSha256, seed_sha256_of: 'the same of scenario.document without parameters.costs (unit costs change nothing simulated)' } : {}),
      document: sweep.base.document,
    },
    design: { ...designMeta, factors: designFactors },
    design_points: design.points.map((p, i) => ({
      point: i,
      values: Object.fromEntries(sweep.factors.flatMap((f, j) => (plan.points[i].values[j] === null ? [] : [[f.path, plan.points[i].values[j]]]))),
      unit: p.unit,
      label: p.label,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
