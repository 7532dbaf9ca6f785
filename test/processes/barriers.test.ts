// Barrier dynamics (MODEL.md §3.2 and §4; Webber et al. 2016, the two counter-rotating circles):
// each barrier of each referred user and active worker switches on at its onset rate and off at its
// resolution rate, a user barrier only for the groups it targets, and a worker's hours on a user's
// barrier raise its resolution rate to r·(1 + tacklingBoost·h). One applyBarrierDynamics call per check.
import { describe, expect, test } from 'vitest';
import { applyBarrierDynamics } from '../../src/processes/barriers.js';
import { UserState } from '../../src/model/codes.js';
import { WorkerStatus } from '../../src/model/run-state.js';
import { USER_BARRIERS, WORKER_BARRIERS } from '../../src/scenario/parameters.js';
import { agencyNodes, engage, holdAllUsers, makeState, setKnowledge, workersOf } from './fixture.js';

const STIGMA = USER_BARRIERS.indexOf('selfStigma');
const CULTURAL = USER_BARRIERS.indexOf('noCulturallyAppropriateServices');
const TIME = WORKER_BARRIERS.indexOf('insufficientTime');
const LACK = WORKER_BARRIERS.indexOf('lackLocalKnowledge');

/** Group indices of the teaching tables: majority, minority A, minority B. */
const MAJORITY = 0;
const MINORITY_A = 1;
const MINORITY_B = 2;

