// buildTrajectorySpec (src/charts/trajectory-spec.ts): summary rows give a line per arm with the 50% band
// shaded and the 90% band as dashed edges, or the interval of the mean, and a key that says which; series
// rows a plain line per arm on an axis that does not magnify noise; only the chosen measure and group are
// inlined; an arm's colour is its place in the scenario; what cannot be drawn is refused naming what can.
import { describe, expect, test } from 'vitest';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { ARM_PALETTE } from '../../src/charts/arm-colours.js';
import { CHART_THEME } from '../../src/charts/chart-theme.js';
import { compileChart } from '../../src/charts/render-chart.js';
import { layersOf, SERIES_ROWS, SUMMARY_ROWS, text, type AnySpec } from './fixtures.js';

/** The legends of a spec as vega draws them: title and entries. */
function legendsOf(spec: unknown): Array<{ title: unknown; values?: unknown[]; channels: string[] }> {
  const vega = compileChart(spec as never).vega as AnySpec;
  return (vega.legends ?? []).map((l: AnySpec) => ({
    title: l.title,
    values: l.values,
    channels: ['fill', 'stroke', 'strokeDash', 'strokeWidth', 'opacity'].filter((c) => c in l),
  }));
}

describe('buildTrajectorySpec', () => {
  test('summary rows give the 50% band shaded and the 90% band as dashed edges under a mean line per arm, with the data of one measure and group', () => {
    const spec = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'line', 'line', 'line', 'rule']);
    expect([layers[0].encoding.y.field, layers[0].encoding.y2.field]).toEqual(['q25', 'q75']);
    expect([layers[1].encoding.y.field, layers[2].encoding.y.field]).toEqual(['q05', 'q95']);
    expect(layers[3].encoding.y.field).toBe('mean');
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values[0]).toEqual({ arm: 'cpi', tick: 0, n: 20, mean: 10, ci_low: 9.75, ci_high: 10.25, q05: 8, q25: 9, q75: 11, q95: 12 });
    expect(spec.data.values.map((v: AnySpec) => `${v.arm}@${v.tick}`)).toEqual(['cpi@0', 'cpi@1', 'cpi@2', 'usual-care@0', 'usual-care@1', 'usual-care@2']);
    expect(text(spec.title.text)).toBe('Access to social capital (RG total): all service users');
    expect(text(spec.title.subtitle)).toMatch(/^Mean of 20 replicates per arm; shaded: the middle 50% of replicates \(q25–q75\); dashed: 90% of replicates \(q05–q95\)/);
    expect(text(layers[3].encoding.y.title)).toBe('Access to social capital (RG total, items)');
    expect(layers[3].encoding.x.title).toBe('Week (tick)');
  });

  test('several arms shade one light band each, so that where their bands overlap the colours do not mix to mud', () => {
    const areas = (spec: AnySpec) => spec.layer.filter((l: AnySpec) => l.mark.type === 'area');
    const shaded = areas(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' }));
    expect(shaded).toHaveLength(1);
    expect(shaded[0].mark.opacity).toBeLessThanOrEqual(0.1);
    // Three arms' bands on top of each other still let more than 70% of the white through.
    expect((1 - shaded[0].mark.opacity) ** 3).toBeGreaterThan(0.7);
    // One arm alone may have a stronger band.
    expect(areas(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['cpi'] }))[0].mark.opacity).toBe(CHART_THEME.soloBandOpacity);
  });

  test('the legend has a key that names the line and both bands, apart from the arms', () => {
    const legends = legendsOf(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' }));
    expect(legends.map((l) => l.title)).toEqual(['Arm', 'Lines and bands']);
    // One legend, not three: dash, width and opacity of the same entries are merged.
    expect(legends[1].channels).toEqual(['strokeDash', 'strokeWidth', 'opacity']);
    expect(legends[1].values).toEqual(['line: mean of 20 replicates', 'shaded: middle 50% of replicates', 'dashed: 90% of replicates']);
    const ci = legendsOf(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'ci', level: 0.9 }));
    expect(ci[1].values).toEqual(['line: mean of 20 replicates', 'shaded: 90% interval of the mean']);
    // A single run has nothing to explain beyond its arms.
    expect(legendsOf(buildTrajectorySpec(SERIES_ROWS, { measure: 'rg_total' })).map((l) => l.title)).toEqual(['Arm']);
  });

  test("an arm's colour is its place among the scenario's arms, whichever arms are drawn and in whatever order", () => {
    const scenarioArms = ['cpi', 'usual-care'];
    const both = layersOf(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', scenarioArms }))[3].encoding.color;
    expect(both.scale.domain).toEqual(['cpi', 'usual-care']);
    expect(both.scale.range).toEqual([ARM_PALETTE[0], ARM_PALETTE[1]]);
    const swapped = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['usual-care', 'cpi'], scenarioArms }) as AnySpec;
    const color = layersOf(swapped)[3].encoding.color;
    expect(color.scale.domain).toEqual(['usual-care', 'cpi']);
    expect(color.scale.range).toEqual([ARM_PALETTE[1], ARM_PALETTE[0]]);
    expect(swapped.data.values[0].arm).toBe('usual-care');
    const one = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['usual-care'], scenarioArms }) as AnySpec;
    expect(layersOf(one)[3].encoding.color.scale.range).toEqual([ARM_PALETTE[1]]);
    expect(new Set(one.data.values.map((v: AnySpec) => v.arm))).toEqual(new Set(['usual-care']));
  });

  test('the ci band draws the interval of the mean at the level given', () => {
    const spec = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'ci', level: 0.9 }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'line', 'rule']);
    expect([layers[0].encoding.y.field, layers[0].encoding.y2.field]).toEqual(['ci_low', 'ci_high']);
    expect(text(spec.title.subtitle)).toContain('shaded: 90% confidence interval of the mean');
    expect(layersOf(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'none' })).map((l) => l.mark)).toEqual(['line', 'rule']);
  });

  test('series rows of a single run give one line per arm and no band, a missing value becoming null', () => {
    const spec = buildTrajectorySpec(SERIES_ROWS, { measure: 'rg_total', band: 'quantiles' }) as AnySpec;
    expect(layersOf(spec).map((l) => l.mark)).toEqual(['line', 'rule']);
    expect(spec.data.values).toEqual([
      { arm: 'cpi', tick: 0, mean: 10 },
      { arm: 'cpi', tick: 1, mean: 11 },
      { arm: 'usual-care', tick: 0, mean: 10 },
      { arm: 'usual-care', tick: 1, mean: null },
    ]);
    expect(text(spec.title.subtitle)).toMatch(/^One run, one line per arm \(no replicates: the axis is not zoomed in on week-to-week noise\)\./);
  });

  test('values that never change get a domain around them instead of a zero-width axis', () => {
    const flat = SERIES_ROWS.map((r) => ({ ...r, value: 4 }));
    const y = layersOf(buildTrajectorySpec(flat, { measure: 'rg_total' }))[0].encoding.y;
    expect(y.scale.domain).toEqual([3.5, 4.5]);
    const flatSummary = SUMMARY_ROWS.map((r) => ({ ...r, mean: 4, ci_low: 4, ci_high: 4, q05: 4, q25: 4, q75: 4, q95: 4 }));
    expect(layersOf(buildTrajectorySpec(flatSummary, { measure: 'rg_total' }))[0].encoding.y.scale.domain).toEqual([3.6, 4.4]);
  });

  test("a single run's axis spans at least a quarter of its largest value, so a wobble of a few hundredths is not stretched over the plot", () => {
    // rg_total of one run wandering between 12.55 and 13.2 (as pilot-england's): a range of 0.65.
    const wobble = [12.58, 12.6, 12.9, 13.2, 12.55].map((value, tick) => ({ arm: 'cpi', tick, group: 'all', measure: 'rg_total', value }));
    const y = layersOf(buildTrajectorySpec(wobble, { measure: 'rg_total' }))[0].encoding.y;
    const [lo, hi] = y.scale.domain;
    expect(hi - lo).toBeCloseTo(0.25 * 13.2, 9);
    // Centred on the values: they sit in the middle third of the plot, not from edge to edge.
    expect((12.55 - lo) / (hi - lo)).toBeGreaterThan(0.3);
    expect((hi - 13.2) / (hi - lo)).toBeGreaterThan(0.3);
    // A count that stays at zero is not drawn below it, and a run that varies widely keeps vega's own axis.
    const none = [0, 0, 0].map((value, tick) => ({ arm: 'usual-care', tick, group: 'all', measure: 'new_ties', value }));
    expect(layersOf(buildTrajectorySpec(none, { measure: 'new_ties' }))[0].encoding.y.scale.domain).toEqual([0, 1]);
    const wide = [2, 6, 10].map((value, tick) => ({ arm: 'cpi', tick, group: 'all', measure: 'rg_total', value }));
    expect(layersOf(buildTrajectorySpec(wide, { measure: 'rg_total' }))[0].encoding.y.scale.domain).toBeUndefined();
  });

  test('an unknown measure, a measure without values in the group and an unknown arm are refused naming what exists', () => {
    expect(() => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'nope' })).toThrow(ChartError);
    expect(() => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'nope' })).toThrow(/measures with values there: rg_total, wellbeing/);
    expect(() => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'engaged' })).toThrow(/has no values in group "all"; groups with values: fidelity-high/);
    expect(() => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['cpi', 'other'] })).toThrow(/unknown arm "other"; arms in the data: cpi, usual-care/);
  });

  test('the specs of the fixed fixtures are as recorded', async () => {
    await expect(JSON.stringify(buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', source: 'Scenario test.' }), null, 2) + '\n').toMatchFileSnapshot(
      './__snapshots__/trajectory-quantiles.vl.json',
    );
    await expect(JSON.stringify(buildTrajectorySpec(SERIES_ROWS, { measure: 'rg_total' }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/trajectory-run.vl.json');
  });
});
