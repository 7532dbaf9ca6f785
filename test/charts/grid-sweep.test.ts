// summarizeGridSweep (src/charts/grid-sweep.ts): one cell per arm and pair of levels with the mean, the t
// interval and the quartiles and 5%/95% points of its runs (hand-computed on a grid whose outcome is a
// known formula), other factors pooled and named, the two factors chosen by path; requests the grid cannot
// answer are refused naming what it has.
import { describe, expect, test } from 'vitest';
import { summarizeGridSweep } from '../../src/charts/grid-sweep.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { GRID_INPUT } from './fixtures.js';

describe('summarizeGridSweep', () => {
  test('each arm and pair of levels is a cell with the mean and spread of its replicates', () => {
    const grid = summarizeGridSweep(GRID_INPUT, { measure: 'rg_total' });
    expect(grid.xFactor).toMatchObject({ path: 'agencies.fidelity.mean', numeric: true, unit: 'score 0–1', levels: [{ x: 0.2, label: '0.2' }, { x: 0.55, label: '0.55' }, { x: 0.9, label: '0.9' }] });
    expect(grid.lineFactor!.levels.map((l) => l.label)).toEqual(['0', '0.05']);
    expect(grid.arms).toEqual(['a', 'b']);
    expect(grid.averaged).toEqual([]);
    expect(grid.runsPerCell).toBe(3);
    expect(grid.cells).toHaveLength(2 * 3 * 2);
    // Runs 9.8, 10.8, 11.8: mean 10.8, sd 1, t(0.975, 2) = 4.302653 → ± 2.484138.
    const c = grid.cells.find((x) => x.arm === 'a' && x.x_label === '0.2' && x.line === '0')!;
    expect(c).toMatchObject({ n: 3, line_rank: 0 });
    expect(c.mean).toBeCloseTo(10.8, 12);
    expect(c.ci_low).toBeCloseTo(10.8 - 2.484138, 5);
    expect(c.ci_high).toBeCloseTo(10.8 + 2.484138, 5);
    // Type-7 quantiles of three values: q25 = 10.3, q75 = 11.3, q05 = 9.9, q95 = 11.7.
    expect([c.q05, c.q25, c.q75, c.q95].map((q) => Number(q.toFixed(10)))).toEqual([9.9, 10.3, 11.3, 11.7]);
    const b = grid.cells.find((x) => x.arm === 'b' && x.x_label === '0.9' && x.line === '0.05')!;
    expect(b.mean).toBeCloseTo(10 + 3.6 - 1 + 1, 12);
    expect(b.line_rank).toBe(1);
  });

  test('the factors are chosen by path, the x factor first; a third factor is pooled and named', () => {
    const swapped = summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['workers.turnoverRate', 'agencies.fidelity.mean'] });
    expect(swapped.xFactor.path).toBe('workers.turnoverRate');
    expect(swapped.lineFactor!.path).toBe('agencies.fidelity.mean');
    const one = summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['workers.turnoverRate'] });
    expect(one.lineFactor).toBeUndefined();
    expect(one.averaged).toEqual(['agencies.fidelity.mean']);
    // Pooled over fidelity: 9 runs at turnover 0 in arm a, mean 10 + 4 × 0.55.
    const cell = one.cells.find((c) => c.arm === 'a' && c.x_label === '0')!;
    expect(cell.n).toBe(9);
    expect(cell.line).toBe('');
    expect(cell.mean).toBeCloseTo(12.2, 12);
  });

  test('arms are kept in the order asked for, and runs without a value are left out', () => {
    const withGap = { ...GRID_INPUT, outputs: [...GRID_INPUT.outputs, { point: 0, arm: 'b', value: NaN }] };
    const grid = summarizeGridSweep(withGap, { measure: 'rg_total', arms: ['b'] });
    expect(grid.arms).toEqual(['b']);
    expect(new Set(grid.cells.map((c) => c.arm))).toEqual(new Set(['b']));
    expect(grid.cells.find((c) => c.x_label === '0.2' && c.line === '0')!.n).toBe(3);
  });

  test('an unknown factor or arm, one factor given twice, or no values at all is refused naming what the sweep has', () => {
    expect(() => summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['agencies.caseload'] })).toThrow(ChartError);
    expect(() => summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['agencies.caseload'] })).toThrow(/no factor "agencies.caseload"; the sweep's factors: agencies.fidelity.mean, workers.turnoverRate/);
    expect(() => summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['workers.turnoverRate', 'workers.turnoverRate'] })).toThrow(/both "workers.turnoverRate"/);
    expect(() => summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', arms: ['c'] })).toThrow(/unknown arm "c"; arms in the sweep's results: a, b/);
    expect(() => summarizeGridSweep({ ...GRID_INPUT, outputs: [] }, { measure: 'rg_total' })).toThrow(/no values of measure "rg_total" in group "all"/);
  });
});
