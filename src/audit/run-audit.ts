// Run a mechanism audit into a folder: the plan becomes a one-at-a-time sweep with common random numbers and
// a digest per run (runs/, a resumable sweep folder run on the worker pool), then analyse-audit's tables,
// the chart and a manifest. Part of audit/ (Node only). Stages: (1) the sweep of the plan, checked before
// anything is written (a value that cannot be run is an AuditError naming the parameter), (2) the folder,
// (3) the runs, (4) read them back, (5) analyse, (6) write audit.csv, audit-parameters.csv, audit-pairs.csv,
// audit.svg and, last, manifest.json.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { Scenario } from '../scenario/compile.js';
import { GROUP_MEASURES } from '../metrics/groups.js';
import { resolveSweep } from '../sweep/load-sweep.js';
import { planSweep, type SweepPlan } from '../sweep/plan.js';
import { runSweep, type SweepEstimate, type SweepProgress, type SweepSummary } from '../sweep/run-sweep.js';
import { SweepError } from '../sweep/sweep-error.js';
import { MINORITY_GROUP } from '../sweep/sweep-runs.js';
import { SWEEP_FILES, parseRunsLine } from '../sweep/sweep-output.js';
import type { OneAtATimeLabel } from '../sweep/designs.js';
import { csvField } from '../output/csv.js';
import { formatNumber } from '../output/format-number.js';
import { sha256Hex } from '../output/canonical-json.js';
import { readPackageInfo } from '../output/package-info.js';
import { checkOutputFolder, writeFileAtomically, RESULTS_MARKER } from '../output/write-folder.js';
import { OutputError } from '../output/output-error.js';
import { AuditError, type AuditIssue } from './audit-error.js';
import type { AuditPlan } from './plan-audit.js';
import { analyseAudit, type AuditAnalysis, type AuditRuns, type PointRuns } from './analyse-audit.js';
import { buildAuditChartSpec } from './audit-chart.js';

export const AUDIT_FILES = {
  runs: 'runs',
  audit: 'audit.csv',
  parameters: 'audit-parameters.csv',
  pairs: 'audit-pairs.csv',
  chart: 'audit.svg',
  manifest: RESULTS_MARKER,
} as const;

export const AUDIT_MANIFEST_FORMAT = 'cpi-sim audit manifest, version 1';

export interface AuditOptions {
  readonly out: string;
  /** K, seeds per point (default 5). */
  readonly seeds?: number;
  readonly workers?: number;
  readonly force?: boolean;
  readonly command?: string;
  readonly chunkMs?: number;
  readonly onEstimate?: (estimate: SweepEstimate) => void;
  readonly onProgress?: (progress: SweepProgress) => void;
  readonly onLockTakeover?: (message: string) => void;
  /** Render the chart (default true; an SVG through the vega pipeline). */
  readonly chart?: boolean;
}

export interface AuditResult {
  readonly analysis: AuditAnalysis;
  readonly sweep: SweepSummary;
  readonly files: readonly string[];
  readonly wallMs: number;
}

export const DEFAULT_AUDIT_SEEDS = 5;

/**
 * The sweep that runs an audit plan: one-at-a-time over every screened parameter (its ends as a list of
 * values), the plan's pairs, K replicates with common random numbers and a digest, the audited arm only,
 * groups all and minority, every measure at the final tick. Throws AuditError when a value cannot be run.
 */
