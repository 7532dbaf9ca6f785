// createRunState materialises one arm from the shared population (MODEL.md §6): arms of the CPI pilot
// share the same latent draws (attributes, referral times, initial barriers); attributes lie in [0, 1];
// the usual-care arm has the intervention off; the state starts as a copy of the population's network;
// and the barrier tables follow the scenario (prevalence × scale, targets, the product of effects).
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { EFFECT_TARGETS } from '../../src/scenario/spec.js';
import { USER_BARRIERS } from '../../src/scenario/parameters.js';
import { buildPopulation } from '../../src/model/population.js';
import { createRunState, CULTURAL_BARRIER, TARGET_INDEX, WorkerStatus, type RunState } from '../../src/model/run-state.js';
import { TieKind, UserState } from '../../src/model/codes.js';
import { deriveSeed, KeyedRandom } from '../../src/rng/index.js';

const pilot = loadScenario('pilot-england');
const pop = buildPopulation(pilot.params, pilot.tables, deriveSeed(pilot.seed, 'population'));
const stateOf = (arm: number): RunState => createRunState(pop, pilot.arms[arm].params, pilot.tables, new KeyedRandom(deriveSeed(pilot.seed, 'ticks')));
const [high, low, usual] = [0, 1, 2].map(stateOf);
const T = EFFECT_TARGETS.length;

