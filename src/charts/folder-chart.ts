// A chart of a results folder: the kinds each kind of folder supports and its default, the options each
// kind takes, the measure, group and arms checked against what the files hold, and only the rows needed
// read. Stages: (1) inspect the folder, (2) choose and check the kind and options, (3) read, (4) build the
// spec. Part of charts/; Node only (it reads files); `cpi-sim chart` is a thin layer over it.
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { PairedDifferenceRow, ReplicateSummaryRow } from '../analysis/replicates.js';
import type { SensitivityRow } from '../analysis/sweep-sensitivity.js';
import { TRIAL_STATISTICS, type SeriesRow, type TrialReplicateRow, type TrialStatistic } from './chart-data.js';
import { ChartError } from './chart-error.js';
import { readCsvTable, type CsvColumnType } from './csv-table.js';
import { inspectResultsFolder, type ResultsFolder, type ResultsFolderKind } from './results-folder.js';
import { isBarrierPath } from './factor-labels.js';
import { buildTrajectorySpec, type TrajectoryBand } from './trajectory-spec.js';
import { buildDifferenceSpec } from './difference-spec.js';
import { buildNetworkGrowthSpec, NETWORK_GROWTH_MEASURES } from './network-growth-spec.js';
import { summarizeBarrierSweep } from './barrier-effects.js';
import { buildBarrierEffectSpec } from './barrier-effect-spec.js';
import { buildSensitivitySpec } from './sensitivity-spec.js';
import { buildPowerCurveSpec } from './power-curve-spec.js';
import { buildEffectSizeSpec } from './effect-size-spec.js';
import { summarizeGridSweep } from './grid-sweep.js';
import { buildFactorLinesSpec } from './factor-lines-spec.js';
import { buildHeatmapSpec } from './heatmap-spec.js';
import { buildAcceptabilitySpec, MAX_ACCEPTABILITY_CURVES } from './acceptability-spec.js';

