// The service user's circle: attendance at community nodes and tie formation (MODEL.md §3.5;
// Webber et al. 2016: new people and activities, social confidence, "building currency"; networks form
// as a by-product, stochastically, at every contact). Part of processes/.
// A user at a node meets members and other users present (a share of meetings with members of the
// user's own prestige stratum: Lin 2001's like-me principle); meeting a stranger forms a weak tie with a
// probability rising with social confidence and lowered by stigma and discrimination; meeting an alter
// strengthens the tie. Users past the ownership threshold attend, and find nodes, on their own.
import type { RunState } from '../model/run-state.js';
import { CULTURAL_BARRIER, TARGET_INDEX } from '../model/run-state.js';
import { EFFECT_TARGETS } from '../scenario/spec.js';
import { TieFlag, TieKind, UserState } from '../model/codes.js';
import { samplePoisson } from '../rng/index.js';
import { userFactor } from './effects.js';

/** This week's attendance scratch, started afresh when the tick changes. */
function weekScratch(s: RunState, tick: number): RunState['scratch'] {
  const sc = s.scratch;
  if (sc.presentTick !== tick) {
    sc.presentTick = tick;
    sc.present.clear();
    sc.visits.length = 0;
  }
  return sc;
}

/** Who is at each node this week. */
export function presentAt(s: RunState, c: number, tick: number): number[] {
  const sc = weekScratch(s, tick);
  let list = sc.present.get(c);
  if (!list) sc.present.set(c, (list = []));
  return list;
}

/** Multiplier for the culturally-appropriate-services barrier at node c (MODEL.md §4): it acts only where the node is not appropriate for the user's group. */
export function culturalFactor(s: RunState, u: number, c: number, target: 'attendance' | 'tieFormation'): number {
  if (CULTURAL_BARRIER < 0 || !(s.barriers[u] & (1 << CULTURAL_BARRIER))) return 1;
  const g = s.pop.group[s.pop.userPerson[u]];
  if (s.pop.nodeAppropriate[c] & (1 << g)) return 1;
  return 1 - s.userBarrierTable.effects[CULTURAL_BARRIER * EFFECT_TARGETS.length + TARGET_INDEX[target]];
}

/** The user's tie to person v, or -1. */
export function findTie(s: RunState, u: number, v: number): number {
  const list = s.userTies[u];
  const p = s.pop.userPerson[u];
  for (let i = 0; i < list.length; i++) {
    const id = list[i];
    if (s.ties.flags[id] & TieFlag.alive && (s.ties.a[id] === v || s.ties.b[id] === v) && (s.ties.a[id] === p || s.ties.b[id] === p)) return id;
  }
  return -1;
}

/**
 * User u arrives at node c this tick: participation counters, confidence and ownership ("building
 * currency"), and a place among those present. Meetings follow once everyone has arrived (applyMeetings),
 * so who one meets does not depend on the order users are processed in.
 */
export function applyArrival(s: RunState, u: number, c: number, via: boolean, tick: number, slot: number): void {
  const A = s.params.attendance;
  const pop = s.pop;
  const ring = u * s.window + (tick % s.window);
  s.attendRing[ring]++;
  if (pop.nodeMainstream[c]) s.mainstreamRing[ring]++;
  if (pop.nodeInterests[c] & (s.userInterests[u] | s.goal[u])) s.matchRing[ring]++;
  s.confidence[u] += A.confidenceGainPerAttendance * (1 - s.confidence[u]) * userFactor(s, u, 'confidenceGrowth');
  s.ownership[u] += A.ownershipGainPerAttendance * (1 - s.ownership[u]);
  presentAt(s, c, tick).push(pop.userPerson[u]);
  s.scratch.visits.push(u, c, via ? 1 : 0, slot);
}

/** Arrive and meet at once (a visit on its own, as in tests); returns the number of draws made. */
export function applyVisit(s: RunState, u: number, c: number, via: boolean, tick: number, slot: number): number {
  applyArrival(s, u, c, via, tick, slot);
  s.scratch.visits.length -= 4;
  return applyMeetings(s, u, c, via, tick, slot);
}

