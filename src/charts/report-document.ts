// The grant writer's report from a replicates results folder (and optionally a virtual-trial folder): reads
// the analysis files, states the headline figures (output/report-figures.ts), draws the charts as SVG
// (trajectories with bands, paired differences, network growth, the trial's power or effect sizes) and puts
// it all in one self-contained HTML page (output/report-html.ts). A comparative trial (CPI against usual care)
// becomes the plan of the next study (report-planning.ts). Part of charts/; Node only (reads files).
// Stages: (1) the folders, (2) the analysis tables, (3) figures, (4) charts, (5) the trial, (6) the page.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { basename, dirname, join } from 'node:path';
import type { PairedDifferenceRow, ReplicateSummaryRow } from '../analysis/replicates.js';
import { buildReportFigures, type ReportFigures } from '../output/report-figures.js';
import { buildReportHtml, listReportParameters, type ReportChart, type ReportTrial } from '../output/report-html.js';
import type { ReportPlanning } from '../output/report-planning-html.js';
import { labelArms } from '../output/report-labels.js';
import { canonicalJson } from '../output/canonical-json.js';
import { listShippedScenarios, loadScenario } from '../scenario/load.js';
import { TRIALS_DIR } from '../trial/load-trial-design.js';
import { DIFFERENCE_COLUMNS, SUMMARY_COLUMNS } from '../output/replicate-files.js';
import { readPackageInfo } from '../output/package-info.js';
import { formatNumber } from '../output/format-number.js';
import { ChartError } from './chart-error.js';
import { readCsvTable, type CsvColumnType } from './csv-table.js';
import { inspectResultsFolder } from './results-folder.js';
import { readFolderChart, type FolderChartOptions } from './folder-chart.js';
import { renderChart } from './render-chart.js';
import { readReportPlanning } from './report-planning.js';

export interface ReportOptions {
  /** A `cpi-sim trial` results folder to add: a fidelity-groups trial's power and effect sizes, or the plan of a comparative trial. */
  readonly trialDir?: string;
  /** The report file as the reproduce command should name it (default report.html in the folder). */
  readonly out?: string;
  /**
   * How a path (the folders, the report, a trial design file) is written in the reproduce commands, so the
   * page carries no path of the machine that made it (the CLI: relative to the current folder, else the
   * base name). Default: as given.
   */
  readonly showPath?: (path: string) => string;
}

export interface ReportDocument {
  readonly html: string;
  readonly figures: ReportFigures;
  readonly charts: readonly string[];
}

/** The charts of the report, in order: what each shows and how to read it. */
const REPORT_CHARTS: ReadonlyArray<{ id: string; options: FolderChartOptions; title: string; caption: (level: string) => string }> = [
  {
    id: 'chart-rg',
    options: { kind: 'trajectory', measure: 'rg_total' },
    title: 'Access to social capital over time, by option',
    caption: () => 'Average resource-generator score of everyone referred, week by week. Lines are the average over runs; the darker band holds the middle 50% of runs and the lighter band 90%.',
  },
  {
    id: 'chart-new-ties',
    options: { kind: 'trajectory', measure: 'new_ties' },
    title: 'New social ties over time, by option',
    caption: () => 'Average number of live ties formed since referral, per person. Bands as above: 50% and 90% of runs.',
  },
  {
    id: 'chart-difference',
    options: { kind: 'difference', measure: 'rg_total' },
    title: 'Paired difference in access to social capital',
    caption: (level) => `The difference between the options within each run (same people, same chance events), with its ${level} confidence interval; the dashed line is no difference.`,
  },
  {
    id: 'chart-wellbeing',
    options: { kind: 'trajectory', measure: 'wellbeing' },
    title: 'Mental wellbeing (proxy) over time, by option',
    caption: () => 'A proxy on the 14–70 range of WEMWBS computed from the model (not the scale itself). Bands: 50% and 90% of runs.',
  },
  {
    id: 'chart-network',
    options: { kind: 'network-growth' },
    title: 'Network growth by origin of ties',
    caption: () => 'Average ties per person in the first option, by where they came from, week by week.',
  },
];

const SUMMARY_TYPES = Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, c === 'arm' || c === 'group' || c === 'measure' ? 'string' : 'number'])) as Record<(typeof SUMMARY_COLUMNS)[number], CsvColumnType>;
const DIFFERENCE_TYPES = Object.fromEntries(DIFFERENCE_COLUMNS.map((c) => [c, c === 'arm_a' || c === 'arm_b' || c === 'group' || c === 'measure' ? 'string' : 'number'])) as Record<(typeof DIFFERENCE_COLUMNS)[number], CsvColumnType>;

