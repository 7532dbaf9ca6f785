// The pool of worker threads that simulates a virtual trial's replicates: the sweep's thread pool
// (sweep/worker-pool.ts, piscina 5) running the trial worker. Replicates are cut into chunks and put back in
// replicate order, and each replicate's seed depends only on (root seed, design, replicate), so the results
// never depend on the number of workers. With 0 workers everything runs in this thread. Part of trial/ (Node only).
import { compiledWorkerFile, createWorkerThreads } from '../sweep/worker-pool.js';
import type { ScenarioSource } from '../scenario/compile.js';
import { TrialSimulator, type TrialReplicate, type TrialSpec, type TrialTask } from './trial-replicates.js';

export interface TrialPool {
  /** Replicates 0…count−1 of a spec, in order; `onProgress` after each chunk with the replicates done so far. */
  readonly simulate: <T extends TrialReplicate>(spec: TrialSpec, count: number, onProgress?: (done: number) => void) => Promise<T[]>;
  readonly workers: number;
  readonly close: () => Promise<void>;
}

export function trialWorkerFile(): string {
  return compiledWorkerFile(import.meta.url, 'trial/trial-worker.js');
}

/** Replicates per chunk: about eight chunks per worker (balance, and progress that moves), at most 50. */
export function trialChunkSize(count: number, workers: number): number {
  return Math.max(1, Math.min(50, Math.ceil(count / (Math.max(1, workers) * 8))));
}

export function createTrialPool(workers: number, chain: readonly ScenarioSource[]): TrialPool {
  if (workers === 0) {
    const sim = new TrialSimulator(chain);
    return {
      workers,
      simulate: async <T extends TrialReplicate>(spec: TrialSpec, count: number, onProgress?: (done: number) => void) => {
        const out: TrialReplicate[] = [];
        const size = trialChunkSize(count, 1);
        for (let s = 0; s < count; s += size) {
          out.push(...sim.run({ spec, start: s, end: Math.min(count, s + size) }));
          onProgress?.(out.length);
          // Let the event loop breathe between chunks (signals, progress output).
          await new Promise((r) => setImmediate(r));
        }
        return out as T[];
      },
      close: async () => {},
    };
  }
  const pool = createWorkerThreads<TrialTask, TrialReplicate[]>(trialWorkerFile(), workers, { chain });
  return {
    workers,
    simulate: async <T extends TrialReplicate>(spec: TrialSpec, count: number, onProgress?: (done: number) => void) => {
      const size = trialChunkSize(count, workers);
      let done = 0;
      const chunks: Array<Promise<TrialReplicate[]>> = [];
      for (let s = 0; s < count; s += size) {
        const end = Math.min(count, s + size);
        chunks.push(
          pool.run({ spec, start: s, end }).then((r) => {
            done += r.length;
            onProgress?.(done);
            return r;
          }),
        );
      }
      return (await Promise.all(chunks)).flat() as T[];
    },
    close: pool.close,
  };
}