/**
 * User u's meetings at node c this tick: members of the node and users present, uniformly (a share from
 * the user's own stratum); strangers may become weak ties, alters' ties strengthen. Returns draws made.
 */
export function applyMeetings(s: RunState, u: number, c: number, via: boolean, tick: number, slot: number): number {
  const A = s.params.attendance;
  const pop = s.pop;
  const stream = s.rng.stream('meetings');
  const me = pop.userPerson[u];
  const present = presentAt(s, c, tick);
  const m0 = pop.nodeMemberOffsets[c];
  const nMembers = pop.nodeMemberOffsets[c + 1] - m0;
  const pool = nMembers + present.length;
  let k = 0;
  const meetings = pool > 0 ? samplePoisson(A.meetingsPerAttendance, () => s.rng.uniform(stream, tick, u, slot * 4096 + k++)) : 0;
  const formBase =
    A.tieFormationRate * (1 - A.confidenceWeight + A.confidenceWeight * s.confidence[u]) * userFactor(s, u, 'tieFormation') * culturalFactor(s, u, c, 'tieFormation');
  const myStratum = pop.stratum[me];
  let sameStratum = -1; // members of the node in the user's own stratum, counted when first needed
  for (let i = 0; i < meetings; i++) {
    let v: number;
    if (A.meetingHomophily > 0 && s.rng.uniform(stream, tick, u, slot * 4096 + k++) < A.meetingHomophily) {
      // Like-me: meet a member of one's own prestige stratum, if the node has any.
      if (sameStratum < 0) {
        sameStratum = 0;
        for (let j = m0; j < m0 + nMembers; j++) if (pop.stratum[pop.nodeMembers[j]] === myStratum) sameStratum++;
      }
      if (sameStratum === 0) continue;
      let nth = Math.floor(s.rng.uniform(stream, tick, u, slot * 4096 + k++) * sameStratum);
      v = -1;
      for (let j = m0; j < m0 + nMembers; j++)
        if (pop.stratum[pop.nodeMembers[j]] === myStratum && nth-- === 0) {
          v = pop.nodeMembers[j];
          break;
        }
    } else {
      const pick = Math.floor(s.rng.uniform(stream, tick, u, slot * 4096 + k++) * pool);
      v = pick < nMembers ? pop.nodeMembers[m0 + pick] : present[pick - nMembers];
    }
    if (v === me) continue;
    const id = findTie(s, u, v);
    if (id >= 0) {
      s.ties.strength[id] += A.meetingStrengthening * (1 - s.ties.strength[id]);
      s.ties.lastContact[id] = tick;
    } else if (s.rng.uniform(stream, tick, u, slot * 4096 + k++) < formBase) {
      const vu = pop.userOf[v];
      const flags = (via ? TieFlag.viaIntervention : 0) | (pop.nodeMainstream[c] && vu < 0 ? TieFlag.outsideServices : 0);
      const nid = s.ties.add(Math.min(me, v), Math.max(me, v), A.newTieStrength, TieKind.acquaintance, flags, tick);
      s.userTies[u].push(nid);
      s.tiesFormed[u]++;
      if (vu >= 0) {
        s.userTies[vu].push(nid);
        s.tiesFormed[vu]++;
      }
    }
  }
  return k;
}

/** Add node c to the user's engaged nodes; returns its slot, or -1 when full. */
export function addEngagedNode(s: RunState, u: number, c: number, via: boolean): number {
  const base = u * s.maxNodes;
  let free = -1;
  for (let j = 0; j < s.maxNodes; j++) {
    if (s.engagedNodes[base + j] === c) {
      if (via) s.engagedVia[base + j] = 1;
      return j;
    }
    if (free < 0 && s.engagedNodes[base + j] < 0) free = j;
  }
  if (free < 0) return -1;
  s.engagedNodes[base + free] = c;
  s.engagedVia[base + free] = via ? 1 : 0;
  return free;
}

