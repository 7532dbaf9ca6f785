// The calibration targets file (scenarios/targets/*.json): published figures the model should reproduce,
// each with the scale that standardises its distance, its source, and how the model computes it from one
// simulated study (a group measure at a tick, a share of users, a virtual-trial statistic of the pilot's
// own analysis, or the tie-decay envelope of Burt 2002 and Roy et al. 2022). Part of calibrate/. One zod
// schema is the source of truth for validation and for scenarios/targets/targets.schema.json.
import { z } from 'zod';
import { GROUP_MEASURES } from '../metrics/groups.js';
import { CalibrationError } from './calibration-error.js';
import { describeZodIssues } from '../scenario/zod-issues.js';
import { buildFileJsonSchema } from '../scenario/file-json-schema.js';

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const measure = z.enum(GROUP_MEASURES);
const group = z.string().regex(/^(all|agency-\d+|fidelity-(low|moderate|high))$/, '"all", "agency-NN" or "fidelity-low|moderate|high"').default('all');
const tick = z
  .union([z.number().int().min(0).max(100_000), z.literal('follow-up')])
  .default('follow-up')
  .describe('the tick the measure is read at: 0 is the baseline, "follow-up" the design\'s follow-up tick');

/** Fields of a simulated trial (trial/virtual-trial.ts, analyzeTrialRun) a target may use. */
export const TRIAL_FIELDS = ['partialEtaSquared', 'highShare', 'effect', 'cohensD', 'wellbeingChange', 'analysedShare'] as const;
export type TrialField = (typeof TRIAL_FIELDS)[number];

const groupMeasure = z
  .object({ type: z.literal('group-measure'), measure, group, tick })
  .strict()
  .describe("a group measure of series.csv (the mean over the group's users for a per-user measure) at a tick");
const groupRatio = z
  .object({ type: z.literal('group-ratio'), numerator: measure, denominator: measure, group, tick })
  .strict()
  .describe('the ratio of two group measures at a tick, e.g. family_ties / network_size at tick 0');
const notDroppedOut = z
  .object({ type: z.literal('share-not-dropped-out') })
  .strict()
  .describe('the share of the users referred by follow-up who have not dropped out of the intervention by then');
const trialField = z
  .object({
    type: z.literal('trial'),
    field: z
      .enum(TRIAL_FIELDS)
      .describe(
        'a statistic of the simulated study, analysed as the trial design says: "partialEtaSquared" (ANCOVA of the outcome by fidelity group adjusted for baseline), "highShare" (analysed participants rated high fidelity), "effect" (adjusted difference), "cohensD", "wellbeingChange" (mean within-participant change), "analysedShare" (analysed / referred)',
      ),
  })
  .strict();
const newTieLoss = z
  .object({
    type: z.literal('new-tie-loss'),
    minAgeWeeks: z.number().int().min(1).max(10_000).default(13).describe('only ties formed at least this many weeks before follow-up count'),
  })
  .strict()
  .describe(
    "the annual loss rate of ties formed during the run (new, weak ties): the share of them dissolved by follow-up, p, at a mean age of a weeks, annualised under a constant weekly hazard as 1 − (1 − p)^(52 / a)",
  );
const strongTieLoss = z
  .object({
    type: z.literal('strong-tie-loss'),
    minBaselineStrength: z.number().min(0).max(1).default(0.7).describe("baseline ties of service users at least this strong are the 'inner circle'"),
    lostBelow: z.number().min(0).max(1).optional().describe('a tie counts as lost when dissolved or weaker than this at follow-up (default: the scenario\'s ties.weakThreshold)'),
  })
  .strict()
  .describe('the annual loss rate of strong baseline ties of service users: the share lost by follow-up, annualised as 1 − (1 − p)^(52 / follow-up weeks)');

export const statisticSchema = z.discriminatedUnion('type', [groupMeasure, groupRatio, notDroppedOut, trialField, newTieLoss, strongTieLoss]);
export type StatisticSpec = z.output<typeof statisticSchema>;

const targetSchema = z
  .object({
    name: name.describe("the target's name (a column of the outputs)"),
    value: z.number().describe('the published figure'),
    scale: z.number().gt(0).describe('the scale that standardises the distance: (simulated − published) / scale; an SD or tolerance, justified in notes'),
    statistic: statisticSchema.describe('how the model computes the figure from one simulated study'),
    source: z.string().min(1).describe('where the published figure comes from'),
    notes: z.string().min(1).optional().describe('why this scale, and how the model figure relates to the published one'),
  })
  .strict();
export type CalibrationTarget = z.output<typeof targetSchema>;

export const targetsFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: name.describe("the targets' name"),
    description: z.string().min(1),
    trial: z
      .string()
      .min(1)
      .describe('the virtual-trial design (scenarios/trials/) that simulates the study: arm, referrals, agencies, follow-up, retention, fidelity rating, outcome; a shipped name or a path relative to this file. Its scenario is replaced by the one calibrated'),
    targets: z.array(targetSchema).min(1).max(50),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.targets.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], input: t.name, message: 'another target has this name; names must be unique' });
      seen.add(t.name);
    });
  });
export type TargetsFile = z.output<typeof targetsFileSchema>;

const STATISTIC_KEYS = [...new Set([groupMeasure, groupRatio, notDroppedOut, trialField, newTieLoss, strongTieLoss].flatMap((s) => Object.keys(s.shape)))];
const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(targetsFileSchema.shape),
  'targets.*': Object.keys(targetSchema.shape),
  'targets.*.statistic': STATISTIC_KEYS,
};

/** Parse a targets file's JSON. Throws CalibrationError naming the file, the field path, the value and what is allowed. */
export function parseTargetsFile(json: unknown, file = '<targets file>'): TargetsFile {
  const parsed = targetsFileSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new CalibrationError(file, describeZodIssues(parsed.error, KEYS_AT), 'targets file');
}

/** JSON Schema of targets files, for editors ("$schema": "./targets.schema.json"). */
export function buildTargetsJsonSchema(): Record<string, unknown> {
  return buildFileJsonSchema(targetsFileSchema, {
    name: 'targets.schema.json',
    title: 'cpi-sim calibration targets',
    description:
      'Published figures a cpi-sim scenario is calibrated to, each with its scale, source and how the model computes it from one simulated study. Use with `cpi-sim calibrate SCENARIO --targets FILE --free FILE`.',
  });
}
