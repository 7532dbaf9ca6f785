// renderChartSync: a vega-lite spec to SVG text or PNG bytes, synchronously, from the main entry. It runs
// render-chart-child.js (renderChart in a child Node process) so that vega, which is ESM with top-level await,
// is never loaded here: this works where `cpi-sim/charts` cannot be imported, such as a tslab notebook on
// Node 20. Part of charts/; Node only. Each call starts a process (about half a second): for many charts use
// renderChart from `cpi-sim/charts`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { ChartError } from './chart-error.js';

export interface RenderChartSyncOptions {
  /** PNG pixels per SVG pixel (default 2). */
  readonly scale?: number;
  /** Give up after this many milliseconds (default 60,000). */
  readonly timeoutMs?: number;
}

/**
 * The compiled child script: beside this file in dist/; when this file runs from src/ (the tests, under
 * vitest), the compiled one in dist/, which `npm run build` writes.
 */
export function renderChartChildFile(): string {
  const beside = fileURLToPath(new URL('./render-chart-child.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/charts/render-chart-child.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new ChartError(`the chart renderer ${beside} is missing; run \`npm run build\` in the cpi-sim folder`);
}

export function renderChartSync(spec: TopLevelSpec, format: 'svg', options?: RenderChartSyncOptions): string;
export function renderChartSync(spec: TopLevelSpec, format: 'png', options?: RenderChartSyncOptions): Uint8Array;
/** Render a spec as SVG text or PNG bytes in a child process; a failure throws ChartError with the child's message. */
export function renderChartSync(spec: TopLevelSpec, format: 'svg' | 'png', options: RenderChartSyncOptions = {}): string | Uint8Array {
  if (format !== 'svg' && format !== 'png') throw new ChartError(`renderChartSync: format ${JSON.stringify(format)} is not allowed; expected "svg" or "png"`);
  const input = JSON.stringify({ spec, format, scale: options.scale });
  const timeout = options.timeoutMs ?? 60_000;
  const child = spawnSync(process.execPath, [renderChartChildFile()], { input, timeout, maxBuffer: 256 * 1024 * 1024 });
  if (child.error) {
    const timedOut = (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    throw new ChartError(timedOut ? `renderChartSync: rendering the ${format.toUpperCase()} took longer than ${timeout} ms` : `renderChartSync: the renderer process could not run (${child.error.message})`);
  }
  if (child.status !== 0) {
    const why = child.stderr.toString('utf8').trim() || (child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`);
    throw new ChartError(`renderChartSync: the chart could not be rendered as ${format.toUpperCase()}: ${why}`);
  }
  return format === 'svg' ? child.stdout.toString('utf8') : new Uint8Array(child.stdout.buffer, child.stdout.byteOffset, child.stdout.byteLength);
}
