// Targets and free-parameters files (calibrate/targets-file.ts, free-parameters-file.ts, load-calibration.ts):
// the shipped ones load against the pilot scenario and match their JSON Schemas; bad files are refused with
// messages that name the file, the field, the bad value and what is allowed.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { buildTargetsJsonSchema, parseTargetsFile } from '../../src/calibrate/targets-file.js';
import { buildFreeParametersJsonSchema, parseFreeParametersFile } from '../../src/calibrate/free-parameters-file.js';
import { loadCalibration } from '../../src/calibrate/load-calibration.js';
import { CalibrationError } from '../../src/calibrate/calibration-error.js';

const TARGETS_DIR = fileURLToPath(new URL('../../scenarios/targets/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const pilotTargets = () => read(join(TARGETS_DIR, 'cpi-pilot.json'));
const pilotFree = () => read(join(TARGETS_DIR, 'cpi-pilot.free.json'));

/** The CalibrationError's message for a targets file, or '' if it parses. */
const targetsMessage = (json: unknown): string => {
  try {
    parseTargetsFile(json, 'my-targets.json');
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(CalibrationError);
    return (err as Error).message;
  }
};
const freeMessage = (json: unknown): string => {
  try {
    parseFreeParametersFile(json, 'my.free.json');
    return '';
  } catch (err) {
    expect(err).toBeInstanceOf(CalibrationError);
    return (err as Error).message;
  }
};

describe('the shipped CPI pilot targets and free parameters', () => {
  test('they load against pilot-england with the cpi-pilot trial design', () => {
    const c = loadCalibration('pilot-england', join(TARGETS_DIR, 'cpi-pilot.json'), join(TARGETS_DIR, 'cpi-pilot.free.json'));
    expect(c.design.name).toBe('cpi-pilot');
    expect(c.design.scenario).toBe('pilot-england');
    expect(c.targets.targets.map((t) => t.name)).toEqual([
      'retained',
      'high-fidelity-share',
      'partial-eta-squared',
      'baseline-network-size',
      'baseline-friend-ties',
      'baseline-family-share',
      'new-tie-annual-loss',
      'inner-circle-annual-loss',
    ]);
    // The published figures as the issue gives them.
    const value = Object.fromEntries(c.targets.targets.map((t) => [t.name, t.value]));
    expect(value.retained).toBeCloseTo(117 / 155, 3);
    expect(value['high-fidelity-share']).toBeCloseTo(30 / 117, 3);
    expect(value['partial-eta-squared']).toBe(0.05);
    expect(value['baseline-network-size']).toBe(11.7);
    expect(c.priors.length).toBeGreaterThanOrEqual(4);
    expect(c.priors.length).toBeLessThanOrEqual(8);
    for (const t of c.targets.targets) expect(t.source.length).toBeGreaterThan(10);
  });

  test('the shipped JSON Schemas are the ones the code builds, and accept the shipped files', () => {
    const targetsSchema = read(join(TARGETS_DIR, 'targets.schema.json'));
    const freeSchema = read(join(TARGETS_DIR, 'free-parameters.schema.json'));
    // Regenerate after a change: npm run build, then write buildTargetsJsonSchema() / buildFreeParametersJsonSchema() from dist/calibrate/.
    expect(targetsSchema).toEqual(JSON.parse(JSON.stringify(buildTargetsJsonSchema())));
    expect(freeSchema).toEqual(JSON.parse(JSON.stringify(buildFreeParametersJsonSchema())));
    const ajv = new Ajv2020({ strict: false });
    const vt = ajv.compile(targetsSchema);
    const vf = ajv.compile(freeSchema);
    expect(vt(pilotTargets()), JSON.stringify(vt.errors)).toBe(true);
    expect(vf(pilotFree()), JSON.stringify(vf.errors)).toBe(true);
    expect(vt({ ...pilotTargets(), targets: [] })).toBe(false);
  });
});

describe('bad targets files are refused with clear messages', () => {
  test('an unknown field, with a suggestion', () => {
    const json = pilotTargets();
    (json.targets as Array<Record<string, unknown>>)[0] = { ...(json.targets as Array<Record<string, unknown>>)[0], scael: 1 };
    const m = targetsMessage(json);
    expect(m).toContain('my-targets.json');
    expect(m).toContain('targets.0');
    expect(m).toContain('"scael" (did you mean "scale"?)');
  });

  test('a scale that is not positive', () => {
    const json = pilotTargets();
    (json.targets as Array<Record<string, unknown>>)[2].scale = 0;
    const m = targetsMessage(json);
    expect(m).toMatch(/targets\.2\.scale: 0 is out of range: >0/);
  });

  test('an unknown statistic type and an unknown measure', () => {
    const json = pilotTargets();
    const ts = json.targets as Array<Record<string, unknown>>;
    ts[0].statistic = { type: 'share-dropped' };
    expect(targetsMessage(json)).toContain('targets.0.statistic.type');
    ts[0].statistic = { type: 'group-measure', measure: 'netwrk_size' };
    const m = targetsMessage(json);
    expect(m).toContain('targets.0.statistic.measure: "netwrk_size" is not allowed; did you mean "network_size"?');
  });

  test('two targets with one name', () => {
    const json = pilotTargets();
    const ts = json.targets as Array<Record<string, unknown>>;
    ts[1].name = ts[0].name;
    expect(targetsMessage(json)).toContain('targets.1.name: "retained" is not allowed; another target has this name');
  });

  test('a group the design does not have, and a tick after follow-up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpi-targets-'));
    const json = read(join(FIXTURES, 'teaching-targets.json'));
    json.trial = join(FIXTURES, 'teaching-design.json');
    (json.targets as Array<Record<string, unknown>>)[3].statistic = { type: 'group-measure', measure: 'network_size', group: 'agency-07', tick: 30 };
    writeFileSync(join(dir, 't.json'), JSON.stringify(json));
    expect(() => loadCalibration('teaching-barriers', join(dir, 't.json'), join(FIXTURES, 'teaching.free.json'))).toThrowError(
      /targets\.3\.statistic\.group: "agency-07" is not allowed[^\n]*agency-02[\s\S]*targets\.3\.statistic\.tick: 30 is out of range: the study ends at follow-up, tick 26/,
    );
  });
});

