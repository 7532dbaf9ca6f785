// The pool of worker threads that runs a sweep's chunks (piscina 5). Part of sweep/ (Node only).
// Workers always run the compiled dist/sweep/sweep-worker.js: from dist/ that sits beside this file; under
// vitest this file is src/sweep/worker-pool.ts and the worker resolves to the dist/ build the test setup made.
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

/** The compiled worker script. */
export function sweepWorkerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/sweep/sweep-worker.js', here) : new URL('./sweep-worker.js', here);
  const file = fileURLToPath(url);
  if (!existsSync(file)) throw new Error(`the compiled sweep worker ${file} is missing; run \`npm run build\` first`);
  return file;
}

export function createSweepPool(workers: number, context: SweepRunContext): SweepPool {
  const pool = new Piscina<ChunkTask, ChunkDone>({
    filename: sweepWorkerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: context,
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.close({ force: true }),
  };
}
