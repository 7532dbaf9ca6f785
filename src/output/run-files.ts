// The files of one run's results folder, built in memory: series.csv, users.csv, scenario.json, an
// optional network export, and manifest.json last (it lists the others with their row counts and
// SHA-256). Part of output/; it writes nothing (write-folder.ts does).
import { extname } from 'node:path';
import type { RunResult } from '../engine/run.js';
import { buildSeriesCsv } from './series-csv.js';
import { buildUsersCsv } from './users-csv.js';
import { buildNetworkGraph } from './network-export.js';
import { serializeGexf } from './network-gexf.js';
import { serializeGraphml } from './network-graphml.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { readPackageInfo } from './package-info.js';
import { OutputError } from './output-error.js';

export type NetworkFormat = 'gexf' | 'graphml';

/** The export format a file name asks for, by its extension (.gexf or .graphml, any case). */
export function networkFormatOf(file: string): NetworkFormat | undefined {
  const ext = extname(file).toLowerCase();
  return ext === '.gexf' ? 'gexf' : ext === '.graphml' ? 'graphml' : undefined;
}

export interface OutputFile {
  /** Path relative to the results folder, or an absolute path for a file written outside it. */
  readonly name: string;
  readonly text: string;
  readonly description: string;
  /** Data rows (CSV files, header not counted). */
  readonly rows?: number;
  /** Nodes and edges (network files). */
  readonly nodes?: number;
  readonly edges?: number;
}

export interface RunFilesOptions {
  /** The command line that made the run, for the manifest. */
  readonly command: string;
  /** When the run started (ISO 8601). */
  readonly startedAt: string;
  /** Milliseconds since the run started, read when the manifest is built. */
  readonly elapsedMs: () => number;
  /** Also export the final network of one arm (the run must have kept its state). */
  readonly network?: { readonly name: string; readonly format: NetworkFormat; readonly arm: string; readonly agency?: number };
}

export const RESULT_FILES = {
  series: 'series.csv',
  users: 'users.csv',
  scenario: 'scenario.json',
  manifest: 'manifest.json',
} as const;

/** The resolved scenario document of the run: the scenario's document with only the arms that ran. */
export function runDocument(result: Pick<RunResult, 'scenario'> & { readonly arms: ReadonlyArray<{ readonly name: string }> }): Record<string, unknown> {
  const doc = result.scenario.document as unknown as Record<string, unknown> & { arms: Array<{ name: string }> };
  const ran = new Set(result.arms.map((a) => a.name));
  const arms = doc.arms.filter((a) => ran.has(a.name));
  return arms.length === doc.arms.length ? doc : { ...doc, arms };
}

/** scenario.json: the resolved scenario document, pretty-printed. */
export function scenarioFile(document: Record<string, unknown>, description: string): OutputFile {
  return { name: RESULT_FILES.scenario, text: JSON.stringify(document, null, 2) + '\n', description };
}

/** A manifest's scenario entry: names, the file, and the SHA-256 of its canonical JSON. */
export function manifestScenario(result: Pick<RunResult, 'scenario'>, document: Record<string, unknown>): Record<string, unknown> {
  return {
    name: result.scenario.name,
    title: result.scenario.title,
    file: RESULT_FILES.scenario,
    sha256: sha256Hex(canonicalJson(document)),
    sha256_of: 'the canonical JSON (keys sorted, no whitespace) of scenario.json',
  };
}

/** A manifest's list of the folder's files with their counts, bytes and SHA-256. */
export function manifestFiles(files: readonly OutputFile[]): Array<Record<string, unknown>> {
  return files.map((f) => ({
    name: f.name,
    description: f.description,
    ...(f.rows !== undefined ? { rows: f.rows } : {}),
    ...(f.nodes !== undefined ? { nodes: f.nodes, edges: f.edges } : {}),
    bytes: Buffer.byteLength(f.text, 'utf8'),
    sha256: sha256Hex(f.text),
  }));
}

/** A manifest's `run` entry: what varies between otherwise identical runs. */
export function manifestRun(options: { readonly command: string; readonly startedAt: string; readonly elapsedMs: () => number }): Record<string, unknown> {
  return {
    command: options.command,
    started_at: options.startedAt,
    wall_time_ms: Math.round(options.elapsedMs()),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export function buildRunFiles(result: RunResult, options: RunFilesOptions): OutputFile[] {
  const pkg = readPackageInfo();
  // 1. Tables and the scenario.
  const series = buildSeriesCsv(result);
  const users = buildUsersCsv(result);
  const document = runDocument(result);
  const files: OutputFile[] = [
    {
      name: RESULT_FILES.series,
      text: series.text,
      rows: series.rows,
      description: 'group measures per tick, tidy long form: arm,tick,group,measure,value (tick 0 is the baseline; NaN values omitted)',
    },
    {
      name: RESULT_FILES.users,
      text: users.text,
      rows: users.rows,
      description: 'per-user measures at baseline and at the end, one row per arm × user × time; state, agency and fidelity_band are as at the end',
    },
    scenarioFile(document, 'the complete resolved scenario (command-line settings applied); `cpi-sim run scenario.json` reproduces this run'),
  ];
  // 2. The network of one arm.
  if (options.network) {
    const { name, format, arm, agency } = options.network;
    const state = result.arms.find((a) => a.name === arm)?.state;
    if (!state) throw new OutputError(`cannot export the network of arm "${arm}": the run did not keep that arm's final state`);
    const scope = agency === undefined ? '' : ` (the neighbourhood of ${result.groups[1 + agency]})`;
    const graph = buildNetworkGraph(state, {
      creator: `${pkg.name} ${pkg.version}`,
      description: `final network${scope} of arm "${arm}" of scenario "${result.scenario.name}", seed ${result.seed}, tick ${result.ticks}`,
      agency,
    });
    files.push({
      name,
      text: format === 'gexf' ? serializeGexf(graph) : serializeGraphml(graph),
      nodes: graph.order,
      edges: graph.size,
      description: `final network${scope} of arm "${arm}" (${format === 'gexf' ? 'GEXF 1.3' : 'GraphML'}): persons, workers, agencies and community nodes; ties, memberships, partnerships, employment and knowledge`,
    });
  }
  // 3. The manifest, last, describing the others.
  const manifest = {
    format: 'cpi-sim run manifest, version 1',
    package: { name: pkg.name, version: pkg.version },
    scenario: manifestScenario(result, document),
    seed: result.seed,
    ticks: result.ticks,
    arms: result.arms.map((a) => ({ name: a.name, description: a.description })),
    groups: result.groups,
    users: result.population.users,
    files: manifestFiles(files),
    deterministic: files.map((f) => f.name),
    reproducibility:
      'Every file listed in `deterministic` is byte-identical for the same scenario (scenario.sha256), seed and package version, ' +
      'on any machine. In this manifest only the `run` fields vary between such runs (command, started_at, wall_time_ms, node, platform). ' +
      'Reproduce with: cpi-sim run scenario.json',
    run: manifestRun(options),
  };
  files.push({ name: RESULT_FILES.manifest, text: JSON.stringify(manifest, null, 2) + '\n', description: 'this manifest' });
  return files;
}
