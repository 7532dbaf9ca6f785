// Randomisation tests of analysis/permutation.ts: exact p-values of tiny designs enumerated by hand
// (individual, stratified, cluster and paired randomisation; Edgington & Onghena 2007), the Monte Carlo
// p-value (1 + #extreme)/(1 + B) and its determinism for a seeded stream, and a fixed-seed check that
// p-values under the null hypothesis are spread as uniform ones are.
import { describe, expect, test } from 'vitest';
import { permutationTest } from '../../src/analysis/permutation.js';
import { createStream } from '../../src/rng/index.js';

/** Mean of arm 1 minus mean of arm 0. */
function meanDifference(y: readonly number[]): (arm: Int8Array) => number {
  return (arm) => {
    let s1 = 0;
    let n1 = 0;
    let s0 = 0;
    let n0 = 0;
    for (let i = 0; i < y.length; i++) {
      if (arm[i]) {
        s1 += y[i];
        n1++;
      } else {
        s0 += y[i];
        n0++;
      }
    }
    return s1 / n1 - s0 / n0;
  };
}

describe('exact enumeration', () => {
  test('4 individuals, 2 treated: 6 allocations with differences ±5, ±4, ±3, so |T| ≥ 5 has p = 2/6', () => {
    // y = 1, 2, 3, 10; treated {3, 10}: 6.5 − 1.5 = 5; {1, 2}: −5; {1, 3}: −4; {2, 10}: 4; {1, 10}: 3; {2, 3}: −3.
    const input = { arm: [0, 0, 1, 1], statistic: meanDifference([1, 2, 3, 10]), scheme: { unit: 'individual' as const } };
    const r = permutationTest(input);
    expect(r).toMatchObject({ statistic: 5, exact: true, evaluated: 6, extreme: 2, allocations: 6 });
    expect(r.p).toBeCloseTo(1 / 3, 15);
    expect(permutationTest(input, { alternative: 'greater' }).p).toBeCloseTo(1 / 6, 15);
    expect(permutationTest(input, { alternative: 'less' }).p).toBe(1);
  });

  test('stratified: 2 agencies of 2, one treated in each, gives 4 allocations, not the 6 of the pooled design', () => {
    // Strata {1, 2} and {3, 10}: T over (treated in s1, treated in s2): (2,10): 12/2 − 4/2 = 4; (1,10): 5.5 − 2.5 = 3;
    // (2,3): 2.5 − 5.5 = −3; (1,3): 2 − 6 = −4. Observed (2, 10): T = 4, and |T| ≥ 4 twice: p = 1/2.
    const r = permutationTest({ arm: [0, 1, 0, 1], statistic: meanDifference([1, 2, 3, 10]), scheme: { unit: 'individual', strata: ['a', 'a', 'b', 'b'] } });
    expect(r).toMatchObject({ statistic: 4, exact: true, evaluated: 4, extreme: 2, allocations: 4 });
    expect(r.p).toBe(0.5);
  });

  test('clusters: 4 clusters of 2, 2 treated, are permuted whole (6 allocations)', () => {
    // Cluster means 1, 2, 3, 10 (each cluster's rows are c ± 0.5): the same 6 values as the individual example.
    const y = [0.5, 1.5, 1.5, 2.5, 2.5, 3.5, 9.5, 10.5];
    const r = permutationTest({ arm: [0, 0, 0, 0, 1, 1, 1, 1], statistic: meanDifference(y), scheme: { unit: 'cluster', cluster: [1, 1, 2, 2, 3, 3, 4, 4] } });
    expect(r).toMatchObject({ statistic: 5, exact: true, evaluated: 6, extreme: 2, allocations: 6 });
  });

  test('pairs: 3 organisations with differences 2, 3, −1 flip their signs: 8 allocations, 4 with |Σ| ≥ 4', () => {
    // Sums ±2 ±3 ±1: 4, 6, −2, 0, 0, 2, −6, −4; the observed is 4.
    const diffs = [2, 3, -1];
    const y = [2, 0, 3, 0, 0, 1]; // per pair: intervention row then control row, so y1 − y0 = d
    const pair = [0, 0, 1, 1, 2, 2];
    const arm = [1, 0, 1, 0, 1, 0];
    const statistic = (a: Int8Array): number => {
      let s = 0;
      for (let i = 0; i < y.length; i++) s += a[i] ? y[i] : -y[i];
      return s;
    };
    expect(statistic(Int8Array.from(arm))).toBe(diffs.reduce((a, b) => a + b, 0));
    const r = permutationTest({ arm, statistic, scheme: { unit: 'pair', pair } });
    expect(r).toMatchObject({ statistic: 4, exact: true, evaluated: 8, extreme: 4, allocations: 8 });
    expect(r.p).toBe(0.5);
  });

  test('ties by rounding count as ties: a statistic equal up to summation order is extreme', () => {
    // 0.1 + 0.2 and 0.3 differ in the last bit; both allocations must count.
    const r = permutationTest({ arm: [1, 0], statistic: (a) => (a[0] ? 0.1 + 0.2 : -0.3), scheme: { unit: 'individual' } });
    expect(r.p).toBe(1);
  });
});

