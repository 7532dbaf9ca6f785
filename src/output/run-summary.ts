// The short human summary `cpi-sim run` prints at the end: per arm, baseline → final means over all
// users of the headline outcomes (network size and growth, ties outside services, RG-UK score, Lin's
// extensity and upper reachability, confidence, wellbeing) and the flow counts at the end. Part of
// output/; pure.
import type { RunResult } from '../engine/run.js';

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

export function formatRunSummary(result: RunResult): string {
  const G = result.groups.length;
  const M = result.measures.length;
  const g = result.groups.indexOf('all');
  const value = (arm: number, t: number, measure: string) => {
    const m = result.measures.indexOf(measure);
    return m < 0 ? NaN : result.arms[arm].series[(t * G + g) * M + m];
  };
  const rows: string[][] = [['', ...result.arms.map((a) => a.name)]];
  for (const m of SUMMARY_MEASURES) rows.push([m, ...result.arms.map((_, i) => `${fixed(value(i, 0, m))} → ${fixed(value(i, result.ticks, m))}`)]);
  for (const c of SUMMARY_COUNTS) rows.push([`${c} (at end)`, ...result.arms.map((_, i) => String(value(i, result.ticks, c)))]);
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)) + 3);
  const s = result.scenario;
  const lines = [
    `${s.name}: ${s.title}`,
    `seed ${result.seed}, ${result.ticks} ticks (weeks), ${result.population.users} service users; means over all users, baseline → final`,
    '',
    ...rows.map((r) => r.map((cell, j) => (j === r.length - 1 ? cell : pad(cell, widths[j]))).join('').trimEnd()),
  ];
  return lines.join('\n') + '\n';
}
