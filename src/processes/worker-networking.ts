// The worker's circle (MODEL.md §3.6; Webber et al. 2016: develop and remember own networks, identify
// opportunities, "find out what resources … are available to assist the service user to achieve their
// goal"). Part of processes/. With the hours left after contact, barrier work and bureaucracy, a worker
// discovers nodes, service-based and mainstream alike (∝ networking skill and agency community engagement),
// guided by the goals of their caseload, and shares nodes they know into the agency's knowledge
// (∝ skill sharing), which survives their leaving; a new worker starts knowing only part of the agency's reach.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, hasBit, setBit } from '../model/run-state.js';
import { samplePoisson } from '../rng/index.js';
import { workerFactor } from './effects.js';
import { UserState } from '../model/codes.js';

/**
 * What worker w knows when hired into agency a (flows.ts, applyHire): a peer worker knows the nodes they
 * went to; a new member of staff knows each node the agency reaches with probability
 * workers.initialKnowledge, as the first staff did (run-state.ts). Keyed by the hire (w's generation).
 */
export function applyHireKnowledge(s: RunState, w: number, a: number, peerOf: number, tick: number): void {
  const pop = s.pop;
  const words = pop.knowledgeWords;
  s.workerKnowledge.fill(0, w * words, (w + 1) * words);
  if (peerOf >= 0) {
    for (let j = 0; j < s.maxNodes; j++) {
      const c = s.engagedNodes[peerOf * s.maxNodes + j];
      if (c >= 0) setBit(s.workerKnowledge, w, words, c);
    }
    return;
  }
  const st = s.rng.stream('hire-knowledge');
  const key = w * 1024 + s.workerGeneration[w];
  for (let j = pop.agencyNodeOffsets[a]; j < pop.agencyNodeOffsets[a + 1]; j++) {
    const c = pop.agencyNodes[j];
    if (s.rng.uniform(st, tick, key, c) < s.params.workers.initialKnowledge) setBit(s.workerKnowledge, w, words, c);
  }
}

/**
 * The interests a user's sign-posting and their worker's search are guided by: the goal set with them in
 * objective development (or first inspired); none before one is set, when the worker has nothing to aim at.
 */
export const guidingInterests = (s: RunState, u: number): number => s.goal[u];

export function applyWorkerNetworking(s: RunState, tick: number): void {
  const W = s.params.workers;
  const pop = s.pop;
  const words = pop.knowledgeWords;
  const disc = s.rng.stream('discovery');
  const share = s.rng.stream('knowledge-sharing');
  const odds = 1 + s.params.processes.goalMatchWeight;
  // 0. The goals of each worker's caseload, which guide where they look.
  const caseGoals = s.scratch.workerGoals;
  caseGoals.fill(0);
  for (let u = 0; u < pop.users; u++) {
    const w = s.worker[u];
    if (w >= 0 && s.state[u] === UserState.engaged) caseGoals[w] |= guidingInterests(s, u);
  }
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active) continue;
    const a = s.workerAgency[w];
    const lo = pop.agencyNodeOffsets[a];
    const n = pop.agencyNodeOffsets[a + 1] - lo;
    // 1. Discovery of nodes the worker does not know yet: one matching a goal of the caseload is
    //    (1 + goalMatchWeight) times as likely to be found.
    const expected = s.workerNetworkingHours[w] * W.discoveryPerHour * s.workerNetworking[w] * s.agencyEngagement[a] * workerFactor(s, w, 'discovery');
    let k = 0;
    const found = n > 0 ? samplePoisson(expected, () => s.rng.uniform(disc, tick, w, k++)) : 0;
    if (found > 0) {
      // What is found is something the worker did not know yet; when they know everything, nothing is new.
      const goals = caseGoals[w];
      const weight = (c: number) => (hasBit(s.workerKnowledge, w, words, c) ? 0 : pop.nodeInterests[c] & goals ? odds : 1);
      for (let i = 0; i < found; i++) {
        let total = 0;
        for (let j = lo; j < lo + n; j++) total += weight(pop.agencyNodes[j]);
        if (total <= 0) break;
        let x = s.rng.uniform(disc, tick, w, k++) * total;
        let c = -1;
        for (let j = lo; j < lo + n; j++) {
          const wt = weight(pop.agencyNodes[j]);
          if (wt > 0) c = pop.agencyNodes[j];
          x -= wt;
          if (x < 0) break;
        }
        setBit(s.workerKnowledge, w, words, c);
      }
    }
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
