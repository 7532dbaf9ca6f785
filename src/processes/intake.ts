// Referral and intake (MODEL.md §3.1; Webber et al. 2016, pre-requisites for partnership).
// Part of processes/. Referrals arrive at their tick; a waiting referral forms a partnership with the
// least-loaded worker of its agency who has capacity (a re-entering user their former worker, if still there),
// with a probability that grows with the pre-requisites the partnership rests on (the worker's empathy and can-do,
// the user's enthusiasm and ownership), weighed as in the partnership's target.
// Peer workers are workers: they take referrals, re-entries and reassignments like any other. A referral
// left waiting may give up (pause) each week.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus } from '../model/run-state.js';
import { UserState } from '../model/codes.js';
import { userFactor, workerFactor } from './effects.js';
import { partnershipBase } from './partnership.js';

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

/** The worker a re-entering user was with before the pause, if still in post at the agency with capacity, or -1. */
export function findRememberedWorker(s: RunState, u: number): number {
  const w = s.pausedWorker[u];
  if (w < 0 || s.workerStatus[w] !== WorkerStatus.active || s.workerGeneration[w] !== s.pausedGeneration[u]) return -1;
  return s.workerAgency[w] === s.agency[u] && s.workerCaseload[w] < s.workerCapacity[w] ? w : -1;
}

/**
 * Start a partnership between user u and worker w. With the worker of the partnership that was, part of it
 * resumes (an evolving relationship, Webber et al. 2016); with anyone else (re-entry elsewhere, a reassignment
 * after turnover) it starts afresh.
 */
export function applyPartnershipStart(s: RunState, u: number, w: number, tick: number): void {
  const P = s.params.partnership;
  s.state[u] = UserState.engaged;
  s.stateSince[u] = tick;
  s.worker[u] = w;
  s.workerCaseload[w]++;
  const resume = w === s.pausedWorker[u] && s.workerGeneration[w] === s.pausedGeneration[u] ? P.resumeShare : 0;
  s.strength[u] = P.initialStrength + resume * Math.max(0, s.pausedStrength[u] - P.initialStrength);
  s.trust[u] = P.initialTrust + resume * Math.max(0, s.pausedTrust[u] - P.initialTrust);
  s.pausedWorker[u] = -1;
}

/**
 * A referral still waiting for a partnership this week may give up and pause (free to re-enter, Webber et al.
 * 2016): so a slower start, from a poorer fit of the pre-requisites, no worker with room or an empty post, loses people.
 */
function applyWaitingGiveUp(s: RunState, u: number, stream: number, tick: number): void {
  if (s.rng.uniform(stream, tick, u) >= s.params.intake.giveUpRate) return;
  s.state[u] = UserState.paused;
  s.stateSince[u] = tick;
}

export function applyIntake(s: RunState, tick: number): void {
  const p = s.params.intake;
  const P = s.params.partnership;
  const stream = s.rng.stream('intake');
  const giveUp = s.rng.stream('waiting-give-up');
  for (let u = 0; u < s.pop.users; u++) {
    if (s.state[u] === UserState.notReferred && s.referralTick[u] <= tick) {
      s.state[u] = UserState.waiting;
      s.stateSince[u] = tick;
    }
    if (s.state[u] !== UserState.waiting || !s.params.intervention.enabled) continue;
    const remembered = findRememberedWorker(s, u);
    const w = remembered >= 0 ? remembered : findWorkerWithCapacity(s, s.agency[u]);
    if (w < 0) {
      applyWaitingGiveUp(s, u, giveUp, tick);
      continue;
    }
    // The pre-requisites a partnership rests on (Webber et al. 2016) decide whether it forms, with the same shares
    // as its target strength (partnership.*Weight) at the contact the worker plans: one statement of what the
    // pre-requisites weigh, a sum of shares, so more weight never lowers the fit.
    const fit = partnershipBase(P, s.workerEmpathy[w], s.workerCanDo[w], s.enthusiasm[u], s.ownership[u], 1);
    const prob = p.formationRate * fit * userFactor(s, u, 'intake') * workerFactor(s, w, 'intake');
    if (s.rng.uniform(stream, tick, u) < prob) applyPartnershipStart(s, u, w, tick);
    else applyWaitingGiveUp(s, u, giveUp, tick);
  }
}
