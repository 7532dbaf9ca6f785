// Comparative virtual trials (issue 16): CPI (`arm`) against a control arm, randomised by participant
// (within agency), by team (cluster) or by team within organisation (paired teams, as in the CPI
// implementation study in community mental health teams). Part of trial/; no I/O.
//
// How a replicate is simulated: both arms run on the same population with common random numbers (MODEL.md
// §6), so every person has an outcome under each arm (potential outcomes; Rubin 1974); the randomisation
// then says which of the two each participant shows. A team allocated to an arm delivers it to all its
// participants, so cluster-level variation (agency fidelity, supportiveness, workers) appears as an ICC. In
// an individually randomised design a team's workers give every referral the arm's service, so their
// caseloads are those of a service delivering that arm to everyone (the allocation ratio does not change
// caseloads). With the control the same arm as the intervention, the null holds exactly: a null design.
import { compileScenario, type Scenario, type ScenarioSource } from '../scenario/compile.js';
import { runScenario, type ArmResult, type RunResult } from '../engine/run.js';
import { UserState } from '../model/codes.js';
import { createStream, deriveSeed, type RandomStream } from '../rng/index.js';
import { binomialConfidenceInterval, mean, quantileSorted, variance } from '../analysis/stats.js';
import { fitLinearModel, linearModelResiduals } from '../analysis/linear-model.js';
import { fitRandomInterceptModel, fixedEffectsDesign } from '../analysis/mixed-model.js';
import { clusterSummaryTest, designEffectFromSizes, pairedClusterTest } from '../analysis/cluster-analysis.js';
import { holmAdjust } from '../analysis/multiplicity.js';
import { permutationTest, type RandomisationScheme } from '../analysis/permutation.js';
import { TrialError } from './trial-error.js';
import { comparativeDesign, trialAgencies, trialReferrals, type ComparativeDesign, type TrialDesign } from './trial-design.js';
import { sampleRetained } from './sample-participants.js';
import { trialReplicateSeed } from './virtual-trial.js';

/** One outcome's test in one simulated trial: intervention minus control, adjusted for baseline. */
export interface OutcomeTest {
  readonly measure: string;
  /** Participants with the outcome at both times, per arm (1 intervention, 0 control). */
  readonly n1: number;
  readonly n0: number;
  readonly effect: number;
  readonly standardError: number;
  readonly low: number;
  readonly high: number;
  readonly df: number;
  /** p of the design's analysis (OLS t, LMM t with Satterthwaite df, cluster-summary or paired-cluster t). */
  readonly p: number;
  /** p of the other analysis of cluster designs (cluster summaries when the LMM decides, and the reverse); NaN for individual designs. */
  readonly pAlternative: number;
  /** p of the randomisation test (NaN unless test.method is "permutation"). */
  readonly pPermutation: number;
  /** The p that decides: the permutation p or the analysis's p; for secondaries Holm-adjusted over the secondaries. */
  readonly pDecisive: number;
  /** Intracluster correlation of the outcome (REML, conditional on arm and baseline) and the design effect it implies; NaN for individual designs. */
  readonly icc: number;
  readonly designEffect: number;
  /** Why the outcome could not be analysed ('' when it could). */
  readonly reason: string;
}

export interface ComparativeReplicateResult {
  readonly replicate: number;
  readonly seed: number;
  /** Participants referred by follow-up, per arm; followed up; analysed (primary outcome complete). */
  readonly referred1: number;
  readonly referred0: number;
  readonly retained1: number;
  readonly retained0: number;
  /** Teams per arm with analysed participants (cluster and paired designs; 0 for individual). */
  readonly clusters1: number;
  readonly clusters0: number;
  readonly primary: OutcomeTest;
  readonly secondary: readonly OutcomeTest[];
  readonly analysable: boolean;
  /** The primary's decisive p < alpha. */
  readonly significant: boolean;
}

