// Every spec builder's output, in each of its variants, is valid against vega-lite's own JSON Schema
// (node_modules/vega-lite/build/vega-lite-schema.json, draft-07, checked with ajv) and compiles with
// vega-lite without a single warning. Real replicate summaries of the teaching scenario are charted too.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { buildDifferenceSpec } from '../../src/charts/difference-spec.js';
import { buildNetworkGrowthSpec } from '../../src/charts/network-growth-spec.js';
import { summarizeBarrierSweep } from '../../src/charts/barrier-effects.js';
import { buildBarrierEffectSpec } from '../../src/charts/barrier-effect-spec.js';
import { buildSensitivitySpec } from '../../src/charts/sensitivity-spec.js';
import { buildPowerCurveSpec } from '../../src/charts/power-curve-spec.js';
import { buildEffectSizeSpec } from '../../src/charts/effect-size-spec.js';
import { summarizeGridSweep } from '../../src/charts/grid-sweep.js';
import { buildFactorLinesSpec } from '../../src/charts/factor-lines-spec.js';
import { buildHeatmapSpec } from '../../src/charts/heatmap-spec.js';
import { buildAcceptabilitySpec } from '../../src/charts/acceptability-spec.js';
import {
  ACCEPTABILITY_CURVES,
  BARRIER_INPUT,
  compileWarnings,
  DIFFERENCE_ROWS,
  GRID_INPUT,
  MORRIS_ROWS,
  POWER_CURVE,
  realReplicateTables,
  schemaErrors,
  SERIES_ROWS,
  SOBOL_ROWS,
  SUMMARY_ROWS,
  TIE_SERIES_ROWS,
  TRIAL_ROWS,
} from './fixtures.js';

const real = realReplicateTables();

