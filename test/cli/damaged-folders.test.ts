// A damaged-folder fuzzer (issue 13): real small results folders of every kind (a run, a replicates run, a
// virtual trial with a power curve, an analysed sweep, a sweep's shard) get seeded damage to each of their
// files — truncation, a flipped byte, an emptied file, a file turned into a folder, a missing file,
// wrong-typed JSON, a renamed CSV column, an arm renamed to one with quotes — and every command that reads that
// kind of folder (merge, analyze sensitivity, chart, report) runs on each, with and without --trust. Claims:
// no crash (exit 2, a stack trace), and no silent acceptance of a changed file without --trust (only
// manifest.json's own unhashed fields may change unnoticed). The counts are printed.
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStream, type RandomStream } from '../../src/rng/stream.js';
import { createCli, type CliRun } from '../support/cli.js';
import { tempDir, tinyMorrisSweep } from '../sweep/sweep-fixture.js';

const SEED = 13;
const SWEEP = tinyMorrisSweep('fuzz-morris', 'two barrier scales, for the damaged-folder fuzzer');

type Kind = 'run' | 'replicates' | 'trial' | 'sweep' | 'shard';
const DAMAGES = ['truncate', 'flip', 'empty', 'folder', 'missing', 'json-type', 'rename-column', 'quoted-arm'] as const;
type Damage = (typeof DAMAGES)[number];

let root: string;
let cli: (argv: string[]) => Promise<CliRun>;
const source: Record<Kind, string> = { run: '', replicates: '', trial: '', sweep: '', shard: '' };

/** Every value's path in a JSON document (objects' keys and arrays' indices), the root included. */
function jsonPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...jsonPaths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...jsonPaths(v, [...at, k]));
  return out;
}

/** Replace the value at `path` with one of another type. */
function retype(doc: unknown, path: Array<string | number>, rng: RandomStream): unknown {
  const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const choices: unknown[] = [null, 42, 'x', [], {}, true, -1.5];
  const pick = (old: unknown) => {
    const others = choices.filter((c) => typeOf(c) !== typeOf(old));
    return others[rng.int(others.length)];
  };
  if (path.length === 0) return pick(doc);
  let node = doc as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  node[last] = pick(node[last]);
  return doc;
}

/**
 * Damage `file` (a name inside `dir`) in one way, with seeded details. Returns false when the damage does not
 * apply (a column rename on a JSON file), so it is not counted.
 */
function damage(dir: string, file: string, kind: Damage, rng: RandomStream): boolean {
  const path = join(dir, file);
  const bytes = readFileSync(path);
  switch (kind) {
    case 'truncate':
      if (bytes.length < 2) return false;
      writeFileSync(path, bytes.subarray(0, 1 + rng.int(bytes.length - 1)));
      return true;
    case 'flip': {
      const b = Buffer.from(bytes);
      const i = rng.int(b.length);
      b[i] ^= 1 + rng.int(255);
      writeFileSync(path, b);
      return true;
    }
    case 'empty':
      writeFileSync(path, '');
      return true;
    case 'folder':
      rmSync(path);
      mkdirSync(path);
      writeFileSync(join(path, 'inside.txt'), 'x');
      return true;
    case 'missing':
      rmSync(path);
      return true;
    case 'json-type': {
      if (!file.endsWith('.json')) return false;
      const doc = JSON.parse(bytes.toString('utf8'));
      const paths = jsonPaths(doc);
      writeFileSync(path, JSON.stringify(retype(doc, paths[rng.int(paths.length)], rng), null, 2));
      return true;
    }
    case 'rename-column': {
      if (!file.endsWith('.csv')) return false;
      const text = bytes.toString('utf8');
      const nl = text.indexOf('\n');
      const header = text.slice(0, nl).split(',');
      const i = rng.int(header.length);
      header[i] = rng.chance(0.5) ? `${header[i]}_renamed` : header[(i + 1) % header.length];
      if (header.join(',') === text.slice(0, nl)) header[i] += '_x';
      writeFileSync(path, header.join(',') + text.slice(nl));
      return true;
    }
    case 'quoted-arm': {
      // An arm name with both quotes, written as a CSV or JSON writer would, in every file of the folder.
      const arm = ['with-barriers', 'no-barriers'][rng.int(2)];
      const odd = `wi"th 'arm'`;
      let changed = false;
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (!statSync(p).isFile()) continue;
        const text = readFileSync(p, 'utf8');
        const next = name.endsWith('.csv') ? text.split(arm).join(`"${odd.replace(/"/g, '""')}"`) : name.endsWith('.json') ? text.split(`"${arm}"`).join(JSON.stringify(odd)) : text;
        if (next !== text) {
          writeFileSync(p, next);
          changed ||= name === file;
        }
      }
      return changed;
    }
  }
}

