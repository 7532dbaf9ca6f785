// Resume after real kills: the `cpi-sim` binary runs a sweep and is killed with SIGKILL at several random
// moments (seeded, so the test is repeatable, and spread over the run by stratifying), then the same command is run to the end. The folder must be
// byte-identical to an uninterrupted sweep: no run lost, none duplicated, no torn rows.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStream } from '../../src/rng/stream.js';
import { folderBytes, smallSweep, tempDir, writeSweep } from '../sweep/sweep-fixture.js';

const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const root = tempDir('sweep-kill');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = writeSweep(root, smallSweep({ replicates: 25 }), 'kill.json');
const args = (out: string, workers: number) => [bin, 'sweep', file, '--out', join(root, out), '--workers', String(workers), '--quiet'];

/** Start the sweep, SIGKILL it after `ms`, and wait until it is gone. Returns whether it had already ended by itself. */
function killAfter(out: string, ms: number): Promise<boolean> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args(out, 1), { stdio: 'ignore' });
    let exited = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      exited = signal !== 'SIGKILL';
      if (exited && code !== 0) fail(new Error(`the sweep exited with ${code} before it was killed`));
      else done(exited);
    });
  });
}

describe('a sweep killed with SIGKILL', () => {
  it('completes, when the same command runs again, byte-identical to an uninterrupted sweep (five kills at random moments)', async () => {
    const reference = spawnSync(process.execPath, args('reference', 2), { encoding: 'utf8' });
    expect(reference.status, reference.stderr).toBe(0);

    const stream = createStream(20_240_601);
    const states: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Stratified: kill i falls at a random moment within the i-th fifth of 0.4–1.4 s after the start.
      const ms = Math.round(400 + (i + stream.next()) * 200);
      const ended = await killAfter('killed', ms);
      const dir = join(root, 'killed');
      const chunks = existsSync(join(dir, '.partial')) ? readdirSync(join(dir, '.partial')).filter((n) => n.startsWith('chunk-')).length : 0;
      states.push(ended || existsSync(join(dir, 'manifest.json')) ? 'complete' : chunks > 0 ? 'partial' : 'not started');
    }
    console.log(states);
    const last = spawnSync(process.execPath, args('killed', 1), { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);

    // The kills must have hit a sweep in progress, not only before it started or after it ended.
    expect(states.filter((s) => s === 'partial').length, states.join(', ')).toBeGreaterThanOrEqual(2);
    expect(folderBytes(join(root, 'killed'))).toEqual(folderBytes(join(root, 'reference')));
    expect(readdirSync(join(root, 'killed')).sort()).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });
});
