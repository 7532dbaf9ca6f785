// The five shared processes, the square at the centre of the CPI model (MODEL.md §3.4; Webber et al. 2016):
// network and asset assessment, objective development, inspiration, sign-posting and facilitated
// engagement, skill recognition and feedback. Part of processes/. Each fires per engaged user with
// probability ∝ progress × agency fidelity, lowered by barriers. Sign-posting picks a node from the
// worker's knowledge ∪ the agency's shared knowledge (weighted by supportiveness); high fidelity favours
// mainstream nodes. After assessment the worker also helps renew weak existing ties (deepening). Each process
// delivered strengthens the partnership ("the partnership is evident in the shared processes").
import type { RunState } from '../model/run-state.js';
import { hasBit } from '../model/run-state.js';
import { SHARED_PROCESSES, TieFlag, UserState } from '../model/codes.js';
import { userFactor, workerFactor } from './effects.js';
import { addEngagedNode, applyArrival, culturalFactor } from './attendance.js';
import { guidingInterests } from './worker-networking.js';

const K = SHARED_PROCESSES.length;
const ASSESSMENT = SHARED_PROCESSES.indexOf('assessment');
const OBJECTIVE = SHARED_PROCESSES.indexOf('objectiveDevelopment');
const INSPIRATION = SHARED_PROCESSES.indexOf('inspiration');
const SIGNPOSTING = SHARED_PROCESSES.indexOf('signposting');
const SKILLS = SHARED_PROCESSES.indexOf('skillRecognition');

/** Pick a set bit of a mask uniformly with uniform x, or -1 for an empty mask. */
function pickBit(mask: number, x: number): number {
  let n = 0;
  for (let m = mask >>> 0; m; m &= m - 1) n++;
  if (n === 0) return -1;
  let k = Math.floor(x * n);
  for (let b = 0; b < 32; b++)
    if (mask & (1 << b)) {
      if (k === 0) return b;
      k--;
    }
  return -1;
}

/**
 * Choose a node for sign-posting from what the worker knows ∪ the agency's shared knowledge (weighted by
 * agencyKnowledgeWeight × supportiveness); -1 when neither knows anywhere new for the user. Webber et al.
 * 2016: the worker finds out "what resources … are available to assist the service user to achieve their
 * goal", and activities are "ideally … in the local community rather than … confined to health or social
 * care services". So: (1) nodes the user already goes to through the intervention are not sign-posted
 * again, and with little knowledge there may be nowhere left; (2) a node matching the goal set with the
 * user is (1 + goalMatchWeight) times as likely, and when nothing known matches the goal the worker falls
 * back to a node that matches less only at those odds (else sign-posts nothing this week); (3) a mainstream node is (1 + mainstreamPreference ×
 * fidelity) times as likely. Both weights only add.
 */
export function chooseSignpostNode(s: RunState, u: number, w: number, x: number): number {
  const pop = s.pop;
  const P = s.params.processes;
  const a = s.agency[u];
  const words = pop.knowledgeWords;
  const fid = s.agencyFidelity[a];
  const agencyWeight = P.agencyKnowledgeWeight * s.agencySupportiveness[a];
  const goal = guidingInterests(s, u);
  const lo = pop.agencyNodeOffsets[a];
  const hi = pop.agencyNodeOffsets[a + 1];
  const base = u * s.maxNodes;
  let total = 0;
  let matched = 0;
  // Two passes (sum, then select) keep this allocation-free and its result independent of order.
  for (let pass = 0; pass < 2; pass++) {
    let acc = 0;
    // With a goal set and nothing known that matches it, the worker goes ahead with another node only at the
    // odds a non-matching node has against a matching one, 1 : (1 + goalMatchWeight); otherwise they keep
    // looking (their search is guided by the goal, see worker-networking.ts) and sign-post nothing this week.
    const wait = pass === 1 && goal !== 0 && matched === 0 ? total * P.goalMatchWeight : 0;
    const target = x * (total + wait);
    if (target >= total && wait > 0) return -1;
    for (let j = lo; j < hi; j++) {
      const c = pop.agencyNodes[j];
      let wgt = w >= 0 && hasBit(s.workerKnowledge, w, words, c) ? 1 : 0;
      if (hasBit(s.agencyKnowledge, a, words, c)) wgt += agencyWeight;
      if (wgt === 0) continue;
      let already = false;
      for (let k = 0; k < s.maxNodes; k++) if (s.engagedNodes[base + k] === c && s.engagedVia[base + k]) already = true;
      if (already) continue;
      if (pop.nodeMainstream[c]) wgt *= 1 + P.mainstreamPreference * fid;
      if (pop.nodeInterests[c] & goal) {
        wgt *= 1 + P.goalMatchWeight;
        matched++;
      }
      if (pass === 0) total += wgt;
      else {
        acc += wgt;
        if (acc > target) return c;
      }
    }
    if (total <= 0) return -1;
  }
  return -1;
}

