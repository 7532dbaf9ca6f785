// The mutable state of one arm of one run: the shared population's latent draws materialised with the
// arm's parameters, plus everything the tick changes. Part of model/. Typed-array columns indexed by
// dense ids (users, workers, agencies, nodes); ties in a TieStore. Processes mutate it (apply*);
// metrics only read it (measure*).
import type { Params } from '../scenario/parameters.js';
import { USER_BARRIERS, WORKER_BARRIERS } from '../scenario/parameters.js';
import { EFFECT_TARGETS, type EffectTarget, type Effects } from '../scenario/spec.js';
import type { Tables } from '../scenario/tables.js';
import { KeyedRandom } from '../rng/index.js';
import type { Population } from './population.js';
import { TieStore } from './tie-store.js';
import { SHARED_PROCESSES, UserState } from './codes.js';

export const TARGET_INDEX: Readonly<Record<EffectTarget, number>> = Object.fromEntries(EFFECT_TARGETS.map((t, i) => [t, i])) as Record<EffectTarget, number>;
const T = EFFECT_TARGETS.length;
/** Index of the one barrier whose attendance and tie-formation effects apply only at nodes not culturally appropriate for the user. */
export const CULTURAL_BARRIER = USER_BARRIERS.indexOf('noCulturallyAppropriateServices');
/** Index of the worker barrier that follows what the worker knows (lack of local knowledge). */
export const LACK_KNOWLEDGE_BARRIER = WORKER_BARRIERS.indexOf('lackLocalKnowledge');

export interface BarrierTable {
  readonly count: number;
  readonly prevalence: Float64Array;
  readonly onset: Float64Array;
  readonly resolution: Float64Array;
  /** Bit g set when members of cultural group g can have the barrier. */
  readonly groupMask: Uint32Array;
  /** Effect of barrier b on target t: effects[b * T + t]. */
  readonly effects: Float64Array;
  /** Product of (1 - effect) over the active barriers of a mask: factor[mask * T + t]. */
  readonly factor: Float64Array;
}

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

function buildBarrierTable(names: readonly string[], spec: Record<string, Params['barriers']['user'][keyof Params['barriers']['user']]>, tables: Tables, exclude: number): BarrierTable {
  const n = names.length;
  const groups = tables.culturalGroups.items;
  const prevalence = new Float64Array(n);
  const onset = new Float64Array(n);
  const resolution = new Float64Array(n);
  const groupMask = new Uint32Array(n);
  const effects = new Float64Array(n * T);
  names.forEach((name, b) => {
    const p = spec[name];
    const scale = p.enabled ? p.scale : 0;
    prevalence[b] = clamp01(p.prevalence * scale);
    onset[b] = clamp01(p.onsetRate * scale);
    resolution[b] = p.resolutionRate;
    let mask = 0;
    groups.forEach((g, gi) => {
      if (p.target === 'all' || (p.target === 'minority' && g.minority) || p.target === g.name) mask |= 1 << gi;
    });
    groupMask[b] = mask >>> 0;
    for (const [t, v] of Object.entries(p.effects as Effects)) effects[b * T + TARGET_INDEX[t as EffectTarget]] = v ?? 0;
  });
  // The excluded barrier's attendance and tie-formation effects depend on the node (see culturalFactor in
  // processes/attendance.ts); its other effects apply everywhere.
  const nodeBound = [TARGET_INDEX.attendance, TARGET_INDEX.tieFormation];
  const factor = new Float64Array((1 << n) * T).fill(1);
  for (let mask = 0; mask < 1 << n; mask++)
    for (let b = 0; b < n; b++)
      if (mask & (1 << b)) for (let t = 0; t < T; t++) if (b !== exclude || !nodeBound.includes(t)) factor[mask * T + t] *= 1 - effects[b * T + t];
  return { count: n, prevalence, onset, resolution, groupMask, effects, factor };
}

export interface RunState {
  readonly pop: Population;
  readonly params: Params;
  readonly tables: Tables;
  readonly rng: KeyedRandom;
  /** Ticks completed. */
  tick: number;
  readonly ties: TieStore;
  /** Tie ids of each user (dead ties are pruned by the decay process). */
  readonly userTies: number[][];
  /**
   * Tie ids of each person over the population's offsets (pop.tieOffsets), this arm's copy: a resident's
   * replacement tie takes the slot of the tie it replaces (processes/tie-replacement.ts), so residents'
   * ties stay in one fixed-size CSR. Users' rows keep their baseline ties (their later ties are in userTies).
   */
  readonly tieIds: Int32Array;
  /**
   * People looking for a new tie of the ordinary network, one entry of TIE_POOL_FIELDS numbers each:
   * person, CSR slot (-1 for a user), kind, tick since, wish bits, former partner, lost tie
   * (processes/tie-replacement.ts).
   */
  readonly tiePool: number[];
  /** Slots of lost ties between residents that nothing refers to any more, free for replacement ties. */
  readonly tieFree: number[];

