// `cpi-sim analyze sensitivity <sweep-dir>`: Morris (μ*, σ) or Sobol (first- and total-order) indices of a
// finished sweep's measures, with bootstrap intervals, from its sweep.json (the design) and results.csv.
// Part of cli/: it reads the folder, calls analysis/sweep-sensitivity.ts, writes a tidy CSV (full precision)
// and prints the ranked summary of analysis/sensitivity-summary.ts (warning when the design cannot rank).
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import type { Design } from '../sweep/designs.js';
import { analyzeSweepSensitivity, type SensitivityRow, type SweepOutput } from '../analysis/sweep-sensitivity.js';
import { summarizeSensitivity } from '../analysis/sensitivity-summary.js';
import { csvLine } from '../output/csv.js';
import { formatNumber } from '../output/format-number.js';
import { checkOutputFile, writeFileAtomically } from '../output/write-folder.js';
import { CliUsageError, type CliIO } from './cli-io.js';

export interface AnalyzeArgs {
  readonly dir: string;
  readonly measures?: readonly string[];
  readonly arms?: readonly string[];
  readonly group?: string;
  readonly bootstrap?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
}

interface SweepDocument {
  readonly design: Omit<Design, 'points'> & { kind: Design['kind'] };
  readonly design_points: ReadonlyArray<{ point: number; unit: number[]; label: unknown }>;
  readonly resolved: { readonly measures: readonly string[]; readonly arms: readonly string[]; readonly groups: readonly string[] };
}

const list = (xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

/** Read a sweep folder's design back from sweep.json (the analysis needs labels and meta, not values). */
export function readSweepDesign(dir: string): { doc: SweepDocument; design: Design } {
  const file = join(dir, 'sweep.json');
  if (!existsSync(file)) throw new CliUsageError(`${dir}: not a sweep results folder (no sweep.json); run \`cpi-sim sweep\` first`);
  let doc: SweepDocument;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as SweepDocument;
  } catch (err) {
    throw new CliUsageError(`${file}: not valid JSON (${(err as Error).message}); the folder may be corrupt`);
  }
  if (!doc.design || !Array.isArray(doc.design_points)) throw new CliUsageError(`${file}: no design or design_points; the folder may be corrupt`);
  const design = { ...doc.design, points: doc.design_points.map((p) => ({ index: p.point, unit: p.unit, values: [], label: p.label })) } as unknown as Design;
  return { doc, design };
}

export async function analyzeSensitivityCommand(args: AnalyzeArgs, io: CliIO): Promise<number> {
  const dir = resolve(io.cwd, args.dir);
  const { doc, design } = readSweepDesign(dir);
  if (design.kind !== 'morris' && design.kind !== 'sobol')
    throw new CliUsageError(`${dir}: sensitivity indices need a Morris or Sobol design; this sweep's design is "${design.kind}"`);
  const results = join(dir, 'results.csv');
  if (!existsSync(results)) throw new CliUsageError(`${dir}: no results.csv; the sweep has not finished (rerun the same \`cpi-sim sweep\` command to complete it)`);
  const measures = list(args.measures);
  const arms = list(args.arms);
  for (const m of measures) if (!doc.resolved.measures.includes(m)) throw new CliUsageError(`--measures: "${m}" is not among the sweep's measures; allowed: ${doc.resolved.measures.join(', ')}`);
  for (const a of arms) if (!doc.resolved.arms.includes(a)) throw new CliUsageError(`--arms: "${a}" is not among the sweep's arms; allowed: ${doc.resolved.arms.join(', ')}`);
  const group = args.group ?? 'all';
  if (!doc.resolved.groups.includes(group)) throw new CliUsageError(`--group: "${group}" is not among the sweep's groups; allowed: ${doc.resolved.groups.join(', ')}`);
  const bootstrap = args.bootstrap === undefined ? 1000 : Number(args.bootstrap);
  if (!Number.isInteger(bootstrap) || bootstrap < 0) throw new CliUsageError(`--bootstrap ${args.bootstrap}: expected a whole number of at least 0`);
  const out = resolve(io.cwd, args.out ?? join(dir, 'sensitivity.csv'));
  // The default file is derived from the folder, so it is simply rewritten; an --out file needs --force.
  checkOutputFile(out, { force: args.force || args.out === undefined });

  // 1. The final tick's values of the chosen group, arms and measures (results.csv streams past once).
  const outputs: SweepOutput[] = [];
  let header: string[] | undefined;
  let lastTick = -1;
  const rows: string[][] = [];
  for await (const line of createInterface({ input: createReadStream(results, 'utf8'), crlfDelay: Infinity })) {
    if (!line) continue;
    const f = line.split(',');
    if (!header) {
      header = f;
      if (header.join(',') !== 'run_id,point,replicate,arm,seed,tick,group,measure,value') throw new CliUsageError(`${results}: unexpected header ${line}`);
      continue;
    }
    if (f[6] !== group || (measures.length && !measures.includes(f[7])) || (arms.length && !arms.includes(f[3]))) continue;
    const tick = Number(f[5]);
    if (tick > lastTick) {
      lastTick = tick;
      rows.length = 0;
    }
    if (tick === lastTick) rows.push(f);
  }
  for (const f of rows) outputs.push({ point: Number(f[1]), replicate: Number(f[2]), arm: f[3], measure: f[7], value: f[8] === '' ? NaN : Number(f[8]) });
  if (outputs.length === 0) throw new CliUsageError(`${results}: no rows for group "${group}"${measures.length ? ` and measures ${measures.join(', ')}` : ''}`);

  // 2. Indices, written as a tidy table.
  const table: SensitivityRow[] = analyzeSweepSensitivity(design, outputs, { bootstrap });
  const text = [
    csvLine(['arm', 'measure', 'method', 'factor', 'index', 'estimate', 'lower', 'upper']),
    ...table.map((r) => csvLine([r.arm, r.measure, r.method, r.factor, r.index, formatNumber(r.estimate), formatNumber(r.lower), formatNumber(r.upper)])),
  ].join('');
  writeFileAtomically(out, text, { force: true });

  // 3. The factors ranked per arm and measure, rounded; the warning goes to stderr even with --quiet.
  const summary = summarizeSensitivity(table, {
    tick: lastTick,
    group,
    designSize: design.kind === 'morris' ? design.trajectories : design.baseSamples,
    bootstrap,
  });
  if (!args.quiet) io.stdout([...summary.lines, '', `Wrote ${out} (${table.length} rows, full precision)`].join('\n') + '\n');
  if (summary.warning) io.stderr(`${summary.warning}\n`);
  return 0;
}
