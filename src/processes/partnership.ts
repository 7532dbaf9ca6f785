// Partnership dynamics and the two circles (MODEL.md §3.3; Webber et al. 2016: a partnership as equal as
// possible, and two interlocking circles that must spin together). Part of processes/.
// applyWorkerTime (its own step, before barrier dynamics, so barrier work uses this week's time): budget
// less bureaucracy against the caseload's contact and barrier hours, leaving networking time. Then, per
// engaged user, strength and trust move toward a target set by the pre-requisites, contact received (in hours)
// and lived experience (the worker's or a peer supporter's), lowered by barriers; the shared processes delivered
// raise them further (shared-processes.ts). Then the two momenta, and progress, which needs both.
// Each week the worker time a user receives is also recorded (applyTimeReceived), for costing only.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, clamp01, popcount32 } from '../model/run-state.js';
import { UserState } from '../model/codes.js';
import { userFactor, workerFactor } from './effects.js';

/** Each worker's weekly time: the share of the planned hours (caseload and networking) covered, and the networking hours. */
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
    // The worker plans the caseload's hours and some networking (the worker's circle, Webber et al. 2016); when the
    // budget falls short both are cut pro rata, so insufficient time leaves less contact for each user and less
    // time for networking, as the paper's barrier says. Hours left over also go to networking.
    const planned = demand[w] + W.networkingHoursPlanned;
    const share = planned > 0 ? Math.min(1, budget / planned) : 1;
    s.workerTimeShare[w] = share;
    s.workerNetworkingHours[w] = Math.max(0, budget - share * demand[w]);
  }
  applyTimeReceived(s);
}

/**
 * Record the worker time each engaged user receives this week, for costing (issue 16): the hours the worker
 * planned for them (contact and barrier work) times the share of the plan their time covers, credited to a
 * staff or a peer worker. A week with hours > 0 is one contact. Only recorded, never read back by a process.
 */
export function applyTimeReceived(s: RunState): void {
  const W = s.params.workers;
  for (let u = 0; u < s.pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] !== UserState.engaged || w < 0) continue;
    const hours = s.workerTimeShare[w] * (W.contactHoursPerUser + W.barrierHoursPerBarrier * popcount32(s.barriers[u]));
    if (!(hours > 0)) continue;
    if (s.workerLived[w]) s.peerHours[u] += hours;
    else s.staffHours[u] += hours;
    s.contactWeeks[u]++;
  }
}

/**
 * Peer support (Webber et al. 2016: "peer support: users move from the right circle to the left"; lived
 * experience is one of the qualities of the partnership): each active peer worker works with up to its
 * caseload capacity of users, first its own caseload, then, with the capacity left, as peer support alongside
 * the worker of engaged users of its agency, in user order so that the same users keep their peer supporter.
 */
export function applyPeerSupport(s: RunState): void {
  s.peerSupport.fill(-1);
  const first = s.pop.initialWorkers;
  let any = false;
  for (let w = first; w < s.workerStatus.length; w++) if (s.workerStatus[w] === WorkerStatus.active && s.workerLived[w]) any = true;
  if (!any) return;
  const spare = new Int32Array(s.workerStatus.length);
  for (let w = first; w < s.workerStatus.length; w++)
    if (s.workerStatus[w] === WorkerStatus.active && s.workerLived[w]) spare[w] = Math.max(0, s.workerCapacity[w] - s.workerCaseload[w]);
  for (let u = 0; u < s.pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] !== UserState.engaged || w < 0 || s.workerLived[w]) continue;
    const a = s.agency[u];
    for (let p = first; p < s.workerStatus.length; p++)
      if (spare[p] > 0 && s.workerAgency[p] === a && s.workerStatus[p] === WorkerStatus.active && s.workerLived[p]) {
        s.peerSupport[u] = p;
        spare[p]--;
        break;
      }
  }
}

/** Contact received, 0–1: hours received (planned hours × the share the worker's time covers) against the reference. */
export function contactReceived(s: RunState, w: number): number {
  const hours = s.params.workers.contactHoursPerUser * s.workerTimeShare[w];
  return 1 - Math.exp(-hours / s.params.partnership.contactReferenceHours);
}

/**
 * The partnership target before lived experience and barriers: a sum of shares, each weight the share of the
 * full target its attribute gives at its maximum, at most 1. More weight never lowers it (MODEL.md §8).
 */
export function partnershipBase(P: RunState['params']['partnership'], empathy: number, canDo: number, enthusiasm: number, ownership: number, contact: number): number {
  return clamp01(P.empathyWeight * empathy + P.canDoWeight * canDo + P.enthusiasmWeight * enthusiasm + P.ownershipWeight * ownership + P.contactWeight * contact);
}

export function applyPartnershipDynamics(s: RunState, _tick: number): void {
  const P = s.params.partnership;
  applyPeerSupport(s);
  for (let u = 0; u < s.pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] !== UserState.engaged || w < 0) {
      s.progress[u] = 0;
      s.userMomentum[u] = 0;
      s.workerMomentum[u] = 0;
      continue;
    }
    s.engagedWeeks[u]++;
    if (s.peerSupport[u] >= 0) s.peerSupportWeeks[u]++;
    const contact = contactReceived(s, w);
    const base = partnershipBase(P, s.workerEmpathy[w], s.workerCanDo[w], s.enthusiasm[u], s.ownership[u], contact);
    // Lived experience, the worker's own or a peer supporter's, adds to the partnership and to its trust and hope.
    const lived = s.workerLived[w] || s.peerSupport[u] >= 0 ? P.livedExperienceBonus : 0;
    const target = clamp01((base + lived) * userFactor(s, u, 'partnership') * workerFactor(s, w, 'partnership'));
    s.strength[u] += P.adjustmentRate * (target - s.strength[u]);
    const trustTarget = clamp01(s.strength[u] + lived) * userFactor(s, u, 'trust') * workerFactor(s, w, 'trust');
    s.trust[u] += P.trustRate * (trustTarget - s.trust[u]);
    // Weights that only add: ownership adds to what enthusiasm leaves; supportiveness multiplies up the worker's circle.
    const um = (1 - (1 - s.enthusiasm[u]) * (1 - P.userOwnershipWeight * s.ownership[u])) * userFactor(s, u, 'userMomentum');
    const wm = clamp01(s.workerCanDo[w] * contact * (1 + P.supportivenessWeight * s.agencySupportiveness[s.agency[u]])) * workerFactor(s, w, 'workerMomentum');
    s.userMomentum[u] = um;
    s.workerMomentum[u] = wm;
    const joint = P.momentumCoupling === 'product' ? um * wm : P.momentumCoupling === 'minimum' ? Math.min(um, wm) : Math.sqrt(um * wm);
    s.progress[u] = s.strength[u] * joint;
  }
}
