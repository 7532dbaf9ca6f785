// The explorer's stepper: every arm of one scenario advanced together, one tick at a time, on one shared
// population with the same keyed random streams (common random numbers, MODEL.md §6). Part of explore/;
// browser-safe (no node: imports). It drives the engine's own pieces (buildPopulation, createRunState, step,
// observeTick) exactly as engine/run.ts does, so a run stepped to its horizon holds
// runScenario's numbers for the same scenario and seed (test/explore/explorer-run.test.ts).
import type { Scenario } from '../scenario/compile.js';
import { deriveSeed, KeyedRandom } from '../rng/index.js';
import { buildPopulation, type Population } from '../model/population.js';
import { createRunState, type RunState } from '../model/run-state.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { GROUP_MEASURES, groupNames } from '../metrics/groups.js';
import { observeTick, startParamsOf } from '../engine/run.js';
import { step } from '../engine/step.js';

export interface ExplorerRunOptions {
  /** Override the scenario's seed. */
  readonly seed?: number;
  /** Override the scenario's horizon (weeks). */
  readonly ticks?: number;
}

/** One arm of an explorer run: its state and everything observed so far. */
export interface ExplorerArm {
  readonly name: string;
  readonly description: string;
  readonly state: RunState;
  /** Group series: (ticks + 1) × groups × measures as in RunResult; ticks not yet reached are NaN. */
  readonly series: Float64Array;
  /** Per-user measures at baseline: users × USER_MEASURES. */
  readonly baseline: Float64Array;
  /** Per-user measures at the current tick (the baseline's values before the first step). */
  readonly current: Float64Array;
}

export class ExplorerRun {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly ticks: number;
  readonly population: Population;
  readonly groups: readonly string[];
  readonly measures: readonly string[] = GROUP_MEASURES;
  readonly userMeasures: readonly string[] = USER_MEASURES;
  /** Ticks completed. */
  tick = 0;
  private armStates: ExplorerArm[] = [];
  /** Each arm's per-user rows for ticks after the baseline (reused, as engine/run.ts does). */
  private scratch: Float64Array[] = [];

  constructor(scenario: Scenario, options: ExplorerRunOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.ticks = options.ticks ?? scenario.ticks;
    this.population = buildPopulation(scenario.params, scenario.tables, deriveSeed(this.seed, 'population'));
    this.groups = groupNames(this.population.agencies);
    this.reset();
  }

  get arms(): readonly ExplorerArm[] {
    return this.armStates;
  }

  get done(): boolean {
    return this.tick >= this.ticks;
  }

  /** Back to week 0: fresh run states on the same population (which no arm ever modifies: none adopts its ties). */
  reset(): void {
    const G = this.groups.length;
    const M = GROUP_MEASURES.length;
    this.tick = 0;
    this.armStates = this.scenario.arms.map((arm) => {
      // As in runScenario: each arm its own KeyedRandom from the same seed, so equal keys give equal draws.
      const state = createRunState(this.population, arm.params, this.scenario.tables, new KeyedRandom(deriveSeed(this.seed, 'ticks')), { startParams: startParamsOf(this.scenario) });
      const series = new Float64Array((this.ticks + 1) * G * M).fill(NaN);
      const baseline = this.observe(state, series, 0);
      return { name: arm.name, description: arm.description, state, series, baseline, current: baseline };
    });
    this.scratch = this.armStates.map((a) => new Float64Array(a.baseline.length));
  }

  /** Advance every arm by one week and observe it. Returns false (and does nothing) at the horizon. */
  advance(): boolean {
    if (this.done) return false;
    const t = this.tick + 1;
    this.armStates = this.armStates.map((arm, i) => {
      step(arm.state, t);
      const current = this.observe(arm.state, arm.series, t, this.scratch[i]);
      this.scratch[i] = current;
      return { ...arm, current };
    });
    this.tick = t;
    return true;
  }

  /** The group measures of one arm and group at a tick (a view into the series), in `measures` order. */
  row(arm: number, tick: number, group = 0): Float64Array {
    const G = this.groups.length;
    const M = GROUP_MEASURES.length;
    const start = (tick * G + group) * M;
    return this.armStates[arm].series.subarray(start, start + M);
  }

  /** One group measure of one arm at a tick (NaN where not measured). */
  value(arm: number, tick: number, measure: string, group = 0): number {
    const m = GROUP_MEASURES.indexOf(measure as (typeof GROUP_MEASURES)[number]);
    if (m < 0) throw new Error(`unknown measure "${measure}"`);
    return this.row(arm, tick, group)[m];
  }

  /** Observation exactly as engine/run.ts observes. */
  private observe(s: RunState, series: Float64Array, t: number, rows?: Float64Array): Float64Array {
    return observeTick(s, series, t, this.ticks, this.groups.length, rows);
  }

}
