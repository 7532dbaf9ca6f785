// renderChart (src/charts/render-chart.ts): SVG with the marks, title and axis titles as text; PNG that is
// a PNG of the SVG's size times the scale, not blank, with its text drawn (the shipped fonts); an HTML page
// that loads nothing from the network and carries the spec (and, where Chromium is installed, draws the
// chart offline); JSON that is the spec.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from 'vega-lite';
import { chartFontFiles, renderChart } from '../../src/charts/render-chart.js';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { summarizeBarrierSweep } from '../../src/charts/barrier-effects.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { buildBarrierEffectSpec } from '../../src/charts/barrier-effect-spec.js';
import { buildSensitivitySpec } from '../../src/charts/sensitivity-spec.js';
import { BARRIER_INPUT, MORRIS_ROWS, SUMMARY_ROWS } from './fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-charts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const trajectory = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' });
const tornado = buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total' }));

/** The texts of an SVG's text elements, lines (tspans) joined by a space, entities decoded. */
const textsOf = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/gs)].map((m) =>
    m[1]
      .split(/<\/tspan>\s*/)
      .map((line) => line.replace(/<[^>]*>/g, ''))
      .filter(Boolean)
      .join(' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  );

const sizeOfSvg = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Width and height from a PNG's IHDR chunk. */
const sizeOfPng = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

/** RGBA pixels of a PNG, decoded by resvg (an SVG holding just the image). */
function pixelsOfPng(png: Uint8Array): Uint8Array {
  const { width, height } = sizeOfPng(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
  return new Resvg(svg).render().pixels;
}

/** RGBA pixels of an SVG drawn by resvg with the chart fonts, at a scale. */
function pixelsOfSvg(svg: string, scale: number): Uint8Array {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().pixels;
}

const nonWhite = (px: Uint8Array) => {
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 245 || px[i + 1] < 245 || px[i + 2] < 245)) n++;
  return n;
};

const differing = (a: Uint8Array, b: Uint8Array) => {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 60) n++;
  return n;
};