export function applySharedProcesses(s: RunState, tick: number): void {
  const P = s.params.processes;
  const A = s.params.attendance;
  const pop = s.pop;
  const I = pop.interestCount;
  const allInterests = I >= 32 ? 0xffffffff : (1 << I) - 1;
  const st = {
    assessment: s.rng.stream('assessment'),
    objective: s.rng.stream('objective-development'),
    inspiration: s.rng.stream('inspiration'),
    signposting: s.rng.stream('signposting'),
    skills: s.rng.stream('skill-recognition'),
    reconnection: s.rng.stream('reconnection'),
  };
  for (let u = 0; u < pop.users; u++) {
    const w = s.worker[u];
    if (s.state[u] !== UserState.engaged || w < 0) continue;
    const base = s.progress[u] * s.agencyFidelity[s.agency[u]];
    if (base <= 0) continue;
    const f = (t: Parameters<typeof userFactor>[2]) => base * userFactor(s, u, t) * workerFactor(s, w, t);
    let delivered = 0;

    // 1. Network and asset assessment: the worker learns the user's interests and existing ties.
    if (s.rng.uniform(st.assessment, tick, u) < P.assessmentRate * f('assessment')) {
      s.assessed[u] = 1;
      s.processCounts[u * K + ASSESSMENT]++;
      delivered++;
    }
    // 2. Objective development: a goal among the user's interests (any interest before assessment).
    if (s.rng.uniform(st.objective, tick, u, 0) < P.objectiveRate * f('objectiveDevelopment')) {
      const pool = s.assessed[u] && s.userInterests[u] ? s.userInterests[u] : allInterests;
      const b = pickBit(pool, s.rng.uniform(st.objective, tick, u, 1));
      if (b >= 0) s.goal[u] = (1 << b) >>> 0;
      s.processCounts[u * K + OBJECTIVE]++;
      delivered++;
    }
    // 3. Inspiration: a new interest.
    if (s.rng.uniform(st.inspiration, tick, u, 0) < P.inspirationRate * f('inspiration')) {
      const b = pickBit(allInterests & ~s.userInterests[u], s.rng.uniform(st.inspiration, tick, u, 1));
      if (b >= 0) {
        s.userInterests[u] = (s.userInterests[u] | (1 << b)) >>> 0;
        if (!s.goal[u]) s.goal[u] = (1 << b) >>> 0;
      }
      s.processCounts[u * K + INSPIRATION]++;
      delivered++;
    }
    // 4. Sign-posting and facilitated engagement: the worker goes along the first time.
    if (s.rng.uniform(st.signposting, tick, u, 0) < P.signpostingRate * f('signposting')) {
      const c = chooseSignpostNode(s, u, w, s.rng.uniform(st.signposting, tick, u, 1));
      if (c >= 0) {
        // Counted only when there was somewhere to sign-post to (it feeds the fidelity rating).
        s.processCounts[u * K + SIGNPOSTING]++;
        delivered++;
        const slot = addEngagedNode(s, u, c, true);
        const p = A.facilitatedRate * userFactor(s, u, 'attendance') * culturalFactor(s, u, c, 'attendance');
        if (slot >= 0 && s.rng.uniform(st.signposting, tick, u, 2) < p) {
          s.scratch.lastVisit[u * s.maxNodes + slot] = tick;
          applyArrival(s, u, c, true, tick, 0);
        }
      }
    }
    // 5. Skill recognition and feedback: confidence and ownership grow.
    if (s.rng.uniform(st.skills, tick, u) < P.skillRecognitionRate * f('skillRecognition')) {
      s.confidence[u] += P.confidenceGain * (1 - s.confidence[u]) * userFactor(s, u, 'confidenceGrowth');
      s.ownership[u] += P.ownershipGain * (1 - s.ownership[u]);
      s.processCounts[u * K + SKILLS]++;
      delivered++;
    }
    // "The partnership is evident in the shared processes" (Webber et al. 2016): each process delivered this
    // week strengthens the partnership and its trust, so fidelity, which scales the processes, reaches them.
    for (let k = 0; k < delivered; k++) {
      s.strength[u] += s.params.partnership.processStrengthGain * (1 - s.strength[u]);
      s.trust[u] += s.params.partnership.processTrustGain * (1 - s.trust[u]);
    }
    // Deepening: after assessment, a weak existing tie is renewed with the worker's encouragement.
    if (s.assessed[u] && s.rng.uniform(st.reconnection, tick, u, 0) < P.reconnectionRate * base) {
      const list = s.userTies[u];
      // Its own threshold: ties.weakThreshold only sorts ties when they are counted.
      const thr = P.reconnectionThreshold;
      let n = 0;
      for (const id of list) if (s.ties.flags[id] & TieFlag.alive && s.ties.strength[id] < thr) n++;
      if (n > 0) {
        let k = Math.floor(s.rng.uniform(st.reconnection, tick, u, 1) * n);
        for (const id of list)
          if (s.ties.flags[id] & TieFlag.alive && s.ties.strength[id] < thr && k-- === 0) {
            s.ties.strength[id] += P.reconnectionStrengthening * (1 - s.ties.strength[id]);
            s.ties.lastContact[id] = tick;
            break;
          }
      }
    }
  }
}
