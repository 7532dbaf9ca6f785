// Behaviour at region shape: the region scenario scaled down (same parameters, fewer localities and
// referrals) must show the same MODEL.md claims as the pilot: fidelity matters, CPI beats usual care,
// a barrier lowers what it acts on, position gives access, and results are deterministic.
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/index.js';
import { compileWith, mean, meanOverSeeds } from './harness.js';

const SMALL = {
  'population.localities': 20,
  'population.residentsPerLocality': 400,
  'agencies.count': 2,
  'agencies.localitiesPerAgency': 10,
  'serviceUsers.referrals': 200,
  'intake.referralRate': 10,
  ticks: 39,
};

describe('a scaled-down region', () => {
  const scenario = compileWith(
    'region',
    [
      { name: 'high-fidelity', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 } },
      { name: 'low-fidelity', set: { 'agencies.fidelity.mean': 0.35, 'agencies.fidelity.sd': 0.1 } },
      { name: 'usual-care', set: { 'intervention.enabled': false } },
      { name: 'self-stigma-high', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05, 'barriers.user.selfStigma.scale': 5 } },
    ],
    SMALL,
  );
  const r = meanOverSeeds(scenario, [1, 2, 3], ['rg_total', 'outside_services_ties', 'new_ties', 'social_confidence']);

  test('high fidelity raises access to social capital and ties outside services relative to low fidelity', () => {
    expect(r['high-fidelity'].rg_total).toBeGreaterThan(r['low-fidelity'].rg_total);
    expect(r['high-fidelity'].outside_services_ties).toBeGreaterThan(r['low-fidelity'].outside_services_ties);
  });
  test('CPI raises new ties above usual care', () => {
    expect(r['low-fidelity'].new_ties).toBeGreaterThan(r['usual-care'].new_ties);
  });
  test('self-stigma switched high lowers new ties and social confidence', () => {
    expect(r['self-stigma-high'].new_ties).toBeLessThan(r['high-fidelity'].new_ties);
    expect(r['self-stigma-high'].social_confidence).toBeLessThan(r['high-fidelity'].social_confidence);
  });
  test('service users in the top prestige stratum reach higher prestige than those in the bottom one', () => {
    const res = runScenario(scenario, { seed: 4, ticks: 0, arms: ['usual-care'] });
    const pop = res.population;
    const M = res.userMeasures.length;
    const m = res.userMeasures.indexOf('upper_reachability');
    const top = Math.max(...pop.stratumOfPosition);
    const by = (k: number) => Array.from({ length: pop.users }, (_, u) => u).filter((u) => pop.stratum[pop.userPerson[u]] === k).map((u) => res.arms[0].baseline[u * M + m]);
    expect(mean(by(top))).toBeGreaterThan(mean(by(0)));
  });
  test('the same seed gives identical results at region shape', () => {
    const a = runScenario(scenario, { seed: 8, ticks: 10, arms: ['low-fidelity'] });
    const b = runScenario(scenario, { seed: 8, ticks: 10, arms: ['low-fidelity'] });
    expect(Buffer.from(a.arms[0].series.buffer).equals(Buffer.from(b.arms[0].series.buffer))).toBe(true);
  });
});
