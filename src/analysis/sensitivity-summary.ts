// The printed summary of a sweep's sensitivity indices (`cpi-sim analyze sensitivity`): per arm and measure,
// the factors ranked by their main index (Morris μ*, Sobol' S_T) with its bootstrap interval and the companion
// indices (σ and μ; S_1), to three significant digits, and a word wherever the leading factor's interval
// overlaps another's, so that this design does not establish which factor matters most. Part of analysis/;
// pure: the rows of sweep-sensitivity.ts in, lines of text out (sensitivity.csv keeps full precision).
import type { SensitivityRow } from './sweep-sensitivity.js';

interface Estimate {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

export interface RankedFactor {
  readonly factor: string;
  /** μ* (Morris) or S_T (Sobol'), with its interval. */
  readonly main: Estimate;
  /** σ and μ (Morris), or S_1 with its interval (Sobol'). */
  readonly second: Estimate;
  readonly third?: Estimate;
}

export interface SensitivityBlock {
  readonly arm: string;
  readonly measure: string;
  readonly method: 'morris' | 'sobol';
  /** By the main index, largest first (a factor without an estimate last); ties keep the design's order. */
  readonly factors: readonly RankedFactor[];
  /** The leading factor and every factor whose interval overlaps its interval; more than one: the lead is not established. */
  readonly leaders: readonly string[];
  /** Whether the intervals exist (not with --bootstrap 0), so that the ranking could be tested at all. */
  readonly tested: boolean;
}

export interface SensitivitySummaryContext {
  readonly tick: number;
  readonly group: string;
  /** Morris trajectories or Sobol' base samples: the design's size, which sets how firm the ranking can be. */
  readonly designSize: number;
  readonly bootstrap: number;
  readonly confidence?: number;
}

export interface SensitivitySummary {
  readonly blocks: readonly SensitivityBlock[];
  /** The table, one string per line. */
  readonly lines: readonly string[];
  /** One sentence for the end (stderr) when some leads are not established; empty otherwise. */
  readonly warning: string;
}

/** Three significant digits (trailing zeros kept, so the precision shows), whole numbers from 1,000 on; "NA" for a missing value. */
export function formatSignificant(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'NA';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Math.abs(v) < 1e-12) return '0';
  const text = v.toPrecision(digits);
  return text.includes('e') ? String(Number(text)) : text;
}

const NONE: Estimate = { estimate: Number.NaN, lower: Number.NaN, upper: Number.NaN };
const overlap = (a: Estimate, b: Estimate) => a.lower <= b.upper && b.lower <= a.upper;
const hasInterval = (e: Estimate) => Number.isFinite(e.lower) && Number.isFinite(e.upper);

/** Group the rows by arm and measure (first-seen order), rank the factors and find the contested lead. */
export function rankSensitivity(rows: readonly SensitivityRow[]): SensitivityBlock[] {
  const blocks = new Map<string, { arm: string; measure: string; method: 'morris' | 'sobol'; byFactor: Map<string, Map<string, Estimate>> }>();
  for (const r of rows) {
    if (r.index === 'second') continue; // pairs stay in the CSV
    const key = `${r.arm}\u0000${r.measure}`;
    let b = blocks.get(key);
    if (!b) blocks.set(key, (b = { arm: r.arm, measure: r.measure, method: r.method, byFactor: new Map() }));
    let f = b.byFactor.get(r.factor);
    if (!f) b.byFactor.set(r.factor, (f = new Map()));
    f.set(r.index, { estimate: r.estimate, lower: r.lower, upper: r.upper });
  }
  return [...blocks.values()].map(({ arm, measure, method, byFactor }): SensitivityBlock => {
    const get = (f: Map<string, Estimate>, index: string) => f.get(index) ?? NONE;
    const factors = [...byFactor].map(([factor, f]): RankedFactor =>
      method === 'morris' ? { factor, main: get(f, 'mu_star'), second: get(f, 'sigma'), third: get(f, 'mu') } : { factor, main: get(f, 'total'), second: get(f, 'first') },
    );
    const value = (x: RankedFactor) => (Number.isNaN(x.main.estimate) ? -Infinity : x.main.estimate);
    factors.sort((a, b) => value(b) - value(a));
    const lead = factors[0];
    const tested = factors.length > 0 && factors.every((x) => Number.isNaN(x.main.estimate) || hasInterval(x.main));
    const leaders = !lead ? [] : !tested ? [lead.factor] : factors.filter((x) => x === lead || (hasInterval(x.main) && overlap(x.main, lead.main))).map((x) => x.factor);
    return { arm, measure, method, factors, leaders, tested };
  });
}

