// Experimental designs for sweeps: full grid, Latin hypercube (McKay, Beckman & Conover 1979, Technometrics
// 21:239), Saltelli's A/B/AB_i scheme on a Sobol' sequence (Saltelli 2002, CPC 145:280; Saltelli et al. 2010,
// CPC 181:259; Joe & Kuo 2008 directions) and Morris elementary-effects trajectories (Morris 1991, Technometrics
// 33:161; Campolongo, Cariboni & Saltelli 2007, EMS 22:1509), and a one-at-a-time screen with optional pairs
// (the default point, each factor alone at its ends; Saltelli et al. 2008, Global Sensitivity Analysis, §1.2.3).
// Part of sweep/: pure functions from a spec and a
// seed to labelled points in the unit hypercube, scaled to each factor's values (design-factors.ts).
import { createStream, deriveSeed, type RandomStream } from '../rng/index.js';
import { DesignError } from './design-error.js';
import { checkFactors, scaleToFactor, type DesignFactor } from './design-factors.js';
import { buildSobolPoints } from './sobol-sequence.js';

// What stays put when a design grows (so that a sweep's earlier runs keep their points and seeds):
//   grid            nothing in general: another level or factor renumbers the points (odometer order);
//   latin-hypercube a factor's column depends on (seed, n, path) only: new factors leave others alone, a new n is a new design;
//   sobol           base row r depends on (seed, k, r) only and points go row by row: more base samples only append;
//   morris          trajectory t depends on (seed, k, p, t) only: more trajectories only append;
//   one-at-a-time   appending a factor inserts its ends before the pairs; appending a pair only appends.

export { DesignError } from './design-error.js';
export { scaleToFactor, type DesignFactor } from './design-factors.js';

/** One point of a design: its place in the design's order, unit coordinates, factor values and label. */
export interface DesignPoint<L> {
  readonly index: number;
  /** Coordinates in [0, 1], one per factor, in the order of `factors`. */
  readonly unit: readonly number[];
  /** The factors' values at this point (scaled from `unit`), in the order of `factors`. */
  readonly values: readonly number[];
  readonly label: L;
}

/** Grid: the level index of each factor (into its values, or its evenly spaced levels). */
export interface GridLabel {
  readonly levels: readonly number[];
}
/** Latin hypercube: the stratum (0 … n−1) of each factor. */
export interface LatinHypercubeLabel {
  readonly strata: readonly number[];
}
/** Saltelli: the matrix a point is a row of. AB_i is A with column i from B; BA_i is B with column i from A. */
export type SobolBlock = 'A' | 'B' | 'AB' | 'BA';
export interface SobolLabel {
  readonly block: SobolBlock;
  /** The base sample (row of A and B) the point belongs to. */
  readonly row: number;
  /** For AB and BA: the index of the factor whose column was swapped; null for A and B. */
  readonly factor: number | null;
}
/** One-at-a-time: the factors moved at this point (none: the default point) and the index of each one's end. */
export interface OneAtATimeLabel {
  readonly factors: readonly number[];
  /** Per moved factor, the index into its ends (oneAtATimeEnds): 0 low, 1 high for a range; the value's index for a list. */
  readonly ends: readonly number[];
}
/** Morris: trajectory, step (0 is the starting point) and which factor this step changed, up (+1) or down (−1). */
export interface MorrisLabel {
  readonly trajectory: number;
  readonly step: number;
  readonly factor: number | null;
  readonly direction: 1 | -1 | 0;
}

interface DesignBase<K extends string, L> {
  readonly kind: K;
  readonly seed: number;
  readonly factors: readonly DesignFactor[];
  readonly points: readonly DesignPoint<L>[];
}
export interface GridDesign extends DesignBase<'grid', GridLabel> {}
export interface LatinHypercubeDesign extends DesignBase<'latin-hypercube', LatinHypercubeLabel> {
  readonly centered: boolean;
}
export interface SobolDesign extends DesignBase<'sobol', SobolLabel> {
  readonly baseSamples: number;
  readonly secondOrder: boolean;
  readonly scramble: boolean;
  readonly skip: number;
}
export interface MorrisDesign extends DesignBase<'morris', MorrisLabel> {
  readonly trajectories: number;
  /** p, the number of grid levels. */
  readonly levels: number;
  /** Δ = p / (2(p − 1)), the step in unit coordinates. */
  readonly delta: number;
}
export interface OneAtATimeDesign extends DesignBase<'one-at-a-time', OneAtATimeLabel> {
  readonly pairs: ReadonlyArray<readonly [number, number]>;
}
export type Design = GridDesign | LatinHypercubeDesign | SobolDesign | MorrisDesign | OneAtATimeDesign;

