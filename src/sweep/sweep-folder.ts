// A sweep's results folder on disk, and what makes it resumable: sweep.json (the sweep's identity) is
// written first, then finished chunks of runs land in .partial/ one file each (temp + rename, so a chunk is
// whole or absent whenever the process dies), then the chunks are concatenated in run order into the final
// files, manifest.json last. Part of sweep/ (Node only). A folder is fresh, resumable, complete or refused
// (another sweep or shard); only the holder of its lock (folder-lock.ts) inspects or writes it.
import { killAtChunkCount } from './kill-point.js';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { inspectFolderOwnership } from '../output/write-folder.js';
import { isInsideName, readManifest } from '../output/verify-folder.js';
import { SWEEP_FORMAT } from './plan.js';
import { sha256Hex } from '../output/canonical-json.js';
import { writeFileAtomically } from '../output/write-folder.js';
import { isLockName } from './folder-lock.js';
import { SweepError } from './sweep-error.js';
import type { ChunkResult } from './sweep-runs.js';
import { isTempName, openStreamedFile, removeTempFiles } from './stream-file.js';
import { MANIFEST_FORMAT, SWEEP_FILES } from './sweep-output.js';

export const PARTIAL_DIR = '.partial';
const STATE_FILE = 'state.json';
const CHUNK_NAME = /^chunk-(\d{10})-(\d{10})\.csv$/;

/** A finished chunk: positions [start, end) of the folder's slice of the plan. */
export interface ChunkRef {
  readonly start: number;
  readonly end: number;
  readonly file: string;
}

export type FolderState =
  | { readonly kind: 'fresh' }
  | { readonly kind: 'resume'; readonly chunks: readonly ChunkRef[] }
  | { readonly kind: 'complete'; readonly manifest: Record<string, unknown> };

const shardText = (shard: string | null) => (shard ? `shard ${shard}` : 'the whole sweep (no shard)');
const pad = (n: number) => String(n).padStart(10, '0');

/** The files and folders of a sweep folder that --force may remove (nothing else is touched). */
const OWN_ENTRIES = [SWEEP_FILES.results, SWEEP_FILES.runs, SWEEP_FILES.arrow, SWEEP_FILES.manifest, SWEEP_FILES.sweep, PARTIAL_DIR];

function readJsonFile(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The derived files (sensitivity.csv…) a sweep folder's manifest records. */
function derivedNames(dir: string): string[] {
  const manifest = readManifest(dir);
  return typeof manifest === 'string' ? [] : (manifest.derived ?? []).map((d) => d.name).filter(isInsideName);
}

/**
 * Files in `dir` that cpi-sim's sweep did not write, so that --force may not remove them: a finished folder
 * must hold only what its manifest lists (files and derived files); an unfinished one only sweep.json (a
 * cpi-sim sweep document), the final files and .partial/'s chunks. The lock and temp files are cpi-sim's.
 */
export function unknownSweepFiles(dir: string): string[] {
  const ignore = (name: string) => isTempName(basename(name)) || isLockName(name);
  if (existsSync(join(dir, SWEEP_FILES.manifest))) {
    const owner = inspectFolderOwnership(dir, (name) => ignore(name) || name.startsWith(`${PARTIAL_DIR}/`));
    if (owner.ours) return owner.kind === 'sweep' ? [] : [SWEEP_FILES.manifest];
    return [`${SWEEP_FILES.manifest} (${owner.why})`];
  }
  const sweep = readJsonFile(join(dir, SWEEP_FILES.sweep));
  if (!sweep || sweep.format !== SWEEP_FORMAT) return [`${SWEEP_FILES.sweep} (not a "${SWEEP_FORMAT}" document)`];
  const known = new Set<string>(OWN_ENTRIES);
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (ignore(name)) continue;
    if (!known.has(name)) out.push(name);
    else if (name === PARTIAL_DIR) {
      if (!statSync(join(dir, name)).isDirectory()) out.push(name);
      else for (const inner of readdirSync(join(dir, name))) if (!CHUNK_NAME.test(inner) && inner !== STATE_FILE && !isTempName(inner)) out.push(`${PARTIAL_DIR}/${inner}`);
    } else if (!lstatSync(join(dir, name)).isFile()) out.push(`${name} (not a file)`);
  }
  return out;
}

