// The public API of cpi-sim: small on purpose (a test pins these names). Scenario in, results out.
export { loadScenario, readScenarioChain, listShippedScenarios, DEFAULT_SCENARIO, SCENARIOS_DIR } from './scenario/load.js';
export { compileScenario, parseSetValue, resolveParameterPath, type Scenario, type Arm, type ScenarioSource, type CompileOptions } from './scenario/compile.js';
export { ScenarioError, type ScenarioIssue } from './scenario/errors.js';
export { buildScenarioJsonSchema } from './scenario/schema.js';
export { PARAMETERS, USER_BARRIERS, WORKER_BARRIERS, type Params, type UserBarrier, type WorkerBarrier } from './scenario/parameters.js';
export { EFFECT_TARGETS, forEachLeaf, type EffectTarget } from './scenario/spec.js';
export { PARAMETER_ROLES, parameterRole, listParameterRoles, ParameterRoleError } from './scenario/roles.js';
export { ROLE_KINDS, type ParameterRole, type RoleKind, type MechanismRole, type MeasurementRole, type SizeRole, type HorizonRole, type OutcomeDirection, type OutcomeScope } from './scenario/role-spec.js';
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
export { buildRunFiles, networkFormatOf, type OutputFile, type RunFilesOptions, type NetworkFormat } from './output/run-files.js';
export { writeFolderAtomically, writeFileAtomically } from './output/write-folder.js';
export { OutputError } from './output/output-error.js';
export { buildSeriesCsv } from './output/series-csv.js';
export { buildUsersCsv } from './output/users-csv.js';
export { buildNetworkGraph, type NetworkGraph, type NetworkGraphOptions } from './output/network-export.js';
export { serializeGexf } from './output/network-gexf.js';
export { serializeGraphml } from './output/network-graphml.js';
export { formatRunSummary } from './output/run-summary.js';
export { loadSweep, resolveSweep, type ResolvedSweep, type SweepFactor } from './sweep/load-sweep.js';
export { buildSweepJsonSchema, sweepFileSchema, type SweepFile, type SweepValue } from './sweep/sweep-file.js';
export { planSweep, planRun, runSeed, parseShard, buildSweepDocument, type SweepPlan, type SweepPoint, type PlannedRun, type Shard } from './sweep/plan.js';
export { runSweep, type SweepOptions, type SweepSummary, type SweepEstimate, type SweepProgress } from './sweep/run-sweep.js';
export { mergeSweepShards, type MergeOptions, type MergeSummary } from './sweep/merge-shards.js';
export { buildSlurmScripts, type SlurmScriptOptions, type SlurmScripts } from './sweep/slurm-scripts.js';
export { SweepError, type SweepIssue } from './sweep/sweep-error.js';
export { runReplicates, replicateSeed, type ReplicateRunOptions } from './engine/run-replicates.js';
export {
  summarizeReplicates,
  summarizeValues,
  summarizePairedDifferences,
  ReplicateAccumulator,
  ReplicateError,
  type ReplicateSummary,
  type ReplicateSummaryRow,
  type PairedDifferenceRow,
  type PairedDifferenceSummary,
  type ReplicateSummaryOptions,
  type ReplicateTables,
} from './analysis/replicates.js';
export {
  mean,
  median,
  quantile,
  variance,
  standardDeviation,
  meanConfidenceInterval,
  pairedTTest,
  welchTTest,
  ancova,
  cohensD,
  cohensDPaired,
  binomialConfidenceInterval,
  studentTQuantile,
  studentTTwoSidedP,
  fSurvival,
} from './analysis/stats.js';
export { analyzeSweepSensitivity, type SensitivityRow, type SweepOutput } from './analysis/sweep-sensitivity.js';
export { parseTrialDesign, buildTrialDesignJsonSchema, type TrialDesign, type TrialDesignInput } from './trial/trial-design.js';
export { loadTrialDesign, locateTrialDesign, listShippedTrialDesigns, TRIALS_DIR, type LoadedTrialDesign } from './trial/load-trial-design.js';
export { runVirtualTrial, type VirtualTrialOptions, type VirtualTrialResult, type TrialSummary, type TrialDistribution } from './trial/virtual-trial.js';
export { runPowerCurve, findSampleSizeForPower, powerCurveFromTrials, type PowerCurve, type PowerCurvePoint, type PowerCurveOptions } from './trial/power-curve.js';
export { runComparativeTrial, type ComparativeTrialResult, type ComparativeTrialSummary, type ComparativeReplicateResult, type OutcomeTest } from './trial/comparative-trial.js';
export { searchSampleSize, type SampleSizeResult, type SampleSizeOptions, type PowerAtSize } from './trial/sample-size.js';
export { fitLinearModel } from './analysis/linear-model.js';
export { TrialError, type TrialIssue } from './trial/trial-error.js';
export { buildReplicateFiles, buildSummaryCsv, buildDifferencesCsv, ReplicateValuesCsv, REPLICATE_FILES } from './output/replicate-files.js';
export { buildReportFigures, HEADLINE_MEASURES, type ReportFigures, type HeadlineMeasure } from './output/report-figures.js';
export { buildReportHtml, listReportParameters, type ReportInput, type ReportChart, type ReportTrial } from './output/report-html.js';
export { buildTrajectorySpec, type TrajectorySpecOptions, type TrajectoryBand } from './charts/trajectory-spec.js';
export { buildDifferenceSpec, type DifferenceSpecOptions } from './charts/difference-spec.js';
export { buildNetworkGrowthSpec, NETWORK_GROWTH_MEASURES, type NetworkGrowthSpecOptions } from './charts/network-growth-spec.js';
export { summarizeBarrierSweep, type BarrierSweepInput, type BarrierEffects, type BarrierEffectsOptions } from './charts/barrier-effects.js';
export { buildBarrierEffectSpec, type BarrierEffectSpecOptions } from './charts/barrier-effect-spec.js';
export { buildSensitivitySpec, type SensitivitySpecOptions } from './charts/sensitivity-spec.js';
export { buildPowerCurveSpec, type PowerCurveInput, type PowerCurveSpecOptions } from './charts/power-curve-spec.js';
export { buildEffectSizeSpec, type EffectSizeSpecOptions } from './charts/effect-size-spec.js';
export { summarizeGridSweep, type GridSweep, type GridSweepInput, type GridSweepOptions, type GridSweepCell } from './charts/grid-sweep.js';
export { buildFactorLinesSpec, type FactorLinesSpecOptions } from './charts/factor-lines-spec.js';
export { buildHeatmapSpec, type HeatmapSpecOptions } from './charts/heatmap-spec.js';
export { OKABE_ITO, CHART_FONT } from './charts/chart-theme.js';
export { armColour, ARM_PALETTE } from './charts/arm-colours.js';
export { ChartError } from './charts/chart-error.js';
export type { SeriesRow, TrialReplicateRow } from './charts/chart-data.js';
export { renderChartSync, type RenderChartSyncOptions } from './charts/render-chart-sync.js';
