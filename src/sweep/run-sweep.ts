// Run a planned sweep (or one shard of it) into a results folder on all cores, resumably. Part of sweep/
// (Node only); the CLI's `cpi-sim sweep` is a thin layer over runSweep. Stages: (1) lock and inspect the
// folder (fresh, resume, complete, refused), (2) pre-flight: time a few runs (on the pool) and estimate the rest,
// (3) ask or refuse above the limits, (4) write sweep.json and the pre-flight chunk, (5) run the remaining
// chunks on the worker pool, writing each as it finishes, (6) concatenate the chunks into the final files.
import { existsSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isDiskFull } from '../output/disk-full-seam.js';
import { removeTempFiles } from './stream-file.js';
import { join } from 'node:path';
import { sha256Hex } from '../output/canonical-json.js';
import { csvField } from '../output/csv.js';
import { resolveOutputFolder, writeFileAtomically } from '../output/write-folder.js';
import { type PlannedRun, type Shard, type SweepPlan, buildSweepDocument, planRun, shardRunId, shardSize } from './plan.js';
import { SWEEP_SET_SOURCE } from './load-sweep.js';
import { SweepError } from './sweep-error.js';
import { createRunExecutor, describeRunError, formatFactorValue, type ChunkResult, type RunTask, type SweepRunContext } from './sweep-runs.js';
import { createSweepPool, type SweepPool } from './worker-pool.js';
import { lockSweepFolder } from './folder-lock.js';
import { PARTIAL_DIR, inspectSweepFolder, listChunks, missingIntervals, readChunk, removePartial, resumeSweepFolder, startSweepFolder, writeChunk } from './sweep-folder.js';
import { arrowFactors, buildSweepManifest, openSweepOutput, SWEEP_FILES, type SweepOutputTotals } from './sweep-output.js';

/** Most runs the pre-flight times (it stops earlier after about 0.3 s of runs). */
const PREFLIGHT_MAX_RUNS = 25;

/** Above these, a sweep needs a yes (a question on a terminal, or --yes). */
export const SWEEP_LIMITS = { seconds: 600, bytes: 1024 ** 3 } as const;

export interface SweepEstimate {
  /** Runs in this folder (the shard's slice, or the whole plan) and those still to run. */
  readonly runs: number;
  readonly remaining: number;
  /** Runs timed in the pre-flight and their mean wall time (ms, over the later half: the first are still warming up). */
  readonly timedRuns: number;
  readonly msPerRun: number;
  readonly workers: number;
  readonly seconds: number;
  /** results.csv rows and bytes of the whole folder. */
  readonly rows: number;
  readonly bytes: number;
  /** Over SWEEP_LIMITS (or the given limits). */
  readonly big: boolean;
}

export interface SweepProgress {
  readonly done: number;
  readonly total: number;
  readonly failed: number;
  /** Runs per second in this session; NaN before the first chunk. */
  readonly rate: number;
  readonly secondsLeft: number;
}

export interface SweepOptions {
  readonly out: string;
  readonly workers?: number;
  readonly shard?: Shard;
  readonly arrow?: boolean;
  readonly force?: boolean;
  /** Start a big sweep without asking. */
  readonly yes?: boolean;
  /** Ask whether to start a big sweep (a terminal); without it a big sweep needs `yes`. */
  readonly confirm?: (estimate: SweepEstimate) => Promise<boolean>;
  readonly onEstimate?: (estimate: SweepEstimate) => void;
  readonly onProgress?: (progress: SweepProgress) => void;
  readonly limits?: { readonly seconds: number; readonly bytes: number };
  /** Target wall time of one chunk (ms). Default 400. */
  readonly chunkMs?: number;
  /** For the manifest, and shown to a second writer while this one holds the folder. */
  readonly command?: string;
  /** Told when the folder's lock was left by a process that no longer runs (or, with force, by another host) and is taken over. */
  readonly onLockTakeover?: (message: string) => void;
}

export interface SweepSummary {
  readonly status: 'complete' | 'already-complete' | 'cancelled';
  readonly out: string;
  readonly shard: string | null;
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  readonly rows: number;
  /** Runs that were already done when this session started (resume). */
  readonly resumedFrom: number;
  readonly files: readonly string[];
  readonly estimate?: SweepEstimate;
  readonly wallMs: number;
}

/** What the workers need to run any run of the plan. */
export function sweepRunContext(plan: SweepPlan): SweepRunContext {
  const s = plan.sweep;
  return {
    chain: s.chain,
    fixedSet: s.fixedSet,
    factorPaths: s.factors.map((f) => f.path),
    arms: s.arms,
    groups: s.groups,
    measures: s.measures,
    keep: s.keep,
    setSource: SWEEP_SET_SOURCE,
    digest: s.digest,
  };
}

