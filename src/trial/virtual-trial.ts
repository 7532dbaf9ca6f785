// Virtual trials (MODEL.md §6): simulate the intervention as delivered, sample participants as the study
// would (referrals, follow-up with loss, per-participant fidelity rating), run the study's own analysis
// (ANCOVA of the follow-up outcome on the fidelity group adjusted for baseline; paired t-test of wellbeing),
// and repeat over replicates for the distribution of results a real study would see and its power. Mirrors
// the CPI pilot (Webber et al. 2019, Research on Social Work Practice 29(5)). Part of trial/; no I/O.
import { compileScenario, type Scenario, type ScenarioSource } from '../scenario/compile.js';
import { runScenario, type RunResult } from '../engine/run.js';
import { UserState } from '../model/codes.js';
import { createStream, deriveSeed, hashString } from '../rng/index.js';
import { ancova, binomialConfidenceInterval, cohensD, mean, pairedTTest, quantileSorted } from '../analysis/stats.js';
import { TrialError } from './trial-error.js';
import { trialAgencies, trialReferrals, type TrialDesign } from './trial-design.js';
import { assignRandomGroups, sampleRetained } from './sample-participants.js';

export interface VirtualTrialOptions {
  /** The scenario's `extends` chain (in Node: readScenarioChain(design.scenario)); trial/ reads no files. */
  readonly scenarioChain: readonly ScenarioSource[];
  /** Number of simulated trials. */
  readonly replicates: number;
  /** Root seed (default: the design's seed, else the scenario's). */
  readonly seed?: number;
  /** Referrals (participants) per trial, overriding the design's: one point of a power curve. */
  readonly n?: number;
  /** Called after each replicate (for progress). */
  readonly onReplicate?: (done: number, total: number) => void;
}

/** One simulated trial. Test results are NaN when it is not analysable. */
export interface TrialReplicateResult {
  readonly replicate: number;
  /** The run's seed, derived from (root seed, design, replicate). */
  readonly seed: number;
  /** Participants referred by follow-up, followed up, and analysed (complete outcome at both times). */
  readonly referred: number;
  readonly retained: number;
  readonly analysed: number;
  /** Analysed participants in the high and the low/moderate fidelity group. */
  readonly high: number;
  readonly low: number;
  /** False when a group has fewer than 2 participants or the model is degenerate; `reason` says which. */
  readonly analysable: boolean;
  readonly reason?: string;
  /** Follow-up outcome, high minus low/moderate, adjusted for baseline (ANCOVA group coefficient). */
  readonly effect: number;
  readonly f: number;
  readonly p: number;
  readonly partialEtaSquared: number;
  /** Unadjusted Cohen's d of the follow-up outcome, high vs low/moderate. */
  readonly cohensD: number;
  /** p < alpha. */
  readonly significant: boolean;
  /** Mean within-participant change of the wellbeing measure and its paired t-test p (NaN without a wellbeing block). */
  readonly wellbeingChange: number;
  readonly wellbeingP: number;
}

/** Median and central 95% range (quantiles 0.025 and 0.975, type 7) over analysable replicates. */
export interface TrialDistribution {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

export interface TrialSummary {
  readonly replicates: number;
  readonly analysable: number;
  readonly notAnalysable: number;
  readonly alpha: number;
  /** Share of all replicates with p < alpha (a trial that cannot be analysed finds nothing), with its exact 95% interval. */
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  /** Share of all replicates with p < alpha and the effect in favour of high fidelity. */
  readonly powerPositive: number;
  readonly partialEtaSquared: TrialDistribution;
  readonly p: TrialDistribution;
  readonly effect: TrialDistribution;
  readonly analysed: TrialDistribution;
  readonly high: TrialDistribution;
  /** Share of all replicates whose wellbeing change has p < alpha, and the distribution of that p. */
  readonly wellbeingPower: number;
  readonly wellbeingP: TrialDistribution;
}

export interface VirtualTrialResult {
  readonly design: TrialDesign;
  readonly scenario: string;
  readonly arm: string;
  /** Referrals per trial (the design's, or options.n). */
  readonly referrals: number;
  readonly followUpTick: number;
  readonly highCutoff: number;
  readonly seed: number;
  readonly replicates: readonly TrialReplicateResult[];
  readonly summary: TrialSummary;
}

/** JSON with object keys sorted, for hashing a design independently of key order. */
function stableStringify(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) if ((v as Record<string, unknown>)[k] !== undefined) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}

