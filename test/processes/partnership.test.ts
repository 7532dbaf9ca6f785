// Partnership dynamics and the two circles (MODEL.md §3.3; Webber et al. 2016: a partnership as equal
// as possible, two interlocking circles that must spin together). Checks each worker's weekly time
// (budget, caseload demand, networking hours), strength and trust moving toward their targets by the
// declared rates, contact in hours, weights that never invert, lived experience (the worker's or a peer
// supporter's), and progress stalling when either circle stops, under every coupling.
import { describe, expect, test } from 'vitest';
import { applyPartnershipDynamics, applyPeerSupport, applyWorkerTime } from '../../src/processes/partnership.js';
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

  test('an overloaded worker covers budget / (caseload + planned networking) of both, pro rata', () => {
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
    const share = budget / (demand + W.networkingHoursPlanned);
    expect(W.networkingHoursPlanned).toBeGreaterThan(0);
    expect(s.workerTimeShare[w]).toBe(share);
    expect(s.workerTimeShare[w]).toBeLessThan(1);
    expect(s.workerNetworkingHours[w]).toBeCloseTo(share * W.networkingHoursPlanned, 12);
  });

  test('insufficient time cuts the contact each user receives once the plan no longer fits, not only networking', () => {
    const received = (barrier: boolean): number => {
      const s = makeState([['workers.contactHoursPerUser', 2]]);
      holdAllUsers(s);
      const w = workersOf(s, 0)[0];
      s.agencyBureaucracy[0] = 0.4;
      for (let u = 0; u < 5; u++) engage(s, u, w);
      s.workerBarriers[w] = barrier ? bit(WORKER_BARRIERS, 'insufficientTime') : 0;
      applyWorkerTime(s);
      return s.workerTimeShare[w];
    };
    // 5 users × 2 h + 4 h networking = 14 h against 20 − 3.2 = 16.8 h: covered; with the barrier 14 − 3.2 = 10.8 h is not.
    expect(received(false)).toBe(1);
    expect(received(true)).toBeLessThan(1);
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

describe('the worker time each user receives (for costing)', () => {
  test('each engaged user is credited share × (contact + barrier hours × active barriers), staff and peer workers apart, one contact a week', () => {
    const s = makeState([['workers.contactHoursPerUser', 6]]);
    holdAllUsers(s);
    const W = s.params.workers;
    const [w, peer] = workersOf(s, 0);
    s.agencyBureaucracy[0] = 0.5;
    for (let u = 0; u < 3; u++) engage(s, u, w);
    s.barriers[0] = bit(USER_BARRIERS, 'selfStigma');
    s.workerLived[peer] = 1;
    engage(s, 3, peer);
    // Paused with a worker still set: no time.
    engage(s, 4, w);
    s.state[4] = UserState.paused;
    applyWorkerTime(s);
    const share = s.workerTimeShare[w];
    expect(share).toBeLessThan(1);
    expect(s.staffHours[0]).toBe(share * (6 + W.barrierHoursPerBarrier));
    expect(s.staffHours[1]).toBe(share * 6);
    expect(s.peerHours[0]).toBe(0);
    expect(s.peerHours[3]).toBe(s.workerTimeShare[peer] * 6);
    expect(s.staffHours[3]).toBe(0);
    expect(Array.from(s.contactWeeks.subarray(0, 5))).toEqual([1, 1, 1, 1, 0]);
    expect(s.staffHours[4] + s.peerHours[4]).toBe(0);
    // Cumulative: a second week adds the same again.
    applyWorkerTime(s);
    expect(s.staffHours[1]).toBe(2 * share * 6);
    expect(s.contactWeeks[1]).toBe(2);
  });

  test('a worker with no time left gives no hours and no contact', () => {
    const s = makeState([['workers.bureaucracyHours', 40]]);
    holdAllUsers(s);
    const w = workersOf(s, 0)[0];
    s.agencyBureaucracy[0] = 1;
    engage(s, 0, w);
    applyWorkerTime(s);
    expect(s.staffHours[0]).toBe(0);
    expect(s.contactWeeks[0]).toBe(0);
  });

  test('weeks of peer support alongside the worker are counted in the partnership step', () => {
    const { s, u, w } = onePartnership([['peerWorkers.caseloadCapacity', 2]]);
    const peer = s.pop.initialWorkers;
    s.workerStatus[peer] = WorkerStatus.active;
    s.workerAgency[peer] = 0;
    s.workerLived[peer] = 1;
    s.workerCapacity[peer] = 2;
    engage(s, 5, peer);
    engage(s, 6, w);
    applyPartnershipDynamics(s, 1);
    applyPartnershipDynamics(s, 2);
    expect(s.peerSupport[u]).toBe(peer);
    expect(s.peerSupportWeeks[u]).toBe(2);
    // The peer worker's own user and the user beyond its capacity get none.
    expect(s.peerSupportWeeks[5]).toBe(0);
    expect(s.peerSupportWeeks[6]).toBe(0);
  });
});

describe('applyPartnershipDynamics', () => {
  test('strength and trust move toward their targets by adjustmentRate and trustRate exactly', () => {
    const { s, u, w } = onePartnership();
    const P = s.params.partnership;
    applyPartnershipDynamics(s, 1);
    expect(s.workerTimeShare[w]).toBe(1);
    // Contact received in hours: the planned hour, fully covered, against the reference hours.
    const contact = 1 - Math.exp(-s.params.workers.contactHoursPerUser / P.contactReferenceHours);
    const target = P.empathyWeight * 0.8 + P.canDoWeight * 0.6 + P.enthusiasmWeight * 0.5 + P.ownershipWeight * 0.4 + P.contactWeight * contact;
    const strength = 0.3 + P.adjustmentRate * (target - 0.3);
    expect(s.strength[u]).toBeCloseTo(strength, 14);
    expect(s.trust[u]).toBeCloseTo(0.2 + P.trustRate * (strength - 0.2), 14);
    const um = 1 - (1 - 0.5) * (1 - P.userOwnershipWeight * 0.4);
    const wm = 0.6 * contact * (1 + P.supportivenessWeight * 0.7);
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
    const contact = 1 - Math.exp(-s.params.workers.contactHoursPerUser / P.contactReferenceHours);
    const base = P.empathyWeight * 0.8 + P.canDoWeight * 0.6 + P.enthusiasmWeight * 0.5 + P.ownershipWeight * 0.4 + P.contactWeight * contact;
    const target = base * (1 - (ub.partnership ?? 0)) * (1 - (wb.partnership ?? 0));
    const strength = 0.3 + P.adjustmentRate * (target - 0.3);
    expect(s.strength[u]).toBeCloseTo(strength, 14);
    expect(s.trust[u]).toBeCloseTo(0.2 + P.trustRate * (strength * (1 - (ub.trust ?? 0)) * (1 - (wb.trust ?? 0)) - 0.2), 14);
    expect(s.userMomentum[u]).toBeCloseTo((1 - 0.5 * (1 - P.userOwnershipWeight * 0.4)) * (1 - (ub.userMomentum ?? 0)), 14);
    expect(s.workerMomentum[u]).toBeCloseTo(0.6 * contact * (1 + P.supportivenessWeight * 0.7) * (1 - (wb.workerMomentum ?? 0)), 14);
  });

  test('contact is counted in hours received: more planned hours raise it while the time lasts, and an overloaded worker gives each user less', () => {
    const strengthAt = (hours: number, users: number): number => {
      // No planned networking here, so the whole budget is the caseload's.
      const s = makeState([
        ['workers.contactHoursPerUser', hours],
        ['workers.networkingHoursPlanned', 0],
      ]);
      holdAllUsers(s);
      const w = workersOf(s, 0)[0];
      for (let u = 0; u < users; u++) engage(s, u, w, 0.3, 0.2);
      s.agencyBureaucracy[0] = 0.5;
      applyWorkerTime(s);
      applyPartnershipDynamics(s, 1);
      return s.strength[0];
    };
    // One user, budget 16 h: 0.5 → 1 → 4 → 16 h are all covered and each is more contact.
    const one = [0.5, 1, 4, 16].map((h) => strengthAt(h, 1));
    for (let i = 1; i < one.length; i++) expect(one[i]).toBeGreaterThan(one[i - 1]);
    // Four users at 8 h each ask 32 h of a 16 h budget: each receives 4 h, less than one user alone at 8 h.
    expect(strengthAt(8, 4)).toBeCloseTo(strengthAt(4, 1), 14);
    expect(strengthAt(8, 4)).toBeLessThan(strengthAt(8, 1));
  });

  test('more weight on any pre-requisite or on contact never lowers the target, whatever the attributes', () => {
    const weights = ['empathyWeight', 'canDoWeight', 'enthusiasmWeight', 'ownershipWeight', 'contactWeight'] as const;
    const levels = [0, 0.1, 0.5, 0.9, 1];
    for (const weight of weights)
      for (const x of levels)
        for (const others of levels) {
          const strengths = [0, 0.2, 0.5, 1].map((v) => {
            const { s, u, w } = onePartnership([[`partnership.${weight}`, v]]);
            s.workerEmpathy[w] = weight === 'empathyWeight' ? x : others;
            s.workerCanDo[w] = weight === 'canDoWeight' ? x : others;
            s.enthusiasm[u] = weight === 'enthusiasmWeight' ? x : others;
            s.ownership[u] = weight === 'ownershipWeight' ? x : others;
            s.workerTimeShare[w] = weight === 'contactWeight' ? x : others;
            applyPartnershipDynamics(s, 1);
            return s.strength[u];
          });
          for (let i = 1; i < strengths.length; i++) expect(strengths[i], `${weight} at ${x}, others ${others}`).toBeGreaterThanOrEqual(strengths[i - 1]);
        }
  });

  test("more weight on ownership never lowers the user's momentum, nor more weight on supportiveness the worker's", () => {
    for (const x of [0, 0.3, 1])
      for (const e of [0, 0.5, 1]) {
        const um = [0, 0.5, 1].map((v) => {
          const { s, u } = onePartnership([['partnership.userOwnershipWeight', v]]);
          s.ownership[u] = x;
          s.enthusiasm[u] = e;
          applyPartnershipDynamics(s, 1);
          return s.userMomentum[u];
        });
        const wm = [0, 0.5, 1].map((v) => {
          const { s, u } = onePartnership([['partnership.supportivenessWeight', v]]);
          s.agencySupportiveness[0] = x;
          applyPartnershipDynamics(s, 1);
          return s.workerMomentum[u];
        });
        for (let i = 1; i < 3; i++) {
          expect(um[i]).toBeGreaterThanOrEqual(um[i - 1]);
          expect(wm[i]).toBeGreaterThanOrEqual(wm[i - 1]);
        }
      }
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

  test('a peer worker of the agency gives peer support alongside the worker, up to its spare capacity, and its lived experience adds to the target', () => {
    const { s, u, w } = onePartnership([['peerWorkers.caseloadCapacity', 2]]);
    const plain = onePartnership().s;
    const peer = s.pop.initialWorkers;
    s.workerStatus[peer] = WorkerStatus.active;
    s.workerAgency[peer] = 0;
    s.workerLived[peer] = 1;
    s.workerCapacity[peer] = 2;
    // The peer worker has one user of its own, so room for one user of peer support: the first engaged one.
    engage(s, 5, peer);
    engage(s, 6, w);
    applyPeerSupport(s);
    expect(s.peerSupport[u]).toBe(peer);
    expect(s.peerSupport[6]).toBe(-1);
    expect(s.peerSupport[5]).toBe(-1);
    applyPartnershipDynamics(s, 1);
    applyPartnershipDynamics(plain, 1);
    expect(s.strength[u] - plain.strength[u]).toBeCloseTo(s.params.partnership.adjustmentRate * s.params.partnership.livedExperienceBonus, 14);
    expect(s.trust[u]).toBeGreaterThan(plain.trust[u]);
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
