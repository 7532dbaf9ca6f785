// Referral and intake (MODEL.md §3.1; Webber et al. 2016, pre-requisites for partnership).
// Part of processes/. Referrals arrive at their tick; a waiting referral forms a partnership with the
// least-loaded worker of its agency who has capacity, with a probability that grows with the worker's
// empathy, can-do and networking and the user's enthusiasm.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus } from '../model/run-state.js';
import { UserState } from '../model/codes.js';
import { userFactor, workerFactor } from './effects.js';

/** The active worker of an agency with spare capacity and the lowest caseload, or -1. */
export function findWorkerWithCapacity(s: RunState, agency: number): number {
  let best = -1;
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active || s.workerAgency[w] !== agency) continue;
    if (s.workerCaseload[w] >= s.workerCapacity[w]) continue;
    if (best < 0 || s.workerCaseload[w] < s.workerCaseload[best]) best = w;
  }
  return best;
}

/** Start a partnership between user u and worker w. */
export function applyPartnershipStart(s: RunState, u: number, w: number, tick: number): void {
  s.state[u] = UserState.engaged;
  s.stateSince[u] = tick;
  s.worker[u] = w;
  s.workerCaseload[w]++;
  s.strength[u] = s.params.partnership.initialStrength;
  s.trust[u] = s.params.partnership.initialTrust;
}

export function applyIntake(s: RunState, tick: number): void {
  const p = s.params.intake;
  const stream = s.rng.stream('intake');
  const wsum = p.empathyWeight + p.canDoWeight + p.networkingWeight + p.enthusiasmWeight;
  for (let u = 0; u < s.pop.users; u++) {
    if (s.state[u] === UserState.notReferred && s.referralTick[u] <= tick) {
      s.state[u] = UserState.waiting;
      s.stateSince[u] = tick;
    }
    if (s.state[u] !== UserState.waiting || !s.params.intervention.enabled) continue;
    const w = findWorkerWithCapacity(s, s.agency[u]);
    if (w < 0) continue;
    const fit =
      wsum > 0
        ? (p.empathyWeight * s.workerEmpathy[w] + p.canDoWeight * s.workerCanDo[w] + p.networkingWeight * s.workerNetworking[w] + p.enthusiasmWeight * s.enthusiasm[u]) / wsum
        : 1;
    const prob = p.formationRate * fit * userFactor(s, u, 'intake') * workerFactor(s, w, 'intake');
    if (s.rng.uniform(stream, tick, u) < prob) applyPartnershipStart(s, u, w, tick);
  }
}
