// One simulated trial by a plain description (design, size, seed): what the trial pool sends to its
// workers and what the main thread runs itself with no workers. Contexts (compiled scenarios) are kept per
// description, so a chunk compiles its scenario once. Part of trial/; no I/O.
import type { ScenarioSource } from '../scenario/compile.js';
import type { TrialDesign } from './trial-design.js';
import { fidelityContext, simulateFidelityReplicate, type FidelityContext, type TrialReplicateResult } from './virtual-trial.js';
import { comparativeContext, simulateComparativeReplicate, type ComparativeContext, type ComparativeReplicateResult } from './comparative-trial.js';

/** Which trial to simulate: a fidelity-groups design at n referrals, or a comparative design as sized. */
export type TrialSpec =
  | { readonly kind: 'fidelity'; readonly design: TrialDesign; readonly n?: number; readonly seed?: number }
  | { readonly kind: 'comparative'; readonly design: TrialDesign; readonly seed?: number };

export type TrialReplicate = TrialReplicateResult | ComparativeReplicateResult;

/** Replicates [start, end) of one spec. */
export interface TrialTask {
  readonly spec: TrialSpec;
  readonly start: number;
  readonly end: number;
}

export type TrialContext = { kind: 'fidelity'; ctx: FidelityContext } | { kind: 'comparative'; ctx: ComparativeContext };

/** Compiles and caches the context of each spec it is asked about. */
export class TrialSimulator {
  private readonly contexts = new Map<string, TrialContext>();
  constructor(private readonly chain: readonly ScenarioSource[]) {}

  context(spec: TrialSpec): TrialContext {
    const key = JSON.stringify(spec);
    let c = this.contexts.get(key);
    if (!c) {
      c =
        spec.kind === 'fidelity'
          ? { kind: 'fidelity', ctx: fidelityContext(spec.design, this.chain, { n: spec.n, seed: spec.seed }) }
          : { kind: 'comparative', ctx: comparativeContext(spec.design, this.chain, spec.seed) };
      if (this.contexts.size > 16) this.contexts.clear();
      this.contexts.set(key, c);
    }
    return c;
  }

  run(task: TrialTask): TrialReplicate[] {
    const c = this.context(task.spec);
    const out: TrialReplicate[] = [];
    for (let r = task.start; r < task.end; r++) out.push(c.kind === 'fidelity' ? simulateFidelityReplicate(c.ctx, r) : simulateComparativeReplicate(c.ctx, r));
    return out;
  }
}