function readJson(file: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new ChartError(`${file}: no such file; expected ${what}`);
    throw new ChartError(`${file}: not valid JSON (${(err as Error).message}); expected ${what}; the folder may be corrupt`);
  }
  throw new ChartError(`${file}: expected ${what} (a JSON object); the folder may be corrupt`);
}

const num = z.number().nullable().transform((v) => v ?? NaN);
/** What the report reads of a replicates folder's manifest. */
const REPLICATES_MANIFEST = z.looseObject({
  arms: z.array(z.looseObject({ name: z.string(), description: z.string().optional() })).min(1),
  replicates: z.number().int().min(2),
  ticks: z.number().int().min(0),
  users: z.number().int().min(1),
  level: z.number().gt(0).lt(1).optional(),
  seed: z.number(),
});
/** What the report reads of scenario.json before its parts are listed. */
const SCENARIO_DOCUMENT = z.looseObject({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  arms: z.array(z.looseObject({ name: z.string() })),
  parameters: z.record(z.string(), z.unknown()),
});
/** What the report reads of a trial's trial-summary.json. */
const TRIAL_SUMMARY = z.looseObject({
  design: z.looseObject({ name: z.string().optional(), title: z.string().optional(), referrals: z.number().optional() }),
  results: z
    .array(
      z.looseObject({
        referrals: z.number(),
        summary: z.looseObject({
          replicates: z.number(),
          alpha: z.number(),
          power: num,
          powerLow: num,
          powerHigh: num,
          partialEtaSquared: z.looseObject({ median: num, low: num, high: num }),
          p: z.looseObject({ median: num }),
        }),
      }),
    )
    .min(1),
  powerCurve: z.looseObject({ smallestN: z.number().nullable(), interpolatedN: z.number().nullable() }).nullable().optional(),
});
const issues = (error: z.ZodError) => error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`).join('; ');

/** A part of the report read from scenario.json; a document of the wrong shape deeper down is a ChartError. */
function readScenarioPart<T>(dir: string, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof TypeError) throw new ChartError(`${join(dir, 'scenario.json')}: not the resolved scenario \`cpi-sim run\` writes (${err.message}); the folder may be corrupt`);
    throw err;
  }
}

const shellPath = (p: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);

/**
 * The shipped scenario a results folder's scenario.json is, as `cpi-sim run` arguments ("pilot-england",
 * "teaching-barriers --ticks 8 --arms a,b"), or undefined when it is not one: any other change (--set, an
 * edited file) makes the documents differ.
 */
