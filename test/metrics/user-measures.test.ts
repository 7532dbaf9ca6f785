// Per-user measures (measureUsers, MODEL.md §5) on a small RunState built from the teaching-barriers
// scenario, with ties edited by hand: network size and composition, new, weak/strong, via-intervention,
// outside-services, deepened and lost ties, Lin's indices, the RG-UK score and subscales, contribution,
// participation and fidelity rating, each recomputed here from the tie store itself; ego-network
// clustering against a graphology graph of the live ties.
import { UndirectedGraph } from 'graphology';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { RESOURCE_SUBSCALES } from '../../src/scenario/tables.js';
import { buildPopulation, type Population } from '../../src/model/population.js';
import { createRunState, type RunState } from '../../src/model/run-state.js';
import { SHARED_PROCESSES, TieFlag, TieKind, UserState } from '../../src/model/codes.js';
import { deriveSeed, KeyedRandom } from '../../src/rng/index.js';
import { hasTie, measureFidelityRating, measureUsers, UM, USER_MEASURES } from '../../src/metrics/user-measures.js';

const scenario = loadScenario('teaching-barriers');
const M = USER_MEASURES.length;

function freshState(): RunState {
  const pop = buildPopulation(scenario.params, scenario.tables, deriveSeed(scenario.seed, 'population'));
  return createRunState(pop, scenario.arms[0].params, scenario.tables, new KeyedRandom(deriveSeed(scenario.seed, 'ticks')));
}

const row = (rows: Float64Array, u: number) => Object.fromEntries(USER_MEASURES.map((m, i) => [m, rows[u * M + i]])) as Record<(typeof USER_MEASURES)[number], number>;

/** Live ties of a person, found by scanning the whole store (independent of the state's per-user lists). */
function liveTiesOf(s: RunState, person: number): number[] {
  const out: number[] = [];
  for (let id = 0; id < s.ties.size; id++) if (s.ties.isAlive(id) && (s.ties.a[id] === person || s.ties.b[id] === person)) out.push(id);
  return out;
}

/** Everything measureUsers reports about the network, recomputed from first principles. */
function byHand(s: RunState, u: number) {
  const pop: Population = s.pop;
  const t = s.ties;
  const me = pop.userPerson[u];
  const live = liveTiesOf(s, me);
  const alters = live.map((id) => t.other(id, me));
  const thr = s.params.ties.weakThreshold;
  let lost = 0;
  for (let id = 0; id < t.size; id++) if (!t.isAlive(id) && (t.a[id] === me || t.b[id] === me)) lost++;
  const positions = [...new Set(alters.map((v) => pop.position[v]))].map((p) => pop.prestige[p]);
  let union = 0;
  for (const v of alters) union |= pop.resources[v];
  const items = s.tables.resources.items;
  const sub = RESOURCE_SUBSCALES.map((name) => items.filter((it, k) => it.subscale === name && (union >>> k) & 1).length);
  const flagged = (f: number) => live.filter((id) => t.flags[id] & f).length;
  return {
    network_size: live.length,
    new_ties: live.filter((id) => !(t.flags[id] & TieFlag.baseline)).length,
    ties_lost: lost,
    weak_ties: live.filter((id) => t.strength[id] < thr).length,
    strong_ties: live.filter((id) => t.strength[id] >= thr).length,
    family_ties: live.filter((id) => t.kind[id] === TieKind.family).length,
    friend_ties: live.filter((id) => t.kind[id] === TieKind.friend).length,
    acquaintance_ties: live.filter((id) => t.kind[id] === TieKind.acquaintance).length,
    via_intervention_ties: flagged(TieFlag.viaIntervention),
    outside_services_ties: flagged(TieFlag.outsideServices),
    deepened_ties: live.filter((id) => t.flags[id] & TieFlag.baseline && t.strength[id] > t.baseStrength[id] + 1e-6).length,
    extensity: positions.length,
    upper_reachability: positions.length ? Math.max(...positions) : 0,
    prestige_range: positions.length ? Math.max(...positions) - Math.min(...positions) : 0,
    average_prestige: positions.length ? positions.reduce((a, b) => a + b, 0) / positions.length : 0,
    rg_total: sub.reduce((a, b) => a + b, 0),
    rg_domestic: sub[0],
    rg_expert_advice: sub[1],
    rg_personal_skills: sub[2],
    rg_problem_solving: sub[3],
    contribution: live.filter((id) => t.strength[id] >= s.params.outcomes.contributionMinStrength && (pop.resources[me] & ~pop.resources[t.other(id, me)]) !== 0)
      .length,
  };
}

