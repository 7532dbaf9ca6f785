// Approximate Bayesian computation over a black-box simulator: rejection (Pritchard et al. 1999: sample the
// prior, keep the draws whose simulated summaries lie closest to the observed ones) and a sequential Monte
// Carlo variant (Toni et al. 2009; Beaumont et al. 2009: populations with decreasing tolerance, a Gaussian
// perturbation kernel with twice the weighted covariance, importance weights; the tolerance of each
// generation is a quantile of the previous one's distances, as in Del Moral et al. 2012's adaptive scheme).
// Distance: Euclidean on standardised summaries, sqrt(Σ ((s − y) / scale)²). Part of calibrate/; no I/O.
// Every draw comes from a stream seeded by hashing (seed, generation, attempt), so results do not depend on
// batch sizes, worker counts or interruptions; a generation accepts the first N attempts (by index) within ε.
import { createStream, deriveSeed, type RandomStream } from '../rng/index.js';
import { quantileSorted } from '../analysis/stats.js';
import type { PriorDistribution } from './free-parameters-file.js';

export const ABC_METHODS = ['rejection', 'smc'] as const;
export type AbcMethod = (typeof ABC_METHODS)[number];

export interface Prior {
  readonly distribution: PriorDistribution;
  readonly low: number;
  readonly high: number;
}

/** One parameter set to simulate: its values, and the seed its runs derive theirs from. */
export interface Proposal {
  readonly generation: number;
  readonly attempt: number;
  readonly values: readonly number[];
  readonly seed: number;
}

export interface Particle {
  /** The attempt (within its generation) that produced it. */
  readonly attempt: number;
  /** Parameter values, and the same in the sampler's space (log for log-uniform priors). */
  readonly values: readonly number[];
  readonly internal: readonly number[];
  /** Normalised importance weight. */
  readonly weight: number;
  readonly distance: number;
  /** Simulated summaries (mean over the particle's replicates). */
  readonly stats: readonly number[];
}

export interface Generation {
  readonly generation: number;
  /** Tolerance: the largest distance accepted. */
  readonly epsilon: number;
  /** Attempts up to and including the last accepted one (proposals outside the prior count, unsimulated). */
  readonly attempts: number;
  /** Of those, the ones simulated (inside the prior's support). */
  readonly simulated: number;
  /** Accepted particles over simulated proposals. */
  readonly acceptance: number;
  /** Effective sample size of the weights, 1 / Σ w². */
  readonly ess: number;
  readonly particles: readonly Particle[];
}

export interface AbcProgress {
  readonly generation: number;
  readonly accepted: number;
  readonly particles: number;
  readonly simulated: number;
  readonly epsilon: number;
}

export interface AbcOptions {
  readonly method: AbcMethod;
  readonly priors: readonly Prior[];
  readonly observed: readonly number[];
  readonly scales: readonly number[];
  /** Accepted particles per generation (N). */
  readonly particles: number;
  /** Rejection: the share of prior draws accepted (N / q draws). SMC: the first generation's share, and the quantile of a generation's distances that becomes the next tolerance. */
  readonly quantile: number;
  /** SMC: generations in all, the first included (rejection: always 1). */
  readonly generations: number;
  /** SMC: stop when a generation needs more than particles × this many simulations (its acceptance is too low). */
  readonly maxAttemptsPerParticle?: number;
  readonly seed: number;
  /** Simulate proposals; summaries in the order of `observed`, NaN where not computable. */
  readonly simulate: (proposals: readonly Proposal[]) => Promise<ReadonlyArray<readonly number[]>>;
  /** Generations already complete (a resumed calibration), in order. */
  readonly resume?: readonly Generation[];
  /** Called when a generation is complete (before the next starts), to keep it. */
  readonly onGeneration?: (generation: Generation) => void | Promise<void>;
  readonly onProgress?: (progress: AbcProgress) => void;
  /** Simulate at least this many proposals per batch (keeps a pool's workers busy). */
  readonly minBatch?: number;
}

export interface AbcResult {
  readonly generations: readonly Generation[];
  /** Why SMC stopped before its last generation, if it did. */
  readonly stopped?: string;
}

// ---------------------------------------------------------------------------------------------------------
// Priors: sampled and perturbed in an internal space where each is uniform (log(value) for log-uniform).

