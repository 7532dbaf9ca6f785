// Guided lessons for the explorer (issue 17): a lesson file (scenarios/lessons/*.json) is a short sequence of
// steps, each a few plain sentences for social-work students, the settings it puts on the screen (arm A, arm B,
// a preset), a question for the room, what to look at and, on the steps that make a point, the claim the
// simulation must bear out (B against A, paired over replicates: common random numbers). Part of explore/;
// pure and browser-safe, so the page can check a claim in its Web Worker. One zod schema is the source of truth
// for validation and for scenarios/lessons/lesson.schema.json. Barriers and fidelity: MODEL.md §4 and §6.
import { z } from 'zod';
import { compileScenario } from '../scenario/compile.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { describeZodIssues } from '../scenario/zod-issues.js';
import { buildFileJsonSchema } from '../scenario/file-json-schema.js';
import { show, suggest } from '../scenario/errors.js';
import { COUNT_MEASURES, GROUP_MEASURES, type GroupMeasure } from '../metrics/groups.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { runScenario } from '../engine/run.js';
import { replicateSeed } from '../engine/run-replicates.js';
import { meanConfidenceInterval } from '../analysis/stats.js';
import { buildControlGroups, checkControlValue, SEED_RANGE, TICKS_RANGE, type ControlValue, type ParameterControl } from './controls.js';
import { applyPresetValues, armDifferences, buildExplorerDocument, withValues, type ExplorerSettings } from './explorer-document.js';
import { PRESETS } from './presets.js';
import { CHART_MEASURES, TABLE_MEASURES } from './chart-spec.js';
import { LessonError, type LessonIssue } from './lesson-error.js';

/** The parts of the explorer's screen a step can point at: the chart over the weeks, the numbers table, the two networks. */
export const LESSON_VIEWS = ['chart', 'numbers', 'network'] as const;
export type LessonView = (typeof LESSON_VIEWS)[number];

/** Runs per arm when a lesson does not say. */
export const DEFAULT_LESSON_REPLICATES = 20;

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const text = (max: number) => z.string().trim().min(1).max(max);
const measure = z.enum(GROUP_MEASURES);
const values = z
  .record(z.string(), z.union([z.number(), z.boolean()]))
  .describe('parameter path → value, for paths the explorer has a control for (e.g. "barriers.user.selfStigma.prevalence": 0.6)');

const presetSchema = z
  .object({
    arm: z.enum(['a', 'b']).describe('"a": the values are set for the whole scenario (both arms); "b": arm B becomes "A plus this preset" (B\'s earlier values are dropped first, as on the screen)'),
    id: z.enum(PRESETS.map((p) => p.id) as [string, ...string[]]).describe('the preset, as the explorer names it'),
  })
  .strict();

const settingsSchema = z
  .object({
    preset: presetSchema.optional().describe('a preset applied first'),
    a: values.optional().describe("arm A's values: set for the whole scenario, so arm B has them too unless B sets its own; controls shared by both arms (population sizes) go here"),
    b: values.optional().describe("arm B's own values (never a control both arms share)"),
  })
  .strict();

const lookAtSchema = z
  .object({
    view: z.enum(LESSON_VIEWS).optional().describe('"chart": the lines over the weeks; "numbers": the table of A and B at the week shown; "network": the two networks side by side'),
    measure: measure.optional().describe('the measure to watch (one the view shows: the chart and the numbers table have their own lists; the network view has none)'),
    text: text(400).describe('what to look at, in a sentence'),
  })
  .strict();

const claimSchema = z
  .object({
    measure: measure.describe('the group measure compared (its mean over every service user, or a count), e.g. new_ties'),
    direction: z.enum(['lower', 'higher']).describe('arm B relative to arm A'),
    week: z.number().int().min(0).max(TICKS_RANGE[1]).optional().describe("the week compared (default: the lesson's last week)"),
    perPeople: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .describe('frame the difference per this many service users (e.g. 100): a mean per user is multiplied by it, a count divided by the users and multiplied by it'),
    text: text(300).describe('the sentence shown with the result; "{n}" is replaced by the size of the mean difference (framed per perPeople when given), e.g. "about {n} fewer new ties per 100 people"'),
  })
  .strict();

