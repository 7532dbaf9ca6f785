// buildTrajectorySpec (src/charts/trajectory-spec.ts): summary rows give a line per arm with the 50%/90%
// bands or the interval of the mean, series rows a plain line per arm; only the chosen measure and group
// are inlined; arms keep their order and colours; what cannot be drawn is refused naming what can.
import { describe, expect, test } from 'vitest';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { OKABE_ITO } from '../../src/charts/chart-theme.js';
import { layersOf, SERIES_ROWS, SUMMARY_ROWS, text, type AnySpec } from './fixtures.js';

describe('buildTrajectorySpec', () => {
  test('summary rows give the 90% and 50% bands under a mean line per arm, with the data of one measure and group', () => {
    const spec = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'area', 'line', 'rule']);
    expect([layers[0].encoding.y.field, layers[0].encoding.y2.field]).toEqual(['q05', 'q95']);
    expect([layers[1].encoding.y.field, layers[1].encoding.y2.field]).toEqual(['q25', 'q75']);
    expect(layers[2].encoding.y.field).toBe('mean');
    expect(spec.data.values).toHaveLength(6);
    expect(spec.data.values[0]).toEqual({ arm: 'cpi', tick: 0, n: 20, mean: 10, ci_low: 9.75, ci_high: 10.25, q05: 8, q25: 9, q75: 11, q95: 12 });
    expect(spec.data.values.map((v: AnySpec) => `${v.arm}@${v.tick}`)).toEqual(['cpi@0', 'cpi@1', 'cpi@2', 'usual-care@0', 'usual-care@1', 'usual-care@2']);
    expect(text(spec.title.text)).toBe('Access to social capital (RG total): all service users');
    expect(text(spec.title.subtitle)).toMatch(/^Mean of 20 replicates per arm; bands: the middle 50% \(q25–q75\) and 90% \(q05–q95\)/);
    expect(text(layers[2].encoding.y.title)).toBe('Access to social capital (RG total, items)');
    expect(layers[2].encoding.x.title).toBe('Week (tick)');
  });

  test('arms get Okabe–Ito colours in their order, and --arm style selection keeps the order asked for', () => {
    const spec = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['usual-care', 'cpi'] }) as AnySpec;
    const color = layersOf(spec)[2].encoding.color;
    expect(color.scale.domain).toEqual(['usual-care', 'cpi']);
    expect(color.scale.range.slice(0, 2)).toEqual([OKABE_ITO[0], OKABE_ITO[1]]);
    expect(spec.data.values[0].arm).toBe('usual-care');
    const one = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', arms: ['cpi'] }) as AnySpec;
    expect(new Set(one.data.values.map((v: AnySpec) => v.arm))).toEqual(new Set(['cpi']));
  });

  test('the ci band draws the interval of the mean at the level given', () => {
    const spec = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'ci', level: 0.9 }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'line', 'rule']);
    expect([layers[0].encoding.y.field, layers[0].encoding.y2.field]).toEqual(['ci_low', 'ci_high']);
    expect(text(spec.title.subtitle)).toContain('band: 90% confidence interval of the mean');
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
    expect(text(spec.title.subtitle)).toMatch(/^One run, one line per arm\./);
  });

  test('values that never change get a domain around them instead of a zero-width axis', () => {
    const flat = SERIES_ROWS.map((r) => ({ ...r, value: 4 }));
    const y = layersOf(buildTrajectorySpec(flat, { measure: 'rg_total' }))[0].encoding.y;
    expect(y.scale.domain).toEqual([3.6, 4.4]);
    expect(layersOf(buildTrajectorySpec(SERIES_ROWS, { measure: 'rg_total' }))[0].encoding.y.scale.domain).toBeUndefined();
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
