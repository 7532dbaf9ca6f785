// Sampling participants the way a study does: who is followed up (retention) and who is put in the high
// fidelity group. Part of trial/. Pure functions of their inputs and a seeded stream from rng/; the
// three retention methods are documented in trial-design.ts (the CPI pilot followed up 117 of 155,
// Webber et al. 2019). Indices are returned in ascending order, so the analysis never depends on draw order.
import type { RandomStream } from '../rng/index.js';
import type { RetentionMethod } from './trial-design.js';

/** Choose k of the given items at random without replacement (partial Fisher–Yates); ascending result. */
export function sampleWithoutReplacement(items: readonly number[], k: number, stream: RandomStream): number[] {
  const pool = [...items];
  const take = Math.max(0, Math.min(k, pool.length));
  for (let i = 0; i < take; i++) {
    const j = i + stream.int(pool.length - i);
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, take).sort((a, b) => a - b);
}

/** Target number followed up under the fixed-count methods: round(expected × referred). */
export function retainedCount(referred: number, expected: number): number {
  return Math.round(expected * referred);
}

/**
 * Who is followed up, from the referred participants (user indices, ascending).
 * - bernoulli: each is retained independently with probability `expected`;
 * - fixed-count: a simple random sample of round(expected × referred) (missing completely at random);
 * - dropout-first: those who dropped out of the intervention (`droppedOut[i]` true) are lost first; the
 *   rest are trimmed at random, or topped up at random from the dropped-out, to round(expected × referred)
 *   (attrition that depends on engagement, as in most follow-up studies).
 */
export function sampleRetained(
  referred: readonly number[],
  expected: number,
  method: RetentionMethod,
  droppedOut: (user: number) => boolean,
  stream: RandomStream,
): number[] {
  if (method === 'bernoulli') return referred.filter(() => stream.next() < expected);
  const target = retainedCount(referred.length, expected);
  if (method === 'fixed-count') return sampleWithoutReplacement(referred, target, stream);
  const stayed = referred.filter((u) => !droppedOut(u));
  const left = referred.filter((u) => droppedOut(u));
  if (stayed.length >= target) return sampleWithoutReplacement(stayed, target, stream);
  return [...stayed, ...sampleWithoutReplacement(left, target - stayed.length, stream)].sort((a, b) => a - b);
}

/**
 * Random group labels with the rated group sizes: `highCount` of the participants (positions 0…n−1) drawn at
 * random are "high". Membership is independent of everything simulated, so the null hypothesis holds.
 */
export function assignRandomGroups(n: number, highCount: number, stream: RandomStream): Uint8Array {
  const labels = new Uint8Array(n);
  const positions = Array.from({ length: n }, (_, i) => i);
  for (const i of sampleWithoutReplacement(positions, highCount, stream)) labels[i] = 1;
  return labels;
}
