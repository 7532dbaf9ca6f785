// The parameter declaration DSL: the shape and hard limits of every scenario parameter, declared once.
// Part of scenario/. Values, units, plausible ranges and sources live in scenario files (scenarios/base.json),
// never here; this file only says what kind of thing each parameter is (STYLE.md principle 6).
// From this tree come the zod validator, the JSON Schema for editors, the resolved TypeScript types,
// the ODD parameter table and (later) sweep designs and explorer sliders.

/** Everything a barrier's effect can act on (MODEL.md §4): each effect lowers its target by a fraction. */
export const EFFECT_TARGETS = [
  'intake',
  'partnership',
  'trust',
  'userMomentum',
  'workerMomentum',
  'assessment',
  'objectiveDevelopment',
  'inspiration',
  'signposting',
  'skillRecognition',
  'attendance',
  'selfDirectedAttendance',
  'tieFormation',
  'confidenceGrowth',
  'discovery',
  'knowledgeSharing',
  'timeBudget',
  'retention',
] as const;
export type EffectTarget = (typeof EFFECT_TARGETS)[number];
export type Effects = Partial<Record<EffectTarget, number>>;

export interface NumberLeaf {
  readonly kind: 'number';
  /** Shapes the shared population: arms of one scenario may not change it (they share one population). */
  readonly structural?: boolean;
  readonly integer: boolean;
  /** Hard limits: a scenario's declared range must lie within these. */
  readonly min: number;
  readonly max: number;
  readonly doc: string;
}
export interface BooleanLeaf {
  readonly kind: 'boolean';
  readonly doc: string;
}
export interface ChoiceLeaf<T extends string = string> {
  readonly kind: 'choice';
  /** Fixed options; when empty the options are checked against the scenario's tables (see validate.ts). */
  readonly options: readonly T[];
  readonly doc: string;
}
export interface EffectsLeaf {
  readonly kind: 'effects';
  readonly doc: string;
}
/** Mark a leaf as structural: it shapes the population that all arms share. */
export const structural = (leaf: NumberLeaf): NumberLeaf => ({ ...leaf, structural: true });

export type Leaf = NumberLeaf | BooleanLeaf | ChoiceLeaf | EffectsLeaf;
export interface Group {
  readonly [key: string]: Leaf | Group;
}

export const isLeaf = (x: Leaf | Group): x is Leaf =>
  typeof (x as Leaf).kind === 'string' && typeof (x as Leaf).doc === 'string';

const INF = Number.POSITIVE_INFINITY;
export const real = (doc: string, min = 0, max = INF): NumberLeaf => ({ kind: 'number', integer: false, min, max, doc });
export const int = (doc: string, min = 0, max = INF): NumberLeaf => ({ kind: 'number', integer: true, min, max, doc });
export const prob = (doc: string): NumberLeaf => real(doc, 0, 1);
export const bool = (doc: string): BooleanLeaf => ({ kind: 'boolean', doc });
export const choice = <T extends string>(doc: string, options: readonly T[]): ChoiceLeaf<T> => ({ kind: 'choice', options, doc });
export const effects = (doc: string): EffectsLeaf => ({ kind: 'effects', doc });

/** A normal-ish distribution of an agent attribute in [0, 1]: drawn as clamp(mean + sd·z). */
export const attribute = (what: string) => ({
  mean: prob(`mean ${what}`),
  sd: real(`standard deviation of ${what} between agents`, 0, 1),
});

/** Resolved value type of a leaf. */
export type LeafValue<L> = L extends NumberLeaf
  ? number
  : L extends BooleanLeaf
    ? boolean
    : L extends ChoiceLeaf<infer T>
      ? T
      : L extends EffectsLeaf
        ? Effects
        : never;

/** Resolved value tree of a group: leaves become plain values. */
export type Values<G> = { readonly [K in keyof G]: G[K] extends Leaf ? LeafValue<G[K]> : Values<G[K]> };

/** Visit every leaf of a spec tree with its dotted path. */
export function forEachLeaf(group: Group, visit: (path: string, leaf: Leaf) => void, prefix = ''): void {
  for (const [key, node] of Object.entries(group)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isLeaf(node)) visit(path, node);
    else forEachLeaf(node, visit, path);
  }
}

/** Find the leaf at a dotted path, or undefined. */
export function leafAt(group: Group, path: string): Leaf | undefined {
  let node: Leaf | Group = group;
  for (const key of path.split('.')) {
    if (isLeaf(node) || !Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Group)[key];
  }
  return isLeaf(node) ? node : undefined;
}
