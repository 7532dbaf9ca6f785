// The pool of worker threads that runs a sweep's chunks (piscina 5), and the thread-pool pieces the
// calibration's pool shares. Part of sweep/ (Node only). Workers always run compiled scripts of dist/: from
// dist/ they sit beside the caller; under vitest the caller is a src/ .ts file and the worker resolves to the
// dist/ build the test setup made.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { ChunkResult, RunTask, SweepRunContext } from './sweep-runs.js';

/** One chunk: the runs at positions [start, end) of the folder's slice, written by the worker into `dir`, or
 * (without `dir`: the pre-flight, before the folder exists) sent back whole. */
export interface ChunkTask {
  readonly dir?: string;
  readonly start: number;
  readonly end: number;
  readonly runs: readonly RunTask[];
}

/** What a worker reports back once the chunk's file is in place. */
export interface ChunkDone {
  readonly rows: number;
  readonly failed: number;
  readonly ms: number;
  /** The chunk itself, when the task had no folder. */
  readonly result?: ChunkResult;
}

export interface SweepPool {
  readonly run: (task: ChunkTask) => Promise<ChunkDone>;
  readonly close: () => Promise<void>;
}

/**
 * A compiled worker script of dist/, e.g. `compiledWorkerFile(import.meta.url, 'sweep/sweep-worker.js')`: from
 * dist/ the file beside the caller's folder; under vitest (the caller is a src/ .ts file) the dist/ build the
 * test setup made.
 */
export function compiledWorkerFile(callerUrl: string, distPath: string): string {
  const url = callerUrl.endsWith('.ts') ? new URL(`../../dist/${distPath}`, callerUrl) : new URL(`../${distPath}`, callerUrl);
  const file = fileURLToPath(url);
  if (!existsSync(file)) throw new Error(`the compiled worker ${file} is missing; run \`npm run build\` first`);
  return file;
}

/** A fixed number of worker threads (piscina) running one compiled script, each given `workerData` once. */
export function createWorkerThreads<Task, Result>(filename: string, workers: number, workerData: unknown): { run: (task: Task) => Promise<Result>; close: () => Promise<void> } {
  const pool = new Piscina<Task, Result>({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData });
  return { run: (task) => pool.run(task), close: () => pool.close({ force: true }) };
}

/** The compiled sweep worker script. */
export function sweepWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'sweep/sweep-worker.js');
}

export function createSweepPool(workers: number, context: SweepRunContext): SweepPool {
  return createWorkerThreads<ChunkTask, ChunkDone>(sweepWorkerFile(), workers, context);
}
