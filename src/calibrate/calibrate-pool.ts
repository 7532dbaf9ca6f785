// The pool of worker threads that simulates a calibration's parameter sets: the sweep's thread pool
// (sweep/worker-pool.ts, piscina 5) running the calibration worker. Tasks are cut into chunks, sent to the
// workers, and the results put back in task order, so the outcome never depends on the number of workers. With 0 workers everything runs in this thread.
// Part of calibrate/ (Node only).
import { compiledWorkerFile, createWorkerThreads } from '../sweep/worker-pool.js';
import { simulateStudy, type StudyContext, type StudyResult, type StudyTask } from './study-simulator.js';

export interface StudyPool {
  readonly simulate: (tasks: readonly StudyTask[]) => Promise<StudyResult[]>;
  readonly close: () => Promise<void>;
}

/** The compiled calibration worker script. */
export function calibrateWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'calibrate/calibrate-worker.js');
}

export function createStudyPool(workers: number, context: StudyContext): StudyPool {
  if (workers === 0) {
    return { simulate: async (tasks) => tasks.map((t) => simulateStudy(context, t)), close: async () => {} };
  }
  const pool = createWorkerThreads<readonly StudyTask[], StudyResult[]>(calibrateWorkerFile(), workers, context);
  return {
    simulate: async (tasks) => {
      // About four chunks per worker: balanced, with little messaging.
      const size = Math.max(1, Math.ceil(tasks.length / (workers * 4)));
      const chunks: Array<Promise<StudyResult[]>> = [];
      for (let i = 0; i < tasks.length; i += size) chunks.push(pool.run(tasks.slice(i, i + size)));
      return (await Promise.all(chunks)).flat();
    },
    close: pool.close,
  };
}
