// `cpi-sim trial <design>`: a virtual trial (MODEL.md §6): simulate the study many times, sample
// participants as it would, run its analysis, and report the distribution of effects and p-values and the
// power. Every design: the CPI pilot's fidelity groups, and CPI against a control arm randomised by
// participant (`individual`), by team (`cluster`) or by team within organisations (`paired-teams`).
// `--n` simulates several sizes (a power curve); `--target-power` searches the smallest size that reaches a
// power, along `--vary` participants, clusters (teams, or organisations of a paired design) or per-cluster.
// Replicates run on the sweep's worker pool (`--workers`); each replicate's seed depends only on the root
// seed, the design and the replicate, so the files are byte-identical for any number of workers. Part of
// cli/: parse, call the library (src/trial), write.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTrialDesign } from '../trial/load-trial-design.js';
import { fidelityContext, virtualTrialResult, type TrialReplicateResult, type VirtualTrialResult } from '../trial/virtual-trial.js';
import { powerCurveFromTrials, type PowerCurve } from '../trial/power-curve.js';
import { comparativeContext, comparativeTrialResult, type ComparativeReplicateResult, type ComparativeTrialResult, type CostSummary } from '../trial/comparative-trial.js';
import { searchSampleSize, type PowerAtSize, type SampleSizeResult } from '../trial/sample-size.js';
import {
  comparativeDesign,
  defaultSizeDimension,
  minimumTrialSize,
  resizeTrialDesign,
  trialDesignType,
  trialReferrals,
  trialSize,
  TRIAL_SIZE_DIMENSIONS,
  type TrialDesign,
  type TrialSizeDimension,
} from '../trial/trial-design.js';
import { createTrialPool, type TrialPool } from '../trial/trial-pool.js';
import type { TrialSpec } from '../trial/trial-replicates.js';
import type { ScenarioSource } from '../scenario/compile.js';
import { buildPowerCurveCsv, buildTrialReplicatesCsv, buildTrialSummaryJson } from '../output/trial-files.js';
import { buildAcceptabilityCsv, buildComparativePowerCsv, buildComparativeReplicatesCsv, buildComparativeSummaryJson, type SizedTrial } from '../output/comparative-trial-files.js';
import { checkOutputFolder, writeFolderAtomically } from '../output/write-folder.js';
import { readPackageInfo } from '../output/package-info.js';
import { manifestFiles, type OutputFile } from '../output/run-files.js';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { formatDuration } from './progress.js';
import { createSweepProgressBar } from './sweep-progress.js';
import { estimateTrialResources, MAX_TRIAL_REPLICATES } from '../trial/trial-estimate.js';
import { checkResources, fmtCount } from '../engine/resource-estimate.js';
import { describePreflight, resourceLimits } from './memory-limit.js';

export interface TrialArgs {
  readonly design: string;
  readonly replicates?: string;
  readonly seed?: string;
  readonly n?: readonly string[];
  readonly vary?: string;
  readonly targetPower?: string;
  readonly maxSize?: string;
  readonly workers?: string;
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
  readonly memoryLimit?: string;
}

/** Most worker threads `--workers` accepts (as run, sweep and calibrate). */
const MAX_WORKERS = 1024;
/** The largest size a search may try when --max-size is not given: this many times the design's own size. */
const DEFAULT_MAX_FACTOR = 16;

