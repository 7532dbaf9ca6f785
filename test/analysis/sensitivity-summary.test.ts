// The printed sensitivity summary: factors ranked by μ* or S_T, numbers to three significant digits (the
// rounded values of the full-precision rows), σ and μ beside μ*, S_1 beside S_T, and the warning that the
// lead is not established present for a tiny design and absent for a clearly separated one.
import { describe, expect, test } from 'vitest';
import { buildMorrisDesign, buildSobolDesign } from '../../src/sweep/designs.js';
import { analyzeSweepSensitivity, type SensitivityRow } from '../../src/analysis/sweep-sensitivity.js';
import { formatSignificant, rankSensitivity, summarizeSensitivity } from '../../src/analysis/sensitivity-summary.js';
import { ishigami } from '../../src/analysis/test-functions.js';

const context = (designSize: number, bootstrap = 200) => ({ tick: 26, group: 'all', designSize, bootstrap });

/** Morris rows of y = 0.5 a + 12.345 b + 3 a c on [0, 1]³ (b linear: μ* = 12.345, σ = 0; a and c interact), or of y = a + c + 3 a c (a and c alike). */
function morrisRows(trajectories: number, bootstrap = 200, alike = false): SensitivityRow[] {
  const factors = ['a', 'b', 'c'].map((path) => ({ path, range: [0, 1] as [number, number] }));
  const design = buildMorrisDesign({ factors, trajectories, levels: 4 }, 3);
  const y = (v: readonly number[]) => (alike ? v[0] + v[2] + 3 * v[0] * v[2] : 0.5 * v[0] + 12.345 * v[1] + 3 * v[0] * v[2]);
  return analyzeSweepSensitivity(design, design.points.map((p) => ({ point: p.index, replicate: 0, arm: 'cpi', measure: 'y', value: y(p.values) })), { bootstrap });
}

/** Sobol' rows of the Ishigami function (S_T ≈ 0.558, 0.442, 0.244 for x1, x2, x3). */
function ishigamiRows(baseSamples: number): SensitivityRow[] {
  const design = buildSobolDesign({ factors: [0, 1, 2].map((i) => ({ path: `x${i + 1}`, range: [-Math.PI, Math.PI] as [number, number] })), baseSamples }, 5);
  return analyzeSweepSensitivity(design, design.points.map((p) => ({ point: p.index, replicate: 0, arm: 'cpi', measure: 'ishigami', value: ishigami(p.values) })), { bootstrap: 200 });
}

/** The cells of a table line (split on runs of two or more spaces, which never occur inside a cell). */
const cells = (line: string) => line.trim().split(/\s{2,}/);

describe('numbers in the summary', () => {
  test('have three significant digits (trailing zeros kept), whole numbers from 1,000 on, and NA for a missing value', () => {
    expect([1259.375, 0.07804688, 1.1, -0.0656, 12.345, 0.00000012345, 99.96, 1e-13, Number.NaN].map((v) => formatSignificant(v))).toEqual([
      '1260',
      '0.0780',
      '1.10',
      '-0.0656',
      '12.3',
      '1.23e-7',
      '100',
      '0',
      'NA',
    ]);
  });
});