export interface GridDesignSpec {
  readonly kind: 'grid';
  readonly factors: readonly DesignFactor[];
  /** Levels for factors that give neither `values` nor `levels`. */
  readonly levels?: number;
}
export interface LatinHypercubeDesignSpec {
  readonly kind: 'latin-hypercube';
  readonly factors: readonly DesignFactor[];
  readonly points: number;
  /** Put each point at the centre of its stratum instead of uniformly within it. Default false. */
  readonly centered?: boolean;
}
export interface SobolDesignSpec {
  readonly kind: 'sobol';
  readonly factors: readonly DesignFactor[];
  /** N, the rows of A and B; a power of two keeps the Sobol' points balanced. Runs: N(k + 2), or N(2k + 2). */
  readonly baseSamples: number;
  /** Also build the BA_i blocks, for second-order indices (Saltelli 2002). Default false. */
  readonly secondOrder?: boolean;
  /** Randomise the Sobol' points from the seed (linear matrix scramble + digital shift). Default true. */
  readonly scramble?: boolean;
  /** Sobol' points to skip before the first base sample. Default 0 (Owen 2022 argues against skipping). */
  readonly skip?: number;
}
export interface MorrisDesignSpec {
  readonly kind: 'morris';
  readonly factors: readonly DesignFactor[];
  /** r, the number of trajectories; each has k + 1 points. */
  readonly trajectories: number;
  /** p, an even number of grid levels (so that Δ = p / (2(p − 1)) is a whole number of level steps). Default 4. */
  readonly levels?: number;
}
export interface OneAtATimeDesignSpec {
  readonly kind: 'one-at-a-time';
  readonly factors: readonly DesignFactor[];
  /** Pairs of factor indices moved together, at every combination of their ends. */
  readonly pairs?: ReadonlyArray<readonly [number, number]>;
}
export type DesignSpec = GridDesignSpec | LatinHypercubeDesignSpec | SobolDesignSpec | MorrisDesignSpec | OneAtATimeDesignSpec;

/**
 * Most points a design may have. Every point is held in memory while the sweep runs (about 350 + 120 × factors
 * bytes of JavaScript heap) and written into sweep.json (about 150 + 90 × factors characters), which Node
 * builds as one string of at most 2^29 − 24 characters: a million points keeps both within reach with a few
 * factors (more factors are refused by the sweep's pre-flight, with its estimate).
 */
export const MAX_DESIGN_POINTS = 1_000_000;

/**
 * How many points a design spec describes, by arithmetic alone (nothing is built): grid, the product of each
 * factor's levels or values; Latin hypercube, n; Sobol', N(k + 2) or N(2k + 2); Morris, r(k + 1). NaN when a
 * size is missing or not a number (the builder then names it).
 */
export function designPointCount(spec: DesignSpec): number {
  const k = spec.factors?.length ?? 0;
  switch (spec.kind) {
    case 'grid':
      return (spec.factors ?? []).reduce((a, f) => a * (f.values ? f.values.length : Number(f.levels ?? spec.levels)), 1);
    case 'latin-hypercube':
      return Number(spec.points);
    case 'sobol':
      return Number(spec.baseSamples) * ((spec.secondOrder ? 2 * k : k) + 2);
    case 'morris':
      return Number(spec.trajectories) * (k + 1);
    case 'one-at-a-time': {
      // Each factor's ends (its listed values, or the two ends of its range) plus the default point and pairs.
      const ends = (spec.factors ?? []).map((f) => (f.values ? f.values.length : 2));
      return 1 + ends.reduce((a, e) => a + e, 0) + (spec.pairs ?? []).reduce((a, [x, y]) => a + (ends[x] ?? 2) * (ends[y] ?? 2), 0);
    }
    default:
      return NaN;
  }
}

