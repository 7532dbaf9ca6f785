// The worker's circle (MODEL.md §3.6; Webber et al. 2016: develop and remember own networks, identify
// opportunities). Part of processes/. With the hours left after contact, barrier work and bureaucracy,
// a worker discovers community nodes (∝ networking skill and agency community engagement) and shares
// nodes they know into the agency's knowledge (∝ skill sharing), which survives their leaving.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, hasBit, setBit } from '../model/run-state.js';
import { samplePoisson } from '../rng/index.js';
import { workerFactor } from './effects.js';

export function applyWorkerNetworking(s: RunState, tick: number): void {
  const W = s.params.workers;
  const pop = s.pop;
  const words = pop.knowledgeWords;
  const disc = s.rng.stream('discovery');
  const share = s.rng.stream('knowledge-sharing');
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active) continue;
    const a = s.workerAgency[w];
    const lo = pop.agencyNodeOffsets[a];
    const n = pop.agencyNodeOffsets[a + 1] - lo;
    // 1. Discovery.
    const expected = s.workerNetworkingHours[w] * W.discoveryPerHour * s.workerNetworking[w] * s.agencyEngagement[a] * workerFactor(s, w, 'discovery');
    let k = 0;
    const found = n > 0 ? samplePoisson(expected, () => s.rng.uniform(disc, tick, w, k++)) : 0;
    for (let i = 0; i < found; i++) setBit(s.workerKnowledge, w, words, pop.agencyNodes[lo + Math.floor(s.rng.uniform(disc, tick, w, k++) * n)]);
    // 2. Sharing into the agency's knowledge.
    const p = W.sharingRate * s.agencySkillSharing[a] * workerFactor(s, w, 'knowledgeSharing');
    if (p <= 0) continue;
    for (let j = lo; j < lo + n; j++) {
      const c = pop.agencyNodes[j];
      if (hasBit(s.workerKnowledge, w, words, c) && !hasBit(s.agencyKnowledge, a, words, c) && s.rng.uniform(share, tick, w, c) < p)
        setBit(s.agencyKnowledge, a, words, c);
    }
  }
}
