// The ABC machinery (calibrate/abc.ts) on a toy model with a known posterior: the mean μ of a normal sample
// with known variance, uniform prior. The summary is the sample mean x̄ ~ N(μ, σ²/n), so the posterior is
// N(x̄_obs, σ²/n) (truncated far out in the tails). Rejection and SMC both recover it; results do not depend
// on batch sizes; weighted summaries and the Cholesky factor are checked by hand.
import { describe, expect, test } from 'vitest';
import { abcDistance, cholesky, runAbc, summarizeWeighted, weightedCovariance, weightedQuantile, type AbcOptions, type Generation } from '../../src/calibrate/abc.js';
import { createStream } from '../../src/rng/index.js';

const SIGMA = 1;
const N_OBS = 4;
const OBSERVED = 1;
const POST_SD = SIGMA / Math.sqrt(N_OBS); // 0.5

const toy = (over: Partial<AbcOptions> = {}): AbcOptions => ({
  method: 'smc',
  priors: [{ distribution: 'uniform', low: -5, high: 5 }],
  observed: [OBSERVED],
  scales: [POST_SD],
  particles: 400,
  quantile: 0.5,
  generations: 5,
  seed: 11,
  simulate: async (proposals) => proposals.map((p) => [createStream(p.seed).normal(p.values[0], POST_SD)]),
  ...over,
});

const posterior = (g: Generation) => summarizeWeighted(
  g.particles.map((p) => p.values[0]),
  g.particles.map((p) => p.weight),
);

describe('ABC on a normal mean with known variance', () => {
  test('rejection recovers the analytic posterior N(1, 0.5²)', async () => {
    const r = await runAbc(toy({ method: 'rejection', particles: 500, quantile: 0.025 }));
    expect(r.generations).toHaveLength(1);
    const s = posterior(r.generations[0]);
    // Tolerance ε widens the posterior by about ε·scale/√3; with ε ≈ 0.2 that is under 1%.
    expect(s.mean).toBeCloseTo(OBSERVED, 1);
    expect(Math.abs(s.sd - POST_SD)).toBeLessThan(0.06);
    expect(Math.abs(s.q025 - (OBSERVED - 1.96 * POST_SD))).toBeLessThan(0.15);
    expect(Math.abs(s.q975 - (OBSERVED + 1.96 * POST_SD))).toBeLessThan(0.15);
    expect(r.generations[0].particles.every((p) => p.distance <= r.generations[0].epsilon)).toBe(true);
  });

  test('SMC recovers it too, with falling tolerances and weights that sum to one', async () => {
    const r = await runAbc(toy());
    expect(r.stopped).toBeUndefined();
    expect(r.generations).toHaveLength(5);
    const eps = r.generations.map((g) => g.epsilon);
    for (let i = 1; i < eps.length; i++) expect(eps[i]).toBeLessThan(eps[i - 1]);
    const last = r.generations[4];
    expect(last.particles.reduce((a, p) => a + p.weight, 0)).toBeCloseTo(1, 12);
    expect(last.ess).toBeGreaterThan(100);
    const s = posterior(last);
    expect(s.mean).toBeCloseTo(OBSERVED, 1);
    expect(Math.abs(s.sd - POST_SD)).toBeLessThan(0.06);
    // The first generation is a rejection step from the prior: much wider than the posterior.
    expect(posterior(r.generations[0]).sd).toBeGreaterThan(1.5 * POST_SD);
  });

  test('a log-uniform prior is sampled uniformly in log(value)', async () => {
    const r = await runAbc(toy({ method: 'rejection', priors: [{ distribution: 'log-uniform', low: 0.01, high: 100 }], particles: 1000, quantile: 1, simulate: async (ps) => ps.map(() => [0]) }));
    const logs = r.generations[0].particles.map((p) => Math.log10(p.values[0]));
    expect(logs.filter((x) => x < 0).length / logs.length).toBeCloseTo(0.5, 1);
    expect(Math.min(...logs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...logs)).toBeLessThanOrEqual(2);
  });

  test('the same seed gives the same generations whatever the batch size; another seed does not', async () => {
    const a = await runAbc(toy({ generations: 3, particles: 100 }));
    const b = await runAbc(toy({ generations: 3, particles: 100, minBatch: 37 }));
    const c = await runAbc(toy({ generations: 3, particles: 100, seed: 12 }));
    expect(JSON.stringify(b.generations)).toBe(JSON.stringify(a.generations));
    expect(JSON.stringify(c.generations)).not.toBe(JSON.stringify(a.generations));
  });

  test('resuming from kept generations gives what one uninterrupted run gives', async () => {
    const whole = await runAbc(toy({ generations: 4, particles: 100 }));
    const kept: Generation[] = [];
    await runAbc(toy({ generations: 2, particles: 100, onGeneration: (g) => void kept.push(JSON.parse(JSON.stringify(g)) as Generation) }));
    const resumed = await runAbc(toy({ generations: 4, particles: 100, resume: kept }));
    expect(JSON.stringify(resumed.generations)).toBe(JSON.stringify(whole.generations));
  });

  test('SMC stops, keeping the last complete generation, when acceptance falls below the budget', async () => {
    // A simulator that can never come closer than 3 scales: ε cannot fall below that.
    const r = await runAbc(toy({ particles: 50, maxAttemptsPerParticle: 5, simulate: async (ps) => ps.map((p) => [OBSERVED + 3 * POST_SD + Math.abs(createStream(p.seed).normal(0, 0.01))]) }));
    expect(r.stopped).toMatch(/generation \d+ accepted \d+ of 50 particles/);
    expect(r.generations.length).toBeGreaterThanOrEqual(1);
  });
});

describe('helpers', () => {
  test('the distance is Euclidean on standardised summaries, and infinite when one is missing', () => {
    expect(abcDistance([3, 1], [1, 4], [2, 1])).toBeCloseTo(Math.sqrt(1 + 9), 12);
    expect(abcDistance([NaN, 1], [1, 1], [1, 1])).toBe(Infinity);
  });

  test('weighted quantiles put each value at the midpoint of its weight', () => {
    // Values 1, 2, 3 with weights 0.25, 0.5, 0.25: midpoints 0.125, 0.5, 0.875.
    expect(weightedQuantile([3, 1, 2], [0.25, 0.25, 0.5], 0.5)).toBe(2);
    expect(weightedQuantile([1, 2, 3], [0.25, 0.5, 0.25], 0.3125)).toBeCloseTo(1.5, 12);
    expect(weightedQuantile([1, 2, 3], [0.25, 0.5, 0.25], 0.05)).toBe(1);
    const s = summarizeWeighted([1, 2, 3], [0.25, 0.5, 0.25]);
    expect(s.mean).toBe(2);
    expect(s.sd).toBeCloseTo(Math.sqrt(0.5), 12);
  });

  test('the weighted covariance and its Cholesky factor, by hand', () => {
    const { mean, cov } = weightedCovariance([[0, 0], [2, 2], [2, 0], [0, 2]], [0.25, 0.25, 0.25, 0.25]);
    expect(mean).toEqual([1, 1]);
    // Unbiased: Σ w (x − m)² / (1 − Σ w²) = 1 / 0.75.
    expect(cov[0][0]).toBeCloseTo(4 / 3, 12);
    expect(cov[0][1]).toBeCloseTo(0, 12);
    const L = cholesky([[4, 2], [2, 5]]);
    expect(L).toEqual([[2, 0], [1, 2]]);
  });
});