describe('applyBarrierDynamics', () => {
  test('with onsetRate 1 a barrier switches on for every referred user, and not for users not yet referred', () => {
    const s = makeState([
      ['barriers.user.selfStigma.scale', 1],
      ['barriers.user.selfStigma.prevalence', 0],
      ['barriers.user.selfStigma.onsetRate', 1],
    ]);
    holdAllUsers(s);
    expect(Array.from(s.barriers).every((m) => m === 0)).toBe(true);
    for (let u = 0; u < 10; u++) s.state[u] = UserState.waiting;
    applyBarrierDynamics(s, 1);
    for (let u = 0; u < s.pop.users; u++) expect(s.barriers[u]).toBe(u < 10 ? 1 << STIGMA : 0);
  });

  test('with resolutionRate 1 an active barrier switches off', () => {
    const s = makeState([
      ['barriers.user.selfStigma.scale', 1],
      ['barriers.user.selfStigma.prevalence', 0],
      ['barriers.user.selfStigma.onsetRate', 0],
      ['barriers.user.selfStigma.resolutionRate', 1],
    ]);
    holdAllUsers(s);
    s.state[3] = UserState.waiting;
    s.barriers[3] = 1 << STIGMA;
    applyBarrierDynamics(s, 1);
    expect(s.barriers[3]).toBe(0);
  });

  test('with resolutionRate 0 and no worker an active barrier stays on', () => {
    const s = makeState([['barriers.user.selfStigma.resolutionRate', 0]]);
    holdAllUsers(s);
    s.state[3] = UserState.waiting;
    s.barriers[3] = 1 << STIGMA;
    for (let t = 1; t <= 30; t++) applyBarrierDynamics(s, t);
    expect(s.barriers[3]).toBe(1 << STIGMA);
  });

  test('a barrier targeted at "minority" never switches on for a majority user, and always does for a minority user at onset 1', () => {
    const s = makeState([
      ['barriers.user.noCulturallyAppropriateServices.scale', 1],
      ['barriers.user.noCulturallyAppropriateServices.prevalence', 0],
      ['barriers.user.noCulturallyAppropriateServices.onsetRate', 1],
      ['barriers.user.noCulturallyAppropriateServices.target', 'minority'],
    ]);
    holdAllUsers(s);
    const groups = [MAJORITY, MINORITY_A, MINORITY_B];
    for (let u = 0; u < 3; u++) {
      s.pop.group[s.pop.userPerson[u]] = groups[u];
      s.state[u] = UserState.waiting;
    }
    for (let t = 1; t <= 20; t++) applyBarrierDynamics(s, t);
    expect(s.barriers[0]).toBe(0);
    expect(s.barriers[1]).toBe(1 << CULTURAL);
    expect(s.barriers[2]).toBe(1 << CULTURAL);
  });

  test('a barrier targeted at one named group switches on only for that group', () => {
    const s = makeState([
      ['barriers.user.selfStigma.scale', 1],
      ['barriers.user.selfStigma.onsetRate', 1],
      ['barriers.user.selfStigma.target', 'minority A'],
    ]);
    holdAllUsers(s);
    const groups = [MAJORITY, MINORITY_A, MINORITY_B];
    for (let u = 0; u < 3; u++) {
      s.pop.group[s.pop.userPerson[u]] = groups[u];
      s.state[u] = UserState.waiting;
    }
    applyBarrierDynamics(s, 1);
    expect([s.barriers[0], s.barriers[1], s.barriers[2]]).toEqual([0, 1 << STIGMA, 0]);
  });

  test('a barrier with scale 0, or with enabled false, never switches on even at onsetRate 1', () => {
    for (const off of [
      ['barriers.user.selfStigma.scale', 0],
      ['barriers.user.selfStigma.enabled', false],
    ] as const) {
      const s = makeState([['barriers.user.selfStigma.onsetRate', 1], ['barriers.user.selfStigma.prevalence', 1], off]);
      // Prevalence 1 is scaled away too: nobody starts with it.
      expect(Array.from(s.barriers).every((m) => m === 0)).toBe(true);
      s.state.fill(UserState.waiting);
      for (let t = 1; t <= 52; t++) applyBarrierDynamics(s, t);
      expect(Array.from(s.barriers).every((m) => m === 0)).toBe(true);
    }
  });

  test('worker time on a barrier raises its resolution: it resolves iff the keyed uniform < r·(1 + tacklingBoost·h)', () => {
    const r = 0.2;
    const s = makeState([
      ['barriers.user.selfStigma.resolutionRate', r],
      ['barriers.tacklingBoost', 0.5],
      ['workers.barrierHoursPerBarrier', 2],
    ]);
    const boost = s.params.barriers.tacklingBoost;
    const stream = s.rng.stream('user-barriers');
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    s.workerTimeShare[w] = 0.75;
    const h = s.params.workers.barrierHoursPerBarrier * s.workerTimeShare[w];
    expect(h).toBe(1.5);
    const half = s.pop.users / 2;
    for (let u = 0; u < s.pop.users; u++) {
      if (u < half) engage(s, u, w);
      else s.state[u] = UserState.waiting;
    }
    let onlyWithWorker = 0;
    for (let t = 1; t <= 20; t++) {
      s.barriers.fill(1 << STIGMA);
      applyBarrierDynamics(s, t);
      for (let u = 0; u < s.pop.users; u++) {
        const x = s.rng.uniform(stream, t, u, STIGMA);
        const threshold = u < half ? r * (1 + boost * h) : r;
        expect(s.barriers[u], `user ${u} tick ${t}`).toBe(x < threshold ? 0 : 1 << STIGMA);
        if (u < half && x >= r && x < threshold) onlyWithWorker++;
      }
    }
    // The worker's time made a difference in some draws that would not have resolved without it.
    expect(onlyWithWorker).toBeGreaterThan(0);
  });

  test('a paused user gets no worker time on barriers, even with a stale worker time share', () => {
    const s = makeState([
      ['barriers.user.selfStigma.resolutionRate', 0],
      ['barriers.tacklingBoost', 10],
    ]);
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    s.workerTimeShare[w] = 1;
    engage(s, 0, w);
    s.state[0] = UserState.paused;
    s.barriers[0] = 1 << STIGMA;
    for (let t = 1; t <= 20; t++) applyBarrierDynamics(s, t);
    expect(s.barriers[0]).toBe(1 << STIGMA);
  });

  test('a worker barrier with onsetRate 1 switches on for active workers only', () => {
    const s = makeState([
      ['barriers.worker.insufficientTime.scale', 1],
      ['barriers.worker.insufficientTime.prevalence', 0],
      ['barriers.worker.insufficientTime.onsetRate', 1],
    ]);
    holdAllUsers(s);
    s.workerStatus[1] = WorkerStatus.vacant;
    applyBarrierDynamics(s, 1);
    for (let w = 0; w < s.workerStatus.length; w++) expect(s.workerBarriers[w]).toBe(s.workerStatus[w] === WorkerStatus.active ? 1 << TIME : 0);
    expect(s.workerBarriers[1]).toBe(0);
  });

  test('a worker barrier with resolutionRate 1 switches off', () => {
    const s = makeState([['barriers.worker.insufficientTime.resolutionRate', 1]]);
    holdAllUsers(s);
    s.workerBarriers[0] = 1 << TIME;
    applyBarrierDynamics(s, 1);
    expect(s.workerBarriers[0]).toBe(0);
  });

  test('lack of local knowledge follows what the worker knows: it never sets in for a worker who knows all their agency reaches, always (at onset 1) for one who knows nothing', () => {
    const s = makeState([
      ['barriers.worker.lackLocalKnowledge.scale', 1],
      ['barriers.worker.lackLocalKnowledge.onsetRate', 1],
    ]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const [w0, w1] = workersOf(s, 0);
    s.workerBarriers.fill(0);
    setKnowledge(s.workerKnowledge, w0, words, agencyNodes(s, 0));
    setKnowledge(s.workerKnowledge, w1, words, []);
    for (let t = 1; t <= 20; t++) applyBarrierDynamics(s, t);
    expect(s.workerBarriers[w0] & (1 << LACK)).toBe(0);
    expect(s.workerBarriers[w1] & (1 << LACK)).toBe(1 << LACK);
  });

  test('lack of local knowledge resolves at resolutionRate × the share known: never for a worker who knows nothing, always at rate 1 for one who knows everything', () => {
    const s = makeState([['barriers.worker.lackLocalKnowledge.resolutionRate', 1]]);
    holdAllUsers(s);
    const words = s.pop.knowledgeWords;
    const [w0, w1] = workersOf(s, 0);
    s.workerBarriers[w0] = 1 << LACK;
    s.workerBarriers[w1] = 1 << LACK;
    setKnowledge(s.workerKnowledge, w0, words, agencyNodes(s, 0));
    setKnowledge(s.workerKnowledge, w1, words, []);
    applyBarrierDynamics(s, 1);
    expect(s.workerBarriers[w0]).toBe(0);
    expect(s.workerBarriers[w1]).toBe(1 << LACK);
  });
});