describe('Monte Carlo', () => {
  const y = [3.1, 4.7, 2.2, 5.9, 6.3, 1.8, 7.4, 5.5, 4.1, 6.8, 2.9, 5.2];
  const arm = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  const input = { arm, statistic: meanDifference(y), scheme: { unit: 'individual' as const } };

  test('p = (1 + #{|T*| ≥ |T|}) / (1 + B), never 0, and it approaches the exact p', () => {
    const exact = permutationTest(input, { exact: 'always' }); // C(12, 6) = 924 allocations
    expect(exact.allocations).toBe(924);
    const mc = permutationTest(input, { exact: 'never', replicates: 4999, stream: createStream(7) });
    expect(mc.exact).toBe(false);
    expect(mc.evaluated).toBe(4999);
    expect(mc.p).toBe((1 + mc.extreme) / 5000);
    expect(Math.abs(mc.p - exact.p)).toBeLessThan(0.02);
  });

  test('the same seed gives the same p, another seed another draw', () => {
    const a = permutationTest(input, { exact: 'never', replicates: 199, stream: createStream(11) });
    const b = permutationTest(input, { exact: 'never', replicates: 199, stream: createStream(11) });
    const c = permutationTest(input, { exact: 'never', replicates: 199, stream: createStream(12) });
    expect(b).toEqual(a);
    expect(c.extreme).not.toBe(a.extreme);
  });

  test('auto enumerates only when the allocations are at most B', () => {
    expect(permutationTest(input, { replicates: 999, stream: createStream(1) }).exact).toBe(true);
    expect(permutationTest(input, { replicates: 500, stream: createStream(1) }).exact).toBe(false);
  });

  test('re-randomisation keeps the design: arms per stratum, clusters whole, pairs one of each', () => {
    const strata = [0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1];
    const cluster = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5];
    const carm = [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1];
    const seen = { strata: true, cluster: true };
    permutationTest(
      {
        arm,
        statistic: (a) => {
          for (const s of [0, 1]) if (a.filter((v, i) => strata[i] === s && v === 1).length !== 3) seen.strata = false;
          return 0;
        },
        scheme: { unit: 'individual', strata },
      },
      { exact: 'never', replicates: 200, stream: createStream(3) },
    );
    permutationTest(
      {
        arm: carm,
        statistic: (a) => {
          for (let i = 0; i < 12; i += 2) if (a[i] !== a[i + 1]) seen.cluster = false;
          if (a.reduce((s, v) => s + v, 0) !== 6) seen.cluster = false;
          return 0;
        },
        scheme: { unit: 'cluster', cluster },
      },
      { exact: 'never', replicates: 200, stream: createStream(4) },
    );
    expect(seen).toEqual({ strata: true, cluster: true });
  });

  test('under the null hypothesis p-values are spread like uniform ones (200 data sets, fixed seed)', () => {
    // A loose check on fixed draws: the fraction at or below 0.05 and 0.5 and the mean of the p-values.
    const data = createStream(2024);
    const perm = createStream(2025);
    const ps: number[] = [];
    const n = 20;
    const a = Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    for (let r = 0; r < 200; r++) {
      const yy = Array.from({ length: n }, () => data.normal());
      ps.push(permutationTest({ arm: a, statistic: meanDifference(yy), scheme: { unit: 'individual' } }, { replicates: 199, stream: perm }).p);
    }
    const frac = (c: number): number => ps.filter((p) => p <= c).length / ps.length;
    expect(frac(0.05)).toBeGreaterThan(0.01);
    expect(frac(0.05)).toBeLessThan(0.1);
    expect(frac(0.5)).toBeGreaterThan(0.4);
    expect(frac(0.5)).toBeLessThan(0.6);
    const meanP = ps.reduce((s, p) => s + p, 0) / ps.length;
    expect(meanP).toBeGreaterThan(0.43);
    expect(meanP).toBeLessThan(0.57);
  });
});

describe('refusals', () => {
  test('a cluster with rows in both arms, a non-0/1 arm, and a Monte Carlo test without a stream', () => {
    const statistic = (): number => 1;
    expect(() => permutationTest({ arm: [0, 1], statistic, scheme: { unit: 'cluster', cluster: ['t1', 't1'] } })).toThrow(/cluster t1 has rows in both arms/);
    expect(() => permutationTest({ arm: [0, 2], statistic, scheme: { unit: 'individual' } })).toThrow(/arm\[1\] = 2/);
    expect(() => permutationTest({ arm: Array.from({ length: 30 }, (_, i) => i % 2), statistic, scheme: { unit: 'individual' } }, { replicates: 99 })).toThrow(/needs a seeded stream/);
  });
});