function taskOf(plan: SweepPlan, run: PlannedRun): RunTask {
  return { ...run, values: plan.points[run.point].values };
}

/** A runs.csv line for a run whose worker died (the run itself could not report). */
function lostRunResult(task: RunTask, err: unknown): ChunkResult {
  const cells = task.values.map(formatFactorValue).join(',');
  return { runsText: `${task.runId},${task.point},${task.replicate},${task.seed},failed,${csvField(describeRunError(err))},${cells}\n`, results: new Uint8Array(0), rows: 0, failed: 1, ms: 0 };
}

export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepSummary> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  // Through a symbolic link: the sweep is written where it points; the link stays.
  const dir = resolveOutputFolder(options.out);
  const shard = options.shard;
  const shardLabel = shard ? `${shard.k}/${shard.n}` : null;
  const size = shardSize(plan.runs, shard);
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const limits = options.limits ?? SWEEP_LIMITS;
  const sweepText = buildSweepDocument(plan);
  const base = { out: dir, shard: shardLabel, runs: size };
  const context = sweepRunContext(plan);
  const taskAt = (position: number) => taskOf(plan, planRun(plan, shardRunId(position, shard)));
  if (options.arrow && plan.design.kind === 'one-at-a-time')
    throw new SweepError(plan.sweep.file, [{ path: 'design', message: 'a one-at-a-time design leaves factors at the scenario\'s values, which results.arrow\'s factor columns cannot hold; run it without --arrow' }]);

  // 1. The folder: locked for as long as this sweep may write into it (released on return, error and SIGINT/SIGTERM).
  const lock = lockSweepFolder(dir, { force: options.force, command: options.command, onTakeover: options.onLockTakeover });
  let pool: SweepPool | undefined;
  try {
    return await inLockedFolder();
  } finally {
    try {
      await pool?.close();
    } finally {
      lock.release();
    }
  }

  async function inLockedFolder(): Promise<SweepSummary> {
    const state = inspectSweepFolder(dir, sweepText, shardLabel, options.force ?? false);
    if (state.kind === 'complete') {
      const runs = state.manifest.runs as { in_folder: number; ok: number; failed: number };
      const files = (state.manifest.files as Array<{ name: string }>).map((f) => f.name);
      return { ...base, status: 'already-complete', ok: runs.ok, failed: runs.failed, rows: Number(state.manifest.results_rows), resumedFrom: size, files, wallMs: performance.now() - t0 };
    }
    const chunks = state.kind === 'resume' ? state.chunks : [];
    const intervals = missingIntervals(chunks, size);
    const remaining = intervals.reduce((a, [s, e]) => a + e - s, 0);
    // 2. Pre-flight: a few runs, timed one by one, their results kept as the first chunk. When the pool is needed
    // they run on its workers, which warm up on them (run here, they made a third busy thread on two cores while
    // the workers started: bench/ measured 0.6 s lost per sweep); a sweep the pre-flight may finish alone runs here.
    if (remaining > PREFLIGHT_MAX_RUNS) pool = createSweepPool(Math.min(workers, remaining), context);
    try {
      return await runStages(state.kind === 'fresh', intervals, size - remaining);
    } catch (err) {
      if (isDiskFull(err)) throw diskFullError(err as Error);
      throw err;
    }
  }

  /** A full disk, said plainly: what is saved (whole chunks only: a torn one is never kept) and that rerunning resumes. */
  function diskFullError(err: Error): SweepError {
    let saved = 0;
    let bytes = 0;
    try {
      for (const c of listChunks(dir)) {
        saved += c.end - c.start;
        bytes += statSync(c.file).size;
      }
      if (!existsSync(join(dir, SWEEP_FILES.sweep))) rmSync(join(dir, PARTIAL_DIR), { recursive: true, force: true });
      else removeTempFiles(join(dir, PARTIAL_DIR));
      removeTempFiles(dir);
    } catch {
      // Listing what is saved is best effort: the message stands without it.
    }
    const kept = saved > 0 ? `${saved} of ${size} runs are saved in ${PARTIAL_DIR}/ (${(bytes / 1024 ** 2).toFixed(1)} MB) and will not run again` : 'no run was saved yet';
    return new SweepError(dir, `the disk is full (${err.message.split('\n')[0].replace(/^.*?(?=ENOSPC)/, '')}); ${kept}; nothing half-written is left. Free some space, then run the same command again: it resumes where this one stopped`);
  }

  /** The pre-flight's runs from position `start` on, in position order. At least three per worker (unless
   * they take seconds), then on to about 0.3 s of runs per worker (at most 25 in all): the first runs warm the
   * JIT up, the later half gives the time per run. */
  async function runPreflight(start: number, end: number): Promise<ChunkResult[]> {
    const out: ChunkResult[] = [];
    let count = 0;
    let ms = 0;
    let p = start;
    const lanes = pool ? Math.min(workers, end - start) : 1;
    const more = () => p < end && p - start < PREFLIGHT_MAX_RUNS && ((count < 3 * lanes && ms < 3000 * lanes) || ms < 300 * lanes);
    const record = (at: number, r: ChunkResult) => {
      out[at - start] = r;
      count++;
      ms += r.ms;
    };
    if (!pool) {
      const execute = createRunExecutor(context);
      while (more()) record(p, execute([taskAt(p++)]));
      return out;
    }
    const runners = pool;
    const lane = async () => {
      while (more()) {
        const at = p++;
        const task = taskAt(at);
        try {
          const done = await runners.run({ start: at, end: at + 1, runs: [task] });
          record(at, done.result!);
        } catch (err) {
          record(at, lostRunResult(task, err));
        }
      }
    };
    await Promise.all(Array.from({ length: lanes }, lane));
    return out;
  }

  async function runStages(fresh: boolean, intervals: ReadonlyArray<[number, number]>, resumedFrom: number): Promise<SweepSummary> {
    const remaining = size - resumedFrom;
    let preflight: { start: number; end: number; result: ChunkResult } | undefined;
    let estimate: SweepEstimate | undefined;
    if (remaining > 0) {
      const [start] = intervals[0];
      const runs = await runPreflight(start, intervals[0][1]);
      const times = runs.map((r) => r.ms);
      const runsText = runs.map((r) => r.runsText).join('');
      const results = runs.map((r) => r.results);
      const rows = runs.reduce((a, r) => a + r.rows, 0);
      const failed = runs.reduce((a, r) => a + r.failed, 0);
      const p = start + runs.length;
      const bytes = Buffer.concat(results);
      preflight = { start, end: p, result: { runsText, results: bytes, rows, failed, ms: times.reduce((a, b) => a + b, 0) } };
      const timed = times.length > 1 ? times.slice(Math.floor(times.length / 2)) : times;
      const msPerRun = timed.reduce((a, b) => a + b, 0) / timed.length;
      const bytesPerRun = bytes.byteLength / times.length;
      const seconds = ((remaining - times.length) * msPerRun) / 1000 / Math.min(workers, Math.max(1, remaining - times.length));
      const disk = bytesPerRun * size * (options.arrow ? 1.5 : 1);
      estimate = {
        runs: size,
        remaining,
        timedRuns: times.length,
        msPerRun,
        workers,
        seconds,
        rows: Math.round((rows / times.length) * size),
        bytes: disk,
        big: seconds > limits.seconds || disk > limits.bytes,
      };
      options.onEstimate?.(estimate);

      // 3. Big sweeps need a yes.
      if (estimate.big && !options.yes) {
        if (!options.confirm)
          throw new SweepError(
            plan.sweep.file,
            `this sweep is big (${describeEstimate(estimate)}), above the ${limits.seconds / 60} min or ${(limits.bytes / 1024 ** 3).toFixed(0)} GB that starts without asking; add --yes to start it anyway, or split it with --shard k/n (\`cpi-sim slurm\` runs the shards on a cluster)`,
          );
        if (!(await options.confirm(estimate))) return { ...base, status: 'cancelled', ok: 0, failed: 0, rows: 0, resumedFrom, files: [], estimate, wallMs: performance.now() - t0 };
      }
    }

    // 4. The folder's identity, then the pre-flight's runs.
    if (fresh) startSweepFolder(dir, sweepText, shardLabel);
    else resumeSweepFolder(dir);
    if (preflight) writeChunk(dir, preflight.start, preflight.end, preflight.result);

    // 5. The rest on the pool, in chunks of about chunkMs each, written as they finish.
    let done = resumedFrom + (preflight ? preflight.end - preflight.start : 0);
    let failedNow = preflight?.result.failed ?? 0;
    const sessionFrom = resumedFrom;
    const report = () => {
      const elapsed = (performance.now() - t0) / 1000;
      const rate = elapsed > 0 && done > sessionFrom ? (done - sessionFrom) / elapsed : NaN;
      options.onProgress?.({ done, total: size, failed: failedNow, rate, secondsLeft: rate > 0 ? (size - done) / rate : NaN });
    };
    if (preflight) report();
    const todo: Array<[number, number]> = missingIntervals(listChunks(dir), size);
    const left = todo.reduce((a, [s, e]) => a + e - s, 0);
    if (left > 0) {
      const perRun = Math.max(0.01, estimate?.msPerRun ?? 10);
      const chunkRuns = Math.max(1, Math.min(Math.round((options.chunkMs ?? 400) / perRun), Math.ceil(left / (workers * 4)), 10_000));
      const pieces: Array<[number, number]> = [];
      for (const [s, e] of todo) for (let a = s; a < e; a += chunkRuns) pieces.push([a, Math.min(e, a + chunkRuns)]);
      const runners = (pool ??= createSweepPool(Math.min(workers, pieces.length), context));
      const finish = (start: number, end: number, failed: number) => {
        done += end - start;
        failedNow += failed;
        report();
      };
      // Each worker writes its chunk's file itself. A chunk whose worker died is rerun one run at a time, so
      // only the run that kills a worker fails.
      const runPiece = async ([start, end]: [number, number]): Promise<void> => {
        const runs = Array.from({ length: end - start }, (_, i) => taskAt(start + i));
        try {
          finish(start, end, (await runners.run({ dir, start, end, runs })).failed);
        } catch (err) {
          // A full disk is not a run that killed its worker: stop, keeping what is saved.
          if (isDiskFull(err)) throw err;
          if (runs.length > 1) {
            for (let p = start; p < end; p++) await runPiece([p, p + 1]);
          } else {
            writeChunk(dir, start, end, lostRunResult(runs[0], err));
            finish(start, end, 1);
          }
        }
      };
      // At most two chunks per worker in flight: results go to disk as chunks finish, memory stays flat.
      let next = 0;
      const lanes = Array.from({ length: Math.min(pieces.length, 2 * workers) }, async () => {
        while (next < pieces.length) await runPiece(pieces[next++]);
      });
      await Promise.all(lanes);
      await pool!.close();
      pool = undefined;
    }

    // 6. The final files, in run-id order, manifest last; then the chunks go.
    const totals = await concatenateChunks(plan, dir, size, options.arrow ?? false);
    const manifest = buildSweepManifest({
      sweepName: plan.sweep.spec.name,
      sweepSha256: sha256Hex(sweepText),
      sweepBytes: Buffer.byteLength(sweepText, 'utf8'),
      shard: shardLabel,
      plannedRuns: plan.runs,
      totals,
      run: {
        command: options.command ?? 'runSweep',
        started_at: startedAt,
        wall_time_ms: Math.round(performance.now() - t0),
        workers,
        resumed_from_runs: resumedFrom,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
    });
    writeFileAtomically(join(dir, SWEEP_FILES.manifest), manifest, { force: true });
    removePartial(dir);
    return {
      ...base,
      status: 'complete',
      ok: totals.ok,
      failed: totals.failed,
      rows: totals.rows,
      resumedFrom,
      files: [SWEEP_FILES.sweep, ...totals.files.map((f) => f.name), SWEEP_FILES.manifest],
      estimate,
      wallMs: performance.now() - t0,
    };
  }
}

