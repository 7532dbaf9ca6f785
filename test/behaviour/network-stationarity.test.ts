// The ordinary network is stationary and ties turn over as the literature says (MODEL.md §3.7, issue 15):
// without an intervention, people replace the ties they lose, so usual care keeps users' network size and
// the whole network's tie count within ±10% of baseline for ten years; the intervention's network gains do
// not collapse; inner-circle ties are lost at 1–4% a year (Roy et al. 2022, Scientific Reports) and new
// weak ties lose most of their number within a year (Burt 2002, "Bridge decay"), each as the calibration
// (scenarios/targets/cpi-pilot.json) computes it.
import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/index.js';
import { measureStatistic } from '../../src/calibrate/study-statistics.js';
import { compileWith, mean, valueAt } from './harness.js';

const SEEDS = [1, 2, 3];
const TEN_YEARS = 520;

describe('a stationary ordinary network (pilot-england, ten years)', () => {
  const scenario = compileWith('pilot-england', [{ name: 'high-fidelity', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 } }, { name: 'usual-care', set: { 'intervention.enabled': false } }]);
  const runs = SEEDS.map((seed) => runScenario(scenario, { seed, ticks: TEN_YEARS }));

  test('usual care over ten years keeps users’ mean network size within ±10% of baseline, in every seed', () => {
    for (const r of runs) {
      const start = valueAt(r, 'usual-care', 'network_size', 'all', 0);
      for (const t of [52, 104, 260, TEN_YEARS]) {
        const ratio = valueAt(r, 'usual-care', 'network_size', 'all', t) / start;
        expect(ratio, `tick ${t}`).toBeGreaterThanOrEqual(0.9);
        expect(ratio, `tick ${t}`).toBeLessThanOrEqual(1.1);
      }
    }
  });

  test('usual care over ten years keeps the whole network’s tie count within ±10% of baseline', () => {
    for (const r of runs) {
      const ratio = valueAt(r, 'usual-care', 'network_ties', 'all', TEN_YEARS) / valueAt(r, 'usual-care', 'network_ties', 'all', 0);
      expect(ratio).toBeGreaterThanOrEqual(0.9);
      expect(ratio).toBeLessThanOrEqual(1.1);
    }
  });

  test('the high-fidelity arm does not collapse: after ten years users’ networks are at least as large as at baseline and larger than in usual care', () => {
    const hf = mean(runs.map((r) => valueAt(r, 'high-fidelity', 'network_size', 'all', TEN_YEARS)));
    const uc = mean(runs.map((r) => valueAt(r, 'usual-care', 'network_size', 'all', TEN_YEARS)));
    const start = mean(runs.map((r) => valueAt(r, 'high-fidelity', 'network_size', 'all', 0)));
    expect(hf).toBeGreaterThanOrEqual(start);
    expect(hf).toBeGreaterThan(uc);
  });
});

describe('tie turnover as the calibration computes it (pilot-england, 39 weeks)', () => {
  const scenario = compileWith('pilot-england', [{ name: 'high-fidelity', set: { 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 } }]);
  const runs = [1, 2, 3, 4, 5].map((seed) => runScenario(scenario, { seed, keepState: true }));
  const stat = (spec: Parameters<typeof measureStatistic>[0]) => mean(runs.map((r) => measureStatistic(spec, r, 'high-fidelity', undefined as never)));

  test('inner-circle ties (baseline strength ≥ 0.7) are lost at 1–4% a year (Roy et al. 2022)', () => {
    const loss = stat({ type: 'strong-tie-loss', minBaselineStrength: 0.7 });
    expect(loss).toBeGreaterThanOrEqual(0.01);
    expect(loss).toBeLessThanOrEqual(0.04);
  });

  test('new ties lose most of their number within a year, near Burt’s 90% (Burt 2002, "Bridge decay")', () => {
    const loss = stat({ type: 'new-tie-loss', minAgeWeeks: 13 });
    expect(loss).toBeGreaterThanOrEqual(0.8);
  });
});
