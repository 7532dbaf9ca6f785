// Resume after real kills: the `cpi-sim` binary runs a sweep and dies by SIGKILL five times, each time at a
// deterministic point (CPI_SIM_TEST_KILL_AT_CHUNKS: the moment its folder holds N finished chunks, on one or
// two workers, so another worker may be mid-chunk), then the same command runs to the end. The folder must be
// byte-identical to an uninterrupted sweep: no run lost, none duplicated, no torn rows. No clock is involved,
// so a slow start-up (a busy machine, a cold disk) cannot make the kills miss the sweep.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { folderBytes, smallSweep, tempDir, writeSweep } from '../sweep/sweep-fixture.js';

const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const root = tempDir('sweep-kill');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = writeSweep(root, smallSweep({ replicates: 25 }), 'kill.json');
const args = (out: string, workers: number) => [bin, 'sweep', file, '--out', join(root, out), '--workers', String(workers), '--quiet'];
const chunksIn = (dir: string) => (existsSync(join(dir, '.partial')) ? readdirSync(join(dir, '.partial')).filter((n) => /^chunk-.*\.csv$/.test(n)).length : 0);

/** Run the sweep until its folder holds `atChunks` finished chunks, where it kills itself. Resolves to how it ended. */
function runUntilChunks(out: string, workers: number, atChunks: number): Promise<'killed' | 'finished'> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args(out, workers), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, CPI_SIM_TEST_KILL_AT_CHUNKS: String(atChunks) },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done('killed');
      else if (code === 0) done('finished');
      else fail(new Error(`the sweep exited with ${code} before reaching ${atChunks} chunks: ${stderr}`));
    });
  });
}

describe('a sweep killed with SIGKILL', () => {
  it('completes, when the same command runs again, byte-identical to an uninterrupted sweep (five kills at chunk boundaries, on one and two workers)', async () => {
    const reference = spawnSync(process.execPath, args('reference', 2), { encoding: 'utf8' });
    expect(reference.status, reference.stderr).toBe(0);

    // Each session plans at least four chunks per worker for what is left, so dying after its 1st, 2nd or
    // 3rd new chunk always leaves the sweep unfinished: every kill lands in a sweep in progress.
    const dir = join(root, 'killed');
    const kills: Array<[workers: number, newChunks: number]> = [[1, 1], [2, 2], [1, 1], [2, 3], [1, 2]];
    const states: string[] = [];
    for (const [workers, newChunks] of kills) {
      const before = chunksIn(dir);
      const ended = await runUntilChunks('killed', workers, before + newChunks);
      const after = chunksIn(dir);
      states.push(ended === 'finished' || existsSync(join(dir, 'manifest.json')) ? 'complete' : `partial ${before}→${after} chunks`);
      expect(ended, states.join(', ')).toBe('killed');
      expect(after, states.join(', ')).toBeGreaterThanOrEqual(before + newChunks);
    }
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);

    const last = spawnSync(process.execPath, args('killed', 1), { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'reference')));
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });

});
