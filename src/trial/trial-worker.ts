// The worker-thread entry of the trial pool (piscina loads the compiled dist/trial/trial-worker.js): it keeps
// the scenario chain from the pool's workerData and simulates a chunk of replicates per task. Part of trial/.
import { workerData } from 'piscina';
import type { ScenarioSource } from '../scenario/compile.js';
import { TrialSimulator, type TrialReplicate, type TrialTask } from './trial-replicates.js';

const simulator = new TrialSimulator((workerData as { chain: ScenarioSource[] }).chain);

export default function simulateChunk(task: TrialTask): TrialReplicate[] {
  return simulator.run(task);
}
