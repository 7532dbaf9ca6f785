// The public API of cpi-sim: small on purpose (a test pins these names). Scenario in, results out.
export { loadScenario, readScenarioChain, listShippedScenarios, DEFAULT_SCENARIO, SCENARIOS_DIR } from './scenario/load.js';
export { compileScenario, parseSetValue, resolveParameterPath, type Scenario, type Arm, type ScenarioSource, type CompileOptions } from './scenario/compile.js';
export { ScenarioError, type ScenarioIssue } from './scenario/errors.js';
export { buildScenarioJsonSchema } from './scenario/schema.js';
export { PARAMETERS, USER_BARRIERS, WORKER_BARRIERS, type Params, type UserBarrier, type WorkerBarrier } from './scenario/parameters.js';
export { EFFECT_TARGETS, forEachLeaf, type EffectTarget } from './scenario/spec.js';
export { runScenario, type RunOptions, type RunResult, type ArmResult } from './engine/run.js';
export { step, TICK_ORDER, type TickProcess } from './engine/step.js';
export { buildPopulation, type Population } from './model/population.js';
export { createRunState, type RunState } from './model/run-state.js';
export { UserState, USER_STATE_NAMES, TieKind, TIE_KIND_NAMES, TieFlag, SHARED_PROCESSES } from './model/codes.js';
export { measureUsers, USER_MEASURES } from './metrics/user-measures.js';
export { measureGroups, GROUP_MEASURES, groupNames } from './metrics/groups.js';
export { measurePositionIndices, type PositionIndices } from './metrics/position-indices.js';
export { measureResourceScore, type ResourceScore } from './metrics/resource-score.js';
export { measureWholeNetwork, type WholeNetwork } from './metrics/whole-network.js';
export { deriveSeed, createStream, KeyedRandom } from './rng/index.js';
