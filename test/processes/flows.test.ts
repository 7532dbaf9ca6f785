// Flows (MODEL.md §3.8; Webber et al. 2016: users free to leave and re-enter, the circle that "spins off
// the page", peer support, worker turnover that agency-held knowledge survives). Checks disengagement,
// drop-out, re-entry (supportiveness and the remembered partnership; possibly elsewhere), graduation thresholds, graduates becoming peer workers, worker
// turnover with knowledge loss and reassignment, and vacancies filled after the replacement delay.
import { describe, expect, test } from 'vitest';
import { applyFlows, countNewTies } from '../../src/processes/flows.js';
import { TieFlag, TieKind, UserState } from '../../src/model/codes.js';
import { WorkerStatus, type RunState } from '../../src/model/run-state.js';
import { USER_BARRIERS } from '../../src/scenario/parameters.js';
import { agencyNodes, engage, holdAllUsers, knownNodes, makeState, setKnowledge, workersOf, type Assignment } from './fixture.js';

/** Give user u n alive ties formed after baseline (to residents), returning their ids. */
function addNewTies(s: RunState, u: number, n: number): number[] {
  const me = s.pop.userPerson[u];
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = s.ties.add(i, me, 0.2, TieKind.acquaintance, 0, 1);
    s.userTies[u].push(id);
    ids.push(id);
  }
  return ids;
}

/** User u engaged with worker w and past every graduation threshold, exactly at each. */
function readyToGraduate(s: RunState, u: number, w: number): void {
  const F = s.params.flows;
  engage(s, u, w);
  s.engagedWeeks[u] = F.graduationMinWeeks;
  s.confidence[u] = F.graduationConfidence;
  s.ownership[u] = F.graduationOwnership;
  addNewTies(s, u, F.graduationNewTies);
}