/** Refuse a design above MAX_DESIGN_POINTS before any point is built. */
function checkPointCount(spec: DesignSpec): void {
  const n = designPointCount(spec);
  if (n > MAX_DESIGN_POINTS) {
    const how: Record<DesignSpec['kind'], string> = {
      grid: 'use fewer levels or values, or a Latin hypercube',
      'latin-hypercube': 'use fewer points',
      sobol: `use fewer base samples (at most ${Math.floor(MAX_DESIGN_POINTS / (designPointCount({ ...spec, baseSamples: 1 } as SobolDesignSpec) || 1)).toLocaleString('en')} with these factors)`,
      morris: `use fewer trajectories (at most ${Math.floor(MAX_DESIGN_POINTS / (spec.factors.length + 1)).toLocaleString('en')} with these factors)`,
      'one-at-a-time': 'use fewer factors or pairs',
    };
    throw new DesignError(`${spec.kind} design: ${n.toLocaleString('en')} points is more than the ${MAX_DESIGN_POINTS.toLocaleString('en')} allowed (each is held in memory and written to sweep.json); ${how[spec.kind]}`);
  }
}

/** Build any design from its spec and a seed (the seed is unused by grids and unscrambled Sobol' designs). */
export function buildDesign(spec: DesignSpec, seed: number): Design {
  checkPointCount(spec);
  switch (spec.kind) {
    case 'grid':
      return buildGridDesign(spec, seed);
    case 'latin-hypercube':
      return buildLatinHypercubeDesign(spec, seed);
    case 'sobol':
      return buildSobolDesign(spec, seed);
    case 'morris':
      return buildMorrisDesign(spec, seed);
    case 'one-at-a-time':
      return buildOneAtATimeDesign(spec, seed);
    default:
      throw new DesignError(`design kind ${JSON.stringify((spec as { kind: unknown }).kind)} is not known; allowed: "grid", "latin-hypercube", "sobol", "morris", "one-at-a-time"`);
  }
}

function positiveInteger(value: unknown, what: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new DesignError(`${what} ${JSON.stringify(value)} must be an integer ≥ ${min}`);
  }
  return value;
}

function makePoint<L>(factors: readonly DesignFactor[], index: number, unit: number[], label: L): DesignPoint<L> {
  return { index, unit, values: unit.map((u, j) => scaleToFactor(factors[j], u)), label };
}

/** In-place Fisher–Yates shuffle of 0 … n−1 from a stream. */
function permutation(n: number, stream: RandomStream): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = stream.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * Full factorial grid. Each factor walks its `values` in the order given, or `levels` evenly spaced levels of
 * its range (level i at unit i / (levels − 1); one level is the midpoint). Points are the cartesian product in
 * odometer order: the last factor changes fastest, the first slowest. Adding a level or a factor renumbers
 * points; appending a factor with one level keeps the order. The seed is only recorded: a grid has no chance.
 */
export function buildGridDesign(spec: Omit<GridDesignSpec, 'kind'>, seed = 0): GridDesign {
  const { factors } = spec;
  checkFactors(factors, 'grid');
  const axes = factors.map((f, j) => {
    if (f.values) return f.values.map((_, i) => (f.values!.length === 1 ? 0.5 : i / (f.values!.length - 1)));
    const n = positiveInteger(f.levels ?? spec.levels, `grid design, factors[${j}] (${f.path}): levels`);
    return Array.from({ length: n }, (_, i) => (n === 1 ? 0.5 : i / (n - 1)));
  });
  const total = axes.reduce((a, axis) => a * axis.length, 1);
  checkPointCount({ kind: 'grid', factors: factors.map((f, j) => ({ ...f, values: undefined, levels: axes[j].length })) });
  const points: DesignPoint<GridLabel>[] = [];
  const level = new Array<number>(factors.length).fill(0);
  for (let index = 0; index < total; index++) {
    const unit = level.map((l, j) => axes[j][l]);
    const values = level.map((l, j) => (factors[j].values ? factors[j].values![l] : scaleToFactor(factors[j], unit[j])));
    points.push({ index, unit, values, label: { levels: level.slice() } });
    for (let j = factors.length - 1; j >= 0; j--) {
      if (++level[j] < axes[j].length) break;
      level[j] = 0;
    }
  }
  return { kind: 'grid', seed, factors, points };
}

/**
 * Latin hypercube of n points (McKay et al. 1979): each factor's range is cut into n equal strata and every
 * stratum holds exactly one point. Factor j's column is a permutation of the strata with a uniform offset
 * within each (or the centre, when `centered`), drawn from the stream deriveSeed(seed, 'latin-hypercube',
 * path): a column depends only on the seed, n and the factor's path, so adding or reordering factors leaves
 * the other columns as they were. A different n is a different design.
 */
