// The files of a replicates results folder (`cpi-sim run --replicates N`): summary.csv (per arm × tick ×
// group × measure: mean, its confidence interval, median, 50% and 90% bands), differences.csv (paired
// differences between arms with intervals and Cohen's d_z, common random numbers), replicates.csv (each
// replicate's baseline and final values, for analyses of one's own), scenario.json and manifest.json last.
// Part of output/; pure apart from reading the package's name and version: it builds text, the CLI writes it.
import type { ReplicateSeries } from '../engine/run-replicates.js';
import type { Scenario } from '../scenario/compile.js';
import type { PairedDifferenceRow, ReplicateSummaryRow } from '../analysis/replicates.js';
import { csvField, type CsvTable } from './csv.js';
import { formatNumber } from './format-number.js';
import { readPackageInfo } from './package-info.js';
import { manifestFiles, manifestRun, manifestScenario, runDocument, scenarioFile, type OutputFile } from './run-files.js';

export const REPLICATE_FILES = {
  summary: 'summary.csv',
  differences: 'differences.csv',
  replicates: 'replicates.csv',
  scenario: 'scenario.json',
  manifest: 'manifest.json',
} as const;

export const SUMMARY_COLUMNS = ['arm', 'tick', 'group', 'measure', 'n', 'mean', 'sd', 'ci_low', 'ci_high', 'median', 'q05', 'q25', 'q75', 'q95'] as const;
export const DIFFERENCE_COLUMNS = ['arm_a', 'arm_b', 'tick', 'group', 'measure', 'n', 'mean_diff', 'ci_low', 'ci_high', 'cohens_d'] as const;
export const REPLICATE_COLUMNS = ['replicate', 'seed', 'arm', 'group', 'measure', 'baseline', 'final'] as const;

const num = formatNumber;

/** summary.csv from the accumulator's rows. */
export function buildSummaryCsv(rows: readonly ReplicateSummaryRow[]): CsvTable {
  const parts = [SUMMARY_COLUMNS.join(',') + '\n'];
  for (const r of rows)
    parts.push(
      `${csvField(r.arm)},${r.tick},${csvField(r.group)},${csvField(r.measure)},${r.n},${num(r.mean)},${num(r.sd)},${num(r.ci_low)},${num(r.ci_high)},${num(r.median)},${num(r.q05)},${num(r.q25)},${num(r.q75)},${num(r.q95)}\n`,
    );
  return { text: parts.join(''), rows: rows.length };
}

/** differences.csv from the accumulator's paired rows. */
export function buildDifferencesCsv(rows: readonly PairedDifferenceRow[]): CsvTable {
  const parts = [DIFFERENCE_COLUMNS.join(',') + '\n'];
  for (const r of rows)
    parts.push(
      `${csvField(r.arm_a)},${csvField(r.arm_b)},${r.tick},${csvField(r.group)},${csvField(r.measure)},${r.n},${num(r.mean_diff)},${num(r.ci_low)},${num(r.ci_high)},${num(r.cohens_d)}\n`,
    );
  return { text: parts.join(''), rows: rows.length };
}

/**
 * replicates.csv, built one replicate at a time: per replicate × arm × group × measure, the value at
 * baseline (tick 0) and at the final tick; cells measured at neither are left out.
 */
export class ReplicateValuesCsv {
  private readonly parts: string[] = [REPLICATE_COLUMNS.join(',') + '\n'];
  private count = 0;

  get rows(): number {
    return this.count;
  }

  add(replicate: number, result: ReplicateSeries): void {
    const G = result.groups.length;
    const M = result.measures.length;
    const last = result.ticks * G * M;
    for (const arm of result.arms) {
      const prefix = `${replicate},${result.seed},${csvField(arm.name)},`;
      for (let g = 0; g < G; g++) {
        const head = prefix + csvField(result.groups[g]) + ',';
        for (let m = 0; m < M; m++) {
          const b = arm.series[g * M + m];
          const f = arm.series[last + g * M + m];
          if (b !== b && f !== f) continue;
          this.parts.push(`${head}${csvField(result.measures[m])},${num(b)},${num(f)}\n`);
          this.count++;
        }
      }
    }
  }

  table(): CsvTable {
    return { text: this.parts.join(''), rows: this.count };
  }
}

export interface ReplicateFilesInput {
  /** The first replicate's result (for the scenario, arms and groups): a RunResult, or its series with the scenario. */
  readonly first: ReplicateSeries & { readonly scenario: Scenario };
  /** The root seed and every replicate's seed, in replicate order. */
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly level: number;
  readonly summaries: readonly ReplicateSummaryRow[];
  readonly differences: readonly PairedDifferenceRow[];
  readonly values: CsvTable;
  readonly command: string;
  readonly startedAt: string;
  readonly elapsedMs: () => number;
  /** Worker threads the replicates ran on (0: the main thread), recorded in the manifest's `run`. */
  readonly workers?: number;
}

export function buildReplicateFiles(input: ReplicateFilesInput): OutputFile[] {
  const pkg = readPackageInfo();
  const { first } = input;
  const pct = `${Math.round(input.level * 1000) / 10}%`;
  // 1. Tables and the scenario.
  const summary = buildSummaryCsv(input.summaries);
  const differences = buildDifferencesCsv(input.differences);
  const document = runDocument(first);
  const files: OutputFile[] = [
    {
      name: REPLICATE_FILES.summary,
      text: summary.text,
      rows: summary.rows,
      description: `across replicates, per arm × tick × group × measure: n (replicates measured), mean, sd, ${pct} t interval of the mean (ci_low, ci_high), median, 50% band (q25–q75) and 90% band (q05–q95) of the replicate values (type-7 quantiles)`,
    },
    {
      name: REPLICATE_FILES.differences,
      text: differences.text,
      rows: differences.rows,
      description: `paired differences arm_a − arm_b within each replicate (the arms share population and draws): mean, ${pct} t interval, Cohen's d_z (mean / sd of the differences)`,
    },
    {
      name: REPLICATE_FILES.replicates,
      text: input.values.text,
      rows: input.values.rows,
      description: 'each replicate’s value per arm × group × measure at baseline (tick 0) and at the final tick (empty where not measured)',
    },
    scenarioFile(document, `the complete resolved scenario (command-line settings applied); \`cpi-sim run scenario.json --replicates ${input.seeds.length}\` reproduces this folder`),
  ];
  // 2. The manifest, last.
  const manifest = {
    format: 'cpi-sim replicates manifest, version 1',
    package: { name: pkg.name, version: pkg.version },
    scenario: manifestScenario(first, document),
    seed: input.seed,
    replicates: input.seeds.length,
    seeds: input.seeds,
    seeds_rule: "replicate 0 runs with the root seed; replicate r > 0 with deriveSeed(seed, 'replicate', r)",
    level: input.level,
    ticks: first.ticks,
    arms: first.arms.map((a) => ({ name: a.name, description: a.description })),
    groups: first.groups,
    users: first.population.users,
    files: manifestFiles(files),
    deterministic: files.map((f) => f.name),
    reproducibility:
      'Every file listed in `deterministic` is byte-identical for the same scenario (scenario.sha256), seed, number of replicates and package version, ' +
      `on any machine. Reproduce with: cpi-sim run scenario.json --replicates ${input.seeds.length}`,
    run: input.workers === undefined ? manifestRun(input) : { ...manifestRun(input), workers: input.workers },
  };
  files.push({ name: REPLICATE_FILES.manifest, text: JSON.stringify(manifest, null, 2) + '\n', description: 'this manifest' });
  return files;
}
