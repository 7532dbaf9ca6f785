// Partnership dynamics and the two circles (MODEL.md §3.3; Webber et al. 2016: a partnership as equal
// as possible, two interlocking circles that must spin together). Checks each worker's weekly time
// (budget, caseload demand, networking hours), strength and trust moving toward their targets by the
// declared rates, lived experience, and progress stalling when either circle stops, under every coupling.
import { describe, expect, test } from 'vitest';
import { applyPartnershipDynamics, applyWorkerTime } from '../../src/processes/partnership.js';
import { UserState } from '../../src/model/codes.js';
import { WorkerStatus, type RunState } from '../../src/model/run-state.js';
import { USER_BARRIERS, WORKER_BARRIERS } from '../../src/scenario/parameters.js';
import { engage, holdAllUsers, makeState, workersOf, type Assignment } from './fixture.js';

const bit = (names: readonly string[], name: string): number => 1 << names.indexOf(name);

/** One engaged user (0) with the first worker of agency 0, with chosen pre-requisites. */
function onePartnership(set: readonly Assignment[] = []): { s: RunState; u: number; w: number } {
  const s = makeState(set);
  holdAllUsers(s);
  const w = workersOf(s, 0)[0];
  const u = 0;
  engage(s, u, w, 0.3, 0.2);
  s.workerEmpathy[w] = 0.8;
  s.workerCanDo[w] = 0.6;
  s.enthusiasm[u] = 0.5;
  s.ownership[u] = 0.4;
  s.agencyBureaucracy[0] = 0.5;
  s.agencySupportiveness[0] = 0.7;
  return { s, u, w };
}

describe('applyWorkerTime', () => {
  test('the time share and networking hours follow budget = timeBudgetHours − bureaucracyHours·bureaucracy against demand = Σ contact + barrier hours', () => {
    const s = makeState();
    holdAllUsers(s);
    const W = s.params.workers;
    const [w, idle] = workersOf(s, 0);
    s.agencyBureaucracy[0] = 0.5;
    engage(s, 0, w);
    engage(s, 1, w);
    engage(s, 2, w);
    s.barriers[1] = bit(USER_BARRIERS, 'selfStigma');
    s.barriers[2] = bit(USER_BARRIERS, 'selfStigma') | bit(USER_BARRIERS, 'poorAccess');
    // A paused user still pointing at the worker asks for no time.
    engage(s, 3, w);
    s.state[3] = UserState.paused;
    s.barriers[3] = 0b111;
    applyWorkerTime(s);
    const budget = W.timeBudgetHours - W.bureaucracyHours * 0.5;
    const demand = 3 * W.contactHoursPerUser + 3 * W.barrierHoursPerBarrier;
    expect(budget).toBe(16);
    expect(demand).toBe(4.5);
    expect(s.scratch.workerDemand[w]).toBe(demand);
    expect(s.workerTimeShare[w]).toBe(1);
    expect(s.workerNetworkingHours[w]).toBe(budget - demand);
    // A worker with no caseload has full share and the whole budget for networking.
    expect(s.workerTimeShare[idle]).toBe(1);
    expect(s.workerNetworkingHours[idle]).toBe(budget);
  });

  test('an overloaded worker covers budget/demand of the caseload and has no networking time', () => {
    const s = makeState([['workers.contactHoursPerUser', 6]]);
    holdAllUsers(s);
    const W = s.params.workers;
    const w = workersOf(s, 0)[0];
    s.agencyBureaucracy[0] = 0.5;
    for (let u = 0; u < 3; u++) engage(s, u, w);
    s.barriers[0] = bit(USER_BARRIERS, 'selfStigma');
    applyWorkerTime(s);
    const budget = W.timeBudgetHours - W.bureaucracyHours * 0.5;
    const demand = 3 * 6 + W.barrierHoursPerBarrier;
    expect(s.workerTimeShare[w]).toBe(budget / demand);
    expect(s.workerTimeShare[w]).toBeLessThan(1);
    expect(s.workerNetworkingHours[w]).toBe(0);
  });

  test("a worker's time-budget barriers shrink the budget by their declared effects", () => {
    const s = makeState();
    holdAllUsers(s);
    const W = s.params.workers;
    const wb = s.params.barriers.worker;
    const w = workersOf(s, 0)[0];
    s.agencyBureaucracy[0] = 0.5;
    s.workerBarriers[w] = bit(WORKER_BARRIERS, 'insufficientTime') | bit(WORKER_BARRIERS, 'bureaucraticProcedures');
    applyWorkerTime(s);
    const factor = (1 - wb.insufficientTime.effects.timeBudget!) * (1 - wb.bureaucraticProcedures.effects.timeBudget!);
    expect(s.workerNetworkingHours[w]).toBeCloseTo(W.timeBudgetHours * factor - W.bureaucracyHours * 0.5, 12);
  });

  test('the budget never goes below zero, and inactive worker slots get no time at all', () => {
    const s = makeState([['workers.bureaucracyHours', 40]]);
    holdAllUsers(s);
    const [w, vacant] = workersOf(s, 0);
    s.agencyBureaucracy[0] = 1;
    engage(s, 0, w);
    s.workerStatus[vacant] = WorkerStatus.vacant;
    s.workerTimeShare[vacant] = 0.5;
    s.workerNetworkingHours[vacant] = 3;
    applyWorkerTime(s);
    expect(s.workerTimeShare[w]).toBe(0);
    expect(s.workerNetworkingHours[w]).toBe(0);
    expect(s.workerTimeShare[vacant]).toBe(0);
    expect(s.workerNetworkingHours[vacant]).toBe(0);
  });
});

