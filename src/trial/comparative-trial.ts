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
import { binomialConfidenceInterval, mean, median as statsMedian, quantileSorted, variance } from '../analysis/stats.js';
import { fitLinearModel, linearModelResiduals } from '../analysis/linear-model.js';
import { fitRandomInterceptModel, fixedEffectsDesign } from '../analysis/mixed-model.js';
import { clusterSummaryTest, designEffectFromSizes, pairedClusterTest } from '../analysis/cluster-analysis.js';
import { holmAdjust } from '../analysis/multiplicity.js';
import { permutationTest, type RandomisationScheme } from '../analysis/permutation.js';
import { TrialError } from './trial-error.js';
import { comparativeDesign, trialAgencies, trialReferrals, type ComparativeDesign, type TrialDesign } from './trial-design.js';
import { sampleRetained } from './sample-participants.js';
import { trialReplicateSeed } from './virtual-trial.js';
import { analyseCostEffectiveness, costOfParticipant, defaultWillingnessToPay, type UnitCosts } from '../analysis/cost-effectiveness.js';

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

/** Mean cost per participant of one arm, by part (the scenario's currency and price year). */
export interface CostParts {
  readonly staff: number;
  readonly peer: number;
  readonly overheads: number;
  readonly contacts: number;
  /** Service use saved (only with costs.serviceUseOffset.enabled, an assumption; else 0). */
  readonly serviceUseOffset: number;
  /** staff + peer + overheads + contacts − serviceUseOffset. */
  readonly total: number;
}

/**
 * One simulated trial's cost-effectiveness, as its own analysis would report it: the worker time each analysed
 * participant received between baseline and follow-up, priced with the scenario's costs.*, against the change in
 * the primary outcome; intervention minus control, with the trial's percentile bootstrap intervals (NaN bounds
 * where not defined: the ICER's when the effect's interval includes 0).
 */
export interface ReplicateCosts {
  readonly intervention: CostParts;
  readonly control: CostParts;
  /** Mean change of the primary outcome (follow-up − baseline) per arm. */
  readonly change1: number;
  readonly change0: number;
  readonly incrementalCost: number;
  readonly incrementalEffect: number;
  readonly icer: number;
  readonly costLow: number;
  readonly costHigh: number;
  readonly effectLow: number;
  readonly effectHigh: number;
  readonly icerLow: number;
  readonly icerHigh: number;
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
  /** The trial's cost-effectiveness (absent when its primary outcome cannot be analysed in both arms). */
  readonly costs?: ReplicateCosts;
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
  /** Cost-effectiveness over the simulated trials (absent when none could be costed). */
  readonly costs?: CostSummary;
}

/** One point of the acceptability curve over the simulated trials. */
export interface AcceptabilityOverTrials {
  /** λ: currency per unit of the primary outcome's change. */
  readonly willingnessToPay: number;
  /** Share of simulated trials whose net benefit λ·ΔE − ΔC is positive. */
  readonly probability: number;
  /** Mean net benefit over the trials, and its 2.5% and 97.5% points. */
  readonly netBenefit: number;
  readonly netBenefitLow: number;
  readonly netBenefitHigh: number;
}

/**
 * Cost-effectiveness over the simulated trials of one size. The spread across trials is the sampling distribution
 * of a trial's estimates at that size (what a trial's own bootstrap approximates), so the acceptability curve is
 * the share of trials whose net benefit is positive; `bootstrap` gives the intervals the trials themselves report.
 */
export interface CostSummary {
  readonly currency: string;
  readonly priceYear: number;
  readonly measure: string;
  readonly effect: string;
  readonly serviceUseOffset: boolean;
  /** Intervention, then control: means over the trials of each arm's mean cost per participant, by part. */
  readonly perParticipant: ReadonlyArray<Omit<CostParts, 'total'> & { readonly arm: string; /** Mean cost per participant (the parts' sum). */ readonly mean: number }>;
  readonly incrementalCost: ComparativeDistribution;
  readonly incrementalEffect: ComparativeDistribution;
  /** Mean ΔC / mean ΔE: currency per unit of the primary outcome's change (NaN when not finite). */
  readonly icer: number;
  readonly probabilityEffectPositive: number;
  readonly probabilityCostSaving: number;
  readonly bootstrap: {
    readonly replicates: number;
    readonly resampled: 'participants' | 'clusters';
    /** Medians over the trials of each trial's interval bounds. */
    readonly incrementalCostInterval: { readonly low: number; readonly high: number };
    readonly incrementalEffectInterval: { readonly low: number; readonly high: number };
    /** Over the trials whose ICER interval is defined; null when none is. */
    readonly icerInterval: { readonly low: number; readonly high: number } | null;
    /** Share of trials whose effect interval excludes 0, so that their ICER interval is defined. */
    readonly icerIntervalDefined: number;
  };
  readonly acceptability: readonly AcceptabilityOverTrials[];
}