/**
 * A hash of what in the design shapes the simulation and sampling (not its name, wording or published
 * figures), so a reworded design keeps its seeds and a changed one gets new ones.
 */
export function trialDesignKey(design: TrialDesign): number {
  // What is read only after the runs (the cost-effectiveness settings, unit costs set by the design) leaves the
  // simulated people, and so the seeds, as they are.
  const { $schema: _s, name: _n, title: _t, description: _d, published: _p, costEffectiveness: _ce, set, ...others } = design;
  const dynamicSet = set && Object.fromEntries(Object.entries(set).filter(([path]) => !path.startsWith('costs.')));
  const onlyCosts = set !== undefined && Object.keys(set).length > 0 && Object.keys(dynamicSet!).length === 0;
  const rest = set === undefined || onlyCosts ? others : { ...others, set: dynamicSet };
  const d = rest.design;
  if (d && d.type !== 'fidelity-groups') {
    // Comparative designs keep their seeds at every size (teams, participants per team, referrals), so a
    // power curve or a sample-size search compares sizes with common random numbers.
    const { clusters: _c, perCluster: _m, pairs: _k, perTeam: _t2, ...shape } = d as Record<string, unknown>;
    return hashString(stableStringify({ ...rest, referrals: undefined, agencies: undefined, design: shape }));
  }
  return hashString(stableStringify(rest));
}

/** Seed of replicate r: deriveSeed(root, 'virtual-trial', design key, r). The same for every n of a power curve. */
export function trialReplicateSeed(root: number, design: TrialDesign, replicate: number): number {
  return deriveSeed(root, 'virtual-trial', trialDesignKey(design), replicate);
}

/**
 * Compile the design's scenario: its `set`, then referrals (or n) and agencies, applied in every arm
 * (they override an arm's own values). Throws TrialError if the arm does not exist.
 */
export function compileTrialScenario(design: TrialDesign, chain: readonly ScenarioSource[], n?: number): Scenario {
  const set: Array<[string, unknown]> = Object.entries(design.set ?? {});
  set.push(['serviceUsers.referrals', n ?? trialReferrals(design)]);
  const agencies = trialAgencies(design);
  if (agencies !== undefined) set.push(['agencies.count', agencies]);
  const scenario = compileScenario(chain, { set, setOverArms: true, setSource: `trial design ${design.name}` });
  if (!scenario.arms.some((a) => a.name === design.arm)) {
    throw new TrialError(`trial design ${design.name}`, [
      { path: 'arm', message: `${JSON.stringify(design.arm)} is not an arm of scenario ${scenario.name}; allowed: ${scenario.arms.map((a) => a.name).join(', ')}` },
    ]);
  }
  return scenario;
}

/** The cut-off for "high": the design's, else the arm's outcomes.fidelityHigh. */
export function trialHighCutoff(design: TrialDesign, scenario: Scenario): number {
  return design.fidelity.highCutoff ?? scenario.arms.find((a) => a.name === design.arm)!.params.outcomes.fidelityHigh;
}

/**
 * Analyse one simulated trial, in the study's stages: (1) participants are those referred by follow-up;
 * (2) retention sampling; (3) fidelity groups from the rating at follow-up (or random labels of the same
 * sizes); (4) complete cases of the outcome; (5) ANCOVA of follow-up on group + baseline; (6) paired t-test of
 * wellbeing follow-up against baseline over all analysed participants.
 */
