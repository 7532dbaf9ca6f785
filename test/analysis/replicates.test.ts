// Summaries across replicates (analysis/replicates.ts): hand-computed means, intervals and type-7 bands on
// tiny made-up results; paired differences of two identical arms of a real scenario are exactly 0 with a
// zero-width interval; streaming one result at a time gives the same table; mismatched replicates are refused.
import { describe, expect, test } from 'vitest';
import { ReplicateAccumulator, ReplicateError, summarizePairedDifferences, summarizeReplicates, summarizeValues } from '../../src/analysis/replicates.js';
import { compileScenario, readScenarioChain, runScenario, type RunResult } from '../../src/index.js';

/**
 * A made-up RunResult with 2 arms, ticks 0–1, groups all/g2, measures m1/m2. Only the fields the
 * accumulator reads are filled. value(arm, tick, group, measure) gives the series values.
 */
function fakeResult(seed: number, value: (arm: number, tick: number, group: number, measure: number) => number): RunResult {
  const groups = ['all', 'g2'];
  const measures = ['m1', 'm2'];
  const ticks = 1;
  const arms = ['cpi', 'usual-care'].map((name, a) => {
    const series = new Float64Array((ticks + 1) * groups.length * measures.length);
    for (let t = 0; t <= ticks; t++)
      for (let g = 0; g < groups.length; g++) for (let m = 0; m < measures.length; m++) series[t * 4 + g * 2 + m] = value(a, t, g, m);
    return { name, description: '', series, baseline: new Float64Array(0), final: new Float64Array(0), finalUserState: new Uint8Array(0), finalAgency: new Int32Array(0) };
  });
  return { seed, ticks, groups, measures, userMeasures: [], arms } as unknown as RunResult;
}