/** Bootstrap replicates of each simulated trial's cost-effectiveness analysis unless the design says otherwise. */
export const DEFAULT_COST_BOOTSTRAP = 1000;

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
  const costs = run.scenario.params.costs ? costTrial(design, run, armResults, allocation, retained, clusterDesign) : undefined;
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
    ...(costs ? { costs } : {}),
  };
}

const WORKER_TIME = ['worker_hours', 'peer_worker_hours', 'worker_contacts', 'peer_support_weeks'] as const;

/**
 * One trial's cost-effectiveness: every participant analysed on the primary outcome, their worker time between
 * baseline and follow-up priced with the scenario's unit costs, against their change in the primary outcome;
 * bootstrap within arm (teams within arm for cluster and paired designs). Undefined when an arm has no one.
 */
function costTrial(design: TrialDesign, run: RunResult, armResults: [ArmResult, ArmResult], allocation: Int8Array, retained: readonly number[], clustered: boolean): ReplicateCosts | undefined {
  const unit: UnitCosts = run.scenario.params.costs;
  const M = run.userMeasures.length;
  const col = run.userMeasures.indexOf(design.outcome.measure);
  const cols = WORKER_TIME.map((m) => run.userMeasures.indexOf(m));
  if (col < 0 || cols.some((c) => c < 0)) return undefined;
  const arm: string[] = [];
  const cost: number[] = [];
  const effect: number[] = [];
  const team: number[] = [];
  const parts = [0, 1].map(() => ({ staff: 0, peer: 0, overheads: 0, contacts: 0, serviceUseOffset: 0, total: 0, n: 0 }));
  const change = [0, 0];
  for (const u of retained) {
    const a = allocation[u];
    const res = armResults[a];
    const b = res.baseline[u * M + col];
    const f = res.final[u * M + col];
    if (!(b === b && f === f)) continue;
    const used = cols.map((c) => {
      const end = res.final[u * M + c];
      const start = res.baseline[u * M + c];
      return (end === end ? end : 0) - (start === start ? start : 0);
    });
    const c = costOfParticipant({ workerHours: used[0], peerWorkerHours: used[1], workerContacts: used[2], peerSupportWeeks: used[3] }, unit, f - b);
    const p = parts[a];
    p.staff += c.staff;
    p.peer += c.peer;
    p.overheads += c.overheads;
    p.contacts += c.contacts;
    p.serviceUseOffset += c.serviceUseOffset;
    p.total += c.net;
    p.n++;
    change[a] += f - b;
    arm.push(a === 1 ? 'intervention' : 'control');
    cost.push(c.net);
    effect.push(f - b);
    team.push(run.population.userHomeAgency[u]);
  }
  if (parts[0].n === 0 || parts[1].n === 0) return undefined;
  const ce = analyseCostEffectiveness(
    { arm, cost, effect, ...(clustered ? { cluster: team } : {}) },
    { intervention: 'intervention', control: 'control', seed: deriveSeed(run.seed, 'trial', 'costs'), replicates: design.costEffectiveness?.bootstrap ?? DEFAULT_COST_BOOTSTRAP, willingnessToPay: [] },
  );
  const perParticipant = (a: number): CostParts => {
    const p = parts[a];
    return { staff: p.staff / p.n, peer: p.peer / p.n, overheads: p.overheads / p.n, contacts: p.contacts / p.n, serviceUseOffset: p.serviceUseOffset / p.n, total: p.total / p.n };
  };
  return {
    intervention: perParticipant(1),
    control: perParticipant(0),
    change1: change[1] / parts[1].n,
    change0: change[0] / parts[0].n,
    incrementalCost: ce.incrementalCost,
    incrementalEffect: ce.incrementalEffect,
    icer: ce.icer,
    costLow: ce.incrementalCostInterval.low,
    costHigh: ce.incrementalCostInterval.high,
    effectLow: ce.incrementalEffectInterval.low,
    effectHigh: ce.incrementalEffectInterval.high,
    icerLow: ce.icerInterval?.low ?? NaN,
    icerHigh: ce.icerInterval?.high ?? NaN,
  };
}