export function planAuditSweep(scenarioRef: string, scenario: Scenario, plan: AuditPlan, seeds = DEFAULT_AUDIT_SEEDS): SweepPlan {
  const screened = plan.factors.filter((f) => f.ends.length > 0);
  const ref = isAbsolute(scenarioRef) || !existsSync(scenarioRef) ? scenarioRef : resolve(scenarioRef);
  const doc = {
    name: `audit-${scenario.name}`,
    description: `mechanism audit of ${scenario.name}, arm ${plan.arm}: every parameter alone at the ends of its range, ${seeds} seeds, common random numbers`,
    scenario: ref,
    factors: screened.map((f) => ({ path: f.path, values: f.ends.map((e) => e.value) })),
    design: { type: 'one-at-a-time', ...(plan.pairs.length ? { pairs: plan.pairs.map((p) => [p.a, p.b]) } : {}) },
    replicates: seeds,
    arms: [plan.arm],
    groups: ['all', MINORITY_GROUP],
    measures: [...GROUP_MEASURES],
    keep: 'final',
    commonRandomNumbers: true,
    digest: true,
  };
  try {
    return planSweep(resolveSweep(doc, `audit of ${scenario.name}`));
  } catch (err) {
    if (!(err instanceof SweepError)) throw err;
    // factors.3.values.1 → the parameter and its end.
    const issues = err.issues.map((i): AuditIssue => {
      const m = /^factors\.(\d+)(?:\.values\.(\d+))?/.exec(i.path);
      if (!m) return { path: i.path, message: i.message };
      const f = screened[Number(m[1])];
      const end = m[2] !== undefined ? f.ends[Number(m[2])] : undefined;
      return { path: f.path, message: `${end ? `its ${end.end} end (${String(end.value)}) cannot be run: ` : ''}${i.message}` };
    });
    throw new AuditError(scenario.name, issues);
  }
}

/** Refuse an output place that is neither new, nor an audit folder (finished or interrupted), unless forced. */
function checkAuditFolder(dir: string, force: boolean): void {
  if (!existsSync(dir)) return checkOutputFolder(dir);
  if (!statSync(dir).isDirectory()) throw new OutputError(`cannot write the audit to ${dir}: it is a file, not a folder`);
  const names = readdirSync(dir);
  if (names.length === 0) return;
  const manifest = join(dir, AUDIT_FILES.manifest);
  if (existsSync(manifest)) {
    let format: unknown;
    try {
      format = (JSON.parse(readFileSync(manifest, 'utf8')) as { format?: unknown }).format;
    } catch {
      format = undefined;
    }
    if (format === AUDIT_MANIFEST_FORMAT) return;
    return checkOutputFolder(dir, { force, replaces: ['audit'] });
  }
  // An interrupted audit: only its runs/ folder (and files of ours being written).
  const ours = new Set<string>(Object.values(AUDIT_FILES));
  const other = names.filter((n) => !ours.has(n) && !n.startsWith('.'));
  if (other.length) throw new OutputError(`refusing to write the audit into ${dir}: it holds ${other.slice(0, 3).join(', ')}${other.length > 3 ? ' …' : ''}, which an audit did not write; choose another --out`);
}

const NUMBER = /^-?(\d|\.\d|Infinity)/;

/** Read runs/ back: per point its failures, digests and final values. */
export function readAuditRuns(dir: string, plan: SweepPlan): PointRuns[] {
  const K = plan.replicates;
  const points = plan.points.map(() => ({ failed: 0, digests: new Array<string>(K).fill(''), values: new Map<string, number[]>() }));
  const runsLines = readFileSync(join(dir, SWEEP_FILES.runs), 'utf8').split('\n').slice(1);
  for (const line of runsLines) {
    if (!line) continue;
    const r = parseRunsLine(line);
    const p = points[r.point];
    if (r.status !== 'ok') p.failed++;
    else p.digests[r.replicate] = line.slice(line.lastIndexOf(',') + 1);
  }
  const text = readFileSync(join(dir, SWEEP_FILES.results), 'utf8');
  let i = text.indexOf('\n') + 1;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    // run_id,point,replicate,arm,seed,tick,group,measure,value
    const f = text.slice(i, j).split(',');
    i = j + 1;
    if (f.length < 9 || !NUMBER.test(f[8])) continue;
    const p = points[Number(f[1])];
    const key = `${f[6]}:${f[7]}`;
    let arr = p.values.get(key);
    if (!arr) p.values.set(key, (arr = new Array<number>(K).fill(NaN)));
    arr[Number(f[2])] = Number(f[8]);
  }
  return points;
}

