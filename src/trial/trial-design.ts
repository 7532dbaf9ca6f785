// The virtual-trial design file (MODEL.md §6): which scenario and arm stand for CPI "as delivered", how
// many people are referred to how many agencies, when follow-up happens and how many are retained, how
// fidelity is rated and cut into groups, the outcome and its analysis (the CPI pilot's: Webber et al. 2019,
// Research on Social Work Practice 29(5)), and alpha. Part of trial/. One zod schema is the source of truth
// for validation and for the JSON Schema in scenarios/trials/trial-design.schema.json.
import { z } from 'zod';
import { describeZodIssues } from '../scenario/zod-issues.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { TrialError, type TrialIssue } from './trial-error.js';
import { buildFileJsonSchema } from '../scenario/file-json-schema.js';

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const measure = z.enum(USER_MEASURES);
const fraction = z.number().min(0).max(1);

/** How participants lost to follow-up are chosen (see sample-participants.ts). */
export const RETENTION_METHODS = ['bernoulli', 'fixed-count', 'dropout-first'] as const;
export type RetentionMethod = (typeof RETENTION_METHODS)[number];

/** How the high-fidelity group is formed: by the rating, or by permuting the rated labels (a null design). */
export const FIDELITY_ASSIGNMENTS = ['rating', 'random'] as const;
export type FidelityAssignment = (typeof FIDELITY_ASSIGNMENTS)[number];

const retentionSchema = z
  .object({
    expected: z.number().gt(0).max(1).describe('expected share of referred participants followed up, e.g. 0.755 (117 of 155 in the CPI pilot)'),
    method: z
      .enum(RETENTION_METHODS)
      .describe(
        '"bernoulli": each participant is followed up with probability `expected` (the number varies); "fixed-count": a simple random sample of round(expected × referred); "dropout-first": people who dropped out of the intervention are lost first, then the count is trimmed or topped up at random to round(expected × referred)',
      ),
  })
  .strict();

const fidelitySchema = z
  .object({
    measure: measure.default('fidelity_rating').describe('the per-participant rating at follow-up (default fidelity_rating: mean over the five shared processes of min(1, events / full dose))'),
    highCutoff: fraction.optional().describe("a rating at or above this is 'high fidelity'; the rest is low/moderate (default: the arm's outcomes.fidelityHigh)"),
    assignment: z
      .enum(FIDELITY_ASSIGNMENTS)
      .default('rating')
      .describe('"rating": groups by the rating (the study); "random": the rated group sizes, with membership drawn at random, so fidelity cannot matter (a check that the analysis is honest: power ≈ alpha)'),
  })
  .strict();

const outcomeSchema = z
  .object({
    measure: measure.describe('the primary outcome, measured at baseline (tick 0) and at follow-up, e.g. rg_total (Resource Generator-UK total)'),
    analysis: z.literal('ancova').default('ancova').describe('"ancova": follow-up ~ group + baseline; F, p and partial η² for the group, tested after baseline'),
  })
  .strict();

const wellbeingSchema = z
  .object({
    measure: measure.default('wellbeing').describe('a secondary outcome compared within participants, e.g. wellbeing (a WEMWBS proxy)'),
    analysis: z.literal('paired-t').default('paired-t').describe('"paired-t": follow-up against baseline over every analysed participant'),
  })
  .strict();

const publishedSchema = z
  .object({
    source: z.string().min(1).optional(),
    referred: z.number().int().min(0).optional(),
    analysed: z.number().int().min(0).optional(),
    high: z.number().int().min(0).optional(),
    partialEtaSquared: z.number().min(0).max(1).optional(),
    p: z.number().min(0).max(1).optional(),
    wellbeingP: z.string().min(1).optional().describe('as reported, e.g. "< .001"'),
  })
  .strict()
  .describe("the real study's figures, for comparison in reports (not used by the simulation)");

export const trialDesignSchema = z
  .object({
    $schema: z.string().optional(),
    name: name.describe("the design's name"),
    title: z.string().min(1).optional(),
    description: z.string().min(1).describe('what the trial mirrors and asks'),
    scenario: z.string().min(1).describe('the scenario simulated: a shipped name (e.g. "pilot-england") or a path relative to this file'),
    arm: z.string().min(1).describe('the arm of the scenario that stands for the intervention as delivered'),
    set: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('assignments for every arm, path → value, e.g. a realistic spread of agency fidelity ("agencies.fidelity.mean": 0.55)'),
    seed: z.number().int().min(0).max(4294967295).optional().describe("root seed of the replicates (default: the scenario's seed)"),
    referrals: z.number().int().min(2).max(10_000_000).describe('people referred (serviceUsers.referrals); `--n` overrides it for a power curve'),
    agencies: z.number().int().min(1).max(100_000).optional().describe("agencies delivering the intervention (agencies.count; default: the scenario's)"),
    followUpTick: z.number().int().min(1).max(100_000).describe('week of follow-up; baseline is tick 0 (the pilot: 39 weeks, nine months)'),
    retention: retentionSchema,
    fidelity: fidelitySchema.prefault({}),
    outcome: outcomeSchema,
    wellbeing: wellbeingSchema.optional(),
    alpha: z.number().gt(0).lt(1).default(0.05).describe('significance level of the tests; power is the share of replicates with p < alpha'),
    published: publishedSchema.optional(),
  })
  .strict();

export type TrialDesign = z.output<typeof trialDesignSchema>;
export type TrialDesignInput = z.input<typeof trialDesignSchema>;

const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(trialDesignSchema.shape),
  retention: Object.keys(retentionSchema.shape),
  fidelity: Object.keys(fidelitySchema.shape),
  outcome: Object.keys(outcomeSchema.shape),
  wellbeing: Object.keys(wellbeingSchema.shape),
  published: Object.keys(publishedSchema.shape),
};

/** Parse a trial design's JSON. Throws TrialError naming the file, the field path, the value and what is allowed. */
export function parseTrialDesign(json: unknown, file = '<trial design>'): TrialDesign {
  const parsed = trialDesignSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues: TrialIssue[] = describeZodIssues(parsed.error, KEYS_AT);
  throw new TrialError(file, issues);
}

/** JSON Schema of trial design files, for editors ("$schema": "./trial-design.schema.json"). */
export function buildTrialDesignJsonSchema(): Record<string, unknown> {
  return buildFileJsonSchema(trialDesignSchema, {
    name: 'trial-design.schema.json',
    title: 'cpi-sim virtual-trial design',
    description:
      'A virtual trial of a cpi-sim scenario: referrals, agencies, follow-up, retention, how fidelity is rated and grouped, the outcome and its analysis. Run it with `cpi-sim trial FILE --replicates N`.',
  });
}
