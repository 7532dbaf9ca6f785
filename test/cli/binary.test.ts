// Tests that start the real `cpi-sim` binary (bin/cpi-sim.js over the dist/ build that vitest's global
// setup compiles): exit codes, stdout and stderr as a user sees them.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'cpi-sim-bin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The environment without what npm tells the scripts it runs (vitest itself may run under npm or npx). */
const plainEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...plainEnv, ...env } });

describe('the cpi-sim binary', () => {
  it('runs a scenario into results/<name>, prints the summary and exits 0', () => {
    const r = run(['run', 'teaching-barriers', '--ticks', '2']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('teaching-barriers: ');
    expect(r.stdout).toContain('Wrote results/teaching-barriers/');
    expect(r.stderr).toBe(''); // not a terminal: no progress
    const header = readFileSync(join(root, 'results', 'teaching-barriers', 'series.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('arm,tick,group,measure,value');
  });

  it('runs the same command again, replacing the earlier results in the default folder', () => {
    const r = run(['run', 'teaching-barriers', '--ticks', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Wrote results/teaching-barriers/ (replacing the earlier results there');
  });

  it('exits 1 with the message on stderr when an --out folder exists, giving the command that replaces it as the user started it', () => {
    expect(run(['run', 'teaching-barriers', '--ticks', '2', '--out', 'mine']).status).toBe(0);
    const r = run(['run', 'teaching-barriers', '--ticks', '2', '--out', 'mine']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists and is not empty');
    expect(r.stderr).toContain('To replace it, run: cpi-sim run teaching-barriers --ticks 2 --out mine --force');
    expect(r.stdout).toBe('');
    // As `npm start -- --out mine` and as `npm start --force -- --out mine` (npm keeps that --force) run it.
    const npm = { npm_lifecycle_event: 'start', npm_package_name: 'cpi-sim' };
    const viaNpm = run(['run', '--ticks', '2', '--out', 'mine'], npm);
    expect(viaNpm.stderr).toContain('To replace it, run: npm start -- --ticks 2 --out mine --force\n');
    const eaten = run(['run', '--out', 'mine'], { ...npm, npm_config_force: 'true' });
    expect(eaten.stderr).toContain('npm kept the --force before -- for itself');
    expect(run(['run', '--out', 'mine'], { npm_command: 'exec' }).stderr).toContain('To replace it, run: npx cpi-sim run --out mine --force');
  });

  it('exits 1 for an invalid scenario and writes nothing', () => {
    const r = run(['run', 'teaching-barriers', '--set', 'ticks=-1', '--out', 'never']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ticks');
    expect(existsSync(join(root, 'never'))).toBe(false);
  });

  it('prints help with examples', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });
});