/** The commands that read each kind of folder `d` (outputs go to `o`, a fresh name per run). */
function commandsFor(kind: Kind, d: string, o: string): string[][] {
  switch (kind) {
    case 'run':
      return [
        ['chart', d, '--out', `${o}-traj.svg`],
        ['chart', d, '--kind', 'network-growth', '--out', `${o}-growth.json`],
      ];
    case 'replicates':
      return [
        ['chart', d, '--kind', 'difference', '--out', `${o}-diff.svg`],
        ['report', d, '--out', `${o}-report.html`, '--quiet'],
      ];
    case 'trial':
      return [
        ['chart', d, '--out', `${o}-power.svg`],
        ['chart', d, '--kind', 'effect-sizes', '--measure', 'p', '--out', `${o}-p.json`],
        ['report', source.replicates, '--trial', d, '--out', `${o}-report.html`, '--quiet'],
      ];
    case 'sweep':
      return [
        ['analyze', 'sensitivity', d, '--bootstrap', '5', '--out', `${o}-sens.csv`, '--quiet'],
        ['chart', d, '--out', `${o}-sens.svg`],
        ['chart', d, '--kind', 'tornado', '--out', `${o}-tornado.json`],
      ];
    case 'shard':
      return [['merge', `${o}-merged`, source.shard.replace(/shard2$/, 'shard1'), d, '--quiet']];
  }
}

beforeAll(async () => {
  root = tempDir('damaged');
  cli = createCli(root);
  const ok = async (argv: string[]) => {
    const r = await cli(argv);
    if (r.code !== 0) throw new Error(`cpi-sim ${argv.join(' ')}: ${r.stderr}`);
  };
  writeFileSync(join(root, 'fuzz.json'), JSON.stringify(SWEEP));
  await ok(['run', 'teaching-barriers', '--ticks', '2', '--out', 'run', '--quiet']);
  await ok(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '3', '--out', 'replicates', '--quiet']);
  await ok(['trial', 'teaching-null', '--replicates', '3', '--n', '20,40', '--out', 'trial', '--quiet']);
  await ok(['sweep', 'fuzz.json', '--out', 'sweep', '--workers', '1', '--yes', '--quiet']);
  await ok(['analyze', 'sensitivity', 'sweep', '--bootstrap', '5', '--quiet']);
  await ok(['sweep', 'fuzz.json', '--out', 'shard1', '--shard', '1/2', '--workers', '1', '--yes', '--quiet']);
  await ok(['sweep', 'fuzz.json', '--out', 'shard2', '--shard', '2/2', '--workers', '1', '--yes', '--quiet']);
  for (const k of ['run', 'replicates', 'trial', 'sweep'] as const) source[k] = join(root, k);
  source.shard = join(root, 'shard2');
}, 180_000);

describe('commands on damaged results folders', () => {
  it('never crash, and never accept a changed file without --trust', async () => {
    // More rounds (each a new seed) behind an environment variable: CPI_SIM_FUZZ_ROUNDS=10 npx vitest run test/cli/damaged-folders.test.ts
    const rounds = Math.max(1, Number(process.env.CPI_SIM_FUZZ_ROUNDS ?? 1) || 1);
    const reportShare = rounds > 1 ? 1 : 0.15;
    const counts = { damages: 0, runs: 0, ok: 0, refused: 0, crashes: 0, silent: 0 };
    const crashes: string[] = [];
    const silent: string[] = [];
    let n = 0;
    for (let round = 0; round < rounds; round++) {
      const rng = createStream(SEED + round);
      for (const kind of ['run', 'replicates', 'trial', 'sweep', 'shard'] as const) {
        const files = readdirSync(source[kind]).filter((f) => statSync(join(source[kind], f)).isFile());
        for (const file of files)
          for (const how of DAMAGES) {
            const dir = join(root, `d${++n}-${kind}`);
            cpSync(source[kind], dir, { recursive: true });
            if (!damage(dir, file, how, rng)) {
              rmSync(dir, { recursive: true });
              continue;
            }
            counts.damages++;
            const manifest = JSON.parse(readFileSync(join(source[kind], 'manifest.json'), 'utf8'));
            // A derived file that is gone, or manifest.json's own (unhashed) fields, may go unnoticed.
            const derivedGone = how === 'missing' && (manifest.derived ?? []).some((d: { name: string }) => d.name === file);
            const detectable = file !== 'manifest.json' && !derivedGone;
            for (const trust of [false, true]) {
              for (const argv of commandsFor(kind, dir, join(root, `o${n}${trust ? 't' : ''}`))) {
                // A report with --trust draws every chart (about a second): a seeded sample of them runs.
                if (trust && argv[0] === 'report' && !rng.chance(reportShare)) continue;
                const r = await cli(trust ? [...argv, '--trust'] : argv);
                counts.runs++;
                const label = `${kind}/${file} ${how}${trust ? ' --trust' : ''}: cpi-sim ${argv.join(' ').replaceAll(root, '.')}`;
                if (r.code === 2 || /unexpected error|\n\s+at /.test(r.stderr)) {
                  counts.crashes++;
                  crashes.push(`${label}\n${r.stderr.slice(0, 600)}`);
                } else if (r.code === 0 || r.code === 3) {
                  counts.ok++;
                  if (!trust && detectable) {
                    counts.silent++;
                    silent.push(label);
                  }
                } else counts.refused++;
              }
            }
            rmSync(dir, { recursive: true, force: true });
          }
      }
    }
    console.log(`damaged-folder fuzzer (seeds ${SEED}–${SEED + rounds - 1}): ${JSON.stringify(counts)}`);
    expect(crashes).toEqual([]);
    expect(silent).toEqual([]);
    expect(counts.damages).toBeGreaterThan(100 * rounds);
  }, 900_000);
});