export interface ComparativeDistribution {
  readonly n: number;
  readonly mean: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

export interface OutcomeSummary {
  readonly measure: string;
  readonly role: 'primary' | 'secondary';
  /** Share of all replicates whose decisive p < alpha (Holm-adjusted for secondaries), with its exact 95% interval. */
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  /** Share with p < alpha and the effect favouring the intervention (positive). */
  readonly powerPositive: number;
  /** Power of the alternative analysis (cluster designs) and of the parametric analysis when the permutation test decides. */
  readonly powerAlternative: number;
  readonly powerParametric: number;
  readonly effect: ComparativeDistribution;
  readonly icc: ComparativeDistribution;
  readonly designEffect: ComparativeDistribution;
  readonly analysable: number;
}

export interface ComparativeTrialSummary {
  readonly replicates: number;
  readonly analysable: number;
  readonly alpha: number;
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  readonly outcomes: readonly OutcomeSummary[];
  readonly analysed: ComparativeDistribution;
  readonly clusters: ComparativeDistribution;
}

export interface ComparativeTrialResult {
  readonly design: TrialDesign;
  readonly scenario: string;
  readonly arm: string;
  readonly control: string;
  readonly referrals: number;
  readonly agencies: number;
  readonly followUpTick: number;
  readonly seed: number;
  readonly replicates: readonly ComparativeReplicateResult[];
  readonly summary: ComparativeTrialSummary;
}

/** The comparative part of a design, or a TrialError for a fidelity-groups design. */
export function requireComparative(design: TrialDesign): ComparativeDesign {
  const d = comparativeDesign(design);
  if (!d) throw new TrialError(`trial design ${design.name}`, [{ path: 'design.type', message: 'a fidelity-groups design has no control arm; expected individual, cluster or paired-teams' }]);
  return d;
}

/**
 * Compile the scenario of a comparative design: its `set`, referrals and agencies over every arm; check that
 * `arm`, `design.control` and the arms of `retention.byArm` exist.
 */
export function compileComparativeScenario(design: TrialDesign, chain: readonly ScenarioSource[]): Scenario {
  const d = requireComparative(design);
  const set: Array<[string, unknown]> = Object.entries(design.set ?? {});
  set.push(['serviceUsers.referrals', trialReferrals(design)]);
  const agencies = trialAgencies(design);
  if (agencies !== undefined) set.push(['agencies.count', agencies]);
  const scenario = compileScenario(chain, { set, setOverArms: true, setSource: `trial design ${design.name}` });
  const names = scenario.arms.map((a) => a.name);
  const bad = (path: string, value: string) => new TrialError(`trial design ${design.name}`, [{ path, message: `${JSON.stringify(value)} is not an arm of scenario ${scenario.name}; allowed: ${names.join(', ')}` }]);
  if (!names.includes(design.arm)) throw bad('arm', design.arm);
  if (!names.includes(d.control)) throw bad('design.control', d.control);
  for (const k of Object.keys(design.retention.byArm ?? {}))
    if (k !== design.arm && k !== d.control)
      throw new TrialError(`trial design ${design.name}`, [{ path: `retention.byArm.${k}`, message: `${JSON.stringify(k)} is not one of the trial's arms; allowed: ${[...new Set([design.arm, d.control])].join(', ')}` }]);
  return scenario;
}

/** Shuffle in place (Fisher–Yates) with a seeded stream. */
function shuffle<T>(xs: T[], stream: RandomStream): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = stream.int(i + 1);
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}

/** Share of units allocated to the intervention for a ratio r (intervention : control = r : 1). */
const interventionShare = (ratio: number) => ratio / (1 + ratio);

/**
 * The allocation of a replicate: each person's arm (1 intervention, 0 control), by the design's unit.
 * - individual: within each home agency (or overall without stratification), a random ⌊m·q⌋ or ⌈m·q⌉
 *   (the extra one with probability m·q − ⌊m·q⌋) of its m people get the intervention (permuted blocks);
 * - cluster: round(K·q) of the K teams (at least 1 and at most K − 1) drawn at random;
 * - paired-teams: teams 2k and 2k + 1 form organisation k; a fair coin says which is the intervention team.
 */