  // Service users.
  readonly state: Uint8Array;
  readonly stateSince: Int32Array;
  readonly agency: Int32Array;
  readonly worker: Int32Array;
  readonly referralTick: Int32Array;
  readonly engagedWeeks: Int32Array;
  readonly enthusiasm: Float64Array;
  readonly ownership: Float64Array;
  readonly confidence: Float64Array;
  readonly strength: Float64Array;
  readonly trust: Float64Array;
  readonly userMomentum: Float64Array;
  readonly workerMomentum: Float64Array;
  readonly progress: Float64Array;
  readonly barriers: Uint32Array;
  readonly assessed: Uint8Array;
  readonly goal: Uint32Array;
  readonly userInterests: Uint32Array;
  /** Events of each shared process per user: processCounts[u * 5 + k]. */
  readonly processCounts: Uint16Array;
  /** Nodes a user is engaged with: engagedNodes[u * maxNodes + j], -1 when empty. */
  readonly engagedNodes: Int32Array;
  /** 1 when that engagement came through the intervention. */
  readonly engagedVia: Uint8Array;
  readonly maxNodes: number;
  /** Attendances per week over the participation window (ring buffers, u * window + tick % window). */
  readonly attendRing: Uint16Array;
  readonly mainstreamRing: Uint16Array;
  readonly matchRing: Uint16Array;
  readonly window: number;
  /**
   * Expected weekly attendances at baseline (at the nodes each user belonged to, with the barriers active
   * at the start): participation before a full window has been observed is filled in with it, so that the
   * baseline is not an artificial zero.
   */
  readonly baselineAttendance: Float64Array;
  readonly peerWorkerOf: Int32Array;
  /**
   * The partnership that was, remembered when a user pauses (Webber et al. 2016: users are "free to leave and
   * re-enter"): its strength and trust, and the worker slot and generation it was with (-1: none).
   */
  readonly pausedStrength: Float64Array;
  readonly pausedTrust: Float64Array;
  readonly pausedWorker: Int32Array;
  readonly pausedGeneration: Int32Array;
  /** The peer worker giving this user peer support alongside their worker this week, or -1. */
  readonly peerSupport: Int32Array;
  /** Ties formed since baseline, including those since dissolved. */
  readonly tiesFormed: Int32Array;
  /**
   * Worker time each user has received since referral (resource use, for costing; nothing reads it back):
   * hours from staff workers and from peer workers as the user's worker, weeks with any contact, and weeks
   * a peer worker gave peer support alongside the worker (processes/partnership.ts).
   */
  readonly staffHours: Float64Array;
  readonly peerHours: Float64Array;
  readonly contactWeeks: Int32Array;
  readonly peerSupportWeeks: Int32Array;

  // Workers (slots; peer workers are added in free slots).
  readonly workerStatus: Uint8Array;
  readonly workerAgency: Int32Array;
  readonly workerVacantUntil: Int32Array;
  readonly workerEmpathy: Float64Array;
  readonly workerCanDo: Float64Array;
  readonly workerNetworking: Float64Array;
  readonly workerCapacity: Int32Array;
  readonly workerCaseload: Int32Array;
  readonly workerLived: Uint8Array;
  readonly workerPerson: Int32Array;
  readonly workerBarriers: Uint32Array;
  readonly workerKnowledge: Uint32Array;
  readonly workerGeneration: Int32Array;
  readonly workerTimeShare: Float64Array;
  readonly workerNetworkingHours: Float64Array;

  // Agencies.
  readonly agencySupportiveness: Float64Array;
  readonly agencySkillSharing: Float64Array;
  readonly agencyBureaucracy: Float64Array;
  readonly agencyFidelity: Float64Array;
  readonly agencyEngagement: Float64Array;
  readonly agencyKnowledge: Uint32Array;
  /** Nodes lost from the agency's reach when workers left (known to the leaver, neither shared nor known to a colleague). */
  readonly agencyKnowledgeLost: Int32Array;
  readonly agencyLeavers: Int32Array;

  readonly userBarrierTable: BarrierTable;
  readonly workerBarrierTable: BarrierTable;
  /** Per-tick working memory of the processes (not state: rebuilt every tick). */
  readonly scratch: RunScratch;
}