/** Remove a sweep folder's own files (for --force), after checking it holds nothing else (SweepError). */
export function clearSweepFolder(dir: string): void {
  const unknown = unknownSweepFiles(dir);
  if (unknown.length)
    throw new SweepError(
      dir,
      `refusing to replace this folder even with --force: it holds files cpi-sim's sweep did not write: ${unknown.slice(0, 6).join(', ')}${unknown.length > 6 ? ` and ${unknown.length - 6} more` : ''}; choose another --out, or move them away yourself`,
    );
  for (const name of [...OWN_ENTRIES, ...derivedNames(dir)]) rmSync(join(dir, name), { recursive: true, force: true });
  if (existsSync(dir)) removeTempFiles(dir);
}

/**
 * What is in `dir` for this sweep (its sweep.json text) and shard. Throws SweepError for a folder that is
 * not a sweep folder, or holds another sweep or another shard (unless `force`, which clears it).
 */
export function inspectSweepFolder(dir: string, sweepText: string, shard: string | null, force: boolean): FolderState {
  if (!existsSync(dir)) return { kind: 'fresh' };
  if (!statSync(dir).isDirectory()) throw new SweepError(dir, 'cannot write the sweep here: it is a file, not a folder; choose another --out');
  const names = readdirSync(dir).filter((n) => !isTempName(n) && !isLockName(n));
  if (names.length === 0) return { kind: 'fresh' };
  const refuse = (message: string): FolderState => {
    if (!force) throw new SweepError(dir, message);
    clearSweepFolder(dir);
    return { kind: 'fresh' };
  };
  if (!names.includes(SWEEP_FILES.sweep)) {
    if (names.length === 1 && names[0] === PARTIAL_DIR && readdirSync(join(dir, PARTIAL_DIR)).every(isTempName)) return { kind: 'fresh' };
    throw new SweepError(dir, `the output folder exists and is not a sweep folder (it has no ${SWEEP_FILES.sweep}); choose another --out, or remove it yourself`);
  }
  const existing = readFileSync(join(dir, SWEEP_FILES.sweep), 'utf8');
  if (existing !== sweepText) {
    const other = (() => {
      try {
        return (JSON.parse(existing) as { name?: string }).name;
      } catch {
        return undefined;
      }
    })();
    return refuse(
      `the output folder holds a different sweep${other ? ` ("${other}")` : ''}: its ${SWEEP_FILES.sweep} (sha256 ${sha256Hex(existing).slice(0, 12)}…) is not this sweep's (sha256 ${sha256Hex(sweepText).slice(0, 12)}…), so it cannot be resumed; choose another --out, or add --force to replace it`,
    );
  }
  const manifest = readJsonFile(join(dir, SWEEP_FILES.manifest));
  if (manifest && manifest.format === MANIFEST_FORMAT) {
    const had = (manifest.shard as string | null) ?? null;
    if (had !== shard) return refuse(`the output folder holds ${shardText(had)} of this sweep, complete; this command asks for ${shardText(shard)}; choose another --out, or add --force to replace it`);
    if (force) {
      clearSweepFolder(dir);
      return { kind: 'fresh' };
    }
    return { kind: 'complete', manifest };
  }
  const state = readJsonFile(join(dir, PARTIAL_DIR, STATE_FILE));
  if (!state) return { kind: 'fresh' }; // stopped between sweep.json and the state file: no chunk can exist yet
  const had = (state.shard as string | null) ?? null;
  if (had !== shard) return refuse(`the output folder holds ${shardText(had)} of this sweep, unfinished; this command asks for ${shardText(shard)}; rerun with --shard ${had ?? '(none)'} to finish it, choose another --out, or add --force to replace it`);
  return { kind: 'resume', chunks: listChunks(dir) };
}

