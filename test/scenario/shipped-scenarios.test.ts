// Every scenario shipped in scenarios/ loads, compiles and says what it claims: name, seed, horizon,
// arms and the headline sizes (the CPI pilot: 14 agencies, 155 referrals, 39 weeks). Also: the compiled
// Scenario is deeply frozen, its merged document reproduces it, and values set by an extending file
// carry a source saying so.
import { basename } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileScenario, type Scenario } from '../../src/scenario/compile.js';
import { listShippedScenarios, loadScenario, DEFAULT_SCENARIO, SCENARIOS_DIR } from '../../src/scenario/load.js';
import { USER_BARRIERS, WORKER_BARRIERS } from '../../src/scenario/parameters.js';

interface Expected {
  readonly seed: number;
  readonly ticks: number;
  readonly arms: readonly string[];
  readonly agencies: number;
  readonly referrals: number;
  readonly localities: number;
  /** Files of the extends chain, root first, by base name. */
  readonly files: readonly string[];
}

const EXPECTED: Record<string, Expected> = {
  base: { seed: 1, ticks: 39, arms: ['cpi', 'usual-care'], agencies: 14, referrals: 155, localities: 14, files: ['base.json'] },
  'pilot-england': {
    seed: 2016,
    ticks: 39,
    arms: ['high-fidelity', 'low-fidelity', 'usual-care'],
    agencies: 14,
    referrals: 155,
    localities: 14,
    files: ['base.json', 'pilot-england.json'],
  },
  'teaching-barriers': {
    seed: 7,
    ticks: 26,
    arms: ['with-barriers', 'no-barriers'],
    agencies: 2,
    referrals: 40,
    localities: 4,
    files: ['base.json', 'teaching-barriers.json'],
  },
  'knowledge-turnover': {
    seed: 11,
    ticks: 52,
    arms: ['sharing', 'no-sharing'],
    agencies: 6,
    referrals: 90,
    localities: 6,
    files: ['base.json', 'knowledge-turnover.json'],
  },
  region: {
    seed: 2026,
    ticks: 52,
    arms: ['cpi'],
    agencies: 50,
    referrals: 10000,
    localities: 500,
    files: ['base.json', 'region.json'],
  },
};

const loaded = new Map<string, Scenario>();
const load = (name: string): Scenario => {
  let s = loaded.get(name);
  if (!s) loaded.set(name, (s = loadScenario(name)));
  return s;
};

