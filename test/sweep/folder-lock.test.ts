// The lock on a sweep folder: a second writer is refused with the holder's pid, host, start and command; a
// lock whose holder died on this host is taken over; one from another host (or unreadable) only with force,
// except an earlier run of the same, requeued SLURM job; SIGINT, SIGTERM and SIGHUP release it and the
// process still ends by the signal; SIGKILL leaves it for the next writer to take over.
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCK_FILE, lockSweepFolder, readFolderLock } from '../../src/sweep/folder-lock.js';
import { SweepError } from '../../src/sweep/sweep-error.js';
import { tempDir } from './sweep-fixture.js';

const root = tempDir('lock');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has ended. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(done.stdout);
}

function writeLock(dir: string, holder: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ started_at: '2025-03-01T09:00:00.000Z', command: 'cpi-sim sweep old.json', token: 'old', ...holder }));
}

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('the lock on a sweep folder', () => {
  test('a second writer is refused, told the folder, the holder\'s pid, host, start time and command, and what to do; release leaves nothing behind', () => {
    const dir = join(root, 'fresh', 'sweep');
    const lock = lockSweepFolder(dir, { command: 'cpi-sim sweep a.json --out fresh/sweep' });
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    const err = thrown(() => lockSweepFolder(dir, { command: 'cpi-sim sweep a.json --out fresh/sweep', force: true }));
    expect(err).toBeInstanceOf(SweepError);
    expect(err.message).toBe(
      `${dir}: another cpi-sim is writing into this folder (pid ${process.pid} on host ${hostname()}, started ${lock.holder.started_at}, running \`cpi-sim sweep a.json --out fresh/sweep\`); ` +
        `a second writer would damage it, so nothing was done. Wait for that one to finish or stop it (kill ${process.pid}), then run this command again: an unfinished sweep resumes where it stopped`,
    );
    // The refused writer left nothing, not even its own lock file on the way in.
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    lock.release();
    // The lock had created the folder (and its parent); empty, they go with it.
    expect(existsSync(join(root, 'fresh'))).toBe(false);
    const again = lockSweepFolder(dir);
    again.release();
    expect(existsSync(join(root, 'fresh'))).toBe(false);
  });

  test('in a folder that has files, the lock comes and goes and the files stay', () => {
    const dir = join(root, 'kept');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const lock = lockSweepFolder(dir);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    lock.release();
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  test('a lock whose holder no longer runs on this host is taken over, and the taker is told whose it was', () => {
    const dir = join(root, 'stale');
    const pid = deadPid();
    writeLock(dir, { pid, host: hostname() });
    const told: string[] = [];
    const lock = lockSweepFolder(dir, { onTakeover: (m) => told.push(m) });
    expect(told).toEqual([`Took over the lock on ${dir}: its holder (pid ${pid} on host ${hostname()}, started 2025-03-01T09:00:00.000Z, running \`cpi-sim sweep old.json\`) is no longer running.`]);
    expect(readFolderLock(dir)?.holder?.pid).toBe(process.pid);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock from another host is refused, saying it cannot be checked and how to take it over; with force it is taken over', () => {
    const dir = join(root, 'elsewhere');
    writeLock(dir, { pid: 4242, host: 'node-17.cluster.invalid' });
    const err = thrown(() => lockSweepFolder(dir, { env: {} }));
    expect(err.message).toBe(
      `${dir}: the folder is locked by pid 4242 on host node-17.cluster.invalid, started 2025-03-01T09:00:00.000Z, running \`cpi-sim sweep old.json\`; ` +
        `this is host ${hostname()}, so whether that process still runs cannot be checked from here. ` +
        `If it does not (its machine restarted, or its job was killed), add --force to take the lock over, or delete ${join(dir, LOCK_FILE)}`,
    );
    expect(readFolderLock(dir)?.holder?.pid).toBe(4242);
    const told: string[] = [];
    const lock = lockSweepFolder(dir, { env: {}, force: true, onTakeover: (m) => told.push(m) });
    expect(told[0]).toMatch(/^Took over the lock on .*elsewhere because of --force: pid 4242 on host node-17\.cluster\.invalid.* could not be checked from this host\.$/);
    lock.release();
  });

  test('a lock left on another node by an earlier run of this same SLURM job (requeued) is taken over; another job\'s, or the same run\'s, is not', () => {
    const dir = join(root, 'requeued');
    writeLock(dir, { pid: 99, host: 'node-a.invalid', slurm: { job_id: '7001', restart_count: 0 } });
    expect(() => lockSweepFolder(dir, { env: { SLURM_JOB_ID: '7001' } })).toThrow(/cannot be checked from here/);
    expect(() => lockSweepFolder(dir, { env: { SLURM_JOB_ID: '7002', SLURM_RESTART_COUNT: '1' } })).toThrow(/cannot be checked from here/);
    const told: string[] = [];
    const lock = lockSweepFolder(dir, { env: { SLURM_JOB_ID: '7001', SLURM_RESTART_COUNT: '1' }, onTakeover: (m) => told.push(m) });
    expect(told[0]).toMatch(/its holder \(pid 99 on host node-a\.invalid, .* in SLURM job 7001.*\) was an earlier run of this SLURM job, which has ended\.$/);
    expect(readFolderLock(dir)?.holder?.slurm).toEqual({ job_id: '7001', restart_count: 1 });
    lock.release();
  });

  test('a lock file on its way in or out, left by a process killed at that moment, is removed by the next writer', () => {
    const dir = join(root, 'leftovers');
    mkdirSync(dir);
    const pid = deadPid();
    writeFileSync(join(dir, `${LOCK_FILE}.new-${pid}-0a1b2c3d4e5f`), '{}');
    writeFileSync(join(dir, `${LOCK_FILE}.old-${pid}-0a1b2c3d4e5f`), '{}');
    lockSweepFolder(dir).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a lock file that is not a cpi-sim lock is refused unless forced', () => {
    const dir = join(root, 'garbled');
    mkdirSync(dir);
    writeFileSync(join(dir, LOCK_FILE), 'not json');
    expect(() => lockSweepFolder(dir)).toThrow(`${dir}: the folder's lock file ${join(dir, LOCK_FILE)} cannot be read as a cpi-sim lock; if no cpi-sim is writing into this folder, delete that file, or add --force`);
    lockSweepFolder(dir, { force: true }).release();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a lock holder stopped by a signal', () => {
  const lockModule = fileURLToPath(new URL('../../dist/sweep/folder-lock.js', import.meta.url));
  const holderScript = `import { lockSweepFolder } from ${JSON.stringify(lockModule)};
lockSweepFolder(process.argv[1], { command: 'holder' });
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);`;

  /** Start a process that takes the lock on `dir`, wait until it says so, send `signal`, and wait until it has ended. */
  function holdThenSignal(dir: string, signal: NodeJS.Signals): Promise<{ pid: number; code: number | null; signal: NodeJS.Signals | null }> {
    return new Promise((done, fail) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', holderScript, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('locked\n')) child.kill(signal);
      });
      child.stderr.on('data', (d) => (err += d));
      child.on('error', fail);
      child.on('exit', (code, sig) => (out.includes('locked') ? done({ pid: child.pid!, code, signal: sig }) : fail(new Error(`the holder ended before it locked: ${err}`))));
    });
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    test(`${signal} releases the lock, and the holder still ends by ${signal}`, async () => {
      const dir = join(root, `signal-${signal}`);
      mkdirSync(dir);
      const ended = await holdThenSignal(dir, signal);
      expect([ended.code, ended.signal]).toEqual([null, signal]);
      expect(readdirSync(dir)).toEqual([]);
    });

  test('SIGKILL leaves the lock behind, and the next writer finds its holder dead and takes it over', async () => {
    const dir = join(root, 'killed');
    mkdirSync(dir);
    const ended = await holdThenSignal(dir, 'SIGKILL');
    expect(ended.signal).toBe('SIGKILL');
    expect(readFolderLock(dir)?.holder).toMatchObject({ pid: ended.pid, host: hostname(), command: 'holder' });
    const told: string[] = [];
    const lock = lockSweepFolder(dir, { onTakeover: (m) => told.push(m) });
    expect(told[0]).toContain(`its holder (pid ${ended.pid} on host ${hostname()}`);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });
});
