// The five shared processes, the square of the CPI model (MODEL.md §3.4; Webber et al. 2016): each fires
// with probability ∝ progress × agency fidelity. With rates, progress and fidelity at 1 every process
// fires and makes its exact change; with fidelity 0 nothing fires; sign-posting picks only nodes the
// worker or agency knows, and high fidelity favours mainstream nodes.
import { describe, expect, test } from 'vitest';
import { applySharedProcesses, chooseSignpostNode } from '../../src/processes/shared-processes.js';
import { SHARED_PROCESSES, TieFlag, TieKind, UserState } from '../../src/model/codes.js';
import { hasBit, type RunState } from '../../src/model/run-state.js';
import { USER_BARRIERS } from '../../src/scenario/parameters.js';
import { agencyNodes, bitCount, changedColumns, engage, holdAllUsers, makeState, setKnowledge, snapshot, workersOf, type Assignment } from './fixture.js';

const K = SHARED_PROCESSES.length;
const ALL_RATES_ONE: readonly Assignment[] = [
  ['processes.assessmentRate', 1],
  ['processes.objectiveRate', 1],
  ['processes.inspirationRate', 1],
  ['processes.signpostingRate', 1],
  ['processes.skillRecognitionRate', 1],
  ['processes.reconnectionRate', 0],
  ['attendance.facilitatedRate', 0],
];

/** User 0 engaged with the first worker of agency 0, progress and fidelity 1, no engaged nodes. */
function ready(set: readonly Assignment[] = []): { s: RunState; u: number; w: number } {
  const s = makeState([...ALL_RATES_ONE, ...set]);
  holdAllUsers(s);
  const w = workersOf(s, 0)[0];
  const u = 0;
  engage(s, u, w);
  s.progress[u] = 1;
  s.agencyFidelity[0] = 1;
  s.engagedNodes.fill(-1, u * s.maxNodes, (u + 1) * s.maxNodes);
  s.confidence[u] = 0.3;
  s.ownership[u] = 0.2;
  return { s, u, w };
}

const engagedOf = (s: RunState, u: number): number[] => Array.from(s.engagedNodes.subarray(u * s.maxNodes, (u + 1) * s.maxNodes)).filter((c) => c >= 0);

