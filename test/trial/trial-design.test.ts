// Trial design files (trial/trial-design.ts): the shipped designs in scenarios/trials/ parse, defaults are
// filled in, mistakes are reported with the field path, the bad value and what is allowed, and the JSON
// Schema shipped for editors is the one the code builds.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildTrialDesignJsonSchema, parseTrialDesign } from '../../src/trial/trial-design.js';
import { TrialError } from '../../src/trial/trial-error.js';

const DIR = new URL('../../scenarios/trials/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, DIR), 'utf8'));
const pilot = () => read('cpi-pilot.json') as Record<string, unknown>;

function issuesOf(json: unknown): Array<{ path: string; message: string }> {
  try {
    parseTrialDesign(json, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(TrialError);
    return [...(err as TrialError).issues];
  }
  throw new Error('expected a TrialError');
}

describe('trial design files', () => {
  test('every design in scenarios/trials/ parses', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
    expect(files).toContain('cpi-pilot.json');
    for (const f of files) expect(parseTrialDesign(read(f), f).name).toBe(f.slice(0, -5));
  });

  test('the pilot design says what the CPI pilot did: 155 referrals, 14 agencies, 39 weeks, 75.5% retained, rg_total by ANCOVA', () => {
    const d = parseTrialDesign(pilot());
    expect([d.scenario, d.arm, d.referrals, d.agencies, d.followUpTick]).toEqual(['pilot-england', 'high-fidelity', 155, 14, 39]);
    expect(d.retention).toEqual({ expected: 0.755, method: 'dropout-first' });
    expect(d.outcome).toEqual({ measure: 'rg_total', analysis: 'ancova' });
    expect(d.fidelity).toEqual({ measure: 'fidelity_rating', highCutoff: 0.75, assignment: 'rating' });
    expect(d.published?.partialEtaSquared).toBe(0.05);
  });

  test('omitted fidelity, analysis and alpha take their defaults', () => {
    const { fidelity: _f, alpha: _a, ...rest } = pilot();
    const d = parseTrialDesign({ ...rest, outcome: { measure: 'rg_total' }, wellbeing: {} });
    expect(d.fidelity).toEqual({ measure: 'fidelity_rating', assignment: 'rating' });
    expect(d.alpha).toBe(0.05);
    expect(d.outcome.analysis).toBe('ancova');
    expect(d.wellbeing).toEqual({ measure: 'wellbeing', analysis: 'paired-t' });
  });

  test('a misspelt field is named with a suggestion and the allowed fields', () => {
    const issues = issuesOf({ ...pilot(), retention: { expected: 0.755, method: 'fixed-count', expectd: 1 } });
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('retention');
    expect(issues[0].message).toMatch(/unknown field "expectd" \(did you mean "expected"\?\); allowed: expected, byArm, method/);
  });

  test('a bad measure, method and retention are each reported with path, value and what is allowed', () => {
    const issues = issuesOf({ ...pilot(), outcome: { measure: 'rg_totl' }, retention: { expected: 1.2, method: 'lottery' } });
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['outcome.measure']).toMatch(/"rg_totl" is not allowed; did you mean "rg_total"/);
    expect(byPath['retention.method']).toMatch(/"lottery" is not allowed; expected one of "bernoulli", "fixed-count", "dropout-first"/);
    expect(byPath['retention.expected']).toMatch(/1\.2 is out of range/);
  });

  test('the error message names the file', () => {
    expect(() => parseTrialDesign({ ...pilot(), referrals: 1 }, 'my-trial.json')).toThrow(/^my-trial\.json: invalid trial design \(1 problem\)\n {2}- referrals: 1 is out of range/);
  });

  test('scenarios/trials/trial-design.schema.json is what buildTrialDesignJsonSchema returns', () => {
    expect(read('trial-design.schema.json')).toEqual(buildTrialDesignJsonSchema());
  });
});
