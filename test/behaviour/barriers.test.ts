// Behaviour: each service-user barrier, switched from off to high, lowers the outcomes it acts on
// (MODEL.md §4; Webber et al. 2016's counter-rotating circles). Paired arms on common random numbers,
// every other barrier switched off, averaged over fixed seeds.
import { describe, expect, test } from 'vitest';
import { USER_BARRIERS, WORKER_BARRIERS } from '../../src/index.js';
import { compileWith, meanOverSeeds } from './harness.js';

const SEEDS = [1, 2, 3, 4];

/** What each barrier acts on, as final-tick group means that must be lower with the barrier high. */
const LOWERS: Record<(typeof USER_BARRIERS)[number], readonly string[]> = {
  selfStigma: ['new_ties', 'social_confidence'],
  discrimination: ['new_ties', 'social_confidence'],
  noCulturallyAppropriateServices: ['participation', 'new_ties'],
  physicalHealth: ['participation', 'progress'],
  complicatedLife: ['progress', 'participation'],
  unhelpfulAttitudes: ['partnership_strength', 'partnership_trust'],
  unconduciveConnections: ['new_ties', 'engaged'],
  insufficientInformation: ['participation', 'via_intervention_ties'],
  poorAccess: ['participation', 'new_ties'],
};

function allBarriersOff(): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const b of USER_BARRIERS) set[`barriers.user.${b}.enabled`] = false;
  for (const b of WORKER_BARRIERS) set[`barriers.worker.${b}.enabled`] = false;
  return set;
}

describe('service-user barriers', () => {
  for (const barrier of USER_BARRIERS) {
    test(`${barrier} switched from off to high lowers ${LOWERS[barrier].join(', ')}`, () => {
      const base = { ...allBarriersOff(), ticks: 39 };
      // Make every user eligible for the cultural barrier: all belong to a minority group.
      const override =
        barrier === 'noCulturallyAppropriateServices'
          ? { tables: { culturalGroups: { source: 'behaviour test: everyone in minority groups', items: [{ name: 'majority', share: 0, minority: false }, { name: 'minority A', share: 1, minority: true }] } } }
          : {};
      const scenario = compileWith(
        'pilot-england',
        [
          { name: 'off', set: { 'agencies.fidelity.mean': 0.8 } },
          { name: 'high', set: { 'agencies.fidelity.mean': 0.8, [`barriers.user.${barrier}.enabled`]: true, [`barriers.user.${barrier}.scale`]: 5 } },
        ],
        base,
        override,
      );
      const r = meanOverSeeds(scenario, SEEDS, LOWERS[barrier]);
      for (const m of LOWERS[barrier]) expect(r.high[m], `${m}: high ${r.high[m]} vs off ${r.off[m]}`).toBeLessThan(r.off[m]);
    });
  }
});

const WORKER_LOWERS: Record<(typeof WORKER_BARRIERS)[number], readonly string[]> = {
  lackLocalKnowledge: ['via_intervention_ties', 'worker_knowledge'],
  insufficientTime: ['networking_hours', 'worker_knowledge'],
  bureaucraticProcedures: ['networking_hours', 'progress'],
  unhelpfulAttitudes: ['partnership_strength', 'progress'],
};

describe('worker and agency barriers', () => {
  for (const barrier of WORKER_BARRIERS) {
    test(`worker ${barrier} switched from off to high lowers ${WORKER_LOWERS[barrier].join(', ')}`, () => {
      const scenario = compileWith(
        'pilot-england',
        [
          { name: 'off', set: { 'agencies.fidelity.mean': 0.8 } },
          { name: 'high', set: { 'agencies.fidelity.mean': 0.8, [`barriers.worker.${barrier}.enabled`]: true, [`barriers.worker.${barrier}.scale`]: 5 } },
        ],
        allBarriersOff(),
      );
      const r = meanOverSeeds(scenario, SEEDS, WORKER_LOWERS[barrier]);
      for (const m of WORKER_LOWERS[barrier]) expect(r.high[m], `${m}: high ${r.high[m]} vs off ${r.off[m]}`).toBeLessThan(r.off[m]);
    });
  }
});
