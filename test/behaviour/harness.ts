// Helpers for behaviour tests: run a shipped scenario with test-specific arms over several seeds and
// read group means from the series. The claims themselves live in the *.test.ts files beside this one.
import { compileScenario, readScenarioChain, runScenario, type RunResult } from '../../src/index.js';

export interface ArmSpec {
  readonly name: string;
  readonly set?: Record<string, unknown>;
}

/** Compile `scenario` with extra whole-scenario assignments, extra file-level overrides and the given arms. */
export function compileWith(scenario: string, arms: readonly ArmSpec[], set: Record<string, unknown> = {}, override: Record<string, unknown> = {}) {
  const chain = readScenarioChain(scenario);
  chain.push({ file: '<behaviour test>', json: { name: 'behaviour-test', extends: scenario, ...override, arms: arms.map((a) => ({ name: a.name, set: a.set ?? {} })) } });
  return compileScenario(chain, { set: Object.entries(set), setSource: 'behaviour test' });
}

/** Final-tick (or given tick) value of a measure for an arm and group. */
export function valueAt(r: RunResult, arm: string, measure: string, group = 'all', tick = r.ticks): number {
  const a = r.arms.find((x) => x.name === arm);
  if (!a) throw new Error(`no arm ${arm}`);
  const G = r.groups.length;
  const M = r.measures.length;
  const g = r.groups.indexOf(group);
  const m = r.measures.indexOf(measure);
  if (g < 0 || m < 0) throw new Error(`no group ${group} or measure ${measure}`);
  return a.series[tick * G * M + g * M + m];
}

/** Run over seeds and return, per arm, the mean over seeds of the final value of each measure asked for. */
export function meanOverSeeds(
  scenario: ReturnType<typeof compileWith>,
  seeds: readonly number[],
  measures: readonly string[],
  group = 'all',
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const seed of seeds) {
    const r = runScenario(scenario, { seed });
    for (const arm of r.arms) {
      out[arm.name] ??= Object.fromEntries(measures.map((m) => [m, 0]));
      for (const m of measures) out[arm.name][m] += valueAt(r, arm.name, m, group) / seeds.length;
    }
  }
  return out;
}

/** Per-user final-minus-baseline change of a user measure, for one arm of a result. */
export function userChange(r: RunResult, arm: string, measure: string): Float64Array {
  const a = r.arms.find((x) => x.name === arm)!;
  const M = r.userMeasures.length;
  const m = r.userMeasures.indexOf(measure);
  const U = r.population.users;
  return Float64Array.from({ length: U }, (_, u) => a.final[u * M + m] - a.baseline[u * M + m]);
}

export const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length ? s / xs.length : NaN;
};
