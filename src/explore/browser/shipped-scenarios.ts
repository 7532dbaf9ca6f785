// The scenario files shipped in scenarios/, bundled into the page as data by scripts/build-explorer.mjs
// (esbuild's `define`), so the page compiles them itself with compileScenario: no file reading in the
// browser, no request for them. Part of explore/browser/.
import { compileScenario, type Scenario, type ScenarioSource } from '../../scenario/compile.js';

declare const __CPI_SIM_SCENARIOS__: Readonly<Record<string, unknown>>;
declare const __CPI_SIM_LESSONS__: Readonly<Record<string, unknown>>;

/** The shipped guided lessons (scenarios/lessons/*.json) by name, as the files hold them. */
export const SHIPPED_LESSONS: Readonly<Record<string, unknown>> = __CPI_SIM_LESSONS__;

/** The shipped scenario files by name (base, pilot-england, teaching-barriers, …). */
export const SHIPPED_SCENARIOS: Readonly<Record<string, unknown>> = __CPI_SIM_SCENARIOS__;

/** The `extends` chain of a shipped scenario, root first (shipped files extend only shipped files). */
export function shippedChain(name: string): ScenarioSource[] {
  const chain: ScenarioSource[] = [];
  let current: string | undefined = name;
  while (current !== undefined) {
    const json: unknown = SHIPPED_SCENARIOS[current];
    if (json === undefined) throw new Error(`no shipped scenario "${current}"`);
    if (chain.length > 16) throw new Error(`the extends chain of "${name}" is too long`);
    chain.unshift({ file: `scenarios/${current}.json`, json });
    const ext: unknown = (json as { extends?: unknown }).extends;
    current = typeof ext === 'string' ? ext.replace(/\.json$/, '') : undefined;
  }
  return chain;
}

/** Compile a shipped scenario. */
export function compileShipped(name: string): Scenario {
  return compileScenario(shippedChain(name));
}
