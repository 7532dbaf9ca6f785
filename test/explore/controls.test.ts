// The explorer's controls come from the parameter declarations (src/explore/controls.ts): every barrier's
// on/off, rates and prevalence for service users and for workers, fidelity, caseload, turnover, skill
// sharing, horizon and seed; labels, units, ranges and sources as scenarios/base.json declares them; the
// controls arms may not change are exactly those compile.ts refuses in an arm.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { compileScenario, loadScenario, USER_BARRIERS, WORKER_BARRIERS, PARAMETERS } from '../../src/index.js';
import { leafAt, type Group, type NumberLeaf } from '../../src/scenario/spec.js';
import {
  BARRIER_FIELDS,
  BARRIER_LABELS,
  buildControlGroups,
  checkControlValue,
  controlLabel,
  describeControl,
  SLIDER_POSITIONS,
  sliderPosition,
  sliderValue,
  stepFor,
  roundToStep,
  type ParameterControl,
} from '../../src/explore/controls.js';

const baseJson = JSON.parse(readFileSync(new URL('../../scenarios/base.json', import.meta.url), 'utf8')) as { parameters: Record<string, unknown> };
const base = loadScenario('base');
const groups = buildControlGroups(base.document);
const controls = groups.flatMap((g) => g.controls);
const byPath = new Map(controls.map((c) => [c.path, c]));
const leafOf = (path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], baseJson.parameters) as { value: unknown; unit?: string; range?: number[]; source: string };

describe('buildControlGroups', () => {
  test('every barrier has its on/off, onset rate, resolution rate, prevalence and scale, grouped by service user and by worker and agency', () => {
    const user = groups.find((g) => g.id === 'user-barriers')!;
    const worker = groups.find((g) => g.id === 'worker-barriers')!;
    expect(user.title).toBe('Barriers: service user');
    expect(worker.title).toBe('Barriers: worker and agency');
    expect(user.controls.map((c) => c.path)).toEqual(USER_BARRIERS.flatMap((b) => BARRIER_FIELDS.map(([f]) => `barriers.user.${b}.${f}`)));
    expect(worker.controls.map((c) => c.path)).toEqual(WORKER_BARRIERS.flatMap((b) => BARRIER_FIELDS.map(([f]) => `barriers.worker.${b}.${f}`)));
    expect(USER_BARRIERS.length + WORKER_BARRIERS.length).toBe(13);
  });

  test('fidelity, skill sharing, caseload, turnover, the horizon and the seed have controls', () => {
    for (const path of ['agencies.fidelity.mean', 'agencies.skillSharing.mean', 'workers.caseloadCapacity', 'workers.turnoverRate', 'intervention.enabled', 'ticks', 'seed'])
      expect(byPath.has(path), path).toBe(true);
    expect(byPath.get('ticks')!.unit).toBe('weeks');
    expect(byPath.get('ticks')!.value).toBe(base.ticks);
    expect(byPath.get('seed')!.value).toBe(base.seed);
  });

  test('units, ranges, values and sources are the ones scenarios/base.json declares, and descriptions the declarations’ own text', () => {
    const parameters = controls.filter((c) => c.path !== 'seed' && c.path !== 'ticks');
    expect(parameters.length).toBe(13 * 5 + 9);
    for (const c of parameters) {
      const leaf = leafOf(c.path);
      expect(c.value, c.path).toEqual(leaf.value);
      expect(c.source, c.path).toBe(leaf.source);
      expect(c.source.length, c.path).toBeGreaterThan(0);
      expect(c.description, c.path).toBe(leafAt(PARAMETERS as unknown as Group, c.path)!.doc);
      if (c.kind === 'number') {
        expect(c.unit, c.path).toBe(leaf.unit);
        expect(c.range, c.path).toEqual(leaf.range);
        expect(c.integer, c.path).toBe((leafAt(PARAMETERS as unknown as Group, c.path) as NumberLeaf).integer);
      } else expect(typeof c.value, c.path).toBe('boolean');
    }
    expect(byPath.get('barriers.user.selfStigma.onsetRate')).toMatchObject({ unit: 'probability per week', range: [0, 1], value: 0.01, source: 'assumed' });
    expect(byPath.get('agencies.fidelity.mean')!.source).toContain('Webber et al. 2019');
  });

  test('values come from the scenario given: a scenario that changes a value shows its value and source', () => {
    const pilot = buildControlGroups(loadScenario('knowledge-turnover').document).flatMap((g) => g.controls);
    const turnover = pilot.find((c) => c.path === 'workers.turnoverRate')!;
    expect(turnover.value).toBe(0.03);
    expect(turnover.source).toBe('assumed for the example: about 80% a year');
  });

  test('every barrier and field has a label in the paper’s words', () => {
    for (const b of USER_BARRIERS) expect(BARRIER_LABELS[`user.${b}`]).toBeTruthy();
    for (const b of WORKER_BARRIERS) expect(BARRIER_LABELS[`worker.${b}`]).toBeTruthy();
    expect(controlLabel('barriers.user.selfStigma.onsetRate')).toBe('Self-stigma: onset rate');
    expect(controlLabel('barriers.worker.insufficientTime.enabled')).toBe('Insufficient time or resources (caseload): switched on');
    expect(controlLabel('workers.turnoverRate')).toBe('Worker turnover');
    expect(controlLabel('agencies.fidelity.sd')).toBe('agencies.fidelity.sd');
    for (const c of controls) expect(c.label, c.path).not.toBe(c.path);
  });

  test('the controls marked shared are exactly those an arm may not set, and the others an arm may set', () => {
    const shared = controls.filter((c) => c.shared).map((c) => c.path);
    expect(shared.sort()).toEqual(['agencies.count', 'agencies.workersPerAgency', 'seed', 'serviceUsers.referrals', 'ticks']);
    const armWith = (path: string, value: unknown) => () =>
      compileScenario([{ file: 'test', json: { ...base.document, arms: [{ name: 'a', set: {} }, { name: 'b', set: { [path]: value } }] } }]);
    for (const c of controls) {
      const other = c.kind === 'boolean' ? !c.value : c.value === c.range[1] ? c.range[0] : c.range[1];
      if (c.shared) expect(armWith(c.path, other), c.path).toThrow(c.path === 'seed' || c.path === 'ticks' ? 'arms share the seed and the horizon' : 'arms share one population');
      else expect(armWith(c.path, other), c.path).not.toThrow();
    }
    expect(controls.filter((c) => c.shared).every((c) => c.widget === 'number')).toBe(true);
  });

  test('describeControl gives the meaning, unit, range and source, and says when a control applies to both arms', () => {
    const text = describeControl(byPath.get('barriers.user.poorAccess.onsetRate')!);
    expect(text).toContain('Weekly probability that the barrier switches on');
    expect(text).toContain('Unit: probability per week. Range: 0 to 1.');
    expect(text).toContain('Source: assumed.');
    expect(text).not.toContain('both arms');
    expect(describeControl(byPath.get('serviceUsers.referrals')!)).toContain('Applies to both arms');
  });
});

