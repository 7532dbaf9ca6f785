// parseFontMetrics (src/charts/font-metrics.ts): the advance widths read from DejaVu Sans agree with the
// width resvg draws the same text at (its ink box; side bearings and kerning make up the last pixels), where
// vega's no-canvas guess of 0.8 em per character is far off.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { parseFontMetrics } from '../../src/charts/font-metrics.js';
import { chartFontFiles } from '../../src/charts/render-chart.js';

const [regular, bold] = chartFontFiles();
const faces = { normal: parseFontMetrics(readFileSync(regular), regular), bold: parseFontMetrics(readFileSync(bold), bold) };

/** Ink width of a text as resvg draws it with the DejaVu files. */
function drawnWidth(text: string, weight: 'normal' | 'bold', size: number): number {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="60"><text x="10" y="40" font-family="DejaVu Sans" font-size="${size}" font-weight="${weight}">${text}</text></svg>`;
  const box = new Resvg(svg, { font: { fontFiles: [regular, bold], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).getBBox();
  if (!box) throw new Error('nothing drawn');
  return box.width;
}

describe('parseFontMetrics', () => {
  test('reads the em size and a glyph advance of DejaVu Sans', () => {
    expect(faces.normal.unitsPerEm).toBe(2048);
    expect(faces.normal.advance('M'.codePointAt(0)!)).toBe(1767);
    // A character the font lacks measures as .notdef, not as nothing.
    expect(faces.normal.advance(0x10fffd)).toBeGreaterThan(0);
  });

  test.each([
    ['Week (tick)', 'normal', 12],
    ['Access to social capital (RG total, items)', 'normal', 12],
    ['μ* σ α η² − → ≈', 'normal', 11],
    ['Barrier effects on access to social capital', 'bold', 15],
  ] as const)('"%s" (%s, %ipx) measures within 3 px (or 1.5%) of the width resvg draws', (text, weight, size) => {
    const measured = faces[weight].measure(text, size);
    const drawn = drawnWidth(text, weight, size);
    expect(Math.abs(measured - drawn)).toBeLessThan(Math.max(3, 0.015 * drawn));
    // vega's guess without a canvas is far wider than the text.
    expect(0.8 * text.length * size - drawn).toBeGreaterThan(0.25 * drawn);
  });
});
