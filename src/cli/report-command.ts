// `cpi-sim report <results-dir> [--trial DIR] --out report.html`: the grant writer's report, one
// self-contained HTML file, from a replicates folder (and a virtual-trial folder). Part of cli/: parse, call
// the library (charts/report-document.ts), write atomically.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeDerivedFile } from '../output/derived-files.js';
import { verifyResultsFolder } from '../output/verify-folder.js';
import { checkOutputFile, writeFileAtomically } from '../output/write-folder.js';
import { CliUsageError, type CliIO } from './cli-io.js';

export interface ReportArgs {
  readonly dir: string;
  readonly trial?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
  /** Read folders that do not match their manifests, with a warning. */
  readonly trust?: boolean;
}

export async function reportCommand(args: ReportArgs, io: CliIO): Promise<number> {
  const t0 = performance.now();
  // 1. Places, checked before anything is read or written.
  const dir = resolve(io.cwd, args.dir);
  const trialDir = args.trial === undefined ? undefined : resolve(io.cwd, args.trial);
  const out = resolve(io.cwd, args.out ?? join(args.dir, 'report.html'));
  if (!/\.html?$/i.test(out)) throw new CliUsageError(`--out ${args.out}: the report is an HTML file; give a name ending in .html`);
  checkOutputFile(out, { force: args.force });
  const inside = (p: string) => {
    const rel = relative(io.cwd, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
  };
  const shown = (p: string) => inside(p) ?? p;
  // The page writes a place outside the current folder by its base name alone, so it holds no path of this
  // machine: the reproduce commands then make the folders side by side wherever the reader runs them.
  const portable = (p: string) => inside(p) ?? (p === io.cwd ? '.' : basename(p));
  // What is reported must be what cpi-sim wrote (sizes, SHA-256s, rows); --trust reads it anyway, with a warning.
  const warn = (m: string) => io.stderr(`${m}\n`);
  // The kind of each folder is checked by the report itself, with a message saying what it needs.
  const problems = [dir, trialDir].map((folder) =>
    folder && existsSync(folder) && statSync(folder).isDirectory() ? verifyResultsFolder(folder, { trust: args.trust, warn }).problems.length : 1,
  );
  // 2. Build, then write at once.
  if (io.stderrIsTTY && !args.quiet) io.stderr('  reading the results and drawing the charts…');
  // Loaded here, not at start-up: vega, vega-lite and resvg are for the chart-drawing commands only.
  const { buildReportDocument } = await import('../charts/report-document.js');
  const doc = await buildReportDocument(dir, { trialDir, out, showPath: portable });
  if (io.stderrIsTTY && !args.quiet) io.stderr(`\r${' '.repeat(50)}\r`);
  // The default report.html lies in the results folder: recorded in its manifest as derived from the tables
  // it reports, so `run --force` knows it as cpi-sim's.
  if (dirname(out) === dir && problems[0] === 0)
    writeDerivedFile(dir, { name: basename(out), text: doc.html, description: 'the report of cpi-sim report', from: ['summary.csv', 'differences.csv', 'scenario.json'] });
  else writeFileAtomically(out, doc.html, { force: args.force });
  if (!args.quiet) {
    const kb = Buffer.byteLength(doc.html, 'utf8') / 1024;
    io.stdout(`Wrote ${shown(out)} (${kb.toFixed(0)} KB: ${doc.figures.measures.length} headline outcomes × ${doc.figures.arms.length} arms, ${doc.charts.length} charts; ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  return 0;
}
