// Zod schemas for scenario files, generated from the parameter tree (parameters.ts) and the tables
// (tables.ts). Part of scenario/. One schema validates a complete scenario; a lenient "override" form
// (every field optional, leaves may be bare values) is what files that `extends` another may contain,
// and both are emitted together as JSON Schema for editors (scripts/emit-schema.mjs).
import { z } from 'zod';
import { EFFECT_TARGETS, isLeaf, type Group, type Leaf } from './spec.js';
import { PARAMETERS } from './parameters.js';
import { tablesSchema } from './tables.js';
import { show } from './errors.js';
import { addParameterRoles } from './file-json-schema.js';

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '∞' : '-∞');

const effectsValue = z.partialRecord(z.enum(EFFECT_TARGETS), z.number().min(0).max(1));

/** The complete form of one leaf: value plus unit, range (or options) and source. */
// Integer leaves are checked in superRefine (so the message can give the declared range) and marked as
// integers for editors through JSON Schema metadata.
export function fullLeafSchema(leaf: Leaf): z.ZodTypeAny {
  const meta = { source: z.string().min(1), description: z.string().optional() };
  switch (leaf.kind) {
    case 'number':
      return z
        .object({ value: leaf.integer ? z.number().meta({ type: 'integer' }) : z.number(), unit: z.string().min(1), range: z.tuple([z.number(), z.number()]), ...meta })
        .strict()
        .superRefine((v, ctx) => {
          const [lo, hi] = v.range;
          if (lo > hi) ctx.addIssue({ code: 'custom', path: ['range'], message: `range ${show(v.range)} has its low end above its high end` });
          if (lo < leaf.min || hi > leaf.max)
            ctx.addIssue({ code: 'custom', path: ['range'], message: `range ${show(v.range)} must lie within [${fmt(leaf.min)}, ${fmt(leaf.max)}] (${leaf.doc})` });
          if (leaf.integer && !Number.isInteger(v.value))
            ctx.addIssue({ code: 'custom', path: ['value'], message: `${show(v.value)} is not a whole number; allowed: an integer in [${lo}, ${hi}] ${v.unit}` });
          else if (v.value < lo || v.value > hi)
            ctx.addIssue({ code: 'custom', path: ['value'], message: `${show(v.value)} is out of range; allowed: [${lo}, ${hi}] ${v.unit}` });
        });
    case 'boolean':
      return z.object({ value: z.boolean(), unit: z.string().optional(), ...meta }).strict();
    case 'choice': {
      const value = leaf.options.length > 0 ? z.enum(leaf.options as [string, ...string[]]) : z.string().min(1);
      return z.object({ value, unit: z.string().optional(), ...meta }).strict();
    }
    case 'effects':
      return z.object({ value: effectsValue, unit: z.string().min(1), range: z.tuple([z.number(), z.number()]).optional(), ...meta }).strict();
  }
}

/** A bare value for a leaf, as arms, --set and overriding files may give it. */
export function bareLeafSchema(leaf: Leaf): z.ZodTypeAny {
  switch (leaf.kind) {
    case 'number':
      return leaf.integer ? z.number().int() : z.number();
    case 'boolean':
      return z.boolean();
    case 'choice':
      return leaf.options.length > 0 ? z.enum(leaf.options as [string, ...string[]]) : z.string().min(1);
    case 'effects':
      return effectsValue;
  }
}

function groupSchema(group: Group, mode: 'full' | 'override'): z.ZodTypeAny {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [key, node] of Object.entries(group)) {
    let s: z.ZodTypeAny;
    if (isLeaf(node)) {
      s = mode === 'full' ? fullLeafSchema(node) : z.union([bareLeafSchema(node), partialLeafSchema(node)]);
      s = s.describe(node.doc);
    } else {
      s = groupSchema(node, mode);
    }
    shape[key] = mode === 'full' ? s : s.optional();
  }
  return z.object(shape).strict();
}

function partialLeafSchema(leaf: Leaf): z.ZodTypeAny {
  return z
    .object({
      value: bareLeafSchema(leaf),
      unit: z.string().optional(),
      range: z.tuple([z.number(), z.number()]).optional(),
      source: z.string().optional(),
      description: z.string().optional(),
    })
    .strict();
}