describe('applyFlows: service users', () => {
  test('with disengagementRate 1 an engaged user pauses and the worker’s caseload drops', () => {
    const s = makeState([['flows.disengagementRate', 1]]);
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    engage(s, 0, w);
    engage(s, 2, w);
    expect(s.workerCaseload[w]).toBe(2);
    applyFlows(s, 5);
    for (const u of [0, 2]) {
      expect(s.state[u]).toBe(UserState.paused);
      expect(s.stateSince[u]).toBe(5);
      expect(s.worker[u]).toBe(-1);
    }
    expect(s.workerCaseload[w]).toBe(0);
  });

  test('disengagement happens exactly when the keyed uniform is at or above the retention (1 − hazard) × barrier factor', () => {
    const s = makeState([['flows.disengagementRate', 0.2]]);
    holdAllUsers(s);
    const F = s.params.flows;
    const stream = s.rng.stream('disengagement');
    const retentionEffect = s.params.barriers.user.complicatedLife.effects.retention ?? 0;
    const ws = [...workersOf(s, 0), ...workersOf(s, 1)];
    s.workerCapacity.fill(100);
    for (let u = 0; u < s.pop.users; u++) {
      engage(s, u, ws[u % ws.length], u / s.pop.users);
      if (u % 3 === 0) s.barriers[u] = 1 << USER_BARRIERS.indexOf('complicatedLife');
    }
    const tick = 8;
    const expected = Array.from({ length: s.pop.users }, (_, u) => {
      const hazard = Math.min(1, F.disengagementRate * (1 + F.weakPartnershipEffect * (1 - s.trust[u])));
      const retention = (1 - hazard) * (u % 3 === 0 ? 1 - retentionEffect : 1);
      return s.rng.uniform(stream, tick, u) >= retention;
    });
    applyFlows(s, tick);
    for (let u = 0; u < s.pop.users; u++) expect(s.state[u], `user ${u}`).toBe(expected[u] ? UserState.paused : UserState.engaged);
    expect(expected.some(Boolean)).toBe(true);
    expect(expected.every(Boolean)).toBe(false);
  });

  test('a user paused for dropoutAfterWeeks drops out; one week less and they are still paused', () => {
    const s = makeState();
    holdAllUsers(s);
    const F = s.params.flows;
    const tick = 40;
    s.state[0] = UserState.paused;
    s.stateSince[0] = tick - F.dropoutAfterWeeks;
    s.state[1] = UserState.paused;
    s.stateSince[1] = tick - F.dropoutAfterWeeks + 1;
    applyFlows(s, tick);
    expect(s.state[0]).toBe(UserState.droppedOut);
    expect(s.stateSince[0]).toBe(tick);
    expect(s.state[1]).toBe(UserState.paused);
    expect(s.stateSince[1]).toBe(tick - F.dropoutAfterWeeks + 1);
  });

  test('with reentryRate 1 a paused user goes back to waiting at the same agency', () => {
    const s = makeState([
      ['flows.reentryRate', 1],
      ['flows.reentryElsewhere', 0],
    ]);
    holdAllUsers(s);
    s.agencySupportiveness.fill(1);
    for (const u of [0, 1]) {
      s.state[u] = UserState.paused;
      s.stateSince[u] = 3;
    }
    applyFlows(s, 5);
    for (const u of [0, 1]) {
      expect(s.state[u]).toBe(UserState.waiting);
      expect(s.stateSince[u]).toBe(5);
      expect(s.agency[u]).toBe(s.pop.userHomeAgency[u]);
    }
  });

  test('with reentryElsewhere 1 a returning user moves to another agency', () => {
    const s = makeState([
      ['flows.reentryRate', 1],
      ['flows.reentryElsewhere', 1],
    ]);
    holdAllUsers(s);
    s.agencySupportiveness.fill(1);
    for (const u of [0, 1]) s.state[u] = UserState.paused;
    applyFlows(s, 5);
    expect(s.pop.agencies).toBe(2);
    for (const u of [0, 1]) {
      expect(s.state[u]).toBe(UserState.waiting);
      expect(s.agency[u]).toBe(1 - s.pop.userHomeAgency[u]);
    }
  });

  test('with reentryElsewhere 1 among several agencies the new agency is never the old one', () => {
    const s = makeState(
      [
        ['flows.reentryRate', 1],
        ['flows.reentryElsewhere', 1],
        ['agencies.count', 4],
        ['agencies.localitiesPerAgency', 1],
      ],
    );
    holdAllUsers(s);
    s.agencySupportiveness.fill(1);
    const moved = new Set<number>();
    for (let t = 1; t <= 30; t++) {
      s.state.fill(UserState.paused);
      s.stateSince.fill(t);
      const before = Int32Array.from(s.agency);
      applyFlows(s, t);
      for (let u = 0; u < s.pop.users; u++) {
        expect(s.agency[u]).not.toBe(before[u]);
        expect(s.agency[u]).toBeGreaterThanOrEqual(0);
        expect(s.agency[u]).toBeLessThan(4);
        moved.add((s.agency[u] - before[u] + 4) % 4);
      }
    }
    expect([...moved].sort()).toEqual([1, 2, 3]);
  });

  test('re-entry happens exactly when the keyed uniform is below reentryRate × supportiveness × (1 + reentryTrustEffect × remembered trust)', () => {
    const s = makeState([
      ['flows.reentryRate', 0.4],
      ['flows.reentryElsewhere', 0],
    ]);
    holdAllUsers(s);
    const F = s.params.flows;
    const stream = s.rng.stream('re-entry');
    const tick = 6;
    for (let u = 0; u < s.pop.users; u++) {
      s.state[u] = UserState.paused;
      s.stateSince[u] = tick - 1;
      s.pausedTrust[u] = (u % 5) / 4;
    }
    s.agencySupportiveness[0] = 0.3;
    s.agencySupportiveness[1] = 0.9;
    const expected = Array.from({ length: s.pop.users }, (_, u) => s.rng.uniform(stream, tick, u, 0) < F.reentryRate * s.agencySupportiveness[s.agency[u]] * (1 + F.reentryTrustEffect * s.pausedTrust[u]));
    applyFlows(s, tick);
    for (let u = 0; u < s.pop.users; u++) expect(s.state[u], `user ${u}`).toBe(expected[u] ? UserState.waiting : UserState.paused);
    expect(expected.some(Boolean)).toBe(true);
    expect(expected.every(Boolean)).toBe(false);
  });

  test('at supportiveness 0 nobody re-enters, even at reentryRate 1', () => {
    const s = makeState([['flows.reentryRate', 1]]);
    holdAllUsers(s);
    s.agencySupportiveness.fill(0);
    s.state.fill(UserState.paused);
    s.stateSince.fill(4);
    applyFlows(s, 5);
    for (let u = 0; u < s.pop.users; u++) expect(s.state[u]).toBe(UserState.paused);
  });

  test('pausing remembers the partnership that was: its strength, trust, worker and the worker’s generation', () => {
    const s = makeState([['flows.disengagementRate', 1]]);
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    engage(s, 0, w, 0.7, 0.6);
    applyFlows(s, 5);
    expect(s.state[0]).toBe(UserState.paused);
    expect([s.pausedStrength[0], s.pausedTrust[0], s.pausedWorker[0], s.pausedGeneration[0]]).toEqual([0.7, 0.6, w, s.workerGeneration[w]]);
  });

  test('re-entry elsewhere forgets the worker of the partnership that was, so it starts afresh', () => {
    const s = makeState([
      ['flows.reentryRate', 1],
      ['flows.reentryElsewhere', 1],
    ]);
    holdAllUsers(s);
    s.agencySupportiveness.fill(1);
    s.state[0] = UserState.paused;
    s.pausedWorker[0] = workersOf(s, s.agency[0])[0];
    applyFlows(s, 5);
    expect(s.state[0]).toBe(UserState.waiting);
    expect(s.pausedWorker[0]).toBe(-1);
  });

  test('a user past every graduation threshold graduates and leaves the caseload', () => {
    const s = makeState();
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    readyToGraduate(s, 0, w);
    expect(countNewTies(s, 0)).toBe(s.params.flows.graduationNewTies);
    applyFlows(s, 30);
    expect(s.state[0]).toBe(UserState.graduated);
    expect(s.stateSince[0]).toBe(30);
    expect(s.worker[0]).toBe(-1);
    expect(s.workerCaseload[w]).toBe(0);
  });

  const missing: Array<[string, (s: RunState) => void]> = [
    ['weeks engaged', (s) => s.engagedWeeks[0]--],
    ['social confidence', (s) => (s.confidence[0] -= 0.01)],
    ['ownership', (s) => (s.ownership[0] -= 0.01)],
    ['new ties', (s) => s.ties.dissolve(s.userTies[0].at(-1)!)],
  ];
  for (const [what, undo] of missing)
    test(`a user one step short on ${what} does not graduate`, () => {
      const s = makeState();
      holdAllUsers(s);
      const w = workersOf(s, 0)[0];
      readyToGraduate(s, 0, w);
      undo(s);
      applyFlows(s, 30);
      expect(s.state[0]).toBe(UserState.engaged);
      expect(s.worker[0]).toBe(w);
      expect(s.workerCaseload[w]).toBe(1);
    });

  test('baseline ties do not count toward graduation', () => {
    const s = makeState();
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    readyToGraduate(s, 0, w);
    const last = s.userTies[0].at(-1)!;
    s.ties.flags[last] |= TieFlag.baseline;
    expect(countNewTies(s, 0)).toBe(s.params.flows.graduationNewTies - 1);
    applyFlows(s, 30);
    expect(s.state[0]).toBe(UserState.engaged);
  });
});

