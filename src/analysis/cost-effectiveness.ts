// Cost-effectiveness of a trial's arms (issue 16, costs): each participant's cost from the worker time they
// received (engine measures worker_hours, peer_worker_hours, worker_contacts, peer_support_weeks) priced with the
// scenario's unit costs (costs.*), then mean cost and effect per arm, the incremental cost, effect and cost-
// effectiveness ratio (ICER), seeded bootstrap percentile intervals (participants resampled within arm, or
// clusters within arm: Efron & Tibshirani 1993; Drummond et al., Methods for the Economic Evaluation of Health
// Care Programmes, 4th ed. 2015, ch. 11) and the cost-effectiveness acceptability curve with the incremental net
// monetary benefit (Fenwick, O'Brien & Briggs 2004, Health Economics 13:405). Part of analysis/; pure, no I/O.
import type { Params } from '../scenario/parameters.js';
import { createStream, deriveSeed } from '../rng/index.js';
import { percentileInterval, type ConfidenceInterval } from './bootstrap.js';

export type UnitCosts = Params['costs'];

/** The worker time one participant received since referral (the engine's cumulative user measures). */
export interface WorkerTimeReceived {
  /** worker_hours: hours from staff and peer workers as the participant's worker. */
  readonly workerHours: number;
  /** peer_worker_hours: the part of workerHours given by a peer worker. */
  readonly peerWorkerHours: number;
  /** worker_contacts: weeks with worker time. */
  readonly workerContacts: number;
  /** peer_support_weeks: weeks of peer support alongside the worker. */
  readonly peerSupportWeeks: number;
}

/** One participant's cost, by part, in the scenario's currency and price year. */
export interface ParticipantCost {
  /** Staff hours × staffWorkerHour. */
  readonly staff: number;
  /** (Peer worker hours + peer support weeks × peerSupportHoursPerWeek) × peerWorkerHour. */
  readonly peer: number;
  /** (staff + peer) × agencyOverheadShare. */
  readonly overheads: number;
  /** Contact weeks × perContact. */
  readonly contacts: number;
  /** staff + peer + overheads + contacts: the cost of the worker time received. */
  readonly total: number;
  /** Service use saved: perOutcomeUnit × outcome gain when costs.serviceUseOffset.enabled, else 0 (an assumption). */
  readonly serviceUseOffset: number;
  /** total − serviceUseOffset. Equal to total unless the offset assumption is switched on. */
  readonly net: number;
}

/**
 * Price one participant's worker time with the unit costs. `outcomeGain` (follow-up minus baseline of the primary
 * outcome) is read only when the service-use offset assumption is on; the offset is reported apart from the total.
 */
export function costOfParticipant(time: WorkerTimeReceived, costs: UnitCosts, outcomeGain = 0): ParticipantCost {
  const staffHours = Math.max(0, time.workerHours - time.peerWorkerHours);
  const staff = staffHours * costs.staffWorkerHour;
  const peer = (time.peerWorkerHours + time.peerSupportWeeks * costs.peerSupportHoursPerWeek) * costs.peerWorkerHour;
  const overheads = (staff + peer) * costs.agencyOverheadShare;
  const contacts = time.workerContacts * costs.perContact;
  const total = staff + peer + overheads + contacts;
  const offset = costs.serviceUseOffset.enabled && Number.isFinite(outcomeGain) ? costs.serviceUseOffset.perOutcomeUnit * outcomeGain : 0;
  return { staff, peer, overheads, contacts, total, serviceUseOffset: offset, net: total - offset };
}

/** A cost-effectiveness input or option that cannot be analysed; the message names the field and the value. */
export class CostEffectivenessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CostEffectivenessError';
  }
}

