// Per-service-user outcome measures (MODEL.md §5): network size and composition, ties via the
// intervention and outside services, deepened and lost ties, Lin's position-generator indices (Lin 2001),
// the resource-generator score and its four RG-UK subscales (Webber & Huxley 2007), confidence,
// participation, wellbeing and social-inclusion proxies, contribution to others, ego-network clustering,
// and the worker time received (resource use, for costing). Part of metrics/: pure readers of a RunState;
// they never draw random numbers.
import type { RunState } from '../model/run-state.js';
import { popcount32 } from '../model/run-state.js';
import { SHARED_PROCESSES, TieFlag, TieKind, UserState } from '../model/codes.js';
import { USER_BARRIERS } from '../scenario/parameters.js';
import { createPositionScratch, measurePositionIndices } from './position-indices.js';
import { measureResourceScore } from './resource-score.js';

export const USER_MEASURES = [
  'network_size',
  'new_ties',
  'ties_formed',
  'ties_lost',
  'weak_ties',
  'strong_ties',
  'family_ties',
  'friend_ties',
  'acquaintance_ties',
  'via_intervention_ties',
  'outside_services_ties',
  'deepened_ties',
  'extensity',
  'upper_reachability',
  'prestige_range',
  'average_prestige',
  'rg_total',
  'rg_domestic',
  'rg_expert_advice',
  'rg_personal_skills',
  'rg_problem_solving',
  'social_confidence',
  'ownership',
  'participation',
  'mainstream_share',
  'interest_match_share',
  'wellbeing',
  'social_inclusion',
  'contribution',
  'active_barriers',
  'fidelity_rating',
  'partnership_strength',
  'partnership_trust',
  'progress',
  'ego_clustering',
  // Resource use since referral, for costing (issue 16): appended so earlier columns keep their places.
  'worker_hours',
  'peer_worker_hours',
  'worker_contacts',
  'peer_support_weeks',
] as const;
export type UserMeasure = (typeof USER_MEASURES)[number];
export const UM: Readonly<Record<UserMeasure, number>> = Object.fromEntries(USER_MEASURES.map((m, i) => [m, i])) as Record<UserMeasure, number>;

const SELF_STIGMA = USER_BARRIERS.indexOf('selfStigma');
const DISCRIMINATION = USER_BARRIERS.indexOf('discrimination');
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Is there a live tie between persons x and y? */
export function hasTie(s: RunState, x: number, y: number): boolean {
  const pop = s.pop;
  const ux = pop.userOf[x];
  const uy = pop.userOf[y];
  const t = s.ties;
  if (ux >= 0 || uy >= 0) {
    const list = s.userTies[ux >= 0 ? ux : uy];
    const other = ux >= 0 ? y : x;
    for (let i = 0; i < list.length; i++) {
      const id = list[i];
      if (t.flags[id] & TieFlag.alive && (t.a[id] === other || t.b[id] === other)) return true;
    }
    return false;
  }
  // Two residents: only ties of the ordinary network (baseline ties and their replacements) join them.
  for (let j = pop.tieOffsets[x]; j < pop.tieOffsets[x + 1]; j++) {
    const id = s.tieIds[j];
    if (t.flags[id] & TieFlag.alive && (t.a[id] === y || t.b[id] === y)) return true;
  }
  return false;
}

/**
 * Local clustering of an ego network: the share of pairs of alters who are tied to each other. Alters are
 * marked, then each alter's own ties are walked once (linear in the alters' degrees, not quadratic).
 * Ties between two residents are in the arm's CSR (baseline ties and their replacements); any other later
 * tie involves a service user (their list).
 */
