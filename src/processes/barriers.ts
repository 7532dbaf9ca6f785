// Barrier dynamics (MODEL.md §3.2 and §4; Webber et al. 2016, the two counter-rotating circles).
// Part of processes/. Each barrier of each user and worker switches on at its onset rate and off at its
// resolution rate; a worker's time spent tackling a user's barrier raises that barrier's resolution rate.
// A worker's lack of local knowledge follows what they know (MODEL.md §8): it sets in at onsetRate × the
// share of the agency's reach they do not know, and resolves at resolutionRate × the share they know.
import type { RunState } from '../model/run-state.js';
import { LACK_KNOWLEDGE_BARRIER, WorkerStatus, knownShare } from '../model/run-state.js';
import { UserState } from '../model/codes.js';

export function applyBarrierDynamics(s: RunState, tick: number): void {
  const ub = s.userBarrierTable;
  const boost = s.params.barriers.tacklingBoost;
  const hoursPer = s.params.workers.barrierHoursPerBarrier;
  const us = s.rng.stream('user-barriers');
  for (let u = 0; u < s.pop.users; u++) {
    if (s.state[u] === UserState.notReferred) continue;
    const g = 1 << s.pop.group[s.pop.userPerson[u]];
    const w = s.worker[u];
    // Hours the worker could give each barrier this week (scaled by how much of the caseload they can cover).
    const hours = s.state[u] === UserState.engaged && w >= 0 ? hoursPer * s.workerTimeShare[w] : 0;
    let mask = s.barriers[u];
    for (let b = 0; b < ub.count; b++) {
      if (!(ub.groupMask[b] & g)) continue;
      const x = s.rng.uniform(us, tick, u, b);
      if (mask & (1 << b)) {
        if (x < Math.min(1, ub.resolution[b] * (1 + boost * hours))) mask &= ~(1 << b);
      } else if (x < ub.onset[b]) mask |= 1 << b;
    }
    s.barriers[u] = mask >>> 0;
  }
  const wb = s.workerBarrierTable;
  const ws = s.rng.stream('worker-barriers');
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active) continue;
    let mask = s.workerBarriers[w];
    const known = LACK_KNOWLEDGE_BARRIER >= 0 ? knownShare(s.pop, s.workerKnowledge, w, s.workerAgency[w]) : 1;
    for (let b = 0; b < wb.count; b++) {
      const x = s.rng.uniform(ws, tick, w, s.workerGeneration[w] * 64 + b);
      const k = b === LACK_KNOWLEDGE_BARRIER;
      if (mask & (1 << b)) {
        if (x < wb.resolution[b] * (k ? known : 1)) mask &= ~(1 << b);
      } else if (x < wb.onset[b] * (k ? 1 - known : 1)) mask |= 1 << b;
    }
    s.workerBarriers[w] = mask >>> 0;
  }
}
