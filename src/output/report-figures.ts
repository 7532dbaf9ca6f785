// The numbers a grant writer's report states, taken from a replicates folder's analysis: each arm's final
// mean with its interval, and paired differences between the first arm and each other arm, scaled "per 100
// people referred" where a sum over people means something (ties, counts of people). Part of output/; pure.
// The report's text is built from these and nothing else, so a test can hold its numbers to the analysis.
// Measures of the programme itself (completing or leaving CPI) are not stated for arms without CPI: there,
// zero is true by construction and a "difference" would only restate the CPI arm's level.
import type { PairedDifferenceRow, ReplicateSummaryRow } from '../analysis/replicates.js';

/** How a measure is stated in plain language. */
export interface HeadlineMeasure {
  readonly measure: string;
  /** "new social ties (formed since referral and still alive)", used in sentences. */
  readonly label: string;
  /** "new social ties", for the summary. */
  readonly short: string;
  /** 'per-person': a mean per user, scaled × 100 for "per 100 people referred"; 'count': a count of users,
   * scaled × 100 / users; 'score': a mean score, stated as it is. */
  readonly scale: 'per-person' | 'count' | 'score';
  readonly unit: string;
  /** Only meaningful where CPI is delivered (nobody completes or leaves a programme they are not in). */
  readonly cpiOnly?: boolean;
}

/** The headline outcomes, in the order the report states them. */
export const HEADLINE_MEASURES: readonly HeadlineMeasure[] = [
  { measure: 'new_ties', short: 'new social ties', label: 'new social ties (formed since referral and still alive)', scale: 'per-person', unit: 'ties' },
  { measure: 'outside_services_ties', short: 'new ties outside services', label: 'new ties outside mental health services (with people met at mainstream places)', scale: 'per-person', unit: 'ties' },
  { measure: 'rg_total', short: 'access to social capital', label: 'access to social capital (resource-generator score, items reachable through one’s ties)', scale: 'score', unit: 'items' },
  { measure: 'extensity', short: 'extensity', label: "Lin's extensity (distinct occupational positions reached)", scale: 'score', unit: 'positions' },
  { measure: 'wellbeing', short: 'mental wellbeing (proxy)', label: 'mental wellbeing (a proxy on the 14–70 WEMWBS range, not the scale)', scale: 'score', unit: 'points' },
  { measure: 'graduated', short: 'people completing CPI', label: 'people who completed CPI (graduated)', scale: 'count', unit: 'people', cpiOnly: true },
  { measure: 'dropped_out', short: 'people dropping out of CPI', label: 'people who dropped out of CPI', scale: 'count', unit: 'people', cpiOnly: true },
];

export interface Interval {
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface ArmFigure extends Interval {
  readonly arm: string;
  readonly measure: string;
  /** Replicates the value is over. */
  readonly n: number;
  /** The 90% band of replicate values (scaled like value). */
  readonly q05: number;
  readonly q95: number;
}

export interface DifferenceFigure extends Interval {
  readonly armA: string;
  readonly armB: string;
  readonly measure: string;
  readonly n: number;
  readonly cohensD: number;
}

export interface ReportFigures {
  readonly tick: number;
  readonly users: number;
  readonly level: number;
  readonly replicates: number;
  readonly arms: readonly string[];
  /** Arms in which CPI is not delivered. */
  readonly withoutCpi: readonly string[];
  readonly measures: readonly HeadlineMeasure[];
  /** Per measure, per arm (scaled; see HeadlineMeasure.scale); CPI-only measures for CPI arms only. */
  readonly arm: readonly ArmFigure[];
  /** First arm − each other arm (scaled); CPI-only measures only between two CPI arms. */
  readonly differences: readonly DifferenceFigure[];
}

/** The factor a measure's values are multiplied by for "per 100 people referred" (1 for scores). */
export function headlineScale(m: HeadlineMeasure, users: number): number {
  return m.scale === 'per-person' ? 100 : m.scale === 'count' ? 100 / users : 1;
}

export interface ReportFiguresInput {
  readonly summaries: readonly ReplicateSummaryRow[];
  readonly differences: readonly PairedDifferenceRow[];
  readonly arms: readonly string[];
  readonly users: number;
  readonly ticks: number;
  readonly level: number;
  readonly replicates: number;
  /** Arms in which CPI is not delivered (intervention.enabled false); default none. */
  readonly withoutCpi?: readonly string[];
  readonly group?: string;
}

/** Stages: (1) index the final tick's rows of the group, (2) each arm's figures, (3) the paired differences. */
export function buildReportFigures(input: ReportFiguresInput): ReportFigures {
  const group = input.group ?? 'all';
  const T = input.ticks;
  // 1.
  const summary = new Map<string, ReplicateSummaryRow>();
  for (const r of input.summaries) if (r.tick === T && r.group === group) summary.set(`${r.arm}\u0000${r.measure}`, r);
  const diff = new Map<string, PairedDifferenceRow>();
  for (const r of input.differences) if (r.tick === T && r.group === group) diff.set(`${r.arm_a}\u0000${r.arm_b}\u0000${r.measure}`, r);
  const withoutCpi = input.withoutCpi ?? [];
  const stated = (m: HeadlineMeasure, arm: string) => !(m.cpiOnly && withoutCpi.includes(arm));
  const measures = HEADLINE_MEASURES.filter((m) => input.arms.some((a) => stated(m, a) && summary.has(`${a}\u0000${m.measure}`)));
  // 2.
  const arm: ArmFigure[] = [];
  for (const m of measures) {
    const k = headlineScale(m, input.users);
    for (const a of input.arms) {
      if (!stated(m, a)) continue;
      const r = summary.get(`${a}\u0000${m.measure}`);
      if (r) arm.push({ arm: a, measure: m.measure, n: r.n, value: r.mean * k, low: r.ci_low * k, high: r.ci_high * k, q05: r.q05 * k, q95: r.q95 * k });
    }
  }
  // 3.
  const differences: DifferenceFigure[] = [];
  const [first, ...others] = input.arms;
  for (const m of measures) {
    const k = headlineScale(m, input.users);
    for (const b of others) {
      if (!stated(m, first) || !stated(m, b)) continue;
      const r = diff.get(`${first}\u0000${b}\u0000${m.measure}`);
      if (r) differences.push({ armA: first, armB: b, measure: m.measure, n: r.n, value: r.mean_diff * k, low: r.ci_low * k, high: r.ci_high * k, cohensD: r.cohens_d });
    }
  }
  return { tick: T, users: input.users, level: input.level, replicates: input.replicates, arms: input.arms, withoutCpi, measures, arm, differences };
}
