// Behaviour: Lin's propositions emerge (Lin 2001, Social Capital, ch. 5–6). Strength of weak ties: users
// whose new ties are weak and heterophilous gain more extensity and upper reachability than users whose
// new ties are strong and homophilous. Strength of position: a higher starting position gives better
// access (higher prestige reached).
import { describe, expect, test } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { compileWith, mean, userChange } from './harness.js';

describe("Lin's strength of weak ties", () => {
  // Same people, same luck; arms differ only in who users meet at nodes and how strong new ties are.
  const scenario = compileWith(
    'pilot-england',
    [
      { name: 'weak-heterophilous', set: { 'agencies.fidelity.mean': 0.85, 'attendance.meetingHomophily': 0, 'attendance.newTieStrength': 0.15 } },
      {
        name: 'strong-homophilous',
        set: { 'agencies.fidelity.mean': 0.85, 'attendance.meetingHomophily': 1, 'attendance.newTieStrength': 0.7, 'attendance.meetingStrengthening': 0.3 },
      },
    ],
    { ticks: 39 },
  );
  const seeds = [1, 2, 3, 4, 5];
  const gains: Record<string, { extensity: number; upper: number; kept: number }> = {};
  for (const arm of ['weak-heterophilous', 'strong-homophilous']) gains[arm] = { extensity: 0, upper: 0, kept: 0 };
  for (const seed of seeds) {
    const r = runScenario(scenario, { seed });
    for (const arm of Object.keys(gains)) {
      gains[arm].extensity += mean(userChange(r, arm, 'extensity')) / seeds.length;
      gains[arm].upper += mean(userChange(r, arm, 'upper_reachability')) / seeds.length;
      gains[arm].kept += mean(userChange(r, arm, 'new_ties')) / Math.max(1e-9, mean(userChange(r, arm, 'ties_formed'))) / seeds.length;
    }
  }

  test('weak heterophilous new ties raise extensity more than strong homophilous ones', () => {
    expect(gains['weak-heterophilous'].extensity).toBeGreaterThan(gains['strong-homophilous'].extensity);
  });
  test('weak heterophilous new ties raise upper reachability more than strong homophilous ones', () => {
    expect(gains['weak-heterophilous'].upper).toBeGreaterThan(gains['strong-homophilous'].upper);
  });
  test('strong new ties last longer, so the advantage of weak ties is not one of durability', () => {
    expect(gains['strong-homophilous'].kept).toBeGreaterThan(gains['weak-heterophilous'].kept);
  });
});

describe("Lin's strength of position", () => {
  test('service users with a higher starting position reach higher prestige', () => {
    let topMinusBottom = 0;
    for (const seed of [1, 2, 3]) {
      const r = runScenario(loadScenario('pilot-england'), { seed, ticks: 0, arms: ['usual-care'] });
      const pop = r.population;
      const M = r.userMeasures.length;
      const m = r.userMeasures.indexOf('upper_reachability');
      const avg = pop.stratumOfPosition.reduce((a, b) => Math.max(a, b), 0);
      const top: number[] = [];
      const bottom: number[] = [];
      for (let u = 0; u < pop.users; u++) {
        const stratum = pop.stratum[pop.userPerson[u]];
        const v = r.arms[0].baseline[u * M + m];
        if (stratum === avg) top.push(v);
        if (stratum === 0) bottom.push(v);
      }
      expect(top.length).toBeGreaterThan(5);
      expect(bottom.length).toBeGreaterThan(5);
      topMinusBottom += mean(top) - mean(bottom);
    }
    expect(topMinusBottom / 3).toBeGreaterThan(3);
  });
});
