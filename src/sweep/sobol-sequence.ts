// Sobol' low-discrepancy points (Sobol' 1967) in Gray-code order, as Joe & Kuo's reference program sobol.cc makes
// them, with Joe & Kuo (2008) direction numbers for up to 1024 dimensions. Part of sweep/, used by designs.ts.
// Optional seeded randomisation: a linear matrix scramble and a digital shift per dimension (Matoušek 1998,
// J. Complexity 14:527; as in scipy.stats.qmc.Sobol), which keeps the (t, m, s)-net properties of the points.
import { createStream, deriveSeed } from '../rng/index.js';
import { JOE_KUO_DIRECTIONS, SOBOL_MAX_DIMENSIONS } from './sobol-directions.js';
import { DesignError } from './design-error.js';

const BITS = 32;
const TWO_32 = 4294967296;

export interface SobolOptions {
  /** Randomise the points (linear matrix scramble + digital shift), seeded by `seed`. Default false. */
  readonly scramble?: boolean;
  /** Root seed of the scramble (each dimension draws from its own derived stream). */
  readonly seed?: number;
  /** Index of the first point returned (points 0 … skip−1 are dropped). Default 0. */
  readonly skip?: number;
}

let parsed: Uint32Array[] | undefined;

/** The 32 direction integers v_1 … v_32 (scaled by 2^32) of every shipped dimension, parsed once. */
function directionTable(): Uint32Array[] {
  if (parsed) return parsed;
  const table: Uint32Array[] = [];
  const first = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) first[i] = (1 << (BITS - 1 - i)) >>> 0;
  table.push(first);
  for (const line of JOE_KUO_DIRECTIONS.trim().split('\n')) {
    const [s, a, ...m] = line.trim().split(' ').map(Number);
    const v = new Uint32Array(BITS);
    // Joe & Kuo's recurrence, with v[i] holding their V[i + 1].
    for (let i = 0; i < Math.min(s, BITS); i++) v[i] = (m[i] << (BITS - 1 - i)) >>> 0;
    for (let i = s; i < BITS; i++) {
      let x = v[i - s] ^ (v[i - s] >>> s);
      for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[i - k];
      v[i] = x >>> 0;
    }
    table.push(v);
  }
  parsed = table;
  return table;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Scramble one dimension's direction integers with a random lower-triangular binary matrix L (unit diagonal,
 * digits counted from the most significant): output digit r depends on input digits 1 … r only.
 */
function scrambleDirections(v: Uint32Array, random32: () => number): Uint32Array {
  const rows = new Uint32Array(BITS);
  for (let r = 0; r < BITS; r++) {
    const above = r === 0 ? 0 : (0xffffffff << (BITS - r)) >>> 0;
    rows[r] = ((random32() & above) | (1 << (BITS - 1 - r))) >>> 0;
  }
  const out = new Uint32Array(BITS);
  for (let b = 0; b < BITS; b++) {
    let x = 0;
    for (let r = 0; r < BITS; r++) if (popcount32((rows[r] & v[b]) >>> 0) & 1) x |= 1 << (BITS - 1 - r);
    out[b] = x >>> 0;
  }
  return out;
}

/**
 * Points `skip` … `skip + count − 1` of the `dimensions`-dimensional Sobol' sequence, one row per point, in
 * [0, 1). Unscrambled, point 0 is the origin and the points equal sobol.cc's output. Point i depends only on
 * i, the dimension and (when scrambled) the seed: asking for more points extends the list and leaves the
 * earlier rows as they were. Dimension d's scramble comes from the stream deriveSeed(seed, 'sobol', d).
 */
export function buildSobolPoints(count: number, dimensions: number, options: SobolOptions = {}): number[][] {
  const skip = options.skip ?? 0;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > SOBOL_MAX_DIMENSIONS) {
    throw new DesignError(`Sobol' points: ${dimensions} dimensions asked for; allowed: an integer from 1 to ${SOBOL_MAX_DIMENSIONS} (the Joe & Kuo direction numbers shipped)`);
  }
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(skip) || skip < 0 || count + skip > TWO_32) {
    throw new DesignError(`Sobol' points: count ${count} and skip ${skip} must be non-negative integers with count + skip ≤ 2^32`);
  }
  // 1. Direction integers, scrambled when asked, and each dimension's digital shift.
  const table = directionTable();
  const directions: Uint32Array[] = [];
  const shift = new Uint32Array(dimensions);
  for (let d = 0; d < dimensions; d++) {
    if (options.scramble) {
      const stream = createStream(deriveSeed(options.seed ?? 0, 'sobol', d));
      const random32 = (): number => Math.floor(stream.next() * TWO_32) >>> 0;
      directions.push(scrambleDirections(table[d], random32));
      shift[d] = random32();
    } else {
      directions.push(table[d]);
    }
  }
  // 2. Jump to point `skip` directly: its integer is the XOR of the directions of the bits of gray(skip).
  const x = new Uint32Array(dimensions);
  const gray = (skip ^ (skip >>> 1)) >>> 0;
  for (let b = 0; b < BITS; b++) {
    if (!((gray >>> b) & 1)) continue;
    for (let d = 0; d < dimensions; d++) x[d] ^= directions[d][b];
  }
  // 3. Walk on in Gray-code order: point i + 1 flips the direction of the lowest zero bit of i.
  const rows: number[][] = [];
  for (let i = skip; i < skip + count; i++) {
    const row = new Array<number>(dimensions);
    for (let d = 0; d < dimensions; d++) row[d] = ((x[d] ^ shift[d]) >>> 0) / TWO_32;
    rows.push(row);
    let c = 0;
    while (c < BITS && ((i >>> c) & 1) === 1) c++;
    if (c >= BITS) break;
    for (let d = 0; d < dimensions; d++) x[d] ^= directions[d][c];
  }
  return rows;
}
