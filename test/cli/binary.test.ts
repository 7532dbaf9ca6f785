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

const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });

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

  it('exits 1 with the message on stderr when the output folder exists', () => {
    const r = run(['run', 'teaching-barriers', '--ticks', '2']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('already exists and is not empty');
    expect(r.stdout).toBe('');
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
