// Resume after real kills: the `cpi-sim` binary runs a sweep and dies by SIGKILL five times, each time at a
// deterministic point (CPI_SIM_TEST_KILL_AT_CHUNKS: the moment its folder holds N finished chunks, on one or
// two workers, so another worker may be mid-chunk), then the same command runs to the end, taking over the dead
// run's lock. The folder must be byte-identical to an uninterrupted sweep: no run lost, none duplicated, no torn
// rows, no lock left. No clock is involved, so a slow start-up (a busy machine) cannot make the kills miss.
// And the lock across processes: a second writer refused (exit 1), SIGINT/SIGTERM releasing it, SIGKILL
// leaving it to be taken over.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, lockSweepFolder, readFolderLock } from '../../src/sweep/folder-lock.js';
import { entries, folderBytes, smallSweep, tempDir, writeSweep } from '../sweep/sweep-fixture.js';

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
    // The killed run's lock was still there: the last run took it over and said so.
    expect(last.stderr).toMatch(new RegExp(`^Took over the lock on ${dir}: its holder \\(pid \\d+ on host .*\\) is no longer running\\.\n$`));
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'reference')));
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });

});

describe('the lock on a sweep folder, across processes', () => {
  // 10 million runs: whatever the machine, this sweep is still running whenever the test acts on it.
  const huge = writeSweep(root, smallSweep({ replicates: 1_000_000, keep: 'final' }), 'huge.json');
  const hugeArgs = (out: string) => [bin, 'sweep', huge, '--out', join(root, out), '--workers', '1', '--yes', '--quiet'];
  const chunks = (dir: string) => (existsSync(join(dir, '.partial')) ? readdirSync(join(dir, '.partial')).filter((n) => n.startsWith('chunk-')).length : 0);

  /** Start the huge sweep; resolve once `ready` holds for its folder or its stderr (polled as it writes), with the child still running. */
  function startUntil(out: string, ready: (dir: string, stderr: string) => boolean): Promise<{ child: ChildProcess; stderr: () => string; ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
    return new Promise((done, fail) => {
      const dir = join(root, out);
      const child = spawn(process.execPath, hugeArgs(out), { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      let settled = false;
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((end) => child.on('exit', (code, signal) => end({ code, signal })));
      const poll = setInterval(check, 25);
      function check() {
        if (settled || !ready(dir, err)) return;
        settled = true;
        clearInterval(poll);
        done({ child, stderr: () => err, ended });
      }
      child.stderr!.on('data', (d) => {
        err += d;
        check();
      });
      child.on('error', fail);
      void ended.then(({ code, signal }) => {
        clearInterval(poll);
        if (!settled) fail(new Error(`the sweep ended (${code ?? signal}) before it was ready: ${err}`));
      });
    });
  }

  it('a sweep into a folder another process holds exits 1, naming the folder and the holder, and changes nothing', () => {
    const dir = join(root, 'held');
    const lock = lockSweepFolder(dir, { command: 'cpi-sim sweep kill.json --out held' });
    try {
      const second = spawnSync(process.execPath, args('held', 1), { encoding: 'utf8' });
      expect(second.status).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(
        `${dir}: another cpi-sim is writing into this folder (pid ${process.pid} on host ${hostname()}, started ${lock.holder.started_at}, running \`cpi-sim sweep kill.json --out held\`); ` +
          `a second writer would damage it, so nothing was done. Wait for that one to finish or stop it (kill ${process.pid}), then run this command again: an unfinished sweep resumes where it stopped\n`,
      );
      expect(entries(dir)).toEqual([LOCK_FILE]);
    } finally {
      lock.release();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('SIGINT and SIGTERM stop a sweep by that signal, releasing the lock and keeping the finished chunks for a resume', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const dir = join(root, `stopped-${signal}`);
      const run = await startUntil(`stopped-${signal}`, (d) => chunks(d) > 0);
      expect(readFolderLock(dir)?.holder?.pid).toBe(run.child.pid);
      run.child.kill(signal);
      expect(await run.ended).toEqual({ code: null, signal });
      expect(chunks(dir)).toBeGreaterThan(0);
      expect(entries(dir)).toEqual(['.partial', 'sweep.json']);
    }
  });

  it('SIGKILL leaves the lock; the next run of the command takes it over, says so, and resumes', async () => {
    const dir = join(root, 'sigkill');
    const first = await startUntil('sigkill', (d) => chunks(d) > 0);
    first.child.kill('SIGKILL');
    expect((await first.ended).signal).toBe('SIGKILL');
    expect(readFolderLock(dir)?.holder?.pid).toBe(first.child.pid);
    const done = chunks(dir);
    const second = await startUntil('sigkill', (d, err) => err.includes('\n') && chunks(d) > done);
    expect(second.stderr()).toMatch(new RegExp(`^Took over the lock on ${dir}: its holder \\(pid ${first.child.pid} on host ${hostname().replace(/[.]/g, '\\.')}, started .*, running \`cpi-sim sweep .*huge\\.json .*\`\\) is no longer running\\.\n$`));
    expect(readFolderLock(dir)?.holder?.pid).toBe(second.child.pid);
    second.child.kill('SIGTERM');
    expect((await second.ended).signal).toBe('SIGTERM');
    expect(entries(dir)).toEqual(['.partial', 'sweep.json']);
  });
});
