// buildNetworkGrowthSpec (src/charts/network-growth-spec.ts): ties by kind stack to the network size (checked
// on a real run: family + friend + acquaintance ties = network_size), new and lost ties are lines; one arm
// and group at a time.
import { describe, expect, test } from 'vitest';
import { buildNetworkGrowthSpec, TIE_KIND_MEASURES } from '../../src/charts/network-growth-spec.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { realReplicateTables, TIE_SERIES_ROWS, text, type AnySpec } from './fixtures.js';

describe('buildNetworkGrowthSpec', () => {
  test('the kinds of tie that stack are the ones whose sum is the network size in a real run', () => {
    const r = runScenario(loadScenario('teaching-barriers'), { ticks: 8 });
    const G = r.groups.length;
    const M = r.measures.length;
    const at = (t: number, m: string) => r.arms[0].series[t * G * M + r.measures.indexOf(m)];
    for (const t of [0, 4, 8]) {
      const sum = Object.keys(TIE_KIND_MEASURES).reduce((s, m) => s + at(t, m), 0);
      expect(sum).toBeCloseTo(at(t, 'network_size'), 9);
    }
  });

  test('the top panel stacks family, friend and acquaintance ties; the bottom panel draws new and lost ties as lines', () => {
    const spec = buildNetworkGrowthSpec(TIE_SERIES_ROWS) as AnySpec;
    expect(spec.vconcat).toHaveLength(2);
    const [kinds, flows] = spec.vconcat;
    expect(kinds.mark.type).toBe('area');
    expect(kinds.encoding.y.stack).toBe('zero');
    expect(kinds.encoding.color.scale.domain).toEqual(['family', 'friend', 'acquaintance']);
    const at1 = kinds.data.values.filter((v: AnySpec) => v.tick === 1);
    expect(at1.map((v: AnySpec) => [v.series, v.value, v.rank])).toEqual([
      ['family', 5, 0],
      ['friend', 3, 1],
      ['acquaintance', 5, 2],
    ]);
    expect(flows.mark.type).toBe('line');
    expect(flows.encoding.y.stack).toBeUndefined();
    // Only the flow measures present (outside_services_ties is not in the fixture).
    expect(flows.encoding.color.scale.domain).toEqual(['formed (cumulative)', 'new, alive', 'via the intervention', 'lost (cumulative)']);
    expect(text(spec.title.text)).toBe('Network growth: all service users, arm cpi');
    expect(new Set(kinds.data.values.map((v: AnySpec) => v.tick))).toEqual(new Set([0, 1, 2]));
  });

  test('summary rows are drawn by their mean, for the arm asked for', () => {
    const spec = buildNetworkGrowthSpec(realReplicateTables().summaries, { arm: 'no-barriers' }) as AnySpec;
    const row = realReplicateTables().summaries.find((r) => r.arm === 'no-barriers' && r.tick === 6 && r.group === 'all' && r.measure === 'family_ties')!;
    expect(spec.vconcat[0].data.values.find((v: AnySpec) => v.tick === 6 && v.measure === 'family_ties').value).toBe(row.mean);
    expect(text(spec.title.subtitle)).toMatch(/^Means of replicates/);
  });

  test('an unknown arm or a group without tie measures is refused naming what exists', () => {
    expect(() => buildNetworkGrowthSpec(TIE_SERIES_ROWS, { arm: 'x' })).toThrow(/unknown arm "x"; arms in the data: cpi, usual-care/);
    expect(() => buildNetworkGrowthSpec(TIE_SERIES_ROWS, { group: 'agency-01' })).toThrow(/no tie measures .* in group "agency-01"; groups with them: all/);
  });

  test('the spec of the fixed fixture is as recorded', async () => {
    await expect(JSON.stringify(buildNetworkGrowthSpec(TIE_SERIES_ROWS), null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/network-growth.vl.json');
  });
});