async function concatenateChunks(plan: SweepPlan, dir: string, size: number, arrow: boolean): Promise<SweepOutputTotals> {
  const chunks = listChunks(dir);
  const gaps = missingIntervals(chunks, size);
  if (gaps.length || (chunks.length && chunks[chunks.length - 1].end !== size))
    throw new SweepError(dir, `runs ${gaps.map(([s, e]) => `${s}–${e - 1}`).join(', ')} are missing from the finished chunks; rerun the same command to finish them`);
  const out = await openSweepOutput({
    dir,
    arrow,
    levels: { arms: plan.sweep.arms, groups: plan.sweep.groups, measures: plan.sweep.measures, factors: arrowFactors(plan.sweep.factors, plan.points.map((p) => p.values)) },
    factorPaths: plan.sweep.factors.map((f) => f.path),
    digest: plan.sweep.digest,
  });
  try {
    // One chunk in memory at a time; runs.csv and results.csv grow side by side.
    for (const c of chunks) {
      const { runsText, results } = readChunk(c);
      out.addRuns(runsText);
      out.addResults(results);
    }
    return out.close();
  } catch (err) {
    out.abort();
    throw err;
  }
}

/** "about 2 m 10 s on 2 workers, 1,234 rows (45 MB)". */
export function describeEstimate(e: SweepEstimate): string {
  const s = Math.round(e.seconds);
  const time = s >= 3600 ? `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m` : s >= 60 ? `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
  const mb = e.bytes / 1024 ** 2;
  const disk = mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : mb >= 1 ? `${mb.toFixed(0)} MB` : `${(e.bytes / 1024).toFixed(0)} kB`;
  return `about ${time} on ${e.workers} worker${e.workers === 1 ? '' : 's'}, ${e.rows.toLocaleString('en')} result rows (${disk})`;
}
