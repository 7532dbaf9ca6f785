// Partnership dynamics and the two circles (MODEL.md §3.3; Webber et al. 2016: a partnership as equal as
// possible, and two interlocking circles that must spin together). Part of processes/.
// applyWorkerTime (its own step, before barrier dynamics, so barrier work uses this week's time): budget
// less bureaucracy against the caseload's contact and barrier hours, leaving networking time. Then, per
// engaged user, strength and trust move toward a target set by the pre-requisites, contact and lived
// experience, lowered by barriers; then the worker's and the user's momentum, and progress, which needs both.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, clamp01, popcount32 } from '../model/run-state.js';
import { UserState } from '../model/codes.js';
import { userFactor, workerFactor } from './effects.js';

/** Each worker's weekly time: share of the caseload's planned hours covered, and hours left for networking. */
export function applyWorkerTime(s: RunState, _tick = 0): void {
  const W = s.params.workers;
  const demand = s.scratch.workerDemand;
  demand.fill(0);
  for (let u = 0; u < s.pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] === UserState.engaged && w >= 0) demand[w] += W.contactHoursPerUser + W.barrierHoursPerBarrier * popcount32(s.barriers[u]);
  }
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active) {
      s.workerTimeShare[w] = 0;
      s.workerNetworkingHours[w] = 0;
      continue;
    }
    const budget = Math.max(0, W.timeBudgetHours * workerFactor(s, w, 'timeBudget') - W.bureaucracyHours * s.agencyBureaucracy[s.workerAgency[w]]);
    s.workerTimeShare[w] = demand[w] > 0 ? Math.min(1, budget / demand[w]) : 1;
    s.workerNetworkingHours[w] = Math.max(0, budget - demand[w]);
  }
}

export function applyPartnershipDynamics(s: RunState, _tick: number): void {
  const P = s.params.partnership;
  const wsum = P.empathyWeight + P.canDoWeight + P.enthusiasmWeight + P.ownershipWeight + P.contactWeight;
  for (let u = 0; u < s.pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] !== UserState.engaged || w < 0) {
      s.progress[u] = 0;
      s.userMomentum[u] = 0;
      s.workerMomentum[u] = 0;
      continue;
    }
    s.engagedWeeks[u]++;
    const contact = s.workerTimeShare[w];
    const base =
      wsum > 0
        ? (P.empathyWeight * s.workerEmpathy[w] +
            P.canDoWeight * s.workerCanDo[w] +
            P.enthusiasmWeight * s.enthusiasm[u] +
            P.ownershipWeight * s.ownership[u] +
            P.contactWeight * contact) /
          wsum
        : 1;
    const target = clamp01((base + (s.workerLived[w] ? P.livedExperienceBonus : 0)) * userFactor(s, u, 'partnership') * workerFactor(s, w, 'partnership'));
    s.strength[u] += P.adjustmentRate * (target - s.strength[u]);
    const trustTarget = s.strength[u] * userFactor(s, u, 'trust') * workerFactor(s, w, 'trust');
    s.trust[u] += P.trustRate * (trustTarget - s.trust[u]);
    const um = ((1 - P.userOwnershipWeight) * s.enthusiasm[u] + P.userOwnershipWeight * s.ownership[u]) * userFactor(s, u, 'userMomentum');
    const wm =
      s.workerCanDo[w] * contact * (1 - P.supportivenessWeight + P.supportivenessWeight * s.agencySupportiveness[s.agency[u]]) * workerFactor(s, w, 'workerMomentum');
    s.userMomentum[u] = um;
    s.workerMomentum[u] = wm;
    const joint = P.momentumCoupling === 'product' ? um * wm : P.momentumCoupling === 'minimum' ? Math.min(um, wm) : Math.sqrt(um * wm);
    s.progress[u] = s.strength[u] * joint;
  }
}