export const toInternal = (p: Prior, v: number): number => (p.distribution === 'log-uniform' ? Math.log(v) : v);
export const fromInternal = (p: Prior, x: number): number => (p.distribution === 'log-uniform' ? Math.exp(x) : x);
const internalBounds = (p: Prior): [number, number] => [toInternal(p, p.low), toInternal(p, p.high)];

/** A draw from the prior. */
export function samplePrior(priors: readonly Prior[], stream: RandomStream): number[] {
  return priors.map((p) => {
    const [lo, hi] = internalBounds(p);
    return lo + stream.next() * (hi - lo);
  });
}

/** Standardised Euclidean distance; Infinity when a summary is missing. */
export function abcDistance(stats: readonly number[], observed: readonly number[], scales: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < observed.length; k++) {
    const z = (stats[k] - observed[k]) / scales[k];
    if (!Number.isFinite(z)) return Infinity;
    sum += z * z;
  }
  return Math.sqrt(sum);
}

/** Weighted mean and covariance of the particles' internal values. */
export function weightedCovariance(points: readonly (readonly number[])[], weights: readonly number[]): { mean: number[]; cov: number[][] } {
  const d = points[0].length;
  const mean = new Array<number>(d).fill(0);
  points.forEach((x, i) => x.forEach((v, j) => (mean[j] += weights[i] * v)));
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  let sw2 = 0;
  for (const w of weights) sw2 += w * w;
  const norm = sw2 < 1 ? 1 / (1 - sw2) : 1; // unbiased for normalised weights
  points.forEach((x, i) => {
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a][b] += weights[i] * (x[a] - mean[a]) * (x[b] - mean[b]) * norm;
  });
  return { mean, cov };
}

/**
 * The fewest particles a calibration can run with: 2 for rejection (or a single generation); for SMC, free
 * parameters + 2, since the perturbation covariance of N particles in d dimensions has rank at most N − 1 and
 * must be positive definite.
 */
export function minimumParticles(method: AbcMethod, generations: number, freeParameters: number): number {
  return method === 'smc' && generations > 1 ? Math.max(2, freeParameters + 2) : 2;
}

