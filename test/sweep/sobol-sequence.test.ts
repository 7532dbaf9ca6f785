// The Sobol' sequence against published points: Joe & Kuo's sobol.cc output for new-joe-kuo-6.21201 (the same
// as scipy.stats.qmc.Sobol(d, scramble=False), which was used to check all 1024 dimensions × 300 points while
// writing this). Also: the scramble keeps each dimension's stratification, is seeded, and extends stably.
import { describe, expect, test } from 'vitest';
import { buildSobolPoints } from '../../src/sweep/sobol-sequence.js';
import { DesignError } from '../../src/sweep/design-error.js';

const column = (rows: number[][], d: number): number[] => rows.map((r) => r[d]);

describe('the Sobol sequence', () => {
  test('the first eight points of dimensions 1 to 5 equal the published values', () => {
    const rows = buildSobolPoints(8, 5);
    expect(column(rows, 0)).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
    expect(column(rows, 1)).toEqual([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625]);
    expect(column(rows, 2)).toEqual([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375]);
    expect(column(rows, 3)).toEqual([0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125]);
    expect(column(rows, 4)).toEqual([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125]);
  });

  test('high dimensions follow the Joe and Kuo direction numbers', () => {
    const rows = buildSobolPoints(16, 1024);
    expect(column(rows, 9)).toEqual([0, 0.5, 0.75, 0.25, 0.625, 0.125, 0.375, 0.875, 0.3125, 0.8125, 0.5625, 0.0625, 0.9375, 0.4375, 0.1875, 0.6875]);
    expect(column(rows, 39)).toEqual([0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125, 0.5625, 0.0625, 0.8125, 0.3125, 0.4375, 0.9375, 0.1875, 0.6875]);
    expect(column(rows, 1023)).toEqual([0, 0.5, 0.75, 0.25, 0.875, 0.375, 0.125, 0.625, 0.0625, 0.5625, 0.8125, 0.3125, 0.9375, 0.4375, 0.1875, 0.6875]);
  });

  test('a point far into the sequence equals the published value in every bit', () => {
    const [p, q] = buildSobolPoints(2, 1024, { skip: 1_000_003 });
    expect([p[0], p[9], p[39], p[1023]]).toEqual([0.2764749526977539, 0.004401206970214844, 0.26140880584716797, 0.048842430114746094]);
    expect([q[0], q[9], q[39], q[1023]]).toEqual([0.4014749526977539, 0.8794012069702148, 0.38640880584716797, 0.6738424301147461]);
  });

  test('skipping points gives the same rows as generating and dropping them', () => {
    const all = buildSobolPoints(100, 7);
    expect(buildSobolPoints(37, 7, { skip: 63 })).toEqual(all.slice(63));
    const scrambled = buildSobolPoints(100, 7, { scramble: true, seed: 5 });
    expect(buildSobolPoints(37, 7, { scramble: true, seed: 5, skip: 63 })).toEqual(scrambled.slice(63));
  });

  test('asking for more points extends the list and leaves earlier points unchanged', () => {
    expect(buildSobolPoints(64, 6, { scramble: true, seed: 9 }).slice(0, 16)).toEqual(buildSobolPoints(16, 6, { scramble: true, seed: 9 }));
  });

  test('scrambled points keep one point per dyadic interval in every dimension', () => {
    const n = 256;
    const rows = buildSobolPoints(n, 12, { scramble: true, seed: 2024 });
    for (let d = 0; d < 12; d++) {
      const cells = new Set(rows.map((r) => Math.floor(r[d] * n)));
      expect(cells.size).toBe(n);
    }
    // Two-dimensional projection of the first two dimensions: a (0, m, 2)-net, one point per 16 × 16 box.
    const boxes = new Set(rows.map((r) => `${Math.floor(r[0] * 16)},${Math.floor(r[1] * 16)}`));
    expect(boxes.size).toBe(256);
  });

  test('the scramble is seeded: the same seed gives the same points and another seed different ones', () => {
    const a = buildSobolPoints(32, 4, { scramble: true, seed: 1 });
    expect(buildSobolPoints(32, 4, { scramble: true, seed: 1 })).toEqual(a);
    expect(buildSobolPoints(32, 4, { scramble: true, seed: 2 })).not.toEqual(a);
    for (const row of a) for (const x of row) expect(x >= 0 && x < 1).toBe(true);
  });

  test('more dimensions than the shipped direction numbers are refused with a clear message', () => {
    expect(() => buildSobolPoints(4, 1025)).toThrow(DesignError);
    expect(() => buildSobolPoints(4, 1025)).toThrow(/1025 dimensions.*from 1 to 1024/);
  });
});