/** Paths of the numbers in a value that JSON cannot hold. */
function nonFinite(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}/${k}`));
  return [];
}
const oneFactor = { ...BARRIER_INPUT, factors: BARRIER_INPUT.factors.slice(0, 1) };

const SPECS: ReadonlyArray<readonly [string, () => TopLevelSpec]> = [
  ['trajectory with quantile bands', () => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total' })],
  ['trajectory with the interval of the mean', () => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'ci' })],
  ['trajectory without bands', () => buildTrajectorySpec(SUMMARY_ROWS, { measure: 'rg_total', band: 'none' })],
  ['trajectory of a single run', () => buildTrajectorySpec(SERIES_ROWS, { measure: 'rg_total' })],
  ['trajectory of real replicates', () => buildTrajectorySpec(real.summaries, { measure: 'wellbeing', group: 'agency-01' })],
  ['differences between arms', () => buildDifferenceSpec(DIFFERENCE_ROWS, { measure: 'rg_total' })],
  ['differences of real replicates', () => buildDifferenceSpec(real.differences, { measure: 'network_size' })],
  ['difference of one pair', () => buildDifferenceSpec(DIFFERENCE_ROWS.slice(0, 2), { measure: 'rg_total' })],
  ['network growth of a single run', () => buildNetworkGrowthSpec(TIE_SERIES_ROWS)],
  ['network growth of real replicates', () => buildNetworkGrowthSpec(real.summaries, { arm: 'no-barriers' })],
  ['tornado over two barrier factors and two arms', () => buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total' }))],
  ['tornado for one arm', () => buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'tornado', measure: 'rg_total', arms: ['a'] }))],
  ['dose-response of one factor', () => buildBarrierEffectSpec(summarizeBarrierSweep(oneFactor, { kind: 'dose-response', measure: 'rg_total' }))],
  ['dose-response panels of two factors', () => buildBarrierEffectSpec(summarizeBarrierSweep(BARRIER_INPUT, { kind: 'dose-response', measure: 'wellbeing' }))],
  ['grid sweep as lines per level, a panel per arm', () => buildFactorLinesSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total' }))],
  ['grid sweep of one factor as a line per arm', () => buildFactorLinesSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', factors: ['workers.turnoverRate'] }))],
  ['grid sweep as lines for one arm', () => buildFactorLinesSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', arms: ['a'] }))],
  ['grid sweep as a heat map, a panel per arm', () => buildHeatmapSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total' }))],
  ['grid sweep as a heat map for one arm', () => buildHeatmapSpec(summarizeGridSweep(GRID_INPUT, { measure: 'rg_total', arms: ['b'] }))],
  ['Morris μ*–σ plane', () => buildSensitivitySpec(MORRIS_ROWS)],
  ['Sobol indices', () => buildSensitivitySpec(SOBOL_ROWS)],
  ['power curve', () => buildPowerCurveSpec(POWER_CURVE, { alpha: 0.05 })],
  ['power curve that never reaches the target', () => buildPowerCurveSpec({ points: POWER_CURVE.points.slice(0, 2) })],
  ['effect sizes at two numbers of referrals', () => buildEffectSizeSpec(TRIAL_ROWS, { reference: { value: 0.05, label: 'published' } })],
  ['p-values at one number of referrals', () => buildEffectSizeSpec(TRIAL_ROWS, { statistic: 'p', n: [155] })],
  ['adjusted effects with the outcome unit', () => buildEffectSizeSpec(TRIAL_ROWS, { statistic: 'effect', outcome: 'rg_total', n: [60] })],
  ['acceptability curve of one size with its ICER', () => buildAcceptabilitySpec(ACCEPTABILITY_CURVES.slice(1), { icer: 2000, replicates: 200, priceYear: 2023 })],
  ['acceptability curves of two sizes', () => buildAcceptabilitySpec(ACCEPTABILITY_CURVES, { sizeTitle: 'Participants randomised', currency: 'EUR' })],
];

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** Every module a source file imports, directly or not (relative imports only), and its package imports. */
function importsOf(file: string, seen = new Set<string>(), packages = new Set<string>()): { files: Set<string>; packages: Set<string> } {
  if (seen.has(file)) return { files: seen, packages };
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)) {
    if (m[1]) continue; // types vanish at compile time
    const spec = m[2];
    if (spec.startsWith('.')) importsOf(resolve(dirname(file), spec.replace(/\.js$/, '.ts')), seen, packages);
    else packages.add(spec);
  }
  return { files: seen, packages };
}

describe('spec builders against vega-lite', () => {
  test('the spec builders use no Node module and no package but stdlib\'s pure-JS special functions, so they also run in a browser', () => {
    // analysis/stats.ts takes the incomplete beta function and log-gamma from stdlib (plain JavaScript).
    const BROWSER_SAFE = new Set(['@stdlib/math-base-special-betainc', '@stdlib/math-base-special-betaincinv', '@stdlib/math-base-special-gammaln']);
    for (const name of ['trajectory-spec', 'difference-spec', 'network-growth-spec', 'barrier-effect-spec', 'barrier-effects', 'sensitivity-spec', 'power-curve-spec', 'effect-size-spec', 'grid-sweep', 'factor-lines-spec', 'heatmap-spec', 'acceptability-spec', 'arm-colours']) {
      const { files, packages } = importsOf(join(SRC, 'charts', `${name}.ts`));
      expect([...packages].filter((p) => !BROWSER_SAFE.has(p)), name).toEqual([]);
      expect([...files].filter((f) => f.includes('render-chart') || f.includes('csv-table') || f.includes('results-folder')), name).toEqual([]);
    }
  });

  test('the schema check rejects a spec that is not vega-lite (so the checks below can fail)', () => {
    const good = buildPowerCurveSpec(POWER_CURVE);
    expect(schemaErrors(good)).toEqual([]);
    expect(schemaErrors({ ...good, layer: [{ mark: 'lines', encoding: {} }] }).length).toBeGreaterThan(0);
    expect(schemaErrors({ ...good, width: 'wide' }).length).toBeGreaterThan(0);
    // And vega-lite's warnings are caught: a shape channel means nothing to bars.
    const warned = { data: { values: [{ x: 'a' }] }, mark: 'bar', encoding: { shape: { field: 'x', type: 'nominal' } } } as TopLevelSpec;
    expect(compileWarnings(warned).join()).toMatch(/shape/);
  });

  test.each(SPECS)('the %s spec is valid against the schema and compiles without warnings', (_, build) => {
    const spec = build();
    expect(schemaErrors(spec)).toEqual([]);
    expect(compileWarnings(spec)).toEqual([]);
    // Data are inlined, with no NaN or infinity (JSON has no spelling for them).
    expect(JSON.stringify(spec)).toContain('"values":[');
    expect(nonFinite(spec)).toEqual([]);
    expect(spec.config?.font).toBe('DejaVu Sans');
  });
});