/** Cost-effectiveness over the simulated trials of one size (see CostSummary). */
export function summariseCosts(results: readonly ComparativeReplicateResult[], design: TrialDesign, unit: UnitCosts, arms: { intervention: string; control: string }): CostSummary | undefined {
  const costed = results.map((r) => r.costs).filter((c): c is ReplicateCosts => c !== undefined);
  if (costed.length === 0) return undefined;
  const avg = (f: (c: ReplicateCosts) => number) => costed.reduce((a, c) => a + f(c), 0) / costed.length;
  const armMean = (which: 'intervention' | 'control', arm: string) => ({
    arm,
    staff: avg((c) => c[which].staff),
    peer: avg((c) => c[which].peer),
    overheads: avg((c) => c[which].overheads),
    contacts: avg((c) => c[which].contacts),
    serviceUseOffset: avg((c) => c[which].serviceUseOffset),
    mean: avg((c) => c[which].total),
  });
  const dC = costed.map((c) => c.incrementalCost);
  const dE = costed.map((c) => c.incrementalEffect);
  const meanC = avg((c) => c.incrementalCost);
  const meanE = avg((c) => c.incrementalEffect);
  const icer = meanC / meanE;
  const grid = design.costEffectiveness?.willingnessToPay ?? defaultWillingnessToPay(meanC, meanE);
  const median = (xs: number[]) => statsMedian(xs.filter((x) => x === x));
  const withIcer = costed.filter((c) => c.icerLow === c.icerLow);
  const nb = new Float64Array(costed.length);
  const acceptability = [...grid]
    .sort((a, b) => a - b)
    .map((lambda): AcceptabilityOverTrials => {
      let positive = 0;
      for (let k = 0; k < costed.length; k++) {
        nb[k] = lambda * dE[k] - dC[k];
        if (nb[k] > 0) positive++;
      }
      const d = distribution([...nb]);
      return { willingnessToPay: lambda, probability: positive / costed.length, netBenefit: d.mean, netBenefitLow: d.low, netBenefitHigh: d.high };
    });
  return {
    currency: unit.currency,
    priceYear: unit.priceYear,
    measure: design.outcome.measure,
    effect: `change in ${design.outcome.measure} from baseline to follow-up (week ${design.followUpTick}); ${arms.intervention} mean minus ${arms.control} mean`,
    serviceUseOffset: unit.serviceUseOffset.enabled,
    perParticipant: [armMean('intervention', arms.intervention), armMean('control', arms.control)],
    incrementalCost: distribution(dC),
    incrementalEffect: distribution(dE),
    icer: Number.isFinite(icer) ? icer : NaN,
    probabilityEffectPositive: dE.filter((e) => e > 0).length / costed.length,
    probabilityCostSaving: dC.filter((c) => c < 0).length / costed.length,
    bootstrap: {
      replicates: design.costEffectiveness?.bootstrap ?? DEFAULT_COST_BOOTSTRAP,
      resampled: comparativeDesign(design)?.type === 'individual' ? 'participants' : 'clusters',
      incrementalCostInterval: { low: median(costed.map((c) => c.costLow)), high: median(costed.map((c) => c.costHigh)) },
      incrementalEffectInterval: { low: median(costed.map((c) => c.effectLow)), high: median(costed.map((c) => c.effectHigh)) },
      icerInterval: withIcer.length ? { low: median(withIcer.map((c) => c.icerLow)), high: median(withIcer.map((c) => c.icerHigh)) } : null,
      icerIntervalDefined: withIcer.length / costed.length,
    },
    acceptability,
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

const withCosts = (summary: ComparativeTrialSummary, costs: CostSummary | undefined): ComparativeTrialSummary => (costs ? { ...summary, costs } : summary);

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
    summary: withCosts(summariseComparativeTrial(replicates, ctx.design.alpha), summariseCosts(replicates, ctx.design, ctx.scenario.params.costs, { intervention: ctx.design.arm, control: d.control })),
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
