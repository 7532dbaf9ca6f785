// The worker-thread entry of a replicates pool (piscina loads the compiled dist/sweep/replicates-worker.js): it
// compiles the scenario once from the pool's workerData, exactly as the main thread did, and runs one
// replicate per task, sending back only its series (engine/run-replicates.ts). Part of sweep/.
import { workerData } from 'piscina';
import { runReplicateSeries, type ReplicatesContext } from './replicates-pool.js';
import { compileScenario } from '../scenario/compile.js';
import type { ReplicateSeries } from '../engine/run-replicates.js';

const context = workerData as ReplicatesContext;
const scenario = compileScenario(context.chain, { set: context.set, setSource: context.setSource });

export default function runReplicate(replicate: number): ReplicateSeries {
  return runReplicateSeries(scenario, context, replicate);
}
