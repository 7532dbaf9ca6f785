// The worker-thread entry of a sweep's pool (piscina loads the compiled dist/sweep/sweep-worker.js): it
// builds a run executor once from the pool's workerData, and for each task runs one chunk of runs and
// writes it into the folder's .partial/ itself (temp file, then rename), so only a few counts travel back
// to the main thread, not the rows; pre-flight runs (no folder yet) go back whole. Part of sweep/.
import { workerData } from 'piscina';
import { createRunExecutor, type SweepRunContext } from './sweep-runs.js';
import { writeChunk } from './sweep-folder.js';
import type { ChunkTask, ChunkDone } from './worker-pool.js';

const execute = createRunExecutor(workerData as SweepRunContext);

export default function runChunk(task: ChunkTask): ChunkDone {
  const result = execute(task.runs);
  if (task.dir === undefined) return { rows: result.rows, failed: result.failed, ms: result.ms, result };
  writeChunk(task.dir, task.start, task.end, result);
  return { rows: result.rows, failed: result.failed, ms: result.ms };
}