export function allocate(d: ComparativeDesign, homeAgency: Int32Array, teams: number, stream: RandomStream): Int8Array {
  const U = homeAgency.length;
  const arm = new Int8Array(U);
  if (d.type === 'individual') {
    const q = interventionShare(d.allocationRatio);
    const strata: number[][] = d.stratifyByAgency ? Array.from({ length: teams }, () => []) : [[]];
    for (let u = 0; u < U; u++) strata[d.stratifyByAgency ? homeAgency[u] : 0].push(u);
    for (const members of strata) {
      const exact = members.length * q;
      const k = Math.floor(exact) + (stream.next() < exact - Math.floor(exact) ? 1 : 0);
      shuffle(members, stream);
      for (let i = 0; i < k; i++) arm[members[i]] = 1;
    }
    return arm;
  }
  const teamArm = new Int8Array(teams);
  if (d.type === 'cluster') {
    const k = Math.min(teams - 1, Math.max(1, Math.round(teams * interventionShare(d.allocationRatio))));
    const order = shuffle(Array.from({ length: teams }, (_, i) => i), stream);
    for (let i = 0; i < k; i++) teamArm[order[i]] = 1;
  } else {
    for (let k = 0; 2 * k + 1 < teams; k++) teamArm[2 * k + (stream.next() < 0.5 ? 0 : 1)] = 1;
  }
  for (let u = 0; u < U; u++) arm[u] = teamArm[homeAgency[u]];
  return arm;
}

interface OutcomeData {
  readonly y: Float64Array;
  readonly baseline?: Float64Array;
  readonly arm: Int8Array;
  readonly team: Int32Array;
}

const NOT_ANALYSED = (measure: string, n1: number, n0: number, reason: string): OutcomeTest => ({
  measure,
  n1,
  n0,
  effect: NaN,
  standardError: NaN,
  low: NaN,
  high: NaN,
  df: NaN,
  p: NaN,
  pAlternative: NaN,
  pPermutation: NaN,
  pDecisive: NaN,
  icc: NaN,
  designEffect: NaN,
  reason,
});

/** Team sizes of the analysed rows. */
function teamSizes(team: Int32Array): number[] {
  const m = new Map<number, number>();
  for (const t of team) m.set(t, (m.get(t) ?? 0) + 1);
  return [...m.values()];
}

/**
 * One outcome's analysis. Individual: OLS of follow-up on arm + baseline (+ agency dummies when stratified).
 * Cluster: random-intercept LMM (REML, Satterthwaite) of follow-up on arm + baseline, and the t-test of
 * teams' mean baseline-adjusted outcomes (Hayes & Moulton's two-stage method). Paired teams: the LMM with
 * organisation as a fixed effect, and the paired t-test over organisations. The baseline enters only when
 * it varies (some measures, such as new ties, are 0 for everyone at baseline). The randomisation test
 * re-randomises the design's unit and uses the arm-blind residual of follow-up on baseline (+ strata or
 * organisations): the intervention's mean minus the control's (per participant, per team, or per
 * organisation's pair of teams).
 */
