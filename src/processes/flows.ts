// Flows (MODEL.md §3.8; Webber et al. 2016: users free to leave and re-enter, the circle that "spins off
// the page", peer support, and worker turnover that agency-held knowledge survives). Part of processes/.
// Stages: (1) disengagement (driven by trust and barriers), (2) re-entry (supportiveness and the remembered
// partnership) and drop-out, (3) graduation, (4) graduates becoming peer
// workers, (5) worker turnover with reassignment and knowledge loss, (6) filling vacancies.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, clamp01, popcount32, setBit } from '../model/run-state.js';
import { TieFlag, UserState } from '../model/codes.js';
import { userFactor } from './effects.js';
import { applyPartnershipStart, findWorkerWithCapacity } from './intake.js';
import { applyHireKnowledge } from './worker-networking.js';

function endPartnership(s: RunState, u: number, next: number, tick: number): void {
  const w = s.worker[u];
  if (w >= 0) s.workerCaseload[w]--;
  if (next === UserState.paused && w >= 0) {
    // The partnership that was is remembered: a re-entry with the same worker resumes part of it.
    s.pausedStrength[u] = s.strength[u];
    s.pausedTrust[u] = s.trust[u];
    s.pausedWorker[u] = w;
    s.pausedGeneration[u] = s.workerGeneration[w];
  }
  s.worker[u] = -1;
  s.state[u] = next;
  s.stateSince[u] = tick;
}

/** Alive ties of a user formed since baseline. */
export function countNewTies(s: RunState, u: number): number {
  let n = 0;
  for (const id of s.userTies[u]) if ((s.ties.flags[id] & (TieFlag.alive | TieFlag.baseline)) === TieFlag.alive) n++;
  return n;
}

