// The service user's circle (MODEL.md §3.5; Webber et al. 2016: new people and activities, building
// currency; ties form stochastically at every contact). Checks applyVisit's ties (strength, flags, both
// users' lists), the strengthening of existing ties, the culturally-appropriate-services barrier acting
// only at inappropriate nodes, the participation rings, and applyAttendance's attending and dropping.
import { describe, expect, test } from 'vitest';
import { activityGroupOf, activityGroups, addEngagedNode, applyArrival, applyAttendance, applyParticipationWindow, applyVisit, culturalFactor, findTie } from '../../src/processes/attendance.js';
import { userFactor } from '../../src/processes/effects.js';
import { TieFlag, TieKind, UserState } from '../../src/model/codes.js';
import { CULTURAL_BARRIER, type RunState } from '../../src/model/run-state.js';
import { samplePoisson } from '../../src/rng/index.js';
import { agencyNodes, fillNodeMembers, holdAllUsers, makeState, type Assignment } from './fixture.js';

/** Meetings drawn uniformly from everyone at the node (no like-me preference). */
const UNIFORM_MEETINGS: readonly Assignment[] = [['attendance.meetingHomophily', 0]];

/** Every meeting forms a tie (formation rate 1, confidence and shared interests not weighed); ties do not strengthen. */
const SURE_TIES: readonly Assignment[] = [
  ...UNIFORM_MEETINGS,
  ['attendance.tieFormationRate', 1],
  ['attendance.confidenceWeight', 0],
  ['attendance.sharedInterestWeight', 0],
  ['attendance.meetingStrengthening', 0],
];

/** Meetings applyVisit will draw for (user, tick, slot): the same keyed Poisson draw the process makes. */
function meetingsAt(s: RunState, u: number, tick: number, slot: number): number {
  const stream = s.rng.stream('meetings');
  let k = 0;
  return samplePoisson(s.params.attendance.meetingsPerAttendance, () => s.rng.uniform(stream, tick, u, slot * 4096 + k++));
}

/** The first tick at which the user has exactly n meetings at slot 0 (or at least n, when atLeast). */
function tickWithMeetings(s: RunState, u: number, n: number, atLeast = false): number {
  for (let t = 1; t < 10_000; t++) {
    const m = meetingsAt(s, u, t, 0);
    if (atLeast ? m >= n : m === n) return t;
  }
  throw new Error('no such tick');
}

const firstNode = (s: RunState, mainstream: boolean, a = 0): number => agencyNodes(s, a).find((c) => s.pop.nodeMainstream[c] === (mainstream ? 1 : 0))!;

/** A resident the user has no tie to. */
function stranger(s: RunState, u: number): number {
  for (let v = 0; v < s.pop.residents; v++) if (findTie(s, u, v) < 0) return v;
  throw new Error('no stranger');
}

