// The service user's circle: attendance at community nodes and tie formation (MODEL.md §3.5;
// Webber et al. 2016: new people and activities, social confidence, "building currency"; networks form
// as a by-product, stochastically, at every contact). Part of processes/.
// A node's members are split into activity groups (sessions, classes, teams) of a declared size; a user
// joins one stable group at each node and meets its members and the users present in it, so repeat visits
// bring repeated contact with the same people (Feld 1981, "The focused organization of social ties": ties
// form around shared foci of activity, the more so the smaller the focus). A share of meetings is with the
// user's own prestige stratum (Lin 2001's like-me principle); meeting a stranger forms a weak tie with a
// probability rising with social confidence and shared interests and lowered by stigma and discrimination; meeting an alter
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

/** Number of activity groups at node c: its members split into groups of about attendance.activityGroupSize. */
export function activityGroups(s: RunState, c: number): number {
  const n = s.pop.nodeMemberOffsets[c + 1] - s.pop.nodeMemberOffsets[c];
  return Math.max(1, Math.round(n / s.params.attendance.activityGroupSize));
}

/**
 * The activity group user u belongs to at node c: the group of their place in the member list when they
 * are a member (members are dealt to groups in turn: member j of the node is in group j mod G), otherwise
 * one stable keyed draw per (user, node), so every visit and every arm puts the user in the same group.
 */
export function activityGroupOf(s: RunState, u: number, c: number): number {
  const G = activityGroups(s, c);
  if (G === 1) return 0;
  const pop = s.pop;
  const me = pop.userPerson[u];
  const m0 = pop.nodeMemberOffsets[c];
  for (let j = m0; j < pop.nodeMemberOffsets[c + 1]; j++) if (pop.nodeMembers[j] === me) return (j - m0) % G;
  return Math.floor(s.rng.uniform(s.rng.stream('activity-group'), 0, u, c) * G);
}

/** Who is in activity group g of node c this week. */
export function presentAt(s: RunState, c: number, tick: number, g = 0): number[] {
  const sc = weekScratch(s, tick);
  const key = g * s.pop.nodes + c;
  let list = sc.present.get(key);
  if (!list) sc.present.set(key, (list = []));
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
  presentAt(s, c, tick, activityGroupOf(s, u, c)).push(pop.userPerson[u]);
  s.scratch.visits.push(u, c, via ? 1 : 0, slot);
}

/** Arrive and meet at once (a visit on its own, as in tests); returns the number of draws made. */
export function applyVisit(s: RunState, u: number, c: number, via: boolean, tick: number, slot: number): number {
  applyArrival(s, u, c, via, tick, slot);
  s.scratch.visits.length -= 4;
  return applyMeetings(s, u, c, via, tick, slot);
}

/**
 * User u's meetings at node c this tick: the members of the user's activity group and the users present
 * in it, uniformly (a share from the group's members of the user's own stratum); strangers may become weak
 * ties, alters' ties strengthen. Returns draws made.
 */
export function applyMeetings(s: RunState, u: number, c: number, via: boolean, tick: number, slot: number): number {
  const A = s.params.attendance;
  const pop = s.pop;
  const stream = s.rng.stream('meetings');
  const me = pop.userPerson[u];
  // The user's activity group: the node's resident members m0 + g, m0 + g + G, … (residents are its
  // regulars), and the service users present in the group this week: a user who belongs to the node but
  // stays away this week is not there to be met.
  const G = activityGroups(s, c);
  const g = activityGroupOf(s, u, c);
  const present = presentAt(s, c, tick, g);
  const all = pop.nodeMemberOffsets[c + 1] - pop.nodeMemberOffsets[c];
  const m0 = pop.nodeMemberOffsets[c] + g;
  const slots = all > g ? Math.ceil((all - g) / G) : 0;
  let nMembers = 0;
  for (let i = 0; i < slots; i++) if (pop.userOf[pop.nodeMembers[m0 + i * G]] < 0) nMembers++;
  /** The nth resident member of the group, counting only those of stratum `only` when it is not -1. */
  const nthResident = (nth: number, only: number): number => {
    for (let i = 0; i < slots; i++) {
      const v = pop.nodeMembers[m0 + i * G];
      if (pop.userOf[v] < 0 && (only < 0 || pop.stratum[v] === only) && nth-- === 0) return v;
    }
    return -1;
  };
  const pool = nMembers + present.length;
  let k = 0;
  const meetings = pool > 0 ? samplePoisson(A.meetingsPerAttendance, () => s.rng.uniform(stream, tick, u, slot * 4096 + k++)) : 0;
  // Confidence only adds: at confidence 1 a meeting forms a tie (1 + confidenceWeight) times as often as at 0.
  const formBase =
    A.tieFormationRate * (1 + A.confidenceWeight * s.confidence[u]) * userFactor(s, u, 'tieFormation') * culturalFactor(s, u, c, 'tieFormation');
  // Shared interests: meeting someone who shares an interest (or the goal) forms a tie (1 + sharedInterestWeight)
  // times as often (homophily on activities and values, McPherson, Smith-Lovin & Cook 2001; Feld 1981).
  const mine = s.userInterests[u] | s.goal[u];
  const formShared = formBase * (1 + A.sharedInterestWeight);
  const myStratum = pop.stratum[me];
  let sameStratum = -1; // resident members of the group in the user's own stratum, counted when first needed
  for (let i = 0; i < meetings; i++) {
    let v: number;
    if (A.meetingHomophily > 0 && s.rng.uniform(stream, tick, u, slot * 4096 + k++) < A.meetingHomophily) {
      // Like-me: meet a member of one's own prestige stratum, if the group has any.
      if (sameStratum < 0) {
        sameStratum = 0;
        for (let j = 0; j < slots; j++) {
          const x = pop.nodeMembers[m0 + j * G];
          if (pop.userOf[x] < 0 && pop.stratum[x] === myStratum) sameStratum++;
        }
      }
      if (sameStratum === 0) continue;
      v = nthResident(Math.floor(s.rng.uniform(stream, tick, u, slot * 4096 + k++) * sameStratum), myStratum);
    } else {
      const pick = Math.floor(s.rng.uniform(stream, tick, u, slot * 4096 + k++) * pool);
      v = pick < nMembers ? nthResident(pick, -1) : present[pick - nMembers];
    }
    if (v === me) continue;
    const id = findTie(s, u, v);
    if (id >= 0) {
      s.ties.strength[id] += A.meetingStrengthening * (1 - s.ties.strength[id]);
      s.ties.lastContact[id] = tick;
    } else if (s.rng.uniform(stream, tick, u, slot * 4096 + k++) < (pop.interests[v] & mine ? formShared : formBase)) {
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