describe('the Morris summary', () => {
  const rows = morrisRows(8);
  const summary = summarizeSensitivity(rows, context(8));

  test('ranks the factors by μ*, largest first, with columns rank, factor, μ*, its interval, σ and μ', () => {
    expect(summary.lines[0]).toBe('Morris μ* at tick 26, group all: factors by μ* (mean absolute elementary effect), 8 trajectories; 95% bootstrap intervals of μ* over 200 resamples');
    expect(summary.lines[2]).toBe('cpi · y');
    expect(cells(summary.lines[3])).toEqual(['rank', 'factor', 'μ*', '95% interval', 'σ', 'μ']);
    const table = summary.lines.slice(4, 7).map(cells);
    expect(table.map((c) => c[1])).toEqual(['b', 'a', 'c']);
    const muStar = table.map((c) => Number(c[2]));
    expect(muStar).toEqual([...muStar].sort((x, y) => y - x));
    // b is linear: μ* = μ = 12.345 exactly in every resample, σ = 0.
    expect(table[0]).toEqual(['1', 'b', '12.3', '[12.3, 12.3]', '0', '12.3']);
  });

  test('prints each number as the full-precision row rounded to three significant digits', () => {
    const row = (factor: string, index: string) => rows.find((r) => r.factor === factor && r.index === index)!;
    for (const line of summary.lines.slice(4, 7)) {
      const [, factor, muStar, interval, sigma, mu] = cells(line);
      const m = row(factor, 'mu_star');
      expect([muStar, interval, sigma, mu]).toEqual([
        formatSignificant(m.estimate),
        `[${formatSignificant(m.lower)}, ${formatSignificant(m.upper)}]`,
        formatSignificant(row(factor, 'sigma').estimate),
        formatSignificant(row(factor, 'mu').estimate),
      ]);
      // Rounded: at most three significant digits (the rows themselves carry many more).
      expect(muStar.replace(/^[-0.]+/, '').replace('.', '').length).toBeLessThanOrEqual(3);
    }
    expect(String(row('a', 'mu_star').estimate).replace(/^[-0.]+/, '').replace('.', '').length).toBeGreaterThan(3);
  });

  test('says nothing about the ranking when the leader is clearly ahead', () => {
    expect(summary.blocks[0].leaders).toEqual(['b']);
    expect(summary.lines.some((l) => l.includes('!'))).toBe(false);
    expect(summary.warning).toBe('');
  });

  test('for two factors alike, over three trajectories, marks the one tied with the leader "=1" and says to run more trajectories', () => {
    const tiny = summarizeSensitivity(morrisRows(3, 200, true), context(3));
    const block = tiny.blocks[0];
    expect(block.leaders.length).toBeGreaterThan(1);
    const ranks = tiny.lines.slice(4, 7).map((l) => cells(l)[0]);
    expect(ranks.filter((r) => r === '=1').length).toBe(block.leaders.length - 1);
    expect(tiny.lines).toContain(
      `  ! the lead is not established: the intervals of the ${block.leaders.length} factors ranked 1 and =1 overlap, so their order may be chance; run more trajectories (design.trajectories, 3 now)`,
    );
    expect(tiny.warning).toBe(
      'warning: in 1 of 1 arm × measure table the leading factor is not established (its 95% interval overlaps another factor\'s): this design is too small to rank them; run more trajectories (design.trajectories, 3 now), or read those rankings as ties.',
    );
  });

  test('without bootstrap intervals, says the ranking is not tested rather than warning', () => {
    const untested = summarizeSensitivity(morrisRows(2, 0), context(2, 0));
    expect(untested.lines).toContain('  (no intervals with --bootstrap 0: the ranking is not tested)');
    expect(untested.warning).toBe('');
  });
});

describe('the Sobol\' summary of the Ishigami function', () => {
  test('with 4096 base samples ranks x1, x2, x3 by S_T, beside S_1 and both intervals, and gives no warning', () => {
    const s = summarizeSensitivity(ishigamiRows(4096), context(4096));
    expect(cells(s.lines[3])).toEqual(['rank', 'factor', 'S_T', '95% interval', 'S_1', '95% interval']);
    const table = s.lines.slice(4, 7).map(cells);
    expect(table.map((c) => [c[0], c[1]])).toEqual([
      ['1', 'x1'],
      ['2', 'x2'],
      ['3', 'x3'],
    ]);
    // The analytic S_T are 0.558, 0.442 and 0.244.
    expect(table.map((c) => Number(c[2]))).toEqual([expect.closeTo(0.558, 1), expect.closeTo(0.442, 1), expect.closeTo(0.244, 1)]);
    expect(table.every((c) => /^\[-?[\d.]+, -?[\d.]+\]$/.test(c[3]) && /^\[-?[\d.]+, -?[\d.]+\]$/.test(c[5]))).toBe(true);
    expect(s.warning).toBe('');
  });

  test('with 16 base samples, warns that the lead is not established and says to run more base samples', () => {
    const s = summarizeSensitivity(ishigamiRows(16), context(16));
    expect(s.blocks[0].leaders.length).toBeGreaterThan(1);
    expect(s.warning).toContain('this design is too small to rank them; run more base samples (design.baseSamples, 16 now)');
  });

  test('ranks each arm and measure on its own, in the order the rows came, and leaves second-order pairs to the CSV', () => {
    const a = ishigamiRows(256);
    const b = a.map((r) => ({ ...r, arm: 'usual-care', ...(r.factor === 'x3' && r.index === 'total' ? { estimate: 0.9, lower: 0.85, upper: 0.95 } : {}) }));
    const pair: SensitivityRow = { arm: 'cpi', measure: 'ishigami', method: 'sobol', factor: 'x1 × x3', index: 'second', estimate: 0.24, lower: 0.2, upper: 0.3 };
    const blocks = rankSensitivity([...a, pair, ...b]);
    expect(blocks.map((x) => [x.arm, x.factors.map((f) => f.factor)])).toEqual([
      ['cpi', ['x1', 'x2', 'x3']],
      ['usual-care', ['x3', 'x1', 'x2']],
    ]);
  });
});