export function buildLatinHypercubeDesign(spec: Omit<LatinHypercubeDesignSpec, 'kind'>, seed: number): LatinHypercubeDesign {
  const { factors } = spec;
  checkFactors(factors, 'latin-hypercube');
  const n = positiveInteger(spec.points, 'latin-hypercube design: points');
  checkPointCount({ kind: 'latin-hypercube', ...spec });
  const centered = spec.centered ?? false;
  const strata: number[][] = [];
  const columns: number[][] = [];
  for (const f of factors) {
    const stream = createStream(deriveSeed(seed, 'latin-hypercube', f.path));
    const perm = permutation(n, stream);
    strata.push(perm);
    columns.push(perm.map((s) => (s + (centered ? 0.5 : stream.next())) / n));
  }
  const points: DesignPoint<LatinHypercubeLabel>[] = [];
  for (let i = 0; i < n; i++) {
    points.push(makePoint(factors, i, columns.map((c) => c[i]), { strata: strata.map((s) => s[i]) }));
  }
  return { kind: 'latin-hypercube', seed, factors, points, centered };
}

/**
 * Saltelli's scheme (Saltelli 2002; Saltelli et al. 2010): A is the first k columns and B the last k columns
 * of N points of a 2k-dimensional Sobol' sequence; AB_i is A with column i taken from B (and BA_i, when
 * `secondOrder`, B with column i from A). Points come row by row: for base sample r, A_r, AB_1,r … AB_k,r,
 * [BA_1,r … BA_k,r,] B_r; so N(k + 2) points, or N(2k + 2). Row r depends only on r, the seed and k: more
 * base samples extend the design and leave every earlier point (and its index) as it was.
 */
export function buildSobolDesign(spec: Omit<SobolDesignSpec, 'kind'>, seed: number): SobolDesign {
  const { factors } = spec;
  checkFactors(factors, 'sobol');
  const n = positiveInteger(spec.baseSamples, 'sobol design: baseSamples');
  checkPointCount({ kind: 'sobol', ...spec });
  const k = factors.length;
  const secondOrder = spec.secondOrder ?? false;
  const scramble = spec.scramble ?? true;
  const skip = positiveInteger(spec.skip ?? 0, 'sobol design: skip', 0);
  if (2 * k > 1024) throw new DesignError(`sobol design: ${k} factors need ${2 * k} Sobol' dimensions; at most 1024 are shipped (512 factors)`);
  const base = buildSobolPoints(n, 2 * k, { scramble, seed, skip });
  const points: DesignPoint<SobolLabel>[] = [];
  const push = (unit: number[], block: SobolBlock, row: number, factor: number | null): void => {
    points.push(makePoint(factors, points.length, unit, { block, row, factor }));
  };
  for (let r = 0; r < n; r++) {
    const a = base[r].slice(0, k);
    const b = base[r].slice(k);
    push(a, 'A', r, null);
    for (let i = 0; i < k; i++) push(a.map((x, j) => (j === i ? b[j] : x)), 'AB', r, i);
    if (secondOrder) for (let i = 0; i < k; i++) push(b.map((x, j) => (j === i ? a[j] : x)), 'BA', r, i);
    push(b, 'B', r, null);
  }
  return { kind: 'sobol', seed, factors, points, baseSamples: n, secondOrder, scramble, skip };
}

/**
 * Morris (1991) one-at-a-time trajectories on a p-level grid {0, 1/(p−1), …, 1} with Δ = p / (2(p − 1)),
 * in the form of Campolongo et al. (2007): a random base point x* on the levels {0, …, 1 − Δ}, a random
 * direction per factor and a random order of factors; each of the k steps moves one factor by +Δ or −Δ, and
 * every point stays in [0, 1]. Trajectory t draws (base levels, directions, order, in that order) from the
 * stream deriveSeed(seed, 'morris', t): more trajectories append points and leave earlier ones as they were.
 * Points come trajectory by trajectory, k + 1 each.
 */