describe('applyVisit', () => {
  test('meeting a resident at a mainstream node through the intervention forms a tie of newTieStrength flagged via the intervention and outside services', () => {
    const s = makeState(SURE_TIES);
    holdAllUsers(s);
    const u = 2;
    const me = s.pop.userPerson[u];
    const c = firstNode(s, true);
    const v = stranger(s, u);
    fillNodeMembers(s, c, v);
    const t = tickWithMeetings(s, u, 1, true);
    const size = s.ties.size;
    const alive = s.ties.alive;
    const listLength = s.userTies[u].length;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size + 1);
    expect(s.ties.alive).toBe(alive + 1);
    const id = size;
    expect([s.ties.a[id], s.ties.b[id]]).toEqual([Math.min(me, v), Math.max(me, v)]);
    expect(s.ties.strength[id]).toBe(Math.fround(s.params.attendance.newTieStrength));
    expect(s.ties.kind[id]).toBe(TieKind.acquaintance);
    expect(s.ties.flags[id]).toBe(TieFlag.alive | TieFlag.viaIntervention | TieFlag.outsideServices);
    expect(s.ties.formedAt[id]).toBe(t);
    expect(s.ties.lastContact[id]).toBe(t);
    expect(s.userTies[u]).toHaveLength(listLength + 1);
    expect(s.userTies[u][listLength]).toBe(id);
    expect(s.tiesFormed[u]).toBe(1);
  });

  test('a tie formed at a service-based node on the user’s own initiative is flagged neither via the intervention nor outside services', () => {
    const s = makeState(SURE_TIES);
    holdAllUsers(s);
    const u = 2;
    const c = firstNode(s, false);
    const v = stranger(s, u);
    fillNodeMembers(s, c, v);
    const t = tickWithMeetings(s, u, 1, true);
    const id = s.ties.size;
    applyVisit(s, u, c, false, t, 0);
    expect(s.ties.size).toBe(id + 1);
    expect(s.ties.flags[id]).toBe(TieFlag.alive);
  });

  test('meeting another service user present at a mainstream node forms a tie that is not outside services and is in both users’ lists', () => {
    const s = makeState([...SURE_TIES, ['attendance.activityGroupSize', 100]]);
    holdAllUsers(s);
    const u = 2;
    const u2 = 10;
    const v = s.pop.userPerson[u2];
    expect(findTie(s, u, v)).toBe(-1);
    const c = firstNode(s, true);
    fillNodeMembers(s, c, v);
    const t = tickWithMeetings(s, u, 1, true);
    applyArrival(s, u2, c, false, t, 1);
    const id = s.ties.size;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.flags[id]).toBe(TieFlag.alive | TieFlag.viaIntervention);
    expect(s.userTies[u].at(-1)).toBe(id);
    expect(s.userTies[u2].at(-1)).toBe(id);
    expect(s.tiesFormed[u]).toBe(1);
    expect(s.tiesFormed[u2]).toBe(1);
    expect(findTie(s, u2, s.pop.userPerson[u])).toBe(id);
  });

  test('a service user who belongs to a node but is not there this week is not met', () => {
    const s = makeState([...SURE_TIES, ['attendance.activityGroupSize', 100], ['attendance.meetingsPerAttendance', 50]]);
    holdAllUsers(s);
    const c = firstNode(s, true);
    fillNodeMembers(s, c, s.pop.userPerson[10]);
    const size = s.ties.size;
    applyVisit(s, 2, c, true, tickWithMeetings(s, 2, 1, true), 0);
    expect(s.ties.size).toBe(size);
  });

  test('a node’s members are dealt in turn to about members / activityGroupSize groups, and a user meets only the members of their own group', () => {
    const s = makeState([...SURE_TIES, ['attendance.activityGroupSize', 5], ['attendance.meetingsPerAttendance', 50]]);
    holdAllUsers(s);
    const u = 2;
    const size = (c: number) => s.pop.nodeMemberOffsets[c + 1] - s.pop.nodeMemberOffsets[c];
    const c = agencyNodes(s, 0).filter((x) => s.pop.nodeMainstream[x]).reduce((best, x) => (size(x) > size(best) ? x : best));
    const G = activityGroups(s, c);
    expect(G).toBe(Math.max(1, Math.round(size(c) / 5)));
    expect(G).toBeGreaterThan(1);
    const g = activityGroupOf(s, u, c);
    expect(activityGroupOf(s, u, c)).toBe(g); // stable: the same group on every visit
    const m0 = s.pop.nodeMemberOffsets[c];
    const mine = new Set<number>();
    for (let j = m0; j < m0 + size(c); j++) if ((j - m0) % G === g) mine.add(s.pop.nodeMembers[j]);
    const before = s.ties.size;
    applyVisit(s, u, c, true, tickWithMeetings(s, u, 20, true), 0);
    expect(s.ties.size).toBeGreaterThan(before);
    const me = s.pop.userPerson[u];
    for (let id = before; id < s.ties.size; id++) expect(mine.has(s.ties.a[id] === me ? s.ties.b[id] : s.ties.a[id])).toBe(true);
  });

  test('a user meets the other users present at the node this week', () => {
    // Many meetings at the smallest node: one of them is, with this seed, the user already there.
    const s = makeState([...SURE_TIES, ['attendance.meetingsPerAttendance', 50]]);
    holdAllUsers(s);
    const [u, u2] = [2, 10];
    const size = (c: number) => s.pop.nodeMemberOffsets[c + 1] - s.pop.nodeMemberOffsets[c];
    const c = agencyNodes(s, 0).reduce((best, x) => (size(x) < size(best) ? x : best));
    expect(size(c)).toBeLessThanOrEqual(10);
    // Members are one resident the user already knows, so a new tie can only be with someone present.
    const me = s.pop.userPerson[u];
    const r = stranger(s, u);
    const known = s.ties.add(Math.min(me, r), Math.max(me, r), 0.5, TieKind.friend, 0, 0);
    s.userTies[u].push(known);
    fillNodeMembers(s, c, r);
    const them = s.pop.userPerson[u2];
    expect(findTie(s, u, them)).toBe(-1);
    const t = tickWithMeetings(s, u, 1, true);
    applyVisit(s, u2, c, false, t, 1);
    expect(findTie(s, u, them)).toBe(-1);
    const formed = s.tiesFormed[u];
    applyVisit(s, u, c, false, t, 0);
    const id = findTie(s, u, them);
    expect(id).toBeGreaterThanOrEqual(0);
    expect(s.tiesFormed[u]).toBe(formed + 1);
    expect(s.userTies[u2]).toContain(id);
  });

  test('with meetingHomophily 1 a user meets only members of their own prestige stratum', () => {
    const s = makeState([...SURE_TIES.filter(([k]) => k !== 'attendance.meetingHomophily'), ['attendance.meetingHomophily', 1]]);
    holdAllUsers(s);
    const u = 2;
    const myStratum = s.pop.stratum[s.pop.userPerson[u]];
    const residents = Array.from({ length: s.pop.residents }, (_, v) => v).filter((v) => findTie(s, u, v) < 0);
    const other = residents.find((v) => s.pop.stratum[v] !== myStratum)!;
    const same = residents.find((v) => s.pop.stratum[v] === myStratum)!;
    const c = firstNode(s, true);
    const t = tickWithMeetings(s, u, 1, true);
    fillNodeMembers(s, c, other);
    const size = s.ties.size;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size);
    fillNodeMembers(s, c, same);
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size + 1);
    expect([s.ties.a[size], s.ties.b[size]]).toContain(same);
  });

  test('meeting an existing alter strengthens the tie by meetingStrengthening × (1 − s) and sets lastContact', () => {
    const s = makeState(UNIFORM_MEETINGS);
    holdAllUsers(s);
    const u = 2;
    const me = s.pop.userPerson[u];
    const c = firstNode(s, true);
    const v = stranger(s, u);
    const id = s.ties.add(Math.min(me, v), Math.max(me, v), 0.4, TieKind.friend, TieFlag.baseline, 0);
    s.userTies[u].push(id);
    fillNodeMembers(s, c, v);
    const r = s.params.attendance.meetingStrengthening;
    const t = tickWithMeetings(s, u, 1);
    const size = s.ties.size;
    applyVisit(s, u, c, true, t, 0);
    const s0 = Math.fround(0.4);
    expect(s.ties.strength[id]).toBe(Math.fround(s0 + r * (1 - s0)));
    expect(s.ties.lastContact[id]).toBe(t);
    expect(s.ties.size).toBe(size);
    expect(s.tiesFormed[u]).toBe(0);
    // With several meetings the gap shrinks by (1 − r) at each one.
    const t3 = tickWithMeetings(s, u, 3);
    let x = s.ties.strength[id];
    for (let i = 0; i < 3; i++) x = Math.fround(x + r * (1 - x));
    applyVisit(s, u, c, true, t3, 0);
    expect(s.ties.strength[id]).toBe(x);
    expect(s.ties.lastContact[id]).toBe(t3);
  });

  test('with no meetings drawn nothing changes but the participation counters, confidence and ownership', () => {
    const s = makeState(SURE_TIES);
    holdAllUsers(s);
    const u = 2;
    const c = firstNode(s, true);
    const t = tickWithMeetings(s, u, 0);
    const size = s.ties.size;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size);
  });

  test('an attendance counts in the participation rings, and raises confidence and ownership by their gains', () => {
    const s = makeState();
    holdAllUsers(s);
    const A = s.params.attendance;
    const u = 2;
    const main = firstNode(s, true);
    const serv = firstNode(s, false);
    s.userInterests[u] = s.pop.nodeInterests[main];
    s.goal[u] = 0;
    expect(s.pop.nodeInterests[serv] & s.userInterests[u]).toBe(0);
    s.confidence[u] = 0.3;
    s.ownership[u] = 0.2;
    const tick = 6;
    const ring = u * s.window + (tick % s.window);
    applyVisit(s, u, main, true, tick, 0);
    expect([s.attendRing[ring], s.mainstreamRing[ring], s.matchRing[ring]]).toEqual([1, 1, 1]);
    expect(s.confidence[u]).toBeCloseTo(0.3 + A.confidenceGainPerAttendance * 0.7, 15);
    expect(s.ownership[u]).toBeCloseTo(0.2 + A.ownershipGainPerAttendance * 0.8, 15);
    applyVisit(s, u, serv, true, tick, 1);
    expect([s.attendRing[ring], s.mainstreamRing[ring], s.matchRing[ring]]).toEqual([2, 1, 1]);
    // A goal counts as a match too.
    s.goal[u] = s.pop.nodeInterests[serv] & -s.pop.nodeInterests[serv];
    applyVisit(s, u, serv, true, tick, 2);
    expect([s.attendRing[ring], s.mainstreamRing[ring], s.matchRing[ring]]).toEqual([3, 1, 2]);
    // Other weeks' slots are untouched; the window stage clears this slot when the ring comes round.
    expect(s.attendRing[u * s.window + ((tick + 1) % s.window)]).toBe(0);
    applyParticipationWindow(s, tick + s.window);
    expect([s.attendRing[ring], s.mainstreamRing[ring], s.matchRing[ring]]).toEqual([0, 0, 0]);
  });
});