export function analyzeTrialRun(design: TrialDesign, run: RunResult, replicate: number, highCutoff: number): TrialReplicateResult {
  const arm = run.arms.find((a) => a.name === design.arm);
  if (!arm) throw new TrialError(`trial design ${design.name}`, [{ path: 'arm', message: `the run has no arm ${JSON.stringify(design.arm)}` }]);
  const M = run.userMeasures.length;
  const col = (m: string) => run.userMeasures.indexOf(m);
  const fid = col(design.fidelity.measure);
  const out = col(design.outcome.measure);
  const wb = design.wellbeing ? col(design.wellbeing.measure) : -1;
  const U = arm.finalUserState.length;
  // 1. Participants.
  const referred: number[] = [];
  for (let u = 0; u < U; u++) if (arm.finalUserState[u] !== UserState.notReferred) referred.push(u);
  // 2. Follow-up.
  const retention = createStream(deriveSeed(run.seed, 'trial', 'retention'));
  const retained = sampleRetained(referred, design.retention.expected, design.retention.method, (u) => arm.finalUserState[u] === UserState.droppedOut, retention);
  // 3. Groups.
  let labels: Uint8Array = Uint8Array.from(retained, (u) => (arm.final[u * M + fid] >= highCutoff ? 1 : 0));
  if (design.fidelity.assignment === 'random') {
    let k = 0;
    for (const l of labels) k += l;
    labels = assignRandomGroups(retained.length, k, createStream(deriveSeed(run.seed, 'trial', 'assignment')));
  }
  // 4. Complete cases.
  const group: number[] = [];
  const base: number[] = [];
  const follow: number[] = [];
  const analysedUsers: number[] = [];
  retained.forEach((u, i) => {
    const b = arm.baseline[u * M + out];
    const f = arm.final[u * M + out];
    if (b === b && f === f) {
      group.push(labels[i]);
      base.push(b);
      follow.push(f);
      analysedUsers.push(u);
    }
  });
  const analysed = group.length;
  let high = 0;
  for (const g of group) high += g;
  const low = analysed - high;
  // 6 (first, since it does not need groups). Wellbeing within participants.
  let wellbeingChange = NaN;
  let wellbeingP = NaN;
  if (wb >= 0) {
    const w0: number[] = [];
    const w1: number[] = [];
    for (const u of analysedUsers) {
      const a = arm.baseline[u * M + wb];
      const b = arm.final[u * M + wb];
      if (a === a && b === b) {
        w0.push(a);
        w1.push(b);
      }
    }
    if (w0.length >= 2) {
      const t = pairedTTest(w1, w0);
      wellbeingChange = t.meanDifference;
      wellbeingP = t.p;
    }
  }
  const common = { replicate, seed: run.seed, referred: referred.length, retained: retained.length, analysed, high, low, wellbeingChange, wellbeingP };
  const notAnalysable = (reason: string): TrialReplicateResult => ({
    ...common,
    analysable: false,
    reason,
    effect: NaN,
    f: NaN,
    p: NaN,
    partialEtaSquared: NaN,
    cohensD: NaN,
    significant: false,
  });
  if (high < 2) return notAnalysable(`${high} participant${high === 1 ? '' : 's'} in the high fidelity group; at least 2 needed`);
  if (low < 2) return notAnalysable(`${low} participant${low === 1 ? '' : 's'} in the low/moderate fidelity group; at least 2 needed`);
  // 5. ANCOVA.
  const r = ancova(group, base, follow);
  if (!Number.isFinite(r.f)) return notAnalysable('the ANCOVA is degenerate (baseline constant or collinear with the group, or no residual variance)');
  const hi: number[] = [];
  const lo: number[] = [];
  group.forEach((g, i) => (g ? hi : lo).push(follow[i]));
  return {
    ...common,
    analysable: true,
    effect: r.adjustedDifference,
    f: r.f,
    p: r.p,
    partialEtaSquared: r.partialEtaSquared,
    cohensD: cohensD(hi, lo),
    significant: r.p < design.alpha,
  };
}

function distribution(values: readonly number[]): TrialDistribution {
  const kept = Float64Array.from(values.filter((v) => v === v)).sort();
  return { n: kept.length, mean: mean(kept), median: quantileSorted(kept, 0.5), low: quantileSorted(kept, 0.025), high: quantileSorted(kept, 0.975) };
}

