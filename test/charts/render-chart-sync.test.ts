// renderChartSync (src/charts/render-chart-sync.ts): the same SVG as renderChart, drawn in a child process;
// a PNG with its signature and the SVG's size times the scale; a spec vega cannot draw, a bad format and a
// timeout each give a ChartError that says what failed.
import { describe, expect, test } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { renderChart } from '../../src/charts/render-chart.js';
import { renderChartSync } from '../../src/charts/render-chart-sync.js';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { SUMMARY_ROWS } from './fixtures.js';

const trajectory = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', title: 'Access to social capital <in a notebook>' });
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const sizeOfSvg = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

describe('renderChartSync', () => {
  test('returns the SVG that renderChart draws, title text included', async () => {
    const svg = renderChartSync(trajectory, 'svg');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Access to social capital &lt;in a notebook&gt;');
    expect(svg).toBe(await renderChart(trajectory, 'svg'));
  });

  test('returns PNG bytes with the PNG signature, at the SVG size times the scale', () => {
    const { width, height } = sizeOfSvg(renderChartSync(trajectory, 'svg'));
    const png = renderChartSync(trajectory, 'png', { scale: 1.5 });
    expect(png).toBeInstanceOf(Uint8Array);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(view.getUint32(16)).toBe(Math.round(width * 1.5));
    expect(view.getUint32(20)).toBe(Math.round(height * 1.5));
  });

  test('throws a ChartError naming the format, the stage and vega-lite\'s complaint for a spec it cannot compile', () => {
    const bad = { data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a', type: 'quantitative' } } } as unknown as TopLevelSpec;
    expect(() => renderChartSync(bad, 'svg')).toThrow(ChartError);
    expect(() => renderChartSync(bad, 'png')).toThrow(/^renderChartSync: the chart could not be rendered as PNG: vega-lite could not compile the spec: Invalid specification/);
  });

  test('refuses a format other than svg or png, and a bad PNG scale, with the allowed values', () => {
    expect(() => renderChartSync(trajectory, 'html' as 'svg')).toThrow(/format "html" is not allowed; expected "svg" or "png"/);
    expect(() => renderChartSync(trajectory, 'png', { scale: 0 })).toThrow(/PNG scale 0 is not allowed/);
  });

  test('gives up with a ChartError after its timeout', () => {
    expect(() => renderChartSync(trajectory, 'svg', { timeoutMs: 1 })).toThrow(/took longer than 1 ms/);
  });
});
