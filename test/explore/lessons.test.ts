// The explorer's guided lessons (src/explore/lessons.ts, scenarios/lessons/*.json): every shipped lesson parses
// against the scenario it names; every step's settings build an explorer document, the first with arm B the
// same as arm A; every claimed effect holds at the lesson's settings and replicates (the sign, and a 95%
// interval of the paired B − A that excludes zero), and the opposite claim does not; a malformed lesson is
// refused with a message naming the file, the field, the value and what is allowed.
import { describe, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { compileScenario, listShippedScenarios, loadScenario, SCENARIOS_DIR } from '../../src/index.js';
import {
  buildLessonJsonSchema,
  checkLessonClaim,
  formatClaimNumber,
  lessonSchema,
  lessonSettings,
  parseLesson,
  type Lesson,
  type LessonClaimResult,
  type LessonInput,
  type LessonScenarios,
} from '../../src/explore/lessons.js';
import { LessonError } from '../../src/explore/lesson-error.js';
import { ARM_A, ARM_B, armDifferences, buildExplorerDocument } from '../../src/explore/explorer-document.js';
import { countPersons, MAX_EXPLORER_PERSONS } from '../../src/explore/explorer-limits.js';
import type { ScenarioFile } from '../../src/scenario/schema.js';

const DIR = join(SCENARIOS_DIR, 'lessons');
const documents = new Map<string, ScenarioFile>();
const documentOf = (name: string): ScenarioFile => {
  if (!documents.has(name)) documents.set(name, loadScenario(name).document);
  return documents.get(name)!;
};
// The scenarios the explorer runs: the shipped ones small enough to watch live (as `cpi-sim explore` allows).
const SCENARIOS: LessonScenarios = { names: listShippedScenarios().filter((n) => countPersons(loadScenario(n).params) <= MAX_EXPLORER_PERSONS), documentOf };
const defaults = documentOf('base');
const read = (file: string): unknown => JSON.parse(readFileSync(join(DIR, file), 'utf8'));
const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();
const lessons = files.map((file) => ({ file, lesson: parseLesson(read(file), `scenarios/lessons/${file}`, SCENARIOS) }));
const claims = lessons.flatMap(({ file, lesson }) => lesson.steps.flatMap((step, index) => (step.claim ? [{ file, lesson, index }] : [])));

describe('the shipped lessons', () => {
  test('there are the three the issue asks for, each named after its file, 4 to 6 steps long', () => {
    expect(files).toEqual(['barriers-a-user-faces.json', 'barriers-workers-and-agencies-face.json', 'why-fidelity-matters.json']);
    for (const { file, lesson } of lessons) {
      expect(lesson.name).toBe(file.replace(/\.json$/, ''));
      expect(lesson.steps.length).toBeGreaterThanOrEqual(4);
      expect(lesson.steps.length).toBeLessThanOrEqual(6);
      expect((read(file) as { $schema?: string }).$schema).toBe('./lesson.schema.json');
    }
  });

  test('each makes at least two claims, every one on a step after the first', () => {
    for (const { lesson } of lessons) {
      expect(lesson.steps[0].claim).toBeUndefined();
      expect(lesson.steps.filter((s) => s.claim).length).toBeGreaterThanOrEqual(2);
    }
  });

  test.each(files)('every step of %s builds an explorer document with arms A and B; at the first step B is A, at a claim B differs', (file) => {
    const lesson = lessons.find((l) => l.file === file)!.lesson;
    const document = documentOf(lesson.scenario);
    lesson.steps.forEach((step, i) => {
      const settings = lessonSettings(lesson, i, document, defaults);
      const compiled = compileScenario([{ file: `${file} step ${i + 1}`, json: buildExplorerDocument(document, settings) }]);
      expect(compiled.arms.map((a) => a.name)).toEqual([ARM_A, ARM_B]);
      expect(compiled.baseline).toBe('shared');
      const differences = armDifferences(document, settings);
      if (i === 0) {
        expect(differences).toEqual([]);
        expect(compiled.arms[1].params).toEqual(compiled.arms[0].params);
      }
      if (step.claim) expect(differences.length, `step ${i + 1}`).toBeGreaterThan(0);
    });
  });

  test('a step applies on top of the previous one unless it starts from the scenario', () => {
    const lesson = lessons.find((l) => l.lesson.name === 'barriers-a-user-faces')!.lesson;
    const document = documentOf(lesson.scenario);
    // Step 3 keeps step 2's self-stigma and adds unhelpful attitudes; step 4 starts again from the scenario.
    expect(Object.keys(lessonSettings(lesson, 2, document).b).sort()).toEqual([
      'barriers.user.selfStigma.onsetRate',
      'barriers.user.selfStigma.resolutionRate',
      'barriers.user.unhelpfulAttitudes.onsetRate',
      'barriers.user.unhelpfulAttitudes.resolutionRate',
    ]);
    expect(Object.keys(lessonSettings(lesson, 3, document).b).some((p) => p.includes('selfStigma'))).toBe(false);
    const fidelity = lessons.find((l) => l.lesson.name === 'why-fidelity-matters')!.lesson;
    const low = lessonSettings(fidelity, 3, documentOf(fidelity.scenario));
    expect(low.a['agencies.fidelity.mean']).toBe(0.3);
    expect(low.b['agencies.fidelity.mean']).toBe(0.85);
  });

  test('scenarios/lessons/lesson.schema.json is what buildLessonJsonSchema returns, and accepts every shipped lesson', () => {
    const schema = read('lesson.schema.json');
    expect(schema).toEqual(JSON.parse(JSON.stringify(buildLessonJsonSchema())));
    const validate = new Ajv2020({ strict: false }).compile(schema as object);
    for (const file of files) expect(validate(read(file)), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(validate({ ...(read(files[0]) as object), steps: [] })).toBe(false);
  });
});

describe('checkLessonClaim', () => {
  // Each claim is run once, at the lesson's own settings and replicates; the opposite direction is judged from the same run.
  const results = new Map<string, LessonClaimResult>();
  const key = (file: string, index: number) => `${file} step ${index + 1}`;

  const byKey = new Map(claims.map((c) => [key(c.file, c.index), c]));

  test.each([...byKey.keys()])('the claim of %s holds: the sign claimed, and the interval of the paired differences excludes zero', (name) => {
    const { lesson, index } = byKey.get(name)!;
    const result = checkLessonClaim(lesson, index, documentOf(lesson.scenario), { defaults });
    results.set(name, result);
    const claim = lesson.steps[index].claim!;
    expect(result.replicates).toBe(lesson.replicates);
    expect(result.differences).toHaveLength(lesson.replicates);
    expect(result.holds, `${result.text} mean ${result.mean} [${result.low}, ${result.high}]`).toBe(true);
    if (claim.direction === 'lower') expect(result.high).toBeLessThan(0);
    else expect(result.low).toBeGreaterThan(0);
    expect(result.low).toBeLessThanOrEqual(result.mean);
    expect(result.mean).toBeLessThanOrEqual(result.high);
    expect(result.meanB - result.meanA).toBeCloseTo(result.mean, 9);
    if (claim.perPeople) {
      expect(result.framed!.mean).toBeCloseTo(result.mean * claim.perPeople, 9);
      expect(result.text).toContain(formatClaimNumber(result.framed!.mean));
    }
    expect(result.text).not.toContain('{n}');
  });

  test('the opposite of every shipped claim does not hold', () => {
    expect(results.size).toBe(claims.length);
    claims.forEach(({ file, lesson, index }, i) => {
      const result = results.get(key(file, index))!;
      const flipped = flipClaim(lesson, index);
      expect(flipped.steps[index].claim!.direction).not.toBe(lesson.steps[index].claim!.direction);
      // The first is run again reversed (the same paired differences, the other verdict); the rest are judged from their run.
      if (i === 0) {
        const again = checkLessonClaim(flipped, index, documentOf(lesson.scenario), { defaults });
        expect(again.differences).toEqual(result.differences);
        expect(again.holds).toBe(false);
      } else expect(flipped.steps[index].claim!.direction === 'lower' ? result.high < 0 : result.low > 0).toBe(false);
    });
  });

  test('a claim where arm B is arm A does not hold: every paired difference is exactly zero (common random numbers)', () => {
    const lesson = lessonSchema.parse({
      ...(read('why-fidelity-matters.json') as LessonInput),
      replicates: 3,
      steps: [{ title: 'same', narrative: 'same', question: 'q', lookAt: { view: 'chart', text: 't' }, claim: { measure: 'new_ties', direction: 'higher', text: '{n}' } }],
    });
    const r = checkLessonClaim(lesson, 0, documentOf(lesson.scenario));
    expect(r.differences).toEqual([0, 0, 0]);
    expect(r.holds).toBe(false);
  });

  test('the per-100 framing of a count divides by the service users', () => {
    const lesson = lessonSchema.parse({
      ...(read('why-fidelity-matters.json') as LessonInput),
      replicates: 3,
      steps: [
        {
          title: 'count',
          narrative: 'n',
          settings: { a: { 'intervention.enabled': false } },
          question: 'q',
          lookAt: { view: 'numbers', text: 't' },
          claim: { measure: 'engaged', direction: 'higher', perPeople: 100, text: '{n}' },
        },
      ],
    });
    const r = checkLessonClaim(lesson, 0, documentOf(lesson.scenario));
    const users = loadScenario(lesson.scenario).params.serviceUsers.referrals;
    expect(r.framed!.mean).toBeCloseTo((r.mean * 100) / users, 9);
  });

  test('a step without a claim, or replicates below two, is refused', () => {
    const { lesson } = lessons[0];
    expect(() => checkLessonClaim(lesson, 0, documentOf(lesson.scenario))).toThrow(/makes no claim/);
    expect(() => checkLessonClaim(lesson, 1, documentOf(lesson.scenario), { replicates: 1 })).toThrow(/at least 2/);
  });
});

describe('parseLesson refuses a malformed lesson', () => {
  const FILE = 'scenarios/lessons/broken.json';
  const base = read('barriers-a-user-faces.json') as LessonInput;
  const withStep = (i: number, change: Record<string, unknown>): unknown => ({ ...base, steps: base.steps.map((s, j) => (j === i ? { ...s, ...change } : s)) });
  const refusal = (json: unknown): LessonError => {
    try {
      parseLesson(json, FILE, SCENARIOS);
    } catch (e) {
      expect(e).toBeInstanceOf(LessonError);
      return e as LessonError;
    }
    throw new Error('the lesson was accepted');
  };

  test('an unknown parameter path, with the closest control suggested', () => {
    const e = refusal(withStep(1, { settings: { b: { 'barriers.user.selfStigm.onsetRate': 0.1 } } }));
    expect(e.message).toContain(FILE);
    expect(e.issues[0].path).toBe('steps.1.settings.b.barriers.user.selfStigm.onsetRate');
    expect(e.message).toContain('"barriers.user.selfStigm.onsetRate" is not allowed; did you mean "barriers.user.selfStigma.onsetRate"');
    expect(e.message).toContain('expected a parameter the explorer has a control for');
  });

  test('a value out of its control’s range, naming the range', () => {
    const e = refusal(withStep(1, { settings: { b: { 'barriers.user.selfStigma.onsetRate': 1.5 } } }));
    expect(e.message).toContain(FILE);
    expect(e.message).toContain('steps.1.settings.b.barriers.user.selfStigma.onsetRate: 1.5 is not allowed; out of range: allowed 0 to 1');
  });

  test('a yes/no control given a number, and a whole-number control given a fraction', () => {
    const e = refusal(withStep(1, { settings: { b: { 'barriers.user.selfStigma.enabled': 1, 'workers.caseloadCapacity': 12.5 } } }));
    expect(e.message).toContain('barriers.user.selfStigma.enabled: 1 is not allowed; expected yes or no');
    expect(e.message).toContain('workers.caseloadCapacity: 12.5 is not allowed; expected a whole number');
  });

  test('an unknown measure in a claim and in lookAt, listing what is allowed', () => {
    const e = refusal(withStep(1, { claim: { measure: 'new_tie', direction: 'lower', text: '{n}' }, lookAt: { view: 'chart', measure: 'friendships', text: 't' } }));
    expect(e.message).toContain(FILE);
    expect(e.message).toMatch(/steps\.1\.claim\.measure: "new_tie" is not allowed; did you mean "new_ties"\? expected one of "network_size"/);
    expect(e.message).toMatch(/steps\.1\.lookAt\.measure: "friendships" is not allowed; (did you mean "friend_ties"\? )?expected one of "network_size"/);
  });

  test('a measure the named view does not show', () => {
    const e = refusal(withStep(1, { lookAt: { view: 'chart', measure: 'agency_knowledge', text: 't' } }));
    expect(e.message).toContain('steps.1.lookAt.measure: "agency_knowledge" is not allowed with view "chart"; expected one it shows: new_ties');
  });

  test('arm B setting a control both arms share, and a step setting the seed', () => {
    const e = refusal(withStep(1, { settings: { b: { 'serviceUsers.referrals': 80 }, a: { seed: 3 } } }));
    expect(e.message).toContain(FILE);
    expect(e.message).toContain('steps.1.settings.b.serviceUsers.referrals: "serviceUsers.referrals" is not allowed in arm B: it shapes the population both arms share; set it in `a`');
    expect(e.message).toContain("steps.1.settings.a.seed: \"seed\" is not allowed in a step; the lesson's own `seed` sets it");
    // In `a` a shared control is allowed (both arms).
    expect(() => parseLesson(withStep(1, { settings: { a: { 'serviceUsers.referrals': 60 }, b: { 'barriers.user.selfStigma.onsetRate': 0.1 } } }), FILE, SCENARIOS)).not.toThrow();
  });

  test('a per-100 framing of a worker or agency figure, a week past the horizon, and a claim where B is A', () => {
    const e = refusal(withStep(1, { claim: { measure: 'agency_knowledge', direction: 'lower', perPeople: 100, week: 400, text: '{n}' } }));
    expect(e.message).toContain('steps.1.claim.perPeople: 100 is not allowed with "agency_knowledge"');
    expect(e.message).toContain('steps.1.claim.week: 400 is out of range: the lesson runs weeks 0 to 26');
    const same = refusal(withStep(0, { claim: { measure: 'new_ties', direction: 'lower', text: '{n}' } }));
    expect(same.message).toContain('steps.0.claim: arm B is the same as arm A at this step');
  });

  test('an unknown scenario, preset, view or field', () => {
    expect(refusal({ ...base, scenario: 'teaching-barrier' }).message).toContain('scenario: "teaching-barrier" is not allowed; did you mean "teaching-barriers"? expected one of the explorer\'s shipped scenarios: ');
    expect(refusal(withStep(1, { settings: { preset: { arm: 'b', id: 'no-barrier' } } })).message).toMatch(/steps\.1\.settings\.preset\.id: "no-barrier" is not allowed; did you mean "no-barriers"\?/);
    expect(refusal(withStep(1, { lookAt: { view: 'graph', text: 't' } })).message).toMatch(/steps\.1\.lookAt\.view: "graph" is not allowed; expected one of "chart", "numbers", "network"/);
    expect(refusal(withStep(1, { narative: 'x' })).message).toMatch(/steps\.1: unknown field "narative" \(did you mean "narrative"\?\)/);
  });
});

/** The lesson with one claim's direction reversed. */
function flipClaim(lesson: Lesson, index: number): Lesson {
  return {
    ...lesson,
    steps: lesson.steps.map((s, i) => (i === index ? { ...s, claim: { ...s.claim!, direction: s.claim!.direction === 'lower' ? ('higher' as const) : ('lower' as const) } } : s)),
  };
}
