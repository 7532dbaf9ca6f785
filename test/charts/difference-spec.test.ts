// buildDifferenceSpec (src/charts/difference-spec.ts): one line and interval band per pair of arms over the
// weeks, in neutral ink (a difference is not an arm), one panel per pair on a shared axis, a dashed zero
// rule that vega draws inside the plot and never on its edge, only the chosen measure and group; --arm
// keeps the pairs with that arm.
import { describe, expect, test } from 'vitest';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { buildDifferenceSpec } from '../../src/charts/difference-spec.js';
import { ARM_PALETTE } from '../../src/charts/arm-colours.js';
import { CHART_THEME } from '../../src/charts/chart-theme.js';
import { compileChart } from '../../src/charts/render-chart.js';
import type { PairedDifferenceRow } from '../../src/analysis/replicates.js';
import { DIFFERENCE_ROWS, layersOf, text, type AnySpec } from './fixtures.js';

/** Where vega puts y = 0, as a share of the plot's height from its bottom edge (0: on the x axis). */
async function zeroHeight(spec: TopLevelSpec): Promise<number> {
  const view = new vega.View(vega.parse(compileChart(spec).vega), { renderer: 'none' });
  try {
    await view.runAsync();
    const y = view.scale('y') as ((v: number) => number) & { range(): number[] };
    const [bottom, top] = y.range();
    return (bottom - y(0)) / (bottom - top);
  } finally {
    view.finalize();
  }
}

/** One pair whose differences are never below zero: the case where a zero line used to sit on the axis. */
const oneSided = (lows: number[]): PairedDifferenceRow[] =>
  lows.map((low, tick) => ({ arm_a: 'high', arm_b: 'usual-care', tick, group: 'all', measure: 'new_ties', n: 20, mean_diff: low + 0.1, ci_low: low, ci_high: low + 0.2, cohens_d: 1 }));

describe('buildDifferenceSpec', () => {
  test('several pairs are one panel each on a shared axis, each a line with its interval band over a dashed rule at zero', () => {
    const spec = buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total' }) as AnySpec;
    expect(spec.facet.row.field).toBe('pair');
    expect(spec.facet.row.sort).toEqual(['high − low', 'high − usual-care', 'low − usual-care']);
    const layers = layersOf(spec.spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'area', 'line', 'rule']);
    expect(layers[0].encoding.y.datum).toBe(0);
    expect([layers[1].encoding.y.field, layers[1].encoding.y2.field]).toEqual(['ci_low', 'ci_high']);
    expect(spec.data.values.find((v: AnySpec) => v.pair === 'high − usual-care' && v.tick === 1)).toEqual({
      pair: 'high − usual-care',
      tick: 1,
      n: 10,
      mean_diff: 1.5,
      ci_low: 1,
      ci_high: 2,
      cohens_d: null,
    });
    expect(text(layers[2].encoding.y.title)).toBe('Difference (items)');
    expect(text(spec.title.text)).toBe('Difference between arms in access to social capital (RG total): all service users');
    expect(text(spec.title.subtitle)).toContain('over 10 replicates');
    // One pair is a single chart whose axis names the measure.
    const one = buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total', arms: ['high'] }) as AnySpec;
    expect(one.facet.row.sort).toEqual(['high − low', 'high − usual-care']);
    const single = buildDifferenceSpec(DIFFERENCE_ROWS.slice(0, 2), { measure: 'rg_total' }) as AnySpec;
    expect(single.facet).toBeUndefined();
    expect(text(layersOf(single)[2].encoding.y.title)).toBe('Difference in access to social capital (RG total, items)');
  });

  test('a difference is drawn in neutral ink and grey, never in an arm colour', () => {
    for (const spec of [buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total' }) as AnySpec, buildDifferenceSpec(DIFFERENCE_ROWS.slice(0, 2), { measure: 'rg_total' }) as AnySpec]) {
      const layers = layersOf(spec.spec ?? spec);
      expect(layers.every((l) => l.encoding.color === undefined)).toBe(true);
      const colours = (spec.spec ?? spec).layer.map((l: AnySpec) => l.mark.color);
      expect(colours).toEqual([CHART_THEME.ruleColor, CHART_THEME.neutral.band, CHART_THEME.neutral.ink, CHART_THEME.ruleColor]);
      for (const c of colours) expect(ARM_PALETTE.map((a) => a.toLowerCase())).not.toContain(c.toLowerCase());
    }
  });

  test('the zero rule lies inside the plot, clear of the axis, when every difference is above zero, below it or zero', async () => {
    const cases = {
      above: oneSided([0, 0.3, 0.8, 1.2]),
      below: oneSided([0, 0.3, 0.8, 1.2]).map((r) => ({ ...r, mean_diff: -r.mean_diff, ci_low: -r.ci_high, ci_high: -r.ci_low })),
      zero: oneSided([0, 0, 0]).map((r) => ({ ...r, mean_diff: 0, ci_low: 0, ci_high: 0 })),
    };
    for (const [name, rows] of Object.entries(cases)) {
      const at = await zeroHeight(buildDifferenceSpec(rows, { measure: 'new_ties' }));
      expect(at, name).toBeGreaterThanOrEqual(0.05);
      expect(at, name).toBeLessThanOrEqual(0.95);
    }
    // And in the panels of several pairs, which share one axis.
    const panels = await zeroHeight(buildDifferenceSpec([...cases.above, ...cases.above.map((r) => ({ ...r, arm_a: 'low' }))], { measure: 'new_ties' }));
    expect(panels).toBeGreaterThanOrEqual(0.05);
  });

  test('--arm keeps only the pairs with that arm, and an unknown arm or measure is refused', () => {
    const spec = buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total', arms: ['low'] }) as AnySpec;
    expect(new Set(spec.data.values.map((v: AnySpec) => v.pair))).toEqual(new Set(['high − low', 'low − usual-care']));
    expect(() => buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total', arms: ['x'] })).toThrow(/unknown arm "x"; arms in the differences: high, low, usual-care/);
    expect(() => buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'wellbeing' })).toThrow(/measures with differences there: rg_total/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total' }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/difference.vl.json');
  });
});