describe('applyPartnershipDynamics', () => {
  test('strength and trust move toward their targets by adjustmentRate and trustRate exactly', () => {
    const { s, u, w } = onePartnership();
    const P = s.params.partnership;
    applyPartnershipDynamics(s, 1);
    const contact = s.workerTimeShare[w];
    expect(contact).toBe(1);
    const wsum = P.empathyWeight + P.canDoWeight + P.enthusiasmWeight + P.ownershipWeight + P.contactWeight;
    const target = (P.empathyWeight * 0.8 + P.canDoWeight * 0.6 + P.enthusiasmWeight * 0.5 + P.ownershipWeight * 0.4 + P.contactWeight * contact) / wsum;
    const strength = 0.3 + P.adjustmentRate * (target - 0.3);
    expect(s.strength[u]).toBeCloseTo(strength, 14);
    expect(s.trust[u]).toBeCloseTo(0.2 + P.trustRate * (strength - 0.2), 14);
    const um = (1 - P.userOwnershipWeight) * 0.5 + P.userOwnershipWeight * 0.4;
    const wm = 0.6 * contact * (1 - P.supportivenessWeight + P.supportivenessWeight * 0.7);
    expect(s.userMomentum[u]).toBeCloseTo(um, 14);
    expect(s.workerMomentum[u]).toBeCloseTo(wm, 14);
    expect(P.momentumCoupling).toBe('geometric');
    expect(s.progress[u]).toBeCloseTo(strength * Math.sqrt(um * wm), 14);
    expect(s.engagedWeeks[u]).toBe(1);
  });

  test('active barriers lower the partnership and trust targets and the momenta by their declared effects', () => {
    const { s, u, w } = onePartnership();
    const P = s.params.partnership;
    const ub = s.params.barriers.user.unhelpfulAttitudes.effects;
    const wb = s.params.barriers.worker.unhelpfulAttitudes.effects;
    s.barriers[u] = bit(USER_BARRIERS, 'unhelpfulAttitudes');
    s.workerBarriers[w] = bit(WORKER_BARRIERS, 'unhelpfulAttitudes');
    applyPartnershipDynamics(s, 1);
    const wsum = P.empathyWeight + P.canDoWeight + P.enthusiasmWeight + P.ownershipWeight + P.contactWeight;
    const base = (P.empathyWeight * 0.8 + P.canDoWeight * 0.6 + P.enthusiasmWeight * 0.5 + P.ownershipWeight * 0.4 + P.contactWeight) / wsum;
    const target = base * (1 - (ub.partnership ?? 0)) * (1 - (wb.partnership ?? 0));
    const strength = 0.3 + P.adjustmentRate * (target - 0.3);
    expect(s.strength[u]).toBeCloseTo(strength, 14);
    expect(s.trust[u]).toBeCloseTo(0.2 + P.trustRate * (strength * (1 - (ub.trust ?? 0)) * (1 - (wb.trust ?? 0)) - 0.2), 14);
    expect(s.userMomentum[u]).toBeCloseTo(((1 - P.userOwnershipWeight) * 0.5 + P.userOwnershipWeight * 0.4) * (1 - (ub.userMomentum ?? 0)), 14);
    expect(s.workerMomentum[u]).toBeCloseTo(0.6 * (1 - P.supportivenessWeight + P.supportivenessWeight * 0.7) * (1 - (wb.workerMomentum ?? 0)), 14);
  });

  test('lived experience adds livedExperienceBonus to the target', () => {
    const plain = onePartnership();
    const peer = onePartnership();
    peer.s.workerLived[peer.w] = 1;
    applyPartnershipDynamics(plain.s, 1);
    applyPartnershipDynamics(peer.s, 1);
    const P = plain.s.params.partnership;
    expect(P.livedExperienceBonus).toBeGreaterThan(0);
    expect(peer.s.strength[peer.u] - plain.s.strength[plain.u]).toBeCloseTo(P.adjustmentRate * P.livedExperienceBonus, 14);
  });

  test('the target is capped at 1 even with the lived-experience bonus', () => {
    const { s, u, w } = onePartnership([['partnership.livedExperienceBonus', 1]]);
    s.workerLived[w] = 1;
    s.strength[u] = 0.9;
    applyPartnershipDynamics(s, 1);
    expect(s.strength[u]).toBeCloseTo(0.9 + s.params.partnership.adjustmentRate * (1 - 0.9), 14);
  });

  for (const coupling of ['geometric', 'product', 'minimum'] as const) {
    test(`under '${coupling}' coupling a stalled user circle (enthusiasm and ownership 0) gives progress 0`, () => {
      const { s, u } = onePartnership([['partnership.momentumCoupling', coupling]]);
      s.enthusiasm[u] = 0;
      s.ownership[u] = 0;
      applyPartnershipDynamics(s, 1);
      expect(s.userMomentum[u]).toBe(0);
      expect(s.workerMomentum[u]).toBeGreaterThan(0);
      expect(s.strength[u]).toBeGreaterThan(0);
      expect(s.progress[u]).toBe(0);
    });

    test(`under '${coupling}' coupling a stalled worker circle (canDo 0) gives progress 0`, () => {
      const { s, u, w } = onePartnership([['partnership.momentumCoupling', coupling]]);
      s.workerCanDo[w] = 0;
      applyPartnershipDynamics(s, 1);
      expect(s.workerMomentum[u]).toBe(0);
      expect(s.userMomentum[u]).toBeGreaterThan(0);
      expect(s.progress[u]).toBe(0);
    });

    test(`under '${coupling}' coupling two turning circles give progress = strength × their coupling`, () => {
      const { s, u } = onePartnership([['partnership.momentumCoupling', coupling]]);
      applyPartnershipDynamics(s, 1);
      const um = s.userMomentum[u];
      const wm = s.workerMomentum[u];
      const joint = coupling === 'product' ? um * wm : coupling === 'minimum' ? Math.min(um, wm) : Math.sqrt(um * wm);
      expect(s.progress[u]).toBe(s.strength[u] * joint);
      expect(s.progress[u]).toBeGreaterThan(0);
    });
  }

  test('users not engaged get zero progress and momenta, and their strength and engaged weeks do not move', () => {
    const { s, u } = onePartnership();
    s.state[u] = UserState.paused;
    s.progress[u] = 0.4;
    s.userMomentum[u] = 0.4;
    s.workerMomentum[u] = 0.4;
    applyPartnershipDynamics(s, 1);
    expect([s.progress[u], s.userMomentum[u], s.workerMomentum[u]]).toEqual([0, 0, 0]);
    expect(s.strength[u]).toBe(0.3);
    expect(s.trust[u]).toBe(0.2);
    expect(s.engagedWeeks[u]).toBe(0);
  });
});
