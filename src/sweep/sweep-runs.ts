// Run a chunk of a sweep's runs and format their rows: compile the scenario at each run's point (the
// factors win in every arm), run all selected arms on one population with the run's seed, and write the
// tidy rows of results.csv and the run's row of runs.csv (with, on request, a SHA-256 digest of everything
// the run produced). Part of sweep/; the same code runs in the worker threads (sweep-worker.ts) and for the
// pre-flight estimate. A run that throws is a failed row.
import { createHash } from 'node:crypto';
import { compileScenario, type Scenario, type ScenarioSource } from '../scenario/compile.js';
import { runScenario, type RunResult } from '../engine/run.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { csvField } from '../output/csv.js';
import { formatNumber } from '../output/format-number.js';
import type { SweepValue } from './sweep-file.js';
import type { PointValue } from './plan.js';

/** What every worker needs once (structured-cloneable: it travels as the pool's workerData). */
export interface SweepRunContext {
  readonly chain: readonly ScenarioSource[];
  readonly fixedSet: ReadonlyArray<readonly [string, unknown]>;
  readonly factorPaths: readonly string[];
  readonly arms: readonly string[];
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  readonly keep: 'final' | 'series';
  readonly setSource: string;
  /** Append series_sha256 to each runs.csv line. */
  readonly digest?: boolean;
}

export interface RunTask {
  readonly runId: number;
  readonly point: number;
  readonly replicate: number;
  readonly seed: number;
  /** null: the factor is left as the scenario has it. */
  readonly values: readonly PointValue[];
}

export interface ChunkResult {
  /** runs.csv lines of the chunk's runs, in task order. */
  readonly runsText: string;
  /** results.csv lines (UTF-8), in task order. */
  readonly results: Uint8Array;
  readonly rows: number;
  readonly failed: number;
  /** Wall time of the runs (ms), for the estimate and the progress rate. */
  readonly ms: number;
}

export const RESULTS_COLUMNS = ['run_id', 'point', 'replicate', 'arm', 'seed', 'tick', 'group', 'measure', 'value'] as const;
export const RUNS_COLUMNS = ['run_id', 'point', 'replicate', 'seed', 'status', 'error'] as const;

/**
 * runs.csv's `error` cell for a run that did not fail. Never empty: an all-empty column (a sweep where
 * nothing failed) reads as float in pandas and as logical in R's readr, and readr, guessing from the first
 * 1,000 rows, then fails to parse a later failure's message. "none" is text to both (neither counts it as
 * missing), and `status` says whether a run failed.
 */
export const NO_ERROR = 'none';

/** A factor's value as a CSV cell (empty: left as the scenario has it). */
export function formatFactorValue(v: SweepValue | null): string {
  return v === null ? '' : typeof v === 'number' ? formatNumber(v) : csvField(String(v));
}

/** The group of users of a minority cultural group: user measures, final tick only (from per-user values). */
export const MINORITY_GROUP = 'minority';

/** runs.csv's series_sha256 cell of a run that failed. */
export const NO_DIGEST = 'none';

