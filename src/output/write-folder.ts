// Atomic writing of a results folder and of single files. Part of output/ (Node only).
// Everything goes into a hidden sibling temp folder first and is renamed into place only when complete,
// so an interrupted run never leaves a half-written results folder. `force` replaces only an earlier
// results folder that cpi-sim provably wrote (its manifest names the tool and the kind of folder, and lists
// every file in it), and only after the new one is complete. The checks run before any simulation, so bad
// output places fail fast and nothing is written.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ExistingOutputError, OutputError } from './output-error.js';

/** The kinds of results folder, as their manifests' `format` names them ("cpi-sim run manifest, version 1"). */
export type ResultsKind = 'run' | 'replicates' | 'trial' | 'sweep' | 'calibration' | 'audit';

export interface WriteOptions {
  /** Replace an existing results folder of one of `replaces`' kinds, or an existing file. */
  readonly force?: boolean;
  /** The kinds of earlier results folder that `force` may replace (default: the kind being written cannot be told, so any cpi-sim kind). */
  readonly replaces?: readonly ResultsKind[];
  /** Names in an output folder that do not count as its content (e.g. a lock its writer holds). */
  readonly ignore?: (name: string) => boolean;
}

/** The file that marks a folder as a results folder, which --force may replace. */
export const RESULTS_MARKER = 'manifest.json';

const MANIFEST_FORMAT = /^cpi-sim (run|replicates|trial|sweep|calibration|audit) manifest, version \d+$/;
/** Bigger than any manifest cpi-sim writes; a bigger file is not one of ours and is not read whole. */
const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

/** What an existing folder provably is: a cpi-sim results folder of some kind, or why not. */
export type FolderOwnership =
  | { readonly ours: true; readonly kind: ResultsKind }
  | { readonly ours: false; readonly why: string };

/** Every regular file under `dir`, as paths relative to it (symbolic links and odd files count as files). */
function filesUnder(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    const st = lstatSync(join(dir, name));
    if (st.isDirectory()) out.push(...filesUnder(join(dir, name), rel));
    else out.push(rel);
  }
  return out;
}

/**
 * Whether `dir` (an existing, non-empty folder) is a results folder cpi-sim wrote: its manifest.json has a
 * cpi-sim `format`, and every file in the folder is the manifest or one the manifest lists. A folder with
 * anything else in it is not replaced, so a user's own files are never deleted.
 */
export function inspectFolderOwnership(dir: string, ignore?: (name: string) => boolean): FolderOwnership {
  const manifestPath = join(dir, RESULTS_MARKER);
  if (!existsSync(manifestPath)) return { ours: false, why: `it has no ${RESULTS_MARKER}, so cpi-sim did not write it` };
  const st = lstatSync(manifestPath);
  if (!st.isFile() || st.size > MANIFEST_MAX_BYTES) return { ours: false, why: `its ${RESULTS_MARKER} is not a cpi-sim manifest` };
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    return { ours: false, why: `its ${RESULTS_MARKER} is not valid JSON, so it is not a cpi-sim manifest` };
  }
  const format = manifest !== null && typeof manifest === 'object' ? (manifest as { format?: unknown }).format : undefined;
  const m = typeof format === 'string' ? MANIFEST_FORMAT.exec(format) : null;
  if (!m) return { ours: false, why: `its ${RESULTS_MARKER} does not name a cpi-sim results folder (no "format": "cpi-sim … manifest, version N")` };
  const listed = new Set<string>([RESULTS_MARKER]);
  const files = (manifest as { files?: unknown }).files;
  if (Array.isArray(files))
    for (const f of files) {
      const name = typeof f === 'string' ? f : f !== null && typeof f === 'object' ? (f as { name?: unknown }).name : undefined;
      if (typeof name === 'string') listed.add(name.split('\\').join('/'));
    }
  const unknown = filesUnder(dir).filter((f) => !listed.has(f) && !ignore?.(f));
  if (unknown.length) {
    const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    return { ours: false, why: `it holds files its manifest does not list, which cpi-sim did not write: ${shown}` };
  }
  return { ours: true, kind: m[1] as ResultsKind };
}

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

/** Whether `dir` exists and holds earlier results cpi-sim wrote, of one of `kinds`. */
export function holdsEarlierResults(dir: string, kinds: readonly ResultsKind[]): boolean {
  if (!existsSync(dir) || !statSync(dir).isDirectory() || readdirSync(dir).length === 0) return false;
  const owner = inspectFolderOwnership(dir);
  return owner.ours && kinds.includes(owner.kind);
}

/** Throw an OutputError unless a results folder can be written at `dir`. Writes nothing. */
export function checkOutputFolder(dir: string, options: WriteOptions = {}): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new OutputError(`cannot write results to ${dir}: it is a file, not a folder`);
    const names = readdirSync(dir).filter((n) => !options.ignore?.(n));
    if (names.length > 0) {
      // --force replaces whole folders: only ever an earlier results folder cpi-sim wrote, never the working
      // folder or one above it, nor a folder of other files given by mistake.
      const rel = relative(resolve(dir), process.cwd());
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
        throw new OutputError(`refusing to replace ${dir}: it holds the working folder; choose another --out`);
      const owner = inspectFolderOwnership(dir, options.ignore);
      if (!owner.ours)
        throw new OutputError(`refusing to replace ${dir}${options.force ? ' even with --force' : ''}: it is not a cpi-sim results folder (${owner.why}); choose another --out, or move it away yourself`);
      if (options.replaces && !options.replaces.includes(owner.kind))
        throw new OutputError(
          `refusing to replace ${dir}${options.force ? ' even with --force' : ''}: it holds the results of a cpi-sim ${owner.kind}, and this command writes ${options.replaces.map((k) => `a ${k}`).join(' or ')} folder; choose another --out`,
        );
      if (!options.force)
        throw new ExistingOutputError(
          `the output folder ${dir} already exists and is not empty (it holds the results of an earlier cpi-sim ${owner.kind}); choose another --out, or add --force to replace it`,
          dir,
        );
    }
  }
  checkCanCreateIn(dir, 'results to');
}

/** Throw an OutputError unless a single file can be written at `file`. Writes nothing. */
export function checkOutputFile(file: string, options: WriteOptions = {}): void {
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new OutputError(`cannot write ${file}: it is a folder`);
    if (!options.force) throw new ExistingOutputError(`the file ${file} already exists; choose another name, or add --force to replace it`, file);
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
