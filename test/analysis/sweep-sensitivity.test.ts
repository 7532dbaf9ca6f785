// Sensitivity of sweep outputs: replicates averaged per point, per arm and measure, then indices with
// intervals in a tidy table. Checked on functions whose indices are known exactly.
import { describe, expect, test } from 'vitest';
import { buildMorrisDesign, buildSobolDesign } from '../../src/sweep/designs.js';
import { analyzeSweepSensitivity, type SweepOutput } from '../../src/analysis/sweep-sensitivity.js';
import { ishigami } from '../../src/analysis/test-functions.js';

describe('sweep sensitivity', () => {
  const factors = [
    { path: 'a', range: [0, 1] as [number, number] },
    { path: 'b', range: [0, 2] as [number, number] },
  ];

  test('Morris on a linear measure gives mu_star = |c| × range for each factor, after averaging replicates', () => {
    const design = buildMorrisDesign({ factors, trajectories: 6, levels: 4 }, 3);
    const outputs: SweepOutput[] = [];
    for (const p of design.points)
      for (const replicate of [0, 1])
        // The replicates differ by ±0.5 noise that cancels in their mean.
        outputs.push({ point: p.index, replicate, arm: 'cpi', measure: 'y', value: 3 * p.values[0] - 2 * p.values[1] + (replicate ? 0.5 : -0.5) });
    const rows = analyzeSweepSensitivity(design, outputs, { bootstrap: 50 });
    const get = (factor: string, index: string) => rows.find((r) => r.factor === factor && r.index === index)!;
    expect(get('a', 'mu_star').estimate).toBeCloseTo(3, 9);
    expect(get('b', 'mu_star').estimate).toBeCloseTo(4, 9);
    expect(get('b', 'mu').estimate).toBeCloseTo(-4, 9);
    expect(get('a', 'sigma').estimate).toBeCloseTo(0, 9);
    expect(rows.every((r) => r.arm === 'cpi' && r.measure === 'y' && r.method === 'morris')).toBe(true);
  });

  test('Sobol on the Ishigami function, split into two measures and two arms, recovers the analytic first-order indices', () => {
    const pi = Math.PI;
    const design = buildSobolDesign({ factors: [0, 1, 2].map((i) => ({ path: `x${i + 1}`, range: [-pi, pi] as [number, number] })), baseSamples: 4096 }, 5);
    const outputs: SweepOutput[] = [];
    for (const p of design.points) {
      const y = ishigami(p.values, 7, 0.1);
      for (const arm of ['a', 'b']) outputs.push({ point: p.index, replicate: 0, arm, measure: 'ishigami', value: arm === 'a' ? y : 2 * y });
    }
    const rows = analyzeSweepSensitivity(design, outputs, { bootstrap: 100 });
    for (const arm of ['a', 'b']) {
      const first = (f: string) => rows.find((r) => r.arm === arm && r.factor === f && r.index === 'first')!.estimate;
      expect(first('x1')).toBeCloseTo(0.3139, 1);
      expect(first('x2')).toBeCloseTo(0.4424, 1);
      expect(Math.abs(first('x3'))).toBeLessThan(0.05);
    }
  });

  test('a point whose runs all failed is left out, and an output for a point outside the design is refused', () => {
    const design = buildMorrisDesign({ factors, trajectories: 4, levels: 4 }, 1);
    const outputs: SweepOutput[] = design.points.map((p) => ({ point: p.index, replicate: 0, arm: 'x', measure: 'y', value: p.index === 0 ? NaN : p.values[0] }));
    const rows = analyzeSweepSensitivity(design, outputs, { bootstrap: 20 });
    expect(rows.find((r) => r.factor === 'a' && r.index === 'mu_star')!.estimate).toBeCloseTo(1, 9);
    expect(() => analyzeSweepSensitivity(design, [{ point: 999, replicate: 0, arm: 'x', measure: 'y', value: 1 }])).toThrow(/point 999/);
  });
});
