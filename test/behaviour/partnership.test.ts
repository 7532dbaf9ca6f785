// Behaviour: the partnership (MODEL.md §3.3, §3.8, §8; Webber et al. 2016: "the partnership is evident in the
// shared processes", an evolving, mutual relationship, users free to leave and re-enter, peer support, lived
// experience a quality of the partnership). Arms of pilot-england on common random numbers, over fixed seeds;
// the weights' claim is checked on the target itself over a grid of attribute values.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/index.js';
import { partnershipBase } from '../../src/processes/partnership.js';
import { compileWith, meanOverSeeds } from './harness.js';

const SEEDS20 = Array.from({ length: 20 }, (_, i) => i + 1);
const HIGH = { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 };

describe('the partnership reaches retention', () => {
  const r = meanOverSeeds(loadScenario('pilot-england'), SEEDS20, ['dropped_out', 'partnership_trust', 'partnership_strength']);

  test('high fidelity keeps more people than low fidelity: fewer drop out and trust is higher at follow-up', () => {
    expect(r['high-fidelity'].dropped_out).toBeLessThan(r['low-fidelity'].dropped_out);
    expect(r['high-fidelity'].partnership_trust).toBeGreaterThan(r['low-fidelity'].partnership_trust);
    expect(r['high-fidelity'].partnership_strength).toBeGreaterThan(r['low-fidelity'].partnership_strength);
  });

  test('the shared processes delivered raise trust and strength, and with them retention', () => {
    const scenario = compileWith('pilot-england', [
      { name: 'processes-build-the-partnership', set: HIGH },
      { name: 'processes-do-not', set: { ...HIGH, 'partnership.processStrengthGain': 0, 'partnership.processTrustGain': 0 } },
    ]);
    const m = meanOverSeeds(scenario, SEEDS20.slice(0, 10), ['partnership_trust', 'partnership_strength', 'dropped_out']);
    expect(m['processes-build-the-partnership'].partnership_trust).toBeGreaterThan(m['processes-do-not'].partnership_trust);
    expect(m['processes-build-the-partnership'].partnership_strength).toBeGreaterThan(m['processes-do-not'].partnership_strength);
    expect(m['processes-build-the-partnership'].dropped_out).toBeLessThan(m['processes-do-not'].dropped_out);
  });
});

describe('peer support and lived experience', () => {
  // Graduation needs 16 weeks and a graduate becomes a peer worker at 1% a week, so by the pilot's 39 weeks
  // there are under two peer workers on average: the claim is checked over two years.
  const scenario = compileWith(
    'pilot-england',
    [
      { name: 'with-peer-workers', set: HIGH },
      { name: 'no-peer-workers', set: { ...HIGH, 'peerWorkers.rate': 0 } },
      { name: 'no-lived-experience-bonus', set: { ...HIGH, 'partnership.livedExperienceBonus': 0 } },
    ],
    {},
    { ticks: 104 },
  );
  const SEEDS = [1, 2, 3, 4, 5, 6];
  const MEASURES = ['peer_workers', 'partnership_trust', 'partnership_strength'];
  const m = meanOverSeeds(scenario, SEEDS, MEASURES);
  // maxPerAgency sizes the worker slots, so it is set for a whole scenario, not per arm.
  const noRoom = compileWith('pilot-england', [{ name: 'no-room-for-peer-workers', set: HIGH }], { 'peerWorkers.maxPerAgency': 0 }, { ticks: 104 });
  Object.assign(m, meanOverSeeds(noRoom, SEEDS, MEASURES));

  test('graduates become peer workers, and with them users’ partnerships have more trust and strength', () => {
    expect(m['with-peer-workers'].peer_workers).toBeGreaterThan(0);
    expect(m['no-peer-workers'].peer_workers).toBe(0);
    expect(m['no-room-for-peer-workers'].peer_workers).toBe(0);
    for (const without of ['no-peer-workers', 'no-room-for-peer-workers']) {
      expect(m['with-peer-workers'].partnership_trust, without).toBeGreaterThan(m[without].partnership_trust);
      expect(m['with-peer-workers'].partnership_strength, without).toBeGreaterThan(m[without].partnership_strength);
    }
  });

  test('lived experience adds to the partnership: without its bonus, trust and strength are lower', () => {
    expect(m['with-peer-workers'].partnership_trust).toBeGreaterThan(m['no-lived-experience-bonus'].partnership_trust);
    expect(m['with-peer-workers'].partnership_strength).toBeGreaterThan(m['no-lived-experience-bonus'].partnership_strength);
  });
});

describe('weights that cannot invert', () => {
  test('more weight on an attribute never lowers the partnership target, whatever the attributes', () => {
    const P = loadScenario('pilot-england').params.partnership;
    const weights = ['empathyWeight', 'canDoWeight', 'enthusiasmWeight', 'ownershipWeight', 'contactWeight'] as const;
    const levels = [0, 0.15, 0.4, 0.6, 0.85, 1];
    for (const [i, weight] of weights.entries())
      for (const x of levels)
        for (const others of levels) {
          const attrs = weights.map((_, j) => (j === i ? x : others)) as [number, number, number, number, number];
          let last = -Infinity;
          for (const v of [0, 0.1, 0.25, 0.5, 0.75, 1]) {
            const target = partnershipBase({ ...P, [weight]: v }, ...attrs);
            expect(target, `${weight} = ${v} with the attribute at ${x}, the others at ${others}`).toBeGreaterThanOrEqual(last);
            last = target;
          }
        }
  });
});
