// The short human summary `cpi-sim run` prints at the end: per arm, baseline → final means over all
// users of the headline outcomes (network size and growth, ties outside services, RG-UK score, Lin's
// extensity and upper reachability, confidence, wellbeing) and the flow counts at the end, under plain names
// with units, saying what a single run cannot tell. Part of output/; pure.
import type { RunResult } from '../engine/run.js';
import type { ReplicateSeries } from '../engine/run-replicates.js';
import type { Scenario } from '../scenario/compile.js';
import type { PairedDifferenceRow, ReplicateSummaryRow } from '../analysis/replicates.js';
import { labelMeasure } from '../metrics/measure-labels.js';
export const SUMMARY_MEASURES = [
  'network_size',
  'new_ties',
  'outside_services_ties',
  'rg_total',
  'extensity',
  'upper_reachability',
  'social_confidence',
  'wellbeing',
] as const;
export const SUMMARY_COUNTS = ['engaged', 'graduated', 'dropped_out'] as const;

const fixed = (v: number) => (v === v ? v.toFixed(2) : 'n/a');
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));

/** "Network size (ties)": the measure's plain name, with its unit unless the name already says it. */
export function summaryLabel(measure: string, suffix = ''): string {
  const { label, unit } = labelMeasure(measure);
  const text = label + suffix;
  if (!unit || text.toLowerCase().includes(unit.toLowerCase())) return text;
  return text.endsWith(')') ? `${text.slice(0, -1)}, ${unit})` : `${text} (${unit})`;
}

/** Lines that say what the proxies in the table are. */
function proxyNotes(measures: readonly string[]): string[] {
  return measures.includes('wellbeing')
    ? ['Wellbeing is a proxy computed from the model\'s state on the 14–70 range of WEMWBS; it is not the scale.']
    : [];
}

/** Columns padded to the widest cell, the last left ragged. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)) + 3);
  return rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : pad(c, widths[j]))).join('').trimEnd());
}

export interface RunSummaryOptions {
  /** The command that would run replicates of this run (shown in the note that one run has no intervals). */
  readonly replicatesCommand?: string;
}

export function formatRunSummary(result: RunResult, options: RunSummaryOptions = {}): string {
  const G = result.groups.length;
  const M = result.measures.length;
  const g = result.groups.indexOf('all');
  const value = (arm: number, t: number, measure: string) => {
    const m = result.measures.indexOf(measure);
    return m < 0 ? NaN : result.arms[arm].series[(t * G + g) * M + m];
  };
  const T = result.ticks;
  const rows: string[][] = [['', ...result.arms.map((a) => a.name)]];
  for (const m of SUMMARY_MEASURES) rows.push([summaryLabel(m), ...result.arms.map((_, i) => `${fixed(value(i, 0, m))} → ${fixed(value(i, T, m))}`)]);
  for (const c of SUMMARY_COUNTS) rows.push([summaryLabel(c, c === 'engaged' ? ' at the end' : ' by the end'), ...result.arms.map((_, i) => String(value(i, T, c)))]);
  const s = result.scenario;
  const lines = [
    `${s.name}: ${s.title}`,
    `One run (seed ${result.seed}) of ${result.population.users} service users over ${T} weeks. Means over all service users: at the start → after ${T} weeks; counts of people at the end.`,
    '',
    ...table(rows),
    '',
    ...proxyNotes(SUMMARY_MEASURES),
    'This is one run, without intervals: small differences between arms may be chance.',
    `For means with 95% intervals and paired differences between arms, run replicates${options.replicatesCommand ? `: ${options.replicatesCommand}` : ' (--replicates 100)'}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * The summary `cpi-sim run --replicates N` prints: per arm, the final mean over all users of the headline
 * outcomes with its confidence interval across replicates, then the paired differences first arm − each
 * other arm at the final tick (common random numbers) with their intervals and Cohen's d_z.
 */
export function formatReplicateSummary(
  first: ReplicateSeries & { readonly scenario: Scenario },
  replicates: number,
  level: number,
  summaries: readonly ReplicateSummaryRow[],
  differences: readonly PairedDifferenceRow[],
): string {
  const T = first.ticks;
  const arms = first.arms.map((a) => a.name);
  const interval = (mean: number, lo: number, hi: number, sign = false) =>
    mean === mean ? `${sign && mean > 0 ? '+' : ''}${mean.toFixed(2)} [${lo.toFixed(2)}, ${hi.toFixed(2)}]` : 'n/a';
  const cell = (arm: string, measure: string) => summaries.find((r) => r.arm === arm && r.tick === T && r.group === 'all' && r.measure === measure);
  const pct = `${Math.round(level * 1000) / 10}%`;
  const rows: string[][] = [['', ...arms]];
  for (const m of SUMMARY_MEASURES)
    rows.push([summaryLabel(m), ...arms.map((a) => {
      const c = cell(a, m);
      return c ? interval(c.mean, c.ci_low, c.ci_high) : 'n/a';
    })]);
  const s = first.scenario;
  const lines = [
    `${s.name}: ${s.title}`,
    `${replicates} replicates (root seed ${first.seed}) of ${first.population.users} service users over ${T} weeks. Means over all service users after ${T} weeks, with ${pct} intervals across replicates:`,
    '',
    ...table(rows),
  ];
  if (arms.length > 1) {
    const others = arms.slice(1);
    const diff = (b: string, m: string) => differences.find((r) => r.arm_a === arms[0] && r.arm_b === b && r.tick === T && r.group === 'all' && r.measure === m);
    const drows: string[][] = [['', ...others.map((b) => `${arms[0]} − ${b}`)]];
    for (const m of SUMMARY_MEASURES)
      drows.push([summaryLabel(m), ...others.map((b) => {
        const d = diff(b, m);
        return d ? `${interval(d.mean_diff, d.ci_low, d.ci_high, true)} d=${fixed(d.cohens_d)}` : 'n/a';
      })]);
    lines.push('', `Paired differences after ${T} weeks (the same people and draws in each replicate; ${pct} intervals, Cohen's d_z):`, '', ...table(drows));
  }
  lines.push(
    '',
    ...proxyNotes(SUMMARY_MEASURES),
    'The intervals are simulation error only: how far the means could move with more replicates, not whether the model\'s assumed parameters are right.',
  );
  return lines.join('\n') + '\n';
}