const stepSchema = z
  .object({
    title: text(120),
    narrative: text(1200).describe('a few short sentences in plain words for social-work students'),
    from: z
      .enum(['previous', 'scenario'])
      .default('previous')
      .describe('"previous" (default): this step\'s settings apply on top of the previous step\'s; "scenario": they apply to the scenario as it is (arm A its first arm, arm B equal to A). The first step always starts from the scenario'),
    settings: settingsSchema.prefault({}).describe('what the step changes on the screen, applied in this order: the preset, then A\'s values, then B\'s'),
    question: text(400).describe('a question for the room'),
    lookAt: lookAtSchema.describe('what to look at on the screen'),
    claim: claimSchema.optional().describe('the effect this step shows, checked by simulation (tests and the page): B − A has the sign given and its 95% interval over the replicates excludes zero'),
  })
  .strict();

export const lessonSchema = z
  .object({
    $schema: z.string().optional(),
    name: name.describe("the lesson's name (its file name without .json)"),
    title: text(120),
    audience: text(200).describe('who the lesson is written for'),
    summary: text(600).describe('what the lesson shows, in two or three sentences'),
    scenario: name.describe('the shipped scenario the explorer runs (e.g. "teaching-barriers")'),
    seed: z.number().int().min(SEED_RANGE[0]).max(SEED_RANGE[1]).optional().describe("the root seed (default: the scenario's); replicate r runs with the replicate seed derived from it, as cpi-sim replicates do"),
    ticks: z.number().int().min(TICKS_RANGE[0]).max(TICKS_RANGE[1]).optional().describe("weeks simulated (default: the scenario's)"),
    replicates: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(DEFAULT_LESSON_REPLICATES)
      .describe('runs per arm the claims are checked with (and the screen shows, where it shows replicates)'),
    steps: z.array(stepSchema).min(1).max(12),
  })
  .strict();

export type Lesson = z.output<typeof lessonSchema>;
export type LessonInput = z.input<typeof lessonSchema>;
export type LessonStep = Lesson['steps'][number];
export type LessonClaim = NonNullable<LessonStep['claim']>;

const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(lessonSchema.shape),
  'steps.*': Object.keys(stepSchema.shape),
  'steps.*.settings': Object.keys(settingsSchema.shape),
  'steps.*.settings.preset': Object.keys(presetSchema.shape),
  'steps.*.lookAt': Object.keys(lookAtSchema.shape),
  'steps.*.claim': Object.keys(claimSchema.shape),
};

/** The scenarios a lesson may name: the explorer's shipped ones, and each one's complete document (Scenario.document). */
export interface LessonScenarios {
  readonly names: readonly string[];
  readonly documentOf: (name: string) => ScenarioFile;
}

const isUserMeasure = (m: GroupMeasure) => (USER_MEASURES as readonly string[]).includes(m);
const isCountMeasure = (m: GroupMeasure) => (COUNT_MEASURES as readonly string[]).includes(m);

/**
 * Parse a lesson file's JSON. Throws LessonError naming the file, the field path, the value and what is
 * allowed. Stages: (1) the schema, (2) the scenario is one the explorer ships, (3) every step against that
 * scenario's controls: each path has a control, a control both arms share is set only in `a`, each value is in
 * its control's range, each measure fits its use, and the step's settings build an explorer document.
 */