export function analyseOutcome(
  design: TrialDesign,
  measure: string,
  data: OutcomeData,
  permutation?: { stream: RandomStream; permutations: number },
): OutcomeTest {
  const d = requireComparative(design);
  const { y, arm, team } = data;
  const n = y.length;
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += arm[i];
  const n0 = n - n1;
  if (n1 < 2 || n0 < 2) return NOT_ANALYSED(measure, n1, n0, `${Math.min(n1, n0)} participant${Math.min(n1, n0) === 1 ? '' : 's'} with the outcome in the ${n1 < 2 ? 'intervention' : 'control'} arm; at least 2 needed`);
  const baseline = data.baseline && variance(data.baseline) > 1e-12 * Math.max(1, mean(data.baseline) ** 2) ? data.baseline : undefined;
  const pair = d.type === 'paired-teams' ? Int32Array.from(team, (t) => t >> 1) : undefined;
  const strata = d.type === 'individual' && d.stratifyByAgency ? team : pair;
  const { X, names } = fixedEffectsDesign({ arm, baseline, factor: strata, factorName: d.type === 'paired-teams' ? 'organisation' : 'agency' });
  let test: { estimate: number; standardError: number; low: number; high: number; df: number; p: number };
  let pAlternative = NaN;
  let icc = NaN;
  let deff = NaN;
  try {
    if (d.type === 'individual') {
      test = fitLinearModel({ y, X, names }).effect;
    } else {
      const lmm = fitRandomInterceptModel({ y, X, names, cluster: team });
      icc = lmm.icc;
      deff = designEffectFromSizes(teamSizes(team), Math.max(0, icc)).designEffect;
      const alt = d.type === 'cluster' ? clusterSummaryTest({ y, arm, cluster: team, baseline }) : pairedClusterTest({ y, arm, cluster: team, baseline, pair: pair! });
      const altTest = { estimate: alt.meanDifference, standardError: alt.meanDifference / alt.t, low: alt.low, high: alt.high, df: alt.df, p: alt.p };
      const lmmFirst = d.analysis === 'lmm';
      test = lmmFirst ? lmm.effect : altTest;
      pAlternative = lmmFirst ? altTest.p : lmm.effect.p;
    }
  } catch (err) {
    if (err instanceof RangeError) return NOT_ANALYSED(measure, n1, n0, err.message);
    throw err;
  }
  let pPermutation = NaN;
  if (permutation) {
    const Xadj = X.filter((_, k) => names[k] !== 'arm');
    const r = linearModelResiduals(y, Xadj);
    const scheme: RandomisationScheme =
      d.type === 'individual' ? { unit: 'individual', strata: d.stratifyByAgency ? team : undefined } : d.type === 'cluster' ? { unit: 'cluster', cluster: team } : { unit: 'pair', pair: pair! };
    const statistic = d.type === 'individual' ? individualStatistic(r) : teamStatistic(r, team);
    pPermutation = permutationTest({ arm, statistic, scheme }, { stream: permutation.stream, replicates: permutation.permutations }).p;
  }
  return {
    measure,
    n1,
    n0,
    effect: test.estimate,
    standardError: test.standardError,
    low: test.low,
    high: test.high,
    df: test.df,
    p: test.p,
    pAlternative,
    pPermutation,
    pDecisive: permutation ? pPermutation : test.p,
    icc,
    designEffect: deff,
    reason: '',
  };
}

/** Mean residual of the intervention minus the control's. */
function individualStatistic(r: Float64Array): (arm: Int8Array) => number {
  return (arm) => {
    let s1 = 0;
    let s0 = 0;
    let c1 = 0;
    for (let i = 0; i < r.length; i++) {
      if (arm[i]) {
        s1 += r[i];
        c1++;
      } else s0 += r[i];
    }
    return s1 / c1 - s0 / (r.length - c1);
  };
}

/** Unweighted mean of the intervention teams' mean residuals minus the control teams'. */
function teamStatistic(r: Float64Array, team: Int32Array): (arm: Int8Array) => number {
  const ids = [...new Set(team)].sort((a, b) => a - b);
  const index = new Map(ids.map((t, k) => [t, k]));
  const of = Int32Array.from(team, (t) => index.get(t)!);
  const sums = new Float64Array(ids.length);
  const sizes = new Float64Array(ids.length);
  for (let i = 0; i < r.length; i++) {
    sums[of[i]] += r[i];
    sizes[of[i]]++;
  }
  const first = new Int32Array(ids.length).fill(-1);
  for (let i = 0; i < r.length; i++) if (first[of[i]] < 0) first[of[i]] = i;
  return (arm) => {
    let s1 = 0;
    let s0 = 0;
    let c1 = 0;
    let c0 = 0;
    for (let k = 0; k < ids.length; k++) {
      const m = sums[k] / sizes[k];
      if (arm[first[k]]) {
        s1 += m;
        c1++;
      } else {
        s0 += m;
        c0++;
      }
    }
    return s1 / c1 - s0 / c0;
  };
}

/** What a replicate needs of a compiled comparative design. */
export interface ComparativeContext {
  readonly design: TrialDesign;
  readonly scenario: Scenario;
  readonly root: number;
}

export function comparativeContext(design: TrialDesign, chain: readonly ScenarioSource[], seed?: number): ComparativeContext {
  const scenario = compileComparativeScenario(design, chain);
  return { design, scenario, root: seed ?? design.seed ?? scenario.seed };
}

