// Merge the folders of a sweep's shards (`cpi-sim sweep --shard k/n`) into one folder byte-identical to the
// unsharded sweep: results.csv, runs.csv and sweep.json (and results.arrow when asked). Part of sweep/
// (Node only). Shard k holds the runs with run_id % n === k − 1, each in run-id order, so the merge walks
// the shards round-robin, one line reader each. Refuses folders that are not complete shards of one sweep,
// duplicate or missing shards, shards and output folders another cpi-sim is writing into (folder-lock.ts),
// with messages that say which folder and what to do.
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { sha256Hex } from '../output/canonical-json.js';
import { checkOutputFolder, resolveOutputFolder, writeFileAtomically } from '../output/write-folder.js';
import { LineReader } from './line-reader.js';
import { LOCK_FILE, checkFolderUnlocked, isLockName, lockSweepFolder } from './folder-lock.js';
import { SweepError } from './sweep-error.js';
import { PARTIAL_DIR, listChunks } from './sweep-folder.js';
import { MANIFEST_FORMAT, SWEEP_FILES, arrowFactorsOfDocument, buildSweepManifest, openSweepOutput, type SweepDocumentFactors, type SweepOutput, type SweepOutputTotals } from './sweep-output.js';
import { SWEEP_FORMAT, parseShard, shardSize } from './plan.js';
import { tempNameFor } from './stream-file.js';
import { z } from 'zod';
import { sweepManifestSchema, verifyResultsFolder, type SweepManifest } from '../output/verify-folder.js';

export interface MergeOptions {
  readonly arrow?: boolean;
  readonly force?: boolean;
  readonly command?: string;
  /** Told when the output folder's lock was left by a process that no longer runs and is taken over. */
  readonly onLockTakeover?: (message: string) => void;
  /** Merge shards that do not match their manifests (changed, cut short), each problem told to onWarning. */
  readonly trust?: boolean;
  readonly onWarning?: (message: string) => void;
}

export interface MergeSummary {
  readonly out: string;
  readonly shards: number;
  readonly runs: number;
  readonly ok: number;
  readonly failed: number;
  readonly rows: number;
  readonly files: readonly string[];
}

interface ShardFolder {
  readonly dir: string;
  readonly k: number;
  readonly n: number;
  readonly manifest: Record<string, unknown>;
}

const runIdOf = (line: string) => Number(line.slice(0, line.indexOf(',')));