export function parseLesson(json: unknown, file: string, scenarios: LessonScenarios): Lesson {
  // 1. Schema.
  const parsed = lessonSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new LessonError(file, describeZodIssues(parsed.error, KEYS_AT));
  const lesson = parsed.data;
  // 2. Scenario.
  if (!scenarios.names.includes(lesson.scenario)) {
    const hint = suggest(lesson.scenario, scenarios.names);
    throw new LessonError(file, [
      {
        path: 'scenario',
        message: `${show(lesson.scenario)} is not allowed; ${hint.length ? `did you mean ${hint.map((h) => `"${h}"`).join(' or ')}? ` : ''}expected one of the explorer's shipped scenarios: ${scenarios.names.join(', ')}`,
      },
    ]);
  }
  // 3. Steps.
  const document = scenarios.documentOf(lesson.scenario);
  const defaults = scenarios.names.includes('base') ? scenarios.documentOf('base') : document;
  const issues = checkLessonSteps(lesson, document, defaults);
  if (issues.length > 0) throw new LessonError(file, issues);
  return lesson;
}

function checkLessonSteps(lesson: Lesson, document: ScenarioFile, defaults: ScenarioFile): LessonIssue[] {
  const controls = new Map<string, ParameterControl>(buildControlGroups(document).flatMap((g) => g.controls.map((c) => [c.path, c] as const)));
  const armPaths = [...controls.values()].filter((c) => !c.shared).map((c) => c.path);
  const ticks = lesson.ticks ?? document.ticks;
  const issues: LessonIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  lesson.steps.forEach((step, i) => {
    const at = `steps.${i}`;
    for (const arm of ['a', 'b'] as const) {
      for (const [path, value] of Object.entries(step.settings[arm] ?? {})) {
        const field = `${at}.settings.${arm}.${path}`;
        const control = controls.get(path);
        if (path === 'seed' || path === 'ticks') add(field, `${show(path)} is not allowed in a step; the lesson's own \`${path}\` sets it for every step`);
        else if (!control) {
          const hint = suggest(path, controls.keys());
          add(field, `${show(path)} is not allowed; ${hint.length ? `did you mean ${hint.map((h) => `"${h}"`).join(' or ')}? ` : ''}expected a parameter the explorer has a control for (barriers.user.NAME.FIELD, barriers.worker.NAME.FIELD, ${armPaths.filter((p) => !p.startsWith('barriers.')).join(', ')}, or in \`a\` only: ${[...controls.values()].filter((c) => c.shared && c.path !== 'seed' && c.path !== 'ticks').map((c) => c.path).join(', ')})`);
        } else if (arm === 'b' && control.shared) add(field, `${show(path)} is not allowed in arm B: it shapes the population both arms share; set it in \`a\` (it applies to both arms)`);
        else {
          const reason = checkControlValue(control, value as ControlValue);
          if (reason) add(field, `${show(value)} is not allowed; ${reason}`);
        }
      }
    }
    const look = step.lookAt;
    if (look.view === undefined && look.measure === undefined) add(`${at}.lookAt`, 'give a view, a measure, or both');
    if (look.measure !== undefined && look.view !== undefined) {
      const shown = look.view === 'chart' ? CHART_MEASURES : look.view === 'numbers' ? TABLE_MEASURES : [];
      if (!shown.some((m) => m.measure === look.measure))
        add(`${at}.lookAt.measure`, `${show(look.measure)} is not allowed with view "${look.view}"; ${shown.length ? `expected one it shows: ${shown.map((m) => m.measure).join(', ')}` : 'the network view shows no measure; leave it out'}`);
    }
    const claim = step.claim;
    if (claim) {
      if (claim.perPeople !== undefined && !isUserMeasure(claim.measure) && !isCountMeasure(claim.measure))
        add(`${at}.claim.perPeople`, `${show(claim.perPeople)} is not allowed with ${show(claim.measure)}, a worker, agency or whole-network figure; per-people framing needs a service-user measure (a mean per user) or a count of users`);
      if (claim.week !== undefined && claim.week > ticks) add(`${at}.claim.week`, `${show(claim.week)} is out of range: the lesson runs weeks 0 to ${ticks}`);
      if (claim.week === 0) add(`${at}.claim.week`, '0 is not allowed; both arms start from the same week 0, so they differ from week 1 on');
    }
    if (issues.length > 0) return;
    // The step's settings must build a document, and a claimed effect needs arm B to differ from A.
    try {
      const settings = lessonSettings(lesson, i, document, defaults);
      buildExplorerDocument(document, settings);
      if (claim && armDifferences(document, settings).length === 0) add(`${at}.claim`, 'arm B is the same as arm A at this step, so there is no effect to claim; set B\'s own values (settings.b or a preset on "b")');
    } catch (e) {
      add(`${at}.settings`, `these settings do not make a valid scenario: ${(e as Error).message}`);
    }
  });
  return issues;
}

