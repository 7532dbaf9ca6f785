// Determinism (STYLE.md principle 1): same scenario and seed give identical results; a different seed
// gives different ones; arms share one population and one set of draws (common random numbers, MODEL.md
// §6), so two arms with identical parameters give identical results and an arm run alone equals the same
// arm run beside others.
import { describe, expect, test } from 'vitest';
import { loadScenario, runScenario } from '../../src/index.js';
import { compileWith } from '../behaviour/harness.js';

const same = (a: Float64Array, b: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

describe('determinism', () => {
  const scenario = loadScenario('pilot-england');

  test('the same scenario and seed give bit-identical series and per-user results', () => {
    const a = runScenario(scenario, { seed: 5, ticks: 20 });
    const b = runScenario(scenario, { seed: 5, ticks: 20 });
    a.arms.forEach((arm, i) => {
      expect(same(arm.series, b.arms[i].series)).toBe(true);
      expect(same(arm.final, b.arms[i].final)).toBe(true);
    });
  });

  test('different seeds give different results', () => {
    const a = runScenario(scenario, { seed: 5, ticks: 20 });
    const b = runScenario(scenario, { seed: 6, ticks: 20 });
    expect(same(a.arms[0].series, b.arms[0].series)).toBe(false);
    expect(same(a.arms[0].baseline, b.arms[0].baseline)).toBe(false);
  });

  test('two arms with identical parameters give identical results', () => {
    const twins = compileWith('pilot-england', [
      { name: 'a', set: { 'agencies.fidelity.mean': 0.7 } },
      { name: 'b', set: { 'agencies.fidelity.mean': 0.7 } },
    ]);
    const r = runScenario(twins, { seed: 9 });
    expect(same(r.arms[0].series, r.arms[1].series)).toBe(true);
    expect(same(r.arms[0].final, r.arms[1].final)).toBe(true);
  });

  test('arms start from the same baseline', () => {
    const r = runScenario(scenario, { seed: 3, ticks: 5 });
    expect(same(r.arms[0].baseline, r.arms[1].baseline)).toBe(true);
    expect(same(r.arms[0].baseline, r.arms[2].baseline)).toBe(true);
  });

  test('an arm run alone equals the same arm run beside the others', () => {
    const all = runScenario(scenario, { seed: 4, ticks: 15 });
    const alone = runScenario(scenario, { seed: 4, ticks: 15, arms: ['low-fidelity'] });
    expect(same(alone.arms[0].series, all.arms[1].series)).toBe(true);
  });
});