export function buildMorrisDesign(spec: Omit<MorrisDesignSpec, 'kind'>, seed: number): MorrisDesign {
  const { factors } = spec;
  checkFactors(factors, 'morris');
  const r = positiveInteger(spec.trajectories, 'morris design: trajectories');
  checkPointCount({ kind: 'morris', ...spec });
  const p = positiveInteger(spec.levels ?? 4, 'morris design: levels', 2);
  if (p % 2 !== 0) throw new DesignError(`morris design: levels ${p} must be even (Δ = p / (2(p − 1)) must be a whole number of level steps); try ${p + 1}`);
  const k = factors.length;
  const half = p / 2;
  const delta = half / (p - 1);
  const points: DesignPoint<MorrisLabel>[] = [];
  for (let t = 0; t < r; t++) {
    const stream = createStream(deriveSeed(seed, 'morris', t));
    const baseLevel = factors.map(() => stream.int(p - half));
    const direction = factors.map((): 1 | -1 => (stream.next() < 0.5 ? 1 : -1));
    const order = permutation(k, stream);
    const level = baseLevel.map((l, j) => (direction[j] === 1 ? l : l + half));
    const at = (): number[] => level.map((l) => l / (p - 1));
    points.push(makePoint(factors, points.length, at(), { trajectory: t, step: 0, factor: null, direction: 0 }));
    order.forEach((j, s) => {
      level[j] += direction[j] * half;
      points.push(makePoint(factors, points.length, at(), { trajectory: t, step: s + 1, factor: j, direction: direction[j] }));
    });
  }
  return { kind: 'morris', seed, factors, points, trajectories: r, levels: p, delta };
}

/** Most points a one-at-a-time design may have (checked before any point is built): the general cap. */
export const ONE_AT_A_TIME_MAX_POINTS = MAX_DESIGN_POINTS;

/**
 * The ends of a factor in a one-at-a-time design, as [unit coordinate, value] pairs: every listed value, or
 * the two ends of the range (whole numbers for an integer factor; one end when low and high coincide).
 */
export function oneAtATimeEnds(factor: DesignFactor): Array<readonly [number, number]> {
  if (factor.values) return factor.values.map((v, i) => [factor.values!.length === 1 ? 0.5 : i / (factor.values!.length - 1), v] as const);
  const [lo, hi] = factor.integer ? [Math.ceil(factor.range![0]), Math.floor(factor.range![1])] : factor.range!;
  return lo === hi ? [[0, lo]] : [[0, lo], [1, hi]];
}

/**
 * One-at-a-time screen: point 0 is the default (no factor moved: every value NaN, meaning "as the scenario
 * has it"); then each factor alone at each of its ends, factor by factor; then each pair at every combination
 * of the two factors' ends. The seed is only recorded. The number of points is checked before any is built.
 */
export function buildOneAtATimeDesign(spec: Omit<OneAtATimeDesignSpec, 'kind'>, seed = 0): OneAtATimeDesign {
  const { factors } = spec;
  checkFactors(factors, 'one-at-a-time');
  const pairs = spec.pairs ?? [];
  pairs.forEach(([a, b], i) => {
    const ok = (j: number) => Number.isInteger(j) && j >= 0 && j < factors.length;
    if (!ok(a) || !ok(b) || a === b) throw new DesignError(`one-at-a-time design, pairs[${i}]: [${a}, ${b}] must name two different factors (indices 0 … ${factors.length - 1})`);
  });
  const ends = factors.map(oneAtATimeEnds);
  const total = 1 + ends.reduce((a, e) => a + e.length, 0) + pairs.reduce((a, [x, y]) => a + ends[x].length * ends[y].length, 0);
  if (total > ONE_AT_A_TIME_MAX_POINTS) throw new DesignError(`one-at-a-time design: ${total} points is more than the ${ONE_AT_A_TIME_MAX_POINTS.toLocaleString('en')} allowed; use fewer factors or pairs`);
  const points: DesignPoint<OneAtATimeLabel>[] = [];
  const push = (moved: ReadonlyArray<readonly [number, number]>): void => {
    const unit = factors.map(() => NaN);
    const values = factors.map(() => NaN);
    for (const [j, e] of moved) [unit[j], values[j]] = ends[j][e];
    points.push({ index: points.length, unit, values, label: { factors: moved.map(([j]) => j), ends: moved.map(([, e]) => e) } });
  };
  push([]);
  ends.forEach((e, j) => e.forEach((_, k) => push([[j, k]])));
  for (const [a, b] of pairs) ends[a].forEach((_, ka) => ends[b].forEach((_, kb) => push([[a, ka], [b, kb]])));
  return { kind: 'one-at-a-time', seed, factors, points, pairs };
}

/** A point's values keyed by factor path, e.g. for a scenario's `--set` overrides or a manifest (a factor a
 * one-at-a-time point leaves at the scenario's value is left out). */
export function pointAssignments(design: Design, point: DesignPoint<unknown>): Record<string, number> {
  return Object.fromEntries(design.factors.flatMap((f, j) => (Number.isNaN(point.values[j]) ? [] : [[f.path, point.values[j]]])));
}