/** Start a fresh sweep folder: sweep.json first (the identity), then the state file naming the shard. */
export function startSweepFolder(dir: string, sweepText: string, shard: string | null): void {
  mkdirSync(join(dir, PARTIAL_DIR), { recursive: true });
  removeTempFiles(dir);
  removeTempFiles(join(dir, PARTIAL_DIR));
  for (const name of readdirSync(join(dir, PARTIAL_DIR))) rmSync(join(dir, PARTIAL_DIR, name), { recursive: true, force: true });
  writeFileAtomically(join(dir, SWEEP_FILES.sweep), sweepText, { force: true });
  writeFileAtomically(join(dir, PARTIAL_DIR, STATE_FILE), JSON.stringify({ sweep_sha256: sha256Hex(sweepText), shard }, null, 2) + '\n', { force: true });
}

/** Prepare a folder found unfinished: remove what a killed process left half-written. */
export function resumeSweepFolder(dir: string): void {
  removeTempFiles(dir);
  removeTempFiles(join(dir, PARTIAL_DIR));
}

/** The finished chunks in .partial/, by start position; throws if two overlap (which never happens by design). */
export function listChunks(dir: string): ChunkRef[] {
  const partial = join(dir, PARTIAL_DIR);
  if (!existsSync(partial)) return [];
  const chunks: ChunkRef[] = [];
  for (const name of readdirSync(partial)) {
    const m = CHUNK_NAME.exec(name);
    if (m) chunks.push({ start: Number(m[1]), end: Number(m[2]), file: join(partial, name) });
  }
  chunks.sort((a, b) => a.start - b.start);
  for (let i = 1; i < chunks.length; i++)
    if (chunks[i].start < chunks[i - 1].end) throw new SweepError(dir, `chunks ${chunks[i - 1].file} and ${chunks[i].file} overlap; the folder is damaged: add --force to start again`);
  return chunks;
}

/** Positions of [0, size) not covered by chunks, as [start, end) intervals. */
export function missingIntervals(chunks: readonly ChunkRef[], size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = 0;
  for (const c of chunks) {
    if (c.start > at) out.push([at, Math.min(c.start, size)]);
    at = Math.max(at, c.end);
  }
  if (at < size) out.push([at, size]);
  return out;
}

/** Write one finished chunk (positions [start, end)) atomically: a header line, its runs.csv lines, its results.csv lines. */
export function writeChunk(dir: string, start: number, end: number, result: ChunkResult): void {
  const runs = Buffer.from(result.runsText, 'utf8');
  const file = openStreamedFile(join(dir, PARTIAL_DIR, `chunk-${pad(start)}-${pad(end)}.csv`));
  try {
    file.write(`#chunk ${start} ${end} ${runs.byteLength} ${result.rows} ${result.failed}\n`);
    file.write(runs);
    file.write(result.results);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
  killAtChunkCount(join(dir, PARTIAL_DIR), (name) => CHUNK_NAME.test(name));
}

/** A chunk's runs.csv lines and results.csv lines (bytes). */
export function readChunk(chunk: ChunkRef): { runsText: string; results: Buffer; rows: number; failed: number } {
  const buf = readFileSync(chunk.file);
  const nl = buf.indexOf(10);
  const m = /^#chunk (\d+) (\d+) (\d+) (\d+) (\d+)$/.exec(buf.subarray(0, nl).toString('utf8'));
  if (!m || Number(m[1]) !== chunk.start || Number(m[2]) !== chunk.end) throw new SweepError(chunk.file, 'not a sweep chunk file (bad first line); the folder is damaged: add --force to start again');
  const runsEnd = nl + 1 + Number(m[3]);
  return {
    runsText: buf.subarray(nl + 1, runsEnd).toString('utf8'),
    results: buf.subarray(runsEnd),
    rows: Number(m[4]),
    failed: Number(m[5]),
  };
}

/** Remove the chunks once the final files are in place. */
export function removePartial(dir: string): void {
  rmSync(join(dir, PARTIAL_DIR), { recursive: true, force: true });
}

/** The absolute folder for --out. */
export const sweepFolderPath = (cwd: string, out: string) => resolve(cwd, out);