/** A graphology view of the live person–person ties. */
function graphOf(s: RunState): UndirectedGraph {
  const g = new UndirectedGraph();
  for (let p = 0; p < s.pop.persons; p++) g.addNode(p);
  for (let id = 0; id < s.ties.size; id++) if (s.ties.isAlive(id)) g.mergeEdge(s.ties.a[id], s.ties.b[id]);
  return g;
}

/** Local clustering of a node in graphology: closed neighbour pairs over all neighbour pairs (0 below 2 neighbours). */
function localClustering(g: UndirectedGraph, node: number): number {
  const nb = g.neighbors(String(node));
  let pairs = 0;
  let closed = 0;
  for (let i = 0; i < nb.length; i++)
    for (let j = i + 1; j < nb.length; j++) {
      pairs++;
      if (g.hasEdge(nb[i], nb[j])) closed++;
    }
  return pairs > 0 ? closed / pairs : 0;
}

describe('measureUsers at baseline', () => {
  const s = freshState();
  const rows = measureUsers(s, { clustering: true });

  test('it writes one row of every measure per user', () => {
    expect(rows.length).toBe(s.pop.users * M);
  });

  test('network measures equal the hand computation from the tie store for every user', () => {
    for (let u = 0; u < s.pop.users; u++) expect(row(rows, u)).toMatchObject(byHand(s, u));
  });

  test('nothing has been formed, lost or deepened yet, and no tie came through the intervention', () => {
    for (let u = 0; u < s.pop.users; u++) {
      const r = row(rows, u);
      expect([r.new_ties, r.ties_formed, r.ties_lost, r.deepened_ties, r.via_intervention_ties, r.outside_services_ties]).toEqual([0, 0, 0, 0, 0, 0]);
      expect(r.network_size).toBe(s.pop.tieOffsets[s.pop.userPerson[u] + 1] - s.pop.tieOffsets[s.pop.userPerson[u]]);
    }
  });

  test('measures that need an engagement or an attendance are NaN before there is one', () => {
    for (let u = 0; u < s.pop.users; u++) {
      const r = row(rows, u);
      expect(s.state[u]).toBe(UserState.notReferred);
      expect(r.partnership_strength).toBeNaN();
      expect(r.progress).toBeNaN();
      expect(r.mainstream_share).toBeNaN();
      // Before any week is observed, participation is the expected attendance at the user's baseline nodes.
      expect(r.participation).toBeCloseTo(s.baselineAttendance[u], 12);
    }
  });

  test('ego-network clustering equals local clustering in a graphology graph of the live ties', () => {
    const g = graphOf(s);
    let some = 0;
    for (let u = 0; u < s.pop.users; u++) {
      const expected = localClustering(g, s.pop.userPerson[u]);
      expect(row(rows, u).ego_clustering).toBeCloseTo(expected, 12);
      if (expected > 0) some++;
    }
    expect(some).toBeGreaterThan(0); // the check has closed triangles to find
  });

  test('without the clustering option ego clustering is NaN', () => {
    const r = measureUsers(s, { clustering: false });
    for (let u = 0; u < s.pop.users; u++) expect(r[u * M + UM.ego_clustering]).toBeNaN();
  });

  test('a row buffer passed in is filled and returned', () => {
    const buf = new Float64Array(s.pop.users * M).fill(-7);
    expect(measureUsers(s, { clustering: true }, buf)).toBe(buf);
    expect(buf).toEqual(rows);
  });
});

