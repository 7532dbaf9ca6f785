// Behaviour: fidelity matters (MODEL.md §6; the CPI pilot, Webber et al. 2019: access to social capital
// higher with high fidelity). Arms of pilot-england on common random numbers, averaged over fixed seeds.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/index.js';
import { meanOverSeeds } from './harness.js';

describe('fidelity', () => {
  const scenario = loadScenario('pilot-england');
  const r = meanOverSeeds(scenario, [1, 2, 3, 4, 5], ['rg_total', 'outside_services_ties', 'new_ties', 'extensity', 'via_intervention_ties']);

  test('high fidelity raises the mean resource-generator score relative to low fidelity', () => {
    expect(r['high-fidelity'].rg_total).toBeGreaterThan(r['low-fidelity'].rg_total);
  });
  test('high fidelity raises new ties outside services relative to low fidelity', () => {
    expect(r['high-fidelity'].outside_services_ties).toBeGreaterThan(r['low-fidelity'].outside_services_ties);
  });
  test('CPI at low fidelity still raises new ties and access to social capital above usual care', () => {
    expect(r['low-fidelity'].new_ties).toBeGreaterThan(r['usual-care'].new_ties);
    expect(r['low-fidelity'].rg_total).toBeGreaterThan(r['usual-care'].rg_total);
  });
  test('usual care forms no ties through the intervention', () => {
    expect(r['usual-care'].via_intervention_ties).toBe(0);
    expect(r['high-fidelity'].via_intervention_ties).toBeGreaterThan(0);
  });
});