describe('culturalFactor', () => {
  const effects = (s: RunState) => s.params.barriers.user.noCulturallyAppropriateServices.effects;

  test('the barrier applies only at nodes not culturally appropriate for the user’s group', () => {
    const s = makeState();
    holdAllUsers(s);
    const u = 2;
    const c = firstNode(s, true);
    s.pop.group[s.pop.userPerson[u]] = 1;
    s.barriers[u] = 1 << CULTURAL_BARRIER;
    s.pop.nodeAppropriate[c] = 0b101;
    expect(culturalFactor(s, u, c, 'attendance')).toBe(1 - effects(s).attendance!);
    expect(culturalFactor(s, u, c, 'tieFormation')).toBe(1 - effects(s).tieFormation!);
    s.pop.nodeAppropriate[c] = 0b011;
    expect(culturalFactor(s, u, c, 'attendance')).toBe(1);
    s.pop.nodeAppropriate[c] = 0b101;
    s.barriers[u] = 0;
    expect(culturalFactor(s, u, c, 'attendance')).toBe(1);
  });

  test('the barrier is left out of the general barrier factors, so it does not act everywhere', () => {
    const s = makeState();
    const u = 2;
    s.barriers[u] = 1 << CULTURAL_BARRIER;
    expect(userFactor(s, u, 'attendance')).toBe(1);
    expect(userFactor(s, u, 'tieFormation')).toBe(1);
  });

  test('at a fully blocking effect no tie forms at an inappropriate node, while one forms at an appropriate node', () => {
    const s = makeState([...SURE_TIES, ['barriers.user.noCulturallyAppropriateServices.effects.tieFormation', 1]]);
    holdAllUsers(s);
    const u = 2;
    s.pop.group[s.pop.userPerson[u]] = 1;
    s.barriers[u] = 1 << CULTURAL_BARRIER;
    const c = firstNode(s, true);
    fillNodeMembers(s, c, stranger(s, u));
    const t = tickWithMeetings(s, u, 1, true);
    s.pop.nodeAppropriate[c] = 0b101;
    const size = s.ties.size;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size);
    s.pop.nodeAppropriate[c] = 0b111;
    applyVisit(s, u, c, true, t, 0);
    expect(s.ties.size).toBe(size + 1);
  });
});