describe('measureUsers after hand-made changes to the ties', () => {
  let s: RunState;
  let u: number;
  let v: number;
  let before: ReturnType<typeof row>;
  let after: ReturnType<typeof row>;
  let rowsAfter: Float64Array;
  let deepen: number;
  let drop: number;

  beforeAll(() => {
    s = freshState();
    const pop = s.pop;
    // A user with at least two baseline ties, one weak enough to deepen; and another user, not tied to them.
    u = [...Array(pop.users).keys()].find((x) => {
      const ids = s.userTies[x];
      return ids.length >= 3 && ids.some((id) => s.ties.baseStrength[id] < 0.7);
    })!;
    const me = pop.userPerson[u];
    v = [...Array(pop.users).keys()].find((x) => x !== u && !hasTie(s, me, pop.userPerson[x]))!;
    before = row(measureUsers(s, { clustering: true }), u);
    const tied = new Set(liveTiesOf(s, me).map((id) => s.ties.other(id, me)));
    const strangers = [...Array(pop.residents).keys()].filter((p) => !tied.has(p)).slice(0, 3);
    const [r1, r2, r3] = strangers;

    // 1. A baseline tie dissolves and another deepens.
    const ids = s.userTies[u];
    deepen = ids.find((id) => s.ties.baseStrength[id] < 0.7)!;
    drop = ids.find((id) => id !== deepen)!;
    s.ties.dissolve(drop);
    s.ties.strength[deepen] = s.ties.baseStrength[deepen] + 0.2;
    // 2. New ties, as attendance forms them: a weak one outside services through the intervention, a strong
    //    one through the intervention, one with another service user, and one that formed and dissolved.
    const add = (other: number, strength: number, flags: number, also?: number) => {
      const id = s.ties.add(Math.min(me, other), Math.max(me, other), strength, TieKind.acquaintance, flags, 3);
      s.userTies[u].push(id);
      s.tiesFormed[u]++;
      if (also !== undefined) {
        s.userTies[also].push(id);
        s.tiesFormed[also]++;
      }
      return id;
    };
    add(r1, 0.1, TieFlag.viaIntervention | TieFlag.outsideServices);
    add(r2, 0.9, TieFlag.viaIntervention);
    const vPerson = pop.userPerson[v];
    add(vPerson, 0.6, 0, v);
    s.ties.dissolve(add(r3, 0.2, TieFlag.viaIntervention));
    // 3. Close a triangle: user v meets r1, who is already u's alter.
    const closing = s.ties.add(Math.min(vPerson, r1), Math.max(vPerson, r1), 0.3, TieKind.acquaintance, 0, 4);
    s.userTies[v].push(closing);
    s.tiesFormed[v]++;
    rowsAfter = measureUsers(s, { clustering: true });
    after = row(rowsAfter, u);
  });

  test('the changed user matches the hand computation from the tie store', () => {
    expect(after).toMatchObject(byHand(s, u));
    expect(row(rowsAfter, v)).toMatchObject(byHand(s, v));
  });

  test('network size gains the three live new ties and loses the dissolved baseline tie', () => {
    expect(after.network_size).toBe(before.network_size + 2);
    expect(after.new_ties).toBe(3);
    expect(after.ties_formed).toBe(4);
  });

  test('ties lost count the dissolved baseline tie and the new tie that dissolved again', () => {
    expect(after.ties_lost).toBe(2);
  });

  test('the weak new tie counts as weak and the two others as strong', () => {
    const thr = s.params.ties.weakThreshold;
    const weak = (x: number) => (x < thr ? 1 : 0);
    // Changes to the weak count: +1 new weak tie, minus the dropped tie if it was weak, minus the deepened
    // tie if deepening lifted it over the threshold.
    const crossed = weak(s.ties.baseStrength[deepen]) - weak(s.ties.strength[deepen]);
    expect(after.weak_ties).toBe(before.weak_ties + 1 - weak(s.ties.strength[drop]) - crossed);
    expect(after.strong_ties).toBe(before.strong_ties + 2 - (1 - weak(s.ties.strength[drop])) + crossed);
    expect(after.weak_ties + after.strong_ties).toBe(after.network_size);
  });

  test('ties via the intervention, outside services and deepened are counted from their flags and strengths', () => {
    expect(after.via_intervention_ties).toBe(2);
    expect(after.outside_services_ties).toBe(1);
    expect(after.deepened_ties).toBe(1);
  });

  test('the other service user sees the shared tie and the tie that closes the triangle', () => {
    const rv = row(rowsAfter, v);
    expect(rv.new_ties).toBe(2);
    expect(rv.ties_formed).toBe(2);
  });

  test('ego clustering still equals graphology local clustering, and the closed triangle raised it for both users', () => {
    const g = graphOf(s);
    for (const x of [u, v]) expect(rowsAfter[x * M + UM.ego_clustering]).toBeCloseTo(localClustering(g, s.pop.userPerson[x]), 12);
    // u's alters r1 and v are now tied to each other.
    expect(hasTie(s, s.pop.userPerson[v], s.pop.userPerson[u])).toBe(true);
    expect(after.ego_clustering).toBeGreaterThan(0);
  });

  test('hasTie is symmetric and sees only live ties', () => {
    const me = s.pop.userPerson[u];
    for (const id of s.userTies[u]) {
      const other = s.ties.other(id, me);
      expect(hasTie(s, me, other)).toBe(s.ties.isAlive(id));
      expect(hasTie(s, other, me)).toBe(s.ties.isAlive(id));
    }
  });
});