/** Lower-triangular Cholesky factor of a symmetric positive-definite matrix. */
export function cholesky(m: readonly (readonly number[])[]): number[][] {
  const d = m.length;
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('the perturbation covariance is not positive definite');
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/** (x − y)ᵀ Σ⁻¹ (x − y) from Σ's Cholesky factor L (forward substitution). */
function mahalanobis2(L: readonly (readonly number[])[], x: readonly number[], y: readonly number[]): number {
  const d = x.length;
  const z = new Array<number>(d);
  let sum = 0;
  for (let i = 0; i < d; i++) {
    let s = x[i] - y[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
    sum += z[i] * z[i];
  }
  return sum;
}

/** Index drawn with probability proportional to the (normalised) weights. */
function drawIndex(weights: readonly number[], u: number): number {
  let c = 0;
  for (let i = 0; i < weights.length; i++) {
    c += weights[i];
    if (u < c) return i;
  }
  return weights.length - 1;
}

const ess = (weights: readonly number[]): number => 1 / weights.reduce((s, w) => s + w * w, 0);

/** Seed of the draws of one attempt, and of its simulation runs. */
export const attemptSeed = (seed: number, generation: number, attempt: number): number => deriveSeed(seed, 'abc-attempt', generation, attempt);
export const runSeedOf = (seed: number, generation: number, attempt: number): number => deriveSeed(seed, 'abc-run', generation, attempt);

interface Candidate {
  readonly attempt: number;
  readonly internal: number[];
  readonly values: number[];
  /** Outside the prior's support: not simulated. */
  readonly outside: boolean;
}

/**
 * Run ABC. Stages: (1) generation 0 samples N / q proposals from the prior and keeps the N closest
 * (rejection ends here); (2) each later SMC generation sets ε to the q-quantile of the previous distances,
 * proposes by drawing an ancestor by weight and perturbing it with N(0, 2Σ), simulates in batches, keeps the
 * first N attempts within ε, and weights them by prior / Σ_j w_j K(θ | θ_j).
 */
export async function runAbc(options: AbcOptions): Promise<AbcResult> {
  const { priors, observed, scales, particles: N, quantile: q, seed } = options;
  if (!Number.isInteger(N) || N < 2) throw new RangeError(`particles must be an integer ≥ 2, got ${N}`);
  const minN = minimumParticles(options.method, options.generations, priors.length);
  if (N < minN) throw new RangeError(`particles must be at least free parameters + 2 = ${minN} for SMC (its perturbation covariance needs them), got ${N}`);
  if (!(q > 0 && q <= 1)) throw new RangeError(`quantile must be in (0, 1], got ${q}`);
  if (observed.length !== scales.length) throw new RangeError('observed and scales differ in length');
  const totalGenerations = options.method === 'rejection' ? 1 : options.generations;
  const maxAttemptsPerParticle = options.maxAttemptsPerParticle ?? 50;
  // The budget counts simulations; proposals outside the prior cost nothing but are bounded too.
  const maxSimulated = N * maxAttemptsPerParticle;
  const maxAttempts = N * maxAttemptsPerParticle * 100;
  const minBatch = Math.max(1, options.minBatch ?? 1);
  const bounds = priors.map(internalBounds);
  const generations: Generation[] = [...(options.resume ?? [])];

  const simulateCandidates = async (g: number, cands: readonly Candidate[]): Promise<Map<number, { distance: number; stats: number[] }>> => {
    const inside = cands.filter((c) => !c.outside);
    const stats = await options.simulate(inside.map((c) => ({ generation: g, attempt: c.attempt, values: c.values, seed: runSeedOf(seed, g, c.attempt) })));
    const out = new Map<number, { distance: number; stats: number[] }>();
    inside.forEach((c, i) => out.set(c.attempt, { distance: abcDistance(stats[i], observed, scales), stats: [...stats[i]] }));
    return out;
  };

  // 1. Generation 0: rejection from the prior.
  if (generations.length === 0) {
    const M = Math.ceil(N / q);
    const cands: Candidate[] = [];
    for (let k = 0; k < M; k++) {
      const internal = samplePrior(priors, createStream(attemptSeed(seed, 0, k)));
      cands.push({ attempt: k, internal, values: internal.map((x, j) => fromInternal(priors[j], x)), outside: false });
    }
    const results = new Map<number, { distance: number; stats: number[] }>();
    for (let start = 0; start < M; start += Math.max(minBatch, Math.ceil(M / 20))) {
      const batch = cands.slice(start, start + Math.max(minBatch, Math.ceil(M / 20)));
      for (const [k, r] of await simulateCandidates(0, batch)) results.set(k, r);
      options.onProgress?.({ generation: 0, accepted: 0, particles: N, simulated: results.size, epsilon: Infinity });
    }
    const order = cands.map((c) => c.attempt).sort((a, b) => results.get(a)!.distance - results.get(b)!.distance || a - b);
    const kept = order.slice(0, N).sort((a, b) => a - b);
    const epsilon = results.get(order[N - 1])!.distance;
    const ps: Particle[] = kept.map((k) => ({ attempt: k, values: cands[k].values, internal: cands[k].internal, weight: 1 / N, distance: results.get(k)!.distance, stats: results.get(k)!.stats }));
    const g0: Generation = { generation: 0, epsilon, attempts: M, simulated: M, acceptance: N / M, ess: N, particles: ps };
    generations.push(g0);
    await options.onGeneration?.(g0);
  }

  // 2. SMC generations.
  for (let g = generations.length; g < totalGenerations; g++) {
    const prev = generations[g - 1];
    const sortedD = Float64Array.from(prev.particles.map((p) => p.distance)).sort();
    const epsilon = quantileSorted(sortedD, q);
    const prevW = prev.particles.map((p) => p.weight);
    const { cov } = weightedCovariance(
      prev.particles.map((p) => p.internal),
      prevW,
    );
    const sigma = cov.map((row, a) => row.map((v, b) => 2 * v + (a === b ? (1e-9 * (bounds[a][1] - bounds[a][0])) ** 2 : 0)));
    const L = cholesky(sigma);
    const d = priors.length;
    const propose = (k: number): Candidate => {
      const s = createStream(attemptSeed(seed, g, k));
      const j = drawIndex(prevW, s.next());
      const z = Array.from({ length: d }, () => s.normal());
      const internal = prev.particles[j].internal.map((x, a) => {
        let v = x;
        for (let b = 0; b <= a; b++) v += L[a][b] * z[b];
        return v;
      });
      const outside = internal.some((x, a) => x < bounds[a][0] || x > bounds[a][1]);
      return { attempt: k, internal, values: internal.map((x, a) => fromInternal(priors[a], x)), outside };
    };
    const accepted: Array<{ cand: Candidate; distance: number; stats: number[] }> = [];
    let next = 0;
    let simulated = 0;
    let simulatedAll = 0;
    let rate = q;
    while (accepted.length < N && simulatedAll < maxSimulated && next < maxAttempts) {
      const need = N - accepted.length;
      const size = Math.min(maxAttempts - next, Math.max(minBatch, Math.ceil((need / Math.max(rate, 1 / maxAttemptsPerParticle)) * 1.1)));
      const batch = Array.from({ length: size }, (_, i) => propose(next + i));
      const results = await simulateCandidates(g, batch);
      for (const c of batch) if (!c.outside) simulatedAll++;
      for (const c of batch) {
        if (accepted.length >= N) break;
        const r = results.get(c.attempt);
        if (!c.outside) simulated++;
        if (r && r.distance <= epsilon) accepted.push({ cand: c, distance: r.distance, stats: r.stats });
      }
      next += size;
      rate = accepted.length / next;
      options.onProgress?.({ generation: g, accepted: accepted.length, particles: N, simulated, epsilon });
    }
    if (accepted.length < N) {
      return { generations, stopped: `generation ${g} accepted ${accepted.length} of ${N} particles within ε = ${epsilon.toPrecision(4)} in ${simulatedAll} simulations (at most ${maxAttemptsPerParticle} per particle); it was not kept` };
    }
    const attempts = accepted[N - 1].cand.attempt + 1;
    // Importance weights: uniform prior (in the internal space) over the mixture of kernels around the previous generation.
    const raw = accepted.map(({ cand }) => {
      let s = 0;
      prev.particles.forEach((p, j) => (s += prevW[j] * Math.exp(-0.5 * mahalanobis2(L, cand.internal, p.internal))));
      return 1 / s;
    });
    const total = raw.reduce((a, b) => a + b, 0);
    const weights = raw.map((w) => w / total);
    const ps: Particle[] = accepted.map(({ cand, distance, stats }, i) => ({ attempt: cand.attempt, values: cand.values, internal: cand.internal, weight: weights[i], distance, stats }));
    const gen: Generation = { generation: g, epsilon, attempts, simulated, acceptance: N / simulated, ess: ess(weights), particles: ps };
    generations.push(gen);
    await options.onGeneration?.(gen);
  }
  return { generations };
}

// ---------------------------------------------------------------------------------------------------------
// Summaries of a weighted sample.

/**
 * Weighted quantile: values sorted, each at the midpoint of its cumulative weight, linear in between (with
 * equal weights, Hazen's type 5 of Hyndman & Fan 1996).
 */
export function weightedQuantile(values: readonly number[], weights: readonly number[], p: number): number {
  const idx = values.map((_, i) => i).filter((i) => Number.isFinite(values[i])).sort((a, b) => values[a] - values[b]);
  if (idx.length === 0) return NaN;
  const total = idx.reduce((s, i) => s + weights[i], 0);
  let c = 0;
  const mid = idx.map((i) => {
    const m = (c + weights[i] / 2) / total;
    c += weights[i];
    return m;
  });
  if (p <= mid[0]) return values[idx[0]];
  for (let k = 1; k < idx.length; k++) {
    if (p <= mid[k]) {
      const t = (p - mid[k - 1]) / (mid[k] - mid[k - 1]);
      return values[idx[k - 1]] + t * (values[idx[k]] - values[idx[k - 1]]);
    }
  }
  return values[idx[idx.length - 1]];
}

export interface WeightedSummary {
  readonly mean: number;
  readonly sd: number;
  readonly median: number;
  readonly q025: number;
  readonly q05: number;
  readonly q95: number;
  readonly q975: number;
}

export function summarizeWeighted(values: readonly number[], weights: readonly number[]): WeightedSummary {
  let sw = 0;
  let m = 0;
  values.forEach((v, i) => {
    if (Number.isFinite(v)) {
      sw += weights[i];
      m += weights[i] * v;
    }
  });
  m /= sw;
  let v2 = 0;
  values.forEach((v, i) => Number.isFinite(v) && (v2 += weights[i] * (v - m) ** 2));
  const q = (p: number) => weightedQuantile(values, weights, p);
  return { mean: m, sd: Math.sqrt(v2 / sw), median: q(0.5), q025: q(0.025), q05: q(0.05), q95: q(0.95), q975: q(0.975) };
}
