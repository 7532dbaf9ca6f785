// The worker-thread entry of a calibration's pool (piscina loads the compiled dist/calibrate/calibrate-worker.js):
// it keeps the study context from the pool's workerData and simulates a chunk of parameter sets per task.
// Part of calibrate/.
import { workerData } from 'piscina';
import { simulateStudy, type StudyContext, type StudyResult, type StudyTask } from './study-simulator.js';

const context = workerData as StudyContext;

export default function simulateChunk(tasks: readonly StudyTask[]): StudyResult[] {
  return tasks.map((t) => simulateStudy(context, t));
}
