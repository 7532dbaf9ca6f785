// Check a results folder against its manifest before anything reads it: the manifest is a cpi-sim manifest
// (validated with a zod schema: format, tool name, every file's name, bytes, SHA-256 and rows), and every
// file it lists is a regular file of the recorded size, SHA-256 and CSV row count, read once in pieces so a
// large results.csv costs one streamed pass. Part of output/ (Node only). A mismatch is a
// FolderIntegrityError naming the file; with `trust` the problems become warnings and the reader goes on.
import { closeSync, existsSync, fstatSync, lstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { FolderIntegrityError } from './output-error.js';

/** The manifest's own file name. */
export const MANIFEST_FILE = 'manifest.json';

/** Bigger than any manifest cpi-sim writes; a bigger file is not read whole. */
export const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

/** "cpi-sim <kind> manifest, version N", as every manifest's `format` names its folder's kind. */
export const MANIFEST_FORMAT_PATTERN = /^cpi-sim (run|replicates|trial|sweep|calibration|audit) manifest, version (\d+)$/;

/** The kinds of results folder, as their manifests' `format` names them. */
export type ResultsKind = 'run' | 'replicates' | 'trial' | 'sweep' | 'calibration' | 'audit';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hexadecimal digits (a SHA-256)');
const count = z.number().int().nonnegative();

/** One file a manifest lists. */
export const manifestFileSchema = z.looseObject({
  name: z.string().min(1),
  bytes: count,
  sha256,
  rows: count.optional(),
});

/**
 * A file written into the folder after it was complete (sensitivity.csv by `cpi-sim analyze`), with the
 * SHA-256s of the files it was computed from: it belongs to the folder only while they are unchanged.
 */
export const derivedFileSchema = manifestFileSchema.extend({
  from: z.record(z.string(), sha256),
});

export const resultsManifestSchema = z.looseObject({
  format: z.string().regex(MANIFEST_FORMAT_PATTERN, 'expected "cpi-sim <run|replicates|trial|sweep|calibration> manifest, version N"'),
  package: z.looseObject({ name: z.literal('cpi-sim'), version: z.string() }),
  files: z.array(manifestFileSchema),
  derived: z.array(derivedFileSchema).optional(),
});

/** What a sweep's manifest adds (merge and the readers of sweep folders use these fields). */
export const sweepManifestSchema = resultsManifestSchema.extend({
  sweep: z.looseObject({ name: z.string(), file: z.string(), sha256 }),
  shard: z.string().nullable(),
  runs: z.looseObject({ planned: count, in_folder: count, ok: count, failed: count }),
  results_rows: count,
});

export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type DerivedFile = z.infer<typeof derivedFileSchema>;
export type ResultsManifest = z.infer<typeof resultsManifestSchema>;
export type SweepManifest = z.infer<typeof sweepManifestSchema>;

export interface VerifyOptions {
  /** Go on despite problems, each told to `warn` (the CLI's --trust). */
  readonly trust?: boolean;
  readonly warn?: (message: string) => void;
  /** The kinds of folder the reader accepts (default any). */
  readonly kinds?: readonly ResultsKind[];
  /** Listed files not to check (files this reader never opens, such as a large results.arrow). */
  readonly skip?: readonly string[];
  /** Files the reader needs: each must be listed in the manifest. */
  readonly require?: readonly string[];
}

export interface VerifiedFolder {
  readonly dir: string;
  /** The manifest when it is one (undefined only under `trust`). */
  readonly manifest?: ResultsManifest;
  readonly kind?: ResultsKind;
  /** The problems found (empty unless `trust` let the reader go on). */
  readonly problems: readonly string[];
}

/** The issues of a zod error as "field: message" phrases. */
const zodProblems = (error: z.ZodError): string[] => error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(the whole file)'}: ${i.message}`);

/** Read and validate a folder's manifest.json; a string says why it is not one. */
export function readManifest(dir: string): ResultsManifest | string {
  const file = join(dir, MANIFEST_FILE);
  let st;
  try {
    st = lstatSync(file);
  } catch {
    return `${file}: no such file; a folder cpi-sim finished holds one, listing every file with its SHA-256`;
  }
  if (!st.isFile()) return `${file}: not a regular file (${st.isDirectory() ? 'a folder' : st.isSymbolicLink() ? 'a symbolic link' : 'a special file'})`;
  if (st.size > MANIFEST_MAX_BYTES) return `${file}: ${st.size} bytes, more than any manifest cpi-sim writes`;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return `${file}: not valid JSON (${(err as Error).message}); it may be cut short`;
  }
  const parsed = resultsManifestSchema.safeParse(value);
  if (!parsed.success) return `${file}: not a cpi-sim manifest (${zodProblems(parsed.error).join('; ')})`;
  return parsed.data;
}

/** The kind of folder a valid manifest describes. */
export const manifestKind = (manifest: ResultsManifest): ResultsKind => MANIFEST_FORMAT_PATTERN.exec(manifest.format)![1] as ResultsKind;

/** A listed name that lies inside the folder (not absolute, no "..": a network file written elsewhere is not). */
export const isInsideName = (name: string): boolean => !isAbsolute(name) && !name.split(/[\\/]/).includes('..');

/** Bytes, SHA-256 and CSV records (lines outside quoted fields) of a file, read once in pieces. */
export interface FileDigest {
  readonly bytes: number;
  readonly sha256: string;
  /** Records ending in a newline (a CSV's header counts as one). */
  readonly records: number;
}

const PIECE = 4 * 1024 * 1024;