describe('applyFlows: peer workers', () => {
  /** Users 0 and 2 (agency 0) and 1 (agency 1) graduated, each with engaged nodes. */
  function graduates(set: readonly Assignment[] = []): RunState {
    const s = makeState([['peerWorkers.rate', 1], ['peerWorkers.maxPerAgency', 1], ...set]);
    holdAllUsers(s);
    for (const u of [0, 1, 2]) s.state[u] = UserState.graduated;
    return s;
  }

  test('with peerWorkers.rate 1 a graduate becomes a peer worker with lived experience in their agency, in a free slot', () => {
    const s = graduates();
    const u = 0;
    const a = s.agency[u];
    const slot = s.pop.initialWorkers;
    expect(s.workerStatus[slot]).toBe(WorkerStatus.unused);
    const nodes = Array.from(s.engagedNodes.subarray(u * s.maxNodes, (u + 1) * s.maxNodes)).filter((c) => c >= 0);
    applyFlows(s, 12);
    expect(s.peerWorkerOf[u]).toBe(slot);
    expect(s.workerStatus[slot]).toBe(WorkerStatus.active);
    expect(s.workerAgency[slot]).toBe(a);
    expect(s.workerLived[slot]).toBe(1);
    expect(s.workerPerson[slot]).toBe(s.pop.userPerson[u]);
    expect(s.workerCapacity[slot]).toBe(s.params.peerWorkers.caseloadCapacity);
    expect(s.workerCaseload[slot]).toBe(0);
    expect(s.workerGeneration[slot]).toBe(1);
    // A peer worker knows the nodes they went to.
    expect(knownNodes(s, s.workerKnowledge, slot)).toEqual([...new Set(nodes)].sort((x, y) => x - y));
    // The graduate stays a graduate.
    expect(s.state[u]).toBe(UserState.graduated);
  });

  test('an agency at its peer-worker maximum takes no more, while another agency still can', () => {
    const s = graduates();
    applyFlows(s, 12);
    // Users 0 and 2 are of agency 0, user 1 of agency 1: one peer each.
    expect(s.agency[0]).toBe(0);
    expect(s.agency[2]).toBe(0);
    expect(s.agency[1]).toBe(1);
    expect(s.peerWorkerOf[0]).toBeGreaterThanOrEqual(0);
    expect(s.peerWorkerOf[1]).toBeGreaterThanOrEqual(0);
    expect(s.peerWorkerOf[2]).toBe(-1);
    expect(s.peerWorkerOf[0]).not.toBe(s.peerWorkerOf[1]);
    applyFlows(s, 13);
    expect(s.peerWorkerOf[2]).toBe(-1);
  });

  test('with no free worker slot no graduate becomes a peer worker', () => {
    const s = graduates();
    for (let w = s.pop.initialWorkers; w < s.workerStatus.length; w++) {
      s.workerStatus[w] = WorkerStatus.vacant;
      s.workerAgency[w] = 1;
    }
    applyFlows(s, 12);
    expect(Array.from(s.peerWorkerOf.subarray(0, 3))).toEqual([-1, -1, -1]);
  });

  // Regression (flows.ts stage 5): a leaving peer worker's graduate must stop pointing at the slot, or the
  // reused slot would be claimed by two users and counted twice as a peer worker.
  test('after a peer worker leaves and the slot is reused, each user’s peer-worker slot is a worker who is that user', () => {
    const s = graduates([['workers.turnoverRate', 1]]);
    s.state[1] = UserState.waiting;
    s.state[2] = UserState.waiting;
    // Week 1: user 0 becomes a peer worker, then every worker leaves (turnover rate 1).
    applyFlows(s, 1);
    expect(s.peerWorkerOf[0]).toBe(-1);
    let slot = -1;
    for (let w = s.pop.initialWorkers; w < s.workerStatus.length && slot < 0; w++) if (s.workerStatus[w] === WorkerStatus.left) slot = w;
    expect(slot).toBeGreaterThanOrEqual(0);
    expect(s.workerPerson[slot]).toBe(-1);
    // Week 2: user 2 (same agency) graduates too; the slot is never claimed by two users at once.
    s.state[2] = UserState.graduated;
    applyFlows(s, 2);
    const claimants = Array.from(s.peerWorkerOf).filter((w) => w === slot);
    expect(claimants.length).toBeLessThanOrEqual(1);
    for (const u of [0, 2]) {
      const w = s.peerWorkerOf[u];
      if (w >= 0) expect(s.workerPerson[w], `user ${u}`).toBe(s.pop.userPerson[u]);
    }
  });

  test('with the intervention disabled there are no peer workers', () => {
    const s = graduates([['intervention.enabled', false]]);
    applyFlows(s, 12);
    expect(Array.from(s.peerWorkerOf).every((x) => x === -1)).toBe(true);
    expect(Array.from(s.workerStatus.subarray(s.pop.initialWorkers)).every((x) => x === WorkerStatus.unused)).toBe(true);
  });
});

