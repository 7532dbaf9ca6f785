// The worker's circle (MODEL.md §3.6; Webber et al. 2016: develop and remember own networks): with the
// hours left after contact and barrier work a worker discovers community nodes of the agency's localities,
// and shares nodes they know into the agency's knowledge with probability sharingRate × skillSharing.
// Each test runs applyWorkerNetworking once on the small teaching state with hand-set knowledge.
import { describe, expect, test } from 'vitest';
import { applyHireKnowledge, applyWorkerNetworking } from '../../src/processes/worker-networking.js';
import { UserState } from '../../src/model/codes.js';
import { WorkerStatus } from '../../src/model/run-state.js';
import { samplePoisson } from '../../src/rng/index.js';
import { WORKER_BARRIERS } from '../../src/scenario/parameters.js';
import { agencyNodes, engage, holdAllUsers, knownNodes, makeState, setKnowledge, workersOf } from './fixture.js';

describe('applyWorkerNetworking', () => {
  test('with sharingRate 1 and skill sharing 1 every node a worker knows ends up in the agency’s knowledge', () => {
    const s = makeState([['workers.sharingRate', 1]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    s.workerNetworkingHours.fill(0);
    s.agencySkillSharing.fill(1);
    const nodes = agencyNodes(s, 0);
    const [w0, w1] = workersOf(s, 0);
    setKnowledge(s.workerKnowledge, w0, words, nodes.slice(0, 5));
    setKnowledge(s.workerKnowledge, w1, words, nodes.slice(4, 9));
    setKnowledge(s.agencyKnowledge, 0, words, [nodes[12]]);
    applyWorkerNetworking(s, 1);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual([...nodes.slice(0, 9), nodes[12]].sort((a, b) => a - b));
    // Sharing copies: the workers keep what they know.
    expect(knownNodes(s, s.workerKnowledge, w0)).toEqual(nodes.slice(0, 5));
    expect(knownNodes(s, s.workerKnowledge, w1)).toEqual(nodes.slice(4, 9));
  });

  test('with skill sharing 0 nothing is shared', () => {
    const s = makeState([['workers.sharingRate', 1]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    s.workerNetworkingHours.fill(0);
    s.agencySkillSharing.fill(0);
    for (const w of workersOf(s, 0)) setKnowledge(s.workerKnowledge, w, words, agencyNodes(s, 0));
    setKnowledge(s.agencyKnowledge, 0, words, []);
    for (let t = 1; t <= 20; t++) applyWorkerNetworking(s, t);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual([]);
  });

  test('a node is shared exactly when its keyed uniform is below sharingRate × skill sharing', () => {
    const s = makeState([['workers.sharingRate', 0.5]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const stream = s.rng.stream('knowledge-sharing');
    s.workerNetworkingHours.fill(0);
    s.agencySkillSharing[0] = 0.8;
    const nodes = agencyNodes(s, 0);
    const [w] = workersOf(s, 0);
    s.workerStatus.fill(WorkerStatus.vacant);
    s.workerStatus[w] = WorkerStatus.active;
    setKnowledge(s.workerKnowledge, w, words, nodes);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    const tick = 3;
    const expected = nodes.filter((c) => s.rng.uniform(stream, tick, w, c) < 0.5 * 0.8).sort((a, b) => a - b);
    applyWorkerNetworking(s, tick);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(nodes.length);
  });

  test('a knowledge-sharing barrier lowers the sharing probability by its effect (1: no sharing)', () => {
    const s = makeState([
      ['workers.sharingRate', 1],
      ['barriers.worker.unhelpfulAttitudes.effects.knowledgeSharing', 1],
    ]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    s.workerNetworkingHours.fill(0);
    s.agencySkillSharing.fill(1);
    const [w0, w1] = workersOf(s, 0);
    s.workerBarriers[w0] = 1 << WORKER_BARRIERS.indexOf('unhelpfulAttitudes');
    setKnowledge(s.workerKnowledge, w0, words, agencyNodes(s, 0).slice(0, 4));
    setKnowledge(s.workerKnowledge, w1, words, []);
    setKnowledge(s.agencyKnowledge, 0, words, []);
    applyWorkerNetworking(s, 1);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual([]);
  });

  test('discovery adds only nodes of the agency’s localities (and its own service nodes)', () => {
    const s = makeState([
      ['workers.discoveryPerHour', 5],
      ['workers.sharingRate', 0],
    ]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    s.workerNetworking.fill(1);
    s.agencyEngagement.fill(1);
    s.workerNetworkingHours.fill(20);
    for (let w = 0; w < s.workerStatus.length; w++) setKnowledge(s.workerKnowledge, w, words, []);
    applyWorkerNetworking(s, 1);
    for (const a of [0, 1]) {
      const reach = new Set(agencyNodes(s, a));
      const localities = new Set(s.pop.agencyLocalities.subarray(s.pop.agencyLocalityOffsets[a], s.pop.agencyLocalityOffsets[a + 1]));
      for (const w of workersOf(s, a)) {
        const known = knownNodes(s, s.workerKnowledge, w);
        expect(known.length).toBeGreaterThan(reach.size / 2);
        for (const c of known) {
          expect(reach.has(c)).toBe(true);
          expect(localities.has(s.pop.nodeLocality[c])).toBe(true);
          if (!s.pop.nodeMainstream[c]) expect(s.pop.nodeAgency[c]).toBe(a);
        }
      }
    }
  });

  test('discovery finds the keyed Poisson number of nodes new to the worker, at rate hours × discoveryPerHour × networking × engagement, each drawn from the nodes not yet known', () => {
    const s = makeState([['workers.sharingRate', 0]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const W = s.params.workers;
    const stream = s.rng.stream('discovery');
    const nodes = agencyNodes(s, 0);
    const [w] = workersOf(s, 0);
    s.workerNetworkingHours[w] = 200;
    s.workerNetworking[w] = 0.5;
    s.agencyEngagement[0] = 0.6;
    setKnowledge(s.workerKnowledge, w, words, []);
    const tick = 2;
    const mean = 200 * W.discoveryPerHour * 0.5 * 0.6;
    let k = 0;
    const found = samplePoisson(mean, () => s.rng.uniform(stream, tick, w, k++));
    const expected = new Set<number>();
    for (let i = 0; i < found && expected.size < nodes.length; i++) {
      const left = nodes.filter((c) => !expected.has(c));
      expected.add(left[Math.floor(s.rng.uniform(stream, tick, w, k++) * left.length)]);
    }
    expect(found).toBeGreaterThan(1);
    expect(expected.size).toBe(Math.min(found, nodes.length));
    applyWorkerNetworking(s, tick);
    expect(knownNodes(s, s.workerKnowledge, w)).toEqual([...expected].sort((a, b) => a - b));
  });

  test('a worker with no networking hours discovers nothing, and inactive slots do nothing', () => {
    const s = makeState([
      ['workers.discoveryPerHour', 5],
      ['workers.sharingRate', 1],
    ]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    s.agencySkillSharing.fill(1);
    const [w0, w1] = workersOf(s, 0);
    s.workerNetworkingHours[w0] = 0;
    s.workerStatus[w1] = WorkerStatus.vacant;
    s.workerNetworkingHours[w1] = 20;
    setKnowledge(s.workerKnowledge, w0, words, []);
    setKnowledge(s.workerKnowledge, w1, words, agencyNodes(s, 0));
    setKnowledge(s.agencyKnowledge, 0, words, []);
    applyWorkerNetworking(s, 1);
    expect(knownNodes(s, s.workerKnowledge, w0)).toEqual([]);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual([]);
  });

  test('discovery is guided by the goals of the caseload: a node matching a goal is found (1 + goalMatchWeight) times as often', () => {
    const share = (gm: number) => {
      const s = makeState([
        ['workers.discoveryPerHour', 0.3],
        ['processes.goalMatchWeight', gm],
      ]);
      holdAllUsers(s);
      const words = s.pop.knowledgeWords;
      const [w0] = workersOf(s, 0);
      const nodes = agencyNodes(s, 0);
      const goal = (s.pop.nodeInterests[nodes[0]] & -s.pop.nodeInterests[nodes[0]]) >>> 0;
      engage(s, 0, w0);
      expect(s.state[0]).toBe(UserState.engaged);
      s.goal[0] = goal;
      s.workerNetworking[w0] = 1;
      s.agencyEngagement[0] = 1;
      let hits = 0;
      let all = 0;
      for (let t = 1; t <= 1500; t++) {
        // About one node a week, so that few weeks find the same node twice (knownNodes counts it once).
        setKnowledge(s.workerKnowledge, w0, words, []);
        s.workerNetworkingHours[w0] = 1;
        applyWorkerNetworking(s, t);
        for (const c of knownNodes(s, s.workerKnowledge, w0)) {
          all++;
          if (s.pop.nodeInterests[c] & goal) hits++;
        }
      }
      const m = nodes.filter((c) => s.pop.nodeInterests[c] & goal).length;
      return { observed: hits / all, expected: (m * (1 + gm)) / (m * (1 + gm) + nodes.length - m), all };
    };
    for (const gm of [0, 20]) {
      const r = share(gm);
      expect(r.all).toBeGreaterThan(300);
      expect(Math.abs(r.observed - r.expected)).toBeLessThan(0.06);
    }
    expect(share(20).observed).toBeGreaterThan(share(0).observed + 0.3);
  });

  test('a new member of staff knows each node of the agency’s reach with probability initialKnowledge (none at 0, all at 1); a peer worker knows the nodes they went to', () => {
    for (const [k, expected] of [
      [0, 0],
      [1, 1],
    ] as const) {
      const s = makeState([['workers.initialKnowledge', k]]);
      const [w0] = workersOf(s, 0);
      applyHireKnowledge(s, w0, 0, -1, 5);
      expect(knownNodes(s, s.workerKnowledge, w0)).toEqual(expected ? [...agencyNodes(s, 0)].sort((a, b) => a - b) : []);
    }
    const s = makeState([['workers.initialKnowledge', 1]]);
    const [w0] = workersOf(s, 0);
    const nodes = agencyNodes(s, 0);
    s.engagedNodes.fill(-1, 3 * s.maxNodes, 4 * s.maxNodes);
    s.engagedNodes[3 * s.maxNodes] = nodes[2];
    applyHireKnowledge(s, w0, 0, 3, 5);
    expect(knownNodes(s, s.workerKnowledge, w0)).toEqual([nodes[2]]);
  });
});
