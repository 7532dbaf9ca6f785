// buildBarrierEffectSpec (src/charts/barrier-effect-spec.ts): the tornado puts the largest change on top
// with interval rules and one bar per arm; dose-response draws one factor on its own axis with its unit,
// several factors as panels with their own x scales.
import { describe, expect, test } from 'vitest';
import { summarizeBarrierSweep } from '../../src/charts/barrier-effects.js';
import { buildBarrierEffectSpec } from '../../src/charts/barrier-effect-spec.js';
import { BARRIER_INPUT, layersOf, text, type AnySpec } from './fixtures.js';

const oneFactor = { ...BARRIER_INPUT, factors: BARRIER_INPUT.factors.slice(0, 1) };

describe('buildBarrierEffectSpec', () => {
  test('the tornado sorts barriers by their largest change, labels them with their range and draws interval rules', () => {
    const spec = buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total' })) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'bar', 'rule']);
    expect(layers[1].encoding.y.sort).toEqual(['self stigma (user): scale: 0 → 3', 'poor access (user): enabled: off → on']);
    expect(layers[1].encoding.yOffset.field).toBe('arm');
    expect(layers[1].encoding.x.field).toBe('change');
    expect([layers[2].encoding.x.field, layers[2].encoding.x2.field]).toEqual(['ci_low', 'ci_high']);
    expect(layers[2].transform).toEqual([{ filter: 'isValid(datum.ci_low) && isValid(datum.ci_high)' }]);
    expect(spec.data.values).toHaveLength(4);
    expect(text(layers[1].encoding.x.title)).toBe('Change in access to social capital (RG total, items)');
    expect(text(spec.title.text)).toBe('Barrier effects on access to social capital (RG total): all service users');
    const single = layersOf(buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total', arms: ['b'] })));
    expect(single[1].encoding.yOffset).toBeUndefined();
  });

  test('dose-response of one factor puts its level and unit on the x axis', () => {
    const spec = buildBarrierEffectSpec(summarizeBarrierSweep(oneFactor, { kind: 'dose-response', measure: 'wellbeing' })) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['area', 'line', 'point']);
    expect(text(layers[1].encoding.x.title)).toBe('self stigma (user): scale (multiplier)');
    expect(text(layers[1].encoding.y.title)).toBe('Wellbeing (WEMWBS proxy, 14–70)');
    expect(spec.facet).toBeUndefined();
  });

  test('dose-response of several factors is one panel per factor, each with its own x scale', () => {
    const spec = buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'dose-response', measure: 'rg_total' })) as AnySpec;
    expect(spec.facet.field).toBe('panel');
    expect(spec.facet.sort).toEqual(['self stigma (user): scale (multiplier)', 'poor access (user): enabled (0 = off, 1 = on)']);
    expect(spec.resolve).toEqual({ scale: { x: 'independent' } });
    expect(spec.spec.layer).toHaveLength(3);
  });

  test('the specs of the fixed fixture are as recorded', async () => {
    await expect(JSON.stringify(buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total' })), null, 2) + '\n').toMatchFileSnapshot(
      './__snapshots__/tornado.vl.json',
    );
    await expect(JSON.stringify(buildBarrierEffectSpec(summarizeBarrierSweep(oneFactor, { kind: 'dose-response', measure: 'rg_total' })), null, 2) + '\n').toMatchFileSnapshot(
      './__snapshots__/dose-response.vl.json',
    );
  });
});