describe('bad free-parameters files are refused with clear messages', () => {
  test('a prior whose high is not above its low, and a log-uniform prior reaching zero', () => {
    const json = pilotFree();
    const ps = json.parameters as Array<Record<string, unknown>>;
    ps[1].prior = { distribution: 'uniform', low: 3, high: 2 };
    ps[0].prior = { distribution: 'log-uniform', low: 0, high: 0.03 };
    const m = freeMessage(json);
    expect(m).toContain('my.free.json: invalid free parameters file (2 problems)');
    expect(m).toContain('parameters.1.prior.high: 2 is not allowed; expected a number above low (3)');
    expect(m).toContain('parameters.0.prior.low: 0 is not allowed; a log-uniform prior needs low > 0');
  });

  test('an unknown distribution, with a suggestion', () => {
    const json = pilotFree();
    (json.parameters as Array<Record<string, unknown>>)[0].prior = { distribution: 'loguniform', low: 0.001, high: 0.03 };
    expect(freeMessage(json)).toContain('parameters.0.prior.distribution: "loguniform" is not allowed; did you mean "log-uniform" or "uniform"? expected one of "uniform", "log-uniform"');
  });

  test('an unknown path, an integer parameter and a prior outside the declared range, checked against the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpi-free-'));
    const json = pilotFree();
    json.parameters = [
      { path: 'flows.disengagmentRate', prior: { low: 0.001, high: 0.01 } },
      { path: 'flows.dropoutAfterWeeks', prior: { low: 4, high: 20 } },
      { path: 'ties.decayWeak', prior: { low: 0.02, high: 1.5 } },
    ];
    writeFileSync(join(dir, 'f.json'), JSON.stringify(json));
    let message = '';
    try {
      loadCalibration('pilot-england', join(TARGETS_DIR, 'cpi-pilot.json'), join(dir, 'f.json'));
    } catch (err) {
      expect(err).toBeInstanceOf(CalibrationError);
      message = (err as Error).message;
    }
    expect(message).toContain(join(dir, 'f.json'));
    expect(message).toContain('parameters.0.path: unknown parameter "flows.disengagmentRate"; did you mean "flows.disengagementRate"?');
    expect(message).toContain('parameters.1.path: "flows.dropoutAfterWeeks" is not allowed; expected a real-valued parameter');
    expect(message).toContain("parameters.2.prior: [0.02, 1.5] is not allowed; the prior must lie within ties.decayWeak's declared range [0, 1]");
  });

  test('a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpi-free-'));
    writeFileSync(join(dir, 'f.json'), '{ "name": ');
    expect(() => loadCalibration('pilot-england', join(TARGETS_DIR, 'cpi-pilot.json'), join(dir, 'f.json'))).toThrowError(/f\.json: not valid JSON/);
  });
});
