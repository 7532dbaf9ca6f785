// `cpi-sim chart <results-dir>`: one chart of a results folder (a run, a replicates run, a sweep or a
// virtual trial) as SVG, PNG, a self-contained HTML page or the vega-lite spec as JSON. Part of cli/: it
// parses, calls the library (charts/folder-chart.ts, charts/render-chart.ts) and writes the file at once
// (temp file, then rename); nothing is written when the folder, the options or the output place are wrong.
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { FOLDER_MARKERS } from '../charts/results-folder.js';
import { verifyResultsFolder } from '../output/verify-folder.js';
import { ChartError } from '../charts/chart-error.js';
import { CHART_KINDS, readFolderChart, type FolderChart } from '../charts/folder-chart.js';
import type { ChartFormat } from '../charts/render-chart.js';
import { checkOutputFile, writeFileAtomically } from '../output/write-folder.js';
import { CliUsageError, type CliIO } from './cli-io.js';

export interface ChartArgs {
  readonly dir: string;
  readonly kind?: string;
  readonly measure?: string;
  readonly group?: string;
  /** Arm names, each possibly comma-separated. */
  readonly arm?: readonly string[];
  readonly band?: string;
  /** A grid sweep's factor paths, each possibly comma-separated: the x axis, then the lines. */
  readonly factor?: readonly string[];
  /** A comparative trial's sizes (acceptability), each possibly comma-separated. */
  readonly n?: readonly string[];
  readonly format?: string;
  readonly out: string;
  readonly force?: boolean;
  /** Read a folder that does not match its manifest, with a warning. */
  readonly trust?: boolean;
}

const FORMATS: readonly ChartFormat[] = ['svg', 'png', 'html', 'json'];
const EXTENSIONS: Readonly<Record<string, ChartFormat>> = { '.svg': 'svg', '.png': 'png', '.html': 'html', '.htm': 'html', '.json': 'json' };

export const CHART_EPILOGUE = `Kinds of chart (--kind), the folder's default first:
  run folder                  trajectory, network-growth
  replicates (--replicates)   trajectory (--band quantiles, ci or none), difference, network-growth
  grid sweep                  factor-lines: the measure against the first factor, a line per level
                              of the second, the middle 50% of replicates shaded, a panel per arm;
                              heatmap: a cell per pair of levels coloured by the mean (two or more
                              factors; --factor X,Y picks them: X across, Y down / the lines)
                              e.g. cpi-sim chart results/ft --kind heatmap --out ft-heat.png
  sweep of barrier factors    tornado (several factors) or dose-response (one), then the other
                              (and the grid charts, for a grid)
  analysed sweep              sensitivity (Morris μ*–σ or Sobol' indices), then the barrier charts
  trial folder                power-curve (trial --n), effect-sizes (--measure partial_eta_squared,
                              p, effect or cohens_d)
  comparative trial folder    power-curve (trial --n or --target-power), acceptability (the
                              probability CPI is cost-effective by willingness to pay, when the trial
                              was priced; --n picks sizes, default the size a search chose)
--measure defaults to rg_total, --group to all; an unknown one is refused with the list the folder
has. Each arm keeps one colour in every chart (its place among the scenario's arms, as in the
explorer); differences between arms are drawn in grey. The format follows the --out extension (.svg, .png, .html, .json) unless --format is given.
PNGs draw text with the DejaVu Sans fonts of the package; HTML pages inline vega, vega-lite and
vega-embed and work offline. The file is written at once; an existing one needs --force.`;

/** The output format: --format, else the --out file's extension; the two must agree when both are given. */
function chooseFormat(format: string | undefined, out: string): ChartFormat {
  const byExtension = EXTENSIONS[extname(out).toLowerCase()];
  if (format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    if (byExtension && byExtension !== format) throw new CliUsageError(`--format ${format} does not match --out ${out}, which names a ${extname(out)} file; change one of them`);
    return format as ChartFormat;
  }
  if (!byExtension)
    throw new CliUsageError(`--out ${out}: the format cannot be told from the extension; name the file .svg, .png, .html or .json, or give --format ${FORMATS.join('|')}`);
  return byExtension;
}

export async function chartCommand(args: ChartArgs, io: CliIO): Promise<number> {
  // 1. Options and the output place (checked before anything is read).
  const out = resolve(io.cwd, args.out);
  const format = chooseFormat(args.format, args.out);
  if (args.kind !== undefined && !(CHART_KINDS as readonly string[]).includes(args.kind))
    throw new CliUsageError(`--kind ${args.kind}: no such kind of chart; kinds: ${CHART_KINDS.join(', ')}`);
  const arms = args.arm?.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const sizes = args.n?.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  const bad = sizes?.find((x) => !/^\d+$/.test(x));
  if (bad !== undefined) throw new CliUsageError(`--n ${bad}: expected whole numbers (sizes of the trial), e.g. --n 108 or --n 80,120`);
  checkOutputFile(out, { force: args.force });
  const dir = resolve(io.cwd, args.dir);

  // 2. The chart (a ChartError names the folder or file and what is allowed).
  let chart: FolderChart;
  let content: string | Uint8Array;
  // What is drawn must be what cpi-sim wrote (sizes, SHA-256s, rows); --trust reads it anyway, with a warning.
  // (A folder with neither a manifest nor any results file is not a results folder: the chart library says so.)
  const looksLikeResults = (d: string) => ['manifest.json', ...Object.values(FOLDER_MARKERS)].some((f) => existsSync(join(d, f)));
  if (existsSync(dir) && statSync(dir).isDirectory() && looksLikeResults(dir)) verifyResultsFolder(dir, { skip: ['results.arrow'], trust: args.trust, warn: (m) => io.stderr(`${m}\n`) });
  try {
    const factors = args.factor?.flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
    chart = await readFolderChart(dir, {
      kind: args.kind,
      measure: args.measure,
      group: args.group,
      arms: arms?.length ? arms : undefined,
      band: args.band,
      factors: factors?.length ? factors : undefined,
      sizes: sizes?.length ? sizes.map(Number) : undefined,
    });
    // Loaded here, not at start-up: vega, vega-lite and resvg are for this command only.
    const { renderChart } = await import('../charts/render-chart.js');
    content = await renderChart(chart.spec, format);
  } catch (err) {
    if (err instanceof ChartError) throw new CliUsageError(err.message);
    throw err;
  }

  // 3. Write at once, then say what was drawn.
  writeFileAtomically(out, content, { force: args.force });
  io.stdout(`Wrote ${out}: ${chart.kind} chart of ${dir} (${chart.description})\n`);
  return 0;
}
