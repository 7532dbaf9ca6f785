// Weak ties reach further than strong ones (MODEL.md §8; Granovetter 1973; Lin, Ensel & Vaughn 1981;
// Lin 2001, ch. 5–6; McPherson, Smith-Lovin & Cook 2001: homophily is strongest in close ties): in the
// baseline network, position homophily is set by tie kind, so users' weak baseline ties cross prestige
// strata more often than their strong ones, and acquaintances more often than friends.
import { describe, expect, test } from 'vitest';
import { buildPopulation, deriveSeed, loadScenario, TieKind } from '../../src/index.js';
import { mean } from './harness.js';

const SEEDS = [1, 2, 3, 4, 5];

describe('the baseline network: weak ties are more heterophilous by position than strong ones', () => {
  const scenario = loadScenario('pilot-england');
  const thr = scenario.params.ties.weakThreshold;
  const shares = SEEDS.map((seed) => {
    const pop = buildPopulation(scenario.params, scenario.tables, deriveSeed(seed, 'population'));
    const t = pop.ties;
    const cross = { weak: [0, 0], strong: [0, 0], friend: [0, 0], acquaintance: [0, 0] };
    for (let id = 0; id < t.size; id++) {
      if (pop.userOf[t.a[id]] < 0 && pop.userOf[t.b[id]] < 0) continue;
      const x = pop.stratum[t.a[id]] !== pop.stratum[t.b[id]] ? 1 : 0;
      const c = t.strength[id] < thr ? cross.weak : cross.strong;
      c[0] += x;
      c[1]++;
      const k = t.kind[id] === TieKind.friend ? cross.friend : t.kind[id] === TieKind.acquaintance ? cross.acquaintance : null;
      if (k) {
        k[0] += x;
        k[1]++;
      }
    }
    return Object.fromEntries(Object.entries(cross).map(([k, [n, d]]) => [k, n / d])) as Record<keyof typeof cross, number>;
  });

  test('users’ weak baseline ties cross prestige strata more often than their strong ties (strength of weak ties)', () => {
    const weak = mean(shares.map((s) => s.weak));
    const strong = mean(shares.map((s) => s.strong));
    expect(weak).toBeGreaterThan(strong * 1.2);
  });

  test('users’ baseline acquaintances cross prestige strata more often than their friends (homophily strongest in close ties)', () => {
    expect(mean(shares.map((s) => s.acquaintance))).toBeGreaterThan(mean(shares.map((s) => s.friend)) * 1.5);
  });
});