describe('applySharedProcesses', () => {
  test('with rates, progress and fidelity 1 every process fires and makes its change', () => {
    const { s, u, w } = ready();
    const P = s.params.processes;
    const interests = s.userInterests[u];
    expect(bitCount(interests)).toBeGreaterThan(0);
    expect(bitCount(interests)).toBeLessThan(s.pop.interestCount);
    const tick = 3;
    applySharedProcesses(s, tick);
    // Every process counted once.
    expect(Array.from(s.processCounts.subarray(u * K, (u + 1) * K))).toEqual([1, 1, 1, 1, 1]);
    // Assessment.
    expect(s.assessed[u]).toBe(1);
    // Objective development after assessment: one goal bit within the user's interests.
    expect(bitCount(s.goal[u])).toBe(1);
    expect(s.goal[u] & interests).toBe(s.goal[u]);
    // Inspiration: exactly one new interest bit.
    const added = s.userInterests[u] & ~interests;
    expect(bitCount(added)).toBe(1);
    expect(s.userInterests[u] & interests).toBe(interests);
    expect(added).toBeLessThan(1 << s.pop.interestCount);
    // Sign-posting: the node chooseSignpostNode picks with the process's own uniform, via the intervention.
    // (The node is now one the user goes to through the intervention, so it is found with its slot cleared.)
    const [c] = engagedOf(s, u);
    s.engagedNodes[u * s.maxNodes] = -1;
    expect(chooseSignpostNode(s, u, w, s.rng.uniform(s.rng.stream('signposting'), tick, u, 1))).toBe(c);
    s.engagedNodes[u * s.maxNodes] = c;
    expect(c).toBeGreaterThanOrEqual(0);
    expect(engagedOf(s, u)).toEqual([c]);
    expect(s.engagedVia[u * s.maxNodes]).toBe(1);
    expect(hasBit(s.workerKnowledge, w, s.pop.knowledgeWords, c) || hasBit(s.agencyKnowledge, 0, s.pop.knowledgeWords, c)).toBe(true);
    // Skill recognition: confidence and ownership gain a fraction of the gap (no facilitated visit here).
    expect(s.confidence[u]).toBeCloseTo(0.3 + P.confidenceGain * (1 - 0.3), 15);
    expect(s.ownership[u]).toBeCloseTo(0.2 + P.ownershipGain * (1 - 0.2), 15);
  });

  test('with fidelity 0 nothing fires and the state is unchanged', () => {
    const { s } = ready([['processes.reconnectionRate', 1], ['attendance.facilitatedRate', 1]]);
    s.agencyFidelity[0] = 0;
    const before = snapshot(s);
    for (let t = 1; t <= 20; t++) applySharedProcesses(s, t);
    expect(changedColumns(before, snapshot(s))).toEqual([]);
  });

  test('with progress 0 (a stalled pair) nothing fires', () => {
    const { s, u } = ready();
    s.progress[u] = 0;
    const before = snapshot(s);
    for (let t = 1; t <= 20; t++) applySharedProcesses(s, t);
    expect(changedColumns(before, snapshot(s))).toEqual([]);
  });

  test('users who are not engaged take part in no process', () => {
    const { s, u } = ready();
    s.state[u] = UserState.paused;
    const before = snapshot(s);
    applySharedProcesses(s, 1);
    expect(changedColumns(before, snapshot(s))).toEqual([]);
  });

  test('objective development after assessment picks the goal within the user interests, every time', () => {
    const { s, u } = ready([['processes.inspirationRate', 0], ['processes.signpostingRate', 0]]);
    const interests = s.userInterests[u];
    const seen = new Set<number>();
    for (let t = 1; t <= 60; t++) {
      applySharedProcesses(s, t);
      expect(bitCount(s.goal[u])).toBe(1);
      expect(s.goal[u] & interests).toBe(s.goal[u]);
      seen.add(s.goal[u]);
    }
    // Every interest is reachable as a goal.
    expect([...seen].reduce((a, b) => a | b, 0)).toBe(interests);
  });

  test('inspiration sets the goal to the new interest when there is no goal yet', () => {
    const { s, u } = ready([['processes.objectiveRate', 0], ['processes.signpostingRate', 0]]);
    s.goal[u] = 0;
    const interests = s.userInterests[u];
    applySharedProcesses(s, 1);
    const added = s.userInterests[u] & ~interests;
    expect(bitCount(added)).toBe(1);
    expect(s.goal[u]).toBe(added);
  });

  test('a facilitated visit at facilitatedRate 1 counts an attendance at the sign-posted node and marks the slot visited', () => {
    const { s, u } = ready([['attendance.facilitatedRate', 1], ['processes.skillRecognitionRate', 0]]);
    const tick = 5;
    applySharedProcesses(s, tick);
    const [c] = engagedOf(s, u);
    expect(c).toBeGreaterThanOrEqual(0);
    expect(s.attendRing[u * s.window + (tick % s.window)]).toBe(1);
    expect(s.mainstreamRing[u * s.window + (tick % s.window)]).toBe(s.pop.nodeMainstream[c]);
    expect(s.scratch.lastVisit[u * s.maxNodes]).toBe(tick);
  });

  test('a barrier that blocks sign-posting entirely stops it, and only it', () => {
    const { s, u } = ready([['barriers.user.insufficientInformation.effects.signposting', 1]]);
    s.barriers[u] = 1 << USER_BARRIERS.indexOf('insufficientInformation');
    applySharedProcesses(s, 1);
    expect(s.processCounts[u * K + SHARED_PROCESSES.indexOf('signposting')]).toBe(0);
    expect(engagedOf(s, u)).toEqual([]);
    expect(s.processCounts[u * K + SHARED_PROCESSES.indexOf('assessment')]).toBe(1);
    expect(s.processCounts[u * K + SHARED_PROCESSES.indexOf('skillRecognition')]).toBe(1);
  });

  test('after assessment, reconnection renews a weak existing tie by reconnectionStrengthening × (1 − s)', () => {
    const { s, u } = ready([['processes.reconnectionRate', 1]]);
    const thr = s.params.processes.reconnectionThreshold;
    const list = s.userTies[u];
    expect(list.length).toBeGreaterThan(0);
    for (const id of list) s.ties.strength[id] = Math.max(s.ties.strength[id], 0.9);
    const me = s.pop.userPerson[u];
    const id = s.ties.add(me, s.pop.residents - 1, 0.2, TieKind.acquaintance, 0, 0);
    list.push(id);
    expect(s.ties.strength[id]).toBeLessThan(thr);
    const before = Float32Array.from(s.ties.strength);
    applySharedProcesses(s, 4);
    expect(s.ties.strength[id]).toBe(Math.fround(Math.fround(0.2) + s.params.processes.reconnectionStrengthening * (1 - Math.fround(0.2))));
    expect(s.ties.lastContact[id]).toBe(4);
    for (let t = 0; t < s.ties.size; t++) if (t !== id) expect(s.ties.strength[t]).toBe(before[t]);
    expect(s.ties.flags[id] & TieFlag.alive).toBe(TieFlag.alive);
  });
  test('each shared process delivered raises strength and trust by processStrengthGain and processTrustGain of the gap', () => {
    const { s, u } = ready();
    const P = s.params.partnership;
    s.strength[u] = 0.4;
    s.trust[u] = 0.3;
    applySharedProcesses(s, 3);
    const n = Array.from(s.processCounts.subarray(u * K, (u + 1) * K)).reduce((a, b) => a + b, 0);
    expect(n).toBe(5);
    expect(s.strength[u]).toBeCloseTo(1 - (1 - 0.4) * (1 - P.processStrengthGain) ** n, 14);
    expect(s.trust[u]).toBeCloseTo(1 - (1 - 0.3) * (1 - P.processTrustGain) ** n, 14);
  });

  test('with fidelity 0 no process is delivered and the partnership gains nothing', () => {
    const { s, u } = ready();
    s.agencyFidelity[0] = 0;
    s.strength[u] = 0.4;
    s.trust[u] = 0.3;
    applySharedProcesses(s, 3);
    expect([s.strength[u], s.trust[u]]).toEqual([0.4, 0.3]);
  });

  test('reconnection renews ties below its own threshold, not below ties.weakThreshold', () => {
    const { s, u } = ready([
      ['processes.reconnectionRate', 1],
      ['processes.reconnectionThreshold', 0.1],
      ['ties.weakThreshold', 0.9],
    ]);
    const list = s.userTies[u];
    for (const id of list) s.ties.strength[id] = Math.max(s.ties.strength[id], 0.5);
    const before = Float32Array.from(s.ties.strength);
    applySharedProcesses(s, 4);
    // Every tie is weak by ties.weakThreshold, none is below reconnectionThreshold: nothing is renewed.
    for (let t = 0; t < s.ties.size; t++) expect(s.ties.strength[t]).toBe(before[t]);
  });
});