/** Per-participant data: arm name, cost, effect (the primary outcome, e.g. its change), and optionally the cluster. */
export interface CostEffectivenessInput {
  readonly arm: readonly string[];
  readonly cost: ArrayLike<number>;
  readonly effect: ArrayLike<number>;
  /** Cluster of each participant (team, agency): given, the bootstrap resamples clusters within each arm. */
  readonly cluster?: ReadonlyArray<string | number>;
}

export interface CostEffectivenessOptions {
  readonly intervention: string;
  readonly control: string;
  /** Root seed of the bootstrap (its stream is deriveSeed(seed, 'cost-effectiveness-bootstrap')). */
  readonly seed: number;
  /** Bootstrap replicates (default 2000). */
  readonly replicates?: number;
  /** Confidence level of the intervals (default 0.95). */
  readonly confidence?: number;
  /** Willingness to pay per unit of effect, λ (default: 31 points from 0 to 3 × |ICER|; see defaultWillingnessToPay). */
  readonly willingnessToPay?: readonly number[];
  /** Also return every replicate's ΔC and ΔE (for a cost-effectiveness plane). */
  readonly keepDraws?: boolean;
}

export interface ArmCostSummary {
  readonly arm: string;
  readonly participants: number;
  /** Clusters of the arm (participants when no clusters are given). */
  readonly units: number;
  readonly meanCost: number;
  readonly meanEffect: number;
}

export interface AcceptabilityPoint {
  /** λ, currency per unit of effect. */
  readonly willingnessToPay: number;
  /** Share of bootstrap replicates with λ·ΔE − ΔC > 0: the probability the intervention is cost-effective at λ. */
  readonly probability: number;
  /** Incremental net monetary benefit λ·ΔE − ΔC at the point estimates. */
  readonly netBenefit: number;
  readonly netBenefitInterval: ConfidenceInterval;
}

export interface CostEffectivenessResult {
  readonly intervention: ArmCostSummary;
  readonly control: ArmCostSummary;
  readonly incrementalCost: number;
  readonly incrementalEffect: number;
  /** ΔC / ΔE; ±Infinity or NaN when ΔE = 0. */
  readonly icer: number;
  readonly incrementalCostInterval: ConfidenceInterval;
  readonly incrementalEffectInterval: ConfidenceInterval;
  /**
   * Percentile interval of the ICER over the replicates whose ΔE has the point estimate's sign, given only when the
   * effect interval excludes 0; null otherwise (the ratio's interval is then unbounded or split: read the CEAC).
   */
  readonly icerInterval: ConfidenceInterval | null;
  /** Why icerInterval is what it is, in words. */
  readonly icerNote: string;
  /** Share of replicates with ΔE > 0: the limit of the CEAC as λ → ∞. */
  readonly probabilityEffectPositive: number;
  /** Share of replicates with ΔC < 0: the CEAC at λ = 0 (cost saving). */
  readonly probabilityCostSaving: number;
  readonly acceptability: readonly AcceptabilityPoint[];
  readonly replicates: number;
  readonly confidence: number;
  readonly seed: number;
  /** 'participants' or 'clusters': the unit the bootstrap resampled within each arm. */
  readonly resampled: 'participants' | 'clusters';
  /** Every replicate's incremental cost and effect, with options.keepDraws. */
  readonly draws?: { readonly incrementalCost: Float64Array; readonly incrementalEffect: Float64Array };
}

/**
 * λ grid: 31 points from 0 in a round step (1, 2, 2.5 or 5 × a power of ten) that reaches at least 3 × |ΔC / ΔE|,
 * or 3 × |ΔC| per unit when the ratio is not finite and positive, so that a table or an axis reads in round sums.
 */
export function defaultWillingnessToPay(incrementalCost: number, incrementalEffect: number): number[] {
  const ratio = Math.abs(incrementalCost / incrementalEffect);
  const scale = Number.isFinite(ratio) && ratio > 0 ? ratio : Math.abs(incrementalCost) > 0 ? Math.abs(incrementalCost) : 1;
  const raw = (3 * scale) / 30;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((x) => x >= raw * (1 - 1e-12))!;
  return Array.from({ length: 31 }, (_, i) => i * step);
}

