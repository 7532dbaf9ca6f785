// Sensitivity indices checked against known answers: the Ishigami function's analytic Sobol' indices
// (Ishigami & Homma 1990; a = 7, b = 0.1 on [−π, π]³) must lie inside the bootstrap intervals, which must
// shrink as N grows and cover the truth across seeds; Morris μ*, μ and σ on Ishigami (ranking, interaction)
// and on a linear function, where every elementary effect is c_i times the range and σ is 0.
import { describe, expect, test } from 'vitest';
import { buildMorrisDesign, buildSobolDesign, type DesignFactor, type SobolDesign } from '../../src/sweep/designs.js';
import { analyzeMorris, analyzeSensitivity, analyzeSobol, SensitivityError, type SobolIndices } from '../../src/analysis/sensitivity.js';
import { ishigami, ishigamiIndices } from '../../src/analysis/test-functions.js';
import type { ConfidenceInterval } from '../../src/analysis/bootstrap.js';

const ISHIGAMI_FACTORS: DesignFactor[] = ['x1', 'x2', 'x3'].map((path) => ({ path, range: [-Math.PI, Math.PI] as const }));
const truth = ishigamiIndices();

function ishigamiSobol(baseSamples: number, seed: number, bootstrap = 1000): { design: SobolDesign; result: SobolIndices } {
  const design = buildSobolDesign({ factors: ISHIGAMI_FACTORS, baseSamples, secondOrder: true }, seed);
  return { design, result: analyzeSobol(design, design.points.map((p) => ishigami(p.values)), { bootstrap }) };
}

const contains = (ci: ConfidenceInterval, x: number): boolean => ci.low <= x && x <= ci.high;
const width = (ci: ConfidenceInterval): number => ci.high - ci.low;

/** Every interval of a result with the analytic value it should hold, labelled for failure messages. */
function intervals(result: SobolIndices): Array<[string, ConfidenceInterval, number, number]> {
  return [
    ...result.factors.flatMap((f, i): Array<[string, ConfidenceInterval, number, number]> => [
      [`S_${f.path}`, f.firstInterval, truth.first[i], f.first],
      [`ST_${f.path}`, f.totalInterval, truth.total[i], f.total],
    ]),
    ...result.pairs.map((p, q): [string, ConfidenceInterval, number, number] => [`S_${p.paths.join('')}`, p.secondInterval, truth.second[q], p.second]),
    ['variance', result.varianceInterval, truth.variance, result.variance],
  ];
}

describe('the analytic Ishigami indices', () => {
  test('equal the published values for a = 7 and b = 0.1', () => {
    expect(truth.first.map((s) => s.toFixed(4))).toEqual(['0.3139', '0.4424', '0.0000']);
    expect(truth.total.map((s) => s.toFixed(4))).toEqual(['0.5576', '0.4424', '0.2437']);
    expect(truth.second.map((s) => s.toFixed(4))).toEqual(['0.0000', '0.2437', '0.0000']);
    expect(truth.variance).toBeCloseTo(13.8446, 4);
  });
});