const positiveInt = (flag: string, text: string, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new CliUsageError(`${flag} ${text}: expected a whole number ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max.toLocaleString('en')}` : `of at least ${min}`}`);
  return v;
};

/** What a size counts, for messages: "participants", "teams", "organisations", "participants per team". */
export function sizeNoun(design: TrialDesign, dimension: TrialSizeDimension): string {
  const type = trialDesignType(design);
  if (dimension === 'participants') return type === 'fidelity-groups' ? 'referrals' : 'participants';
  if (dimension === 'clusters') return type === 'paired-teams' ? 'organisations' : 'teams';
  return 'participants per team';
}

/** One evaluated size of either kind of design. */
type Evaluated = { readonly size: number; readonly fidelity?: VirtualTrialResult; readonly comparative?: ComparativeTrialResult };

export async function trialCommand(args: TrialArgs, io: CliIO, argv: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  // 1. Options and the design (TrialError names the file, field, value and what is allowed).
  const replicates = args.replicates === undefined ? 200 : positiveInt('--replicates', args.replicates, 1, MAX_TRIAL_REPLICATES);
  const limits = resourceLimits(args.memoryLimit);
  const seed = args.seed === undefined ? undefined : positiveInt('--seed', args.seed, 0);
  let target: number | undefined;
  if (args.targetPower !== undefined) {
    target = Number(args.targetPower);
    if (!(Number.isFinite(target) && target > 0 && target < 1)) throw new CliUsageError(`--target-power ${args.targetPower}: expected a power between 0 and 1, e.g. 0.8 or 0.9`);
  }
  let workers = availableParallelism();
  if (args.workers !== undefined) {
    workers = Number(args.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS)
      throw new CliUsageError(`--workers ${args.workers}: expected a whole number from 0 to ${MAX_WORKERS} (worker threads; 0 runs the simulated trials in the main thread; default: the number of cores)`);
  }
  const { file, design, scenarioChain: chain } = loadTrialDesign(args.design, io.cwd);
  const comparative = comparativeDesign(design) !== undefined;
  if (args.vary !== undefined && !(TRIAL_SIZE_DIMENSIONS as readonly string[]).includes(args.vary))
    throw new CliUsageError(`--vary ${args.vary}: expected one of ${TRIAL_SIZE_DIMENSIONS.join(', ')}`);
  const dimension = (args.vary as TrialSizeDimension | undefined) ?? defaultSizeDimension(design);
  if (!comparative && dimension !== 'participants')
    throw new CliUsageError(`--vary ${dimension}: design ${design.name} (${file}) is a fidelity-groups design of one arm; it varies only participants (its referrals)`);
  const ownSize = comparative ? trialSize(design, dimension) : trialReferrals(design);
  const minSize = comparative ? minimumTrialSize(design, dimension) : 2;
  const ns = [...new Set((args.n ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean).map((x) => positiveInt('--n', x, minSize)))].sort((a, b) => a - b);
  let maxSize = Math.max(ownSize * DEFAULT_MAX_FACTOR, minSize, ...ns);
  if (args.maxSize !== undefined) {
    if (target === undefined) throw new CliUsageError('--max-size bounds the sample-size search; add --target-power, e.g. --target-power 0.8');
    maxSize = positiveInt('--max-size', args.maxSize, minSize);
  }
  const noun = sizeNoun(design, dimension);

  // The pre-flight: the sizes that will run (a search evaluates at most about 2·log2(max/min) + 2 sizes, each at
  // most --max-size), every trial's result kept until the files are written, before anything runs.
  const searchSizes = target === undefined ? [] : Array.from({ length: 2 * Math.ceil(Math.log2(Math.max(2, maxSize / minSize))) + 2 }, () => maxSize);
  const estimateSizes = [...ns, ...searchSizes];
  const lanes = Math.min(workers, replicates);
  const estimate = estimateTrialResources(design, { scenarioChain: chain, replicates, ns: estimateSizes, dimension, workers: Math.max(1, lanes) });
  checkResources(estimate, limits, {
    what:
      `${fmtCount(replicates)} simulated trials` +
      (ns.length > 1 ? ` at each of ${ns.length} sizes` : '') +
      (target !== undefined ? `${ns.length > 1 ? ', and' : ''} at each size a search for power ${target} tries (up to ${maxSize} ${noun})` : ''),
    source: file,
    advice: target !== undefined ? 'use fewer --replicates, a smaller --max-size, or fewer --workers' : 'use fewer --replicates, fewer or smaller --n values, or fewer --workers',
  });
  if (!args.quiet) io.stderr(describePreflight(estimate, limits, lanes).replace('about ', target !== undefined ? 'at most about ' : 'about '));
  const out = resolve(io.cwd, args.out ?? join('results', `trial-${design.name}`));
  checkOutputFolder(out, { force: args.force, replaces: ['trial'] });

  // 2. Simulate, on the pool: the sizes of --n (or the design's own), then the search.
  const bar = createSweepProgressBar(io, io.stderrIsTTY && !args.quiet, { unit: 'trials', failures: false });
  const pool: TrialPool = createTrialPool(lanes, chain);
  const evaluated = new Map<number, Evaluated>();
  let search: SampleSizeResult | undefined;
  try {
    const plannedTotal = (ns.length || (target === undefined ? 1 : 0)) * replicates;
    let finishedBefore = 0;
    const began = performance.now();
    const evaluate = async (size: number): Promise<Evaluated> => {
      const known = evaluated.get(size);
      if (known) return known;
      const total = Math.max(plannedTotal, finishedBefore + replicates);
      const onProgress = (done: number) => {
        const all = finishedBefore + done;
        const rate = (all / (performance.now() - began)) * 1000;
        // A search does not know how many sizes it will try: the time left is for the size being simulated.
        bar.update({ done: all, total, failed: 0, rate, secondsLeft: (total - all) / rate });
      };
      const e = await simulateSize(pool, design, chain, comparative, dimension, size, replicates, seed, onProgress);
      finishedBefore += replicates;
      evaluated.set(size, e);
      return e;
    };
    for (const n of ns.length ? ns : target === undefined ? [ownSize] : []) await evaluate(n);
    if (target !== undefined)
      search = await searchSampleSize({
        dimension,
        target,
        start: ownSize,
        minSize,
        maxSize,
        evaluate: async (size) => powerAtSize(await evaluate(size), design, dimension),
      });
  } finally {
    bar.done();
    await pool.close();
  }
  const sizes = [...evaluated.values()].sort((a, b) => a.size - b.size);

  // 3. Files, written at once.
  const pkg = readPackageInfo();
  const files: OutputFile[] = [];
  let fidelityCurve: PowerCurve | undefined;
  if (comparative) {
    const sized: SizedTrial[] = sizes.map((e) => ({ n: e.size, trial: e.comparative! }));
    const reps = buildComparativeReplicatesCsv(sized, design.alpha);
    files.push(
      { name: 'trial-replicates.csv', text: reps.text, rows: reps.rows, description: 'one row per simulated trial and outcome (primary, then secondaries) at every size simulated: participants and teams per arm, effect with its CI, p-values, ICC and design effect' },
      { name: 'trial-summary.json', text: buildComparativeSummaryJson(sized, dimension, search, ownSize), description: 'the design, per size the power and the distribution of each outcome’s effect, ICC and design effect, and the sample-size search' },
    );
    const ceac = buildAcceptabilityCsv(sized);
    if (ceac)
      files.push({
        name: 'trial-acceptability.csv',
        text: ceac.text,
        rows: ceac.rows,
        description: 'the cost-effectiveness acceptability curve per size: per willingness to pay (currency per unit of the primary outcome’s change) the share of simulated trials whose net benefit is positive, and the net benefit’s mean and 95% range',
      });
    if (sized.length > 1 || search) {
      const curve = buildComparativePowerCsv(sized, dimension);
      files.push({ name: 'power-curve.csv', text: curve.text, rows: curve.rows, description: `the primary outcome’s power and its exact interval per size (${noun})` });
    }
  } else {
    const trials = sizes.map((e) => e.fidelity!);
    if (sizes.length > 1 || search) fidelityCurve = powerCurveFromTrials(trials, target ?? 0.8);
    const reps = buildTrialReplicatesCsv(trials);
    files.push(
      { name: 'trial-replicates.csv', text: reps.text, rows: reps.rows, description: 'one row per simulated trial (and per n of a power curve): sample sizes, effect, F, p, effect sizes, significance' },
      { name: 'trial-summary.json', text: buildTrialSummaryJson(trials, fidelityCurve, search), description: 'the design, and per n the summary of the simulated trials beside the published figures' },
    );
    if (fidelityCurve) {
      const curve = buildPowerCurveCsv(fidelityCurve);
      files.push({ name: 'power-curve.csv', text: curve.text, rows: curve.rows, description: 'power and its exact interval per number of referrals' });
    }
  }
  const first = sizes[0];
  const rootSeed = first.fidelity?.seed ?? first.comparative!.seed;
  const manifest = {
    format: 'cpi-sim trial manifest, version 1',
    package: { name: pkg.name, version: pkg.version },
    node: process.version,
    command: formatCommandLine('cpi-sim', argv),
    design: file,
    type: trialDesignType(design),
    replicates,
    seed: rootSeed,
    dimension,
    sizes: sizes.map((e) => e.size),
    referrals: sizes.map((e) => e.fidelity?.referrals ?? e.comparative!.referrals),
    targetPower: target ?? null,
    workers: lanes,
    files: manifestFiles(files),
    run: { startedAt, wallMs: Math.round(performance.now() - t0) },
  };
  writeFolderAtomically(out, [...files, { name: 'manifest.json', text: JSON.stringify(manifest, null, 2) + '\n' }], { force: args.force, replaces: ['trial'] });

  // 4. Summary.
  if (!args.quiet) {
    const lines = comparative ? comparativeSummaryLines(design, sizes, noun, replicates, rootSeed, search?.size) : fidelitySummaryLines(design, sizes, replicates, rootSeed, fidelityCurve);
    if (search) lines.push('', ...searchLines(search, noun));
    lines.push('', `Wrote ${out}/: ${files.map((x) => x.name).join(', ')}, manifest.json (${formatDuration((performance.now() - t0) / 1000)}${lanes > 0 ? ` on ${lanes} worker thread${lanes === 1 ? '' : 's'}` : ' in the main thread'})`);
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}

/** Simulate `replicates` trials at one size on the pool and assemble the result in replicate order. */
async function simulateSize(
  pool: TrialPool,
  design: TrialDesign,
  chain: readonly ScenarioSource[],
  comparative: boolean,
  dimension: TrialSizeDimension,
  size: number,
  replicates: number,
  seed: number | undefined,
  onProgress: (done: number) => void,
): Promise<Evaluated> {
  if (comparative) {
    const sized = resizeTrialDesign(design, dimension, size);
    const spec: TrialSpec = { kind: 'comparative', design: sized, seed };
    const reps = await pool.simulate<ComparativeReplicateResult>(spec, replicates, onProgress);
    return { size, comparative: comparativeTrialResult(comparativeContext(sized, chain, seed), reps) };
  }
  const n = size === trialReferrals(design) ? undefined : size;
  const spec: TrialSpec = { kind: 'fidelity', design, n, seed };
  const reps = await pool.simulate<TrialReplicateResult>(spec, replicates, onProgress);
  return { size, fidelity: virtualTrialResult(fidelityContext(design, chain, { n, seed }), reps) };
}

function powerAtSize(e: Evaluated, design: TrialDesign, dimension: TrialSizeDimension): PowerAtSize {
  if (e.comparative) {
    const t = e.comparative;
    const clustered = trialDesignType(design) !== 'individual';
    return { size: e.size, power: t.summary.power, powerLow: t.summary.powerLow, powerHigh: t.summary.powerHigh, replicates: t.summary.replicates, participants: t.referrals, clusters: clustered ? t.agencies : 0 };
  }
  const t = e.fidelity!;
  void dimension;
  return { size: e.size, power: t.summary.power, powerLow: t.summary.powerLow, powerHigh: t.summary.powerHigh, replicates: t.summary.replicates, participants: t.referrals, clusters: 0 };
}

const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');

function fidelitySummaryLines(design: TrialDesign, sizes: readonly Evaluated[], replicates: number, seed: number, curve?: PowerCurve): string[] {
  const lines = [design.title ?? design.name, `${replicates} simulated trials per n; seed ${seed}; alpha ${design.alpha}`, ''];
  lines.push('  referrals  analysed (median)  high (median)  partial η² median [95% range]   power [95% CI]');
  for (const e of sizes) {
    const t = e.fidelity!;
    const s = t.summary;
    lines.push(
      `  ${String(t.referrals).padStart(9)}  ${f(s.analysed.median, 0).padStart(17)}  ${f(s.high.median, 0).padStart(13)}  ` +
        `${f(s.partialEtaSquared.median)} [${f(s.partialEtaSquared.low)}, ${f(s.partialEtaSquared.high)}]`.padEnd(31) +
        `  ${f(s.power, 2)} [${f(s.powerLow, 2)}, ${f(s.powerHigh, 2)}]`,
    );
  }
  if (design.published) lines.push('', `  published: ${JSON.stringify(design.published)}`);
  if (curve && curve.points.length > 1)
    lines.push('', curve.smallestN === undefined ? `  no simulated n reached power ${curve.target}` : `  power ${curve.target} first reached at n = ${curve.smallestN} (interpolated: ${curve.interpolatedN})`);
  return lines;
}

function comparativeSummaryLines(design: TrialDesign, sizes: readonly Evaluated[], noun: string, replicates: number, seed: number, searched?: number): string[] {
  const first = sizes[0].comparative!;
  const d = comparativeDesign(design)!;
  const primary = first.summary.outcomes[0];
  const clustered = d.type !== 'individual';
  const lines = [
    design.title ?? design.name,
    `${d.type} design: ${first.arm} against ${first.control}; primary outcome ${primary.measure} at week ${design.followUpTick}; ` +
      `${replicates} simulated trials per size; seed ${seed}; alpha ${design.alpha}${design.test?.method === 'permutation' ? `; randomisation test (${design.test.permutations} permutations)` : ''}`,
    '',
    `  ${'size'.padStart(6)}  participants${clustered ? '  teams' : ''}  analysed (median)  effect median [95% range]      ${clustered ? 'ICC    design effect  ' : ''}power [95% CI]`,
  ];
  for (const e of sizes) {
    const t = e.comparative!;
    const s = t.summary;
    const p = s.outcomes[0];
    lines.push(
      `  ${String(e.size).padStart(6)}  ${String(t.referrals).padStart(12)}${clustered ? String(t.agencies).padStart(7) : ''}  ${f(s.analysed.median, 0).padStart(17)}  ` +
        `${f(p.effect.median)} [${f(p.effect.low)}, ${f(p.effect.high)}]`.padEnd(29) +
        (clustered ? `  ${f(p.icc.median).padEnd(5)}  ${f(p.designEffect.median, 2).padEnd(13)}` : '') +
        `  ${f(s.power, 2)} [${f(s.powerLow, 2)}, ${f(s.powerHigh, 2)}]`,
    );
  }
  lines.push('', `  size counts ${noun}.`);
  const last = sizes[sizes.length - 1].comparative!.summary;
  for (const o of last.outcomes.slice(1)) lines.push(`  secondary ${o.measure} (Holm-adjusted): power ${f(o.power, 2)} [${f(o.powerLow, 2)}, ${f(o.powerHigh, 2)}] at the largest size`);
  // Costs at the size a search found, else at the largest size simulated.
  const costed = sizes.find((e) => e.size === searched && e.comparative!.summary.costs) ?? [...sizes].reverse().find((e) => e.comparative!.summary.costs);
  if (costed) lines.push('', ...costLines(costed.comparative!.summary.costs!, costed.size, noun));
  return lines;
}

/** The cost-effectiveness of one size, in words and figures. */
function costLines(c: CostSummary, size: number, noun: string): string[] {
  const money = (x: number) => (Number.isFinite(x) ? `${c.currency} ${Math.round(x).toLocaleString('en-GB')}` : '—');
  const [i, k] = c.perParticipant;
  const bi = c.bootstrap;
  const lines = [
    `  Costs at ${size} ${noun} (${c.currency}, ${c.priceYear} prices; the worker time each participant received, priced with the scenario's costs):`,
    `    per participant: ${i.arm} ${money(i.mean)} (staff ${money(i.staff)}, peer ${money(i.peer)}, overheads ${money(i.overheads)}, contacts ${money(i.contacts)}); ${k.arm} ${money(k.mean)}`,
    `    incremental cost ${money(c.incrementalCost.mean)} [95% range over trials ${money(c.incrementalCost.low)}, ${money(c.incrementalCost.high)}]; ` +
      `incremental effect ${f(c.incrementalEffect.mean)} ${c.measure} [${f(c.incrementalEffect.low)}, ${f(c.incrementalEffect.high)}]`,
    `    ICER ${money(c.icer)} per point of ${c.measure}; a trial of this size would report ${bi.icerInterval ? `about ${money(bi.icerInterval.low)} to ${money(bi.icerInterval.high)}` : 'no bounded interval'} ` +
      `(its own bootstrap, ${bi.replicates} replicates of ${bi.resampled}; defined in ${Math.round(bi.icerIntervalDefined * 100)}% of trials)`,
  ];
  const half = c.acceptability.find((p) => p.probability >= 0.5);
  const most = c.acceptability.find((p) => p.probability >= 0.9);
  lines.push(
    `    acceptability: P(cost-effective) ≥ 0.5 from ${half ? money(half.willingnessToPay) : 'no λ shown'}, ≥ 0.9 from ${most ? money(most.willingnessToPay) : 'no λ shown'} per point (trial-acceptability.csv)` +
      (c.serviceUseOffset ? '; includes the service-use offset assumption (costs.serviceUseOffset)' : ''),
  );
  return lines;
}

