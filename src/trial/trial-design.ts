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
    byArm: z
      .record(z.string(), z.number().gt(0).max(1))
      .optional()
      .describe('comparative designs: the expected share followed up in a named arm, where attrition differs by arm (e.g. {"usual-care": 0.7}); arms not named use `expected`'),
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
    analysis: z
      .literal('ancova')
      .default('ancova')
      .describe(
        '"ancova": follow-up adjusted for baseline. Fidelity groups and individual designs: follow-up ~ group + baseline (+ agency strata), F or t, p and partial η²; cluster and paired-teams designs: the same in a linear mixed model with a random intercept per team (see design.analysis)',
      ),
  })
  .strict();

const secondarySchema = z
  .object({
    measure: measure.describe('a secondary outcome (any user measure), analysed as the primary is, e.g. network_size'),
  })
  .strict();

/** The comparative designs: which unit is randomised between the intervention arm (`arm`) and `control`. */
export const TRIAL_DESIGN_TYPES = ['fidelity-groups', 'individual', 'cluster', 'paired-teams'] as const;
export type TrialDesignType = (typeof TRIAL_DESIGN_TYPES)[number];

const control = z.string().min(1).describe('the arm of the scenario participants are compared against, e.g. "usual-care"; the same arm as `arm` gives a null design (arms identical)');
const ratio = z.number().min(0.1).max(10).default(1).describe('units allocated to the intervention per unit allocated to control (1: equal arms)');

const designSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('fidelity-groups').describe('the CPI pilot: everyone receives the intervention (`arm`); the high and low/moderate fidelity groups are compared') })
    .strict(),
  z
    .object({
      type: z.literal('individual').describe('participants randomised between `arm` and `control`'),
      control,
      allocationRatio: ratio,
      stratifyByAgency: z.boolean().default(true).describe('randomise within each agency (permuted blocks), and adjust the analysis for agency'),
    })
    .strict(),
  z
    .object({
      type: z.literal('cluster').describe('agencies (teams) randomised between `arm` and `control`; every participant of a team receives its arm'),
      control,
      clusters: z.number().int().min(2).max(10_000).describe('teams randomised (agencies.count)'),
      perCluster: z.number().int().min(1).max(100_000).describe('participants referred to each team (referrals = clusters × perCluster)'),
      allocationRatio: ratio,
      analysis: z
        .enum(['lmm', 'cluster-summary'])
        .default('lmm')
        .describe('"lmm": linear mixed model, random intercept per team, REML, Satterthwaite df; "cluster-summary": t-test of the teams\' mean baseline-adjusted outcomes (the robust alternative). Both are always reported; this one decides significance'),
    })
    .strict(),
  z
    .object({
      type: z.literal('paired-teams').describe('organisations each contribute one intervention and one control team (the CPI implementation study in community mental health teams)'),
      control,
      pairs: z.number().int().min(2).max(5_000).describe('organisations, each with two teams (agencies.count = 2 × pairs)'),
      perTeam: z.number().int().min(1).max(100_000).describe('participants referred to each team (referrals = 2 × pairs × perTeam)'),
      analysis: z
        .enum(['lmm', 'paired-cluster'])
        .default('lmm')
        .describe('"lmm": linear mixed model with organisation as fixed effect and a random intercept per team; "paired-cluster": paired t-test of the teams\' mean adjusted outcomes over organisations. Both are always reported; this one decides significance'),
    })
    .strict(),
]);

const testSchema = z
  .object({
    method: z
      .enum(['parametric', 'permutation'])
      .default('parametric')
      .describe('"parametric": the analysis\'s own p (F, t with Satterthwaite df); "permutation": a randomisation test that re-randomises the design\'s unit (participants within agency, teams, or the arms within each organisation) and decides significance by its p'),
    permutations: z.number().int().min(19).max(100_000).default(999).describe('re-randomisations of the Monte Carlo randomisation test (exact enumeration when there are fewer allocations)'),
  })
  .strict();