/** The resampling units of one arm: for each unit, the indices of its participants. */
function unitsOf(indices: number[], cluster: CostEffectivenessInput['cluster']): number[][] {
  if (!cluster) return indices.map((i) => [i]);
  const by = new Map<string, number[]>();
  for (const i of indices) {
    const key = `${typeof cluster[i]}:${String(cluster[i])}`;
    const list = by.get(key);
    if (list) list.push(i);
    else by.set(key, [i]);
  }
  return [...by.values()];
}

/**
 * Cost-effectiveness of `intervention` against `control`. Stages: 1. check the input; 2. point estimates (means
 * over participants); 3. bootstrap: per replicate, in each arm draw as many units (participants, or clusters
 * within the arm) as it has, with replacement, and take the participant means of the units drawn; 4. intervals,
 * the ICER's with its caveat, and the acceptability curve with net benefit.
 */
export function analyseCostEffectiveness(input: CostEffectivenessInput, options: CostEffectivenessOptions): CostEffectivenessResult {
  // 1. Input.
  const n = input.arm.length;
  if (input.cost.length !== n || input.effect.length !== n || (input.cluster && input.cluster.length !== n))
    throw new CostEffectivenessError(
      `cost-effectiveness: arm, cost, effect${input.cluster ? ' and cluster' : ''} must have one entry per participant; got ${n}, ${input.cost.length}, ${input.effect.length}${input.cluster ? `, ${input.cluster.length}` : ''}`,
    );
  const B = options.replicates ?? 2000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new CostEffectivenessError(`cost-effectiveness: replicates ${B} must be a whole number ≥ 1`);
  if (!(confidence > 0 && confidence < 1)) throw new CostEffectivenessError(`cost-effectiveness: confidence ${confidence} must lie in (0, 1)`);
  if (options.intervention === options.control) throw new CostEffectivenessError(`cost-effectiveness: intervention and control are both "${options.control}"`);
  const rows: Record<'i' | 'c', number[]> = { i: [], c: [] };
  for (let k = 0; k < n; k++) {
    const which = input.arm[k] === options.intervention ? 'i' : input.arm[k] === options.control ? 'c' : null;
    if (!which) continue;
    if (!Number.isFinite(input.cost[k]) || !Number.isFinite(input.effect[k]))
      throw new CostEffectivenessError(`cost-effectiveness: participant ${k} (arm "${input.arm[k]}") has cost ${input.cost[k]} and effect ${input.effect[k]}; both must be finite numbers (leave out participants lost to follow-up)`);
    rows[which].push(k);
  }
  for (const [which, name] of [['i', options.intervention], ['c', options.control]] as const)
    if (rows[which].length === 0) throw new CostEffectivenessError(`cost-effectiveness: arm "${name}" has no participants (arms present: ${[...new Set(input.arm)].join(', ') || 'none'})`);

  // 2. Point estimates.
  const meanOf = (idx: readonly number[], xs: ArrayLike<number>) => idx.reduce((a, k) => a + xs[k], 0) / idx.length;
  const units = { i: unitsOf(rows.i, input.cluster), c: unitsOf(rows.c, input.cluster) };
  const summary = (which: 'i' | 'c', arm: string): ArmCostSummary => ({
    arm,
    participants: rows[which].length,
    units: units[which].length,
    meanCost: meanOf(rows[which], input.cost),
    meanEffect: meanOf(rows[which], input.effect),
  });
  const intervention = summary('i', options.intervention);
  const control = summary('c', options.control);
  const dC = intervention.meanCost - control.meanCost;
  const dE = intervention.meanEffect - control.meanEffect;
  const icer = dC / dE;

  // 3. Bootstrap. Per unit, its sums and size, so a replicate costs one pass over the units drawn.
  const sums = (list: number[][]) => ({
    cost: Float64Array.from(list, (u) => u.reduce((a, k) => a + input.cost[k], 0)),
    effect: Float64Array.from(list, (u) => u.reduce((a, k) => a + input.effect[k], 0)),
    size: Float64Array.from(list, (u) => u.length),
  });
  const S = { i: sums(units.i), c: sums(units.c) };
  const stream = createStream(deriveSeed(options.seed, 'cost-effectiveness-bootstrap'));
  const bootC = new Float64Array(B);
  const bootE = new Float64Array(B);
  const draw = (s: ReturnType<typeof sums>): [number, number] => {
    const m = s.size.length;
    let c = 0;
    let e = 0;
    let size = 0;
    for (let j = 0; j < m; j++) {
      const u = stream.int(m);
      c += s.cost[u];
      e += s.effect[u];
      size += s.size[u];
    }
    return [c / size, e / size];
  };
  for (let b = 0; b < B; b++) {
    const [ci, ei] = draw(S.i);
    const [cc, ec] = draw(S.c);
    bootC[b] = ci - cc;
    bootE[b] = ei - ec;
  }

  // 4. Intervals, the ICER, the acceptability curve.
  const effectInterval = percentileInterval(bootE, confidence);
  let icerInterval: ConfidenceInterval | null = null;
  let icerNote: string;
  const pct = `${+(confidence * 100).toFixed(6)}%`;
  if (dE === 0) icerNote = 'the incremental effect is 0, so the ICER is not defined; read the acceptability curve';
  else if (!(effectInterval.low > 0 || effectInterval.high < 0))
    icerNote = `the ${pct} interval of the incremental effect (${effectInterval.low} to ${effectInterval.high}) includes 0, so the ICER's interval is not defined (the ratio is unbounded); read the acceptability curve and the net benefit instead`;
  else {
    const sign = Math.sign(dE);
    const ratios: number[] = [];
    for (let b = 0; b < B; b++) if (Math.sign(bootE[b]) === sign) ratios.push(bootC[b] / bootE[b]);
    icerInterval = percentileInterval(ratios, confidence);
    icerNote = `percentile interval over the ${ratios.length} of ${B} replicates whose incremental effect is ${sign > 0 ? 'positive' : 'negative'}, as the point estimate's${sign < 0 ? ' (the ICER is then a cost per unit of effect lost)' : ''}`;
  }
  let positive = 0;
  let saving = 0;
  for (let b = 0; b < B; b++) {
    if (bootE[b] > 0) positive++;
    if (bootC[b] < 0) saving++;
  }
  const grid = options.willingnessToPay ?? defaultWillingnessToPay(dC, dE);
  const nmb = new Float64Array(B);
  const acceptability = grid.map((lambda): AcceptabilityPoint => {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new CostEffectivenessError(`cost-effectiveness: willingness to pay ${lambda} must be a finite number ≥ 0`);
    let k = 0;
    for (let b = 0; b < B; b++) {
      nmb[b] = lambda * bootE[b] - bootC[b];
      if (nmb[b] > 0) k++;
    }
    return { willingnessToPay: lambda, probability: k / B, netBenefit: lambda * dE - dC, netBenefitInterval: percentileInterval(nmb, confidence) };
  });
  return {
    intervention,
    control,
    incrementalCost: dC,
    incrementalEffect: dE,
    icer,
    incrementalCostInterval: percentileInterval(bootC, confidence),
    incrementalEffectInterval: effectInterval,
    icerInterval,
    icerNote,
    probabilityEffectPositive: positive / B,
    probabilityCostSaving: saving / B,
    acceptability,
    replicates: B,
    confidence,
    seed: options.seed,
    resampled: input.cluster ? 'clusters' : 'participants',
    ...(options.keepDraws ? { draws: { incrementalCost: bootC, incrementalEffect: bootE } } : {}),
  };
}