describe('Sobol indices', () => {
  const { result } = ishigamiSobol(2 ** 13, 1);

  test('every analytic Ishigami index lies within its bootstrap interval at N = 2^13', () => {
    for (const [name, ci, expected, estimate] of intervals(result)) {
      expect(contains(ci, expected), `${name}: ${expected} outside [${ci.low}, ${ci.high}]`).toBe(true);
      expect(contains(ci, estimate), `${name}: the estimate ${estimate} lies inside its own interval`).toBe(true);
    }
  });

  test('the estimates are close to the analytic values, first and total order alike', () => {
    result.factors.forEach((f, i) => {
      expect(Math.abs(f.first - truth.first[i])).toBeLessThan(0.01);
      expect(Math.abs(f.total - truth.total[i])).toBeLessThan(0.01);
    });
    expect(result.rowsUsed).toBe(2 ** 13);
    expect(result.rowsDropped).toBe(0);
    expect(result.mean).toBeCloseTo(3.5, 1);
  });

  test('the intervals shrink as N grows, roughly as one over the square root of N', () => {
    const small = intervals(ishigamiSobol(2 ** 10, 1).result);
    const large = intervals(result);
    small.forEach(([name, ci], q) => {
      const ratio = width(large[q][1]) / width(ci);
      expect(ratio, `${name}: width ratio ${ratio} going from 2^10 to 2^13`).toBeLessThan(0.5);
      expect(ratio, `${name}: width ratio ${ratio} should not collapse faster than 1/N`).toBeGreaterThan(1 / 8);
    });
  });

  test('the intervals are honest: across twenty seeds they cover at least 90% of the analytic values', () => {
    let covered = 0;
    let total = 0;
    for (let seed = 100; seed < 120; seed++) {
      for (const [, ci, expected] of intervals(ishigamiSobol(2 ** 9, seed, 300).result)) {
        total++;
        if (contains(ci, expected)) covered++;
      }
    }
    expect(covered / total).toBeGreaterThanOrEqual(0.9);
  });

  test('an additive linear function has first-order indices c_i² / Σ c², equal to its total-order ones', () => {
    const c = [1, 2, 3];
    const design = buildSobolDesign({ factors: c.map((_, j) => ({ path: `x${j}`, range: [0, 1] as const })), baseSamples: 2 ** 12 }, 4);
    const out = analyzeSobol(design, design.points.map((p) => p.values.reduce((a, x, j) => a + c[j] * x, 0)), { bootstrap: 200 });
    out.factors.forEach((f, j) => {
      expect(f.first).toBeCloseTo((c[j] * c[j]) / 14, 2);
      expect(f.total).toBeCloseTo((c[j] * c[j]) / 14, 2);
    });
    expect(out.variance).toBeCloseTo(14 / 12, 2);
    expect(out.pairs).toEqual([]);
  });

  test('the same bootstrap seed gives the same intervals; another seed moves the intervals but not the estimates', () => {
    const design = buildSobolDesign({ factors: ISHIGAMI_FACTORS, baseSamples: 256 }, 3);
    const y = design.points.map((p) => ishigami(p.values));
    const a = analyzeSobol(design, y, { bootstrap: 200 });
    expect(analyzeSobol(design, y, { bootstrap: 200 })).toEqual(a);
    const b = analyzeSobol(design, y, { bootstrap: 200, seed: 99 });
    expect(b.factors.map((f) => f.first)).toEqual(a.factors.map((f) => f.first));
    expect(b.factors.map((f) => f.firstInterval)).not.toEqual(a.factors.map((f) => f.firstInterval));
  });

  test('base rows with a failed run are left out whole and counted', () => {
    const design = buildSobolDesign({ factors: ISHIGAMI_FACTORS, baseSamples: 2 ** 11 }, 6);
    const y = design.points.map((p) => ishigami(p.values));
    const failed = [3, 40, 41, 1000].map((row) => design.points.findIndex((p) => p.label.row === row && p.label.block === 'AB'));
    for (const i of failed) y[i] = Number.NaN;
    const out = analyzeSobol(design, y, { bootstrap: 200 });
    expect(out.rowsDropped).toBe(4);
    expect(out.rowsUsed).toBe(2 ** 11 - 4);
    out.factors.forEach((f, i) => expect(Math.abs(f.total - truth.total[i])).toBeLessThan(0.03));
  });

  test('outputs that do not match the design are refused', () => {
    const design = buildSobolDesign({ factors: ISHIGAMI_FACTORS, baseSamples: 8 }, 1);
    expect(() => analyzeSobol(design, [1, 2, 3])).toThrow(SensitivityError);
    expect(() => analyzeSobol(design, [1, 2, 3])).toThrow(/3 outputs for 40 design points/);
  });
});

