// Sequential seeded streams (createStream, seedrandom's Alea) and the Poisson sampler: the same seed
// gives the same sequence and a different seed a different one; uniforms, integers, normals, Poisson
// counts and Bernoulli trials have the means (and spreads) they claim, on fixed seeds.
import { describe, expect, test } from 'vitest';
import { createStream, samplePoisson } from '../../src/rng/index.js';

const N = 100_000;
const stats = (draw: () => number, n = N) => {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
};

describe('createStream', () => {
  test('the same seed gives the same sequence and a different seed a different one', () => {
    const a = createStream(123);
    const b = createStream(123);
    const c = createStream(124);
    const xs = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(xs);
  });

  test('a seed is read as an unsigned 32-bit integer', () => {
    expect(createStream(-1).next()).toBe(createStream(2 ** 32 - 1).next());
  });

  test('uniforms lie in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createStream(1);
    let lo = 1;
    let hi = 0;
    const { mean, variance } = stats(() => {
      const x = r.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      return x;
    });
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 2);
  });

  test('int(n) covers 0..n-1 evenly and nothing else', () => {
    const r = createStream(2);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(70_000);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  test('normal draws have the requested mean and standard deviation', () => {
    const r = createStream(3);
    const std = stats(() => r.normal());
    expect(Math.abs(std.mean)).toBeLessThan(0.015);
    expect(Math.sqrt(std.variance)).toBeCloseTo(1, 1);
    const shifted = stats(() => r.normal(11.7, 4.68));
    expect(Math.abs(shifted.mean - 11.7)).toBeLessThan(0.06);
    expect(Math.abs(Math.sqrt(shifted.variance) - 4.68)).toBeLessThan(0.05);
  });

  test.each([0.5, 3, 12, 30, 80])('Poisson draws with mean %f have that mean and variance', (m) => {
    const r = createStream(4);
    const { mean, variance } = stats(() => r.poisson(m), 50_000);
    // Standard error of the mean: sqrt(m / 5e4).
    expect(Math.abs(mean - m)).toBeLessThan(5 * Math.sqrt(m / 50_000) + 0.01);
    expect(Math.abs(variance / m - 1)).toBeLessThan(0.06);
  });

  test('Poisson draws are non-negative integers, and a mean of 0 or less gives 0', () => {
    const r = createStream(5);
    for (let i = 0; i < 2000; i++) {
      const k = r.poisson(i % 2 ? 2.5 : 45);
      expect(Number.isInteger(k)).toBe(true);
      expect(k).toBeGreaterThanOrEqual(0);
    }
    expect(r.poisson(0)).toBe(0);
    expect(samplePoisson(-3, () => 0.5)).toBe(0);
  });

  test('chance(p) succeeds a share p of the time', () => {
    const r = createStream(6);
    const { mean } = stats(() => (r.chance(0.3) ? 1 : 0));
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.01);
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
  });
});
