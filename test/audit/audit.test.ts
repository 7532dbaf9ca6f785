// A fast audit of a tiny scenario (teaching-barriers for 15 weeks), through the library and the `cpi-sim`
// command: a parameter that acts as declared; deliberately broken declarations caught (the opposite sign →
// contradicts; a parameter the engine ignores in 15 weeks → dead); the plan's ends for every kind of
// parameter; bad input (unknown scenario, an undeclared parameter, a range that cannot be run, an accepted
// parameter that does not exist) named with nothing written; the scenario's `accepted` section turning exit
// 3 into 0; and an audit killed mid-way and run again giving the same audit.csv as an uninterrupted one.
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/load.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import type { ParameterRole } from '../../src/scenario/role-spec.js';
import { auditedArm, planAudit, type RoleOf } from '../../src/audit/plan-audit.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { AuditError } from '../../src/audit/audit-error.js';
import { parameterRole } from '../../src/scenario/roles.js';
import { roleLookup } from '../../src/cli/audit-command.js';
import { createCli } from '../support/cli.js';
import { tempDir } from '../sweep/sweep-fixture.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tiny = join(fixtures, 'tiny-audit.json');
const root = tempDir('audit');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = createCli(root);
const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));

const mechanism = (moves: Record<string, 'up' | 'down' | 'either'>): ParameterRole => ({ role: 'mechanism', moves, because: 'test', source: 'test' });
/** A role table of a few hand-made declarations, the rest as shipped. */
const withRoles = (own: Record<string, ParameterRole>): RoleOf => (path) => own[path] ?? roleLookup(parameterRole)(path);

describe('the audit plan', () => {
  const scenario = loadScenario(tiny);
  const plan = planAudit(scenario, roleLookup(parameterRole));
  const byPath = new Map(plan.factors.map((f) => [f.path, f]));

  test('lists every parameter of the scenario, barrier effects key by key, in the CPI arm by default', () => {
    expect(plan.arm).toBe('with-barriers');
    expect(auditedArm(loadScenario('pilot-england')).name).toBe('high-fidelity');
    expect(byPath.has('barriers.user.selfStigma.effects.tieFormation')).toBe(true);
    expect(byPath.has('barriers.user.selfStigma.effects')).toBe(false);
    expect(plan.factors.length).toBeGreaterThan(200);
  });

  test('takes ranges to their ends, booleans and choices to their other values, sizes to ×½ and ×2 within the range', () => {
    expect(byPath.get('attendance.tieFormationRate')!.ends.map((e) => [e.end, e.value])).toEqual([['low', 0], ['high', 1]]);
    expect(byPath.get('barriers.user.poorAccess.enabled')!.ends.map((e) => [e.end, e.value, e.direction])).toEqual([['false', false, -1]]);
    expect(byPath.get('partnership.momentumCoupling')!.ends.map((e) => e.value)).toEqual(['product', 'minimum']);
    // teaching-barriers: 4 localities, 2 per agency; the population.localities range starts at 1.
    expect(byPath.get('population.localities')!.ends.map((e) => [e.end, e.value])).toEqual([['half', 2], ['double', 8]]);
    // An end equal to the arm's value is not run again (teaching-barriers sets observe.wholeNetworkEvery to its low end, 0).
    expect(byPath.get('observe.wholeNetworkEvery')!.ends.map((e) => e.end)).toEqual(['high']);
  });

  test('names every parameter without a declared role, and an unknown arm', () => {
    const partial: RoleOf = (path) => (path.startsWith('peerWorkers.') ? undefined : roleLookup(parameterRole)(path));
    let err: unknown;
    try {
      planAudit(scenario, partial);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuditError);
    expect((err as AuditError).issues.map((i) => i.path)).toContain('peerWorkers.canDo.sd');
    expect((err as AuditError).message).toMatch(/peerWorkers\.rate: has no declared role/);
    expect(() => planAudit(scenario, roleLookup(parameterRole), { arm: 'nope' })).toThrow(/"nope" is not an arm of the scenario; allowed: with-barriers, no-barriers/);
  });
});