describe('sliders and typed values', () => {
  const rate = byPath.get('barriers.user.selfStigma.onsetRate')!;
  const caseload = byPath.get('workers.caseloadCapacity')!;
  const fidelity = byPath.get('agencies.fidelity.mean')!;

  test('a rate low in a wide range gets a quadratic slider; a mid-range value a linear one', () => {
    expect(rate.scale).toBe('quadratic');
    expect(fidelity.scale).toBe('linear');
    // 0.01 sits a tenth of the way along a quadratic slider instead of a hundredth.
    expect(sliderPosition(rate, 0.01)).toBe(100);
    expect(sliderPosition(fidelity, 0.55)).toBe(550);
  });

  test('slider positions and values round-trip at every position, within the range and on the step', () => {
    for (const c of [rate, caseload, fidelity] as ParameterControl[]) {
      expect(sliderValue(c, 0)).toBe(c.range[0]);
      expect(sliderValue(c, SLIDER_POSITIONS)).toBe(c.range[1]);
      for (let p = 0; p <= SLIDER_POSITIONS; p += 37) {
        const v = sliderValue(c, p);
        expect(v).toBeGreaterThanOrEqual(c.range[0]);
        expect(v).toBeLessThanOrEqual(c.range[1]);
        expect(Math.abs(v / c.step - Math.round(v / c.step))).toBeLessThan(1e-9);
        expect(sliderValue(c, sliderPosition(c, v))).toBe(v);
      }
    }
    expect(sliderValue(caseload, 500)).toBe(Math.round(1 + 0.25 * 99));
  });

  test('steps are about a thousandth of the range, whole for integers, and rounding leaves no binary noise', () => {
    expect(stepFor([0, 1], false)).toBe(0.001);
    expect(stepFor([0, 60], false)).toBe(0.01);
    expect(stepFor([1, 100], true)).toBe(1);
    expect(roundToStep(0.1 + 0.2, 0.001)).toBe(0.3);
    expect(String(roundToStep(0.30000000000000004, 0.01))).toBe('0.3');
  });

  test('checkControlValue accepts values in range and names the problem otherwise', () => {
    expect(checkControlValue(rate, 0.5)).toBeUndefined();
    expect(checkControlValue(rate, 1.5)).toBe('out of range: allowed 0 to 1 probability per week');
    expect(checkControlValue(rate, NaN)).toBe('expected a number');
    expect(checkControlValue(caseload, 2.5)).toBe('expected a whole number');
    expect(checkControlValue(byPath.get('intervention.enabled')!, 1)).toBe('expected yes or no');
  });
});
