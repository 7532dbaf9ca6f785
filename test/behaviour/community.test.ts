// Behaviour: activities in the local community give lasting ties (MODEL.md §1 and §8; Webber et al. 2016:
// activities "ideally … in the local community rather than … confined to health or social care
// services"). A node's members meet in stable activity groups, so a user at a community activity meets the
// same people again and again (Feld 1981); steering sign-posting to the community then adds lasting ties
// outside services without costing ties overall.
import { describe, expect, test } from 'vitest';
import { compileWith, meanOverSeeds } from './harness.js';

describe('steering to the community', () => {
  const scenario = compileWith(
    'pilot-england',
    [
      { name: 'services', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05, 'processes.mainstreamPreference': 0 } },
      { name: 'community', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05, 'processes.mainstreamPreference': 20 } },
    ],
  );
  const seeds = Array.from({ length: 16 }, (_, i) => i + 1);
  const r = meanOverSeeds(scenario, seeds, ['new_ties', 'outside_services_ties', 'mainstream_share']);

  test('raising mainstreamPreference sends users to more community (mainstream) activities', () => {
    expect(r.community.mainstream_share).toBeGreaterThan(r.services.mainstream_share + 0.05);
  });
  test('raising mainstreamPreference raises new ties outside services that are still alive at follow-up', () => {
    expect(r.community.outside_services_ties).toBeGreaterThan(1.1 * r.services.outside_services_ties);
  });
  test('raising mainstreamPreference does not lower users’ new ties in total', () => {
    expect(r.community.new_ties).toBeGreaterThanOrEqual(r.services.new_ties);
  });
});

describe('activity groups', () => {
  // Smaller groups mean meeting the same people more often, so more new acquaintances become strong ties.
  const scenario = compileWith(
    'pilot-england',
    [
      { name: 'small-groups', set: { 'agencies.fidelity.mean': 0.85, 'attendance.activityGroupSize': 5 } },
      { name: 'whole-node', set: { 'agencies.fidelity.mean': 0.85, 'attendance.activityGroupSize': 100 } },
    ],
  );
  const r = meanOverSeeds(scenario, [1, 2, 3, 4, 5, 6, 7, 8], ['strong_ties']);
  test('in smaller activity groups repeated contact with the same people gives more strong ties', () => {
    expect(r['small-groups'].strong_ties).toBeGreaterThan(r['whole-node'].strong_ties);
  });
});
