// The public API (src/index.ts and the Node-only src/charts-node.ts at `cpi-sim/charts`): its names are
// pinned, so adding or dropping an export is a decision a reviewer sees; and the main entry does not load the
// chart renderers (vega, vega-lite, resvg), which `cpi-sim/charts` carries.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as charts from '../src/charts-node.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every package a module imports at run time, following relative imports (type-only imports left out). */
function packagesImportedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1];
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  };
  visit(join(SRC, entry));
  return packages;
}

describe('the public API', () => {
  it('exports exactly these names from cpi-sim', () => {
    expect(Object.keys(api).sort()).toEqual([
  'ARM_PALETTE', 'CHART_FONT', 'ChartError', 'DEFAULT_SCENARIO', 'EFFECT_TARGETS', 'GROUP_MEASURES', 'HEADLINE_MEASURES',
  'KeyedRandom', 'NETWORK_GROWTH_MEASURES', 'OKABE_ITO', 'OutputError', 'PARAMETERS', 'PARAMETER_ROLES', 'ParameterRoleError', 'REPLICATE_FILES', 'ROLE_KINDS',
  'ReplicateAccumulator', 'ReplicateError', 'ReplicateValuesCsv', 'SCENARIOS_DIR', 'SHARED_PROCESSES',
  'ScenarioError', 'SweepError', 'TICK_ORDER', 'TIE_KIND_NAMES', 'TRIALS_DIR', 'TieFlag', 'TieKind', 'TrialError',
  'USER_BARRIERS', 'USER_MEASURES', 'USER_STATE_NAMES', 'UserState', 'WORKER_BARRIERS', 'analyzeSweepSensitivity',
  'ancova', 'armColour', 'binomialConfidenceInterval', 'buildBarrierEffectSpec', 'buildDifferenceSpec', 'buildDifferencesCsv',
  'buildEffectSizeSpec', 'buildFactorLinesSpec', 'buildHeatmapSpec', 'buildNetworkGraph', 'buildNetworkGrowthSpec', 'buildPopulation', 'buildPowerCurveSpec',
  'buildReplicateFiles', 'buildReportFigures', 'buildReportHtml', 'buildRunFiles', 'buildScenarioJsonSchema',
  'buildSensitivitySpec', 'buildSeriesCsv', 'buildSlurmScripts', 'buildSummaryCsv', 'buildSweepDocument',
  'buildSweepJsonSchema', 'buildTrajectorySpec', 'buildTrialDesignJsonSchema', 'buildUsersCsv', 'cohensD',
  'cohensDPaired', 'compileScenario', 'createRunState', 'createStream', 'deriveSeed', 'fSurvival',
  'findSampleSizeForPower', 'fitLinearModel', 'forEachLeaf', 'formatRunSummary', 'groupNames', 'listParameterRoles', 'listReportParameters',
  'listShippedScenarios', 'listShippedTrialDesigns', 'loadScenario', 'loadSweep', 'loadTrialDesign',
  'locateTrialDesign', 'mean', 'meanConfidenceInterval', 'measureGroups', 'measurePositionIndices',
  'measureResourceScore', 'measureUsers', 'measureWholeNetwork', 'median', 'mergeSweepShards', 'networkFormatOf',
  'pairedTTest', 'parameterRole', 'parseSetValue', 'parseShard', 'parseTrialDesign', 'planRun', 'planSweep', 'powerCurveFromTrials', 'quantile',
  'readScenarioChain', 'renderChartSync', 'replicateSeed', 'resolveParameterPath', 'resolveSweep', 'runComparativeTrial', 'runPowerCurve', 'runReplicates',
  'runScenario', 'runSeed', 'runSweep', 'runVirtualTrial', 'searchSampleSize', 'serializeGexf', 'serializeGraphml', 'standardDeviation',
  'step', 'studentTQuantile', 'studentTTwoSidedP', 'summarizeBarrierSweep', 'summarizeGridSweep', 'summarizePairedDifferences',
  'summarizeReplicates', 'summarizeValues', 'sweepFileSchema', 'variance', 'welchTTest', 'writeFileAtomically',
  'writeFolderAtomically',
    ]);
  });

  it('exports the renderers, folder charts and the report from cpi-sim/charts', () => {
    expect(Object.keys(charts).sort()).toEqual(['CHART_FORMATS', 'CHART_KINDS', 'buildReportDocument', 'chartFontFiles', 'chartKindsOf', 'compileChart', 'inspectResultsFolder', 'readCsvTable', 'readFolderChart', 'renderChart']);
  });

  it('keeps vega, vega-lite and resvg out of the main entry and in cpi-sim/charts', () => {
    const main = packagesImportedBy('index.ts');
    for (const heavy of ['vega', 'vega-lite', 'vega-embed', '@resvg/resvg-js']) expect(main.has(heavy), heavy).toBe(false);
    const node = packagesImportedBy('charts-node.ts');
    for (const heavy of ['vega', 'vega-lite', '@resvg/resvg-js']) expect(node.has(heavy), heavy).toBe(true);
  });

  it('is declared in package.json with types for both entries', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '../package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.exports['./charts']).toEqual({ types: './dist/charts-node.d.ts', default: './dist/charts-node.js' });
  });
});