/** Columns with two spaces between: the factor (column 1) left-aligned, numbers right-aligned. */
function alignColumns(rows: readonly string[][], indent: string): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...r[c]].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c === 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

const interval = (e: Estimate) => (hasInterval(e) ? `[${formatSignificant(e.lower)}, ${formatSignificant(e.upper)}]` : '');

/**
 * Stages: (1) rank each arm and measure's factors, (2) lay each out as a table under a heading, with a note
 * under it when its lead is contested, (3) one closing warning that says what to do.
 */
export function summarizeSensitivity(rows: readonly SensitivityRow[], context: SensitivitySummaryContext): SensitivitySummary {
  const blocks = rankSensitivity(rows);
  const method = blocks[0]?.method ?? 'morris';
  const level = `${Math.round((context.confidence ?? 0.95) * 100)}%`;
  const more = method === 'morris' ? `more trajectories (design.trajectories, ${context.designSize} now)` : `more base samples (design.baseSamples, ${context.designSize} now)`;
  const lines: string[] = [
    method === 'morris'
      ? `Morris μ* at tick ${context.tick}, group ${context.group}: factors by μ* (mean absolute elementary effect), ${context.designSize} trajectories; ${level} bootstrap intervals of μ* over ${context.bootstrap} resamples`
      : `Sobol' total-order S_T at tick ${context.tick}, group ${context.group}: factors by S_T, ${context.designSize} base samples; ${level} bootstrap intervals over ${context.bootstrap} resamples`,
  ];
  const head = method === 'morris' ? ['rank', 'factor', 'μ*', `${level} interval`, 'σ', 'μ'] : ['rank', 'factor', 'S_T', `${level} interval`, 'S_1', `${level} interval`];
  let contested = 0;
  for (const b of blocks) {
    lines.push('', `${b.arm} · ${b.measure}`);
    // A factor whose interval overlaps the leader's shares its rank, "=1" (ties for first, as in a league table).
    const rank = (f: RankedFactor, i: number) => (i > 0 && b.leaders.includes(f.factor) ? '=1' : String(i + 1));
    const table = b.factors.map((f, i) =>
      b.method === 'morris'
        ? [rank(f, i), f.factor, formatSignificant(f.main.estimate), interval(f.main), formatSignificant(f.second.estimate), formatSignificant(f.third?.estimate ?? Number.NaN)]
        : [rank(f, i), f.factor, formatSignificant(f.main.estimate), interval(f.main), formatSignificant(f.second.estimate), interval(f.second)],
    );
    lines.push(...alignColumns([head, ...table], '  '));
    if (!b.tested) lines.push('  (no intervals with --bootstrap 0: the ranking is not tested)');
    else if (b.leaders.length > 1) {
      contested++;
      lines.push(`  ! the lead is not established: the intervals of the ${b.leaders.length} factors ranked 1 and =1 overlap, so their order may be chance; run ${more}`);
    }
  }
  const warning =
    contested === 0
      ? ''
      : `warning: in ${contested} of ${blocks.length} arm × measure table${blocks.length === 1 ? '' : 's'} the leading factor is not established (its ${level} interval overlaps another factor's): this design is too small to rank them; run ${more}, or read those rankings as ties.`;
  return { blocks, lines, warning };
}