const bytesOf = (a: Float64Array | Uint8Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/**
 * SHA-256 (hex) of everything a run produced, arm by arm: its name, the whole group series, the final
 * per-user measures, user states and agencies. Equal digests: bit-identical runs (NaN payloads included).
 */
export function digestRun(result: RunResult): string {
  const hash = createHash('sha256');
  for (const arm of result.arms) {
    hash.update(`${arm.name}\0${arm.series.length},${arm.final.length},${arm.finalUserState.length}\0`);
    hash.update(bytesOf(arm.series));
    hash.update(bytesOf(arm.final));
    hash.update(bytesOf(arm.finalUserState));
    hash.update(bytesOf(arm.finalAgency));
  }
  return hash.digest('hex');
}

/**
 * The minority group of one arm at the final tick: per user measure, the mean over users of a minority
 * cultural group (NaN values left out, as for the other groups); NaN where no such user has a value.
 */
export function minorityMeans(result: RunResult, armIndex: number): Float64Array {
  const pop = result.population;
  const final = result.arms[armIndex].final;
  const U = USER_MEASURES.length;
  const sums = new Float64Array(U);
  const ns = new Float64Array(U);
  for (let u = 0; u < pop.users; u++) {
    if (!((pop.minorityMask >>> pop.group[pop.userPerson[u]]) & 1)) continue;
    for (let m = 0; m < U; m++) {
      const v = final[u * U + m];
      if (v === v) {
        sums[m] += v;
        ns[m]++;
      }
    }
  }
  return sums.map((x, m) => (ns[m] > 0 ? x / ns[m] : NaN));
}

/** An error as one line of text for runs.csv (the error's own message, without machine-specific stacks). */
export function describeRunError(err: unknown): string {
  const text = (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).replace(/\s*\n\s*/g, ' ').trim();
  // A failure's cell is never empty or the ok runs' word, so the column always tells them apart.
  return text === '' || text === NO_ERROR ? `unknown error (${JSON.stringify(text)})` : text;
}

/**
 * A growing byte buffer for a chunk's rows. Rows go straight into bytes, so a chunk leaves no large strings
 * behind for the garbage collector: with strings, worker heaps grew by tens of megabytes before each major
 * collection (bench/child-sweep.mjs, peak RSS at 1,000 vs 10,000 runs).
 */
export class RowBuffer {
  private buf = Buffer.allocUnsafe(1 << 16);
  length = 0;
  write(text: string): void {
    if (this.length + 3 * text.length > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.length + 3 * text.length));
      this.buf.copy(bigger, 0, 0, this.length);
      this.buf = bigger;
    }
    this.length += this.buf.write(text, this.length, 'utf8');
  }
  /** Drop everything after `length` (a failed run's partial rows). */
  truncate(length: number): void {
    this.length = length;
  }
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/** A function that runs chunks; it keeps the last point's compiled scenario (replicates follow each other). */
export function createRunExecutor(ctx: SweepRunContext): (runs: readonly RunTask[]) => ChunkResult {
  let cachedPoint = -1;
  let cached: Scenario | Error | undefined;
  const scenarioAt = (task: RunTask): Scenario => {
    if (task.point !== cachedPoint) {
      cachedPoint = task.point;
      const set = [...ctx.fixedSet, ...ctx.factorPaths.flatMap((p, j) => (task.values[j] === null ? [] : [[p, task.values[j]] as const]))];
      try {
        cached = compileScenario(ctx.chain, { set, setSource: ctx.setSource, setOverArms: true });
      } catch (err) {
        cached = err as Error;
      }
    }
    if (cached instanceof Error) throw cached;
    return cached!;
  };

  return (runs) => {
    const t0 = performance.now();
    let runsText = '';
    const out = new RowBuffer();
    let rows = 0;
    let failed = 0;
    for (const task of runs) {
      const factorCells = task.values.map(formatFactorValue).join(',');
      const head = `${task.runId},${task.point},${task.replicate},${task.seed}`;
      const mark = out.length;
      let count = 0;
      try {
        // 1. Run.
        const scenario = scenarioAt(task);
        const result = runScenario(scenario, { seed: task.seed, arms: ctx.arms });
        // 2. Rows: arms in scenario order, ticks, groups and measures in the sweep's order; NaN left out.
        const G = result.groups.length;
        const M = result.measures.length;
        const groupIndex = ctx.groups.map((g) => result.groups.indexOf(g));
        const measureIndex = ctx.measures.map((m) => result.measures.indexOf(m));
        const from = ctx.keep === 'final' ? result.ticks : 0;
        const minority = ctx.groups.indexOf(MINORITY_GROUP);
        const userMeasureIndex = ctx.measures.map((m) => (USER_MEASURES as readonly string[]).indexOf(m));
        for (const [ai, arm] of result.arms.entries()) {
          const armHead = `${task.runId},${task.point},${task.replicate},${arm.name},${task.seed},`;
          const minorityAtEnd = minority >= 0 ? minorityMeans(result, ai) : undefined;
          for (let t = from; t <= result.ticks; t++) {
            for (let gi = 0; gi < ctx.groups.length; gi++) {
              const g = groupIndex[gi];
              if (gi === minority && t === result.ticks) {
                const prefix = `${armHead}${t},${MINORITY_GROUP},`;
                for (let mi = 0; mi < ctx.measures.length; mi++) {
                  const v = userMeasureIndex[mi] < 0 ? NaN : minorityAtEnd![userMeasureIndex[mi]];
                  if (v !== v) continue;
                  out.write(`${prefix}${ctx.measures[mi]},${formatNumber(v)}\n`);
                  count++;
                }
              }
              if (g < 0) continue;
              const prefix = `${armHead}${t},${ctx.groups[gi]},`;
              const base = (t * G + g) * M;
              for (let mi = 0; mi < ctx.measures.length; mi++) {
                const v = arm.series[base + measureIndex[mi]];
                if (v !== v) continue;
                out.write(`${prefix}${ctx.measures[mi]},${formatNumber(v)}\n`);
                count++;
              }
            }
          }
        }
        runsText += `${head},ok,${NO_ERROR},${factorCells}${ctx.digest ? `,${digestRun(result)}` : ''}\n`;
      } catch (err) {
        out.truncate(mark);
        count = 0;
        failed++;
        runsText += `${head},failed,${csvField(describeRunError(err))},${factorCells}${ctx.digest ? `,${NO_DIGEST}` : ''}\n`;
      }
      rows += count;
    }
    return { runsText, results: out.bytes(), rows, failed, ms: performance.now() - t0 };
  };
}