export interface RunScratch {
  /** Hours each worker's caseload asks for this week. */
  readonly workerDemand: Float64Array;
  /** Persons present at each node this week. */
  readonly present: Map<number, number[]>;
  presentTick: number;
  /** This week's visits awaiting their meetings: (user, node, via, draw slot) quadruples. */
  readonly visits: number[];
  /** Last tick each (user, engaged-node slot) was visited, so a facilitated visit is not repeated. */
  readonly lastVisit: Int32Array;
  /** Ties of the ordinary network (baseline ties and their replacements) lost this tick, in id order. */
  readonly lostTies: number[];
  /** Interests the goals of each worker's caseload name this week (worker networking). */
  readonly workerGoals: Uint32Array;
}

export const WorkerStatus = { unused: 0, active: 1, vacant: 2, left: 3 } as const;

const attr = (mean: number, sd: number, z: Float64Array) => Float64Array.from(z, (v) => clamp01(mean + sd * v));

/** Materialise one arm's state from the shared population. */
export interface CreateRunStateOptions {
  /**
   * Use the population's tie store itself instead of a copy (saves one copy of every tie: at region scale
   * 300 MB). The population's ties then belong to this state: only for the last arm run on a population.
   */
  readonly adoptTies?: boolean;
  /**
   * The parameters the week-0 barriers are drawn from (their prevalence among users and workers), when they are
   * not the arm's own: a scenario with `baseline: "shared"` starts every arm from its first arm's, so the arms
   * share their baseline and differ from week 1. The arm's own parameters drive everything after week 0.
   */
  readonly startParams?: Params;
}