/** Stream a file once: its size, SHA-256 and count of newline-ended CSV records (quote-aware). */
export function digestFile(path: string): FileDigest {
  const fd = openSync(path, 'r');
  try {
    if (!fstatSync(fd).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EISDIR' });
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(PIECE);
    let bytes = 0;
    let records = 0;
    let quoted = false;
    for (;;) {
      const n = readSync(fd, buf, 0, PIECE, null);
      if (n === 0) break;
      const piece = n === PIECE ? buf : buf.subarray(0, n);
      hash.update(piece);
      bytes += n;
      // Newlines outside quoted fields end records; a quote toggles (an escaped "" toggles twice).
      let i = 0;
      while (i < n) {
        if (quoted) {
          const q = piece.indexOf(34, i);
          if (q < 0) break;
          quoted = false;
          i = q + 1;
        } else {
          const q = piece.indexOf(34, i);
          const end = q < 0 ? n : q;
          for (let nl = piece.indexOf(10, i); nl >= 0 && nl < end; nl = piece.indexOf(10, nl + 1)) records++;
          if (q < 0) break;
          quoted = true;
          i = q + 1;
        }
      }
    }
    return { bytes, sha256: hash.digest('hex'), records };
  } finally {
    closeSync(fd);
  }
}

/** Problems of one listed file against its entry ([] when it matches). */
export function checkListedFile(dir: string, entry: ManifestFile): string[] {
  const path = join(dir, entry.name);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return [`${path}: missing; the manifest lists it (${entry.bytes} bytes)`];
  }
  if (!st.isFile()) return [`${path}: ${st.isDirectory() ? 'a folder' : st.isSymbolicLink() ? 'a symbolic link' : 'a special file'} where the manifest lists a file of ${entry.bytes} bytes`];
  let d: FileDigest;
  try {
    d = digestFile(path);
  } catch (err) {
    return [`${path}: cannot be read (${(err as Error).message})`];
  }
  const out: string[] = [];
  if (d.bytes !== entry.bytes) out.push(`${path}: ${d.bytes} bytes, but the manifest records ${entry.bytes}${d.bytes < entry.bytes ? ' (cut short?)' : ''}`);
  else if (d.sha256 !== entry.sha256) out.push(`${path}: its SHA-256 is ${d.sha256.slice(0, 12)}…, but the manifest records ${entry.sha256.slice(0, 12)}…; the file was changed after cpi-sim wrote it`);
  if (entry.rows !== undefined && /\.csv$/i.test(entry.name) && d.records - 1 !== entry.rows)
    out.push(`${path}: ${Math.max(0, d.records - 1)} rows, but the manifest records ${entry.rows}`);
  return out;
}

/** A derived file's entry belongs to the folder while every file it was computed from is listed with the same SHA-256. */
export function derivedIsCurrent(manifest: ResultsManifest, entry: DerivedFile): boolean {
  const from = Object.entries(entry.from);
  return from.length > 0 && from.every(([name, sha]) => manifest.files.some((f) => f.name === name && f.sha256 === sha));
}

/**
 * Check `dir` against its manifest: every listed file inside the folder (and every derived file still
 * current) is a regular file of the recorded bytes, SHA-256 and rows. Throws FolderIntegrityError listing
 * the problems, unless `trust`, which warns once and returns them.
 */
export function verifyResultsFolder(dir: string, options: VerifyOptions = {}): VerifiedFolder {
  const problems: string[] = [];
  const read = readManifest(dir);
  let manifest: ResultsManifest | undefined;
  let kind: ResultsKind | undefined;
  if (typeof read === 'string') problems.push(read);
  else {
    manifest = read;
    kind = manifestKind(read);
    if (options.kinds && !options.kinds.includes(kind))
      problems.push(`${join(dir, MANIFEST_FILE)}: the folder of a cpi-sim ${kind}, where ${options.kinds.map((k) => `a ${k}`).join(' or ')} folder is expected`);
    const listed = new Set(read.files.map((f) => f.name));
    for (const name of options.require ?? []) if (!listed.has(name)) problems.push(`${join(dir, MANIFEST_FILE)}: does not list ${name}, which this command reads`);
    const skip = new Set(options.skip ?? []);
    const seen = new Set<string>();
    for (const entry of read.files) {
      if (!isInsideName(entry.name) || skip.has(entry.name)) continue;
      if (seen.has(entry.name)) {
        problems.push(`${join(dir, MANIFEST_FILE)}: lists ${entry.name} twice`);
        continue;
      }
      seen.add(entry.name);
      problems.push(...checkListedFile(dir, entry));
    }
    // A derived file may be deleted (it is made again by its command); one that is there must be as recorded.
    for (const entry of read.derived ?? [])
      if (isInsideName(entry.name) && !skip.has(entry.name) && derivedIsCurrent(read, entry) && existsSync(join(dir, entry.name))) problems.push(...checkListedFile(dir, entry));
  }
  if (problems.length === 0) return { dir, manifest, kind, problems };
  const shown = problems.slice(0, 8).join('\n  ') + (problems.length > 8 ? `\n  … and ${problems.length - 8} more` : '');
  if (options.trust) {
    options.warn?.(`warning: reading ${dir} with --trust although it does not match its manifest:\n  ${shown}`);
    return { dir, manifest, kind, problems };
  }
  throw new FolderIntegrityError(
    dir,
    problems,
    `${dir}: the results folder does not match its manifest, so it is not read:\n  ${shown}\nRestore the folder (or run the command that wrote it again); add --trust to read it anyway.`,
  );
}
