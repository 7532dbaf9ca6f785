// Atomic writing of a results folder and of single files. Part of output/ (Node only).
// Everything goes into a hidden sibling temp folder first and is renamed into place only when complete,
// so an interrupted run never leaves a half-written results folder. `force` replaces only an earlier
// results folder (one with a manifest.json), and only after the new one is complete. The checks run
// before any simulation, so bad output places fail fast and nothing is written.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { OutputError } from './output-error.js';

export interface WriteOptions {
  /** Replace an existing results folder (one holding a manifest.json) or an existing file. */
  readonly force?: boolean;
  /** Names in an output folder that do not count as its content (e.g. a lock its writer holds). */
  readonly ignore?: (name: string) => boolean;
}

/** The file that marks a folder as a results folder, which --force may replace. */
export const RESULTS_MARKER = 'manifest.json';

export interface FolderFile {
  /** Path inside the folder (may contain subfolders). */
  readonly name: string;
  readonly text: string;
}

/** The nearest existing ancestor of a path (the path itself if it exists). */
function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  return p;
}

function checkCanCreateIn(path: string, what: string): void {
  const anchor = nearestExisting(dirname(resolve(path)));
  if (!statSync(anchor).isDirectory()) throw new OutputError(`cannot write ${what} ${path}: ${anchor} is a file, not a folder`);
  try {
    accessSync(anchor, constants.W_OK);
  } catch {
    throw new OutputError(`cannot write ${what} ${path}: the folder ${anchor} is not writable`);
  }
}

/** Throw an OutputError unless a results folder can be written at `dir`. Writes nothing. */
export function checkOutputFolder(dir: string, options: WriteOptions = {}): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new OutputError(`cannot write results to ${dir}: it is a file, not a folder`);
    const names = readdirSync(dir).filter((n) => !options.ignore?.(n));
    if (names.length > 0 && !options.force)
      throw new OutputError(`the output folder ${dir} already exists and is not empty; choose another --out, or add --force to replace it`);
    // --force replaces whole folders: only ever an earlier results folder, never the working folder or
    // one above it, nor a folder of other files given by mistake.
    const rel = relative(resolve(dir), process.cwd());
    if (names.length > 0 && (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))))
      throw new OutputError(`refusing to replace ${dir}: it holds the working folder; choose another --out`);
    if (names.length > 0 && !names.includes(RESULTS_MARKER))
      throw new OutputError(
        `refusing to replace ${dir} even with --force: it is not a results folder (it has no ${RESULTS_MARKER}); choose another --out, or remove it yourself`,
      );
  }
  checkCanCreateIn(dir, 'results to');
}

/** Throw an OutputError unless a single file can be written at `file`. Writes nothing. */
export function checkOutputFile(file: string, options: WriteOptions = {}): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new OutputError(`cannot write ${file}: it is a folder`);
    if (!options.force) throw new OutputError(`the file ${file} already exists; choose another name, or add --force to replace it`);
  }
  checkCanCreateIn(file, 'the file');
}

const stamp = () => `${process.pid}-${Date.now().toString(36)}`;

/** File system failures (permissions, a full disk, a read-only place) become OutputErrors naming the place. */
function asOutputError(err: unknown, what: string): unknown {
  return err instanceof Error && 'code' in err && !(err instanceof OutputError) ? new OutputError(`cannot write ${what}: ${err.message}`) : err;
}

/** Write all files into `dir` at once (temp folder, then rename). */
export function writeFolderAtomically(dir: string, files: readonly FolderFile[], options: WriteOptions = {}): void {
  checkOutputFolder(dir, options);
  try {
    swapInFolder(dir, files);
  } catch (err) {
    throw asOutputError(err, `results to ${dir}`);
  }
}

function swapInFolder(dir: string, files: readonly FolderFile[]): void {
  const target = resolve(dir);
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temp = join(parent, `.${basename(target)}.partial-${stamp()}`);
  mkdirSync(temp);
  try {
    for (const f of files) {
      if (isAbsolute(f.name) || f.name.split(/[\\/]/).includes('..')) throw new OutputError(`cannot write ${f.name} inside ${dir}: not a path inside the folder`);
      const path = join(temp, f.name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.text);
    }
  } catch (err) {
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  // Swap: move the old folder aside, move the new one in, then delete the old one.
  let old: string | undefined;
  if (existsSync(target)) {
    if (readdirSync(target).length === 0) rmSync(target, { recursive: true });
    else {
      old = join(parent, `.${basename(target)}.old-${stamp()}`);
      renameSync(target, old);
    }
  }
  try {
    renameSync(temp, target);
  } catch (err) {
    if (old) renameSync(old, target);
    rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  if (old) rmSync(old, { recursive: true, force: true });
}

/** Write one file (text, or bytes such as a PNG) at once: temp file beside it, then rename. */
export function writeFileAtomically(file: string, text: string | Uint8Array, options: WriteOptions = {}): void {
  checkOutputFile(file, options);
  const target = resolve(file);
  const temp = join(dirname(target), `.${basename(target)}.partial-${stamp()}`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw asOutputError(err, `the file ${file}`);
  }
}