describe('applyFlows: worker turnover', () => {
  test('with turnoverRate 1 every worker leaves: unshared knowledge is counted lost, the agency keeps its own, and users go back to waiting', () => {
    const s = makeState([
      ['workers.turnoverRate', 1],
      ['workers.replacementDelayWeeks', 6],
    ]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const nodes = agencyNodes(s, 0);
    const [w0, w1] = workersOf(s, 0);
    setKnowledge(s.agencyKnowledge, 0, words, [nodes[0], nodes[1]]);
    setKnowledge(s.workerKnowledge, w0, words, [nodes[0], nodes[2], nodes[3]]);
    setKnowledge(s.workerKnowledge, w1, words, [nodes[1], nodes[3], nodes[4], nodes[5]]);
    engage(s, 0, w0);
    engage(s, 2, w1);
    const tick = 10;
    applyFlows(s, tick);
    // Lost from the agency's reach: w0 leaves first ({2}; node 3 is still known to w1), then w1 ({3, 4, 5}).
    expect(s.agencyKnowledgeLost[0]).toBe(1 + 3);
    expect(s.agencyLeavers[0]).toBe(2);
    expect(knownNodes(s, s.agencyKnowledge, 0)).toEqual([nodes[0], nodes[1]].sort((a, b) => a - b));
    for (const w of [w0, w1]) {
      expect(s.workerStatus[w]).toBe(WorkerStatus.vacant);
      expect(s.workerVacantUntil[w]).toBe(tick + 6);
      expect(s.workerCaseload[w]).toBe(0);
      expect(knownNodes(s, s.workerKnowledge, w)).toEqual([]);
    }
    for (const u of [0, 2]) {
      expect(s.state[u]).toBe(UserState.waiting);
      expect(s.stateSince[u]).toBe(tick);
      expect(s.worker[u]).toBe(-1);
    }
  });

  test('a leaver’s caseload is reassigned to a colleague with capacity as fresh partnerships', () => {
    const rate = 0.5;
    const s = makeState([['workers.turnoverRate', rate]]);
    holdAllUsers(s);
    const stream = s.rng.stream('turnover');
    const [w0, w1] = workersOf(s, 0);
    // Only agency 0's two workers are active; find a week when w0 leaves and w1 stays.
    for (let w = 0; w < s.workerStatus.length; w++) if (w !== w0 && w !== w1) s.workerStatus[w] = WorkerStatus.unused;
    let tick = 1;
    while (!(s.rng.uniform(stream, tick, w0, 0) < rate && s.rng.uniform(stream, tick, w1, 0) >= rate)) tick++;
    engage(s, 0, w0, 0.8, 0.7);
    engage(s, 2, w0, 0.8, 0.7);
    engage(s, 4, w1);
    s.workerCapacity[w1] = 2;
    applyFlows(s, tick);
    expect(s.workerStatus[w0]).toBe(WorkerStatus.vacant);
    expect(s.workerStatus[w1]).toBe(WorkerStatus.active);
    // One place at w1: the first user is reassigned, the second waits.
    expect(s.worker[0]).toBe(w1);
    expect(s.state[0]).toBe(UserState.engaged);
    expect(s.stateSince[0]).toBe(tick);
    expect(s.strength[0]).toBe(s.params.partnership.initialStrength);
    expect(s.trust[0]).toBe(s.params.partnership.initialTrust);
    expect(s.state[2]).toBe(UserState.waiting);
    expect(s.worker[2]).toBe(-1);
    expect(s.workerCaseload[w1]).toBe(2);
    expect(s.workerCaseload[w0]).toBe(0);
  });

  test('a peer worker who leaves is not replaced', () => {
    const s = makeState([['workers.turnoverRate', 1]]);
    holdAllUsers(s);
    const slot = s.pop.initialWorkers;
    s.workerStatus[slot] = WorkerStatus.active;
    s.workerAgency[slot] = 0;
    s.workerLived[slot] = 1;
    applyFlows(s, 3);
    expect(s.workerStatus[slot]).toBe(WorkerStatus.left);
  });

  test('a vacancy is filled after replacementDelayWeeks by a new hire who knows only nodes within the agency’s reach', () => {
    const s = makeState([['workers.replacementDelayWeeks', 6]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const [w] = workersOf(s, 0);
    s.workerStatus[w] = WorkerStatus.vacant;
    s.workerVacantUntil[w] = 16;
    s.workerCaseload[w] = 0;
    setKnowledge(s.workerKnowledge, w, words, []);
    applyFlows(s, 15);
    expect(s.workerStatus[w]).toBe(WorkerStatus.vacant);
    applyFlows(s, 16);
    expect(s.workerStatus[w]).toBe(WorkerStatus.active);
    expect(s.workerAgency[w]).toBe(0);
    expect(s.workerGeneration[w]).toBe(1);
    expect(s.workerLived[w]).toBe(0);
    expect(s.workerPerson[w]).toBe(-1);
    expect(s.workerCapacity[w]).toBe(s.params.workers.caseloadCapacity);
    expect(s.workerCaseload[w]).toBe(0);
    // What the hire knows is drawn node by node (applyHireKnowledge, tested in worker-networking.test.ts).
    for (const c of knownNodes(s, s.workerKnowledge, w)) expect(agencyNodes(s, 0)).toContain(c);
    for (const x of [s.workerEmpathy[w], s.workerCanDo[w], s.workerNetworking[w]]) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1);
    }
  });

  test('a leaver is replaced in the same week when replacementDelayWeeks is 0, as a new generation', () => {
    const s = makeState([
      ['workers.turnoverRate', 1],
      ['workers.replacementDelayWeeks', 0],
    ]);
    holdAllUsers(s);
    const [w] = workersOf(s, 0);
    applyFlows(s, 4);
    expect(s.workerStatus[w]).toBe(WorkerStatus.active);
    expect(s.workerGeneration[w]).toBe(1);
    expect(s.agencyLeavers[0]).toBe(2);
  });
});