/** The runs of the plan's default point, each factor's ends and each pair's corners. */
export function auditRunsOf(auditPlan: AuditPlan, sweepPlan: SweepPlan, points: readonly PointRuns[]): AuditRuns {
  const screened = auditPlan.factors.filter((f) => f.ends.length > 0);
  const ends = new Map<string, PointRuns[]>();
  const pairs = new Map<string, PointRuns[]>();
  sweepPlan.design.points.forEach((p, index) => {
    const label = p.label as OneAtATimeLabel;
    if (label.factors.length === 1) {
      const f = screened[label.factors[0]];
      const list = ends.get(f.path) ?? [];
      list[label.ends[0]] = points[index];
      ends.set(f.path, list);
    } else if (label.factors.length === 2) {
      const [a, b] = label.factors.map((j) => screened[j]);
      const key = `${a.path}|${b.path}`;
      const list = pairs.get(key) ?? [];
      list[label.ends[0] * b.ends.length + label.ends[1]] = points[index];
      pairs.set(key, list);
    }
  });
  return { default: points[0], ends, pairs };
}

const num = (x: number) => (Number.isNaN(x) ? '' : Number.isFinite(x) ? formatNumber(x) : x > 0 ? 'Inf' : '-Inf');
const cell = (v: unknown) => csvField(typeof v === 'number' ? num(v) : String(v));
const line = (cells: readonly unknown[]) => cells.map(cell).join(',') + '\n';

export const AUDIT_COLUMNS = ['parameter', 'role', 'end', 'value', 'group', 'outcome', 'expected', 'default_mean', 'changed_mean', 'paired_difference', 'relative_change', 'paired_t', 'n_seeds', 'verdict'] as const;
export const AUDIT_PARAMETER_COLUMNS = ['parameter', 'role', 'ends', 'verdict', 'accepted', 'reason'] as const;
export const AUDIT_PAIR_COLUMNS = ['parameter_a', 'end_a', 'value_a', 'parameter_b', 'end_b', 'value_b', 'outcome', 'default_mean', 'effect_a', 'effect_b', 'joint_effect', 'sum_of_single', 'interaction', 'relative_interaction', 'paired_t', 'n_seeds'] as const;

/** audit.csv: one row per parameter × end × outcome. */
export function formatAuditCsv(a: AuditAnalysis): string {
  return (
    AUDIT_COLUMNS.join(',') +
    '\n' +
    a.rows
      .map((r) => line([r.parameter, r.role, r.end, r.value, r.scope, r.outcome, r.expected, r.effect.defaultMean, r.effect.changedMean, r.effect.difference, r.effect.relative, r.effect.t, r.effect.n, r.verdict]))
      .join('')
  );
}

/** audit-parameters.csv: one row per parameter with its verdict, the scenario's acceptance and the reason. */
export function formatAuditParametersCsv(a: AuditAnalysis): string {
  return (
    AUDIT_PARAMETER_COLUMNS.join(',') +
    '\n' +
    a.parameters.map((p) => line([p.parameter, p.role, p.ends.map((e) => `${e.end}=${typeof e.value === 'number' ? num(e.value) : e.value}`).join(' '), p.verdict, p.accepted ?? '', p.reason])).join('')
  );
}

/** audit-pairs.csv: per pair, corner and outcome, the joint effect against the sum of the single effects. */
export function formatAuditPairsCsv(a: AuditAnalysis): string {
  return (
    AUDIT_PAIR_COLUMNS.join(',') +
    '\n' +
    a.pairs
      .map((p) => line([p.a, p.endA, p.valueA, p.b, p.endB, p.valueB, p.outcome, p.defaultMean, p.effectA, p.effectB, p.joint, p.effectA + p.effectB, p.interaction, p.relativeInteraction, p.t, p.n]))
      .join('')
  );
}