describe('renderChart to SVG', () => {
  test('a trajectory has line and area marks, the title, the subtitle, the axis titles and the arms as text', async () => {
    const svg = await renderChart(trajectory, 'svg');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('class="mark-line role-mark');
    // One shaded band (50%) for each of the two arms; the 90% band is their dashed edges.
    expect(svg.match(/class="mark-area role-mark/g)?.length).toBe(2);
    const texts = textsOf(svg);
    expect(texts).toContain('Access to social capital (RG total): all service users');
    expect(texts.some((t) => t.startsWith('Mean of 20 replicates per arm'))).toBe(true);
    expect(texts).toContain('Week (tick)');
    expect(texts).toContain('Access to social capital (RG total, items)');
    expect(texts).toEqual(expect.arrayContaining(['Arm', 'cpi', 'usual-care']));
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  test('a tornado has a bar per barrier and arm with the barrier labels, and the same spec gives the same SVG', async () => {
    const svg = await renderChart(tornado, 'svg');
    expect(svg).toContain('class="mark-rect role-mark');
    const bars = /class="mark-rect role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)![1];
    expect(bars.match(/<path/g)?.length).toBe(4);
    const texts = textsOf(svg);
    expect(texts).toEqual(expect.arrayContaining(['self stigma (user): scale: 0 → 3', 'poor access (user): enabled: off → on']));
    expect(texts).toContain('Change in access to social capital (RG total, items)');
    expect(await renderChart(tornado, 'svg')).toBe(svg);
  });

  test('text is measured with the DejaVu metrics, so a long subtitle does not stretch the picture', async () => {
    // With vega's guess of 0.8 em per character this chart would be about 1,000 px wide.
    const { width } = sizeOfSvg(await renderChart(buildSensitivitySpec(MORRIS_ROWS), 'svg'));
    expect(width).toBeLessThan(860);
    expect(width).toBeGreaterThan(560);
  });
});

describe('renderChart to PNG', () => {
  test('gives a PNG twice the SVG size by default, or at the scale asked for', async () => {
    const svg = await renderChart(trajectory, 'svg');
    const png = await renderChart(trajectory, 'png');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const s = sizeOfSvg(svg);
    expect(sizeOfPng(png)).toEqual({ width: 2 * s.width, height: 2 * s.height });
    expect(sizeOfPng(await renderChart(trajectory, 'png', { scale: 1 }))).toEqual(s);
    await expect(renderChart(trajectory, 'png', { scale: 0 })).rejects.toThrow(RangeError);
  });

  test('the picture is not blank and its text is drawn: it differs from the same chart with every text removed', async () => {
    const svg = await renderChart(tornado, 'svg');
    const png = await renderChart(tornado, 'png', { scale: 1 });
    const pixels = pixelsOfPng(png);
    const { width, height } = sizeOfPng(png);
    expect(pixels.length).toBe(width * height * 4);
    // Bars, rules, axes and text: a few percent of the picture is ink.
    expect(nonWhite(pixels) / (width * height)).toBeGreaterThan(0.03);
    const withoutText = pixelsOfSvg(svg.replace(/<text[^>]*>.*?<\/text>/gs, ''), 1);
    expect(differing(pixels, withoutText)).toBeGreaterThan(1500);
    // And the PNG is the SVG as drawn with the shipped fonts.
    expect(differing(pixels, pixelsOfSvg(svg, 1))).toBe(0);
  });
});

describe('renderChart to HTML and JSON', () => {
  test('the page loads no script, style or image from an address and carries the spec and the three libraries', async () => {
    const html = await renderChart(trajectory, 'html');
    expect(html).not.toMatch(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/sourceMappingURL/);
    const spec = /<script type="application\/json" id="chart-spec">(.*?)<\/script>/s.exec(html)![1];
    expect(JSON.parse(spec)).toEqual(JSON.parse(JSON.stringify(trajectory)));
    expect(html).toContain('<title>Access to social capital (RG total): all service users</title>');
    // vega, vega-lite (its version string) and vega-embed, inlined.
    expect(html).toContain('vegaLite={}');
    expect(html).toContain('"6.4.3"');
    expect(html).toContain('vegaEmbed=');
    expect(html).toContain('editor: false');
  });

  test('text in the spec cannot close the script element it sits in', async () => {
    const sneaky = buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', title: 'a </script><script>alert(1)</script>' });
    const html = await renderChart(sneaky, 'html');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(html).toContain('<title>a &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  test('JSON is the spec, pretty-printed', async () => {
    const json = await renderChart(trajectory, 'json');
    expect(json).toBe(JSON.stringify(trajectory, null, 2) + '\n');
  });

  test('a spec vega-lite cannot compile is refused, not written as a broken page', async () => {
    const broken = { ...trajectory, layer: undefined, mark: 'nonsense' } as unknown as TopLevelSpec;
    await expect(renderChart(broken, 'html')).rejects.toThrow();
    await expect(renderChart(broken, 'svg')).rejects.toThrow();
  });

  // CI installs Debian's chromium and sets CPI_SIM_E2E=1, which makes this test mandatory; a skip says why.
  test.skipIf(!chromiumAvailable())('in Chromium, offline, the page draws the chart and asks for nothing but itself', async () => {
    const file = join(root, 'chart.html');
    writeFileSync(file, await renderChart(trajectory, 'html'));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await page.goto(pathToFileURL(file).href);
      await page.waitForSelector('#chart svg .mark-line path', { timeout: 20_000 });
      const drawn = await page.evaluate(() => ({
        lines: document.querySelectorAll('#chart svg .mark-line path').length,
        title: document.querySelector('#chart svg .role-title-text')?.textContent,
        error: document.getElementById('chart-error')?.hidden,
      }));
      // A mean line and two dashed 90% edges for each of the two arms.
      expect(drawn).toEqual({ lines: 6, title: 'Access to social capital (RG total): all service users', error: true });
      expect(requests).toEqual([pathToFileURL(file).href]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