function searchLines(search: SampleSizeResult, noun: string): string[] {
  const pct = Math.round(search.target * 100);
  if (search.size === undefined || !search.at)
    return [`  No size up to ${search.maxSize} ${noun} reached ${pct}% power (${search.points.length} sizes simulated); try a larger --max-size, or a larger effect.`];
  const a = search.at;
  const who = a.clusters > 0 ? ` (${a.participants} participants in ${a.clusters} teams)` : noun === 'participants' ? '' : ` (${a.participants} participants)`;
  const lines = [
    `  ${pct}% power needs ${search.size} ${noun}${who}: simulated power ${f(a.power, 3)} [95% CI ${f(a.powerLow, 3)}, ${f(a.powerHigh, 3)}] from ${a.replicates} simulated trials.`,
  ];
  if (search.plausibleLow !== undefined)
    lines.push(
      `  Monte Carlo error: sizes from ${search.plausibleLow} to ${search.plausibleHigh ?? `beyond ${search.points[search.points.length - 1].size}`} cannot be told apart from ${pct}% at ${a.replicates} trials each; more --replicates narrows this.`,
    );
  lines.push(`  Sizes simulated: ${search.points.map((p) => `${p.size} (${f(p.power, 2)})`).join(', ')}.`);
  return lines;
}