/** Simulate and analyse replicate r of a comparative design. */
export function simulateComparativeReplicate(ctx: ComparativeContext, replicate: number): ComparativeReplicateResult {
  const { design, scenario } = ctx;
  const d = requireComparative(design);
  const seed = trialReplicateSeed(ctx.root, design, replicate);
  const arms = design.arm === d.control ? [design.arm] : [design.arm, d.control];
  const run = runScenario(scenario, { seed, ticks: design.followUpTick, arms });
  return analyseComparativeRun(design, run, replicate);
}

/**
 * Analyse one simulated comparative trial: (1) allocate by the design's unit; (2) participants are those
 * referred by follow-up in the arm they were allocated to; (3) follow-up per arm (retention.byArm, else
 * retention.expected, by the retention method, "dropout-first" using each arm's own drop-outs); (4) each
 * outcome on its complete cases; (5) secondaries' decisive p-values Holm-adjusted among themselves.
 */
export function analyseComparativeRun(design: TrialDesign, run: RunResult, replicate: number): ComparativeReplicateResult {
  const d = requireComparative(design);
  const byName = (name: string): ArmResult => {
    const a = run.arms.find((x) => x.name === name);
    if (!a) throw new TrialError(`trial design ${design.name}`, [{ path: 'arm', message: `the run has no arm ${JSON.stringify(name)}` }]);
    return a;
  };
  const armResults: [ArmResult, ArmResult] = [byName(d.control), byName(design.arm)];
  const home = run.population.userHomeAgency;
  const teams = run.scenario.params.agencies.count;
  const allocation = allocate(d, home, teams, createStream(deriveSeed(run.seed, 'trial', 'allocation')));
  const M = run.userMeasures.length;
  const referred: [number[], number[]] = [[], []];
  for (let u = 0; u < home.length; u++) if (armResults[allocation[u]].finalUserState[u] !== UserState.notReferred) referred[allocation[u]].push(u);
  const retainedBy: number[][] = [0, 1].map((a) => {
    const res = armResults[a];
    const expected = design.retention.byArm?.[res.name] ?? design.retention.expected;
    const stream = createStream(deriveSeed(run.seed, 'trial', 'retention', a));
    return sampleRetained(referred[a], expected, design.retention.method, (u) => res.finalUserState[u] === UserState.droppedOut, stream);
  });
  const retained = [...retainedBy[0], ...retainedBy[1]].sort((a, b) => a - b);
  const permutations = design.test?.method === 'permutation' ? design.test.permutations : 0;
  const outcomeOf = (measure: string, k: number): OutcomeTest => {
    const col = run.userMeasures.indexOf(measure);
    const ys: number[] = [];
    const bs: number[] = [];
    const arm: number[] = [];
    const team: number[] = [];
    for (const u of retained) {
      const res = armResults[allocation[u]];
      const b = res.baseline[u * M + col];
      const f = res.final[u * M + col];
      if (b === b && f === f) {
        ys.push(f);
        bs.push(b);
        arm.push(allocation[u]);
        team.push(home[u]);
      }
    }
    const data: OutcomeData = { y: Float64Array.from(ys), baseline: Float64Array.from(bs), arm: Int8Array.from(arm), team: Int32Array.from(team) };
    return analyseOutcome(design, measure, data, permutations ? { stream: createStream(deriveSeed(run.seed, 'trial', 'permutation', k)), permutations } : undefined);
  };
  const primary = outcomeOf(design.outcome.measure, 0);
  const rawSecondary = (design.secondary ?? []).map((s, k) => outcomeOf(s.measure, k + 1));
  const adjusted = holmAdjust(rawSecondary.map((s) => (s.pDecisive === s.pDecisive ? s.pDecisive : 1)));
  const secondary = rawSecondary.map((s, k) => ({ ...s, pDecisive: s.pDecisive === s.pDecisive ? adjusted[k] : NaN }));
  const teamsWith = (a: number) => new Set(retained.filter((u) => allocation[u] === a).map((u) => home[u])).size;
  const clusterDesign = d.type !== 'individual';
  return {
    replicate,
    seed: run.seed,
    referred1: referred[1].length,
    referred0: referred[0].length,
    retained1: retainedBy[1].length,
    retained0: retainedBy[0].length,
    clusters1: clusterDesign ? teamsWith(1) : 0,
    clusters0: clusterDesign ? teamsWith(0) : 0,
    primary,
    secondary,
    analysable: primary.reason === '',
    significant: primary.pDecisive < design.alpha,
  };
}

