// buildDifferenceSpec (src/charts/difference-spec.ts): one line and interval band per pair of arms over
// the weeks, a zero rule, only the chosen measure and group; --arm keeps the pairs with that arm.
import { describe, expect, test } from 'vitest';
import { buildDifferenceSpec } from '../../src/charts/difference-spec.js';
import { DIFFERENCE_ROWS, layersOf, text, type AnySpec } from './fixtures.js';

describe('buildDifferenceSpec', () => {
  test('each pair is a line with its interval band, over a dashed rule at zero', () => {
    const spec = buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total' }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'area', 'line', 'rule']);
    expect(layers[0].encoding.y).toEqual({ datum: 0, type: 'quantitative' });
    expect([layers[1].encoding.y.field, layers[1].encoding.y2.field]).toEqual(['ci_low', 'ci_high']);
    expect(layers[2].encoding.color.scale.domain).toEqual(['high − low', 'high − usual-care', 'low − usual-care']);
    expect(spec.data.values.find((v: AnySpec) => v.pair === 'high − usual-care' && v.tick === 1)).toEqual({
      pair: 'high − usual-care',
      tick: 1,
      n: 10,
      mean_diff: 1.5,
      ci_low: 1,
      ci_high: 2,
      cohens_d: null,
    });
    expect(text(layers[2].encoding.y.title)).toBe('Difference in access to social capital (RG total, items)');
    expect(text(spec.title.subtitle)).toContain('over 10 replicates');
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
