// The final files of a sweep folder, written as rows stream past in run-id order: results.csv, runs.csv,
// optionally results.arrow, then manifest.json (versions, timing, counts, failures, each file's rows, bytes
// and SHA-256). Part of sweep/ (Node only). Used when a sweep's chunks are concatenated and when shards
// are merged, so both give the same bytes.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { csvField } from '../output/csv.js';
import { readPackageInfo } from '../output/package-info.js';
import type { ArrowFactor, ResultsArrowLevels } from './results-arrow.js';
import type { SweepValue } from './sweep-file.js';
import type { PointValue } from './plan.js';
import { openStreamedFile, tempNameFor } from './stream-file.js';
import { RESULTS_COLUMNS, RUNS_COLUMNS } from './sweep-runs.js';

export const SWEEP_FILES = {
  sweep: 'sweep.json',
  results: 'results.csv',
  runs: 'runs.csv',
  arrow: 'results.arrow',
  manifest: 'manifest.json',
} as const;

export const MANIFEST_FORMAT = 'cpi-sim sweep manifest, version 1';

/** Failures listed one by one in the manifest (all are in runs.csv). */
export const MANIFEST_FAILURES = 100;

export interface RunFailure {
  readonly run_id: number;
  readonly point: number;
  readonly replicate: number;
  readonly seed: number;
  readonly error: string;
}

