// Power curves (trial/power-curve.ts): the referrals needed for 80% power, read off a simulated curve by
// linear interpolation (hand-worked), and a small simulated curve on the fast teaching scenario.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findSampleSizeForPower, runPowerCurve } from '../../src/trial/power-curve.js';
import { parseTrialDesign } from '../../src/trial/trial-design.js';
import { trialReplicateSeed } from '../../src/trial/virtual-trial.js';
import { readScenarioChain } from '../../src/index.js';

describe('findSampleSizeForPower', () => {
  test('interpolates linearly between the last n below the target and the first at or above it', () => {
    // power 0.7 at 100 and 0.9 at 150: 0.8 is reached at 100 + (0.8 − 0.7) / (0.2 / 50) = 125
    const r = findSampleSizeForPower([{ n: 150, power: 0.9 }, { n: 50, power: 0.5 }, { n: 100, power: 0.7 }]);
    expect(r).toEqual({ target: 0.8, smallestN: 150, interpolatedN: 125 });
  });

  test('rounds up to a whole referral', () => {
    // 0.6 at 40, 0.85 at 60: 40 + 0.2 / 0.0125 = 56
    expect(findSampleSizeForPower([{ n: 40, power: 0.6 }, { n: 60, power: 0.85 }]).interpolatedN).toBe(56);
    // 0.61 at 40, 0.91 at 70: 40 + 0.19 / 0.01 = 59 exactly; floating-point dust above 59 is not rounded up
    expect(findSampleSizeForPower([{ n: 40, power: 0.61 }, { n: 70, power: 0.91 }]).interpolatedN).toBe(59);
  });

  test('uses the first crossing of a noisy curve, and reports nothing when the target is never reached', () => {
    expect(findSampleSizeForPower([{ n: 50, power: 0.82 }, { n: 100, power: 0.78 }, { n: 150, power: 0.95 }])).toEqual({ target: 0.8, smallestN: 50, interpolatedN: 50 });
    expect(findSampleSizeForPower([{ n: 50, power: 0.3 }, { n: 100, power: 0.5 }])).toEqual({ target: 0.8 });
    expect(findSampleSizeForPower([{ n: 50, power: 0.3 }, { n: 100, power: 0.5 }], 0.4).interpolatedN).toBe(75);
  });
});

describe('runPowerCurve', () => {
  const design = parseTrialDesign(JSON.parse(readFileSync(new URL('../../scenarios/trials/teaching-null.json', import.meta.url), 'utf8')));
  const chain = readScenarioChain(design.scenario);

  test('simulates each n with the same replicate seeds, and reports power with its interval per n', () => {
    const curve = runPowerCurve(design, { scenarioChain: chain, ns: [60, 30], replicates: 4 });
    expect(curve.points.map((p) => p.n)).toEqual([30, 60]);
    expect(curve.trials.map((t) => t.referrals)).toEqual([30, 60]);
    // 80% of 30 and of 60 referrals are followed up (fixed-count)
    expect(curve.points.map((p) => p.medianAnalysed)).toEqual([24, 48]);
    const seeds = curve.trials.map((t) => t.replicates.map((r) => r.seed));
    expect(seeds[0]).toEqual(seeds[1]);
    expect(seeds[0]).toEqual([0, 1, 2, 3].map((r) => trialReplicateSeed(design.seed!, design, r)));
    for (const p of curve.points) {
      expect(p.replicates).toBe(4);
      expect(p.power).toBeGreaterThanOrEqual(0);
      expect(p.powerLow).toBeLessThanOrEqual(p.power);
      expect(p.powerHigh).toBeGreaterThanOrEqual(p.power);
    }
    expect(curve.target).toBe(0.8);
  });
});
