// Fixtures for the chart tests: small fixed rows (for snapshots and hand-checked values), real replicate
// summaries of the teaching scenario, a validator for vega-lite's own JSON Schema (draft-07, ajv), and a
// CSV writer for building results folders by hand.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TopLevelSpec } from 'vega-lite';
import { summarizeReplicates, type PairedDifferenceRow, type ReplicateSummaryRow, type ReplicateTables } from '../../src/analysis/replicates.js';
import type { SensitivityRow } from '../../src/analysis/sweep-sensitivity.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplicates } from '../../src/engine/run-replicates.js';
import { csvLine } from '../../src/output/csv.js';
import { formatNumber } from '../../src/output/format-number.js';
import type { SeriesRow, TrialReplicateRow } from '../../src/charts/chart-data.js';
import type { PowerCurveInput } from '../../src/charts/power-curve-spec.js';
import type { AcceptabilityCurve } from '../../src/charts/acceptability-spec.js';
import type { BarrierSweepInput } from '../../src/charts/barrier-effects.js';
import { compileChart } from '../../src/charts/render-chart.js';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------
// vega-lite's schema and compiler

let validator: ValidateFunction | undefined;

/** Errors of a spec against node_modules/vega-lite/build/vega-lite-schema.json (empty when valid). */
export function schemaErrors(spec: unknown): string[] {
  if (!validator) {
    const schema = require('vega-lite/vega-lite-schema.json') as object;
    // vega-lite's schema uses union types and keywords ajv's strict mode rejects; its formats are uri,
    // uri-reference (ajv-formats) and its own color-hex.
    const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
    addFormats(ajv);
    ajv.addFormat('color-hex', /^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
    validator = ajv.compile(schema);
  }
  // The schema describes JSON: validate what the spec is as a file.
  const json = JSON.parse(JSON.stringify(spec)) as unknown;
  return validator(json) ? [] : (validator.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

/** vega-lite's warnings when compiling a spec (it throws on errors). */
export function compileWarnings(spec: TopLevelSpec): string[] {
  return compileChart(spec).warnings;
}

// ---------------------------------------------------------------------------------------------------
// Fixed rows

const summaryRow = (arm: string, tick: number, group: string, measure: string, mean: number, spread: number, n = 20): ReplicateSummaryRow => ({
  arm,
  tick,
  group,
  measure,
  n,
  mean,
  sd: spread,
  ci_low: mean - spread / 4,
  ci_high: mean + spread / 4,
  median: mean,
  q05: mean - 2 * spread,
  q25: mean - spread,
  q75: mean + spread,
  q95: mean + 2 * spread,
});

/** Two arms, ticks 0–2, rg_total in group all (and wellbeing, and one group-restricted cell). */
export const SUMMARY_ROWS: readonly ReplicateSummaryRow[] = [
  summaryRow('cpi', 0, 'all', 'rg_total', 10, 1),
  summaryRow('cpi', 1, 'all', 'rg_total', 11, 1),
  summaryRow('cpi', 2, 'all', 'rg_total', 12.5, 1.5),
  summaryRow('usual-care', 0, 'all', 'rg_total', 10, 1),
  summaryRow('usual-care', 1, 'all', 'rg_total', 10.2, 1),
  summaryRow('usual-care', 2, 'all', 'rg_total', 10.4, 1.2),
  summaryRow('cpi', 0, 'all', 'wellbeing', 40, 3),
  summaryRow('cpi', 2, 'all', 'wellbeing', 44, 3),
  summaryRow('cpi', 2, 'fidelity-high', 'engaged', 5, 1),
];

export const SERIES_ROWS: readonly SeriesRow[] = [
  { arm: 'cpi', tick: 0, group: 'all', measure: 'rg_total', value: 10 },
  { arm: 'cpi', tick: 1, group: 'all', measure: 'rg_total', value: 11 },
  { arm: 'usual-care', tick: 0, group: 'all', measure: 'rg_total', value: 10 },
  { arm: 'usual-care', tick: 1, group: 'all', measure: 'rg_total', value: NaN },
  { arm: 'cpi', tick: 0, group: 'agency-01', measure: 'rg_total', value: 9 },
];

export const DIFFERENCE_ROWS: readonly PairedDifferenceRow[] = [
  { arm_a: 'high', arm_b: 'low', tick: 0, group: 'all', measure: 'rg_total', n: 10, mean_diff: 0, ci_low: 0, ci_high: 0, cohens_d: 0 },
  { arm_a: 'high', arm_b: 'low', tick: 1, group: 'all', measure: 'rg_total', n: 10, mean_diff: 0.5, ci_low: 0.1, ci_high: 0.9, cohens_d: 0.8 },
  { arm_a: 'high', arm_b: 'usual-care', tick: 0, group: 'all', measure: 'rg_total', n: 10, mean_diff: 0, ci_low: 0, ci_high: 0, cohens_d: 0 },
  { arm_a: 'high', arm_b: 'usual-care', tick: 1, group: 'all', measure: 'rg_total', n: 10, mean_diff: 1.5, ci_low: 1, ci_high: 2, cohens_d: Infinity },
  { arm_a: 'low', arm_b: 'usual-care', tick: 1, group: 'all', measure: 'rg_total', n: 10, mean_diff: 1, ci_low: 0.4, ci_high: 1.6, cohens_d: 1.1 },
];

const tieRows = (arm: string, tick: number, family: number, friend: number, acquaintance: number, fresh: number): SeriesRow[] => [
  { arm, tick, group: 'all', measure: 'network_size', value: family + friend + acquaintance },
  { arm, tick, group: 'all', measure: 'family_ties', value: family },
  { arm, tick, group: 'all', measure: 'friend_ties', value: friend },
  { arm, tick, group: 'all', measure: 'acquaintance_ties', value: acquaintance },
  { arm, tick, group: 'all', measure: 'new_ties', value: fresh },
  { arm, tick, group: 'all', measure: 'ties_formed', value: fresh + 0.5 * tick },
  { arm, tick, group: 'all', measure: 'ties_lost', value: 0.5 * tick },
  { arm, tick, group: 'all', measure: 'via_intervention_ties', value: fresh / 2 },
];

export const TIE_SERIES_ROWS: readonly SeriesRow[] = [...tieRows('cpi', 0, 5, 3, 4, 0), ...tieRows('cpi', 1, 5, 3, 5, 1), ...tieRows('cpi', 2, 5, 3, 6, 2), ...tieRows('usual-care', 0, 5, 3, 4, 0)];

const sens = (measure: string, method: 'morris' | 'sobol', factor: string, index: string, estimate: number, lower = NaN, upper = NaN): SensitivityRow => ({
  arm: 'cpi',
  measure,
  method,
  factor,
  index,
  estimate,
  lower,
  upper,
});

export const MORRIS_ROWS: readonly SensitivityRow[] = [
  sens('rg_total', 'morris', 'barriers.user.selfStigma.scale', 'mu', -0.4),
  sens('rg_total', 'morris', 'barriers.user.selfStigma.scale', 'mu_star', 0.6, 0.4, 0.8),
  sens('rg_total', 'morris', 'barriers.user.selfStigma.scale', 'sigma', 0.5),
  sens('rg_total', 'morris', 'barriers.user.poorAccess.scale', 'mu', 0.1),
  sens('rg_total', 'morris', 'barriers.user.poorAccess.scale', 'mu_star', 0.2, 0.05, 0.3),
  sens('rg_total', 'morris', 'barriers.user.poorAccess.scale', 'sigma', 0.1),
  sens('new_ties', 'morris', 'barriers.user.poorAccess.scale', 'mu_star', 0.3, 0.2, 0.4),
];

export const SOBOL_ROWS: readonly SensitivityRow[] = [
  sens('rg_total', 'sobol', 'agencies.fidelity.mean', 'first', 0.5, 0.4, 0.6),
  sens('rg_total', 'sobol', 'agencies.fidelity.mean', 'total', 0.6, 0.5, 0.7),
  sens('rg_total', 'sobol', 'workers.turnoverRate', 'first', 0.1, -0.02, 0.2),
  sens('rg_total', 'sobol', 'workers.turnoverRate', 'total', 0.2, 0.1, 0.3),
  sens('rg_total', 'sobol', 'agencies.fidelity.mean × workers.turnoverRate', 'second', 0.05, 0, 0.1),
];

export const POWER_CURVE: PowerCurveInput = {
  points: [
    { n: 155, power: 0.7, powerLow: 0.63, powerHigh: 0.76, replicates: 200 },
    { n: 60, power: 0.3, powerLow: 0.24, powerHigh: 0.37, replicates: 200 },
    { n: 260, power: 0.9, powerLow: 0.85, powerHigh: 0.94, replicates: 200 },
  ],
  target: 0.8,
  interpolatedN: 208,
};

/**
 * Acceptability curves at two sizes: 11 values of λ from 0 to 6,000 per point, the probability rising from 0
 * towards 0.98 (the larger trial's curve steeper), as trial-acceptability.csv gives them.
 */
export const ACCEPTABILITY_CURVES: readonly AcceptabilityCurve[] = [60, 155].map((n) => ({
  n,
  label: `${n} participants`,
  points: Array.from({ length: 11 }, (_, i) => ({ willingnessToPay: 600 * i, probability: Math.round((0.98 / (1 + Math.exp(-((600 * i - 2000) / (n === 60 ? 900 : 400))))) * 1000) / 1000 })),
}));

const trial = (n: number, replicate: number, p: number, eta: number, analysable = true): TrialReplicateRow => ({
  n,
  replicate,
  analysable,
  effect: eta * 10,
  p,
  partial_eta_squared: eta,
  cohens_d: eta * 5,
});

export const TRIAL_ROWS: readonly TrialReplicateRow[] = [
  trial(60, 0, 0.01, 0.09),
  trial(60, 1, 0.2, 0.02),
  trial(60, 2, 0.04, 0.06),
  trial(60, 3, NaN, NaN, false),
  trial(155, 0, 0.001, 0.07),
  trial(155, 1, 0.03, 0.04),
  trial(155, 2, 0.5, 0.005),
];

/**
 * A 3 × 2 grid: self-stigma scale 0, 1, 3 and poor access off/on, 2 replicates per point, two arms. The
 * outcome is 10 − 1 × scale − 2 × (poor access on) + a replicate offset of ±0.5 (arm "b": half the effects).
 */
export const BARRIER_INPUT: BarrierSweepInput = (() => {
  const scales = [0, 1, 3];
  const access = [false, true];
  const points = scales.flatMap((s, i) => access.map((a, j) => ({ point: i * 2 + j, values: { 'barriers.user.selfStigma.scale': s, 'barriers.user.poorAccess.enabled': a } })));
  const outputs = points.flatMap((p) =>
    [0, 1].flatMap((r) =>
      ['a', 'b'].map((arm) => {
        const k = arm === 'a' ? 1 : 0.5;
        const s = p.values['barriers.user.selfStigma.scale'];
        const a = p.values['barriers.user.poorAccess.enabled'] ? 1 : 0;
        return { point: p.point, arm, value: 10 - k * s - 2 * k * a + (r === 0 ? -0.5 : 0.5) };
      }),
    ),
  );
  return {
    factors: [
      { path: 'barriers.user.selfStigma.scale', values: scales, unit: 'multiplier' },
      { path: 'barriers.user.poorAccess.enabled', values: access, unit: 'yes/no' },
    ],
    points,
    outputs,
  };
})();

/**
 * A 3 × 2 grid of two factors that are not barriers: fidelity 0.2, 0.55, 0.9 and turnover 0, 0.05, 3
 * replicates per point, two arms. The outcome is 10 + 4 × fidelity − 20 × turnover + (−1, 0, +1) by
 * replicate, and 1 more in arm "b": at fidelity 0.2 and turnover 0, arm a's runs are 9.8, 10.8 and 11.8.
 */
export const GRID_INPUT: BarrierSweepInput = (() => {
  const fidelity = [0.2, 0.55, 0.9];
  const turnover = [0, 0.05];
  const points = fidelity.flatMap((f, i) => turnover.map((t, j) => ({ point: i * 2 + j, values: { 'agencies.fidelity.mean': f, 'workers.turnoverRate': t } })));
  const outputs = points.flatMap((p) =>
    [-1, 0, 1].flatMap((offset) =>
      ['a', 'b'].map((arm) => ({ point: p.point, arm, value: 10 + 4 * p.values['agencies.fidelity.mean'] - 20 * p.values['workers.turnoverRate'] + offset + (arm === 'b' ? 1 : 0) })),
    ),
  );
  return {
    factors: [
      { path: 'agencies.fidelity.mean', unit: 'score 0–1' },
      { path: 'workers.turnoverRate', values: turnover, unit: 'probability per week' },
    ],
    points,
    outputs,
  };
})();

// ---------------------------------------------------------------------------------------------------
// Real replicates of the teaching scenario

let real: ReplicateTables | undefined;

/** Summaries over 4 replicates of teaching-barriers, 6 weeks, every group and measure. */
export function realReplicateTables(): ReplicateTables {
  real ??= summarizeReplicates(runReplicates(loadScenario('teaching-barriers', { set: [['ticks', 6]] }), { replicates: 4 }));
  return real;
}

// ---------------------------------------------------------------------------------------------------
// Files

/** Write rows as a CSV table the way cpi-sim does (output/csv.ts, output/format-number.ts). */
export function writeCsv(file: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): void {
  const cell = (v: unknown) => (typeof v === 'number' ? formatNumber(v) : String(v));
  writeFileSync(file, [csvLine([...columns]), ...rows.map((r) => csvLine(columns.map((c) => cell(r[c]))))].join(''));
}

// ---------------------------------------------------------------------------------------------------
// Reading specs

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySpec = any;

/** A layered spec's layers as plain objects (nested layers flattened), with their mark type. */
export function layersOf(spec: TopLevelSpec): Array<{ mark: string; encoding: AnySpec; transform?: AnySpec; data?: AnySpec }> {
  const walk = (s: AnySpec): AnySpec[] => (s.layer ? s.layer.flatMap(walk) : [s]);
  return walk(spec as AnySpec).map((l) => ({ ...l, mark: typeof l.mark === 'string' ? l.mark : l.mark.type }));
}

/** A title, axis title or subtitle as one string (wrapped titles are arrays of lines). */
export const text = (t: string | string[] | undefined | null): string => (Array.isArray(t) ? t.join(' ') : (t ?? ''));
