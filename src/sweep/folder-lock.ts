// The lock on a sweep folder: one writer at a time (two sweeps, shards or merges writing into one folder
// interleave their chunks and damage it). Part of sweep/ (Node only); runSweep and mergeSweepShards take it.
// The lock is a small JSON file inside the folder naming its holder (pid, host, start time, command). It goes
// when the holder ends, fails or gets SIGINT/SIGTERM/SIGHUP; a holder killed outright leaves it behind: on
// this host a dead pid makes it stale and the next writer takes it over; from another host nothing can be
// checked, so it takes --force (or deleting the file) to take it over.
import { existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { SweepError } from './sweep-error.js';

/** The lock file's name inside the folder. */
export const LOCK_FILE = '.cpi-sim.lock';

/** Is this the lock, or a lock file on its way in or out (ignored like temp files when a folder is inspected)? */
export const isLockName = (name: string): boolean => name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
  readonly command: string;
  /** Tells this holder's lock from a later one of the same pid. */
  readonly token: string;
  /** The SLURM job the holder ran in, if any (a requeued job keeps its id and counts its restarts). */
  readonly slurm?: { readonly job_id: string; readonly restart_count: number };
}

export interface FolderLockOptions {
  /** Take over a lock that cannot be checked from this host (another host's, or an unreadable file). */
  readonly force?: boolean;
  /** The command line, shown to a second writer. */
  readonly command?: string;
  /** Told when a stale lock is taken over (the text says whose and why). */
  readonly onTakeover?: (message: string) => void;
  /** Where SLURM_JOB_ID and SLURM_RESTART_COUNT are read (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface FolderLock {
  readonly file: string;
  readonly holder: LockHolder;
  /** Remove the lock (and the folder, when taking the lock created it and nothing else was written). */
  readonly release: () => void;
}

/** What a lock found in a folder means for this process. */
export type LockVerdict = 'live' | 'dead' | 'requeued' | 'elsewhere';

const held = new Set<{ release: () => void }>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Release every lock, then die of the signal as if nobody had listened, unless someone else handles it. */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return; // another listener decides; the holder's finally or 'exit' releases
  for (const lock of [...held]) lock.release();
  try {
    process.kill(process.pid, signal);
  } catch {
    process.exit(1); // a signal this platform cannot raise (SIGHUP on Windows)
  }
}
function onExit(): void {
  for (const lock of [...held]) lock.release();
}
function hold(lock: { release: () => void }): void {
  if (held.size === 0) {
    for (const s of SIGNALS) process.on(s, onSignal);
    process.on('exit', onExit);
  }
  held.add(lock);
}
function unhold(lock: { release: () => void }): void {
  if (!held.delete(lock) || held.size > 0) return;
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', onExit);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function slurmOf(env: Readonly<Record<string, string | undefined>>): LockHolder['slurm'] {
  const job = env.SLURM_JOB_ID;
  return job ? { job_id: job, restart_count: Number(env.SLURM_RESTART_COUNT ?? 0) || 0 } : undefined;
}

/**
 * Whether a holder may still be writing. On this host its pid says so. On another host only one fact is
 * certain: SLURM requeues a job only after its earlier run ended, so the holder is gone when it ran in this
 * same SLURM job and this run counts more restarts. Anything else elsewhere cannot be told from here.
 */
export function judgeLockHolder(holder: LockHolder, env: Readonly<Record<string, string | undefined>> = process.env): LockVerdict {
  if (holder.host === hostname()) return isAlive(holder.pid) ? 'live' : 'dead';
  const mine = slurmOf(env);
  if (mine && holder.slurm && holder.slurm.job_id === mine.job_id && mine.restart_count > holder.slurm.restart_count) return 'requeued';
  return 'elsewhere';
}

/** The lock in `dir`: undefined when there is none; `holder` undefined when its text is not a lock we wrote. */
export function readFolderLock(dir: string): { holder?: LockHolder; text: string } | undefined {
  const file = join(dir, LOCK_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SweepError(dir, `cannot read the folder's lock file ${file}: ${(err as Error).message}`);
  }
  try {
    const h = JSON.parse(text) as LockHolder;
    if (Number.isInteger(h.pid) && typeof h.host === 'string' && typeof h.token === 'string') return { holder: h, text };
  } catch {
    // not JSON: reported as unreadable
  }
  return { text };
}

/** What the lock found in `dir` means here: 'unreadable' for a file that is not a lock cpi-sim wrote. */
function verdictOf(found: { holder?: LockHolder }, env: Readonly<Record<string, string | undefined>>): LockVerdict | 'unreadable' {
  return found.holder ? judgeLockHolder(found.holder, env) : 'unreadable';
}

const describeHolder = (h: LockHolder) =>
  `pid ${h.pid} on host ${h.host}, started ${h.started_at}${h.slurm ? ` in SLURM job ${h.slurm.job_id}` : ''}${h.command ? `, running \`${h.command}\`` : ''}`;

/** The refusal for a second writer: who holds the folder and what to do. */
function refusal(dir: string, found: { holder?: LockHolder }, verdict: LockVerdict | 'unreadable'): SweepError {
  const file = join(dir, LOCK_FILE);
  if (!found.holder)
    return new SweepError(dir, `the folder's lock file ${file} cannot be read as a cpi-sim lock; if no cpi-sim is writing into this folder, delete that file, or add --force to take the lock over`);
  const h = found.holder;
  if (verdict === 'live')
    return new SweepError(
      dir,
      `another cpi-sim is writing into this folder (${describeHolder(h)}); a second writer would damage it, so nothing was done. ` +
        `Wait for that one to finish or stop it (kill ${h.pid}), then run this command again: an unfinished sweep resumes where it stopped`,
    );
  return new SweepError(
    dir,
    `the folder is locked by ${describeHolder(h)}; this is host ${hostname()}, so whether that process still runs cannot be checked from here. ` +
      `If it does not (its machine restarted, or its job was killed), add --force to take the lock over, or delete ${file}`,
  );
}

