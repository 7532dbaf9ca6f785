// `cpi-sim analyze sensitivity <sweep-dir>`: Morris (μ*, σ) or Sobol (first- and total-order) indices of a
// finished sweep's measures, with bootstrap intervals, from its sweep.json (the design) and results.csv.
// Part of cli/: it reads the folder, calls analysis/sweep-sensitivity.ts, writes a tidy CSV (full precision)
// and prints the ranked summary of analysis/sensitivity-summary.ts (warning when the design cannot rank).
import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { Design } from '../sweep/designs.js';
import { analyzeSweepSensitivity, type SensitivityRow, type SweepOutput } from '../analysis/sweep-sensitivity.js';
import { summarizeSensitivity } from '../analysis/sensitivity-summary.js';
import { csvLine } from '../output/csv.js';
import { formatNumber } from '../output/format-number.js';
import { checkOutputFile, writeFileAtomically } from '../output/write-folder.js';
import { verifyResultsFolder } from '../output/verify-folder.js';
import { writeDerivedFile } from '../output/derived-files.js';
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
  /** Read a folder that does not match its manifest, with a warning. */
  readonly trust?: boolean;
}

interface SweepDocument {
  readonly design: Omit<Design, 'points'> & { kind: Design['kind'] };
  readonly design_points: ReadonlyArray<{ point: number; unit: number[]; label: unknown }>;
  readonly resolved: { readonly measures: readonly string[]; readonly arms: readonly string[]; readonly groups: readonly string[] };
}

/** Whether a file is empty or its last byte is "\n". */
function endsWithNewline(file: string): boolean {
  const size = statSync(file).size;
  if (size === 0) return true;
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    return b[0] === 10;
  } finally {
    closeSync(fd);
  }
}

/** The parts of sweep.json the analysis reads, checked before use. */
const sweepDesignSchema = z.looseObject({
  design: z.looseObject({ kind: z.string() }),
  design_points: z.array(z.looseObject({ point: z.number().int().nonnegative(), unit: z.array(z.number()) })),
  resolved: z.looseObject({ measures: z.array(z.string()), arms: z.array(z.string()), groups: z.array(z.string()) }),
});

const list = (xs: readonly string[] | undefined) => (xs ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

/** Read a sweep folder's design back from sweep.json (the analysis needs labels and meta, not values). */
export function readSweepDesign(dir: string): { doc: SweepDocument; design: Design } {
  const file = join(dir, 'sweep.json');
  if (!existsSync(file)) throw new CliUsageError(`${dir}: not a sweep results folder (no sweep.json); run \`cpi-sim sweep\` first`);
  let doc: SweepDocument;
  try {
    if (!statSync(file).isFile()) throw new Error('a folder or special file, not a file');
    doc = JSON.parse(readFileSync(file, 'utf8')) as SweepDocument;
  } catch (err) {
    throw new CliUsageError(`${file}: not valid JSON (${(err as Error).message}); the folder may be corrupt`);
  }
  const parsed = sweepDesignSchema.safeParse(doc);
  if (!parsed.success)
    throw new CliUsageError(`${file}: not the sweep.json \`cpi-sim sweep\` writes (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`).join('; ')}); the folder may be corrupt`);
  const design = { ...doc.design, points: doc.design_points.map((p) => ({ index: p.point, unit: p.unit, values: [], label: p.label })) } as unknown as Design;
  return { doc, design };
}

export async function analyzeSensitivityCommand(args: AnalyzeArgs, io: CliIO): Promise<number> {
  const dir = resolve(io.cwd, args.dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CliUsageError(`${dir}: no such folder; give a finished sweep folder (\`cpi-sim sweep … --out DIR\`)`);
  if (!existsSync(join(dir, 'sweep.json'))) throw new CliUsageError(`${dir}: not a sweep results folder (no sweep.json); run \`cpi-sim sweep\` first`);
  const { doc, design } = readSweepDesign(dir);
  if (design.kind !== 'morris' && design.kind !== 'sobol')
    throw new CliUsageError(`${dir}: sensitivity indices need a Morris or Sobol design; this sweep's design is "${design.kind}"`);
  if (!existsSync(join(dir, 'manifest.json')) && !args.trust)
    throw new CliUsageError(`${dir}: no manifest.json; the sweep has not finished (rerun the same \`cpi-sim sweep\` command to complete it)`);
  // What is read must be what the sweep wrote (sizes, SHA-256s, rows); --trust reads it anyway, with a warning.
  const verified = verifyResultsFolder(dir, { kinds: ['sweep'], require: ['sweep.json', 'results.csv'], skip: ['results.arrow'], trust: args.trust, warn: (m) => io.stderr(`${m}\n`) });
  const shard = (verified.manifest as { shard?: unknown } | undefined)?.shard;
  if (typeof shard === 'string') throw new CliUsageError(`${dir}: holds only shard ${shard} of the sweep; merge the shards with \`cpi-sim merge\` and analyse the merged folder`);
  const results = join(dir, 'results.csv');
  if (!existsSync(results)) throw new CliUsageError(`${dir}: no results.csv; the sweep has not finished (rerun the same \`cpi-sim sweep\` command to complete it)`);
  if (!statSync(results).isFile()) throw new CliUsageError(`${results}: a folder or special file where the sweep wrote its results; the folder is damaged`);
  // Every row cpi-sim writes ends in a newline: a last line without one was cut (read with --trust), and is refused.
  if (!endsWithNewline(results)) throw new CliUsageError(`${results}: the last line has no end (the file was cut short mid-line); restore it or rerun the sweep`);
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
  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(results, 'utf8'), crlfDelay: Infinity })) {
    lineNo++;
    if (!line) continue;
    const f = line.split(',');
    if (!header) {
      header = f;
      if (header.join(',') !== 'run_id,point,replicate,arm,seed,tick,group,measure,value') throw new CliUsageError(`${results}: unexpected header ${line}`);
      continue;
    }
    // A line cut short or changed (read with --trust) is refused, not averaged in.
    if (f.length !== 9 || !/^\d+$/.test(f[1]) || !/^\d+$/.test(f[2]) || !/^\d+$/.test(f[5]) || (f[8] !== '' && !Number.isFinite(Number(f[8]))))
      throw new CliUsageError(`${results}, line ${lineNo}: "${line.slice(0, 80)}" is not a results row (run_id,point,replicate,arm,seed,tick,group,measure,value); the file may be cut short or corrupt`);
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
  // Written into the folder, it is recorded in the manifest as derived from this results.csv and sweep.json
  // (so `sweep --force` removes it and `chart` draws it only for these results); elsewhere it is a plain file.
  if (dirname(out) === dir && verified.manifest && verified.problems.length === 0)
    writeDerivedFile(dir, {
      name: basename(out),
      text,
      rows: table.length,
      description: `sensitivity indices (${design.kind}) of the measures at tick ${lastTick}, group ${group}, written by cpi-sim analyze sensitivity`,
      from: ['sweep.json', 'results.csv'],
    });
  else writeFileAtomically(out, text, { force: true });

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