const scenarioName = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const armSchema = z
  .object({
    name: scenarioName,
    description: z.string().optional(),
    set: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * Audit findings a scenario accepts (`cpi-sim audit` exits 0 on them): a parameter path (a leaf, or one
 * effect of a barrier, e.g. "barriers.user.selfStigma.effects.tieFormation") and why. compile.ts checks
 * that the parameter exists.
 */
const acceptedSchema = z
  .array(
    z
      .object({
        parameter: z.string().min(1).describe('the parameter path, as in arms and --set'),
        reason: z.string().min(1).describe('why its audit finding is accepted, e.g. "matters only at region scale" (or, with withdrawn, why it no longer is)'),
        withdrawn: z
          .literal(true)
          .optional()
          .describe('withdraw an acceptance inherited from the scenario this one extends (where the parameter can act, e.g. a longer run in which peer workers appear)'),
      })
      .strict(),
  )
  .describe('audit findings this scenario accepts, each with its reason (see `cpi-sim audit`)');

/** Seeds per point of `cpi-sim audit` when --seeds is not given: a small scenario needs more for its paired t to see a 1% effect. */
const auditSeedsSchema = z
  .number()
  .int()
  .min(2)
  .max(1000)
  .describe('seeds per point of `cpi-sim audit` when --seeds is not given (default 5): a small scenario needs more for the paired test to see a 1% change');

/** Whether every arm starts from the first arm's week 0 (explorer comparisons) or from its own. */
const baselineSchema = z
  .enum(['per-arm', 'shared'])
  .describe(
    '"per-arm" (default): each arm draws its week-0 barriers from its own prevalence; "shared": every arm starts from the first arm\'s week 0 (the same people with the same barriers), so the arms share their baseline and differ from week 1, when each arm\'s own settings start to act',
  );

const header = {
  $schema: z.string().optional(),
  name: scenarioName,
  title: z.string().min(1),
  description: z.string().min(1),
  seed: z.number().int().min(0).max(4294967295),
  ticks: z.number().int().min(0).max(100_000),
};

/** A complete scenario (after `extends` is resolved). */
export const scenarioFileSchema = z
  .object({
    ...header,
    parameters: groupSchema(PARAMETERS as unknown as Group, 'full'),
    tables: tablesSchema,
    arms: z.array(armSchema).min(1),
    accepted: acceptedSchema.optional(),
    auditSeeds: auditSeedsSchema.optional(),
    baseline: baselineSchema.optional(),
  })
  .strict();

/** What a file that `extends` another may hold. */
export const overrideFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: header.name,
    title: header.title.optional(),
    description: header.description.optional(),
    seed: header.seed.optional(),
    ticks: header.ticks.optional(),
    extends: z.string().min(1),
    parameters: groupSchema(PARAMETERS as unknown as Group, 'override').optional(),
    tables: tablesSchema.partial().optional(),
    arms: z.array(armSchema).min(1).optional(),
    accepted: acceptedSchema.optional(),
    auditSeeds: auditSeedsSchema.optional(),
    baseline: baselineSchema.optional(),
  })
  .strict();

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
export type OverrideFile = z.infer<typeof overrideFileSchema>;
export type ArmDeclaration = z.infer<typeof armSchema>;
export type AcceptedFinding = z.infer<typeof acceptedSchema>[number];

/** JSON Schema for editors: a scenario file is either complete or extends another. */
export function buildScenarioJsonSchema(): Record<string, unknown> {
  const full = z.toJSONSchema(scenarioFileSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  const partial = z.toJSONSchema(overrideFileSchema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete full.$schema;
  delete partial.$schema;
  // Each parameter carries what it is for (roles.ts) as the annotation keyword x-cpi-role.
  for (const form of [full, partial]) addParameterRoles((form.properties as Record<string, Record<string, unknown>>).parameters);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://cpi-sim.dev/scenario.schema.json',
    title: 'cpi-sim scenario',
    description:
      'A cpi-sim scenario: either complete (every parameter with value, unit, range and source) or one that `extends` another and overrides some values.',
    oneOf: [full, partial],
  };
}