const sideName = (dir: string, kind: string) => join(dir, `${LOCK_FILE}.${kind}-${process.pid}-${randomBytes(6).toString('hex')}`);

/**
 * Remove the lock file if it is still the one read as `text`. Moving it aside first makes the check and the
 * removal one step: of two processes taking over the same stale lock, one moves it, the other finds nothing
 * (or the winner's new lock, which it puts back).
 */
function removeIfUnchanged(file: string, text: string): boolean {
  const aside = sideName(dirname(file), 'old');
  try {
    renameSync(file, aside);
  } catch {
    return false;
  }
  const moved = readFileSync(aside, 'utf8');
  if (moved !== text) {
    try {
      linkSync(aside, file);
    } catch {
      // a third process locked meanwhile; the moved lock's holder finds its file gone when it releases
    }
    rmSync(aside, { force: true });
    return false;
  }
  rmSync(aside, { force: true });
  return true;
}

const LEFTOVER = /^\.cpi-sim\.lock\.(?:new|old)-(\d+)-[0-9a-f]+$/;

/** Remove lock files on their way in or out that a killed process left (their pid is dead on this host). */
function removeLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = LEFTOVER.exec(name);
    if (m && Number(m[1]) !== process.pid && !isAlive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

/**
 * Take the lock on a sweep folder, creating the folder if needed. Throws SweepError when another writer
 * holds it (always for a live process on this host; for a holder elsewhere or an unreadable lock unless
 * `force`). A stale lock is taken over and `onTakeover` is told.
 */
export function lockSweepFolder(folder: string, options: FolderLockOptions = {}): FolderLock {
  const dir = resolve(folder);
  const env = options.env ?? process.env;
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new SweepError(dir, 'cannot write here: it is a file, not a folder; choose another --out');
  const firstCreated = ((): string | undefined => {
    try {
      return mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new SweepError(dir, `cannot create the folder: ${(err as Error).message}`);
    }
  })();
  const file = join(dir, LOCK_FILE);
  const slurm = slurmOf(env);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started_at: new Date().toISOString(),
    command: options.command ?? '',
    token: randomBytes(12).toString('hex'),
    ...(slurm ? { slurm } : {}),
  };
  const text = JSON.stringify(holder, null, 2) + '\n';
  const removeCreated = () => {
    if (!firstCreated) return;
    // Only folders this lock created, and only while empty: a refused or cancelled start leaves nothing.
    for (let d = dir; !relative(firstCreated, d).startsWith('..'); d = dirname(d)) {
      try {
        rmdirSync(d);
      } catch {
        return;
      }
      if (d === firstCreated) return;
    }
  };

  // Written aside, then hard-linked into place: the link fails if a lock exists, and a reader never sees half a lock.
  const fresh = sideName(dir, 'new');
  let notice: string | undefined;
  try {
    writeFileSync(fresh, text);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 20) throw new SweepError(dir, `could not take the lock ${file}: it kept changing; is another cpi-sim starting on this folder?`);
      try {
        linkSync(fresh, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SweepError(dir, `cannot take the lock ${file}: ${(err as Error).message}`);
      }
      const found = readFolderLock(dir);
      if (found === undefined) continue; // released meanwhile
      const verdict = verdictOf(found, env);
      if (verdict === 'live' || ((verdict === 'elsewhere' || verdict === 'unreadable') && !options.force)) throw refusal(dir, found, verdict);
      if (!removeIfUnchanged(file, found.text)) continue;
      const was = found.holder ? describeHolder(found.holder) : 'an unreadable lock file';
      notice =
        verdict === 'dead'
          ? `Took over the lock on ${dir}: its holder (${was}) is no longer running.`
          : verdict === 'requeued'
            ? `Took over the lock on ${dir}: its holder (${was}) was an earlier run of this SLURM job, which has ended.`
            : `Took over the lock on ${dir} because of --force: ${was} could not be checked from this host.`;
    }
  } catch (err) {
    rmSync(fresh, { force: true });
    removeCreated();
    throw err;
  }
  rmSync(fresh, { force: true });
  removeLeftovers(dir);

  let released = false;
  const lock: FolderLock = {
    file,
    holder,
    release: () => {
      if (released) return;
      released = true;
      unhold(lock);
      try {
        if (readFolderLock(dir)?.holder?.token === holder.token) rmSync(file, { force: true });
      } catch {
        // an unreadable lock is not ours to remove
      }
      removeCreated();
    },
  };
  hold(lock);
  if (notice) options.onTakeover?.(notice);
  return lock;
}

/**
 * Refuse to read a folder that a live writer holds (merge reads its shards): throws SweepError like a second
 * writer gets; a stale lock is ignored (nothing is written); one from elsewhere is refused unless `force`.
 */
export function checkFolderUnlocked(dir: string, options: { force?: boolean; env?: Readonly<Record<string, string | undefined>> } = {}): void {
  const found = readFolderLock(dir);
  if (found === undefined) return;
  const verdict = verdictOf(found, options.env ?? process.env);
  if (verdict === 'live' || ((verdict === 'elsewhere' || verdict === 'unreadable') && !options.force)) throw refusal(dir, found, verdict);
}