describe('chooseSignpostNode', () => {
  const grid = (n: number) => Array.from({ length: n }, (_, i) => (i + 0.5) / n);

  test('it chooses only among nodes the worker or the agency knows, and returns -1 when none is known', () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    setKnowledge(s.workerKnowledge, w, words, [nodes[3]]);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    for (const x of grid(200)) expect(chooseSignpostNode(s, u, w, x)).toBe(nodes[3]);
    setKnowledge(s.workerKnowledge, w, words, []);
    setKnowledge(s.agencyKnowledge, 0, words, [nodes[1], nodes[7]]);
    s.agencySupportiveness[0] = 0.5;
    const chosen = new Set(grid(500).map((x) => chooseSignpostNode(s, u, w, x)));
    expect([...chosen].sort((a, b) => a - b)).toEqual([nodes[1], nodes[7]]);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    expect(chooseSignpostNode(s, u, w, 0.5)).toBe(-1);
  });

  test("agency knowledge is weighted by supportiveness: at supportiveness 0 only the worker's own nodes are chosen", () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    setKnowledge(s.workerKnowledge, w, words, [nodes[0]]);
    setKnowledge(s.agencyKnowledge, 0, words, [nodes[5], nodes[6]]);
    s.agencySupportiveness[0] = 0;
    expect(new Set(grid(300).map((x) => chooseSignpostNode(s, u, w, x)))).toEqual(new Set([nodes[0]]));
  });

  test('high fidelity with mainstreamPreference favours mainstream nodes in proportion to 1 + mainstreamPreference × fidelity', () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    setKnowledge(s.workerKnowledge, w, words, nodes);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    // No goal and no interests: no goal-match weighting, only the mainstream preference.
    s.goal[u] = 0;
    s.userInterests[u] = 0;
    const nMain = nodes.filter((c) => s.pop.nodeMainstream[c]).length;
    const nServ = nodes.length - nMain;
    expect(nMain).toBeGreaterThan(0);
    expect(nServ).toBeGreaterThan(0);
    const pref = s.params.processes.mainstreamPreference;
    expect(pref).toBeGreaterThan(0);
    const N = 20_000;
    const mainstreamShare = (fid: number) => {
      s.agencyFidelity[0] = fid;
      return grid(N).filter((x) => s.pop.nodeMainstream[chooseSignpostNode(s, u, w, x)] === 1).length / N;
    };
    const high = mainstreamShare(1);
    const low = mainstreamShare(0);
    const expected = (fid: number) => (nMain * (1 + pref * fid)) / (nMain * (1 + pref * fid) + nServ);
    // The grid of x values reproduces each weight to within one grid step per node.
    expect(Math.abs(high - expected(1))).toBeLessThanOrEqual(nodes.length / N);
    expect(Math.abs(low - expected(0))).toBeLessThanOrEqual(nodes.length / N);
    expect(high).toBeGreaterThan(low);
  });

  test('with mainstreamPreference 0 fidelity makes no difference to the choice', () => {
    const { s, u, w } = ready([['processes.mainstreamPreference', 0]]);
    const xs = grid(2000);
    s.agencyFidelity[0] = 1;
    const high = xs.map((x) => chooseSignpostNode(s, u, w, x));
    s.agencyFidelity[0] = 0;
    const low = xs.map((x) => chooseSignpostNode(s, u, w, x));
    expect(high).toEqual(low);
  });

  test('nodes matching the goal are favoured by goalMatchWeight', () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0).filter((c) => s.pop.nodeMainstream[c]);
    setKnowledge(s.workerKnowledge, w, words, nodes);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    const goal = s.pop.nodeInterests[nodes[0]] & -s.pop.nodeInterests[nodes[0]];
    s.goal[u] = goal >>> 0;
    const matching = nodes.filter((c) => s.pop.nodeInterests[c] & goal).length;
    const other = nodes.length - matching;
    expect(matching).toBeGreaterThan(0);
    const gm = s.params.processes.goalMatchWeight;
    const N = 20_000;
    const share = grid(N).filter((x) => s.pop.nodeInterests[chooseSignpostNode(s, u, w, x)] & goal).length / N;
    expect(Math.abs(share - (matching * (1 + gm)) / (matching * (1 + gm) + other))).toBeLessThanOrEqual(nodes.length / N);
  });

  test('with a goal and nothing known that matches it, the worker falls back to another node only at odds 1 : (1 + goalMatchWeight), else sign-posts nothing', () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    const goal = (s.pop.nodeInterests[nodes[0]] & -s.pop.nodeInterests[nodes[0]]) >>> 0;
    const other = nodes.filter((c) => !(s.pop.nodeInterests[c] & goal));
    expect(other.length).toBeGreaterThan(0);
    setKnowledge(s.workerKnowledge, w, words, other);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    s.goal[u] = goal;
    const gm = s.params.processes.goalMatchWeight;
    const N = 20_000;
    const none = grid(N).filter((x) => chooseSignpostNode(s, u, w, x) === -1).length / N;
    expect(Math.abs(none - gm / (1 + gm))).toBeLessThanOrEqual(2 / N);
    // Without a goal there is nothing to wait for: a known node is always chosen.
    s.goal[u] = 0;
    expect(grid(2000).every((x) => chooseSignpostNode(s, u, w, x) >= 0)).toBe(true);
  });

  test('a node the user already goes to through the intervention is not sign-posted again; with nothing else known, nothing is chosen', () => {
    const { s, u, w } = ready();
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    setKnowledge(s.workerKnowledge, w, words, [nodes[0], nodes[1]]);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    s.goal[u] = 0;
    s.engagedNodes[u * s.maxNodes] = nodes[0];
    s.engagedVia[u * s.maxNodes] = 1;
    expect(new Set(grid(500).map((x) => chooseSignpostNode(s, u, w, x)))).toEqual(new Set([nodes[1]]));
    // A node the user belonged to before CPI (not via the intervention) can still be sign-posted.
    s.engagedVia[u * s.maxNodes] = 0;
    expect(new Set(grid(500).map((x) => chooseSignpostNode(s, u, w, x)))).toEqual(new Set([nodes[0], nodes[1]]));
    s.engagedVia[u * s.maxNodes] = 1;
    s.engagedNodes[u * s.maxNodes + 1] = nodes[1];
    s.engagedVia[u * s.maxNodes + 1] = 1;
    expect(chooseSignpostNode(s, u, w, 0.5)).toBe(-1);
  });
});