export function measureEgoClustering(s: RunState, alters: readonly number[], mark: Int32Array, stamp: number): number {
  const k = alters.length;
  if (k < 2) return 0;
  const pop = s.pop;
  const t = s.ties;
  for (const x of alters) mark[x] = stamp;
  let ends = 0; // each closed pair is seen from both ends
  for (const x of alters) {
    const ux = pop.userOf[x];
    if (ux >= 0) {
      for (const id of s.userTies[ux]) if (t.flags[id] & TieFlag.alive && mark[t.a[id] === x ? t.b[id] : t.a[id]] === stamp) ends++;
      continue;
    }
    for (let j = pop.tieOffsets[x]; j < pop.tieOffsets[x + 1]; j++) {
      const id = s.tieIds[j];
      if (t.flags[id] & TieFlag.alive && mark[t.a[id] === x ? t.b[id] : t.a[id]] === stamp) ends++;
    }
    // Ties formed later between resident x and another alter who is a service user are in that user's list.
  }
  for (const y of alters) {
    const uy = pop.userOf[y];
    if (uy < 0) continue;
    for (const id of s.userTies[uy]) {
      if (!(t.flags[id] & TieFlag.baseline) && t.flags[id] & TieFlag.alive) {
        const x = t.a[id] === y ? t.b[id] : t.a[id];
        if (mark[x] === stamp && pop.userOf[x] < 0) ends++; // resident x's side of a later tie, not in x's CSR
      }
    }
  }
  return ends / 2 / ((k * (k - 1)) / 2);
}

/** Fidelity rating of a user: mean over the five shared processes of min(1, events / full dose). */
export function measureFidelityRating(s: RunState, u: number): number {
  const K = SHARED_PROCESSES.length;
  const full = s.params.outcomes.fidelityFullDose;
  let sum = 0;
  for (let k = 0; k < K; k++) sum += Math.min(1, s.processCounts[u * K + k] / full);
  return sum / K;
}

export interface MeasureUsersOptions {
  /** Also compute ego-network clustering (quadratic in degree; done at observation ticks). */
  readonly clustering: boolean;
}