describe('arms of the CPI pilot share one population and one set of draws', () => {
  test('the arms are high fidelity, low fidelity and usual care, and usual care has the intervention off', () => {
    expect(pilot.arms.map((a) => a.name)).toEqual(['high-fidelity', 'low-fidelity', 'usual-care']);
    expect(high.params.intervention.enabled).toBe(true);
    expect(low.params.intervention.enabled).toBe(true);
    expect(usual.params.intervention.enabled).toBe(false);
    expect(high.pop).toBe(low.pop);
    expect(high.pop).toBe(usual.pop);
  });

  test("service users' attributes, referral times and initial barriers are identical in every arm", () => {
    for (const other of [low, usual]) {
      expect(other.enthusiasm).toEqual(high.enthusiasm);
      expect(other.ownership).toEqual(high.ownership);
      expect(other.confidence).toEqual(high.confidence);
      expect(other.referralTick).toEqual(high.referralTick);
      expect(other.barriers).toEqual(high.barriers);
      expect(other.workerBarriers).toEqual(high.workerBarriers);
      expect(other.workerEmpathy).toEqual(high.workerEmpathy);
    }
  });

  test('agency fidelity differs between arms but comes from the same standard-normal draw for each agency', () => {
    expect(high.agencyFidelity).not.toEqual(low.agencyFidelity);
    let compared = 0;
    for (let a = 0; a < pop.agencies; a++) {
      const zHigh = (high.agencyFidelity[a] - 0.85) / 0.05;
      const zLow = (low.agencyFidelity[a] - 0.35) / 0.1;
      expect(zHigh).toBeCloseTo(pop.agencyFidelityZ[a], 9);
      // The high arm may be clamped at 1; where neither is clamped the two arms agree on the draw.
      if (high.agencyFidelity[a] < 1 && low.agencyFidelity[a] > 0) {
        expect(zLow).toBeCloseTo(zHigh, 9);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(pop.agencies / 2);
    expect(mean(high.agencyFidelity)).toBeGreaterThan(mean(low.agencyFidelity) + 0.3);
  });

  test('every attribute of users, workers and agencies lies in [0, 1]', () => {
    for (const s of [high, low, usual])
      for (const xs of [
        s.enthusiasm,
        s.ownership,
        s.confidence,
        s.workerEmpathy,
        s.workerCanDo,
        s.workerNetworking,
        s.agencySupportiveness,
        s.agencySkillSharing,
        s.agencyBureaucracy,
        s.agencyFidelity,
        s.agencyEngagement,
      ])
        for (const x of xs) expect(x >= 0 && x <= 1).toBe(true);
  });
});

describe('the initial state', () => {
  const s = high;

  test('every user starts not yet referred, without a worker, partnership or new ties', () => {
    expect(s.tick).toBe(0);
    expect(Array.from(s.state).every((x) => x === UserState.notReferred)).toBe(true);
    expect(Array.from(s.worker).every((w) => w === -1)).toBe(true);
    expect(Array.from(s.tiesFormed).every((n) => n === 0)).toBe(true);
    expect(Array.from(s.strength).every((x) => x === 0)).toBe(true);
  });

  test('referral ticks are non-decreasing within each agency and the first referral of each agency arrives at tick 0', () => {
    for (let a = 0; a < pop.agencies; a++) {
      const ticks = [...Array(pop.users).keys()].filter((u) => pop.userHomeAgency[u] === a).map((u) => s.referralTick[u]);
      expect(ticks[0]).toBe(0);
      for (let j = 1; j < ticks.length; j++) expect(ticks[j]).toBeGreaterThanOrEqual(ticks[j - 1]);
    }
  });

  test("the run's tie store is a copy of the population's: changing it leaves the population alone", () => {
    expect(s.ties).not.toBe(pop.ties);
    expect(s.ties.size).toBe(pop.ties.size);
    expect(s.ties.capacity).toBeGreaterThan(pop.ties.size);
    const scratch = stateOf(0);
    scratch.ties.dissolve(0);
    scratch.ties.add(0, 1, 0.5, TieKind.friend, 0, 1);
    expect(pop.ties.isAlive(0)).toBe(true);
    expect(pop.ties.size).toBe(s.ties.size);
    expect(high.ties.isAlive(0)).toBe(true);
  });

  test("each user's tie list is their baseline adjacency", () => {
    for (let u = 0; u < pop.users; u++) {
      const p = pop.userPerson[u];
      expect(s.userTies[u]).toEqual(Array.from(pop.tieIds.subarray(pop.tieOffsets[p], pop.tieOffsets[p + 1])));
    }
  });

  test('baseline node memberships are the first engaged nodes, up to the maximum, not via the intervention', () => {
    const max = s.maxNodes;
    for (let u = 0; u < pop.users; u++) {
      const baseline = Array.from(pop.userNodes.subarray(pop.userNodeOffsets[u], pop.userNodeOffsets[u + 1])).slice(0, max);
      const engaged = Array.from(s.engagedNodes.subarray(u * max, (u + 1) * max)).filter((c) => c >= 0);
      expect(engaged).toEqual(baseline);
    }
    expect(Array.from(s.engagedVia).every((v) => v === 0)).toBe(true);
  });

  test('the initial staff are active with their caseload capacity and the spare slots are unused', () => {
    for (let w = 0; w < pop.workerCapacity; w++) {
      const staff = w < pop.initialWorkers;
      expect(s.workerStatus[w]).toBe(staff ? WorkerStatus.active : WorkerStatus.unused);
      expect(s.workerCapacity[w]).toBe(staff ? pilot.params.workers.caseloadCapacity : 0);
      expect(s.workerAgency[w]).toBe(staff ? pop.workerAgency[w] : -1);
    }
  });

  test('workers and agencies start knowing only nodes their agency reaches, service-based and mainstream alike, at the declared probabilities', () => {
    const W = pop.knowledgeWords;
    const knows = (bits: Uint32Array, row: number, c: number) => (bits[row * W + (c >>> 5)] >>> (c & 31)) & 1;
    let known = 0;
    let knownService = 0;
    let reach = 0;
    let reachService = 0;
    for (let w = 0; w < pop.initialWorkers; w++) {
      const a = pop.workerAgency[w];
      const own = new Set(pop.agencyNodes.subarray(pop.agencyNodeOffsets[a], pop.agencyNodeOffsets[a + 1]));
      for (let c = 0; c < pop.nodes; c++) {
        if (!own.has(c)) expect(knows(s.workerKnowledge, w, c)).toBe(0);
        else {
          reach++;
          known += knows(s.workerKnowledge, w, c);
          if (!pop.nodeMainstream[c]) {
            reachService++;
            knownService += knows(s.workerKnowledge, w, c);
          }
        }
      }
    }
    // A worker does not know every service node; the share known is near workers.initialKnowledge.
    expect(knownService).toBeLessThan(reachService);
    expect(Math.abs(known / reach - pilot.params.workers.initialKnowledge)).toBeLessThan(0.06);
    for (let a = 0; a < pop.agencies; a++) {
      const own = new Set(pop.agencyNodes.subarray(pop.agencyNodeOffsets[a], pop.agencyNodeOffsets[a + 1]));
      for (let c = 0; c < pop.nodes; c++) if (!own.has(c)) expect(knows(s.agencyKnowledge, a, c)).toBe(0);
    }
    for (let w = pop.initialWorkers; w < pop.workerCapacity; w++) for (let i = 0; i < W; i++) expect(s.workerKnowledge[w * W + i]).toBe(0);
  });

  test('arms that differ only in initial knowledge share the draws: more knowledge adds nodes and takes none away', () => {
    const more = createRunState(pop, { ...pilot.params, workers: { ...pilot.params.workers, initialKnowledge: 0.6 } }, pilot.tables, new KeyedRandom(deriveSeed(pilot.seed, 'ticks')));
    for (let i = 0; i < s.workerKnowledge.length; i++) expect((more.workerKnowledge[i] & s.workerKnowledge[i]) >>> 0).toBe(s.workerKnowledge[i]);
    expect(more.workerKnowledge).not.toEqual(s.workerKnowledge);
  });
});

describe('barriers', () => {
  const teaching = loadScenario('teaching-barriers');
  const tpop = buildPopulation(teaching.params, teaching.tables, deriveSeed(teaching.seed, 'population'));
  const [withB, noB] = teaching.arms.map((arm) => createRunState(tpop, arm.params, teaching.tables, new KeyedRandom(deriveSeed(teaching.seed, 'ticks'))));

  test('with every barrier scaled to 0 nobody starts with a barrier and none can switch on', () => {
    expect(Array.from(noB.barriers).every((m) => m === 0)).toBe(true);
    expect(Array.from(noB.workerBarriers).every((m) => m === 0)).toBe(true);
    expect(Array.from(noB.userBarrierTable.prevalence).every((p) => p === 0)).toBe(true);
    expect(Array.from(noB.userBarrierTable.onset).every((p) => p === 0)).toBe(true);
  });

  test('with barriers on, prevalence is the declared prevalence × scale, and some users start with barriers', () => {
    const P = teaching.arms[0].params.barriers.user;
    USER_BARRIERS.forEach((name, b) => {
      const p = P[name];
      expect(withB.userBarrierTable.prevalence[b]).toBeCloseTo(p.enabled ? Math.min(1, p.prevalence * p.scale) : 0, 12);
      expect(withB.userBarrierTable.resolution[b]).toBe(p.resolutionRate);
    });
    expect(Array.from(withB.barriers).some((m) => m !== 0)).toBe(true);
  });

  test("a user only has barriers that target their cultural group", () => {
    for (let u = 0; u < tpop.users; u++) {
      const g = 1 << tpop.group[tpop.userPerson[u]];
      for (let b = 0; b < withB.userBarrierTable.count; b++)
        if (withB.barriers[u] & (1 << b)) expect(withB.userBarrierTable.groupMask[b] & g).not.toBe(0);
    }
    const cultural = withB.userBarrierTable.groupMask[CULTURAL_BARRIER];
    const target = teaching.params.barriers.user.noCulturallyAppropriateServices.target;
    if (target === 'minority') expect(cultural).toBe(tpop.minorityMask);
  });

  test('the factor table is the product of (1 − effect) over active barriers, leaving out the cultural barrier', () => {
    const t = withB.userBarrierTable;
    const eff = (b: number, target: number) => t.effects[b * T + target];
    const tf = TARGET_INDEX.tieFormation;
    const a = USER_BARRIERS.indexOf('selfStigma');
    const b = USER_BARRIERS.indexOf('discrimination');
    const mask = (1 << a) | (1 << b);
    expect(t.factor[0 * T + tf]).toBe(1);
    expect(t.factor[mask * T + tf]).toBeCloseTo((1 - eff(a, tf)) * (1 - eff(b, tf)), 12);
    expect(eff(a, tf)).toBe(teaching.params.barriers.user.selfStigma.effects.tieFormation ?? 0);
    // The cultural barrier acts only at nodes not appropriate for the user, so it is not in the table.
    for (let target = 0; target < T; target++) expect(t.factor[((1 << CULTURAL_BARRIER) | mask) * T + target]).toBe(t.factor[mask * T + target]);
  });
});

function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}
