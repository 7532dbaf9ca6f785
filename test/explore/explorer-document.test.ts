// The scenario file behind the explorer's screen (src/explore/explorer-document.ts): the settings that
// show a scenario's first two arms reproduce those arms exactly; the exported file compiles back to the
// same scenario, and `cpi-sim run` on it (the library path: loadScenario + runScenario) gives the numbers
// the page's stepper gives; arm B may not change what shapes the shared population.
import { afterAll, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, loadScenario, runScenario, ScenarioError } from '../../src/index.js';
import {
  ARM_A,
  ARM_B,
  armDifferences,
  buildExplorerDocument,
  describeArmA,
  describeArmB,
  documentValue,
  explorerFileName,
  initialSettings,
  valueInA,
  valueInB,
  withValues,
  type ExplorerSettings,
} from '../../src/explore/explorer-document.js';
import { ExplorerRun } from '../../src/explore/explorer-run.js';

const dir = mkdtempSync(join(tmpdir(), 'cpi-sim-explorer-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const compileDoc = (json: unknown) => compileScenario([{ file: 'explorer test', json }]);

describe('initialSettings', () => {
  test.each(['pilot-england', 'teaching-barriers', 'knowledge-turnover', 'base'])('for %s, arm A and arm B are the scenario’s first two arms, parameter for parameter', (name) => {
    const scenario = loadScenario(name);
    const settings = initialSettings(scenario);
    const compiled = compileDoc(buildExplorerDocument(scenario.document, settings));
    expect(compiled.arms.map((a) => a.name)).toEqual([ARM_A, ARM_B]);
    expect(compiled.arms[0].params).toEqual(scenario.arms[0].params);
    expect(compiled.arms[1].params).toEqual(scenario.arms[1].params);
    expect(compiled.seed).toBe(scenario.seed);
    expect(compiled.ticks).toBe(scenario.ticks);
  });

  test('pilot-england opens with A at high fidelity and B at low fidelity', () => {
    const settings = initialSettings(loadScenario('pilot-england'));
    expect(settings.a).toEqual({ 'agencies.fidelity.mean': 0.85, 'agencies.fidelity.sd': 0.05 });
    expect(settings.b).toEqual({ 'agencies.fidelity.mean': 0.35, 'agencies.fidelity.sd': 0.1 });
  });

  test('a one-arm scenario opens with two identical arms', () => {
    const scenario = loadScenario('region');
    const settings = initialSettings(scenario);
    expect(settings.b).toEqual({});
    expect(describeArmB(scenario.document, settings)).toContain('the same as arm A');
  });

  test('where the first arm sets what the second does not, B gets the scenario’s value back', () => {
    const scenario = compileDoc({
      ...loadScenario('teaching-barriers').document,
      arms: [
        { name: 'first', set: { 'workers.turnoverRate': 0.05, 'barriers.user.selfStigma.effects.tieFormation': 0.9 } },
        { name: 'second', set: { 'agencies.fidelity.mean': 0.9 } },
      ],
    });
    const settings = initialSettings(scenario);
    expect(settings.b).toEqual({ 'agencies.fidelity.mean': 0.9, 'workers.turnoverRate': 0.005, 'barriers.user.selfStigma.effects.tieFormation': 0.3 });
    const compiled = compileDoc(buildExplorerDocument(scenario.document, settings));
    expect(compiled.arms[0].params).toEqual(scenario.arms[0].params);
    expect(compiled.arms[1].params).toEqual(scenario.arms[1].params);
  });
});

describe('buildExplorerDocument', () => {
  const scenario = loadScenario('teaching-barriers');
  const settings: ExplorerSettings = {
    seed: 11,
    ticks: 9,
    a: { 'agencies.fidelity.mean': 0.8, 'serviceUsers.referrals': 30, 'barriers.user.poorAccess.enabled': false },
    b: { 'barriers.user.selfStigma.onsetRate': 0.2, 'workers.caseloadCapacity': 4 },
  };
  const document = buildExplorerDocument(scenario.document, settings);

  test('A’s values, the seed and the horizon go into the whole scenario, B’s into arm B', () => {
    const compiled = compileDoc(document);
    expect(compiled.seed).toBe(11);
    expect(compiled.ticks).toBe(9);
    expect(compiled.params.agencies.fidelity.mean).toBe(0.8);
    expect(compiled.params.serviceUsers.referrals).toBe(30);
    expect(compiled.arms[0].params.barriers.user.poorAccess.enabled).toBe(false);
    expect(compiled.arms[1].params.barriers.user.poorAccess.enabled).toBe(false);
    expect(compiled.arms[0].params.barriers.user.selfStigma.onsetRate).toBe(0.01);
    expect(compiled.arms[1].params.barriers.user.selfStigma.onsetRate).toBe(0.2);
    expect(compiled.arms[1].params.workers.caseloadCapacity).toBe(4);
    expect(compiled.arms[1].set).toEqual(settings.b);
    expect(compiled.arms[0].set).toEqual({});
    expect(document.name).toBe('teaching-barriers-explorer');
    expect(explorerFileName(document, settings)).toBe('teaching-barriers-explorer-seed-11.json');
  });

  test('changed values say they were set by the explorer; unchanged ones keep their sources', () => {
    const p = document.parameters as unknown as Record<string, Record<string, Record<string, { source: string }>>>;
    expect(p.agencies.fidelity.mean.source).toBe('set by the explorer');
    expect((p.population.localities as unknown as { source: string }).source).toBe('teaching example: small on purpose');
    expect(p.workers.turnoverRate as unknown as { source: string }).toMatchObject({ source: expect.stringContaining('turnover') });
  });

  test('the file compiles back to the same scenario, and running it as `cpi-sim run` does gives the stepper’s numbers', () => {
    const file = join(dir, explorerFileName(document, settings));
    writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
    const fromFile = loadScenario(file);
    const direct = compileDoc(document);
    expect(fromFile.arms.map((a) => a.params)).toEqual(direct.arms.map((a) => a.params));
    const cli = runScenario(fromFile, { seed: settings.seed });
    const page = new ExplorerRun(direct);
    while (page.advance());
    cli.arms.forEach((arm, i) => {
      expect(bytes(page.arms[i].series).equals(bytes(arm.series)), arm.name).toBe(true);
      expect(bytes(page.arms[i].current).equals(bytes(arm.final)), arm.name).toBe(true);
    });
    // The barrier raised in arm B shows in the numbers: fewer new ties than arm A.
    expect(page.value(1, 9, 'active_barriers')).toBeGreaterThan(page.value(0, 9, 'active_barriers'));
  });

  test('exporting an exported scenario keeps its name and title', () => {
    const again = buildExplorerDocument(document, { ...settings, a: {}, b: {} });
    expect(again.name).toBe(document.name);
    expect(again.title).toBe(document.title);
  });

  test('arm B may not change what shapes the shared population: the document is refused, naming the path', () => {
    for (const path of ['serviceUsers.referrals', 'agencies.count', 'population.localities']) {
      const bad = { ...settings, b: { [path]: 3 } };
      expect(() => buildExplorerDocument(scenario.document, bad), path).toThrow(ScenarioError);
      expect(() => buildExplorerDocument(scenario.document, bad), path).toThrow(`arms share one population, and "${path}" shapes it`);
    }
  });

  test('values out of range are refused with the parameter’s range', () => {
    expect(() => buildExplorerDocument(scenario.document, { ...settings, a: { 'workers.turnoverRate': 2 } })).toThrow('out of range; allowed: [0, 1]');
    expect(() => buildExplorerDocument(scenario.document, { ...settings, b: { 'workers.turnoverRate': -1 } })).toThrow('out of range');
  });
});

describe('reading and describing the settings', () => {
  const scenario = loadScenario('teaching-barriers');
  const settings: ExplorerSettings = { seed: 1, ticks: 5, a: { 'workers.turnoverRate': 0.02 }, b: { 'workers.turnoverRate': 0.02, 'barriers.user.poorAccess.enabled': false } };

  test('B follows A where it has no value of its own', () => {
    expect(valueInA(scenario.document, settings, 'workers.turnoverRate')).toBe(0.02);
    expect(valueInB(scenario.document, settings, 'workers.caseloadCapacity')).toBe(10);
    expect(valueInB(scenario.document, settings, 'barriers.user.poorAccess.enabled')).toBe(false);
    expect(valueInA(scenario.document, settings, 'ticks')).toBe(5);
    expect(documentValue(scenario.document, 'barriers.user.selfStigma.effects.tieFormation')).toBe(0.3);
    expect(documentValue(scenario.document, 'barriers.user.selfStigma.effects.intake')).toBe(0);
  });

  test('the summaries list what differs, in words', () => {
    expect(armDifferences(scenario.document, settings).map((d) => d.path)).toEqual(['barriers.user.poorAccess.enabled']);
    expect(describeArmB(scenario.document, settings)).toBe('arm A with Poor access (transport, cost, distance): switched on off (A: on)');
    expect(describeArmA(scenario.document, settings)).toBe('the scenario with Worker turnover 0.02 (scenario: 0.005)');
    expect(describeArmA(scenario.document, { ...settings, a: {} })).toBe('the scenario as it is');
  });
});

describe('withValues', () => {
  const doc = loadScenario('teaching-barriers').document;
  const start: ExplorerSettings = { seed: 7, ticks: 26, a: {}, b: {} };

  test('sets A’s values, dropping those equal to the scenario’s', () => {
    const s = withValues(doc, start, 'a', { 'workers.turnoverRate': 0.02, 'workers.caseloadCapacity': 10 });
    expect(s.a).toEqual({ 'workers.turnoverRate': 0.02 });
    expect(withValues(doc, s, 'a', { 'workers.turnoverRate': 0.005 }).a).toEqual({});
  });

  test('sets B’s own values, dropping those equal to A’s (B follows A again), and undefined', () => {
    const a = withValues(doc, start, 'a', { 'workers.turnoverRate': 0.02 });
    const b = withValues(doc, a, 'b', { 'workers.turnoverRate': 0.05, 'barriers.user.poorAccess.enabled': false });
    expect(b.b).toEqual({ 'workers.turnoverRate': 0.05, 'barriers.user.poorAccess.enabled': false });
    expect(withValues(doc, b, 'b', { 'workers.turnoverRate': 0.02 }).b).toEqual({ 'barriers.user.poorAccess.enabled': false });
    expect(withValues(doc, b, 'b', { 'barriers.user.poorAccess.enabled': undefined }).b).toEqual({ 'workers.turnoverRate': 0.05 });
    // The earlier settings are not changed.
    expect(a.b).toEqual({});
  });

  test('seed and horizon are set for both arms', () => {
    expect(withValues(doc, start, 'a', { seed: 99, ticks: 10 })).toMatchObject({ seed: 99, ticks: 10, a: {}, b: {} });
  });
});