describe('participation, fidelity rating and the wellbeing proxy', () => {
  test('participation is attendances over the window and the shares are per attendance', () => {
    const s = freshState();
    const W = s.window;
    // A user referred long enough ago that the whole window has been observed.
    s.state[0] = UserState.waiting;
    s.referralTick[0] = 1;
    s.tick = W + 5;
    s.attendRing[0 * W + 1] = 2;
    s.mainstreamRing[0 * W + 1] = 1;
    s.matchRing[0 * W + 1] = 2;
    s.attendRing[0 * W + 2] = 2;
    const r = row(measureUsers(s, { clustering: false }), 0);
    expect(r.participation).toBeCloseTo(4 / W, 12);
    expect(r.mainstream_share).toBeCloseTo(1 / 4, 12);
    expect(r.interest_match_share).toBeCloseTo(2 / 4, 12);
  });

  test('participation fills the weeks not yet observed with the expected baseline attendance', () => {
    const s = freshState();
    const W = s.window;
    s.state[0] = UserState.engaged;
    s.referralTick[0] = 0;
    s.tick = 2; // weeks 1 and 2 observed
    s.attendRing[0 * W + 1] = 3;
    const r = row(measureUsers(s, { clustering: false }), 0);
    expect(r.participation).toBeCloseTo((3 + s.baselineAttendance[0] * (W - 2)) / W, 12);
  });

  test('the fidelity rating is the mean over the five shared processes of events over the full dose, capped at 1', () => {
    const s = freshState();
    const K = SHARED_PROCESSES.length;
    const full = s.params.outcomes.fidelityFullDose;
    const counts = [Math.ceil(full) * 3, 0, 1, Math.ceil(full), 0];
    counts.forEach((c, k) => (s.processCounts[2 * K + k] = c));
    const expected = (1 + 0 + Math.min(1, 1 / full) + 1 + 0) / 5;
    expect(measureFidelityRating(s, 2)).toBeCloseTo(expected, 12);
    expect(row(measureUsers(s, { clustering: false }), 2).fidelity_rating).toBeCloseTo(expected, 12);
    expect(measureFidelityRating(s, 3)).toBe(0);
  });

  test('an active barrier lowers the wellbeing proxy by 56 × wellbeingBarrier points, within the 14–70 scale', () => {
    const s = freshState();
    const O = s.params.outcomes;
    const rows0 = measureUsers(s, { clustering: false });
    for (let u = 0; u < s.pop.users; u++) {
      const w = rows0[u * M + UM.wellbeing];
      expect(w).toBeGreaterThanOrEqual(14);
      expect(w).toBeLessThanOrEqual(70);
    }
    const u = [...Array(s.pop.users).keys()].find((x) => s.barriers[x] === 0 && rows0[x * M + UM.wellbeing] > 14 + 56 * O.wellbeingBarrier + 1)!;
    expect(u).toBeDefined();
    s.barriers[u] = 1 << 3;
    const w1 = measureUsers(s, { clustering: false })[u * M + UM.wellbeing];
    expect(rows0[u * M + UM.wellbeing] - w1).toBeCloseTo(56 * O.wellbeingBarrier, 9);
    expect(measureUsers(s, { clustering: false })[u * M + UM.active_barriers]).toBe(1);
  });

  test('the partnership measures are read only while a user is engaged', () => {
    const s = freshState();
    s.state[4] = UserState.engaged;
    s.strength[4] = 0.4;
    s.trust[4] = 0.3;
    s.progress[4] = 0.2;
    const r = row(measureUsers(s, { clustering: false }), 4);
    expect([r.partnership_strength, r.partnership_trust, r.progress]).toEqual([0.4, 0.3, 0.2]);
    s.state[4] = UserState.paused;
    expect(row(measureUsers(s, { clustering: false }), 4).partnership_strength).toBeNaN();
  });

  test('the worker time received reads the recorded hours: staff plus peer, the peer part, contact weeks and weeks of peer support', () => {
    const s = freshState();
    s.staffHours[2] = 10.5;
    s.peerHours[2] = 2.25;
    s.contactWeeks[2] = 7;
    s.peerSupportWeeks[2] = 3;
    const r = row(measureUsers(s, { clustering: false }), 2);
    expect([r.worker_hours, r.peer_worker_hours, r.worker_contacts, r.peer_support_weeks]).toEqual([12.75, 2.25, 7, 3]);
    // Nothing received yet is 0, not missing.
    const r0 = row(measureUsers(s, { clustering: false }), 0);
    expect([r0.worker_hours, r0.peer_worker_hours, r0.worker_contacts, r0.peer_support_weeks]).toEqual([0, 0, 0, 0]);
  });

  test('the resource-use measures come last, after every earlier measure', () => {
    expect(USER_MEASURES.slice(-5)).toEqual(['ego_clustering', 'worker_hours', 'peer_worker_hours', 'worker_contacts', 'peer_support_weeks']);
  });
});
