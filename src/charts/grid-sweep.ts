// A grid sweep's outcome at each combination of two factors' levels, per arm, across the replicates (and
// the levels of any other factor, averaged over): the mean, the t interval of the mean and the 50% and 90%
// bands of the runs' values, for the factor-lines chart (a line per level of one factor against the other)
// and the heat map. Part of charts/; pure, browser-safe (folder-chart.ts reads the folder).
import { meanConfidenceInterval, quantileSorted } from '../analysis/stats.js';
import { ChartError } from './chart-error.js';
import { factorLevels, type BarrierSweepInput, type FactorLevels } from './barrier-effects.js';
import { labelFactor } from './factor-labels.js';
import { distinct } from './spec-parts.js';

/** Factors, design points and each run's outcome (the chosen measure and group at the last tick kept). */
export type GridSweepInput = BarrierSweepInput;

export interface GridSweepOptions {
  /** The outcome measure (for labels; the outputs are already this measure). */
  readonly measure: string;
  readonly group?: string;
  /** Arms to keep, in this order (default: every arm in the outputs). */
  readonly arms?: readonly string[];
  /**
   * The factor along the x axis and the factor whose levels are the lines (or the heat map's rows), by
   * path (default: the sweep's first and second factors). A sweep of one factor has no second.
   */
  readonly factors?: readonly string[];
  /** Level of the intervals of the mean (default 0.95). */
  readonly level?: number;
}

/** A factor as the charts show it. */
export interface GridFactor {
  readonly path: string;
  readonly label: string;
  readonly unit?: string;
  /** Numbers (or off/on as 0/1): an x axis with distances; otherwise options in the sweep's order. */
  readonly numeric: boolean;
  /** Levels ascending, as numbers (options: their index) and as text. */
  readonly levels: ReadonlyArray<{ readonly x: number; readonly label: string }>;
}

/** The runs at one level of the x factor and one of the line factor, for one arm. */
export interface GridSweepCell {
  readonly arm: string;
  readonly x: number;
  readonly x_label: string;
  /** The line factor's level as text ('' when the sweep has one factor). */
  readonly line: string;
  /** Its rank among the line factor's levels (0 lowest). */
  readonly line_rank: number;
  readonly n: number;
  readonly mean: number;
  readonly ci_low: number;
  readonly ci_high: number;
  readonly q05: number;
  readonly q25: number;
  readonly q75: number;
  readonly q95: number;
}

export interface GridSweep {
  readonly measure: string;
  readonly group: string;
  readonly level: number;
  readonly arms: readonly string[];
  readonly xFactor: GridFactor;
  readonly lineFactor?: GridFactor;
  /** Other factors, averaged over (their levels pooled with the replicates). */
  readonly averaged: readonly string[];
  /** The most runs in one cell. */
  readonly runsPerCell: number;
  readonly cells: readonly GridSweepCell[];
}

const quantiles = (values: readonly number[]) => {
  const sorted = Float64Array.from(values).sort();
  return { q05: quantileSorted(sorted, 0.05), q25: quantileSorted(sorted, 0.25), q75: quantileSorted(sorted, 0.75), q95: quantileSorted(sorted, 0.95) };
};

/** The cells of a grid sweep for one measure and group. */
export function summarizeGridSweep(input: GridSweepInput, options: GridSweepOptions): GridSweep {
  const level = options.level ?? 0.95;
  const group = options.group ?? 'all';
  const paths = input.factors.map((f) => f.path);
  // 1. The two factors shown, checked.
  const chosen = options.factors ?? paths.slice(0, 2);
  const unknown = chosen.filter((p) => !paths.includes(p));
  if (unknown.length) throw new ChartError(`grid sweep: no factor ${unknown.map((p) => `"${p}"`).join(', ')}; the sweep's factors: ${paths.join(', ')}`);
  if (chosen.length === 0 || chosen.length > 2) throw new ChartError(`grid sweep: give one or two factors (x axis, then lines); the sweep's factors: ${paths.join(', ')}`);
  if (chosen.length === 2 && chosen[0] === chosen[1]) throw new ChartError(`grid sweep: the x factor and the line factor are both "${chosen[0]}"; give two different factors`);
  const levelsOf = (path: string): FactorLevels => factorLevels(input.factors.find((f) => f.path === path)!, input.points);
  const describe = (f: FactorLevels): GridFactor => ({
    path: f.path,
    label: labelFactor(f.path),
    unit: input.factors.find((x) => x.path === f.path)!.unit,
    numeric: f.numeric,
    levels: f.levels,
  });
  const xLevels = levelsOf(chosen[0]);
  const lineLevels = chosen[1] !== undefined ? levelsOf(chosen[1]) : undefined;

  // 2. The runs' values per arm and point (NaN: not measured in that run).
  const present = distinct(input.outputs.map((o) => o.arm));
  const arms = options.arms ?? present;
  const missing = arms.filter((a) => !present.includes(a));
  if (missing.length) throw new ChartError(`grid sweep: unknown arm ${missing.map((a) => `"${a}"`).join(', ')}; arms in the sweep's results: ${present.join(', ') || '(none)'}`);
  const byArmPoint = new Map<string, number[]>();
  for (const o of input.outputs) {
    if (!arms.includes(o.arm) || !Number.isFinite(o.value)) continue;
    const key = `${o.arm}\u0000${o.point}`;
    let list = byArmPoint.get(key);
    if (!list) byArmPoint.set(key, (list = []));
    list.push(o.value);
  }
  if (byArmPoint.size === 0) throw new ChartError(`grid sweep: no values of measure "${options.measure}" in group "${group}" in the sweep's results`);

  // 3. One cell per arm, x level and line level, over the points that have them.
  const cells: GridSweepCell[] = [];
  const lines = lineLevels?.levels ?? [{ x: 0, label: '' }];
  for (const arm of arms)
    for (let li = 0; li < lines.length; li++)
      xLevels.levels.forEach((xl, xi) => {
        const values = input.points
          .filter((p) => xLevels.levelOf.get(p.point) === xi && (!lineLevels || lineLevels.levelOf.get(p.point) === li))
          .flatMap((p) => byArmPoint.get(`${arm}\u0000${p.point}`) ?? []);
        if (values.length === 0) return;
        const ci = meanConfidenceInterval(values, level);
        cells.push({ arm, x: xl.x, x_label: xl.label, line: lines[li].label, line_rank: li, n: values.length, mean: ci.mean, ci_low: ci.low, ci_high: ci.high, ...quantiles(values) });
      });
  return {
    measure: options.measure,
    group,
    level,
    arms: [...arms],
    xFactor: describe(xLevels),
    lineFactor: lineLevels ? describe(lineLevels) : undefined,
    averaged: paths.filter((p) => !chosen.includes(p)),
    runsPerCell: Math.max(...cells.map((c) => c.n)),
    cells,
  };
}
