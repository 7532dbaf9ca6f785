// The child process behind renderChartSync (src/charts/render-chart-sync.ts): reads `{spec, format, scale}`
// as JSON on stdin, renders it with renderChart (vega-lite → vega → SVG, resvg → PNG) and writes the SVG text
// or the PNG bytes to stdout. It exists because vega is ESM with top-level await and cannot be loaded where
// modules are required synchronously (a TypeScript notebook kernel on Node 20). Node only; not exported.
import { compileChart, renderChart } from './render-chart.js';

interface ChildRequest {
  readonly spec: unknown;
  readonly format: unknown;
  readonly scale?: unknown;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Stages: (1) read and check the request, (2) compile with vega-lite, (3) render with vega (and resvg),
 * (4) write the bytes. A failure goes to stderr, naming the stage, and the exit code is 1.
 */
async function main(): Promise<void> {
  let request: ChildRequest;
  try {
    request = JSON.parse(await readStdin()) as ChildRequest;
  } catch (err) {
    throw new Error(`the request on stdin is not JSON (${(err as Error).message})`);
  }
  if (request === null || typeof request !== 'object' || request.spec === null || typeof request.spec !== 'object') {
    throw new Error('the request must be a JSON object with a vega-lite spec object in "spec"');
  }
  const { format, scale } = request;
  if (format !== 'svg' && format !== 'png') throw new Error(`format ${JSON.stringify(format)} is not allowed; expected "svg" or "png"`);
  if (scale !== undefined && typeof scale !== 'number') throw new Error(`scale ${JSON.stringify(scale)} is not a number`);
  const spec = request.spec as Parameters<typeof renderChart>[0];
  try {
    compileChart(spec);
  } catch (err) {
    throw new Error(`vega-lite could not compile the spec: ${(err as Error).message}`);
  }
  let out: string | Uint8Array;
  try {
    out = format === 'png' ? await renderChart(spec, 'png', { scale }) : await renderChart(spec, 'svg');
  } catch (err) {
    // A bad scale is the caller's mistake, said as renderChart says it; anything else is vega's or resvg's.
    if (err instanceof RangeError) throw err;
    throw new Error(`vega could not draw the compiled spec: ${(err as Error).message}`);
  }
  await new Promise<void>((done, fail) => process.stdout.write(out, (err) => (err ? fail(err) : done())));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