export interface ManifestFile {
  readonly name: string;
  readonly description: string;
  readonly rows?: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface SweepOutputTotals {
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  readonly rows: number;
  readonly failures: readonly RunFailure[];
  readonly files: readonly ManifestFile[];
}

export interface SweepOutput {
  /** runs.csv lines (each ending in "\n"), in run-id order. */
  readonly addRuns: (text: string) => void;
  /** results.csv lines (text or UTF-8 bytes), in run-id order. */
  readonly addResults: (lines: string | Uint8Array) => void;
  /** Put every file in place and return the totals for the manifest. */
  readonly close: () => SweepOutputTotals;
  readonly abort: () => void;
}

/** The factors of a sweep (as resolved in sweep.json) with each point's values, for results.arrow's columns. */
export function arrowFactors(
  factors: ReadonlyArray<{ readonly path: string; readonly integer?: boolean; readonly values?: readonly SweepValue[] }>,
  pointValues: ReadonlyArray<readonly PointValue[]>,
): ArrowFactor[] {
  return factors.map((f, j) => ({ path: f.path, integer: f.integer === true, values: f.values, atPoint: pointValues.map((v) => v[j] as SweepValue) }));
}

/** What sweep.json says of the factors and of every point's values (what a merge builds results.arrow from). */
export interface SweepDocumentFactors {
  readonly resolved: { readonly factors: ReadonlyArray<{ readonly path: string; readonly integer?: boolean; readonly values?: readonly SweepValue[] }>; readonly digest?: boolean };
  readonly design_points: ReadonlyArray<{ readonly values: Readonly<Record<string, SweepValue>> }>;
}

/** arrowFactors from a parsed sweep.json: the same columns as the sweep that wrote it, so a merge is byte-identical. */
export function arrowFactorsOfDocument(doc: SweepDocumentFactors): ArrowFactor[] {
  const factors = doc.resolved.factors;
  return arrowFactors(factors, doc.design_points.map((p) => factors.map((f) => p.values[f.path])));
}

/** runs.csv's last column when the sweep asks for a digest of each run. */
export const DIGEST_COLUMN = 'series_sha256';

/** The header of runs.csv: the fixed columns, then one per factor path (then series_sha256, with a digest). */
export function runsHeader(factorPaths: readonly string[], digest = false): string {
  return [...RUNS_COLUMNS, ...factorPaths, ...(digest ? [DIGEST_COLUMN] : [])].map(csvField).join(',') + '\n';
}

/** Read one CSV field starting at `i`; returns the field's text and the index after its comma (or line end). */
function readField(line: string, i: number): [string, number] {
  if (line[i] !== '"') {
    const end = line.indexOf(',', i);
    return end < 0 ? [line.slice(i), line.length] : [line.slice(i, end), end + 1];
  }
  let text = '';
  let j = i + 1;
  for (;;) {
    const q = line.indexOf('"', j);
    if (q < 0) return [text + line.slice(j), line.length];
    text += line.slice(j, q);
    if (line[q + 1] === '"') {
      text += '"';
      j = q + 2;
    } else return [text, q + 2];
  }
}

/** The first six fields of a runs.csv line. */
export function parseRunsLine(line: string): { runId: number; point: number; replicate: number; seed: number; status: string; error: string } {
  const f: string[] = [];
  let i = 0;
  for (let k = 0; k < 6; k++) {
    const [text, next] = readField(line, i);
    f.push(text);
    i = next;
  }
  return { runId: Number(f[0]), point: Number(f[1]), replicate: Number(f[2]), seed: Number(f[3]), status: f[4], error: f[5] };
}

export interface SweepOutputOptions {
  readonly dir: string;
  readonly arrow: boolean;
  readonly levels: ResultsArrowLevels;
  readonly factorPaths: readonly string[];
  /** runs.csv ends with series_sha256. */
  readonly digest?: boolean;
}

/** Open the final files of a sweep folder in `dir` (each as a temp file until close). */
export async function openSweepOutput(options: SweepOutputOptions): Promise<SweepOutput> {
  // apache-arrow is loaded only when an Arrow file is asked for (it costs every other command start-up time).
  const { createResultsArrowWriter } = options.arrow ? await import('./results-arrow.js') : { createResultsArrowWriter: undefined };
  const results = openStreamedFile(join(options.dir, SWEEP_FILES.results));
  const runs = openStreamedFile(join(options.dir, SWEEP_FILES.runs));
  const arrowPath = join(options.dir, SWEEP_FILES.arrow);
  const arrowTemp = options.arrow ? tempNameFor(arrowPath) : undefined;
  const arrow = arrowTemp && createResultsArrowWriter ? createResultsArrowWriter(arrowTemp, options.levels) : undefined;
  results.write(RESULTS_COLUMNS.join(',') + '\n');
  runs.write(runsHeader(options.factorPaths, options.digest));
  let runCount = 0;
  let ok = 0;
  let failed = 0;
  let rows = 0;
  const failures: RunFailure[] = [];
  return {
    addRuns: (text) => {
      runs.write(text);
      for (const line of text.split('\n')) {
        if (!line) continue;
        runCount++;
        const r = parseRunsLine(line);
        if (r.status === 'ok') ok++;
        else {
          failed++;
          if (failures.length < MANIFEST_FAILURES) failures.push({ run_id: r.runId, point: r.point, replicate: r.replicate, seed: r.seed, error: r.error });
        }
      }
    },
    addResults: (lines) => {
      const bytes = typeof lines === 'string' ? Buffer.from(lines, 'utf8') : Buffer.from(lines.buffer, lines.byteOffset, lines.byteLength);
      results.write(bytes);
      let i = -1;
      while ((i = bytes.indexOf(10, i + 1)) >= 0) rows++;
      arrow?.addLines(typeof lines === 'string' ? lines : bytes.toString('utf8'));
    },
    close: () => {
      const files: ManifestFile[] = [];
      const r = results.commit();
      files.push({
        name: SWEEP_FILES.results,
        description: 'tidy results: run_id,point,replicate,arm,seed,tick,group,measure,value; sorted by run id, then arm, tick, group and measure as in sweep.json',
        rows,
        ...r,
      });
      const u = runs.commit();
      files.push({
        name: SWEEP_FILES.runs,
        description: `one row per run: run_id,point,replicate,seed,status (ok or failed),error (the failure, or none), then each factor's value${options.digest ? ', then series_sha256 (a SHA-256 of the run\'s series and final per-user values; none for a failed run)' : ''}`,
        rows: runCount,
        ...u,
      });
      if (arrow) {
        const a = arrow.close();
        renameSync(arrowTemp!, arrowPath);
        files.push({ name: SWEEP_FILES.arrow, description: 'the rows of results.csv, then each factor\'s value, as an Apache Arrow IPC file (Feather v2); arm, group, measure and text factors dictionary-encoded', rows: a.rows, bytes: a.bytes, sha256: a.sha256 });
      }
      return { runs: runCount, ok, failed, rows, failures, files };
    },
    abort: () => {
      results.abort();
      runs.abort();
      if (arrowTemp) rmSync(arrowTemp, { force: true });
    },
  };
}

export interface SweepManifestInput {
  readonly sweepName: string;
  readonly sweepSha256: string;
  readonly sweepBytes: number;
  readonly shard: string | null;
  readonly plannedRuns: number;
  readonly totals: SweepOutputTotals;
  readonly run: Record<string, unknown>;
}

/** manifest.json's text. Only the `run` object varies between sweeps of the same sweep.json. */
export function buildSweepManifest(m: SweepManifestInput): string {
  const pkg = readPackageInfo();
  const { totals } = m;
  const files: ManifestFile[] = [
    { name: SWEEP_FILES.sweep, description: 'the resolved sweep: the sweep file, the base scenario\'s document, the design and every point\'s values', bytes: m.sweepBytes, sha256: m.sweepSha256 },
    ...totals.files,
  ];
  const manifest = {
    format: MANIFEST_FORMAT,
    package: { name: pkg.name, version: pkg.version },
    sweep: { name: m.sweepName, file: SWEEP_FILES.sweep, sha256: m.sweepSha256 },
    shard: m.shard,
    runs: { planned: m.plannedRuns, in_folder: totals.runs, ok: totals.ok, failed: totals.failed },
    results_rows: totals.rows,
    failures: totals.failures,
    failures_note: totals.failed > totals.failures.length ? `the first ${totals.failures.length} of ${totals.failed} failures; runs.csv lists all` : 'every failed run (runs.csv has them too)',
    files,
    deterministic: files.map((f) => f.name),
    reproducibility:
      'Every file in `deterministic` is byte-identical for the same sweep.json and package version, at any worker count, ' +
      'whether the sweep ran at once, resumed after an interruption, or in shards merged with `cpi-sim merge`. ' +
      'In this manifest only `run` varies.',
    run: m.run,
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
