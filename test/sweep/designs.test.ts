// Properties of the sweep designs: grid size and odometer order; one Latin hypercube point per stratum; the
// Saltelli blocks' shapes and swapped columns; Morris steps of ±Δ one factor at a time inside [0, 1]; seeding;
// stable extension (more Sobol' rows or Morris trajectories keep earlier points); ranges, lists and integers.
import { describe, expect, test } from 'vitest';
import {
  buildDesign,
  buildGridDesign,
  buildLatinHypercubeDesign,
  buildMorrisDesign,
  buildSobolDesign,
  DesignError,
  designPointCount,
  MAX_DESIGN_POINTS,
  pointAssignments,
  scaleToFactor,
  type DesignFactor,
  type DesignSpec,
} from '../../src/sweep/designs.js';

const unitFactors = (k: number): DesignFactor[] => Array.from({ length: k }, (_, j) => ({ path: `f${j}`, range: [0, 1] as const }));

describe('full grid', () => {
  test('the grid holds the product of the level counts, in odometer order with the last factor fastest', () => {
    const design = buildGridDesign({
      factors: [
        { path: 'a', values: [10, 20] },
        { path: 'b', range: [0, 1], levels: 3 },
        { path: 'c', values: [7] },
      ],
    });
    expect(design.points).toHaveLength(6);
    expect(design.points.map((p) => p.values)).toEqual([
      [10, 0, 7],
      [10, 0.5, 7],
      [10, 1, 7],
      [20, 0, 7],
      [20, 0.5, 7],
      [20, 1, 7],
    ]);
    expect(design.points.map((p) => p.label.levels)).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
      [1, 1, 0],
      [1, 2, 0],
    ]);
    expect(design.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('levels are evenly spaced over the range including both ends, and one level is the midpoint', () => {
    const design = buildGridDesign({ factors: [{ path: 'x', range: [2, 10], levels: 5 }, { path: 'y', range: [-4, 0] }], levels: 1 });
    expect(design.points.map((p) => p.values)).toEqual([
      [2, -2],
      [4, -2],
      [6, -2],
      [8, -2],
      [10, -2],
    ]);
  });

  test('integer factors on a grid take integers spread over the range', () => {
    const design = buildGridDesign({ factors: [{ path: 'n', range: [1, 5], integer: true, levels: 5 }, { path: 'm', range: [0, 9], integer: true, levels: 3 }] });
    const n = [...new Set(design.points.map((p) => p.values[0]))];
    const m = [...new Set(design.points.map((p) => p.values[1]))];
    expect(n).toEqual([1, 2, 3, 4, 5]);
    expect(m).toEqual([0, 5, 9]);
  });

  test('a factor with neither values nor levels is refused, naming the factor', () => {
    expect(() => buildGridDesign({ factors: [{ path: 'workers.turnoverRate', range: [0, 0.1] }] })).toThrow(/factors\[0\] \(workers\.turnoverRate\): levels undefined/);
  });
});

describe('Latin hypercube', () => {
  test('every factor has exactly one point in each of the n strata', () => {
    const n = 50;
    const design = buildLatinHypercubeDesign({ factors: unitFactors(6), points: n }, 11);
    expect(design.points).toHaveLength(n);
    for (let j = 0; j < 6; j++) {
      const strata = design.points.map((p) => Math.floor(p.unit[j] * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(design.points.map((p) => p.label.strata[j]).sort((a, b) => a - b)).toEqual(strata);
    }
  });

  test('centred points sit in the middle of their strata', () => {
    const design = buildLatinHypercubeDesign({ factors: unitFactors(3), points: 8, centered: true }, 3);
    for (const p of design.points) for (let j = 0; j < 3; j++) expect(p.unit[j]).toBe((p.label.strata[j] + 0.5) / 8);
  });

  test('the same seed gives the same design and another seed a different one', () => {
    const spec = { factors: unitFactors(4), points: 20 };
    expect(buildLatinHypercubeDesign(spec, 1)).toEqual(buildLatinHypercubeDesign(spec, 1));
    expect(buildLatinHypercubeDesign(spec, 2).points).not.toEqual(buildLatinHypercubeDesign(spec, 1).points);
  });

  test("adding a factor leaves the other factors' columns unchanged", () => {
    const two = buildLatinHypercubeDesign({ factors: unitFactors(2), points: 30 }, 4);
    const three = buildLatinHypercubeDesign({ factors: [{ path: 'new', range: [0, 1] }, ...unitFactors(2)], points: 30 }, 4);
    expect(three.points.map((p) => p.unit.slice(1))).toEqual(two.points.map((p) => p.unit));
  });

  test('values are scaled to each range and integer factors take each integer equally often', () => {
    const design = buildLatinHypercubeDesign(
      { factors: [{ path: 'rate', range: [0.2, 0.7] }, { path: 'count', range: [3, 7], integer: true }, { path: 'pick', values: [1, 10, 100] }], points: 60 },
      8,
    );
    const counts = new Map<number, number>();
    const picks = new Map<number, number>();
    for (const p of design.points) {
      expect(p.values[0]).toBeGreaterThanOrEqual(0.2);
      expect(p.values[0]).toBeLessThanOrEqual(0.7);
      expect(p.values[0]).toBeCloseTo(0.2 + 0.5 * p.unit[0], 14);
      counts.set(p.values[1], (counts.get(p.values[1]) ?? 0) + 1);
      picks.set(p.values[2], (picks.get(p.values[2]) ?? 0) + 1);
    }
    // 60 strata over 5 integers (and 3 listed values): each value gets exactly its share.
    expect([...counts.entries()].sort((a, b) => a[0] - b[0])).toEqual([[3, 12], [4, 12], [5, 12], [6, 12], [7, 12]]);
    expect([...picks.entries()].sort((a, b) => a[0] - b[0])).toEqual([[1, 20], [10, 20], [100, 20]]);
  });
});

describe('Sobol design (Saltelli scheme)', () => {
  const factors: DesignFactor[] = [
    { path: 'a', range: [0, 1] },
    { path: 'b', range: [-5, 5] },
    { path: 'c', range: [1, 4], integer: true },
  ];

  test('the design has N(k + 2) points, or N(2k + 2) with the BA blocks, row by row in a fixed block order', () => {
    const design = buildSobolDesign({ factors, baseSamples: 16 }, 1);
    expect(design.points).toHaveLength(16 * 5);
    expect(design.points.slice(0, 5).map((p) => p.label)).toEqual([
      { block: 'A', row: 0, factor: null },
      { block: 'AB', row: 0, factor: 0 },
      { block: 'AB', row: 0, factor: 1 },
      { block: 'AB', row: 0, factor: 2 },
      { block: 'B', row: 0, factor: null },
    ]);
    const second = buildSobolDesign({ factors, baseSamples: 16, secondOrder: true }, 1);
    expect(second.points).toHaveLength(16 * 8);
    expect(second.points.slice(0, 8).map((p) => `${p.label.block}${p.label.factor ?? ''}`)).toEqual(['A', 'AB0', 'AB1', 'AB2', 'BA0', 'BA1', 'BA2', 'B']);
  });

  test('AB_i is A with column i from B, and BA_i is B with column i from A', () => {
    const design = buildSobolDesign({ factors, baseSamples: 32, secondOrder: true }, 3);
    for (let r = 0; r < 32; r++) {
      const rows = design.points.filter((p) => p.label.row === r);
      const a = rows.find((p) => p.label.block === 'A')!;
      const b = rows.find((p) => p.label.block === 'B')!;
      for (let i = 0; i < 3; i++) {
        const ab = rows.find((p) => p.label.block === 'AB' && p.label.factor === i)!;
        const ba = rows.find((p) => p.label.block === 'BA' && p.label.factor === i)!;
        expect(ab.unit).toEqual(a.unit.map((x, j) => (j === i ? b.unit[j] : x)));
        expect(ba.unit).toEqual(b.unit.map((x, j) => (j === i ? a.unit[j] : x)));
      }
    }
  });

  test('unscrambled, A and B are the two halves of the Joe and Kuo Sobol sequence in 2k dimensions', () => {
    const design = buildSobolDesign({ factors: unitFactors(2), baseSamples: 4, scramble: false }, 0);
    const a = design.points.filter((p) => p.label.block === 'A').map((p) => p.unit);
    const b = design.points.filter((p) => p.label.block === 'B').map((p) => p.unit);
    expect(a).toEqual([[0, 0], [0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]);
    expect(b).toEqual([[0, 0], [0.5, 0.5], [0.25, 0.25], [0.75, 0.75]]);
  });

  test('more base samples extend the design and keep every earlier point and index', () => {
    const small = buildSobolDesign({ factors, baseSamples: 8 }, 42);
    const large = buildSobolDesign({ factors, baseSamples: 64 }, 42);
    expect(large.points.slice(0, small.points.length)).toEqual(small.points);
  });

  test('the same seed gives the same design and another seed a different one', () => {
    expect(buildSobolDesign({ factors, baseSamples: 8 }, 1)).toEqual(buildSobolDesign({ factors, baseSamples: 8 }, 1));
    expect(buildSobolDesign({ factors, baseSamples: 8 }, 2).points).not.toEqual(buildSobolDesign({ factors, baseSamples: 8 }, 1).points);
  });

  test('values are scaled to the ranges and integer factors are integers within theirs', () => {
    const design = buildSobolDesign({ factors, baseSamples: 64 }, 5);
    for (const p of design.points) {
      expect(p.values[1]).toBeCloseTo(-5 + 10 * p.unit[1], 12);
      expect(Number.isInteger(p.values[2])).toBe(true);
      expect(p.values[2]).toBeGreaterThanOrEqual(1);
      expect(p.values[2]).toBeLessThanOrEqual(4);
    }
    expect(pointAssignments(design, design.points[0])).toEqual({ a: design.points[0].values[0], b: design.points[0].values[1], c: design.points[0].values[2] });
  });

  test('twenty factors (forty Sobol dimensions) and more are supported', () => {
    const design = buildSobolDesign({ factors: unitFactors(25), baseSamples: 4 }, 1);
    expect(design.points).toHaveLength(4 * 27);
    expect(() => buildSobolDesign({ factors: unitFactors(513), baseSamples: 4 }, 1)).toThrow(/at most 1024/);
  });
});

describe('Morris trajectories', () => {
  const k = 5;
  const design = buildMorrisDesign({ factors: unitFactors(k), trajectories: 40, levels: 4 }, 7);

  test('there are r trajectories of k + 1 points and Δ is p / (2(p − 1))', () => {
    expect(design.points).toHaveLength(40 * (k + 1));
    expect(design.delta).toBe(2 / 3);
    expect(buildMorrisDesign({ factors: unitFactors(2), trajectories: 1, levels: 6 }, 1).delta).toBe(0.6);
  });

  test('each step changes exactly the labelled factor by ±Δ, every factor once per trajectory', () => {
    for (let t = 0; t < 40; t++) {
      const steps = design.points.slice(t * (k + 1), (t + 1) * (k + 1));
      expect(steps.map((p) => p.label.step)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(steps.every((p) => p.label.trajectory === t)).toBe(true);
      expect(steps[0].label.factor).toBeNull();
      const changed: number[] = [];
      for (let s = 1; s <= k; s++) {
        const { factor, direction } = steps[s].label;
        const diff = steps[s].unit.map((x, j) => x - steps[s - 1].unit[j]);
        diff.forEach((d, j) => (j === factor ? expect(d).toBeCloseTo(direction * design.delta, 12) : expect(d).toBe(0)));
        changed.push(factor!);
      }
      expect(changed.sort()).toEqual([0, 1, 2, 3, 4]);
    }
  });

  test('every point lies on the p-level grid inside [0, 1]', () => {
    for (const p of design.points) {
      for (const x of p.unit) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        expect(Math.abs(x * 3 - Math.round(x * 3))).toBeLessThan(1e-12);
      }
    }
  });

  test('both directions and every starting level are used', () => {
    const directions = new Set(design.points.map((p) => p.label.direction).filter((d) => d !== 0));
    expect([...directions].sort()).toEqual([-1, 1]);
    const starts = new Set(design.points.filter((p) => p.label.step === 0).flatMap((p) => p.unit.map((x) => Math.round(x * 3))));
    expect([...starts].sort()).toEqual([0, 1, 2, 3]);
  });

  test('more trajectories append points and leave earlier trajectories unchanged', () => {
    const more = buildMorrisDesign({ factors: unitFactors(k), trajectories: 60, levels: 4 }, 7);
    expect(more.points.slice(0, design.points.length)).toEqual(design.points);
  });

  test('the same seed gives the same trajectories and another seed different ones', () => {
    expect(buildMorrisDesign({ factors: unitFactors(k), trajectories: 40, levels: 4 }, 7)).toEqual(design);
    expect(buildMorrisDesign({ factors: unitFactors(k), trajectories: 40, levels: 4 }, 8).points).not.toEqual(design.points);
  });

  test('an odd number of levels is refused with a suggestion', () => {
    expect(() => buildMorrisDesign({ factors: unitFactors(2), trajectories: 3, levels: 5 }, 1)).toThrow(/levels 5 must be even.*try 6/);
  });

  test('values are scaled to each range and integer factors are rounded into their cells', () => {
    const scaled = buildMorrisDesign({ factors: [{ path: 'x', range: [10, 16] }, { path: 'n', range: [0, 3], integer: true }], trajectories: 10, levels: 4 }, 2);
    for (const p of scaled.points) {
      expect(p.values[0]).toBeCloseTo(10 + 6 * p.unit[0], 12);
      expect(p.values[1]).toBe(Math.round(p.unit[1] * 3));
    }
  });
});

describe('design specs and factors', () => {
  test('buildDesign dispatches on the kind and passes the seed on', () => {
    const factors = unitFactors(2);
    expect(buildDesign({ kind: 'latin-hypercube', factors, points: 5 }, 3)).toEqual(buildLatinHypercubeDesign({ factors, points: 5 }, 3));
    expect(buildDesign({ kind: 'sobol', factors, baseSamples: 4 }, 3)).toEqual(buildSobolDesign({ factors, baseSamples: 4 }, 3));
    expect(buildDesign({ kind: 'morris', factors, trajectories: 2 }, 3)).toEqual(buildMorrisDesign({ factors, trajectories: 2 }, 3));
    expect(buildDesign({ kind: 'grid', factors, levels: 2 }, 3).points).toHaveLength(4);
    expect(() => buildDesign({ kind: 'fractional' } as never, 1)).toThrow(/"fractional" is not known/);
  });

  test('bad factors are refused with messages that name the factor, the value and what is allowed', () => {
    expect(() => buildLatinHypercubeDesign({ factors: [], points: 3 }, 1)).toThrow(DesignError);
    expect(() => buildLatinHypercubeDesign({ factors: [{ path: 'x', range: [2, 1] }], points: 3 }, 1)).toThrow(/factors\[0\] \(x\): range \[2,1\] must be \[low, high\]/);
    expect(() => buildLatinHypercubeDesign({ factors: [{ path: 'x', range: [0, 1] }, { path: 'x', range: [0, 1] }], points: 3 }, 1)).toThrow(/appears twice/);
    expect(() => buildLatinHypercubeDesign({ factors: [{ path: 'n', range: [0.2, 0.8], integer: true }], points: 3 }, 1)).toThrow(/holds no integer/);
    expect(() => buildLatinHypercubeDesign({ factors: unitFactors(1), points: 0 }, 1)).toThrow(/points 0 must be an integer ≥ 1/);
  });

  test('the unit interval maps to the range, to equal integer cells, or to equal cells of a value list', () => {
    expect(scaleToFactor({ path: 'x', range: [-1, 3] }, 0.25)).toBe(0);
    expect([0, 0.19, 0.2, 0.5, 0.99, 1].map((u) => scaleToFactor({ path: 'n', range: [1, 5], integer: true }, u))).toEqual([1, 1, 2, 3, 5, 5]);
    expect([0, 1 / 3, 2 / 3, 1].map((u) => scaleToFactor({ path: 'v', values: [5, 6, 7, 8] }, u))).toEqual([5, 6, 7, 8]);
  });
});

describe('design sizes, by arithmetic before building', () => {
  const it = test;
  const f = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `p${i}`, range: [0, 1] as [number, number] }));
  it('counts the points of every kind of design as building it gives them', () => {
    const specs: DesignSpec[] = [
      { kind: 'grid', factors: [{ path: 'a', values: [1, 2, 3] }, { path: 'b', range: [0, 1], levels: 4 }] },
      { kind: 'latin-hypercube', factors: f(3), points: 17 },
      { kind: 'sobol', factors: f(3), baseSamples: 8 },
      { kind: 'sobol', factors: f(3), baseSamples: 8, secondOrder: true },
      { kind: 'morris', factors: f(4), trajectories: 5 },
    ];
    expect(specs.map(designPointCount)).toEqual([12, 17, 40, 64, 25]);
    expect(specs.map((s) => buildDesign(s, 3).points.length)).toEqual([12, 17, 40, 64, 25]);
  });

  it(`refuses a design of more than ${MAX_DESIGN_POINTS.toLocaleString('en')} points before building any (1e12 points would never finish)`, () => {
    expect(() => buildDesign({ kind: 'latin-hypercube', factors: f(2), points: 1e12 }, 1)).toThrow(/latin-hypercube design: 1,000,000,000,000 points is more than the 1,000,000 allowed/);
    expect(() => buildLatinHypercubeDesign({ factors: f(2), points: 1e12 }, 1)).toThrow(DesignError);
    expect(() => buildSobolDesign({ factors: f(5), baseSamples: 1e9 }, 1)).toThrow(/at most 142,857 with these factors/);
    expect(() => buildMorrisDesign({ factors: f(5), trajectories: 1e9 }, 1)).toThrow(/at most 166,666 with these factors/);
    expect(() => buildGridDesign({ factors: [{ path: 'a', range: [0, 1], levels: 10_000 }, { path: 'b', range: [0, 1], levels: 5_000 }] })).toThrow(/50,000,000 points is more than the 1,000,000 allowed/);
  });
});
