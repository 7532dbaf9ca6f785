// buildPowerCurveSpec (src/charts/power-curve-spec.ts): power against n, sorted, with its exact interval,
// the target and alpha as labelled reference rules, and the interpolated n marked when there is one.
import { describe, expect, test } from 'vitest';
import { buildPowerCurveSpec } from '../../src/charts/power-curve-spec.js';
import { findSampleSizeForPower } from '../../src/trial/power-curve.js';
import { layersOf, POWER_CURVE, text, type AnySpec } from './fixtures.js';

describe('buildPowerCurveSpec', () => {
  test('points are sorted by n, with the interval band, the 80% and alpha rules and the n for 80% power', () => {
    const spec = buildPowerCurveSpec(POWER_CURVE, { alpha: 0.01 }) as AnySpec;
    expect(spec.data.values.map((v: AnySpec) => [v.n, v.power, v.power_low, v.power_high])).toEqual([
      [60, 0.3, 0.24, 0.37],
      [155, 0.7, 0.63, 0.76],
      [260, 0.9, 0.85, 0.94],
    ]);
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'text', 'rule', 'text', 'area', 'line', 'rule', 'text']);
    expect(layers[0].encoding.y.datum).toBe(0.8);
    expect(layers[1].encoding.text.value).toBe('80% power');
    expect(layers[2].encoding.y.datum).toBe(0.01);
    expect(layers[3].encoding.text.value).toBe('α = 0.01 (power with no effect)');
    expect(layers[6].encoding.x.datum).toBe(208);
    expect(layers[7].encoding.text.value).toBe('n ≈ 208 for 80% power');
    expect(layers[5].encoding.y.scale.domain).toEqual([0, 1]);
    expect(layers[5].encoding.x.title).toBe('Participants referred (n)');
    expect(text(spec.title.subtitle)).toMatch(/^200 simulated trials per n/);
  });

  test("a trial/power-curve.ts result charts as it is, without the n line when the target is never reached", () => {
    const points = POWER_CURVE.points.slice(0, 2);
    const curve = { ...findSampleSizeForPower(points, 0.8), points };
    expect(curve.interpolatedN).toBeUndefined();
    const marks = layersOf(buildPowerCurveSpec(curve)).map((l) => l.mark);
    expect(marks).toEqual(['rule', 'text', 'rule', 'text', 'area', 'line']);
    expect(() => buildPowerCurveSpec({ points: [] })).toThrow(/no points/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildPowerCurveSpec(POWER_CURVE), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/power-curve.vl.json');
  });
});
