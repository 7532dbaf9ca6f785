// Sequential seeded random streams (seedrandom's Alea), used where draws are naturally sequential:
// building the population. Every stream is created from a derived seed, never from the clock.
// Also: KeyedRandom, the tick-time source of counter-based uniforms (see hash.ts).
import seedrandom from 'seedrandom';
import { deriveSeed, keyedUniform } from './hash.js';

export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Normal draw (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** Poisson draw (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number;
  /** Bernoulli trial. */
  chance(p: number): boolean;
}

export function createStream(seed: number): RandomStream {
  const prng = seedrandom.alea(String(seed >>> 0));
  const next = (): number => prng();
  let spare: number | undefined;
  const stream: RandomStream = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: (mean = 0, sd = 1) => {
      if (spare !== undefined) {
        const z = spare;
        spare = undefined;
        return mean + sd * z;
      }
      let u = next();
      while (u <= 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    poisson: (mean) => samplePoisson(mean, next),
    chance: (p) => next() < p,
  };
  return stream;
}

/** Poisson sample from a uniform source. */
export function samplePoisson(mean: number, uniform: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    let u = uniform();
    while (u <= 0) u = uniform();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = uniform();
  while (p > limit) {
    k++;
    p *= uniform();
  }
  return k;
}

/**
 * Counter-based randomness for the tick: one derived stream seed per process, and uniforms keyed by
 * (tick, entity, slot). Arms of a run share a KeyedRandom, so they share their draws.
 */
export class KeyedRandom {
  readonly seed: number;
  private readonly streams = new Map<string, number>();
  constructor(seed: number) {
    this.seed = seed >>> 0;
  }
  /** The seeded stream id for a named process; stable for a given run seed. */
  stream(name: string): number {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = deriveSeed(this.seed, 'tick', name);
      this.streams.set(name, s);
    }
    return s;
  }
  uniform(stream: number, tick: number, a: number, b = 0): number {
    return keyedUniform(stream, tick, a, b);
  }
}