/** A normal draw from two keyed uniforms (Box–Muller). */
function keyedNormal(s: RunState, stream: number, tick: number, a: number, b: number): number {
  const u1 = Math.max(1e-12, s.rng.uniform(stream, tick, a, 2 * b));
  const u2 = s.rng.uniform(stream, tick, a, 2 * b + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Fill worker slot w as a new hire (or a peer worker) in agency a. */
function applyHire(s: RunState, w: number, a: number, peerOf: number, tick: number): void {
  const pop = s.pop;
  const stream = s.rng.stream('hire');
  const g = ++s.workerGeneration[w];
  const key = w * 1024 + g;
  const src = peerOf >= 0 ? s.params.peerWorkers : s.params.workers;
  s.workerStatus[w] = WorkerStatus.active;
  s.workerAgency[w] = a;
  s.workerEmpathy[w] = clamp01(src.empathy.mean + src.empathy.sd * keyedNormal(s, stream, tick, key, 0));
  s.workerCanDo[w] = clamp01(src.canDo.mean + src.canDo.sd * keyedNormal(s, stream, tick, key, 1));
  s.workerNetworking[w] = clamp01(src.networking.mean + src.networking.sd * keyedNormal(s, stream, tick, key, 2));
  s.workerCapacity[w] = src.caseloadCapacity;
  s.workerCaseload[w] = 0;
  s.workerLived[w] = peerOf >= 0 ? 1 : 0;
  s.workerPerson[w] = peerOf >= 0 ? pop.userPerson[peerOf] : -1;
  applyHireKnowledge(s, w, a, peerOf, tick);
  const wb = s.workerBarrierTable;
  let mask = 0;
  for (let b = 0; b < wb.count; b++) if (s.rng.uniform(stream, tick, key, 50 + b) < wb.prevalence[b]) mask |= 1 << b;
  s.workerBarriers[w] = mask >>> 0;
}

export function applyFlows(s: RunState, tick: number): void {
  const F = s.params.flows;
  const pop = s.pop;
  const A = pop.agencies;
  const r = s.rng;
  const st = { leave: r.stream('disengagement'), back: r.stream('re-entry'), peer: r.stream('peer-worker'), turnover: r.stream('turnover') };
  for (let u = 0; u < pop.users; u++) {
    const state = s.state[u];
    if (state === UserState.engaged) {
      // 1. Disengagement: more likely with little trust in the partnership and with barriers that lower retention.
      const hazard = clamp01(F.disengagementRate * (1 + F.weakPartnershipEffect * (1 - s.trust[u])));
      const retention = (1 - hazard) * userFactor(s, u, 'retention');
      if (r.uniform(st.leave, tick, u) >= retention) {
        endPartnership(s, u, UserState.paused, tick);
        continue;
      }
      // 3. Graduation: network and confidence past thresholds.
      if (
        s.engagedWeeks[u] >= F.graduationMinWeeks &&
        s.confidence[u] >= F.graduationConfidence &&
        s.ownership[u] >= F.graduationOwnership &&
        countNewTies(s, u) >= F.graduationNewTies
      )
        endPartnership(s, u, UserState.graduated, tick);
    } else if (state === UserState.paused) {
      // 2. Re-entry, eased by a supportive agency and by the trust of the partnership that was (possibly with
      // another agency, where it starts afresh), or, after dropoutAfterWeeks without coming back, the user has
      // left the service for good: the pilot's "lost to follow-up" (ODD §7.9).
      const back = F.reentryRate * s.agencySupportiveness[s.agency[u]] * (1 + F.reentryTrustEffect * s.pausedTrust[u]);
      if (tick - s.stateSince[u] >= F.dropoutAfterWeeks) {
        s.state[u] = UserState.droppedOut;
        s.stateSince[u] = tick;
      } else if (r.uniform(st.back, tick, u, 0) < back) {
        if (A > 1 && r.uniform(st.back, tick, u, 1) < F.reentryElsewhere) {
          s.agency[u] = (s.agency[u] + 1 + Math.floor(r.uniform(st.back, tick, u, 2) * (A - 1))) % A;
          s.pausedWorker[u] = -1;
        }
        s.state[u] = UserState.waiting;
        s.stateSince[u] = tick;
      }
    } else if (state === UserState.graduated && s.peerWorkerOf[u] < 0 && s.params.intervention.enabled) {
      // 4. A graduate may become a peer worker, if the agency has room.
      if (r.uniform(st.peer, tick, u) < s.params.peerWorkers.rate) {
        const a = s.agency[u];
        let peers = 0;
        let free = -1;
        for (let w = pop.initialWorkers; w < s.workerStatus.length; w++) {
          if (s.workerStatus[w] === WorkerStatus.active && s.workerAgency[w] === a) peers++;
          else if (free < 0 && (s.workerStatus[w] === WorkerStatus.unused || s.workerStatus[w] === WorkerStatus.left)) free = w;
        }
        if (free >= 0 && peers < s.params.peerWorkers.maxPerAgency) {
          applyHire(s, free, a, u, tick);
          s.peerWorkerOf[u] = free;
        }
      }
    }
  }
  // 5. Worker turnover: the leaver's own knowledge goes, the agency's shared knowledge stays.
  const words = pop.knowledgeWords;
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active || r.uniform(st.turnover, tick, w, s.workerGeneration[w]) >= s.params.workers.turnoverRate) continue;
    const a = s.workerAgency[w];
    // Lost from the agency's reach: known to the leaver, and neither shared nor known to a colleague.
    let lost = 0;
    for (let i = 0; i < words; i++) {
      let kept = s.agencyKnowledge[a * words + i];
      for (let v = 0; v < s.workerStatus.length; v++)
        if (v !== w && s.workerStatus[v] === WorkerStatus.active && s.workerAgency[v] === a) kept |= s.workerKnowledge[v * words + i];
      lost += popcount32(s.workerKnowledge[w * words + i] & ~kept);
    }
    s.agencyKnowledgeLost[a] += lost;
    s.agencyLeavers[a]++;
    s.workerKnowledge.fill(0, w * words, (w + 1) * words);
    const peer = s.workerLived[w] === 1;
    if (peer && s.workerPerson[w] >= 0) {
      // The graduate is no longer a peer worker; the slot may be reused for another.
      const pu = pop.userOf[s.workerPerson[w]];
      if (pu >= 0 && s.peerWorkerOf[pu] === w) s.peerWorkerOf[pu] = -1;
      s.workerPerson[w] = -1;
    }
    s.workerStatus[w] = peer ? WorkerStatus.left : WorkerStatus.vacant;
    s.workerVacantUntil[w] = tick + s.params.workers.replacementDelayWeeks;
    s.workerCaseload[w] = 0;
    for (let u = 0; u < pop.users; u++) {
      if (s.worker[u] !== w) continue;
      s.worker[u] = -1;
      const w2 = findWorkerWithCapacity(s, a);
      if (w2 >= 0) applyPartnershipStart(s, u, w2, tick);
      else {
        s.state[u] = UserState.waiting;
        s.stateSince[u] = tick;
      }
    }
  }
  // 6. Vacancies are filled after the replacement delay.
  for (let w = 0; w < pop.initialWorkers; w++)
    if (s.workerStatus[w] === WorkerStatus.vacant && tick >= s.workerVacantUntil[w]) applyHire(s, w, s.workerAgency[w], -1, tick);
}

