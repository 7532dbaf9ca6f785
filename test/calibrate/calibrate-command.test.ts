// `cpi-sim calibrate` (cli/calibrate-command.ts over calibrate/run-calibration.ts): the same seed gives the
// same files with 1 and 2 workers; a calibration killed with SIGKILL after a generation continues when the
// command runs again and ends byte-identical to an uninterrupted one; a folder holding another calibration is
// refused; the calibrated scenario extends the input with the posterior medians and runs; bad input exits 1.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { calibrationStageShare } from '../../src/cli/calibrate-command.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TARGETS = join(FIXTURES, 'teaching-targets.json');
const FREE = join(FIXTURES, 'teaching.free.json');
const OUTPUTS = ['particles.csv', 'generations.csv', 'posterior.csv', 'predictive.csv', 'fit.csv', 'calibrated-fit.csv', 'checks.json', 'calibrated-scenario.json'];

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: ROOT, stderrIsTTY: false, columns: 100 }, out, err };
}
const args = (out: string, workers: number, extra: string[] = [], generations = 3) => [
  'calibrate',
  'teaching-barriers',
  '--targets',
  TARGETS,
  '--free',
  FREE,
  '--particles',
  '12',
  '--generations',
  String(generations),
  '--predictive',
  '8',
  '--workers',
  String(workers),
  '--out',
  out,
  ...extra,
];
const files = (dir: string) => Object.fromEntries(OUTPUTS.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('cpi-sim calibrate', () => {
  const base = mkdtempSync(join(tmpdir(), 'cpi-calibrate-'));

  test('1 and 2 workers give byte-identical files; another seed gives others', async () => {
    const a = io();
    const b = io();
    const c = io();
    expect(await main(args(join(base, 'w1'), 1), a.io), a.err.join('')).toBe(0);
    expect(await main(args(join(base, 'w2'), 2, ['--quiet']), b.io), b.err.join('')).toBe(0);
    expect(await main(args(join(base, 's2'), 2, ['--quiet', '--seed', '8']), c.io), c.err.join('')).toBe(0);
    expect(files(join(base, 'w2'))).toEqual(files(join(base, 'w1')));
    expect(files(join(base, 's2'))['particles.csv']).not.toBe(files(join(base, 'w1'))['particles.csv']);
    // The summary names every parameter and target; --quiet prints nothing.
    const text = a.out.join('');
    for (const name of ['flows.disengagementRate', 'outcomes.fidelityFullDose', 'ties.decayWeak', 'retained', 'fidelity-rating', 'new-tie-loss', 'generation 2:']) expect(text).toContain(name);
    expect(b.out.join('')).toBe('');
    // Outputs: 3 generations of 12 particles, a posterior row per parameter, a fit row per target.
    const particles = readFileSync(join(base, 'w1', 'particles.csv'), 'utf8').trim().split('\n');
    expect(particles[0]).toBe('generation,particle,attempt,weight,distance,flows.disengagementRate,outcomes.fidelityFullDose,ties.decayWeak,retained,fidelity-rating,new-tie-loss,network-size');
    expect(particles).toHaveLength(1 + 3 * 12);
    expect(readFileSync(join(base, 'w1', 'posterior.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3);
    expect(readFileSync(join(base, 'w1', 'fit.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 4);
    expect(readFileSync(join(base, 'w1', 'calibrated-fit.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 4);
    const checks = JSON.parse(readFileSync(join(base, 'w1', 'checks.json'), 'utf8'));
    expect(checks.posteriorPredictive.studies).toBe(8);
    expect(checks.calibrated.studies).toBe(8);
    const doc = JSON.parse(readFileSync(join(base, 'w1', 'calibrated-scenario.json'), 'utf8'));
    expect(checks.calibrated.values['ties.decayWeak']).toBe(doc.parameters.ties.decayWeak.value);
    const manifest = JSON.parse(readFileSync(join(base, 'w1', 'manifest.json'), 'utf8'));
    expect(manifest.generations).toBe(3);
    expect(manifest.files.map((f: { name: string }) => f.name)).toEqual(OUTPUTS);
  });

  test('on a terminal, progress gives each generation and the checks with the time left in that stage', async () => {
    const t = io();
    const tty = { ...t.io, stderrIsTTY: true };
    expect(await main(args(join(base, 'tty'), 2, [], 2), tty), t.err.join('')).toBe(0);
    const err = t.err.join('');
    expect(err).toMatch(/generation 0: 0\/12 accepted, \d+ simulated, ε —  \d+ s(, about \d+ s left in this generation)?/);
    expect(err).toMatch(/generation 1: \d+\/12 accepted, \d+ simulated, ε [\d.]+  \d+ s, about \d+ s left in this generation/);
    expect(err).toMatch(/checks: 8\/8 parameter sets  \d+ s, about 0 s left in this stage/);
  });

  test('a stage\'s share done: prior draws of particles / quantile, particles accepted, parameter sets checked', () => {
    expect(calibrationStageShare({ generation: 0, accepted: 0, particles: 12, simulated: 12, epsilon: Infinity }, 0.5)).toBe(0.5);
    expect(calibrationStageShare({ generation: 2, accepted: 3, particles: 12, simulated: 40, epsilon: 1 }, 0.5)).toBe(0.25);
    expect(calibrationStageShare({ predictive: 6, of: 8 }, 0.5)).toBe(0.75);
  });

  test('the calibrated scenario extends the input with the posterior medians, sourced, and runs', async () => {
    const doc = JSON.parse(readFileSync(join(base, 'w1', 'calibrated-scenario.json'), 'utf8'));
    expect(doc.extends).toBe('teaching-barriers');
    const posterior = readFileSync(join(base, 'w1', 'posterior.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const median = Number(posterior.find((r) => r[0] === 'ties.decayWeak')![6]);
    expect(doc.parameters.ties.decayWeak.value).toBe(Number(median.toPrecision(4)));
    expect(doc.parameters.ties.decayWeak.source).toMatch(/^calibrated: .*teaching-targets\.json, \d{4}-\d{2}-\d{2}$/);
    const file = join(base, 'w1', 'calibrated-scenario.json');
    const scenario = loadScenario(file);
    expect(scenario.params.ties.decayWeak).toBe(doc.parameters.ties.decayWeak.value);
    expect(runScenario(scenario, { ticks: 2 }).arms.length).toBe(2);
  });

  test('a calibration killed with SIGKILL continues when run again and ends byte-identical', async () => {
    const out = join(base, 'killed');
    const child = spawn(process.execPath, ['bin/cpi-sim.js', ...args(out, 1, ['--quiet'], 5)], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    // Kill as soon as the second generation is kept.
    for (let i = 0; i < 600 && !existsSync(join(out, 'generations', 'gen-001.json')); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    const kept = readdirSync(join(out, 'generations')).filter((f) => f.endsWith('.json'));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(5);
    const again = io();
    expect(await main(args(out, 2, [], 5), again.io), again.err.join('')).toBe(0);
    expect(again.out.join('')).toMatch(/resumed after \d complete generations/);
    const whole = io();
    expect(await main(args(join(base, 'whole'), 2, ['--quiet'], 5), whole.io), whole.err.join('')).toBe(0);
    expect(files(out)).toEqual(files(join(base, 'whole')));
    // Run once more: the folder is complete, nothing is simulated.
    const done = io();
    expect(await main(args(out, 2, [], 5), done.io)).toBe(0);
    expect(done.out.join('')).toContain('already holds this calibration, complete');
  }, 120_000);

  test('a folder holding another calibration is refused; --force replaces it', async () => {
    const c = io();
    expect(await main(args(join(base, 'w1'), 1, ['--seed', '99']), c.io)).toBe(1);
    expect(c.err.join('')).toContain('this folder holds a different calibration');
    const d = io();
    expect(await main(args(join(base, 'w1'), 1, ['--seed', '99', '--force', '--quiet']), d.io), d.err.join('')).toBe(0);
    const e = io();
    const stranger = mkdtempSync(join(tmpdir(), 'cpi-calibrate-other-'));
    writeFileSync(join(stranger, 'notes.txt'), 'mine');
    expect(await main(args(stranger, 1, ['--force']), e.io)).toBe(1);
    expect(e.err.join('')).toContain('it is not empty and holds no calibration.json');
  });

  test('bad input exits 1 with a message naming the file and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cpi-calibrate-bad-'));
    writeFileSync(join(dir, 'free.json'), JSON.stringify({ name: 'x', parameters: [{ path: 'ties.decayWeak', prior: { low: 0.5, high: 0.1 } }] }));
    const c = io();
    expect(await main(['calibrate', 'teaching-barriers', '--targets', TARGETS, '--free', join(dir, 'free.json'), '--out', join(dir, 'o')], c.io)).toBe(1);
    expect(c.err.join('')).toContain(`${join(dir, 'free.json')}: invalid free parameters file (1 problem)`);
    expect(c.err.join('')).toContain('parameters.0.prior.high: 0.1 is not allowed; expected a number above low (0.5)');
    expect(existsSync(join(dir, 'o'))).toBe(false);
    const m = io();
    expect(await main(['calibrate', 'teaching-barriers', '--targets', TARGETS, '--free', FREE, '--method', 'mcmc'], m.io)).toBe(1);
    expect(m.err.join('')).toContain('--method mcmc: expected one of rejection, smc');
  });

  test('--help shows the options and examples', async () => {
    const c = io();
    expect(await main(['calibrate', '--help'], c.io)).toBe(0);
    const help = c.out.join('');
    for (const o of ['--targets', '--free', '--method', '--particles', '--generations', '--replicates', '--quantile', '--predictive', '--check', '--workers', '--seed', '--out', '--force', '--quiet'])
      expect(help).toContain(o);
    expect(help).toContain('cpi-sim calibrate pilot-england --targets');
    expect(help).toContain('resume');
  });
});