/** The screen's settings at the start of a lesson: the scenario as it is, arm A its first arm, arm B equal to A. */
export function lessonStartSettings(lesson: Pick<Lesson, 'seed' | 'ticks'>, document: ScenarioFile): ExplorerSettings {
  const first = document.arms?.[0]?.set ?? {};
  return { seed: lesson.seed ?? document.seed, ticks: lesson.ticks ?? document.ticks, a: { ...first }, b: {}, baseline: 'shared' };
}

/**
 * The explorer's settings at step `index`: from the start (step 0, or a step that says `from: "scenario"`),
 * each step's preset, then its A values, then its B values, applied as the screen applies them. `defaults` is
 * the document of the model's defaults (scenarios/base.json) the "typical" preset reads, as on the page.
 */
export function lessonSettings(lesson: Lesson, index: number, document: ScenarioFile, defaults: ScenarioFile = document): ExplorerSettings {
  if (!Number.isInteger(index) || index < 0 || index >= lesson.steps.length) throw new RangeError(`lesson "${lesson.name}" has steps 0 to ${lesson.steps.length - 1}, not ${index}`);
  let first = index;
  while (first > 0 && lesson.steps[first].from !== 'scenario') first--;
  let settings = lessonStartSettings(lesson, document);
  for (let i = first; i <= index; i++) {
    const { preset, a, b } = lesson.steps[i].settings;
    if (preset) {
      const p = PRESETS.find((x) => x.id === preset.id)!;
      settings = applyPresetValues(document, settings, preset.arm, p.values(defaults));
    }
    if (a) settings = withValues(document, settings, 'a', a);
    if (b) settings = withValues(document, settings, 'b', b);
  }
  return settings;
}

export interface LessonClaimOptions {
  /** Runs per arm (default: the lesson's `replicates`). */
  readonly replicates?: number;
  /** The model's defaults (scenarios/base.json's document), for the "typical" preset (default: the lesson's scenario document). */
  readonly defaults?: ScenarioFile;
  /** Called after each replicate (for a progress bar in the page's worker). */
  readonly onReplicate?: (done: number, total: number) => void;
}

export interface LessonClaimResult {
  readonly step: number;
  readonly measure: GroupMeasure;
  readonly direction: 'lower' | 'higher';
  readonly week: number;
  readonly replicates: number;
  /** B − A per replicate, in the measure's own unit (paired: both arms of a replicate share its seed). */
  readonly differences: readonly number[];
  /** Mean of A and of B over the replicates, in the measure's unit. */
  readonly meanA: number;
  readonly meanB: number;
  /** Mean B − A and its 95% t interval over the replicates, in the measure's unit. */
  readonly mean: number;
  readonly low: number;
  readonly high: number;
  /** The same, per `perPeople` service users (when the claim frames it so). */
  readonly framed?: { readonly perPeople: number; readonly mean: number; readonly low: number; readonly high: number };
  /** The sign is the one claimed and the interval excludes zero. */
  readonly holds: boolean;
  /** The claim's sentence with its number filled in. */
  readonly text: string;
}