/** Measures of every user: a row of USER_MEASURES.length values per user. NaN where a measure does not apply. */
export function measureUsers(s: RunState, options: MeasureUsersOptions, out?: Float64Array): Float64Array {
  const pop = s.pop;
  const M = USER_MEASURES.length;
  const U = pop.users;
  const rows = out ?? new Float64Array(U * M);
  const O = s.params.outcomes;
  const thr = s.params.ties.weakThreshold;
  const t = s.ties;
  const positions: number[] = [];
  const resources: number[] = [];
  const alters: number[] = [];
  const linScratch = createPositionScratch(pop.prestige.length);
  const mark = options.clustering ? new Int32Array(pop.persons) : new Int32Array(0);
  let stamp = 0;
  for (let u = 0; u < U; u++) {
    const r = u * M;
    const me = pop.userPerson[u];
    positions.length = 0;
    resources.length = 0;
    alters.length = 0;
    let size = 0;
    let fresh = 0;
    let weak = 0;
    let fam = 0;
    let fri = 0;
    let acq = 0;
    let via = 0;
    let outside = 0;
    let deepened = 0;
    let contribution = 0;
    for (const id of s.userTies[u]) {
      const f = t.flags[id];
      if (!(f & TieFlag.alive)) continue;
      const v = t.a[id] === me ? t.b[id] : t.a[id];
      size++;
      alters.push(v);
      positions.push(pop.position[v]);
      resources.push(pop.resources[v]);
      const st = t.strength[id];
      if (!(f & TieFlag.baseline)) fresh++;
      else if (st > t.baseStrength[id] + 1e-6) deepened++;
      if (st < thr) weak++;
      const k = t.kind[id];
      if (k === TieKind.family) fam++;
      else if (k === TieKind.friend) fri++;
      else if (k === TieKind.acquaintance) acq++;
      if (f & TieFlag.viaIntervention) via++;
      if (f & TieFlag.outsideServices) outside++;
      if (st >= O.contributionMinStrength && pop.resources[me] & ~pop.resources[v]) contribution++;
    }
    // Lost: baseline ties dissolved, plus ties formed since baseline that have dissolved again.
    let lost = s.tiesFormed[u] - fresh;
    for (let j = pop.tieOffsets[me]; j < pop.tieOffsets[me + 1]; j++) if (!(t.flags[pop.tieIds[j]] & TieFlag.alive)) lost++;
    const lin = measurePositionIndices(positions, pop.prestige, linScratch);
    const rg = measureResourceScore(resources, pop.subscaleMasks);
    let att = 0;
    let main = 0;
    let match = 0;
    for (let k = u * s.window, end = k + s.window; k < end; k++) {
      att += s.attendRing[k];
      main += s.mainstreamRing[k];
      match += s.matchRing[k];
    }
    // Weeks of attendance observed so far (attendance is recorded from referral); the rest of the window is
    // filled with the expected baseline attendance.
    const observed = s.state[u] === UserState.notReferred ? 0 : Math.max(0, Math.min(s.window, s.tick - Math.max(1, s.referralTick[u]) + 1));
    const participation = (att + s.baselineAttendance[u] * (s.window - observed)) / s.window;
    const barriers = popcount32(s.barriers[u]);
    const netTerm = Math.min(1, size / O.referenceNetworkSize);
    const partTerm = Math.min(1, participation / O.referenceAttendances);
    const stigma = ((s.barriers[u] >>> SELF_STIGMA) & 1) + ((s.barriers[u] >>> DISCRIMINATION) & 1);
    const engaged = s.state[u] === UserState.engaged;
    rows[r + UM.network_size] = size;
    rows[r + UM.new_ties] = fresh;
    rows[r + UM.ties_formed] = s.tiesFormed[u];
    rows[r + UM.ties_lost] = lost;
    rows[r + UM.weak_ties] = weak;
    rows[r + UM.strong_ties] = size - weak;
    rows[r + UM.family_ties] = fam;
    rows[r + UM.friend_ties] = fri;
    rows[r + UM.acquaintance_ties] = acq;
    rows[r + UM.via_intervention_ties] = via;
    rows[r + UM.outside_services_ties] = outside;
    rows[r + UM.deepened_ties] = deepened;
    rows[r + UM.extensity] = lin.extensity;
    rows[r + UM.upper_reachability] = lin.upperReachability;
    rows[r + UM.prestige_range] = lin.range;
    rows[r + UM.average_prestige] = lin.averagePrestige;
    rows[r + UM.rg_total] = rg.total;
    rows[r + UM.rg_domestic] = rg.subscales[0];
    rows[r + UM.rg_expert_advice] = rg.subscales[1];
    rows[r + UM.rg_personal_skills] = rg.subscales[2];
    rows[r + UM.rg_problem_solving] = rg.subscales[3];
    rows[r + UM.social_confidence] = s.confidence[u];
    rows[r + UM.ownership] = s.ownership[u];
    rows[r + UM.participation] = participation;
    rows[r + UM.mainstream_share] = att > 0 ? main / att : NaN;
    rows[r + UM.interest_match_share] = att > 0 ? match / att : NaN;
    rows[r + UM.wellbeing] =
      14 +
      56 *
        clamp01(O.wellbeingBase + O.wellbeingConfidence * s.confidence[u] + O.wellbeingNetwork * netTerm + O.wellbeingParticipation * partTerm - O.wellbeingBarrier * barriers);
    rows[r + UM.social_inclusion] = clamp01(
      O.inclusionNetwork * netTerm +
        O.inclusionOutside * Math.min(1, outside / O.referenceOutsideTies) +
        O.inclusionParticipation * partTerm +
        O.inclusionAcceptance * (1 - stigma / 2),
    );
    rows[r + UM.contribution] = contribution;
    rows[r + UM.active_barriers] = barriers;
    rows[r + UM.fidelity_rating] = measureFidelityRating(s, u);
    rows[r + UM.partnership_strength] = engaged ? s.strength[u] : NaN;
    rows[r + UM.partnership_trust] = engaged ? s.trust[u] : NaN;
    rows[r + UM.progress] = engaged ? s.progress[u] : NaN;
    rows[r + UM.ego_clustering] = options.clustering ? measureEgoClustering(s, alters, mark, ++stamp) : NaN;
    rows[r + UM.worker_hours] = s.staffHours[u] + s.peerHours[u];
    rows[r + UM.peer_worker_hours] = s.peerHours[u];
    rows[r + UM.worker_contacts] = s.contactWeeks[u];
    rows[r + UM.peer_support_weeks] = s.peerSupportWeeks[u];
  }
  return rows;
}