describe('summarizeValues', () => {
  test('gives n, mean, sd, the t interval and type-7 quantiles of hand-computed data', () => {
    // 1..5: mean 3, sd √2.5 = 1.581139, t(0.975, 4) = 2.776445, half-width 2.776445 · 1.581139 / √5 = 1.963243
    // type 7: q05 = 1 + 0.2 = 1.2, q25 = 2, median 3, q75 = 4, q95 = 4.8
    const s = summarizeValues([4, 2, 5, 1, 3]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(1.5811388300841898, 12);
    expect(s.ciLow).toBeCloseTo(3 - 1.9632432, 6);
    expect(s.ciHigh).toBeCloseTo(3 + 1.9632432, 6);
    expect([s.q05, s.q25, s.median, s.q75, s.q95].map((x) => +x.toFixed(10))).toEqual([1.2, 2, 3, 4, 4.8]);
  });

  test('leaves NaN (not measured) out of n', () => {
    const s = summarizeValues([NaN, 2, NaN, 4]);
    expect(s.n).toBe(2);
    expect(s.mean).toBe(3);
    expect(summarizeValues([NaN, NaN]).n).toBe(0);
  });
});

describe('summarizePairedDifferences', () => {
  test("gives the mean difference, its t interval and paired Cohen's d", () => {
    // differences 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653, half-width 4.302653 / √3 = 2.484138, d = 2
    const s = summarizePairedDifferences([3, 5, 7], [2, 3, 4]);
    expect(s.n).toBe(3);
    expect(s.meanDiff).toBe(2);
    expect(s.ciLow).toBeCloseTo(2 - 2.4841377, 6);
    expect(s.ciHigh).toBeCloseTo(2 + 2.4841377, 6);
    expect(s.cohensD).toBeCloseTo(2, 12);
  });
});

describe('ReplicateAccumulator', () => {
  // Three replicates; arm 0 ('cpi') = base + replicate index, arm 1 = base; base depends on tick, group, measure.
  const base = (t: number, g: number, m: number) => 10 * t + 3 * g + m;
  const results = [0, 1, 2].map((r) => fakeResult(100 + r, (a, t, g, m) => base(t, g, m) + (a === 0 ? r * 2 : 0)));

  test('summarises every arm × tick × group × measure in that order, with hand-computed values', () => {
    const { summaries, replicates } = summarizeReplicates(results);
    expect(replicates).toBe(3);
    expect(summaries).toHaveLength(2 * 2 * 2 * 2);
    expect(summaries.slice(0, 3).map((r) => [r.arm, r.tick, r.group, r.measure])).toEqual([
      ['cpi', 0, 'all', 'm1'],
      ['cpi', 0, 'all', 'm2'],
      ['cpi', 0, 'g2', 'm1'],
    ]);
    // cpi, tick 1, g2, m2: base 10 + 3 + 1 = 14; values 14, 16, 18: mean 16, sd 2, median 16,
    // q05 = 14 + 0.1·2 = 14.2, q25 = 15, q75 = 17, q95 = 17.8; t(0.975, 2) · 2 / √3 = 4.968275
    const row = summaries.find((r) => r.arm === 'cpi' && r.tick === 1 && r.group === 'g2' && r.measure === 'm2')!;
    expect(row.n).toBe(3);
    expect(row.mean).toBe(16);
    expect(row.sd).toBe(2);
    expect(row.median).toBe(16);
    expect(row.q05).toBeCloseTo(14.2, 12);
    expect(row.q25).toBe(15);
    expect(row.q75).toBe(17);
    expect(row.q95).toBeCloseTo(17.8, 12);
    expect(row.ci_low).toBeCloseTo(16 - 4.9682754, 6);
    expect(row.ci_high).toBeCloseTo(16 + 4.9682754, 6);
    // usual care has the same value in every replicate: a zero-width interval
    const uc = summaries.find((r) => r.arm === 'usual-care' && r.tick === 1 && r.group === 'g2' && r.measure === 'm2')!;
    expect([uc.mean, uc.sd, uc.ci_low, uc.ci_high]).toEqual([14, 0, 14, 14]);
  });

  test('paired differences are cpi − usual care = 0, 2, 4 in every cell', () => {
    const { differences } = summarizeReplicates(results);
    expect(differences).toHaveLength(8);
    for (const d of differences) {
      expect([d.arm_a, d.arm_b, d.n, d.mean_diff]).toEqual(['cpi', 'usual-care', 3, 2]);
      expect(d.cohens_d).toBe(1);
    }
  });

  test('selections keep only the asked-for ticks, groups and measures', () => {
    const { summaries } = summarizeReplicates(results, { ticks: 'final', groups: ['g2'], measures: ['m1'], arms: ['usual-care'] });
    expect(summaries.map((r) => [r.arm, r.tick, r.group, r.measure, r.mean])).toEqual([['usual-care', 1, 'g2', 'm1', 13]]);
  });

  test('cells never measured are left out unless keepEmpty is set', () => {
    const gaps = [0, 1].map((r) => fakeResult(r, (_a, t, _g, m) => (m === 1 && t === 0 ? NaN : r)));
    expect(summarizeReplicates(gaps).summaries).toHaveLength(12);
    const kept = summarizeReplicates(gaps, { keepEmpty: true }).summaries;
    expect(kept).toHaveLength(16);
    expect(kept.filter((r) => r.n === 0)).toHaveLength(4);
  });

  test('refuses a duplicate seed, a result of another shape and an unknown measure', () => {
    const acc = new ReplicateAccumulator();
    acc.add(results[0]);
    expect(() => acc.add(results[0])).toThrow(ReplicateError);
    const other = { ...fakeResult(999, () => 0), measures: ['m1', 'm3'] } as RunResult;
    expect(() => acc.add(other)).toThrow(/does not match/);
    expect(() => new ReplicateAccumulator({ measures: ['nope'] }).add(results[0])).toThrow(/unknown measure "nope"/);
  });
});

describe('replicates of a real scenario', () => {
  test('two identical arms differ by exactly 0 in every cell, with a zero-width interval', () => {
    const chain = readScenarioChain('teaching-barriers');
    chain.push({ file: '<replicates test>', json: { name: 'twins', extends: 'teaching-barriers', arms: [{ name: 'a' }, { name: 'b' }] } });
    const scenario = compileScenario(chain);
    const acc = new ReplicateAccumulator({ groups: ['all', 'fidelity-high'] });
    for (const seed of [1, 2, 3]) acc.add(runScenario(scenario, { seed, ticks: 8 }));
    const diffs = acc.pairedDifferenceRows();
    expect(diffs.length).toBeGreaterThan(100);
    const estimable = diffs.filter((d) => d.n >= 2);
    expect(estimable.length).toBeGreaterThan(100);
    for (const d of diffs) expect(d.mean_diff).toBe(0);
    // an interval needs two replicates; a cell measured in only one (e.g. an empty fidelity band) has none
    for (const d of estimable) {
      expect(d.ci_low).toBe(0);
      expect(d.ci_high).toBe(0);
      expect(d.cohens_d).toBe(0);
    }
    // while the arms themselves vary across replicates
    const spread = acc.summaryRows().filter((r) => r.arm === 'a' && r.tick === 8 && r.group === 'all' && r.measure === 'network_size');
    expect(spread[0].sd).toBeGreaterThan(0);
  });
});