describe('a fast audit, through the library', () => {
  const scenario = loadScenario(tiny);
  const only = 'attendance.tieFormationRate,peerWorkers.empathy.mean';

  test('finds a parameter acting as declared', async () => {
    const plan = planAudit(scenario, withRoles({ 'attendance.tieFormationRate': mechanism({ new_ties: 'up' }) }), { only: 'attendance.tieFormationRate' });
    const r = await runAudit(tiny, scenario, plan, { out: join(root, 'lib-ok'), seeds: 3, workers: 1, chart: false });
    expect(r.analysis.parameters.map((p) => [p.parameter, p.verdict])).toEqual([['attendance.tieFormationRate', 'acts']]);
  });

  test('catches a broken copy: a sign flipped is "contradicts", an effect the engine ignores is "dead"', async () => {
    const broken = withRoles({
      'attendance.tieFormationRate': mechanism({ new_ties: 'down' }),
      'peerWorkers.empathy.mean': mechanism({ new_ties: 'up' }),
    });
    const plan = planAudit(scenario, broken, { only });
    const r = await runAudit(tiny, scenario, plan, { out: join(root, 'lib-broken'), seeds: 3, workers: 1 });
    const verdicts = Object.fromEntries(r.analysis.parameters.map((p) => [p.parameter, p]));
    expect(verdicts['attendance.tieFormationRate'].verdict).toBe('contradicts');
    expect(verdicts['attendance.tieFormationRate'].reason).toMatch(/^new_ties declared ↓, but −100% \(t = −\d+\.\d\) at low \(0\)/);
    expect(verdicts['peerWorkers.empathy.mean'].verdict).toBe('dead');
    // The folder: the tables, the chart, the runs and a manifest of kind audit.
    const dir = join(root, 'lib-broken');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('cpi-sim audit manifest, version 1');
    expect(manifest.verdicts).toMatchObject({ contradicts: 1, dead: 1 });
    expect(readFileSync(join(dir, 'audit.svg'), 'utf8')).toContain('attendance.tieFormationRate  [contradicts]');
    const header = readFileSync(join(dir, 'audit.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('parameter,role,end,value,group,outcome,expected,default_mean,changed_mean,paired_difference,relative_change,paired_t,n_seeds,verdict');
  });
});

describe('cpi-sim audit', () => {
  test('exits 3 on a finding, and 0 when the scenario accepts it, printing the verdicts; a scenario sets its default seeds', async () => {
    const a = await cli(['audit', tiny, '--only', 'peerWorkers.empathy.mean', '--seeds', '3', '--workers', '1', '--out', 'cli-a']);
    expect(a.code, a.stderr).toBe(3);
    expect(a.stdout).toMatch(/1 parameters: acts 0, dead 1, near-dead 0, contradicts 0, leaks 0, failed 0/);
    expect(a.stdout).toMatch(/peerWorkers\.empathy\.mean\s+dead\s+bit-identical/);
    expect(a.stderr).toContain('1 parameter does not act as declared');
    // No --seeds: the scenario's auditSeeds (3) is the default.
    const b = await cli(['audit', join(fixtures, 'tiny-accepted.json'), '--only', 'peerWorkers.empathy.mean', '--workers', '1', '--out', 'cli-b']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('[accepted: no peer worker can appear in 15 weeks]');
    expect(b.stdout).toContain('3 seeds with common random numbers');
    expect(readFileSync(join(root, 'cli-b', 'audit-parameters.csv'), 'utf8')).toContain('peerWorkers.empathy.mean,mechanism,low=0 high=1,dead,no peer worker can appear in 15 weeks,');
  });

  test('refuses bad input with exit 1, naming it, and writes nothing', async () => {
    const unknown = await cli(['audit', 'no-such-scenario', '--out', 'bad-1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no-such-scenario: [\s\S]*no such scenario file/);
    const range = await cli(['audit', join(fixtures, 'tiny-bad-range.json'), '--only', 'agencies.localitiesPerAgency', '--out', 'bad-2']);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/agencies\.localitiesPerAgency: its double end \(4\) cannot be run: .*more than population\.localities \(3\)/);
    const seeds = await cli(['audit', tiny, '--seeds', '1', '--out', 'bad-3']);
    expect(seeds.code).toBe(1);
    expect(seeds.stderr).toContain('--seeds 1: expected a whole number from 2 to 1000');
    const only = await cli(['audit', tiny, '--only', 'nothing.like.this', '--out', 'bad-4']);
    expect(only.code).toBe(1);
    expect(only.stderr).toContain('"nothing.like.this" selects no parameter');
    for (const d of ['bad-1', 'bad-2', 'bad-3', 'bad-4']) expect(existsSync(join(root, d))).toBe(false);
    // An accepted parameter must exist.
    expect(() => loadScenario(join(fixtures, 'tiny-bad-accepted.json'))).toThrow(ScenarioError);
    expect(() => loadScenario(join(fixtures, 'tiny-bad-accepted.json'))).toThrow(/accepted\.0\.parameter: unknown parameter "peerWorkers\.empaty\.mean"; did you mean "peerWorkers\.empathy\.mean"/);
  });

  test('killed mid-way and run again, gives the same audit.csv as an uninterrupted audit', async () => {
    const args = (out: string) => [bin, 'audit', tiny, '--only', 'peerWorkers.empathy.*,peerWorkers.canDo.*,attendance.tieFormationRate', '--seeds', '3', '--workers', '2', '--quiet', '--out', join(root, out)];
    const reference = spawnSync(process.execPath, args('resume-ref'), { encoding: 'utf8' });
    expect([0, 3]).toContain(reference.status);
    const ended = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, args('resume'), { stdio: 'ignore', env: { ...process.env, CPI_SIM_TEST_KILL_AT_CHUNKS: '2' } });
      child.on('error', fail);
      child.on('exit', (code, signal) => done(signal ?? String(code)));
    });
    expect(ended).toBe('SIGKILL');
    expect(existsSync(join(root, 'resume', 'audit.csv'))).toBe(false);
    const again = spawnSync(process.execPath, args('resume'), { encoding: 'utf8' });
    expect(again.status).toBe(reference.status);
    for (const f of ['audit.csv', 'audit-parameters.csv', 'runs/results.csv', 'runs/runs.csv'])
      expect(readFileSync(join(root, 'resume', f), 'utf8'), f).toBe(readFileSync(join(root, 'resume-ref', f), 'utf8'));
  });
});