/** Draw slots for self-discovery, above the two per engaged node (maxEngagedNodes is at most 1000). */
const SELF_DISCOVERY_SLOT = 4096;

/** Has the user had a CPI partnership (so their own initiative counts as coming through the intervention)? */
const hadPartnership = (s: RunState, u: number): boolean => s.engagedWeeks[u] > 0;

export function applyAttendance(s: RunState, tick: number): void {
  const A = s.params.attendance;
  const pop = s.pop;
  const stream = s.rng.stream('attendance');
  const lastVisit = s.scratch.lastVisit;
  weekScratch(s, tick); // sign-posting may have started it already
  // 1–2. Arrivals: each user decides where to go this week.
  for (let u = 0; u < pop.users; u++) {
    const st = s.state[u];
    // Participation is counted from referral; before it the user is not yet observed.
    if (st === UserState.notReferred) continue;
    const ownOk = s.ownership[u] >= A.ownershipThreshold;
    const selfFactor = (ownOk ? 1 : A.lowOwnershipFactor) * userFactor(s, u, 'selfDirectedAttendance');
    const attendFactor = userFactor(s, u, 'attendance');
    let slot = 0;
    // 1. Drop nodes, and go to engaged ones.
    for (let j = 0; j < s.maxNodes; j++) {
      const idx = u * s.maxNodes + j;
      const c = s.engagedNodes[idx];
      if (c < 0) continue;
      if (s.rng.uniform(stream, tick, u, 2 * j) < A.dropNodeRate) {
        s.engagedNodes[idx] = -1;
        continue;
      }
      if (lastVisit[idx] === tick) continue; // already there with the worker this week
      const rate = s.engagedVia[idx] ? A.engagedNodeRate : A.baselineNodeRate;
      const p = rate * pop.nodeAccessibility[c] * attendFactor * selfFactor * culturalFactor(s, u, c, 'attendance');
      if (s.rng.uniform(stream, tick, u, 2 * j + 1) < p) {
        lastVisit[idx] = tick;
        applyArrival(s, u, c, s.engagedVia[idx] === 1, tick, 1 + slot++);
      }
    }
    // 2. Self-directed discovery by users with ownership.
    if (ownOk && s.rng.uniform(stream, tick, u, SELF_DISCOVERY_SLOT) < A.selfDiscoveryRate * userFactor(s, u, 'selfDirectedAttendance')) {
      const a = s.agency[u];
      const lo = pop.agencyNodeOffsets[a];
      const n = pop.agencyNodeOffsets[a + 1] - lo;
      if (n > 0) {
        const c = pop.agencyNodes[lo + Math.floor(s.rng.uniform(stream, tick, u, SELF_DISCOVERY_SLOT + 1) * n)];
        if (pop.nodeMainstream[c] && hasBitInterest(s, u, c)) addEngagedNode(s, u, c, hadPartnership(s, u));
      }
    }
  }
  // 3. Meetings, once everyone (including this week's facilitated visits) has arrived.
  const visits = s.scratch.visits;
  for (let i = 0; i < visits.length; i += 4) applyMeetings(s, visits[i], visits[i + 1], visits[i + 2] === 1, tick, visits[i + 3]);
  visits.length = 0;
}

const hasBitInterest = (s: RunState, u: number, c: number): boolean => (s.pop.nodeInterests[c] & (s.userInterests[u] | s.goal[u])) !== 0;

/** Clear this week's slot of the participation rings before anyone attends (stage 0 of the tick). */
export function applyParticipationWindow(s: RunState, tick: number): void {
  const w = tick % s.window;
  for (let u = 0; u < s.pop.users; u++) {
    const i = u * s.window + w;
    s.attendRing[i] = 0;
    s.mainstreamRing[i] = 0;
    s.matchRing[i] = 0;
  }
}