/** A difference as the sentence shows it: whole numbers from 10, else up to two significant figures. */
export function formatClaimNumber(x: number): string {
  const a = Math.abs(x);
  if (!Number.isFinite(a)) return String(a);
  if (a >= 10) return String(Math.round(a));
  return String(Number(a.toPrecision(2)));
}

/**
 * Check the claim of step `index` by simulation. Stages: (1) the step's settings as the explorer document,
 * compiled once, (2) `replicates` runs, replicate r with seed replicateSeed(seed, r), both arms of a run
 * sharing it (common random numbers), (3) B − A of the measure for every service user ("all") at the week,
 * (4) the mean difference, its 95% t interval over the replicates, the per-people framing and the verdict.
 */
export function checkLessonClaim(lesson: Lesson, index: number, document: ScenarioFile, options: LessonClaimOptions = {}): LessonClaimResult {
  const claim = lesson.steps[index]?.claim;
  if (!claim) throw new RangeError(`step ${index} of lesson "${lesson.name}" makes no claim`);
  // 1. Document.
  const settings = lessonSettings(lesson, index, document, options.defaults);
  const scenario = compileScenario([{ file: `<lesson ${lesson.name}, step ${index + 1}>`, json: buildExplorerDocument(document, settings) }]);
  const ticks = settings.ticks;
  const week = claim.week ?? ticks;
  const replicates = options.replicates ?? lesson.replicates;
  if (!Number.isInteger(replicates) || replicates < 2) throw new RangeError(`replicates must be an integer of at least 2 (an interval needs two), got ${replicates}`);
  const m = GROUP_MEASURES.indexOf(claim.measure);
  const usersAt = GROUP_MEASURES.indexOf('users');
  const framing = claim.perPeople === undefined ? undefined : isUserMeasure(claim.measure) ? 'mean' : 'count';
  // 2–3. Replicates.
  const valuesA: number[] = [];
  const valuesB: number[] = [];
  const differences: number[] = [];
  const framed: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const result = runScenario(scenario, { seed: replicateSeed(settings.seed, r), ticks });
    const M = result.measures.length;
    const at = (arm: number, measure: number) => result.arms[arm].series[(week * result.groups.length + 0) * M + measure]; // group 0 is "all"
    const a = at(0, m);
    const b = at(1, m);
    valuesA.push(a);
    valuesB.push(b);
    differences.push(b - a);
    if (framing === 'mean') framed.push((b - a) * claim.perPeople!);
    else if (framing === 'count') framed.push(((b - a) * claim.perPeople!) / at(0, usersAt));
    options.onReplicate?.(r + 1, replicates);
  }
  // 4. Summary.
  const ci = meanConfidenceInterval(differences);
  const fci = framing ? meanConfidenceInterval(framed) : undefined;
  const holds = claim.direction === 'lower' ? ci.high < 0 : ci.low > 0;
  const meanOf = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return {
    step: index,
    measure: claim.measure,
    direction: claim.direction,
    week,
    replicates,
    differences,
    meanA: meanOf(valuesA),
    meanB: meanOf(valuesB),
    mean: ci.mean,
    low: ci.low,
    high: ci.high,
    framed: fci ? { perPeople: claim.perPeople!, mean: fci.mean, low: fci.low, high: fci.high } : undefined,
    holds,
    text: claim.text.replaceAll('{n}', formatClaimNumber(fci ? fci.mean : ci.mean)),
  };
}

/** JSON Schema of lesson files, for editors ("$schema": "./lesson.schema.json"). */
export function buildLessonJsonSchema(): Record<string, unknown> {
  return buildFileJsonSchema(lessonSchema, {
    name: 'lesson.schema.json',
    title: 'cpi-sim guided lesson',
    description:
      'A guided lesson for the cpi-sim explorer: steps of short narrative for social-work students, the settings each step puts on the screen (arm A, arm B, a preset), a question for the room, what to look at, and the effect a step claims (arm B against arm A, checked by simulation over the lesson\'s replicates).',
  });
}
