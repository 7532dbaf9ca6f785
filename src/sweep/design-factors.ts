// The factors of a design (the parameters a sweep varies) and the map from the unit interval to a factor's
// values. Part of sweep/, used by designs.ts. Continuous factors are uniform on their range; integer factors
// and discrete value lists cut [0, 1) into equal cells, one per value, so every value is equally likely
// (plain rounding would give the two end values half the weight of the others).
import { DesignError } from './design-error.js';

export interface DesignFactor {
  /** The parameter's dotted path (e.g. "workers.turnoverRate"); unique within a design. */
  readonly path: string;
  /** [low, high], both included. Required unless `values` is given. */
  readonly range?: readonly [number, number];
  /** Integer-valued: the values are the integers of the range. */
  readonly integer?: boolean;
  /** A discrete list of values, in the order a grid walks them; replaces `range`. */
  readonly values?: readonly number[];
  /** Grid designs only: how many evenly spaced levels of the range (1 gives the midpoint). */
  readonly levels?: number;
}

/** Check a design's factors; throws DesignError naming the first problem. */
export function checkFactors(factors: readonly DesignFactor[], design: string): void {
  if (factors.length === 0) throw new DesignError(`${design} design: no factors; give at least one parameter to vary`);
  const seen = new Set<string>();
  factors.forEach((f, i) => {
    const where = `${design} design, factors[${i}] (${f.path})`;
    if (typeof f.path !== 'string' || f.path.length === 0) throw new DesignError(`${design} design, factors[${i}]: path ${JSON.stringify(f.path)} must be a non-empty string`);
    if (seen.has(f.path)) throw new DesignError(`${where}: the path appears twice; each parameter may be varied once`);
    seen.add(f.path);
    if (f.values !== undefined) {
      if (f.values.length === 0 || !f.values.every((v) => Number.isFinite(v))) {
        throw new DesignError(`${where}: values ${JSON.stringify(f.values)} must be a non-empty list of finite numbers`);
      }
      if (f.integer && !f.values.every((v) => Number.isInteger(v))) {
        throw new DesignError(`${where}: values ${JSON.stringify(f.values)} must be integers for an integer factor`);
      }
      return;
    }
    const r = f.range;
    if (!r || r.length !== 2 || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || r[0] > r[1]) {
      throw new DesignError(`${where}: range ${JSON.stringify(r)} must be [low, high] with finite low ≤ high (or give values)`);
    }
    if (f.integer && Math.ceil(r[0]) > Math.floor(r[1])) {
      throw new DesignError(`${where}: range ${JSON.stringify(r)} holds no integer, but the factor is integer-valued`);
    }
  });
}

/** How many distinct values a factor can take: the list's length, the integers of its range, or Infinity. */
export function factorCardinality(factor: DesignFactor): number {
  if (factor.values) return factor.values.length;
  if (factor.integer) return Math.floor(factor.range![1]) - Math.ceil(factor.range![0]) + 1;
  return Number.POSITIVE_INFINITY;
}

// A unit coordinate within this of a cell boundary counts as on it, so that grid and Morris levels such as
// 2/3 (stored as 0.666…) land in the cell they name rather than in the one below.
const CELL_EPSILON = 1e-9;

/** Map a unit coordinate u ∈ [0, 1] to the factor's value (uniform on the range, or equal cells). */
export function scaleToFactor(factor: DesignFactor, u: number): number {
  const cells = factorCardinality(factor);
  if (cells === Number.POSITIVE_INFINITY) {
    const [lo, hi] = factor.range!;
    return lo + u * (hi - lo);
  }
  const cell = Math.min(cells - 1, Math.max(0, Math.floor(u * cells + CELL_EPSILON)));
  return factor.values ? factor.values[cell] : Math.ceil(factor.range![0]) + cell;
}