describe('applyAttendance', () => {
  /** User 2 waiting, with ownership above the threshold and two engaged nodes of full accessibility. */
  function attender(set: readonly Assignment[]): { s: RunState; u: number; nodes: number[] } {
    const s = makeState([['attendance.selfDiscoveryRate', 0], ['attendance.dropNodeRate', 0], ...set]);
    holdAllUsers(s);
    const u = 2;
    s.state[u] = UserState.waiting;
    s.ownership[u] = 0.9;
    s.engagedNodes.fill(-1, u * s.maxNodes, (u + 1) * s.maxNodes);
    const nodes = [firstNode(s, true), firstNode(s, false)];
    for (const c of nodes) {
      addEngagedNode(s, u, c, true);
      s.pop.nodeAccessibility[c] = 1;
    }
    return { s, u, nodes };
  }

  test('with dropNodeRate 1 every referred user’s engaged nodes are emptied, and users not yet referred keep theirs', () => {
    const s = makeState([['attendance.dropNodeRate', 1]]);
    holdAllUsers(s);
    const referred = [0, 2, 8];
    for (const u of referred) s.state[u] = UserState.waiting;
    for (let u = 0; u < s.pop.users; u++) s.engagedNodes[u * s.maxNodes] = 32;
    applyAttendance(s, 1);
    for (let u = 0; u < s.pop.users; u++) {
      const row = Array.from(s.engagedNodes.subarray(u * s.maxNodes, (u + 1) * s.maxNodes));
      if (referred.includes(u)) expect(row.every((c) => c === -1)).toBe(true);
      else expect(row[0]).toBe(32);
    }
    expect(Array.from(s.attendRing).every((x) => x === 0)).toBe(true);
  });

  test('with engagedNodeRate 1 at accessible nodes a user with ownership attends every engaged node once', () => {
    const { s, u } = attender([['attendance.engagedNodeRate', 1]]);
    const tick = 3;
    applyAttendance(s, tick);
    expect(s.attendRing[u * s.window + (tick % s.window)]).toBe(2);
    expect(s.scratch.lastVisit[u * s.maxNodes]).toBe(tick);
    expect(s.scratch.lastVisit[u * s.maxNodes + 1]).toBe(tick);
  });

  test('a node already visited with the worker this week is not attended again', () => {
    const { s, u } = attender([['attendance.engagedNodeRate', 1]]);
    const tick = 3;
    s.scratch.lastVisit[u * s.maxNodes] = tick;
    applyAttendance(s, tick);
    expect(s.attendRing[u * s.window + (tick % s.window)]).toBe(1);
  });

  test('below the ownership threshold attendance is scaled by lowOwnershipFactor (0: none)', () => {
    const { s, u } = attender([
      ['attendance.engagedNodeRate', 1],
      ['attendance.lowOwnershipFactor', 0],
    ]);
    s.ownership[u] = s.params.attendance.ownershipThreshold - 0.01;
    applyAttendance(s, 3);
    expect(Array.from(s.attendRing).every((x) => x === 0)).toBe(true);
  });

  test('self-directed discovery adds the drawn node when it is mainstream and matches the user’s interests, via the intervention only after a partnership', () => {
    const s = makeState([
      ['attendance.selfDiscoveryRate', 1],
      ['attendance.dropNodeRate', 0],
      ['attendance.engagedNodeRate', 0],
      ['attendance.baselineNodeRate', 0],
    ]);
    holdAllUsers(s);
    const stream = s.rng.stream('attendance');
    const nodes = agencyNodes(s, 0);
    let added = 0;
    for (let u = 0; u < s.pop.users; u++) {
      if (s.agency[u] !== 0) continue;
      s.state[u] = UserState.waiting;
      s.ownership[u] = 0.9;
      s.userInterests[u] = (1 << s.pop.interestCount) - 1;
      s.engagedNodes.fill(-1, u * s.maxNodes, (u + 1) * s.maxNodes);
      s.engagedWeeks[u] = u % 2;
    }
    const tick = 4;
    applyAttendance(s, tick);
    for (let u = 0; u < s.pop.users; u++) {
      if (s.agency[u] !== 0) continue;
      const c = nodes[Math.floor(s.rng.uniform(stream, tick, u, 4097) * nodes.length)];
      const row = Array.from(s.engagedNodes.subarray(u * s.maxNodes, (u + 1) * s.maxNodes)).filter((x) => x >= 0);
      if (s.pop.nodeMainstream[c]) {
        expect(row).toEqual([c]);
        expect(s.engagedVia[u * s.maxNodes]).toBe(u % 2);
        added++;
      } else expect(row).toEqual([]);
    }
    expect(added).toBeGreaterThan(0);
  });
});