function distribution(values: readonly number[]): ComparativeDistribution {
  const kept = Float64Array.from(values.filter((v) => v === v)).sort();
  return { n: kept.length, mean: kept.length ? mean(kept) : NaN, median: quantileSorted(kept, 0.5), low: quantileSorted(kept, 0.025), high: quantileSorted(kept, 0.975) };
}

function summariseOutcome(tests: readonly OutcomeTest[], role: 'primary' | 'secondary', alpha: number): OutcomeSummary {
  const R = tests.length;
  const share = (f: (t: OutcomeTest) => boolean) => (R ? tests.filter(f).length / R : NaN);
  const hits = tests.filter((t) => t.pDecisive < alpha).length;
  const ci = binomialConfidenceInterval(hits, R);
  const ok = tests.filter((t) => t.reason === '');
  return {
    measure: tests[0]?.measure ?? '',
    role,
    power: R ? hits / R : NaN,
    powerLow: ci.low,
    powerHigh: ci.high,
    powerPositive: share((t) => t.pDecisive < alpha && t.effect > 0),
    powerAlternative: share((t) => t.pAlternative < alpha),
    powerParametric: share((t) => t.p < alpha),
    effect: distribution(ok.map((t) => t.effect)),
    icc: distribution(ok.map((t) => t.icc)),
    designEffect: distribution(ok.map((t) => t.designEffect)),
    analysable: ok.length,
  };
}

/** Power and distributions over replicates (a replicate that cannot be analysed finds nothing). */
export function summariseComparativeTrial(results: readonly ComparativeReplicateResult[], alpha: number): ComparativeTrialSummary {
  const R = results.length;
  const primary = summariseOutcome(
    results.map((r) => r.primary),
    'primary',
    alpha,
  );
  const k = results[0]?.secondary.length ?? 0;
  const secondaries = Array.from({ length: k }, (_, j) =>
    summariseOutcome(
      results.map((r) => r.secondary[j]),
      'secondary',
      alpha,
    ),
  );
  return {
    replicates: R,
    analysable: results.filter((r) => r.analysable).length,
    alpha,
    power: primary.power,
    powerLow: primary.powerLow,
    powerHigh: primary.powerHigh,
    outcomes: [primary, ...secondaries],
    analysed: distribution(results.map((r) => r.primary.n1 + r.primary.n0)),
    clusters: distribution(results.map((r) => r.clusters1 + r.clusters0)),
  };
}

/** Assemble a result from replicates computed anywhere (in this thread or in workers), in replicate order. */
export function comparativeTrialResult(ctx: ComparativeContext, replicates: readonly ComparativeReplicateResult[]): ComparativeTrialResult {
  const d = requireComparative(ctx.design);
  return {
    design: ctx.design,
    scenario: ctx.scenario.name,
    arm: ctx.design.arm,
    control: d.control,
    referrals: trialReferrals(ctx.design),
    agencies: ctx.scenario.params.agencies.count,
    followUpTick: ctx.design.followUpTick,
    seed: ctx.root,
    replicates,
    summary: summariseComparativeTrial(replicates, ctx.design.alpha),
  };
}

/** Run a comparative trial in this thread (the worker pool in cli/ runs the same replicates on every core). */
export function runComparativeTrial(
  design: TrialDesign,
  options: { scenarioChain: readonly ScenarioSource[]; replicates: number; seed?: number; onReplicate?: (done: number, total: number) => void },
): ComparativeTrialResult {
  if (!Number.isInteger(options.replicates) || options.replicates < 1) throw new TrialError(`trial design ${design.name}`, `${options.replicates} replicates is not allowed; expected an integer ≥ 1`);
  const ctx = comparativeContext(design, options.scenarioChain, options.seed);
  const reps: ComparativeReplicateResult[] = [];
  for (let r = 0; r < options.replicates; r++) {
    reps.push(simulateComparativeReplicate(ctx, r));
    options.onReplicate?.(r + 1, options.replicates);
  }
  return comparativeTrialResult(ctx, reps);
}
