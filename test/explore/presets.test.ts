// The explorer's presets (src/explore/presets.ts) are valid settings for every shipped scenario the explorer
// can run, in arm A and in arm B: the scenario compiles and the arm carries the preset's values; every
// value has a control, so the screen shows all a preset did; "typical" is the model's defaults.
import { describe, expect, test } from 'vitest';
import { compileScenario, listShippedScenarios, loadScenario } from '../../src/index.js';
import { PRESETS } from '../../src/explore/presets.js';
import { buildControlGroups, checkControlValue } from '../../src/explore/controls.js';
import { applyPresetValues, buildExplorerDocument, initialSettings } from '../../src/explore/explorer-document.js';
import { ExplorerRun } from '../../src/explore/explorer-run.js';
import { countPersons, MAX_EXPLORER_PERSONS } from '../../src/explore/explorer-limits.js';

const defaults = loadScenario('base').document;
const controls = new Map(buildControlGroups(defaults).flatMap((g) => g.controls).map((c) => [c.path, c]));
const get = (params: unknown, path: string) => path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], params);
const explorable = listShippedScenarios().filter((name) => countPersons(loadScenario(name).params) <= MAX_EXPLORER_PERSONS);

describe('PRESETS', () => {
  test('there are the four the issue asks for', () => {
    expect(PRESETS.map((p) => p.label)).toEqual(['No barriers', 'Typical', 'Under-resourced team', 'High fidelity']);
    for (const p of PRESETS) expect(p.description.length).toBeGreaterThan(20);
  });

  test('every value has a control an arm may change, and is allowed by it', () => {
    for (const preset of PRESETS) {
      const values = Object.entries(preset.values(defaults));
      expect(values.length, preset.id).toBeGreaterThan(0);
      for (const [path, value] of values) {
        const control = controls.get(path);
        expect(control, `${preset.id}: ${path}`).toBeDefined();
        expect(control!.shared, `${preset.id}: ${path}`).toBe(false);
        expect(checkControlValue(control!, value), `${preset.id}: ${path}`).toBeUndefined();
      }
    }
  });

  test('no barriers switches every barrier off; typical is the model’s default for every control an arm may change', () => {
    const none = PRESETS.find((p) => p.id === 'no-barriers')!.values(defaults);
    expect(Object.keys(none)).toHaveLength(13);
    expect(Object.values(none).every((v) => v === false)).toBe(true);
    const typical = PRESETS.find((p) => p.id === 'typical')!.values(defaults);
    const armControls = [...controls.values()].filter((c) => !c.shared);
    expect(Object.keys(typical).sort()).toEqual(armControls.map((c) => c.path).sort());
    for (const [path, value] of Object.entries(typical)) expect(value, path).toEqual(get(defaults.parameters, `${path}.value`));
  });

  test.each(explorable)('applied to arm A or to arm B, each preset gives a valid %s scenario whose arm carries its values', (name) => {
    expect(explorable).not.toContain('region');
    const scenario = loadScenario(name);
    const start = initialSettings(scenario);
    for (const preset of PRESETS) {
      const values = preset.values(defaults);
      for (const arm of ['a', 'b'] as const) {
        const settings = arm === 'a' ? { ...start, a: { ...start.a, ...values } } : { ...start, b: { ...start.b, ...values } };
        const compiled = compileScenario([{ file: `${name} + ${preset.id}`, json: buildExplorerDocument(scenario.document, settings) }]);
        const params = compiled.arms[arm === 'a' ? 0 : 1].params;
        for (const [path, value] of Object.entries(values)) expect(get(params, path), `${name} ${preset.id} ${arm} ${path}`).toEqual(value);
      }
    }
  });
});

describe('arms that start equal (issue 17)', () => {
  const scenario = loadScenario('teaching-barriers');
  const start = initialSettings(scenario);
  const week0 = (settings: ReturnType<typeof initialSettings>) => {
    const run = new ExplorerRun(compileScenario([{ file: '<explorer>', json: buildExplorerDocument(scenario.document, settings) }]));
    return { run, a: Array.from(run.row(0, 0)), b: Array.from(run.row(1, 0)), users: [Array.from(run.arms[0].baseline), Array.from(run.arms[1].baseline)] };
  };

  test('for every preset applied to B, A and B have identical measures at week 0, and the preset still acts from week 1', () => {
    let differedLater = 0;
    for (const preset of PRESETS) {
      const settings = applyPresetValues(scenario.document, start, 'b', preset.values(defaults));
      const w = week0(settings);
      expect(w.b, preset.id).toEqual(w.a);
      expect(w.users[1], preset.id).toEqual(w.users[0]);
      for (let t = 0; t < 12; t++) w.run.advance();
      if (JSON.stringify(Array.from(w.run.row(0, 12))) !== JSON.stringify(Array.from(w.run.row(1, 12)))) differedLater++;
    }
    // "Typical" may equal A exactly; the others change what B does.
    expect(differedLater).toBeGreaterThanOrEqual(PRESETS.length - 1);
  });

  test('asked for explicitly, each arm draws its own starting barriers: B with no barriers then starts with fewer', () => {
    const none = applyPresetValues(scenario.document, start, 'b', PRESETS.find((p) => p.id === 'no-barriers')!.values(defaults));
    const w = week0({ ...none, baseline: 'per-arm' });
    const m = w.run.measures.indexOf('active_barriers');
    expect(w.b[m]).toBeLessThan(w.a[m]);
  });

  test('a preset on B is "A plus this change": under-resourced after no-barriers leaves B\'s barriers as A has them', () => {
    const none = applyPresetValues(scenario.document, start, 'b', PRESETS.find((p) => p.id === 'no-barriers')!.values(defaults));
    const under = PRESETS.find((p) => p.id === 'under-resourced')!.values(defaults);
    const next = applyPresetValues(scenario.document, none, 'b', under);
    for (const path of Object.keys(next.b)) expect(under, path).toHaveProperty([path]);
    expect(Object.keys(next.b).some((p) => p.endsWith('.enabled') && next.b[p] === false && !(p in under))).toBe(false);
    // Applied to A, a preset keeps B's own differences.
    const onA = applyPresetValues(scenario.document, none, 'a', PRESETS.find((p) => p.id === 'high-fidelity')!.values(defaults));
    expect(onA.b).toEqual(none.b);
  });
});
