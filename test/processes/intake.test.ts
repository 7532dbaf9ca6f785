// Referral and intake (MODEL.md §3.1; Webber et al. 2016, the pre-requisites for a partnership):
// referrals arrive at their tick, and a waiting referral forms a partnership with the least-loaded
// worker of its agency who has capacity (a re-entering user their former worker, resuming part of the
// partnership), with probability formationRate × fit, the fit a sum of shares of the pre-requisites.
// Each test runs applyIntake once on the small teaching state with hand-set users and workers.
import { describe, expect, test } from 'vitest';
import { applyIntake, findWorkerWithCapacity } from '../../src/processes/intake.js';
import { UserState } from '../../src/model/codes.js';
import { WorkerStatus, type RunState } from '../../src/model/run-state.js';
import { changedColumns, holdAllUsers, makeState, snapshot, workersOf } from './fixture.js';

/** Full pre-requisites: every worker and user at 1, so the formation probability is formationRate. */
function fullPrerequisites(s: RunState): void {
  s.workerEmpathy.fill(1);
  s.workerCanDo.fill(1);
  s.workerNetworking.fill(1);
  s.enthusiasm.fill(1);
  s.ownership.fill(1);
}

describe('applyIntake', () => {
  test('a user is referred at its referral tick and not before', () => {
    const s = makeState([['intake.formationRate', 0]]);
    holdAllUsers(s);
    s.referralTick[5] = 3;
    applyIntake(s, 2);
    expect(s.state[5]).toBe(UserState.notReferred);
    applyIntake(s, 3);
    expect(s.state[5]).toBe(UserState.waiting);
    expect(s.stateSince[5]).toBe(3);
    expect(s.worker[5]).toBe(-1);
    // Nobody else was referred.
    expect(Array.from(s.state).filter((x) => x !== UserState.notReferred)).toEqual([UserState.waiting]);
  });

  test('with formationRate 1 and full pre-requisites a waiting user partners the least-loaded worker with capacity', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const u = 4;
    const a = s.agency[u];
    const [w0, w1] = workersOf(s, a);
    s.workerCaseload[w0] = 3;
    s.workerCaseload[w1] = 1;
    s.state[u] = UserState.waiting;
    s.stateSince[u] = 1;
    const before = snapshot(s);
    applyIntake(s, 7);
    expect(s.state[u]).toBe(UserState.engaged);
    expect(s.stateSince[u]).toBe(7);
    expect(s.worker[u]).toBe(w1);
    expect(s.workerCaseload[w1]).toBe(2);
    expect(s.workerCaseload[w0]).toBe(3);
    expect(s.strength[u]).toBe(s.params.partnership.initialStrength);
    expect(s.trust[u]).toBe(s.params.partnership.initialTrust);
    expect(changedColumns(before, snapshot(s)).sort()).toEqual(['state', 'stateSince', 'strength', 'trust', 'worker', 'workerCaseload']);
  });

  test('a worker at capacity, a vacant slot and a worker of another agency are all passed over', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const u = 4;
    const a = s.agency[u];
    const [w0, w1] = workersOf(s, a);
    s.workerCaseload[w0] = s.workerCapacity[w0];
    s.workerStatus[w1] = WorkerStatus.vacant;
    expect(workersOf(s, 1 - a).length).toBeGreaterThan(0);
    expect(findWorkerWithCapacity(s, a)).toBe(-1);
    s.state[u] = UserState.waiting;
    applyIntake(s, 2);
    expect(s.state[u]).toBe(UserState.waiting);
    expect(s.worker[u]).toBe(-1);
    expect(s.workerCaseload[w0]).toBe(s.workerCapacity[w0]);
  });

  test('with no worker with capacity the user stays waiting, and partners once a place frees up', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const u = 4;
    const ws = workersOf(s, s.agency[u]);
    for (const w of ws) s.workerCaseload[w] = s.workerCapacity[w];
    s.state[u] = UserState.waiting;
    s.stateSince[u] = 1;
    for (let t = 2; t <= 10; t++) applyIntake(s, t);
    expect(s.state[u]).toBe(UserState.waiting);
    expect(s.stateSince[u]).toBe(1);
    s.workerCaseload[ws[1]]--;
    applyIntake(s, 11);
    expect(s.state[u]).toBe(UserState.engaged);
    expect(s.worker[u]).toBe(ws[1]);
  });

  test('ties in caseload go to the lower worker slot', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const [w0] = workersOf(s, s.agency[4]);
    s.state[4] = UserState.waiting;
    applyIntake(s, 1);
    expect(s.worker[4]).toBe(w0);
  });

  test('with the intervention disabled a referral is made but never becomes a partnership', () => {
    const s = makeState([
      ['intake.formationRate', 1],
      ['intervention.enabled', false],
    ]);
    fullPrerequisites(s);
    for (let t = 0; t <= 20; t++) applyIntake(s, t);
    expect(Array.from(s.state).every((x) => x === UserState.waiting)).toBe(true);
    expect(Array.from(s.worker).every((w) => w === -1)).toBe(true);
    expect(Array.from(s.workerCaseload).every((n) => n === 0)).toBe(true);
  });

  test('formation happens exactly when the keyed intake uniform is below formationRate × fit', () => {
    const s = makeState([['intake.formationRate', 0.6]]);
    holdAllUsers(s);
    const p = s.params.intake;
    const stream = s.rng.stream('intake');
    const tick = 5;
    // Spread of pre-requisites over the users, workers left with room.
    for (let u = 0; u < s.pop.users; u++) {
      s.state[u] = UserState.waiting;
      s.enthusiasm[u] = u / (s.pop.users - 1);
    }
    s.workerCapacity.fill(100);
    const expected: number[] = [];
    const sim = { caseload: Array.from(s.workerCaseload) };
    for (let u = 0; u < s.pop.users; u++) {
      // The least-loaded active worker of the user's agency, as the process would see it.
      const ws = workersOf(s, s.agency[u]);
      let w = ws[0];
      for (const x of ws) if (sim.caseload[x] < sim.caseload[w]) w = x;
      // The fit is the partnership's sum of pre-requisite shares at full contact, at most 1.
      const P = s.params.partnership;
      const fit = Math.min(1, P.empathyWeight * s.workerEmpathy[w] + P.canDoWeight * s.workerCanDo[w] + P.enthusiasmWeight * s.enthusiasm[u] + P.ownershipWeight * s.ownership[u] + P.contactWeight);
      if (s.rng.uniform(stream, tick, u) < p.formationRate * fit) {
        expected.push(u);
        sim.caseload[w]++;
      }
    }
    applyIntake(s, tick);
    const engaged = Array.from(s.state.keys()).filter((u) => s.state[u] === UserState.engaged);
    expect(engaged).toEqual(expected);
    expect(engaged.length).toBeGreaterThan(0);
    expect(engaged.length).toBeLessThan(s.pop.users);
    expect(Array.from(s.workerCaseload)).toEqual(sim.caseload);
  });

  test('more weight on a pre-requisite never lowers the chance of forming a partnership, whatever the attributes', () => {
    for (const weight of ['empathyWeight', 'canDoWeight', 'ownershipWeight', 'enthusiasmWeight'] as const)
      for (const x of [0, 0.2, 1])
        for (const others of [0, 0.6, 1]) {
          const formed = [0, 0.25, 0.5, 1].map((v) => {
            const s = makeState([
              [`partnership.${weight}`, v],
              ['intake.formationRate', 1],
            ]);
            holdAllUsers(s);
            s.workerEmpathy.fill(weight === 'empathyWeight' ? x : others);
            s.workerCanDo.fill(weight === 'canDoWeight' ? x : others);
            s.ownership.fill(weight === 'ownershipWeight' ? x : others);
            s.enthusiasm.fill(weight === 'enthusiasmWeight' ? x : others);
            s.workerCapacity.fill(1000);
            s.state.fill(UserState.waiting);
            applyIntake(s, 3);
            return Array.from(s.state).filter((st) => st === UserState.engaged).length;
          });
          for (let i = 1; i < formed.length; i++) expect(formed[i], `${weight} at ${x}, others ${others}`).toBeGreaterThanOrEqual(formed[i - 1]);
        }
  });

  test('a re-entering user goes back to the worker of the partnership that was and resumes resumeShare of it above the start', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const P = s.params.partnership;
    const [w0, w1] = workersOf(s, s.agency[0]);
    // The least-loaded worker would be w0; the remembered one is w1.
    s.workerCaseload[w0] = 0;
    s.workerCaseload[w1] = 3;
    s.state[0] = UserState.waiting;
    s.pausedWorker[0] = w1;
    s.pausedGeneration[0] = s.workerGeneration[w1];
    s.pausedStrength[0] = 0.8;
    s.pausedTrust[0] = 0.7;
    applyIntake(s, 4);
    expect(s.worker[0]).toBe(w1);
    expect(s.strength[0]).toBeCloseTo(P.initialStrength + P.resumeShare * (0.8 - P.initialStrength), 14);
    expect(s.trust[0]).toBeCloseTo(P.initialTrust + P.resumeShare * (0.7 - P.initialTrust), 14);
    expect(s.pausedWorker[0]).toBe(-1);
  });

  test('when the remembered worker has left (a new generation in the slot) the partnership starts afresh with whoever has room', () => {
    const s = makeState([['intake.formationRate', 1]]);
    holdAllUsers(s);
    fullPrerequisites(s);
    const P = s.params.partnership;
    const [w0] = workersOf(s, s.agency[0]);
    s.state[0] = UserState.waiting;
    s.pausedWorker[0] = w0;
    s.pausedGeneration[0] = s.workerGeneration[w0] - 1;
    s.pausedStrength[0] = 0.8;
    s.pausedTrust[0] = 0.7;
    applyIntake(s, 4);
    expect(s.state[0]).toBe(UserState.engaged);
    expect([s.strength[0], s.trust[0]]).toEqual([P.initialStrength, P.initialTrust]);
  });
});
