// Behaviour: worker turnover with knowledge loss (MODEL.md §1; Webber et al. 2016: agency-held knowledge
// keeps the intervention alive when workers leave). With skill sharing at 0 leavers take their knowledge;
// with skill sharing at 1 little is lost.
import { describe, expect, test } from 'vitest';
import { compileWith, meanOverSeeds } from './harness.js';

describe('worker turnover and agency knowledge', () => {
  const scenario = compileWith(
    'knowledge-turnover',
    [
      { name: 'sharing-1', set: { 'agencies.skillSharing.mean': 1, 'agencies.skillSharing.sd': 0 } },
      { name: 'sharing-0', set: { 'agencies.skillSharing.mean': 0, 'agencies.skillSharing.sd': 0 } },
    ],
    { 'barriers.worker.unhelpfulAttitudes.enabled': false, 'peerWorkers.rate': 0 },
  );
  const r = meanOverSeeds(scenario, [1, 2, 3], ['knowledge_lost', 'worker_leavers', 'agency_knowledge']);

  test('both arms see the same leavers (common random numbers)', () => {
    expect(r['sharing-0'].worker_leavers).toBeGreaterThan(0);
    expect(r['sharing-1'].worker_leavers).toBe(r['sharing-0'].worker_leavers);
  });
  test('with skill sharing at 0 leavers take their community knowledge with them', () => {
    expect(r['sharing-0'].knowledge_lost).toBeGreaterThan(20);
  });
  test('with skill sharing at 1 little knowledge is lost and the agency keeps more', () => {
    expect(r['sharing-1'].knowledge_lost).toBeLessThan(0.2 * r['sharing-0'].knowledge_lost);
    expect(r['sharing-1'].agency_knowledge).toBeGreaterThan(r['sharing-0'].agency_knowledge);
  });
});
