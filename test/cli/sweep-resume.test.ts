// Resume after real kills: the `cpi-sim` binary runs a sweep and is killed with SIGKILL several times, each
// time as soon as a seeded random number (1 or 2) of new chunks has landed (events, not times, so the kills hit
// a sweep in progress however fast the machine), then the same command is run to the end (each time taking
// over the dead run's lock). The folder must be byte-identical to an
// uninterrupted sweep: no run lost, none duplicated, no torn rows, no lock left. And the lock across
// processes: a second writer refused (exit 1), SIGINT/SIGTERM releasing it, SIGKILL leaving it to be taken over.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStream } from '../../src/rng/stream.js';
import { LOCK_FILE, lockSweepFolder, readFolderLock } from '../../src/sweep/folder-lock.js';
import { entries, folderBytes, smallSweep, tempDir, writeSweep } from '../sweep/sweep-fixture.js';

const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const root = tempDir('sweep-kill');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const file = writeSweep(root, smallSweep({ replicates: 25 }), 'kill.json');
const args = (out: string, workers: number) => [bin, 'sweep', file, '--out', join(root, out), '--workers', String(workers), '--quiet'];

const chunkCount = (dir: string) => (existsSync(join(dir, '.partial')) ? readdirSync(join(dir, '.partial')).filter((n) => n.startsWith('chunk-')).length : 0);

/** Start the sweep, SIGKILL it once `more` new chunks are on disk, and wait until it is gone. Returns whether it had ended by itself. */
function killAfterChunks(out: string, more: number): Promise<boolean> {
  return new Promise((done, fail) => {
    const dir = join(root, out);
    const target = chunkCount(dir) + more;
    const child = spawn(process.execPath, args(out, 1), { stdio: 'ignore' });
    let exited = false;
    const poll = setInterval(() => {
      if (chunkCount(dir) >= target) child.kill('SIGKILL');
    }, 10);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      exited = signal !== 'SIGKILL';
      if (exited && code !== 0) fail(new Error(`the sweep exited with ${code} before it was killed`));
      else done(exited);
    });
  });
}

describe('a sweep killed with SIGKILL', () => {
  it('completes, when the same command runs again, byte-identical to an uninterrupted sweep (five kills at seeded random chunks)', async () => {
    const reference = spawnSync(process.execPath, args('reference', 2), { encoding: 'utf8' });
    expect(reference.status, reference.stderr).toBe(0);

    const stream = createStream(20_240_601);
    const states: string[] = [];
    const dir = join(root, 'killed');
    for (let i = 0; i < 5; i++) {
      const ended = await killAfterChunks('killed', 1 + Math.floor(stream.next() * 2));
      states.push(ended || existsSync(join(dir, 'manifest.json')) ? 'complete' : chunkCount(dir) > 0 ? 'partial' : 'not started');
    }
    const last = spawnSync(process.execPath, args('killed', 1), { encoding: 'utf8' });
    expect(last.status, last.stderr).toBe(0);
    // The killed run's lock was still there: the last run took it over and said so.
    if (states[4] === 'partial') expect(last.stderr).toMatch(new RegExp(`^Took over the lock on ${dir}: its holder \\(pid \\d+ on host .*\\) is no longer running\\.\n$`));

    // The kills must have hit a sweep in progress, not only before it started or after it ended.
    expect(states.filter((s) => s === 'partial').length, states.join(', ')).toBeGreaterThanOrEqual(2);
    expect(folderBytes(join(root, 'killed'))).toEqual(folderBytes(join(root, 'reference')));
    expect(readdirSync(join(root, 'killed')).sort()).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
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