const costEffectivenessSchema = z
  .object({
    bootstrap: z
      .number()
      .int()
      .min(100)
      .max(100_000)
      .default(1000)
      .describe('bootstrap replicates of each simulated trial\'s own cost-effectiveness analysis (percentile intervals of its incremental cost, effect and ICER; participants, or teams, resampled within arm)'),
    willingnessToPay: z
      .array(z.number().min(0).max(1e9))
      .min(2)
      .max(1000)
      .optional()
      .describe('willingness to pay per unit of the primary outcome\'s change (the scenario\'s currency), at which the acceptability curve is given; default: 31 points from 0 to 3 × the incremental cost-effectiveness ratio'),
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
    design: designSchema
      .optional()
      .describe('what is randomised and compared (default: fidelity groups, the CPI pilot\'s design); individual, cluster and paired-teams designs compare `arm` against `design.control`'),
    set: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('assignments for every arm, path → value, e.g. a realistic spread of agency fidelity ("agencies.fidelity.mean": 0.55)'),
    seed: z.number().int().min(0).max(4294967295).optional().describe("root seed of the replicates (default: the scenario's seed)"),
    referrals: z
      .number()
      .int()
      .min(2)
      .max(10_000_000)
      .optional()
      .describe('people referred (serviceUsers.referrals); `--n` overrides it for a power curve. Required by fidelity-groups and individual designs; cluster and paired-teams designs derive it from their teams'),
    agencies: z.number().int().min(1).max(100_000).optional().describe("agencies delivering the intervention (agencies.count; default: the scenario's)"),
    followUpTick: z.number().int().min(1).max(100_000).describe('week of follow-up; baseline is tick 0 (the pilot: 39 weeks, nine months)'),
    retention: retentionSchema,
    fidelity: fidelitySchema.prefault({}),
    outcome: outcomeSchema,
    secondary: z.array(secondarySchema).max(50).optional().describe('secondary outcomes (comparative designs), analysed as the primary; their p-values are Holm-adjusted'),
    wellbeing: wellbeingSchema.optional(),
    test: testSchema.optional().describe('how significance is decided (default: parametric)'),
    costEffectiveness: costEffectivenessSchema
      .optional()
      .describe('the cost-effectiveness analysis of comparative designs, priced with the scenario\'s costs.* (defaults: 1,000 bootstrap replicates per simulated trial; the acceptability curve from 0 to 3 × the ICER)'),
    alpha: z.number().gt(0).lt(1).default(0.05).describe('significance level of the tests; power is the share of replicates with p < alpha'),
    published: publishedSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    const type = d.design?.type ?? 'fidelity-groups';
    const issue = (path: Array<string | number>, message: string, input?: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
    if (type === 'fidelity-groups' || type === 'individual') {
      if (d.referrals === undefined) issue(['referrals'], `${type} designs need the number of people referred, an integer from 2`);
    } else {
      const derived = d.design?.type === 'cluster' ? d.design.clusters * d.design.perCluster : d.design?.type === 'paired-teams' ? 2 * d.design.pairs * d.design.perTeam : 0;
      if (d.referrals !== undefined && d.referrals !== derived)
        issue(['referrals'], `a ${type} design refers ${derived} people (its teams × participants per team); leave referrals out or give ${derived}`, d.referrals);
      const teams = d.design?.type === 'cluster' ? d.design.clusters : d.design?.type === 'paired-teams' ? 2 * d.design.pairs : 0;
      if (d.agencies !== undefined && d.agencies !== teams)
        issue(['agencies'], `a ${type} design has ${teams} teams (agencies); leave agencies out or give ${teams}`, d.agencies);
    }
    if (type === 'fidelity-groups') {
      if (d.secondary !== undefined) issue(['secondary'], 'secondary outcomes are analysed by the comparative designs (individual, cluster, paired-teams); fidelity-groups designs have `wellbeing`');
      if (d.test !== undefined) issue(['test'], 'the randomisation test belongs to the comparative designs (individual, cluster, paired-teams)');
      if (d.costEffectiveness !== undefined) issue(['costEffectiveness'], 'the cost-effectiveness analysis compares two arms: it belongs to the comparative designs (individual, cluster, paired-teams)');
      if (d.retention.byArm !== undefined) issue(['retention', 'byArm'], 'a fidelity-groups design follows up one arm; attrition by arm needs a comparative design');
    } else if (d.wellbeing !== undefined) issue(['wellbeing'], 'comparative designs list every further outcome under `secondary` (e.g. [{"measure": "wellbeing"}])');
    if (type !== 'fidelity-groups' && d.fidelity.assignment === 'random') issue(['fidelity', 'assignment'], 'random fidelity groups belong to fidelity-groups designs; a null comparative design sets design.control to the same arm as `arm`', 'random');
  });

export type TrialDesign = z.output<typeof trialDesignSchema>;
/** The comparative part of a design (individual, cluster or paired-teams). */
export type ComparativeDesign = Exclude<NonNullable<TrialDesign['design']>, { type: 'fidelity-groups' }>;

/** The design's type (fidelity-groups when the file has no `design`). */
export function trialDesignType(design: TrialDesign): TrialDesignType {
  return design.design?.type ?? 'fidelity-groups';
}

/** The comparative part of a design, or undefined for a fidelity-groups design. */
export function comparativeDesign(design: TrialDesign): ComparativeDesign | undefined {
  const d = design.design;
  return d && d.type !== 'fidelity-groups' ? d : undefined;
}
export type TrialDesignInput = z.input<typeof trialDesignSchema>;

const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(trialDesignSchema.shape),
  retention: Object.keys(retentionSchema.shape),
  'secondary.*': Object.keys(secondarySchema.shape),
  test: Object.keys(testSchema.shape),
  costEffectiveness: Object.keys(costEffectivenessSchema.shape),
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

/** People referred: the design's `referrals`, or for cluster and paired-teams designs teams × participants per team. */
export function trialReferrals(design: TrialDesign): number {
  const d = design.design;
  if (d?.type === 'cluster') return d.clusters * d.perCluster;
  if (d?.type === 'paired-teams') return 2 * d.pairs * d.perTeam;
  return design.referrals!;
}

/** Agencies (teams): the design's `agencies`, or the teams of a cluster or paired-teams design; undefined keeps the scenario's. */
export function trialAgencies(design: TrialDesign): number | undefined {
  const d = design.design;
  if (d?.type === 'cluster') return d.clusters;
  if (d?.type === 'paired-teams') return 2 * d.pairs;
  return design.agencies;
}

/** What a sample-size search or a power curve varies: participants, teams (clusters or organisations), or participants per team. */
export const TRIAL_SIZE_DIMENSIONS = ['participants', 'clusters', 'per-cluster'] as const;
export type TrialSizeDimension = (typeof TRIAL_SIZE_DIMENSIONS)[number];

/** The dimension varied by default: participants for individual and fidelity-groups designs, teams for the others. */
export function defaultSizeDimension(design: TrialDesign): TrialSizeDimension {
  const t = trialDesignType(design);
  return t === 'cluster' || t === 'paired-teams' ? 'clusters' : 'participants';
}

/** The design's current size along a dimension (for paired-teams, "clusters" counts organisations). */
export function trialSize(design: TrialDesign, dimension: TrialSizeDimension): number {
  const d = design.design;
  if (dimension === 'participants') return trialReferrals(design);
  if (d?.type === 'cluster') return dimension === 'clusters' ? d.clusters : d.perCluster;
  if (d?.type === 'paired-teams') return dimension === 'clusters' ? d.pairs : d.perTeam;
  throw new TrialError(`trial design ${design.name}`, [{ path: 'design.type', message: `a ${trialDesignType(design)} design has no ${dimension} to vary; allowed: participants` }]);
}

/** Smallest size allowed along a dimension. */
export function minimumTrialSize(design: TrialDesign, dimension: TrialSizeDimension): number {
  if (dimension === 'per-cluster') return 1;
  if (dimension === 'clusters') return 2;
  const d = design.design;
  return d?.type === 'individual' ? 4 : 2;
}

/**
 * The design with one size changed. For cluster designs "participants" keeps the teams and spreads the
 * participants over them (rounded up to whole participants per team); for paired-teams, the same over 2 × pairs teams.
 */
export function resizeTrialDesign(design: TrialDesign, dimension: TrialSizeDimension, value: number): TrialDesign {
  const min = minimumTrialSize(design, dimension);
  if (!Number.isInteger(value) || value < min)
    throw new TrialError(`trial design ${design.name}`, `${dimension} ${value} is not allowed; expected an integer of at least ${min}`);
  trialSize(design, dimension);
  const d = design.design;
  if (d?.type === 'cluster') {
    const next = dimension === 'clusters' ? { ...d, clusters: value } : dimension === 'per-cluster' ? { ...d, perCluster: value } : { ...d, perCluster: Math.ceil(value / d.clusters) };
    return { ...design, design: next, referrals: undefined, agencies: undefined };
  }
  if (d?.type === 'paired-teams') {
    const next = dimension === 'clusters' ? { ...d, pairs: value } : dimension === 'per-cluster' ? { ...d, perTeam: value } : { ...d, perTeam: Math.ceil(value / (2 * d.pairs)) };
    return { ...design, design: next, referrals: undefined, agencies: undefined };
  }
  return { ...design, referrals: value };
}