describe('Morris elementary effects', () => {
  test('on Ishigami, x1 and x2 are influential, and x3 acts only through its interaction with x1', () => {
    const design = buildMorrisDesign({ factors: ISHIGAMI_FACTORS, trajectories: 50, levels: 4 }, 1);
    const out = analyzeMorris(design, design.points.map((p) => ishigami(p.values)), { bootstrap: 500 });
    const [x1, x2, x3] = out.factors;
    expect(x3.muStar).toBeLessThan(Math.min(x1.muStar, x2.muStar));
    expect(x3.sigma).toBeGreaterThan(0);
    // x3's effect changes sign with sin x1: it averages out in μ but not in μ*.
    expect(Math.abs(x3.mu)).toBeLessThan(0.5 * x3.muStar);
    // On the 4-level grid x2 always moves between sin² 0 and sin² (π/3): |EE| = 7 · 0.75 / (2/3) = 7.875.
    expect(x2.muStar).toBeCloseTo(7.875, 12);
    expect(Math.abs(x2.mu)).toBeLessThan(0.5 * x2.muStar);
    for (const f of out.factors) {
      expect(f.effects).toBe(50);
      expect(f.muStarInterval.low).toBeLessThanOrEqual(f.muStar);
      expect(f.muStarInterval.high).toBeGreaterThanOrEqual(f.muStar);
    }
  });

  test('on a linear function every elementary effect is c_i times the range: μ* = |c_i|·range and σ = 0 exactly', () => {
    // Ranges and coefficients chosen so that every value and sum is exact in binary floating point.
    const c = [0.5, -2, 4, 0];
    const factors: DesignFactor[] = c.map((_, j) => ({ path: `x${j}`, range: [0, 3] as const }));
    const design = buildMorrisDesign({ factors, trajectories: 30, levels: 4 }, 5);
    const out = analyzeMorris(design, design.points.map((p) => p.values.reduce((a, x, j) => a + c[j] * x, 0)));
    out.factors.forEach((f, j) => {
      expect(f.muStar).toBeCloseTo(Math.abs(c[j]) * 3, 12);
      expect(f.mu).toBeCloseTo(c[j] * 3, 12);
      expect(f.sigma).toBe(0);
      expect(f.muStarInterval.low).toBeCloseTo(f.muStar, 12);
      expect(f.muStarInterval.high).toBeCloseTo(f.muStar, 12);
    });
  });

  test('on a linear function over uneven ranges μ* is |c_i| times each range', () => {
    const c = [1.7, -0.3, 12];
    const ranges: Array<readonly [number, number]> = [[-1, 5], [0.1, 0.35], [100, 101]];
    const design = buildMorrisDesign({ factors: c.map((_, j) => ({ path: `x${j}`, range: ranges[j] })), trajectories: 20, levels: 6 }, 3);
    const out = analyzeMorris(design, design.points.map((p) => p.values.reduce((a, x, j) => a + c[j] * x, 0)), { bootstrap: 0 });
    out.factors.forEach((f, j) => {
      const range = ranges[j][1] - ranges[j][0];
      expect(f.muStar).toBeCloseTo(Math.abs(c[j]) * range, 9);
      expect(f.sigma).toBeLessThan(1e-9);
      expect(Number.isNaN(f.muStarInterval.low)).toBe(true);
    });
  });

  test('the bootstrap is seeded and an effect with a failed run is left out', () => {
    const design = buildMorrisDesign({ factors: ISHIGAMI_FACTORS, trajectories: 20, levels: 4 }, 2);
    const y = design.points.map((p) => ishigami(p.values));
    expect(analyzeMorris(design, y, { bootstrap: 200 })).toEqual(analyzeMorris(design, y, { bootstrap: 200 }));
    expect(analyzeMorris(design, y, { bootstrap: 200, seed: 5 }).factors[0].muStarInterval).not.toEqual(analyzeMorris(design, y, { bootstrap: 200 }).factors[0].muStarInterval);
    // A failed point in the middle of trajectory 0 spoils the two effects that end or start there.
    const middle = design.points.findIndex((p) => p.label.trajectory === 0 && p.label.step === 2);
    y[middle] = Number.NaN;
    const out = analyzeMorris(design, y, { bootstrap: 200 });
    const spoiled = [design.points[middle].label.factor, design.points[middle + 1].label.factor];
    out.factors.forEach((f, j) => expect(f.effects).toBe(spoiled.includes(j) ? 19 : 20));
  });

  test('analyzeSensitivity picks the method from the design and refuses designs without indices', () => {
    const morris = buildMorrisDesign({ factors: ISHIGAMI_FACTORS, trajectories: 4 }, 1);
    expect(analyzeSensitivity(morris, morris.points.map((p) => ishigami(p.values)), { bootstrap: 10 }).method).toBe('morris');
    const sobol = buildSobolDesign({ factors: ISHIGAMI_FACTORS, baseSamples: 16 }, 1);
    expect(analyzeSensitivity(sobol, sobol.points.map((p) => ishigami(p.values)), { bootstrap: 10 }).method).toBe('sobol');
    expect(() => analyzeSensitivity({ kind: 'grid', seed: 0, factors: ISHIGAMI_FACTORS, points: [] }, [])).toThrow(/"morris" or "sobol"/);
  });
});