export function shippedRunReference(document: Record<string, unknown>): string | undefined {
  const name = String(document.name ?? '');
  if (!listShippedScenarios().includes(name)) return undefined;
  let shipped: Record<string, unknown>;
  try {
    shipped = loadScenario(name).document as unknown as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const armNames = ((document.arms ?? []) as Array<{ name?: unknown }>).map((a) => a.name);
  const shippedArms = (shipped.arms ?? []) as Array<{ name: string }>;
  const arms = shippedArms.filter((a) => armNames.includes(a.name));
  const expected = { ...shipped, seed: document.seed, ticks: document.ticks, arms };
  if (canonicalJson(expected) !== canonicalJson(document)) return undefined;
  const flags = [
    document.seed !== shipped.seed ? ` --seed ${String(document.seed)}` : '',
    document.ticks !== shipped.ticks ? ` --ticks ${String(document.ticks)}` : '',
    arms.length !== shippedArms.length ? ` --arms ${arms.map((a) => a.name).join(',')}` : '',
  ];
  return name + flags.join('');
}

export async function buildReportDocument(dir: string, options: ReportOptions = {}): Promise<ReportDocument> {
  // 1. The folders.
  const folder = inspectResultsFolder(dir);
  if (folder.kind !== 'replicates')
    throw new ChartError(
      `${dir}: a report needs the results of several replicates (summary.csv and differences.csv), but this is a ${folder.kind} folder; run \`cpi-sim run [scenario] --replicates 100 --out DIR\` and report on DIR${folder.kind === 'trial' ? ' (add this trial folder with --trial)' : ''}`,
    );
  const trialFolder = options.trialDir === undefined ? undefined : inspectResultsFolder(options.trialDir);
  if (trialFolder && trialFolder.kind !== 'trial') throw new ChartError(`${options.trialDir}: --trial needs a folder written by \`cpi-sim trial\` (with trial-summary.json), but this is a ${trialFolder.kind} folder`);
  const manifest = readJson(join(dir, 'manifest.json'), 'the manifest.json of `cpi-sim run --replicates`');
  const manifestText = readFileSync(join(dir, 'manifest.json'), 'utf8');
  const scenario = readJson(join(dir, 'scenario.json'), 'the scenario.json of `cpi-sim run --replicates`');
  const scenarioText = readFileSync(join(dir, 'scenario.json'), 'utf8');
  const checkedManifest = REPLICATES_MANIFEST.safeParse(manifest);
  if (!checkedManifest.success)
    throw new ChartError(`${join(dir, 'manifest.json')}: expected arms, replicates (2 or more), ticks and users, as \`cpi-sim run --replicates\` writes (${issues(checkedManifest.error)}); the folder may be corrupt`);
  const { arms, replicates, ticks, users } = checkedManifest.data;
  const level = checkedManifest.data.level ?? 0.95;
  const checkedScenario = SCENARIO_DOCUMENT.safeParse(scenario);
  if (!checkedScenario.success)
    throw new ChartError(`${join(dir, 'scenario.json')}: not the resolved scenario \`cpi-sim run\` writes (${issues(checkedScenario.error)}); the folder may be corrupt`);

  // 2. The analysis tables (only the final tick is needed for the figures).
  const final = String(ticks);
  const summaries = (await readCsvTable(join(dir, 'summary.csv'), { columns: SUMMARY_TYPES, exact: true, where: { tick: final, group: 'all' }, what: 'the summary.csv of `cpi-sim run --replicates`' })) as unknown as ReplicateSummaryRow[];
  const differences = (await readCsvTable(join(dir, 'differences.csv'), { columns: DIFFERENCE_TYPES, exact: true, where: { tick: final, group: 'all' }, what: 'the differences.csv of `cpi-sim run --replicates`' })) as unknown as PairedDifferenceRow[];
  if (!summaries.length) throw new ChartError(`${join(dir, 'summary.csv')}: no rows for group "all" at the final tick ${final}; the folder may be incomplete or from another scenario`);

  // 3. Figures, with the arms titled for readers (in the folder's order).
  const titled = readScenarioPart(dir, () => labelArms(scenario, formatNumber));
  const reportArms = arms.map((a) => titled.find((t) => t.name === a.name) ?? { name: a.name, title: a.name, description: a.description ?? '', cpi: true, changes: [] });
  const withoutCpi = reportArms.filter((a) => !a.cpi).map((a) => a.name);
  const figures = buildReportFigures({ summaries, differences, arms: arms.map((a) => a.name), users, ticks, level, replicates, withoutCpi });

  // 4. Charts, as SVG.
  const pct = `${formatNumber(Math.round(level * 1000) / 10)}%`;
  const charts: ReportChart[] = [];
  for (const c of REPORT_CHARTS) {
    if (c.options.kind === 'difference' && arms.length < 2) continue;
    const chart = await readFolderChart(dir, c.options);
    charts.push({ id: c.id, title: c.title, caption: c.caption(pct), svg: await renderChart(chart.spec, 'svg') });
  }

  // 5. The trial: a fidelity-groups trial's power and effect sizes, or the plan of a comparative trial.
  const show = options.showPath ?? ((p: string) => p);
  const trialManifest = trialFolder ? readJson(join(options.trialDir!, 'manifest.json'), 'the manifest.json of `cpi-sim trial`') : undefined;
  const designFile = trialManifest && typeof trialManifest.design === 'string' ? trialManifest.design : undefined;
  const design = designFile === undefined ? 'DESIGN' : dirname(designFile) === TRIALS_DIR && designFile.endsWith('.json') ? basename(designFile, '.json') : show(designFile);
  let trial: ReportTrial | undefined;
  let planning: ReportPlanning | undefined;
  if (trialFolder?.trial?.comparative) planning = await readReportPlanning(options.trialDir!, trialFolder, { designRef: shellPath(design) });
  else if (trialFolder) {
    const summaryFile = join(options.trialDir!, 'trial-summary.json');
    const checked = TRIAL_SUMMARY.safeParse(readJson(summaryFile, 'the trial-summary.json of `cpi-sim trial`'));
    if (!checked.success) throw new ChartError(`${summaryFile}: not the trial-summary.json \`cpi-sim trial\` writes (${issues(checked.error)}); the folder may be corrupt`);
    const t = checked.data;
    const design = t.design;
    const results = t.results;
    if (!results.length) throw new ChartError(`${join(options.trialDir!, 'trial-summary.json')}: no results; the folder may be corrupt`);
    // The design's own number of referrals when it was simulated, else the first simulated.
    const main = results.find((r) => r.referrals === design.referrals) ?? results[0];
    const s = main.summary as {
      replicates: number;
      alpha: number;
      power: number;
      powerLow: number;
      powerHigh: number;
      partialEtaSquared: { median: number; low: number; high: number };
      p: { median: number };
    };
    const curve = t.powerCurve ?? null;
    const chart = await readFolderChart(options.trialDir!, { kind: trialFolder.trial!.powerCurve ? 'power-curve' : 'effect-sizes' });
    trial = {
      name: design.name ?? 'trial',
      title: design.title,
      replicates: s.replicates,
      referrals: main.referrals,
      alpha: s.alpha,
      power: s.power,
      powerLow: s.powerLow,
      powerHigh: s.powerHigh,
      medianPartialEtaSquared: s.partialEtaSquared.median ?? NaN,
      partialEtaSquaredLow: s.partialEtaSquared.low ?? NaN,
      partialEtaSquaredHigh: s.partialEtaSquared.high ?? NaN,
      medianP: s.p.median ?? NaN,
      smallestN: curve?.smallestN ?? null,
      interpolatedN: curve?.interpolatedN ?? null,
      chart: {
        id: 'chart-trial',
        title: chart.kind === 'power-curve' ? 'Power by number of referrals' : 'Effect sizes across simulated trials',
        caption:
          chart.kind === 'power-curve'
            ? 'The share of simulated trials whose analysis found the effect, for each number of people referred, with exact 95% intervals; the line marks 80% power.'
            : 'The distribution of the effect size the trial’s analysis found across simulated trials.',
        svg: await renderChart(chart.spec, 'svg'),
      },
    };
  }

  // 6. The page. The reproduce commands name a shipped scenario or design where the folder's is one, so
  // they work in an empty folder; otherwise the folder's own scenario.json.
  const shown = show(dir);
  const shownTrial = options.trialDir === undefined ? undefined : show(options.trialDir);
  const shipped = shippedRunReference(scenario);
  const trialFlags = planning ? comparativeTrialFlags(trialManifest!, planning) : trial && trialManifest && Array.isArray(trialManifest.referrals) && trialManifest.referrals.length > 1 ? ` --n ${trialManifest.referrals.join(',')}` : '';
  const trialReplicates = planning ? planning.planned.replicates : trial?.replicates;
  const reproduce = [
    `cpi-sim run ${shipped ?? shellPath(join(shown, 'scenario.json'))} --replicates ${replicates}${level !== 0.95 ? ` --level ${level}` : ''} --out ${shellPath(shown)} --force`,
    ...(trialManifest ? [`cpi-sim trial ${shellPath(design)} --replicates ${trialReplicates}${trialFlags} --seed ${String(trialManifest.seed)} --out ${shellPath(shownTrial!)} --force`] : []),
    `cpi-sim report ${shellPath(shown)}${shownTrial ? ` --trial ${shellPath(shownTrial)}` : ''} --out ${shellPath(show(options.out ?? join(dir, 'report.html')))}`,
  ];
  const reproduceNote = shipped ? undefined : `The scenario is not one shipped with cpi-sim: the first command reads the results folder’s own scenario.json (printed in full above).`;
  const pkg = readPackageInfo();
  const html = buildReportHtml({
    scenario: { name: String(scenario.name ?? ''), title: String(scenario.title ?? scenario.name ?? ''), description: String(scenario.description ?? '') },
    seed: Number(manifest.seed),
    ticks,
    arms: reportArms,
    figures,
    charts,
    trial,
    planning,
    parameters: readScenarioPart(dir, () => listReportParameters(scenario.parameters)),
    manifestText,
    scenarioText,
    packageVersion: pkg.version,
    reproduce,
    reproduceNote,
  });
  const trialCharts = [trial?.chart, planning?.powerChart, planning?.acceptabilityChart].filter((c): c is ReportChart => c !== undefined);
  return { html, figures, charts: charts.map((c) => c.id).concat(trialCharts.map((c) => c.id)) };
}

/**
 * The `cpi-sim trial` flags that made a comparative trial folder: the sizes of --n (those the search did not
 * try), --vary when the sizes are not the design's default dimension, and the search's --target-power and
 * --max-size.
 */
function comparativeTrialFlags(manifest: Record<string, unknown>, planning: ReportPlanning): string {
  const sizes = Array.isArray(manifest.sizes) ? (manifest.sizes as number[]) : planning.sizes.map((s) => s.n);
  const target = typeof manifest.targetPower === 'number' ? manifest.targetPower : undefined;
  const searched = new Set(target !== undefined ? (planning.search?.evaluated ?? []) : []);
  const given = sizes.filter((n) => !searched.has(n));
  const ownOnly = target === undefined && given.length === 1 && given[0] === planning.ownSize;
  const defaultDimension = planning.type === 'individual' ? 'participants' : 'clusters';
  return [
    planning.dimension !== defaultDimension ? ` --vary ${planning.dimension}` : '',
    given.length && !ownOnly ? ` --n ${given.join(',')}` : '',
    target !== undefined ? ` --target-power ${target}${planning.search ? ` --max-size ${planning.search.maxSize}` : ''}` : '',
  ].join('');
}