/** Check the shard folders and merge them into `out` (written at once: temp folder, then rename). */
export async function mergeSweepShards(out: string, dirs: readonly string[], options: MergeOptions = {}): Promise<MergeSummary> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  if (dirs.length === 0) throw new SweepError(out, 'no shard folders given; usage: cpi-sim merge OUT DIR...');

  // 1. Each folder: a complete shard of a sweep.
  let sweepText: string | undefined;
  let sweepFrom = '';
  const shards: ShardFolder[] = [];
  const trusted: string[] = [];
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SweepError(dir, 'no such folder; give the folders that `cpi-sim sweep --shard k/n --out DIR` wrote');
    checkFolderUnlocked(dir, { force: options.force });
    const sweepFile = join(dir, SWEEP_FILES.sweep);
    if (!existsSync(sweepFile)) throw new SweepError(dir, `not a sweep folder (it has no ${SWEEP_FILES.sweep})`);
    const manifestFile = join(dir, SWEEP_FILES.manifest);
    if (!existsSync(manifestFile)) {
      const done = listChunks(dir).reduce((a, c) => a + c.end - c.start, 0);
      throw new SweepError(
        dir,
        `this shard is incomplete (no ${SWEEP_FILES.manifest}${existsSync(join(dir, PARTIAL_DIR)) ? `; ${done} of its runs are done` : ''}); rerun its \`cpi-sim sweep … --shard k/n\` command, which resumes it, then merge again`,
      );
    }
    // Every file the merge reads must be as the shard's sweep wrote it (bytes, SHA-256, rows), so no row is
    // lost or changed on the way; --trust goes on with a warning, and the merged manifest says so.
    const verified = verifyResultsFolder(dir, {
      kinds: ['sweep'],
      require: [SWEEP_FILES.sweep, SWEEP_FILES.runs, SWEEP_FILES.results],
      skip: [SWEEP_FILES.arrow],
      trust: options.trust,
      warn: options.onWarning,
    });
    trusted.push(...verified.problems);
    const parsed = sweepManifestSchema.safeParse(verified.manifest);
    if (!parsed.success)
      throw new SweepError(dir, `its ${SWEEP_FILES.manifest} is not a complete sweep manifest (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`).join('; ')}), so it cannot be merged even with --trust`);
    const manifest = parsed.data as SweepManifest & Record<string, unknown>;
    const text = readRegularFile(sweepFile);
    const sweepSha = manifest.sweep.sha256;
    if (sweepSha !== sha256Hex(text) && !options.trust) throw new SweepError(dir, `its ${SWEEP_FILES.sweep} does not match the hash in its ${SWEEP_FILES.manifest}; the folder was changed after the sweep`);
    if (manifest.shard === null) throw new SweepError(dir, 'this is a whole sweep, not a shard (no --shard); it needs no merge');
    const shard = parseShard(String(manifest.shard));
    if (!shard) throw new SweepError(dir, `its manifest names the shard ${JSON.stringify(manifest.shard)}, which is not k/n`);
    if (sweepText === undefined) {
      sweepText = text;
      sweepFrom = dir;
    } else if (text !== sweepText) {
      const name = (t: string) => {
        try {
          return (JSON.parse(t) as { name?: string }).name;
        } catch {
          return '(not valid JSON)';
        }
      };
      throw new SweepError(
        dir,
        `a shard of a different sweep: its ${SWEEP_FILES.sweep} (sweep "${name(text)}", sha256 ${sha256Hex(text).slice(0, 12)}…) differs from that of ${sweepFrom} ("${name(sweepText)}", sha256 ${sha256Hex(sweepText).slice(0, 12)}…); merge only shards of one sweep`,
      );
    }
    shards.push({ dir, k: shard.k, n: shard.n, manifest });
  }

  // 2. Together: one n, each k once, all of 1..n.
  const n = shards[0].n;
  const other = shards.find((s) => s.n !== n);
  if (other) throw new SweepError(other.dir, `shard ${other.k}/${other.n} was cut into ${other.n} shards, but ${shards[0].dir} into ${n}; merge shards of one split`);
  const byK = new Map<number, ShardFolder>();
  for (const s of shards) {
    const dup = byK.get(s.k);
    if (dup) throw new SweepError(s.dir, `shard ${s.k}/${n} is given twice (also ${dup.dir}); give each shard once`);
    byK.set(s.k, s);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !byK.has(k));
  if (missing.length) throw new SweepError(out, `shard${missing.length > 1 ? 's' : ''} ${missing.map((k) => `${k}/${n}`).join(', ')} missing; give all ${n} shard folders`);
  const ordered = Array.from({ length: n }, (_, i) => byK.get(i + 1)!);
  const doc = parseSweepDocument(sweepFrom, sweepText!);
  for (const s of ordered) {
    const runs = (s.manifest as SweepManifest).runs;
    const want = shardSize(doc.runs, { k: s.k, n });
    if (runs.in_folder !== want) throw new SweepError(s.dir, `shard ${s.k}/${n} holds ${runs.in_folder} runs, not the ${want} of its slice; the folder is damaged`);
  }

  // 3. Merge into a temp folder beside `out`, then put it in place, holding `out`'s lock (checked before and
  // after taking it: the first check creates nothing, the second sees what an earlier holder left).
  // Through a symbolic link: the merged folder goes where it points; the link stays.
  const target = resolveOutputFolder(resolve(out));
  checkOutputFolder(target, { force: options.force, ignore: isLockName, replaces: ['sweep'] });
  const lock = lockSweepFolder(target, { force: options.force, command: options.command, onTakeover: options.onLockTakeover });
  try {
    checkOutputFolder(target, { force: options.force, ignore: isLockName, replaces: ['sweep'] });
    return await mergeInto(target);
  } finally {
    lock.release();
  }

  async function mergeInto(target: string): Promise<MergeSummary> {
    const temp = tempNameFor(target);
    mkdirSync(temp);
    let totals: SweepOutputTotals;
    const runReaders: LineReader[] = [];
    const resultReaders: LineReader[] = [];
    let output: SweepOutput | undefined;
    try {
      for (const s of ordered) {
        runReaders.push(openLines(s.dir, SWEEP_FILES.runs));
        resultReaders.push(openLines(s.dir, SWEEP_FILES.results));
      }
      output = await openSweepOutput({
        dir: temp,
        arrow: options.arrow ?? false,
        levels: { arms: doc.resolved.arms, groups: doc.resolved.groups, measures: doc.resolved.measures, factors: arrowFactorsOfDocument(doc) },
        factorPaths: doc.resolved.factors.map((f) => f.path),
        digest: doc.resolved.digest === true,
      });
      const header = runReaders.map((r) => r.read());
      if (header.some((h) => h !== header[0])) throw new SweepError(out, 'the shards\' runs.csv headers differ; the folders are damaged');
      resultReaders.forEach((r) => r.read());
      let runsText = '';
      let resultsText = '';
      for (let id = 0; id < doc.runs; id++) {
        const s = id % n;
        const line = runReaders[s].read();
        if (line === undefined || runIdOf(line) !== id) throw new SweepError(ordered[s].dir, `runs.csv has ${line === undefined ? 'no more rows' : `run ${runIdOf(line)}`} where run ${id} should be; the folder is damaged`);
        runsText += line + '\n';
        for (let next = resultReaders[s].peek(); next !== undefined && runIdOf(next) === id; next = resultReaders[s].peek()) resultsText += resultReaders[s].read() + '\n';
        // Hand the lines on in pieces of about a megabyte.
        if (resultsText.length > 1 << 20 || runsText.length > 1 << 20) {
          output.addRuns(runsText);
          output.addResults(resultsText);
          runsText = '';
          resultsText = '';
        }
      }
      output.addRuns(runsText);
      output.addResults(resultsText);
      ordered.forEach((s, i) => {
        if (runReaders[i].peek() !== undefined || resultReaders[i].peek() !== undefined) throw new SweepError(s.dir, 'the shard holds rows beyond its runs; the folder is damaged');
      });
      totals = output.close();
      const text = sweepText!;
      writeFileAtomically(join(temp, SWEEP_FILES.sweep), text, { force: true });
      const manifest = buildSweepManifest({
        sweepName: doc.name,
        sweepSha256: sha256Hex(text),
        sweepBytes: Buffer.byteLength(text, 'utf8'),
        shard: null,
        plannedRuns: doc.runs,
        totals,
        // Which shards, from which folders and runs, is provenance of this merge: like the timing it varies
        // between equivalent folders, so it sits in `run`, the one part of a manifest that may differ.
        run: {
          command: options.command ?? 'mergeSweepShards',
          started_at: startedAt,
          wall_time_ms: Math.round(performance.now() - t0),
          node: process.version,
          platform: `${process.platform} ${process.arch}`,
          merged_from: ordered.map((s) => ({ shard: `${s.k}/${n}`, folder: basename(resolve(s.dir)), run: s.manifest.run })),
          // Merged with --trust from shards that did not match their manifests: what did not match.
          ...(trusted.length ? { trusted_despite: trusted } : {}),
        },
      });
      writeFileAtomically(join(temp, SWEEP_FILES.manifest), manifest, { force: true });
    } catch (err) {
      output?.abort();
      rmSync(temp, { recursive: true, force: true });
      throw asSweepError(err, out);
    } finally {
      for (const r of [...runReaders, ...resultReaders]) r.close();
    }
    // Swap in: an earlier merged folder (allowed by --force) goes aside first, then away. The new folder comes
    // in already holding this merge's lock, so it is never seen unlocked while the merge still owns it.
    linkSync(join(target, LOCK_FILE), join(temp, LOCK_FILE));
    let old: string | undefined;
    if (existsSync(target)) {
      old = tempNameFor(target);
      renameSync(target, old);
    }
    renameSync(temp, target);
    if (old) rmSync(old, { recursive: true, force: true });
    return {
      out: target,
      shards: n,
      runs: totals.runs,
      ok: totals.ok,
      failed: totals.failed,
      rows: totals.rows,
      files: [SWEEP_FILES.sweep, ...totals.files.map((f) => f.name), SWEEP_FILES.manifest],
    };
  }
}

/** A file's text, or a SweepError naming it when it is missing or not a regular file. */
function readRegularFile(file: string): string {
  readRegularFileCheck(file);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw asSweepError(err, file);
  }
}

/** A line reader over a shard's file, or a SweepError naming it. */
function openLines(dir: string, name: string): LineReader {
  const file = join(dir, name);
  readRegularFileCheck(file);
  try {
    return new LineReader(file);
  } catch (err) {
    throw asSweepError(err, file);
  }
}

function readRegularFileCheck(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new SweepError(file, 'missing; the shard folder is damaged (restore it, or rerun its `cpi-sim sweep … --shard k/n` command with --force)');
  }
  if (!st.isFile()) throw new SweepError(file, 'not a regular file (a folder or a special file) where the sweep wrote a file; the shard folder is damaged');
}

/** File-system failures (a missing or unreadable file) as SweepErrors naming the place. */
function asSweepError(err: unknown, place: string): unknown {
  if (err instanceof SweepError || !(err instanceof Error) || !('code' in err)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const path = (err as NodeJS.ErrnoException).path ?? place;
  return new SweepError(path, code === 'ENOSPC' ? `the disk is full (${err.message}); nothing was merged: free some space and merge again` : `cannot be read or written (${err.message})`);
}

const sweepDocumentSchema = z.looseObject({
  format: z.string(),
  name: z.string(),
  runs: z.number().int().nonnegative(),
  resolved: z.looseObject({
    arms: z.array(z.string()),
    groups: z.array(z.string()),
    measures: z.array(z.string()),
    factors: z.array(z.looseObject({ path: z.string(), integer: z.boolean().optional(), values: z.array(z.union([z.number(), z.string(), z.boolean()])).optional() })),
  }),
  design_points: z.array(z.looseObject({ values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])) })),
});

type MergedSweepDocument = SweepDocumentFactors & { format: string; name: string; runs: number; resolved: { arms: string[]; groups: string[]; measures: string[]; factors: Array<{ path: string }> } };

/** sweep.json's fields the merge uses, checked (a SweepError names what is wrong). */
function parseSweepDocument(from: string, text: string): MergedSweepDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SweepError(join(from, SWEEP_FILES.sweep), `not valid JSON (${(err as Error).message}); the folder is damaged`);
  }
  const parsed = sweepDocumentSchema.safeParse(value);
  if (!parsed.success)
    throw new SweepError(join(from, SWEEP_FILES.sweep), `not the sweep.json \`cpi-sim sweep\` writes (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`).join('; ')}); the folder is damaged`);
  if (parsed.data.format !== SWEEP_FORMAT) throw new SweepError(join(from, SWEEP_FILES.sweep), `not a "${SWEEP_FORMAT}" document`);
  if (parsed.data.design_points.length === 0 || parsed.data.resolved.factors.some((f) => parsed.data.design_points.some((p) => !(f.path in p.values))))
    throw new SweepError(join(from, SWEEP_FILES.sweep), 'a design point lacks the value of a factor; the folder is damaged');
  return parsed.data as unknown as MergedSweepDocument;
}
