// buildAcceptabilitySpec (src/charts/acceptability-spec.ts): the probability CPI is cost-effective against
// willingness to pay, λ sorted, one neutral line with the 50% rule and the ICER marked for one size; a grey and a
// shape per size for several, with a legend named for what the sizes count; axes in the folder's currency and
// the primary outcome's points; and refusals of nothing to draw or more sizes than a chart tells apart.
import { describe, expect, test } from 'vitest';
import { buildAcceptabilitySpec, MAX_ACCEPTABILITY_CURVES } from '../../src/charts/acceptability-spec.js';
import { NEUTRAL_COLOURS } from '../../src/charts/arm-colours.js';
import { ACCEPTABILITY_CURVES, layersOf, text, type AnySpec } from './fixtures.js';

describe('buildAcceptabilitySpec', () => {
  test('one size: λ sorted, probability on 0–1, the 50% rule, the ICER marked, axes in the currency and the outcome', () => {
    const curve = { ...ACCEPTABILITY_CURVES[1], points: [...ACCEPTABILITY_CURVES[1].points].reverse() };
    const spec = buildAcceptabilitySpec([curve], { currency: 'GBP', measure: 'rg_total', icer: 2000, replicates: 400, priceYear: 2023, source: 'Virtual trial x' }) as AnySpec;
    expect(spec.data.values.map((v: AnySpec) => v.willingness_to_pay)).toEqual([0, 600, 1200, 1800, 2400, 3000, 3600, 4200, 4800, 5400, 6000]);
    expect(spec.data.values.map((v: AnySpec) => v.probability)).toEqual(ACCEPTABILITY_CURVES[1].points.map((p) => p.probability));
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'text', 'rule', 'text', 'line', 'point']);
    expect(layers[0].encoding.y.datum).toBe(0.5);
    expect(layers[2].encoding.x.datum).toBe(2000);
    expect(layers[3].encoding.text.value).toBe('ICER £2,000');
    const line = layers[4];
    expect(line.encoding.y.scale.domain).toEqual([0, 1]);
    expect(line.encoding.y.title).toBe('Probability CPI is cost-effective');
    expect(line.encoding.x.title).toBe('Willingness to pay (GBP per point of rg_total)');
    expect(line.encoding.x.scale.domain).toEqual([0, 6000]);
    expect(line.encoding.color).toBeUndefined();
    expect((spec.layer[4].mark as AnySpec).color).toBe(NEUTRAL_COLOURS.ink);
    const subtitle = text(spec.title.subtitle);
    expect(subtitle).toMatch(/^400 simulated trials of 155 participants; probability: the share of simulated trials whose net benefit λ·ΔE − ΔC is above 0\./);
    expect(subtitle).toContain('(GBP, 2023 prices)');
    expect(subtitle).toContain('Virtual trial x');
  });

  test('several sizes: a grey and a shape each, ordered by size, with the legend named for what they count and no ICER', () => {
    const spec = buildAcceptabilitySpec([...ACCEPTABILITY_CURVES].reverse(), { sizeTitle: 'Teams randomised', icer: 2000, currency: 'EUR', measure: 'wellbeing' }) as AnySpec;
    const layers = layersOf(spec);
    expect(layers.map((l) => l.mark)).toEqual(['rule', 'text', 'line', 'point', 'point']);
    const color = layers[2].encoding.color;
    expect(color.field).toBe('size');
    expect(color.title).toBe('Teams randomised');
    expect(color.scale.domain).toEqual(['60 participants', '155 participants']);
    expect(layers[3].encoding.shape.scale.range).toEqual(['circle', 'square']);
    expect(layers[2].encoding.x.title).toBe('Willingness to pay (EUR per point of wellbeing)');
    expect(spec.data.values).toHaveLength(22);
    expect(text(spec.title.subtitle)).toContain('(EUR)');
  });

  test('an ICER outside the λ drawn, or not finite, is not marked; small λ keep their decimals on the axis', () => {
    const small = [{ n: 10, points: [0, 0.5, 1, 1.5].map((w, i) => ({ willingnessToPay: w, probability: i / 4 })) }];
    for (const icer of [9, Number.NaN, -3]) expect(layersOf(buildAcceptabilitySpec(small, { icer })).map((l) => l.mark)).toEqual(['rule', 'text', 'line', 'point']);
    expect(layersOf(buildAcceptabilitySpec(small))[2].encoding.x.axis.format).toBe('.3~g');
  });

  test('nothing to draw, or more sizes than a chart tells apart, is refused', () => {
    expect(() => buildAcceptabilitySpec([])).toThrow(/no points to draw/);
    expect(() => buildAcceptabilitySpec([{ n: 1, points: [] }])).toThrow(/no points to draw/);
    const many = Array.from({ length: MAX_ACCEPTABILITY_CURVES + 1 }, (_, i) => ({ n: i + 1, points: [{ willingnessToPay: 0, probability: 0 }] }));
    expect(() => buildAcceptabilitySpec(many)).toThrow(/9 sizes are more than one chart can tell apart \(at most 8\)/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildAcceptabilitySpec(ACCEPTABILITY_CURVES.slice(1), { icer: 2000, replicates: 200 }), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/acceptability.vl.json');
  });
});