export function createRunState(pop: Population, params: Params, tables: Tables, rng: KeyedRandom, options: CreateRunStateOptions = {}): RunState {
  const U = pop.users;
  const Wc = pop.workerCapacity;
  const A = pop.agencies;
  const words = pop.knowledgeWords;
  const userBarrierTable = buildBarrierTable(USER_BARRIERS, params.barriers.user, tables, CULTURAL_BARRIER);
  const workerBarrierTable = buildBarrierTable(WORKER_BARRIERS, params.barriers.worker, tables, -1);
  // The tables the week-0 barriers are drawn from (the arm's own unless options.startParams says otherwise).
  const start = options.startParams;
  const startUserTable = start ? buildBarrierTable(USER_BARRIERS, start.barriers.user, tables, CULTURAL_BARRIER) : userBarrierTable;
  const startWorkerTable = start ? buildBarrierTable(WORKER_BARRIERS, start.barriers.worker, tables, -1) : workerBarrierTable;

  // Referral ticks: exponential inter-arrivals per agency at the arm's referral rate.
  const referralTick = new Int32Array(U);
  const clock = new Float64Array(A);
  for (let u = 0; u < U; u++) {
    const a = pop.userHomeAgency[u];
    referralTick[u] = Math.floor(clock[a]);
    clock[a] += -Math.log(1 - pop.userReferralU[u]) / params.intake.referralRate;
  }

  const ties = options.adoptTies ? pop.ties : pop.ties.clone(Math.ceil(pop.ties.size * 0.02) + 1024);
  const userTies: number[][] = new Array(U);
  for (let u = 0; u < U; u++) {
    const p = pop.userPerson[u];
    userTies[u] = Array.from(pop.tieIds.subarray(pop.tieOffsets[p], pop.tieOffsets[p + 1]));
  }
  const maxNodes = params.attendance.maxEngagedNodes;
  const engagedNodes = new Int32Array(U * Math.max(1, maxNodes)).fill(-1);
  const engagedVia = new Uint8Array(U * Math.max(1, maxNodes));
  // Baseline memberships are the first engagements (not via the intervention).
  for (let u = 0; u < U; u++) {
    let j = 0;
    for (let k = pop.userNodeOffsets[u]; k < pop.userNodeOffsets[u + 1] && j < maxNodes; k++) engagedNodes[u * maxNodes + j++] = pop.userNodes[k];
  }
  const userInterests = Uint32Array.from(pop.userPerson, (p) => pop.interests[p]);

  // Initial barriers.
  const barriers = new Uint32Array(U);
  const initStream = rng.stream('barrier-prevalence');
  for (let u = 0; u < U; u++) {
    const g = 1 << pop.group[pop.userPerson[u]];
    let mask = 0;
    for (let b = 0; b < startUserTable.count; b++)
      if (startUserTable.groupMask[b] & g && rng.uniform(initStream, 0, u, b) < startUserTable.prevalence[b]) mask |= 1 << b;
    barriers[u] = mask;
  }

  const W = params.workers;
  const pad = (src: Float64Array) => {
    const out = new Float64Array(Wc);
    out.set(src);
    return out;
  };
  const workerStatus = new Uint8Array(Wc);
  workerStatus.fill(WorkerStatus.active, 0, pop.initialWorkers);
  const workerAgency = new Int32Array(Wc).fill(-1);
  workerAgency.set(pop.workerAgency);
  // Knowledge at the start (MODEL.md §8: workers know what they have learnt, not everything): each worker
  // knows each node its agency reaches, service-based or mainstream, with probability initialKnowledge; the
  // agency's shared knowledge holds each with probability initialSharedKnowledge. Keyed by (worker or
  // agency, node), so arms that differ in these probabilities share every draw.
  const workerKnowledge = new Uint32Array(Wc * words);
  const agencyKnowledge = new Uint32Array(A * words);
  const wk = rng.stream('initial-knowledge');
  for (let w = 0; w < pop.initialWorkers; w++) {
    const a = pop.workerAgency[w];
    for (let j = pop.agencyNodeOffsets[a]; j < pop.agencyNodeOffsets[a + 1]; j++) {
      const c = pop.agencyNodes[j];
      if (rng.uniform(wk, 0, w, c) < params.workers.initialKnowledge) setBit(workerKnowledge, w, words, c);
    }
  }
  const ak = rng.stream('initial-shared-knowledge');
  for (let a = 0; a < A; a++)
    for (let j = pop.agencyNodeOffsets[a]; j < pop.agencyNodeOffsets[a + 1]; j++) {
      const c = pop.agencyNodes[j];
      if (rng.uniform(ak, 0, a, c) < params.agencies.initialSharedKnowledge) setBit(agencyKnowledge, a, words, c);
    }
  // Initial worker barriers; lack of local knowledge is likelier the less of the agency's reach the worker
  // knows (prevalence × the share of its nodes the worker does not know; see processes/barriers.ts).
  const workerBarriers = new Uint32Array(Wc);
  const workerInit = rng.stream('worker-barrier-prevalence');
  for (let w = 0; w < pop.initialWorkers; w++) {
    let mask = 0;
    for (let b = 0; b < startWorkerTable.count; b++) {
      const p = b === LACK_KNOWLEDGE_BARRIER ? startWorkerTable.prevalence[b] * (1 - knownShare(pop, workerKnowledge, w, pop.workerAgency[w])) : startWorkerTable.prevalence[b];
      if (rng.uniform(workerInit, 0, w, b) < p) mask |= 1 << b;
    }
    workerBarriers[w] = mask;
  }
  const workerCapacity = new Int32Array(Wc);
  workerCapacity.fill(W.caseloadCapacity, 0, pop.initialWorkers);
  const ag = params.agencies;
  const window = params.outcomes.participationWindowWeeks;
  const T = EFFECT_TARGETS.length;
  const ownership = attr(params.serviceUsers.ownership.mean, params.serviceUsers.ownership.sd, pop.userOwnershipZ);
  const baselineAttendance = new Float64Array(U);
  for (let u = 0; u < U; u++) {
    const mask = barriers[u];
    const g = 1 << pop.group[pop.userPerson[u]];
    const self = (ownership[u] >= params.attendance.ownershipThreshold ? 1 : params.attendance.lowOwnershipFactor) * userBarrierTable.factor[mask * T + TARGET_INDEX.selfDirectedAttendance];
    const attend = userBarrierTable.factor[mask * T + TARGET_INDEX.attendance];
    const cultural = CULTURAL_BARRIER >= 0 && mask & (1 << CULTURAL_BARRIER) ? 1 - userBarrierTable.effects[CULTURAL_BARRIER * T + TARGET_INDEX.attendance] : 1;
    let e = 0;
    for (let k = pop.userNodeOffsets[u]; k < pop.userNodeOffsets[u + 1]; k++) {
      const c = pop.userNodes[k];
      e += params.attendance.baselineNodeRate * pop.nodeAccessibility[c] * attend * self * (pop.nodeAppropriate[c] & g ? 1 : cultural);
    }
    baselineAttendance[u] = e;
  }

  return {
    pop,
    params,
    tables,
    rng,
    tick: 0,
    ties,
    userTies,
    tieIds: options.adoptTies ? pop.tieIds : pop.tieIds.slice(),
    tiePool: [],
    tieFree: [],
    state: new Uint8Array(U),
    stateSince: new Int32Array(U),
    agency: Int32Array.from(pop.userHomeAgency),
    worker: new Int32Array(U).fill(-1),
    referralTick,
    engagedWeeks: new Int32Array(U),
    enthusiasm: attr(params.serviceUsers.enthusiasm.mean, params.serviceUsers.enthusiasm.sd, pop.userEnthusiasmZ),
    ownership,
    confidence: attr(params.serviceUsers.socialConfidence.mean, params.serviceUsers.socialConfidence.sd, pop.userConfidenceZ),
    strength: new Float64Array(U),
    trust: new Float64Array(U),
    userMomentum: new Float64Array(U),
    workerMomentum: new Float64Array(U),
    progress: new Float64Array(U),
    barriers,
    assessed: new Uint8Array(U),
    goal: new Uint32Array(U),
    userInterests,
    processCounts: new Uint16Array(U * SHARED_PROCESSES.length),
    engagedNodes,
    engagedVia,
    maxNodes,
    attendRing: new Uint16Array(U * window),
    mainstreamRing: new Uint16Array(U * window),
    matchRing: new Uint16Array(U * window),
    window,
    baselineAttendance,
    peerWorkerOf: new Int32Array(U).fill(-1),
    pausedStrength: new Float64Array(U),
    pausedTrust: new Float64Array(U),
    pausedWorker: new Int32Array(U).fill(-1),
    pausedGeneration: new Int32Array(U),
    peerSupport: new Int32Array(U).fill(-1),
    tiesFormed: new Int32Array(U),
    staffHours: new Float64Array(U),
    peerHours: new Float64Array(U),
    contactWeeks: new Int32Array(U),
    peerSupportWeeks: new Int32Array(U),
    workerStatus,
    workerAgency,
    workerVacantUntil: new Int32Array(Wc),
    workerEmpathy: pad(attr(W.empathy.mean, W.empathy.sd, pop.workerEmpathyZ)),
    workerCanDo: pad(attr(W.canDo.mean, W.canDo.sd, pop.workerCanDoZ)),
    workerNetworking: pad(attr(W.networking.mean, W.networking.sd, pop.workerNetworkingZ)),
    workerCapacity,
    workerCaseload: new Int32Array(Wc),
    workerLived: new Uint8Array(Wc),
    workerPerson: new Int32Array(Wc).fill(-1),
    workerBarriers,
    workerKnowledge,
    workerGeneration: new Int32Array(Wc),
    // Set by the worker-time step each week before anything reads it; full before the first week.
    workerTimeShare: new Float64Array(Wc).fill(1),
    workerNetworkingHours: new Float64Array(Wc),
    agencySupportiveness: attr(ag.supportiveness.mean, ag.supportiveness.sd, pop.agencySupportivenessZ),
    agencySkillSharing: attr(ag.skillSharing.mean, ag.skillSharing.sd, pop.agencySkillSharingZ),
    agencyBureaucracy: attr(ag.bureaucracy.mean, ag.bureaucracy.sd, pop.agencyBureaucracyZ),
    agencyFidelity: attr(ag.fidelity.mean, ag.fidelity.sd, pop.agencyFidelityZ),
    agencyEngagement: attr(ag.communityEngagement.mean, ag.communityEngagement.sd, pop.agencyEngagementZ),
    agencyKnowledge,
    agencyKnowledgeLost: new Int32Array(A),
    agencyLeavers: new Int32Array(A),
    userBarrierTable,
    workerBarrierTable,
    scratch: {
      workerDemand: new Float64Array(Wc),
      present: new Map(),
      presentTick: -1,
      visits: [],
      lastVisit: new Int32Array(engagedNodes.length).fill(-1),
      lostTies: [],
      workerGoals: new Uint32Array(Wc),
    },
  };
}

/** Is bit c set in a bitset row? */
export const hasBit = (bits: Uint32Array, row: number, words: number, c: number): boolean => (bits[row * words + (c >>> 5)] & (1 << (c & 31))) !== 0;
export const setBit = (bits: Uint32Array, row: number, words: number, c: number): void => {
  bits[row * words + (c >>> 5)] |= 1 << (c & 31);
};
export const popcount32 = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
};
export const countBits = (bits: Uint32Array, row: number, words: number): number => {
  let n = 0;
  for (let i = row * words, end = i + words; i < end; i++) n += popcount32(bits[i]);
  return n;
};
export { UserState };

/** Share (0–1) of the nodes agency a reaches that worker w knows; 1 when the agency reaches none. */
export function knownShare(pop: Population, knowledge: Uint32Array, w: number, a: number): number {
  const lo = pop.agencyNodeOffsets[a];
  const n = pop.agencyNodeOffsets[a + 1] - lo;
  if (n === 0) return 1;
  const words = pop.knowledgeWords;
  let k = 0;
  for (let j = lo; j < lo + n; j++) if (hasBit(knowledge, w, words, pop.agencyNodes[j])) k++;
  return k / n;
}
