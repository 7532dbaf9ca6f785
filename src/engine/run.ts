// A whole run: build the shared population once, then run every arm on it with the same keyed random
// streams (common random numbers, MODEL.md §6), observing after every tick. Part of engine/. No I/O.
import type { Scenario } from '../scenario/compile.js';
import type { Params } from '../scenario/parameters.js';
import { deriveSeed, KeyedRandom } from '../rng/index.js';
import { buildPopulation, type Population } from '../model/population.js';
import { createRunState, type RunState } from '../model/run-state.js';
import { measureUsers, USER_MEASURES } from '../metrics/user-measures.js';
import { GROUP_MEASURES, groupNames, measureGroups } from '../metrics/groups.js';
import { step } from './step.js';
import { checkResources, estimateRunResources } from './resource-estimate.js';

export interface RunOptions {
  /** Override the scenario's horizon (weeks). */
  readonly ticks?: number;
  /** Override the scenario's seed. */
  readonly seed?: number;
  /** Run only these arms (names), in scenario order. */
  readonly arms?: readonly string[];
  /** Called after each tick of each arm (for progress). */
  readonly onTick?: (arm: string, tick: number, ticks: number) => void;
  /** Keep each arm's final RunState in the result (for network export and inspection). */
  readonly keepState?: boolean;
}

export interface ArmResult {
  readonly name: string;
  readonly description: string;
  /** Group series: (ticks + 1) × groups × measures, tick 0 being the baseline. NaN where not measured. */
  readonly series: Float64Array;
  /** Per-user measures at baseline and at the end: users × USER_MEASURES. */
  readonly baseline: Float64Array;
  readonly final: Float64Array;
  /** The final state (only with keepState). */
  readonly state?: RunState;
  /** User states and agencies at the end, for the per-user table (fidelity ratings are in `final`). */
  readonly finalUserState: Uint8Array;
  readonly finalAgency: Int32Array;
}

export interface RunResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly ticks: number;
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  readonly userMeasures: readonly string[];
  /** The shared population. Its tie store was handed to the last arm: it holds that arm's final ties. */
  readonly population: Population;
  readonly arms: readonly ArmResult[];
}

/** Is tick t one at which whole-network measures are taken? */
export function isNetworkTick(t: number, ticks: number, every: number): boolean {
  return t === 0 || t === ticks || (every > 0 && t % every === 0);
}

/**
 * Observe one arm at tick t: its per-user rows (returned; written into `rows` when given) and its group table
 * into `series` at tick t, whole-network figures only at network ticks. The one observation step of every
 * run, whole (runScenario) or stepped (the explorer).
 */
export function observeTick(s: RunState, series: Float64Array, t: number, ticks: number, groups: number, rows?: Float64Array): Float64Array {
  const net = isNetworkTick(t, ticks, s.params.observe.wholeNetworkEvery);
  const userRows = measureUsers(s, { clustering: net }, rows);
  measureGroups(s, userRows, net, series, t * groups * GROUP_MEASURES.length);
  return userRows;
}

/** The parameters every arm's week 0 is drawn from: the scenario's first arm's with `baseline: "shared"`, else each arm's own. */
export function startParamsOf(scenario: Scenario): Params | undefined {
  return scenario.baseline === 'shared' ? scenario.arms[0].params : undefined;
}

export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const seed = options.seed ?? scenario.seed;
  const ticks = options.ticks ?? scenario.ticks;
  const arms = options.arms ? scenario.arms.filter((a) => options.arms!.includes(a.name)) : scenario.arms;
  // Sizes no machine can hold (ids beyond Int32, arrays beyond V8's length) are refused before any array is
  // made: a ResourceError rather than a RangeError deep in the build. Memory is the caller's to check.
  const estimate = estimateRunResources(scenario.params, scenario.tables, { ticks, arms: arms.map((a) => a.params), files: false });
  checkResources(estimate, undefined, { what: 'this run', source: `scenario "${scenario.name}"`, advice: 'use fewer localities, residents or referrals' });
  const population = buildPopulation(scenario.params, scenario.tables, deriveSeed(seed, 'population'));
  const groups = groupNames(population.agencies);
  const G = groups.length;
  const M = GROUP_MEASURES.length;
  const results: ArmResult[] = [];
  for (const [i, arm] of arms.entries()) {
    // Each arm gets its own KeyedRandom from the same seed: identical draws for identical keys.
    const rng = new KeyedRandom(deriveSeed(seed, 'ticks'));
    // Earlier arms work on copies of the baseline ties; the last arm takes the population's own store.
    const s = createRunState(population, arm.params, scenario.tables, rng, { adoptTies: i === arms.length - 1, startParams: startParamsOf(scenario) });
    const series = new Float64Array((ticks + 1) * G * M);
    const observe = (t: number, rows?: Float64Array): Float64Array => observeTick(s, series, t, ticks, G, rows);
    const baseline = observe(0);
    let scratch: Float64Array = new Float64Array(baseline.length);
    for (let t = 1; t <= ticks; t++) {
      step(s, t);
      scratch = observe(t, scratch);
      options.onTick?.(arm.name, t, ticks);
    }
    const final = ticks === 0 ? baseline.slice() : scratch;
    results.push({
      name: arm.name,
      description: arm.description,
      series,
      baseline,
      final,
      state: options.keepState ? s : undefined,
      finalUserState: s.state.slice(),
      finalAgency: s.agency.slice(),
    });
  }
  return { scenario, seed, ticks, groups, measures: GROUP_MEASURES, userMeasures: USER_MEASURES, population, arms: results };
}