/** Run (or resume, or re-read) an audit into options.out. */
export async function runAudit(scenarioRef: string, scenario: Scenario, plan: AuditPlan, options: AuditOptions): Promise<AuditResult> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const dir = options.out;
  // 1. The sweep (every value compiled), 2. the folder: both before anything is written.
  const sweepPlan = planAuditSweep(scenarioRef, scenario, plan, options.seeds ?? DEFAULT_AUDIT_SEEDS);
  checkAuditFolder(dir, options.force ?? false);
  // 3. The runs: resumable; a big audit starts without asking (the command is the question).
  const runsDir = join(dir, AUDIT_FILES.runs);
  const sweep = await runSweep(sweepPlan, {
    out: runsDir,
    workers: options.workers,
    force: options.force,
    yes: true,
    chunkMs: options.chunkMs,
    command: options.command,
    onEstimate: options.onEstimate,
    onProgress: options.onProgress,
    onLockTakeover: options.onLockTakeover,
  });
  // 4–5. Read back and analyse.
  const runs = auditRunsOf(plan, sweepPlan, readAuditRuns(runsDir, sweepPlan));
  const accepted = new Map(scenario.accepted.map((a) => [a.parameter, a.reason]));
  const analysis = analyseAudit(plan.factors, plan.pairs, runs, accepted);
  // 6. Files, manifest last.
  const files: Array<{ name: string; text: string; description: string }> = [
    { name: AUDIT_FILES.audit, text: formatAuditCsv(analysis), description: `one row per parameter × end × outcome: ${AUDIT_COLUMNS.join(',')}` },
    { name: AUDIT_FILES.parameters, text: formatAuditParametersCsv(analysis), description: `one row per parameter: ${AUDIT_PARAMETER_COLUMNS.join(',')}` },
  ];
  if (plan.pairs.length) files.push({ name: AUDIT_FILES.pairs, text: formatAuditPairsCsv(analysis), description: `per coupled pair, corner and outcome: ${AUDIT_PAIR_COLUMNS.join(',')}` });
  if (options.chart !== false) {
    const spec: TopLevelSpec = buildAuditChartSpec(analysis, { scenario: scenario.name, arm: plan.arm, seeds: sweepPlan.replicates });
    const { renderChart } = await import('../charts/render-chart.js');
    files.push({ name: AUDIT_FILES.chart, text: await renderChart(spec, 'svg'), description: 'heat map: every mechanism parameter × headline outcome, coloured by the signed relative effect, marked by verdict' });
  }
  for (const f of files) writeFileAtomically(join(dir, f.name), f.text, { force: true });
  const runFiles = sweep.files.map((name) => `${AUDIT_FILES.runs}/${name}`);
  const pkg = readPackageInfo();
  const counts = Object.fromEntries(['acts', 'dead', 'near-dead', 'contradicts', 'leaks', 'failed'].map((v) => [v, analysis.parameters.filter((p) => p.verdict === v).length]));
  const manifest = {
    format: AUDIT_MANIFEST_FORMAT,
    package: { name: pkg.name, version: pkg.version },
    scenario: { ref: scenarioRef, name: scenario.name, files: scenario.files },
    arm: plan.arm,
    seeds: sweepPlan.replicates,
    parameters: analysis.parameters.length,
    verdicts: counts,
    unaccepted_findings: analysis.parameters.filter((p) => p.verdict !== 'acts' && p.accepted === undefined).length,
    pairs: plan.pairs.length,
    thresholds: { min_relative_change: 0.01, min_abs_paired_t: 3 },
    files: [
      ...files.map((f) => ({ name: f.name, description: f.description, bytes: Buffer.byteLength(f.text, 'utf8'), sha256: sha256Hex(f.text) })),
      ...runFiles.map((name) => ({ name, description: 'the audit\'s one-at-a-time sweep (see its own manifest)' })),
    ],
    run: { command: options.command ?? 'runAudit', started_at: startedAt, wall_time_ms: Math.round(performance.now() - t0), workers: options.workers ?? null, node: process.version },
  };
  writeFileAtomically(join(dir, AUDIT_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n', { force: true });
  return { analysis, sweep, files: [...files.map((f) => f.name), `${AUDIT_FILES.runs}/`, AUDIT_FILES.manifest], wallMs: performance.now() - t0 };
}

