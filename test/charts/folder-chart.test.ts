// readFolderChart and chartKindsOf (src/charts/folder-chart.ts) on real folders: each kind of folder has
// its kinds and default, the charts carry the folder's numbers (a run's series.csv values, a sweep's last
// tick, a comparative trial's acceptability curve), every default chart is valid vega-lite, and requests the
// folder cannot answer are refused with what it can.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chartKindsOf, readFolderChart } from '../../src/charts/folder-chart.js';
import { inspectResultsFolder } from '../../src/charts/results-folder.js';
import { ARM_PALETTE } from '../../src/charts/arm-colours.js';
import { realReplicateTables, schemaErrors, type AnySpec } from './fixtures.js';
import { makeResultsFolders, type ResultsFolders } from './results-folders.js';
import { makeComparativeFolders, PRICED_ICER, type ComparativeFolders } from './comparative-folders.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-folder-chart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let f: ResultsFolders;
beforeAll(async () => {
  f = await makeResultsFolders(root);
});

const csv = (file: string) => {
  const [head, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('chartKindsOf', () => {
  test('each kind of folder has its kinds of chart and its default', () => {
    const kinds = (dir: string) => chartKindsOf(inspectResultsFolder(dir));
    expect(kinds(f.run)).toEqual({ kinds: ['trajectory', 'network-growth'], defaultKind: 'trajectory' });
    expect(kinds(f.replicates)).toEqual({ kinds: ['trajectory', 'difference', 'network-growth'], defaultKind: 'trajectory' });
    expect(kinds(f.sweep)).toEqual({ kinds: ['tornado', 'dose-response', 'factor-lines', 'heatmap'], defaultKind: 'tornado' });
    expect(kinds(f.grid)).toEqual({ kinds: ['factor-lines', 'heatmap'], defaultKind: 'factor-lines' });
    expect(kinds(f.morris)).toEqual({ kinds: ['sensitivity', 'tornado', 'dose-response'], defaultKind: 'sensitivity' });
    expect(kinds(f.trial)).toEqual({ kinds: ['power-curve', 'effect-sizes'], defaultKind: 'power-curve' });
  });

  test('a trial without a power curve has only effect sizes; a sweep with no barrier factor, no grid and no sensitivity.csv has nothing', () => {
    const trial = join(root, 'trial-one-n');
    cpSync(f.trial, trial, { recursive: true });
    rmSync(join(trial, 'power-curve.csv'));
    expect(chartKindsOf(inspectResultsFolder(trial))).toEqual({ kinds: ['effect-sizes'], defaultKind: 'effect-sizes' });
    const sweep = join(root, 'sweep-no-barriers');
    cpSync(f.sweep, sweep, { recursive: true });
    const doc = JSON.parse(readFileSync(join(sweep, 'sweep.json'), 'utf8'));
    doc.resolved.factors = [{ path: 'agencies.fidelity.mean', values: [0.2, 0.9] }];
    doc.design.kind = 'lhs';
    writeFileSync(join(sweep, 'sweep.json'), JSON.stringify(doc));
    expect(() => chartKindsOf(inspectResultsFolder(sweep))).toThrow(
      /nothing to chart in this lhs sweep yet: the barrier charts .* need factors under "barriers\." \(its factors: agencies\.fidelity\.mean\), the grid charts \(factor-lines, heatmap\) need a grid design, and the sensitivity chart needs sensitivity\.csv/,
    );
    // A grid of one factor has lines but no heat map.
    doc.design.kind = 'grid';
    writeFileSync(join(sweep, 'sweep.json'), JSON.stringify(doc));
    expect(chartKindsOf(inspectResultsFolder(sweep))).toEqual({ kinds: ['factor-lines'], defaultKind: 'factor-lines' });
  });
});

/** The rect layer's encoding of a heat map (one arm: a layered chart). */
const layersOfHeat = (spec: unknown) => (spec as AnySpec).layer[0].encoding;

describe('readFolderChart', () => {
  test('every default chart and every other kind of every folder is valid vega-lite', async () => {
    const cases: Array<[string, string | undefined]> = [
      [f.run, undefined],
      [f.run, 'network-growth'],
      [f.replicates, undefined],
      [f.replicates, 'difference'],
      [f.replicates, 'network-growth'],
      [f.sweep, undefined],
      [f.sweep, 'dose-response'],
      [f.sweep, 'factor-lines'],
      [f.sweep, 'heatmap'],
      [f.grid, undefined],
      [f.grid, 'heatmap'],
      [f.morris, undefined],
      [f.morris, 'tornado'],
      [f.trial, undefined],
      [f.trial, 'effect-sizes'],
    ];
    for (const [dir, kind] of cases) {
      const chart = await readFolderChart(dir, { kind });
      expect(schemaErrors(chart.spec), `${dir} ${kind}`).toEqual([]);
    }
  });

  test("a run's trajectory carries series.csv's values of rg_total for group all, per arm and week", async () => {
    const chart = await readFolderChart(f.run);
    expect(chart.kind).toBe('trajectory');
    expect(chart.description).toBe('trajectories of rg_total, group all');
    const want = csv(join(f.run, 'series.csv'))
      .filter((r) => r.group === 'all' && r.measure === 'rg_total')
      .map((r) => ({ arm: r.arm, tick: Number(r.tick), mean: Number(r.value) }));
    expect((chart.spec as AnySpec).data.values).toEqual(want);
    expect(want).toHaveLength(10);
  });

  test('a replicates folder written from summarizeReplicates charts its means and bands', async () => {
    const chart = await readFolderChart(f.handReplicates, { measure: 'network_size', group: 'agency-02', arms: ['no-barriers'] });
    const rows = realReplicateTables().summaries.filter((r) => r.measure === 'network_size' && r.group === 'agency-02' && r.arm === 'no-barriers');
    const values = (chart.spec as AnySpec).data.values;
    expect(values).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      expect(values[i].tick).toBe(r.tick);
      expect(values[i].mean).toBeCloseTo(r.mean, 8);
      expect(values[i].q05).toBeCloseTo(r.q05, 8);
    });
  });

  test("a sweep's tornado contrasts the lowest and highest level at the last week kept", async () => {
    const chart = await readFolderChart(f.sweep, { measure: 'wellbeing', group: 'agency-01', arms: ['with-barriers'] });
    const row = (chart.spec as AnySpec).data.values.find((v: AnySpec) => v.factor === 'barriers.user.selfStigma.scale');
    // By hand from results.csv: week 3, group agency-01, arm with-barriers; points 0–1 have scale 0, 4–5 scale 3.
    const results = csv(join(f.sweep, 'results.csv')).filter((r) => r.tick === '3' && r.group === 'agency-01' && r.measure === 'wellbeing' && r.arm === 'with-barriers');
    const mean = (points: string[]) => {
      const vs = results.filter((r) => points.includes(r.point)).map((r) => Number(r.value));
      expect(vs).toHaveLength(4);
      return vs.reduce((s, v) => s + v, 0) / vs.length;
    };
    expect(row.change).toBeCloseTo(mean(['4', '5']) - mean(['0', '1']), 8);
    expect(chart.description).toBe('tornado of wellbeing over 2 barrier factors, group agency-01');
    expect(JSON.stringify(chart.spec.title)).toContain('Values at week 3.');
  });

  test('the sensitivity chart of an analysed Morris sweep has a point per barrier factor', async () => {
    const chart = await readFolderChart(f.morris, { measure: 'new_ties' });
    expect(chart.kind).toBe('sensitivity');
    expect((chart.spec as AnySpec).layer[1].data.values.map((v: AnySpec) => v.factor).sort()).toEqual([
      'barriers.user.discrimination.scale',
      'barriers.user.poorAccess.scale',
      'barriers.user.selfStigma.scale',
    ]);
  });

  test("a grid sweep's lines carry the mean of each point's replicates from results.csv, a line per turnover level and a panel per arm", async () => {
    const chart = await readFolderChart(f.grid);
    expect(chart.kind).toBe('factor-lines');
    expect(chart.description).toBe('factor-lines of rg_total over agencies.fidelity.mean and workers.turnoverRate, group all');
    const spec = chart.spec as AnySpec;
    expect(spec.facet.column.sort).toEqual(['with-barriers', 'no-barriers']);
    // By hand: the design's points and their values, then the mean of the replicates' rg_total per arm.
    const sweep = JSON.parse(readFileSync(join(f.grid, 'sweep.json'), 'utf8'));
    const results = csv(join(f.grid, 'results.csv')).filter((r) => r.group === 'all' && r.measure === 'rg_total');
    for (const p of sweep.design_points) {
      for (const arm of ['with-barriers', 'no-barriers']) {
        const vs = results.filter((r) => Number(r.point) === p.point && r.arm === arm).map((r) => Number(r.value));
        expect(vs).toHaveLength(2);
        const cell = spec.data.values.find((v: AnySpec) => v.arm === arm && v.x === p.values['agencies.fidelity.mean'] && v.line === String(p.values['workers.turnoverRate']));
        expect(cell.mean).toBeCloseTo((vs[0] + vs[1]) / 2, 8);
        expect(cell.n).toBe(2);
      }
    }
    expect(JSON.stringify(spec.title)).toContain('Values at week 3.');
    // The heat map of the same folder, with the factors the other way round.
    const heat = await readFolderChart(f.grid, { kind: 'heatmap', factors: ['workers.turnoverRate', 'agencies.fidelity.mean'], arms: ['no-barriers'] });
    expect(heat.description).toBe('heatmap of rg_total over workers.turnoverRate and agencies.fidelity.mean, group all');
    expect(layersOfHeat(heat.spec).x.sort).toEqual(['0', '0.05']);
  });

  test("an arm keeps the colour of its place in the scenario when a chart draws it alone", async () => {
    const second = await readFolderChart(f.replicates, { arms: ['no-barriers'] });
    const color = (second.spec as AnySpec).layer.find((l: AnySpec) => l.mark.type === 'line' && l.encoding.y.field === 'mean').encoding.color;
    expect(color.scale.domain).toEqual(['no-barriers']);
    expect(color.scale.range).toEqual([ARM_PALETTE[1]]);
    const run = await readFolderChart(f.run, { kind: 'network-growth', arms: ['no-barriers'] });
    const flows = (run.spec as AnySpec).vconcat[1].encoding.color.scale;
    expect(flows.range[flows.domain.indexOf('new, alive')]).toBe(ARM_PALETTE[1]);
  });

  test("a trial's power curve has a point per n, and its effect sizes can show p-values", async () => {
    const curve = await readFolderChart(f.trial);
    expect((curve.spec as AnySpec).data.values.map((v: AnySpec) => v.n)).toEqual([20, 40]);
    const p = await readFolderChart(f.trial, { kind: 'effect-sizes', measure: 'p' });
    expect(p.description).toMatch(/^distribution of p over 12 simulated trials$/);
  });

  test('a kind the folder cannot give, an option the kind does not take and unknown names are refused with what is allowed', async () => {
    await expect(readFolderChart(f.run, { kind: 'difference' })).rejects.toThrow(/--kind difference: not a chart of a run folder \(paired differences need replicates.*kinds for .*: trajectory, network-growth/);
    await expect(readFolderChart(f.run, { kind: 'pie' })).rejects.toThrow(/--kind pie: no such kind of chart; kinds for a run folder: trajectory, network-growth/);
    await expect(readFolderChart(f.sweep, { kind: 'sensitivity' })).rejects.toThrow(/run `cpi-sim analyze sensitivity` on the folder first/);
    await expect(readFolderChart(f.trial, { group: 'all' })).rejects.toThrow(/--group: not an option of the power-curve chart; it takes no options/);
    await expect(readFolderChart(f.run, { band: 'ci' })).rejects.toThrow(/a single run has no bands/);
    await expect(readFolderChart(f.replicates, { band: 'wide' })).rejects.toThrow(/--band wide: expected one of quantiles, ci, none/);
    await expect(readFolderChart(f.run, { kind: 'network-growth', arms: ['a', 'b'] })).rejects.toThrow(/shows one arm/);
    await expect(readFolderChart(f.run, { measure: 'happiness' })).rejects.toThrow(/--measure happiness: no such measure in .*series\.csv; measures: network_size, new_ties, .*rg_total/);
    await expect(readFolderChart(f.replicates, { group: 'agency-99' })).rejects.toThrow(/--group agency-99: no such group in .*summary\.csv; groups: all, agency-01, agency-02, fidelity-low/);
    await expect(readFolderChart(f.replicates, { kind: 'difference', arms: ['nobody'] })).rejects.toThrow(/--arm nobody: no such arm in .*differences\.csv; arms: with-barriers, no-barriers/);
    await expect(readFolderChart(f.sweep, { measure: 'extensity' })).rejects.toThrow(/--measure extensity: the sweep did not keep it; measures: network_size, rg_total, wellbeing/);
    await expect(readFolderChart(f.morris, { measure: 'wellbeing' })).rejects.toThrow(/no indices of it in .*sensitivity\.csv; measures: new_ties, rg_total/);
    await expect(readFolderChart(f.trial, { kind: 'effect-sizes', measure: 'rg_total' })).rejects.toThrow(/allowed: partial_eta_squared, p, effect, cohens_d/);
    await expect(readFolderChart(f.grid, { kind: 'tornado' })).rejects.toThrow(/--kind tornado: not a chart of a sweep folder; kinds for .*: factor-lines, heatmap/);
    await expect(readFolderChart(f.grid, { factors: ['agencies.caseload'] })).rejects.toThrow(/--factor agencies.caseload: not a factor of the sweep; factors: agencies.fidelity.mean, workers.turnoverRate/);
    await expect(readFolderChart(f.grid, { kind: 'heatmap', factors: ['workers.turnoverRate'] })).rejects.toThrow(/--factor: the heatmap chart takes two factors \(across, then down\), not 1/);
    await expect(readFolderChart(f.replicates, { factors: ['workers.turnoverRate'] })).rejects.toThrow(/--factor: not an option of the trajectory chart; it takes --measure, --group, --arm, --band/);
  });
});

describe('the acceptability curve of a comparative trial folder', () => {
  let c: ComparativeFolders;
  const croot = mkdtempSync(join(tmpdir(), 'cpi-sim-folder-chart-comparative-'));
  afterAll(() => rmSync(croot, { recursive: true, force: true }));
  beforeAll(async () => {
    c = await makeComparativeFolders(croot);
  }, 120_000);

  test('a priced folder lists the acceptability curve after the power curve; an unpriced one does not', () => {
    expect(chartKindsOf(inspectResultsFolder(c.priced))).toEqual({ kinds: ['power-curve', 'acceptability', 'effect-sizes'], defaultKind: 'power-curve' });
    expect(chartKindsOf(inspectResultsFolder(c.unpriced))).toEqual({ kinds: ['power-curve', 'effect-sizes'], defaultKind: 'power-curve' });
    const t = inspectResultsFolder(c.priced).trial!;
    expect([t.dimension, t.ownSize, t.searchSize, t.sizes]).toEqual(['participants', 40, 40, [20, 40]]);
  });

  test("by default it draws the size the search chose, with trial-acceptability.csv's probabilities and the ICER marked", async () => {
    const chart = await readFolderChart(c.priced, { kind: 'acceptability' });
    expect(chart.description).toBe('cost-effectiveness acceptability curve at 40 participants');
    const rows = csv(join(c.priced, 'trial-acceptability.csv')).filter((r) => r.n === '40');
    const values = (chart.spec as AnySpec).data.values as AnySpec[];
    expect(values.map((v) => v.probability)).toEqual(rows.map((r) => Number(r.probability_cost_effective)));
    expect(values.map((v) => v.willingness_to_pay)).toEqual(rows.map((r) => Number(r.willingness_to_pay)));
    const icer = (chart.spec as AnySpec).layer.find((l: AnySpec) => l.mark.type === 'rule' && l.encoding.x);
    expect(icer.encoding.x.datum).toBe(PRICED_ICER);
    // Every kind of a comparative folder is valid vega-lite: the default (power curve) and both acceptability forms.
    for (const drawn of [chart, await readFolderChart(c.priced), await readFolderChart(c.priced, { kind: 'acceptability', sizes: [20, 40] })]) expect(schemaErrors(drawn.spec), drawn.description).toEqual([]);
  });

  test('--n draws the sizes asked for, a line each; a size not simulated and an option the kind does not take are refused', async () => {
    const both = await readFolderChart(c.priced, { kind: 'acceptability', sizes: [40, 20] });
    expect(both.description).toBe('cost-effectiveness acceptability curve at 2 sizes (participants)');
    expect((both.spec as AnySpec).layer.find((l: AnySpec) => l.mark.type === 'line').encoding.color.scale.domain).toEqual(['20 participants', '40 participants']);
    await expect(readFolderChart(c.priced, { kind: 'acceptability', sizes: [30] })).rejects.toThrow(/--n 30: no acceptability curve at that size in .*trial-acceptability\.csv; sizes: 20, 40/);
    await expect(readFolderChart(c.priced, { kind: 'power-curve', sizes: [20] })).rejects.toThrow(/--n: not an option of the power-curve chart; it takes no options/);
    await expect(readFolderChart(c.priced, { kind: 'acceptability', measure: 'rg_total' })).rejects.toThrow(/--measure: not an option of the acceptability chart; it takes --n/);
  });

  test('an unpriced folder and a fidelity-groups trial say why they have no acceptability curve; effect-sizes names it', async () => {
    await expect(readFolderChart(c.unpriced, { kind: 'acceptability' })).rejects.toThrow(/--kind acceptability: not a chart of a trial folder \(no trial-acceptability\.csv: the trial was not priced/);
    await expect(readFolderChart(f.trial, { kind: 'acceptability' })).rejects.toThrow(/the acceptability curve compares the costs of two arms/);
    await expect(readFolderChart(c.priced, { kind: 'effect-sizes' })).rejects.toThrow(/holds an individual design.*--kind power-curve.*and its cost-effectiveness with --kind acceptability/);
  });
});