/** Summary over replicates: distributions over analysable ones, power over all of them. */
export function summarizeVirtualTrial(results: readonly TrialReplicateResult[], alpha: number): TrialSummary {
  const R = results.length;
  const ok = results.filter((r) => r.analysable);
  const hits = results.filter((r) => r.analysable && r.p < alpha).length;
  const positive = results.filter((r) => r.analysable && r.p < alpha && r.effect > 0).length;
  const wellbeingHits = results.filter((r) => r.wellbeingP < alpha).length;
  const ci = binomialConfidenceInterval(hits, R);
  return {
    replicates: R,
    analysable: ok.length,
    notAnalysable: R - ok.length,
    alpha,
    power: R ? hits / R : NaN,
    powerLow: ci.low,
    powerHigh: ci.high,
    powerPositive: R ? positive / R : NaN,
    partialEtaSquared: distribution(ok.map((r) => r.partialEtaSquared)),
    p: distribution(ok.map((r) => r.p)),
    effect: distribution(ok.map((r) => r.effect)),
    analysed: distribution(results.map((r) => r.analysed)),
    high: distribution(results.map((r) => r.high)),
    wellbeingPower: R ? wellbeingHits / R : NaN,
    wellbeingP: distribution(results.map((r) => r.wellbeingP)),
  };
}

/** What a fidelity-groups replicate needs: the design, its compiled scenario at n referrals, the root seed and the cut-off. */
export interface FidelityContext {
  readonly design: TrialDesign;
  readonly scenario: Scenario;
  readonly root: number;
  readonly cutoff: number;
  readonly n?: number;
}

export function fidelityContext(design: TrialDesign, chain: readonly ScenarioSource[], options: { n?: number; seed?: number } = {}): FidelityContext {
  if (options.n !== undefined && (!Number.isInteger(options.n) || options.n < 2))
    throw new TrialError(`trial design ${design.name}`, `n = ${options.n} is not allowed; expected an integer number of referrals ≥ 2`);
  const scenario = compileTrialScenario(design, chain, options.n);
  return { design, scenario, root: options.seed ?? design.seed ?? scenario.seed, cutoff: trialHighCutoff(design, scenario), n: options.n };
}

/** Simulate replicate r of a fidelity-groups design: the arm up to follow-up from the replicate's seed, analysed as the study would. */
export function simulateFidelityReplicate(ctx: FidelityContext, replicate: number): TrialReplicateResult {
  const seed = trialReplicateSeed(ctx.root, ctx.design, replicate);
  const run = runScenario(ctx.scenario, { seed, ticks: ctx.design.followUpTick, arms: [ctx.design.arm] });
  return analyzeTrialRun(ctx.design, run, replicate, ctx.cutoff);
}

/** Assemble a fidelity-groups result from replicates computed anywhere (this thread or workers), in replicate order. */
export function virtualTrialResult(ctx: FidelityContext, replicates: readonly TrialReplicateResult[]): VirtualTrialResult {
  return {
    design: ctx.design,
    scenario: ctx.scenario.name,
    arm: ctx.design.arm,
    referrals: ctx.n ?? trialReferrals(ctx.design),
    followUpTick: ctx.design.followUpTick,
    highCutoff: ctx.cutoff,
    seed: ctx.root,
    replicates,
    summary: summarizeVirtualTrial(replicates, ctx.design.alpha),
  };
}

/**
 * Run a virtual trial: for each replicate, simulate the design's arm from a seed derived from (root seed,
 * design, replicate) up to the follow-up tick, sample and analyse as the study would, and summarise.
 * Replicates are independent and returned in replicate order.
 */
export function runVirtualTrial(design: TrialDesign, options: VirtualTrialOptions): VirtualTrialResult {
  if (!Number.isInteger(options.replicates) || options.replicates < 1) throw new TrialError(`trial design ${design.name}`, `${options.replicates} replicates is not allowed; expected an integer ≥ 1`);
  const ctx = fidelityContext(design, options.scenarioChain, { n: options.n, seed: options.seed });
  const replicates: TrialReplicateResult[] = [];
  for (let r = 0; r < options.replicates; r++) {
    replicates.push(simulateFidelityReplicate(ctx, r));
    options.onReplicate?.(r + 1, options.replicates);
  }
  return virtualTrialResult(ctx, replicates);
}
