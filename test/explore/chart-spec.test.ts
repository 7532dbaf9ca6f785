// The explorer's chart (src/explore/chart-spec.ts): the rows of a week are the series' values; the spec
// compiles with vega-lite and renders with vega's CSP-safe expression interpreter (as vega-embed's
// `ast: true` runs it in the page), one panel per measure, arm A solid blue and arm B dashed vermillion.
import { describe, expect, test } from 'vitest';
import { compile } from 'vega-lite';
import { parse, View, changeset } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { buildChartRows, buildExplorerChartSpec, CHART_MEASURES, measureDefinition, TABLE_MEASURES } from '../../src/explore/chart-spec.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';
import { ARM_COLOURS } from '../../src/explore/palette.js';

describe('buildChartRows', () => {
  test('takes each charted measure of each arm from a row of the series and leaves out what is not measured', () => {
    const a = Float64Array.from(GROUP_MEASURES, (_, i) => i);
    const b = Float64Array.from(GROUP_MEASURES, (_, i) => 100 + i);
    b[GROUP_MEASURES.indexOf('wellbeing')] = NaN;
    const rows = buildChartRows(7, [
      { arm: 'A', values: a },
      { arm: 'B', values: b },
    ]);
    expect(rows).toHaveLength(CHART_MEASURES.length * 2 - 1);
    const nt = GROUP_MEASURES.indexOf('new_ties');
    // One run: the band is the value itself.
    expect(rows.find((r) => r.arm === 'A' && r.measure === 'new_ties')).toEqual({ tick: 7, arm: 'A', measure: 'new_ties', label: 'New ties since baseline', value: nt, low: nt, high: nt });
    // Several: the mean with its interval.
    const banded = buildChartRows(7, [{ arm: 'A', values: a, low: a.map((x) => x - 1), high: a.map((x) => x + 2) }]);
    expect(banded.find((r) => r.measure === 'new_ties')).toMatchObject({ value: nt, low: nt - 1, high: nt + 2 });
    expect(rows.find((r) => r.arm === 'B' && r.measure === 'rg_total')!.value).toBe(100 + GROUP_MEASURES.indexOf('rg_total'));
    expect(rows.some((r) => r.arm === 'B' && r.measure === 'wellbeing')).toBe(false);
  });

  test('every charted and tabled measure is a series measure with a definition', () => {
    for (const { measure } of TABLE_MEASURES) {
      expect(GROUP_MEASURES).toContain(measure);
      expect(measureDefinition(measure).length).toBeGreaterThan(5);
    }
  });
});

describe('buildExplorerChartSpec', () => {
  const rows = [0, 1, 2, 3].flatMap((tick) =>
    buildChartRows(tick, [
      { arm: 'A', values: Float64Array.from(GROUP_MEASURES, () => tick * 2) },
      { arm: 'B', values: Float64Array.from(GROUP_MEASURES, () => tick) },
    ]),
  );

  async function render(large: boolean): Promise<string> {
    const vg = compile(buildExplorerChartSpec({ ticks: 26, large })).spec;
    const view = new View(parse(vg, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter } as ConstructorParameters<typeof View>[1]);
    await view.runAsync();
    view.change('series', changeset().insert(rows.map((r) => ({ ...r }))));
    await view.resize().runAsync();
    expect(view.data('series')).toHaveLength(rows.length);
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  }

  test('renders with the expression interpreter: a panel per measure, both arms in their colours, B dashed', async () => {
    const svg = await render(false);
    for (const { label } of CHART_MEASURES) expect(svg).toContain(label);
    expect(svg.match(new RegExp(`stroke="${ARM_COLOURS.A}"`, 'g'))!.length).toBeGreaterThanOrEqual(CHART_MEASURES.length);
    expect(svg.match(new RegExp(`stroke="${ARM_COLOURS.B}"`, 'g'))!.length).toBeGreaterThanOrEqual(CHART_MEASURES.length);
    expect(svg).toContain('stroke-dasharray="8,4"');
  });

  test('the x axis spans the whole horizon from week 0; large text gives bigger type and panels', async () => {
    const spec = buildExplorerChartSpec({ ticks: 26 }) as unknown as { concat: Array<{ width: number; encoding: { x: { scale: { domain: number[] } } } }>; columns: number };
    expect(spec.concat).toHaveLength(CHART_MEASURES.length);
    expect(spec.concat[0].encoding.x.scale.domain).toEqual([0, 26]);
    const large = buildExplorerChartSpec({ ticks: 26, large: true }) as unknown as typeof spec & { config: { axis: { labelFontSize: number } } };
    expect(large.concat[0].width).toBeGreaterThan(spec.concat[0].width);
    expect(large.config.axis.labelFontSize).toBeGreaterThan(15);
    const [small, big] = [await render(false), await render(true)];
    const width = (svg: string) => Number(/width="(\d+)"/.exec(svg)![1]);
    expect(width(big)).toBeGreaterThan(width(small));
  });
});
