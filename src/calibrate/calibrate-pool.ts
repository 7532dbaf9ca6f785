// The pool of worker threads that simulates a calibration's parameter sets (piscina 5, as the sweep's pool in
// sweep/worker-pool.ts). Tasks are cut into chunks, sent to the workers, and the results put back in task
// order, so the outcome never depends on the number of workers. With 0 workers everything runs in this thread.
// Part of calibrate/ (Node only).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { simulateStudy, type StudyContext, type StudyResult, type StudyTask } from './study-simulator.js';

export interface StudyPool {
  readonly simulate: (tasks: readonly StudyTask[]) => Promise<StudyResult[]>;
  readonly close: () => Promise<void>;
}

/** The compiled worker script (under vitest this file is src/…/calibrate-pool.ts and the worker is the dist/ build). */
export function calibrateWorkerFile(): string {
  const here = import.meta.url;
  const url = here.endsWith('.ts') ? new URL('../../dist/calibrate/calibrate-worker.js', here) : new URL('./calibrate-worker.js', here);
  const file = fileURLToPath(url);
  if (!existsSync(file)) throw new Error(`the compiled calibration worker ${file} is missing; run \`npm run build\` first`);
  return file;
}

export function createStudyPool(workers: number, context: StudyContext): StudyPool {
  if (workers === 0) {
    return { simulate: async (tasks) => tasks.map((t) => simulateStudy(context, t)), close: async () => {} };
  }
  const pool = new Piscina<readonly StudyTask[], StudyResult[]>({
    filename: calibrateWorkerFile(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: context,
  });
  return {
    simulate: async (tasks) => {
      // About four chunks per worker: balanced, with little messaging.
      const size = Math.max(1, Math.ceil(tasks.length / (workers * 4)));
      const chunks: Array<Promise<StudyResult[]>> = [];
      for (let i = 0; i < tasks.length; i += size) chunks.push(pool.run(tasks.slice(i, i + size)));
      return (await Promise.all(chunks)).flat();
    },
    close: () => pool.close({ force: true }),
  };
}