export const CHART_KINDS = ['trajectory', 'difference', 'network-growth', 'tornado', 'dose-response', 'factor-lines', 'heatmap', 'sensitivity', 'power-curve', 'effect-sizes', 'acceptability'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export const TRAJECTORY_BANDS: readonly TrajectoryBand[] = ['quantiles', 'ci', 'none'];

/** The options each kind of chart takes (others are refused, so a mistyped intent is not silently ignored). */
export const KIND_OPTIONS: Readonly<Record<ChartKind, ReadonlyArray<ChartOption>>> = {
  trajectory: ['measure', 'group', 'arms', 'band'],
  difference: ['measure', 'group', 'arms'],
  'network-growth': ['group', 'arms'],
  tornado: ['measure', 'group', 'arms'],
  'dose-response': ['measure', 'group', 'arms'],
  'factor-lines': ['measure', 'group', 'arms', 'factors'],
  heatmap: ['measure', 'group', 'arms', 'factors'],
  sensitivity: ['measure', 'arms'],
  'power-curve': [],
  'effect-sizes': ['measure'],
  acceptability: ['sizes'],
};

/** The options of FolderChartOptions that only some kinds take. */
type ChartOption = 'measure' | 'group' | 'arms' | 'band' | 'factors' | 'sizes';

export interface FolderChartOptions {
  /** A kind of chart the folder supports (default: the folder's default kind). */
  readonly kind?: string;
  /** The outcome measure (a trial's statistic for effect-sizes). Default rg_total where there is one. */
  readonly measure?: string;
  /** Default 'all'. */
  readonly group?: string;
  /** Arms to draw (one for network-growth and sensitivity). */
  readonly arms?: readonly string[];
  /** Trajectory bands of a replicates folder (default 'quantiles'). */
  readonly band?: string;
  /** A grid sweep's factors to show: the x axis (heat map: across), then the lines (down); default the first two. */
  readonly factors?: readonly string[];
  /**
   * A comparative trial's sizes to draw (acceptability; `--n`): default the size the sample-size search chose,
   * else every size simulated (up to MAX_ACCEPTABILITY_CURVES; more: the design's own size, else the largest).
   */
  readonly sizes?: readonly number[];
}

export interface FolderChart {
  readonly folder: ResultsFolder;
  readonly kind: ChartKind;
  readonly spec: TopLevelSpec;
  /** One line saying what was drawn, for the CLI. */
  readonly description: string;
}

const DEFAULT_MEASURE = 'rg_total';
const quoteList = (xs: readonly string[]) => xs.join(', ');

/** The kinds of chart a folder supports, and its default kind. */
export function chartKindsOf(folder: ResultsFolder): { readonly kinds: readonly ChartKind[]; readonly defaultKind: ChartKind } {
  const table: Record<ResultsFolderKind, () => { kinds: ChartKind[]; defaultKind: ChartKind }> = {
    run: () => ({ kinds: ['trajectory', 'network-growth'], defaultKind: 'trajectory' }),
    replicates: () => ({ kinds: ['trajectory', 'difference', 'network-growth'], defaultKind: 'trajectory' }),
    sweep: () => {
      const s = folder.sweep!;
      const barriers = s.factors.filter((f) => isBarrierPath(f.path));
      const grid = s.design === 'grid';
      const kinds: ChartKind[] = [
        ...(s.analysed ? (['sensitivity'] as const) : []),
        ...(barriers.length ? (['tornado', 'dose-response'] as const) : []),
        ...(grid ? (['factor-lines'] as const) : []),
        ...(grid && s.factors.length > 1 ? (['heatmap'] as const) : []),
      ];
      if (kinds.length === 0)
        throw new ChartError(
          `${folder.dir}: nothing to chart in this ${s.design} sweep yet: the barrier charts (tornado, dose-response) need factors under "barriers." (its factors: ${quoteList(s.factors.map((f) => f.path))}), the grid charts (factor-lines, heatmap) need a grid design, and the sensitivity chart needs sensitivity.csv (run \`cpi-sim analyze sensitivity\` on a Morris or Sobol sweep)`,
        );
      // A grid of factors that are not all barriers reads best as lines per level; barrier sweeps keep
      // their own charts first.
      const defaultKind: ChartKind = s.analysed ? 'sensitivity' : barriers.length && barriers.length === s.factors.length ? (barriers.length > 1 ? 'tornado' : 'dose-response') : grid ? 'factor-lines' : barriers.length > 1 ? 'tornado' : 'dose-response';
      return { kinds, defaultKind };
    },
    trial: () => {
      const t = folder.trial!;
      if (t.comparative) {
        // effect-sizes stays listed so that asking for it says where a comparative trial's effects are.
        const kinds: ChartKind[] = [...(t.powerCurve ? (['power-curve'] as const) : []), ...(t.acceptability ? (['acceptability'] as const) : []), 'effect-sizes'];
        return { kinds, defaultKind: kinds[0] };
      }
      return t.powerCurve ? { kinds: ['power-curve', 'effect-sizes'], defaultKind: t.referrals.length > 1 ? 'power-curve' : 'effect-sizes' } : { kinds: ['effect-sizes'], defaultKind: 'effect-sizes' };
    },
  };
  return table[folder.kind]();
}

/** Stage 2: the kind asked for, checked against the folder, and no option the kind does not take. */
function chooseKind(folder: ResultsFolder, options: FolderChartOptions): ChartKind {
  const { kinds, defaultKind } = chartKindsOf(folder);
  const what = `a ${folder.kind === 'replicates' ? 'replicates run' : folder.kind} folder`;
  if (options.kind !== undefined && !(CHART_KINDS as readonly string[]).includes(options.kind))
    throw new ChartError(`--kind ${options.kind}: no such kind of chart; kinds for ${what}: ${quoteList(kinds)}`);
  const kind = (options.kind ?? defaultKind) as ChartKind;
  if (!kinds.includes(kind)) {
    const why =
      kind === 'difference' && folder.kind === 'run'
        ? ' (paired differences need replicates: cpi-sim run --replicates N)'
        : kind === 'sensitivity' && folder.kind === 'sweep'
          ? folder.sweep?.staleSensitivity
            ? ` (${folder.sweep.staleSensitivity})`
            : ' (run `cpi-sim analyze sensitivity` on the folder first)'
          : kind === 'acceptability' && folder.kind === 'trial'
            ? folder.trial?.comparative
              ? ' (no trial-acceptability.csv: the trial was not priced; a scenario with costs.* and a version of cpi-sim that prices trials write it)'
              : ' (the acceptability curve compares the costs of two arms: a comparative design such as cpi-vs-usual-care-rct)'
            : '';
    throw new ChartError(`--kind ${kind}: not a chart of ${what}${why}; kinds for ${folder.dir}: ${quoteList(kinds)}`);
  }
  const takes = KIND_OPTIONS[kind];
  const given = (['measure', 'group', 'arms', 'band', 'factors', 'sizes'] as const).filter((o) => options[o] !== undefined);
  const flag = (o: string) => (o === 'arms' ? '--arm' : o === 'factors' ? '--factor' : o === 'sizes' ? '--n' : `--${o}`);
  const refused = given.filter((o) => !takes.includes(o));
  if (refused.length)
    throw new ChartError(`${refused.map(flag).join(', ')}: not an option of the ${kind} chart; it takes ${takes.length ? takes.map(flag).join(', ') : 'no options'}`);
  if (options.band !== undefined && !(TRAJECTORY_BANDS as readonly string[]).includes(options.band))
    throw new ChartError(`--band ${options.band}: expected one of ${quoteList(TRAJECTORY_BANDS)}`);
  if (options.band !== undefined && options.band !== 'none' && folder.kind === 'run')
    throw new ChartError(`--band ${options.band}: a single run has no bands; bands need replicates (cpi-sim run --replicates N)`);
  if ((kind === 'network-growth' || kind === 'sensitivity') && options.arms && options.arms.length !== 1)
    throw new ChartError(`--arm: the ${kind} chart shows one arm; give one name, not ${options.arms.length}`);
  return kind;
}

/** What a tidy table holds: groups, measures per group and arms (to check a request and say what is allowed). */
class Tally {
  readonly groups = new Map<string, Set<string>>();
  readonly measures = new Set<string>();
  readonly arms: string[] = [];
  add(group: string, measure: string, arms: readonly string[]): void {
    let set = this.groups.get(group);
    if (!set) this.groups.set(group, (set = new Set()));
    set.add(measure);
    this.measures.add(measure);
    for (const a of arms) if (!this.arms.includes(a)) this.arms.push(a);
  }
  /** Check measure, group and arms against the table; the file is named in every message. */
  check(file: string, measure: string | undefined, group: string, arms: readonly string[] | undefined): void {
    if (this.groups.size === 0) throw new ChartError(`${file}: no data rows; the file may be cut short or corrupt`);
    if (!this.groups.has(group)) throw new ChartError(`--group ${group}: no such group in ${file}; groups: ${quoteList([...this.groups.keys()])}`);
    if (measure !== undefined && !this.measures.has(measure)) throw new ChartError(`--measure ${measure}: no such measure in ${file}; measures: ${quoteList([...this.measures])}`);
    if (measure !== undefined && !this.groups.get(group)!.has(measure)) {
      const groups = [...this.groups].filter(([, ms]) => ms.has(measure)).map(([g]) => g);
      throw new ChartError(`--measure ${measure}: has no values in group ${group} in ${file}; groups with values of it: ${quoteList(groups)}`);
    }
    const unknown = (arms ?? []).filter((a) => !this.arms.includes(a));
    if (unknown.length) throw new ChartError(`--arm ${unknown.join(',')}: no such arm in ${file}; arms: ${quoteList(this.arms)}`);
  }
  defaultMeasure(group: string): string {
    const here = [...(this.groups.get(group) ?? [])];
    return here.includes(DEFAULT_MEASURE) ? DEFAULT_MEASURE : here[0];
  }
}

const SERIES_COLUMNS = { arm: 'string', tick: 'number', group: 'string', measure: 'string', value: 'number' } as const;
const SUMMARY_COLUMNS = {
  arm: 'string',
  tick: 'number',
  group: 'string',
  measure: 'string',
  n: 'number',
  mean: 'number',
  sd: 'number',
  ci_low: 'number',
  ci_high: 'number',
  median: 'number',
  q05: 'number',
  q25: 'number',
  q75: 'number',
  q95: 'number',
} as const;
const DIFFERENCE_COLUMNS = {
  arm_a: 'string',
  arm_b: 'string',
  tick: 'number',
  group: 'string',
  measure: 'string',
  n: 'number',
  mean_diff: 'number',
  ci_low: 'number',
  ci_high: 'number',
  cohens_d: 'number',
} as const;
const RESULTS_COLUMNS = { run_id: 'number', point: 'number', replicate: 'number', arm: 'string', seed: 'number', tick: 'number', group: 'string', measure: 'string', value: 'number' } as const;
const SENSITIVITY_COLUMNS = { arm: 'string', measure: 'string', method: 'string', factor: 'string', index: 'string', estimate: 'number', lower: 'number', upper: 'number' } as const;
/** power-curve.csv of a comparative design (individual, cluster, paired-teams): power per size along `dimension`. */
const COMPARATIVE_POWER_COLUMNS = {
  n: 'number',
  dimension: 'string',
  participants: 'number',
  clusters: 'number',
  replicates: 'number',
  analysable: 'number',
  power: 'number',
  power_low: 'number',
  power_high: 'number',
  median_analysed: 'number',
  median_effect: 'number',
  median_icc: 'number',
  median_design_effect: 'number',
} as const;
/** trial-acceptability.csv of a comparative design: per size and willingness to pay, the probability CPI is cost-effective. */
const ACCEPTABILITY_COLUMNS = {
  n: 'number',
  participants: 'number',
  clusters: 'number',
  willingness_to_pay: 'number',
  currency: 'string',
  probability_cost_effective: 'number',
  net_benefit: 'number',
  net_benefit_low: 'number',
  net_benefit_high: 'number',
} as const;
/** What a comparative trial's sizes count, as a plural noun ("participants", "teams", "organisations"). */
const sizeNoun = (dimension: string, type: string) => (dimension === 'participants' ? 'participants' : dimension === 'per-cluster' ? 'per team' : type === 'paired-teams' ? 'organisations' : 'teams');

/** The sizes an acceptability chart draws: those asked for (each must be in the file), else the search's, else all that fit. */
function chooseAcceptabilitySizes(file: string, present: readonly number[], asked: readonly number[] | undefined, t: NonNullable<ResultsFolder['trial']>): number[] {
  if (asked) {
    const missing = asked.filter((n) => !present.includes(n));
    if (missing.length) throw new ChartError(`--n ${missing.join(',')}: no acceptability curve at that size in ${file}; sizes: ${quoteList(present.map(String))}`);
    if (asked.length > MAX_ACCEPTABILITY_CURVES) throw new ChartError(`--n: at most ${MAX_ACCEPTABILITY_CURVES} sizes in one chart, not ${asked.length}`);
    return [...new Set(asked)].sort((a, b) => a - b);
  }
  // A search tries many sizes near its target: the one it chose is the trial being planned.
  if (t.searchSize !== undefined && present.includes(t.searchSize)) return [t.searchSize];
  if (present.length <= MAX_ACCEPTABILITY_CURVES) return [...present];
  return [t.ownSize !== undefined && present.includes(t.ownSize) ? t.ownSize : present[present.length - 1]];
}

/** The x axis of a comparative power curve, by what its sizes count. */
const sizeTitle = (dimension: string, type: string) =>
  dimension === 'participants' ? 'Participants randomised' : dimension === 'per-cluster' ? 'Participants per team' : type === 'paired-teams' ? 'Organisations (two teams each)' : 'Teams randomised';
const POWER_COLUMNS = { n: 'number', replicates: 'number', analysable: 'number', power: 'number', power_low: 'number', power_high: 'number', median_analysed: 'number', median_partial_eta_squared: 'number' } as const;
const TRIAL_COLUMNS = {
  n: 'number',
  replicate: 'number',
  seed: 'number',
  referred: 'number',
  retained: 'number',
  analysed: 'number',
  high: 'number',
  low: 'number',
  analysable: 'boolean',
  reason: 'string',
  effect: 'number',
  f: 'number',
  p: 'number',
  partial_eta_squared: 'number',
  cohens_d: 'number',
} as const;

/** Stage 3 for run and replicates folders: one group's rows of the chosen measures, and what the file holds. */
async function readTidy<K extends string>(
  file: string,
  columns: Readonly<Record<K, CsvColumnType>>,
  what: string,
  armsOf: (row: Readonly<Record<K, string>>) => string[],
  measures: readonly string[] | undefined,
  group: string,
): Promise<{ rows: Array<Record<K, string | number | boolean>>; tally: Tally }> {
  const tally = new Tally();
  const rows = await readCsvTable(file, {
    columns,
    exact: true,
    what,
    tally: (r) => tally.add((r as Record<string, string>).group, (r as Record<string, string>).measure, armsOf(r)),
    where: { group } as Partial<Record<K, string>>,
  });
  return { rows: measures ? rows.filter((r) => measures.includes((r as Record<string, unknown>).measure as string)) : rows, tally };
}

/**
 * Stage 3 for sweeps: each run's value of one measure and group at the last tick kept (keep "series" has
 * every tick: rows of earlier ticks are dropped as the file streams past, so a long sweep is never held in
 * memory).
 */
async function readSweepOutcomes(file: string, measure: string, group: string): Promise<{ outputs: Array<{ point: number; arm: string; value: number }>; last: number }> {
  let last = -Infinity;
  let outputs: Array<{ point: number; arm: string; value: number }> = [];
  await readCsvTable(file, {
    columns: RESULTS_COLUMNS,
    exact: true,
    what: 'the results.csv of `cpi-sim sweep`',
    where: { group, measure },
    onRow: (r) => {
      const tick = r.tick as number;
      if (tick < last) return;
      if (tick > last) {
        last = tick;
        outputs = [];
      }
      outputs.push({ point: r.point as number, arm: r.arm as string, value: r.value as number });
    },
  });
  return { outputs, last };
}

/** Read a results folder and build one chart of it. */
export async function readFolderChart(dir: string, options: FolderChartOptions = {}): Promise<FolderChart> {
  // 1–2. The folder and the kind.
  const folder = inspectResultsFolder(dir);
  const kind = chooseKind(folder, options);
  const group = options.group ?? 'all';
  const source = folder.source;
  const done = (spec: TopLevelSpec, description: string): FolderChart => ({ folder, kind, spec, description });

  // 3–4. Read what the kind needs and build it.
  if (folder.kind === 'run' || folder.kind === 'replicates') {
    const summary = folder.kind === 'replicates';
    const file = join(dir, summary ? 'summary.csv' : 'series.csv');
    const what = summary ? 'the summary.csv of `cpi-sim run --replicates`' : 'the series.csv of `cpi-sim run`';
    const columns: Readonly<Record<string, CsvColumnType>> = summary ? SUMMARY_COLUMNS : SERIES_COLUMNS;
    if (kind === 'difference') {
      const diffFile = join(dir, 'differences.csv');
      const { rows, tally } = await readTidy(diffFile, DIFFERENCE_COLUMNS, 'the differences.csv of `cpi-sim run --replicates`', (r) => [r.arm_a, r.arm_b], undefined, group);
      tally.check(diffFile, options.measure, group, options.arms);
      const measure = options.measure ?? tally.defaultMeasure(group);
      const spec = buildDifferenceSpec(rows as unknown as PairedDifferenceRow[], { measure, group, arms: options.arms, level: folder.level, source });
      return done(spec, `paired differences of ${measure}, group ${group}`);
    }
    if (kind === 'network-growth') {
      const { rows, tally } = await readTidy(file, columns, what, (r) => [r.arm], NETWORK_GROWTH_MEASURES, group);
      tally.check(file, undefined, group, options.arms);
      const arm = options.arms?.[0];
      const spec = buildNetworkGrowthSpec(rows as unknown as ReplicateSummaryRow[] | SeriesRow[], { arm, group, source, scenarioArms: folder.scenarioArms ?? tally.arms });
      return done(spec, `network growth, group ${group}, arm ${arm ?? tally.arms[0]}`);
    }
    const { rows, tally } = await readTidy(file, columns, what, (r) => [r.arm], undefined, group);
    tally.check(file, options.measure, group, options.arms);
    const measure = options.measure ?? tally.defaultMeasure(group);
    const band = (options.band ?? (summary ? 'quantiles' : 'none')) as TrajectoryBand;
    const spec = buildTrajectorySpec(rows as unknown as ReplicateSummaryRow[] | SeriesRow[], {
      measure,
      group,
      arms: options.arms,
      band,
      level: folder.level,
      source,
      scenarioArms: folder.scenarioArms ?? tally.arms,
    });
    return done(spec, `trajectories of ${measure}, group ${group}${summary ? `, bands: ${band}` : ''}`);
  }

  if (folder.kind === 'sweep') {
    const s = folder.sweep!;
    if (kind === 'sensitivity') {
      const file = join(dir, 'sensitivity.csv');
      const rows = (await readCsvTable(file, { columns: SENSITIVITY_COLUMNS, exact: true, what: 'the sensitivity.csv of `cpi-sim analyze sensitivity`' })) as unknown as SensitivityRow[];
      const bad = rows.findIndex((r) => r.method !== 'morris' && r.method !== 'sobol');
      if (bad >= 0) throw new ChartError(`${file}, line ${bad + 2}: method "${rows[bad].method}"; expected morris or sobol`);
      const measures = [...new Set(rows.map((r) => r.measure))];
      const arms = [...new Set(rows.map((r) => r.arm))];
      if (rows.length === 0) throw new ChartError(`${file}: no indices; run \`cpi-sim analyze sensitivity\` again`);
      if (options.measure !== undefined && !measures.includes(options.measure)) throw new ChartError(`--measure ${options.measure}: no indices of it in ${file}; measures: ${quoteList(measures)}`);
      if (options.arms && !arms.includes(options.arms[0])) throw new ChartError(`--arm ${options.arms[0]}: no indices for it in ${file}; arms: ${quoteList(arms)}`);
      const measure = options.measure ?? (measures.includes(DEFAULT_MEASURE) ? DEFAULT_MEASURE : measures[0]);
      const spec = buildSensitivitySpec(rows, { measure, arm: options.arms?.[0], source, scenarioArms: folder.scenarioArms });
      return done(spec, `${rows[0].method} sensitivity of ${measure}`);
    }
    // tornado, dose-response, factor-lines and heatmap: the outcome of every run.
    if (options.measure !== undefined && !s.measures.includes(options.measure)) throw new ChartError(`--measure ${options.measure}: the sweep did not keep it; measures: ${quoteList(s.measures)}`);
    if (!s.groups.includes(group)) throw new ChartError(`--group ${group}: the sweep did not keep it; groups: ${quoteList(s.groups)}`);
    const unknown = (options.arms ?? []).filter((a) => !s.arms.includes(a));
    if (unknown.length) throw new ChartError(`--arm ${unknown.join(',')}: not an arm of the sweep; arms: ${quoteList(s.arms)}`);
    const paths = s.factors.map((f) => f.path);
    const strange = (options.factors ?? []).filter((p) => !paths.includes(p));
    if (strange.length) throw new ChartError(`--factor ${strange.join(',')}: not a factor of the sweep; factors: ${quoteList(paths)}`);
    if (options.factors && (options.factors.length > 2 || (kind === 'heatmap' && options.factors.length !== 2)))
      throw new ChartError(`--factor: the ${kind} chart takes ${kind === 'heatmap' ? 'two factors (across, then down)' : 'one or two factors (the x axis, then the lines)'}, not ${options.factors.length}`);
    const measure = options.measure ?? (s.measures.includes(DEFAULT_MEASURE) ? DEFAULT_MEASURE : s.measures[0]);
    const { outputs, last } = await readSweepOutcomes(join(dir, 'results.csv'), measure, group);
    const atWeek = `${source}${Number.isFinite(last) ? ` Values at week ${last}.` : ''}`;
    if (kind === 'factor-lines' || kind === 'heatmap') {
      const grid = summarizeGridSweep({ factors: s.factors, points: s.points, outputs }, { measure, group, arms: options.arms, factors: options.factors });
      const spec = kind === 'heatmap' ? buildHeatmapSpec(grid, { source: atWeek }) : buildFactorLinesSpec(grid, { source: atWeek, scenarioArms: folder.scenarioArms });
      const shown = [grid.xFactor.path, ...(grid.lineFactor ? [grid.lineFactor.path] : [])].join(' and ');
      return done(spec, `${kind} of ${measure} over ${shown}, group ${group}`);
    }
    const effects = summarizeBarrierSweep({ factors: s.factors, points: s.points, outputs }, { kind: kind as 'tornado' | 'dose-response', measure, group, arms: options.arms });
    const spec = buildBarrierEffectSpec(effects, { source: atWeek, scenarioArms: folder.scenarioArms });
    return done(spec, `${kind} of ${measure} over ${effects.factors.length} barrier factor${effects.factors.length === 1 ? '' : 's'}, group ${group}`);
  }

  // Trial folders.
  const t = folder.trial!;
  if (kind === 'power-curve') {
    const file = join(dir, 'power-curve.csv');
    const what = 'the power-curve.csv of `cpi-sim trial --n …` or `--target-power`';
    const rows = t.comparative
      ? await readCsvTable(file, { columns: COMPARATIVE_POWER_COLUMNS, exact: true, what })
      : await readCsvTable(file, { columns: POWER_COLUMNS, exact: true, what });
    if (rows.length === 0) throw new ChartError(`${file}: no rows; the file may be cut short or corrupt`);
    const points = rows.map((r) => ({ n: r.n as number, power: r.power as number, powerLow: r.power_low as number, powerHigh: r.power_high as number, replicates: r.replicates as number }));
    const dimension = t.comparative ? String((rows[0] as Record<string, unknown>).dimension) : undefined;
    const xTitle = dimension === undefined ? undefined : sizeTitle(dimension, t.comparative!);
    const spec = buildPowerCurveSpec({ points, target: t.target, interpolatedN: t.interpolatedN }, { alpha: t.alpha, source, xTitle });
    return done(spec, `power curve over ${points.length} ${dimension === undefined ? 'numbers of referrals' : `sizes (${xTitle!.toLowerCase()})`}`);
  }
  if (kind === 'acceptability') {
    const file = join(dir, 'trial-acceptability.csv');
    const rows = await readCsvTable(file, { columns: ACCEPTABILITY_COLUMNS, exact: true, what: 'the trial-acceptability.csv of a comparative `cpi-sim trial`' });
    if (rows.length === 0) throw new ChartError(`${file}: no rows; the file may be cut short or corrupt`);
    const present = [...new Set(rows.map((r) => r.n as number))].sort((a, b) => a - b);
    const sizes = chooseAcceptabilitySizes(file, present, options.sizes, t);
    const noun = sizeNoun(t.dimension ?? 'participants', t.comparative ?? '');
    const spec = buildAcceptabilitySpec(
      sizes.map((n) => ({
        n,
        label: `${n} ${noun}`,
        points: rows.filter((r) => r.n === n).map((r) => ({ willingnessToPay: r.willingness_to_pay as number, probability: r.probability_cost_effective as number })),
      })),
      {
        currency: String(rows[0].currency),
        priceYear: t.priceYear,
        measure: t.outcome,
        replicates: t.replicates,
        sizeTitle: sizeTitle(t.dimension ?? 'participants', t.comparative ?? ''),
        icer: sizes.length === 1 ? t.icers?.get(sizes[0]) : undefined,
        source,
      },
    );
    return done(spec, `cost-effectiveness acceptability curve at ${sizes.length === 1 ? `${sizes[0]} ${noun}` : `${sizes.length} sizes (${noun})`}`);
  }
  if (t.comparative) {
    throw new ChartError(
      `${dir}: the effect-sizes chart draws the partial η² of a fidelity-groups trial (the CPI pilot's design); this folder holds ${/^[aeiou]/.test(t.comparative) ? 'an' : 'a'} ${t.comparative} design, whose effects are in trial-replicates.csv (column effect, one row per trial and outcome); draw its power with --kind power-curve (after --n or --target-power)${t.acceptability ? ' and its cost-effectiveness with --kind acceptability' : ''}`,
    );
  }
  const statistic = options.measure ?? 'partial_eta_squared';
  if (!(TRIAL_STATISTICS as readonly string[]).includes(statistic)) throw new ChartError(`--measure ${statistic}: not a statistic of the effect-sizes chart; allowed: ${quoteList(TRIAL_STATISTICS)}`);
  const file = join(dir, 'trial-replicates.csv');
  const rows = (await readCsvTable(file, { columns: TRIAL_COLUMNS, what: 'the trial-replicates.csv of `cpi-sim trial`' })) as unknown as TrialReplicateRow[];
  if (rows.length === 0) throw new ChartError(`${file}: no simulated trials; the file may be cut short or corrupt`);
  const published = statistic === 'partial_eta_squared' ? t.published?.partialEtaSquared : undefined;
  const spec = buildEffectSizeSpec(rows, {
    statistic: statistic as TrialStatistic,
    alpha: t.alpha,
    outcome: t.outcome,
    reference: published !== undefined ? { value: published, label: 'published' } : undefined,
    source,
  });
  return done(spec, `distribution of ${statistic} over ${rows.length} simulated trials`);
}