describe('shipped scenarios', () => {
  test('the shipped scenarios are exactly the ones this file has expectations for', () => {
    expect(listShippedScenarios()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('the default scenario is the CPI pilot', () => {
    expect(DEFAULT_SCENARIO).toBe('pilot-england');
    expect(loadScenario().name).toBe('pilot-england');
  });

  test.each(Object.entries(EXPECTED))('%s loads with its declared name, seed, horizon, arms and sizes', (name, e) => {
    const s = load(name);
    expect(s.name).toBe(name);
    expect(s.seed).toBe(e.seed);
    expect(s.ticks).toBe(e.ticks);
    expect(s.arms.map((a) => a.name)).toEqual(e.arms);
    expect(s.params.agencies.count).toBe(e.agencies);
    expect(s.params.serviceUsers.referrals).toBe(e.referrals);
    expect(s.params.population.localities).toBe(e.localities);
    expect(s.files.map((f) => basename(f))).toEqual(e.files);
    for (const f of s.files) expect(f.startsWith(SCENARIOS_DIR)).toBe(true);
    // Every arm resolves a full parameter tree that shares the scenario's structure.
    for (const arm of s.arms) {
      expect(arm.params.agencies.count).toBe(e.agencies);
      expect(arm.params.serviceUsers.referrals).toBe(e.referrals);
    }
  });

  test.each(Object.keys(EXPECTED))('%s is deeply frozen', (name) => {
    const s = load(name);
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.params.population)).toBe(true);
    expect(Object.isFrozen(s.params.barriers.user.selfStigma.effects)).toBe(true);
    expect(Object.isFrozen(s.arms)).toBe(true);
    expect(Object.isFrozen(s.arms[0].params.ties)).toBe(true);
    expect(Object.isFrozen(s.tables.positions.items[0])).toBe(true);
    expect(Object.isFrozen(s.document.parameters)).toBe(true);
    expect(() => {
      (s.params.ties as { decayWeak: number }).decayWeak = 0.99;
    }).toThrow(TypeError);
    expect(() => {
      (s.arms as Array<unknown>).push({});
    }).toThrow(TypeError);
  });

  test.each(Object.keys(EXPECTED))('the merged document of %s compiles, on its own, to the same scenario', (name) => {
    const s = load(name);
    const again = compileScenario([{ file: `${name} (merged)`, json: JSON.parse(JSON.stringify(s.document)) }]);
    expect(again.params).toEqual(s.params);
    expect(again.arms.map((a) => a.params)).toEqual(s.arms.map((a) => a.params));
    expect(again.tables).toEqual(s.tables);
    expect([again.name, again.seed, again.ticks]).toEqual([s.name, s.seed, s.ticks]);
  });
});

describe('the CPI pilot', () => {
  test('its arms differ only in fidelity and in whether CPI is delivered', () => {
    const s = load('pilot-england');
    const [high, low, usual] = s.arms;
    expect(high.params.agencies.fidelity).toEqual({ mean: 0.85, sd: 0.05 });
    expect(low.params.agencies.fidelity).toEqual({ mean: 0.35, sd: 0.1 });
    expect(usual.params.agencies.fidelity).toEqual(s.params.agencies.fidelity);
    expect(high.params.intervention.enabled).toBe(true);
    expect(low.params.intervention.enabled).toBe(true);
    expect(usual.params.intervention.enabled).toBe(false);
    // Apart from those fields, every arm equals the base parameters.
    const strip = (p: typeof s.params) => ({ ...p, agencies: { ...p.agencies, fidelity: null }, intervention: null });
    for (const arm of s.arms) expect(strip(arm.params)).toEqual(strip(s.params));
  });

  test('its overrides name their source: the file that set them, or the source it gave', () => {
    const doc = load('pilot-england').document.parameters as unknown as Record<string, Record<string, { value: unknown; source: string }>>;
    expect(doc.agencies.workersPerAgency).toMatchObject({ value: 2, source: 'set by pilot-england' });
    expect(doc.agencies.count).toMatchObject({ value: 14, source: 'Webber et al. 2019, Research on Social Work Practice 29(5)' });
    // A value the pilot does not touch keeps base.json's source.
    expect(doc.ties.decayWeak.source).not.toMatch(/^set by/);
  });

  test("the arm's parameter changes are recorded as given", () => {
    const s = load('pilot-england');
    expect(s.arms[0].set).toEqual({ 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 });
    expect(s.arms[2].set).toEqual({ 'intervention.enabled': false });
    expect(s.arms[0].description).toMatch(/high fidelity/);
  });
});

describe('teaching-barriers and knowledge-turnover', () => {
  test('the no-barriers arm scales every user and worker barrier to 0 and the other arm keeps them', () => {
    const s = load('teaching-barriers');
    const [withB, noB] = s.arms;
    for (const b of USER_BARRIERS) {
      expect(noB.params.barriers.user[b].scale).toBe(0);
      expect(withB.params.barriers.user[b].scale).toBe(s.params.barriers.user[b].scale);
    }
    for (const b of WORKER_BARRIERS) expect(noB.params.barriers.worker[b].scale).toBe(0);
    expect(USER_BARRIERS.some((b) => withB.params.barriers.user[b].scale > 0)).toBe(true);
  });

  test('the no-sharing arm switches agency skill sharing off and the sharing arm raises it', () => {
    const s = load('knowledge-turnover');
    expect(s.arms[0].params.agencies.skillSharing).toEqual({ mean: 0.9, sd: 0.05 });
    expect(s.arms[1].params.agencies.skillSharing).toEqual({ mean: 0, sd: 0 });
    expect(s.params.workers.turnoverRate).toBe(0.03);
  });
});
