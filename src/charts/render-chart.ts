// A vega-lite spec to a file: SVG (vega-lite compile → vega parse → headless View#toSVG, vega's documented
// pipeline), PNG (resvg with the DejaVu TTFs of npm dejavu-fonts-ttf, so text never silently vanishes), a
// self-contained HTML page (vega, vega-lite and vega-embed inlined from node_modules: no CDN, no network)
// or the spec as JSON. Part of charts/; Node only (it reads node_modules), kept out of the builders.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT } from './chart-theme.js';
import { parseFontMetrics } from './font-metrics.js';

export const CHART_FORMATS = ['svg', 'png', 'html', 'json'] as const;
export type ChartFormat = (typeof CHART_FORMATS)[number];

export interface RenderChartOptions {
  /** PNG pixels per SVG pixel (default 2, for sharp text on screens and in documents). */
  readonly scale?: number;
  /** The HTML page's title (default: the chart's title). */
  readonly pageTitle?: string;
}

const require = createRequire(import.meta.url);

/** The DejaVu Sans faces a chart can ask for: regular, bold (titles), oblique and bold oblique. */
const FONT_FACES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

/** Paths of the DejaVu TTF files in node_modules; a missing package is an installation problem, said so. */
export function chartFontFiles(): string[] {
  return FONT_FACES.map((face) => {
    try {
      return require.resolve(`dejavu-fonts-ttf/ttf/${face}`);
    } catch {
      throw new Error(`the font ${face} of the npm package dejavu-fonts-ttf is missing; run \`npm install\` in the cpi-sim folder (PNG charts need it to draw text)`);
    }
  });
}

/** A vega-lite spec compiled to a vega spec; vega-lite's warnings are collected, not printed. */
export function compileChart(spec: TopLevelSpec): { vega: ReturnType<typeof compile>['spec']; warnings: string[] } {
  const warnings: string[] = [];
  const logger = {
    level(): number {
      return 0;
    },
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return { vega: compile(spec, { logger: logger as never }).spec, warnings };
}

interface TextItem {
  readonly fontSize?: number | string;
  readonly fontWeight?: string | number;
}

let measuring = false;

/**
 * Give vega the real advance widths of the DejaVu faces that resvg draws with (vega's own fallback without
 * a canvas guesses 0.8 em per character). vega reads text widths through its exported `textMetrics`
 * object, which is meant to be replaced this way (vl-convert does the same); it is a process-wide setting
 * of vega in Node and leaves browsers alone. Truncation to a label limit still goes through vega, which
 * calls this for each candidate.
 */
function useDejaVuMetrics(): void {
  if (measuring) return;
  const [regular, bold] = chartFontFiles();
  const faces = { regular: parseFontMetrics(readFileSync(regular), regular), bold: parseFontMetrics(readFileSync(bold), bold) };
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text?: unknown) => number } }).textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    const w = item.fontWeight;
    const heavy = w === 'bold' || w === 'bolder' || Number(w) >= 600;
    return (heavy ? faces.bold : faces.regular).measure(line, size);
  };
  measuring = true;
}

/** Stage 1–2: vega-lite → vega → SVG text, with no renderer attached (headless). */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  useDejaVuMetrics();
  const view = new vega.View(vega.parse(compileChart(spec).vega), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Stage 3: SVG → PNG with the shipped fonts only, so the picture is the same on every machine. */
function rasterise(svg: string, scale: number): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: chartFontFiles(), loadSystemFonts: false, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
  });
  return resvg.render().asPng();
}

let browserBuilds: { vega: string; vegaLite: string; vegaEmbed: string } | undefined;

/** The minified browser builds of vega, vega-lite and vega-embed, found beside each package's entry point. */
function readBrowserBuilds(): { vega: string; vegaLite: string; vegaEmbed: string } {
  const read = (pkg: string, file: string) => {
    const path = join(dirname(require.resolve(pkg)), file);
    // A source-map comment would make a browser's developer tools ask for a file that is not there.
    return readFileSync(path, 'utf8').replace(/\/\/# sourceMappingURL=\S*\s*$/, '').replace(/<\/script/gi, '<\\/script');
  };
  browserBuilds ??= { vega: read('vega', 'vega.min.js'), vegaLite: read('vega-lite', 'vega-lite.min.js'), vegaEmbed: read('vega-embed', 'vega-embed.min.js') };
  return browserBuilds;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The chart's title text, for the page title. */
function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: string | { text?: string | string[] } }).title;
  const text = typeof t === 'string' ? t : t?.text;
  return Array.isArray(text) ? text.join(' ') : (text ?? 'cpi-sim chart');
}

/** Stage 4: one HTML file that draws the chart with vega-embed and needs nothing else (works offline). */
function buildHtml(spec: TopLevelSpec, pageTitle: string): string {
  const lib = readBrowserBuilds();
  // JSON inside a script element: "<" escaped so no text in the data can close the element.
  const data = JSON.stringify(spec).replace(/</g, '\\u003c');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(pageTitle)}</title>`,
    `<style>body { font-family: "${CHART_FONT}", Verdana, sans-serif; margin: 24px; color: #222; } #chart-error { color: #b00020; }</style>`,
    '</head>',
    '<body>',
    '<div id="chart"></div>',
    '<p id="chart-error" hidden></p>',
    `<script>${lib.vega}</script>`,
    `<script>${lib.vegaLite}</script>`,
    `<script>${lib.vegaEmbed}</script>`,
    `<script type="application/json" id="chart-spec">${data}</script>`,
    '<script>',
    'const spec = JSON.parse(document.getElementById("chart-spec").textContent);',
    'vegaEmbed("#chart", spec, { renderer: "svg", actions: { export: true, source: true, compiled: true, editor: false } }).catch(function (err) {',
    '  const box = document.getElementById("chart-error");',
    '  box.textContent = "The chart could not be drawn: " + err.message;',
    '  box.hidden = false;',
    '});',
    '</script>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export function renderChart(spec: TopLevelSpec, format: 'png', options?: RenderChartOptions): Promise<Uint8Array>;
export function renderChart(spec: TopLevelSpec, format: 'svg' | 'html' | 'json', options?: RenderChartOptions): Promise<string>;
export function renderChart(spec: TopLevelSpec, format: ChartFormat, options?: RenderChartOptions): Promise<string | Uint8Array>;
/** Render a spec as SVG text, PNG bytes, an HTML page or pretty-printed JSON. */
export async function renderChart(spec: TopLevelSpec, format: ChartFormat, options: RenderChartOptions = {}): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return JSON.stringify(spec, null, 2) + '\n';
    case 'svg':
      return renderSvg(spec);
    case 'png': {
      const scale = options.scale ?? 2;
      if (!(scale > 0 && scale <= 16)) throw new RangeError(`PNG scale ${scale} is not allowed; expected a number above 0 and at most 16`);
      return rasterise(await renderSvg(spec), scale);
    }
    case 'html':
      // Compiling first makes a broken spec fail here, not later in the reader's browser.
      compileChart(spec);
      return buildHtml(spec, options.pageTitle ?? titleOf(spec));
  }
}
