// Shards and merge: the union of a sweep's shards, merged, is byte-identical to the unsharded sweep
// (results.csv, runs.csv, sweep.json, results.arrow) whatever the workers of each shard; the merge refuses
// shards of different sweeps or splits, a shard given twice, a missing shard, an unfinished shard folder,
// a folder that is not a shard, an existing output folder, and folders another cpi-sim is writing into,
// each with a message saying what to do. The merged manifest differs from the unsharded one only in `run`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { buildSweepDocument, planSweep, type SweepPlan } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { mergeSweepShards } from '../../src/sweep/merge-shards.js';
import { startSweepFolder } from '../../src/sweep/sweep-folder.js';
import { lockSweepFolder } from '../../src/sweep/folder-lock.js';
import { entries, folderBytes, manifestWithoutRun, readText, smallSweep, tempDir, writeSweep } from './sweep-fixture.js';

const root = tempDir('merge');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const at = (name: string) => join(root, name);
const planOf = (doc: Record<string, unknown>, name: string): SweepPlan => planSweep(loadSweep(writeSweep(root, doc, `${name}.json`)));
const small = planOf(smallSweep({ replicates: 3 }), 'small');
const FILES = ['results.csv', 'runs.csv', 'sweep.json', 'results.arrow'];

beforeAll(async () => {
  await runSweep(small, { out: at('whole'), workers: 2, arrow: true });
  // Shard 2 with one worker, the others with two: the workers of a shard do not matter.
  for (const k of [1, 2, 3]) await runSweep(small, { out: at(`s${k}`), workers: k === 2 ? 1 : 2, shard: { k, n: 3 } });
  await runSweep(small, { out: at('t1'), workers: 2, shard: { k: 1, n: 2 } });
});

describe('merging shards', () => {
  test('three shards merged in any order are byte-identical to the unsharded sweep, results.arrow included', async () => {
    const summary = await mergeSweepShards(at('merged'), [at('s3'), at('s1'), at('s2')], { arrow: true });
    expect([summary.shards, summary.runs, summary.ok, summary.failed]).toEqual([3, 30, 30, 0]);
    expect(folderBytes(at('merged'), FILES)).toEqual(folderBytes(at('whole'), FILES));
    expect(manifestWithoutRun(at('merged'))).toEqual(manifestWithoutRun(at('whole')));
    const shard = JSON.parse(folderBytes(at('s2'), ['manifest.json'])['manifest.json'].toString());
    expect(shard.shard).toBe('2/3');
    expect(shard.runs).toEqual({ planned: 30, in_folder: 10, ok: 10, failed: 0 });
  });

  test('the merged manifest has the unsharded one\'s keys, in its order, and differs from it only in `run`, which names the shards merged', () => {
    const merged = JSON.parse(readText(at('merged'), 'manifest.json'));
    const whole = JSON.parse(readText(at('whole'), 'manifest.json'));
    expect(Object.keys(merged)).toEqual(Object.keys(whole));
    expect(Object.keys(whole).filter((k) => JSON.stringify(merged[k]) !== JSON.stringify(whole[k]))).toEqual(['run']);
    expect(merged.run.command).toBe('mergeSweepShards');
    expect(merged.run.merged_from.map((m: { shard: string; folder: string }) => [m.shard, m.folder])).toEqual([
      ['1/3', 's1'],
      ['2/3', 's2'],
      ['3/3', 's3'],
    ]);
    expect(merged.run.merged_from[1].run.workers).toBe(1);
  });

  test('an existing output folder is refused, and replaced with force', async () => {
    await expect(mergeSweepShards(at('merged'), [at('s1'), at('s2'), at('s3')])).rejects.toThrow('already exists and is not empty (it holds the results of an earlier cpi-sim sweep); choose another --out, or add --force');
    // A file of the user's in the merged folder: even --force leaves it (and the folder) alone, naming it.
    writeFileSync(join(at('merged'), 'notes.md'), 'mine');
    await expect(mergeSweepShards(at('merged'), [at('s1'), at('s2'), at('s3')], { force: true })).rejects.toThrow(/did not write: notes\.md/);
    expect(readFileSync(join(at('merged'), 'notes.md'), 'utf8')).toBe('mine');
    rmSync(join(at('merged'), 'notes.md'));
    await mergeSweepShards(at('merged'), [at('s1'), at('s2'), at('s3')], { force: true });
    expect(entries(at('merged'))).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
    expect(folderBytes(at('merged'))).toEqual(folderBytes(at('whole')));
  });
});

describe('merge refusals', () => {
  const refused = async (dirs: string[], message: string | RegExp) => {
    await expect(mergeSweepShards(at('refused'), dirs)).rejects.toThrow(message);
    expect(existsSync(at('refused'))).toBe(false);
  };

  test('a shard given twice is refused, naming both folders', () => refused([at('s1'), at('s2'), at('s2')], /s2: shard 2\/3 is given twice \(also .*s2\); give each shard once/));

  test('a missing shard is refused, naming it', () => refused([at('s1'), at('s3')], 'refused: shard 2/3 missing; give all 3 shard folders'));

  test('shards of different splits of the sweep are refused', () => refused([at('s1'), at('s2'), at('t1')], /t1: shard 1\/2 was cut into 2 shards, but .*s1 into 3; merge shards of one split/));

  test('shards of different sweeps are refused, naming both sweeps and their hashes', async () => {
    const other = planOf(smallSweep({ replicates: 2 }), 'other');
    await runSweep(other, { out: at('o2'), workers: 2, shard: { k: 2, n: 3 } });
    await refused([at('s1'), at('o2'), at('s3')], /o2: a shard of a different sweep: its sweep\.json \(sweep "small", sha256 [0-9a-f]{12}…\) differs from that of .*s1/);
  });

  test('an unfinished shard folder is refused, saying how many of its runs are done and how to finish it', async () => {
    startSweepFolder(at('unfinished'), buildSweepDocument(small), '2/3');
    await refused([at('s1'), at('unfinished'), at('s3')], /unfinished: this shard is incomplete \(no manifest\.json; 0 of its runs are done\); rerun its `cpi-sim sweep … --shard k\/n` command/);
  });

  test('an output folder another cpi-sim is writing into is refused, and nothing is left when it lets go', async () => {
    const held = lockSweepFolder(at('refused'), { command: 'cpi-sim merge refused …' });
    try {
      await expect(mergeSweepShards(at('refused'), [at('s1'), at('s2'), at('s3')], { force: true })).rejects.toThrow(
        /refused: another cpi-sim is writing into this folder \(pid \d+ on host .*, running `cpi-sim merge refused …`\)/,
      );
      expect(entries(at('refused'))).toEqual(['.cpi-sim.lock']);
    } finally {
      held.release();
    }
    expect(existsSync(at('refused'))).toBe(false);
  });

  test('a shard folder another cpi-sim is writing into is refused, and the shard is left as it was', async () => {
    const before = entries(at('s2'));
    const held = lockSweepFolder(at('s2'), { command: 'cpi-sim sweep small.json --shard 2/3 --force' });
    try {
      await refused([at('s1'), at('s2'), at('s3')], /s2: another cpi-sim is writing into this folder .*--shard 2\/3 --force`\)/);
    } finally {
      held.release();
    }
    expect(entries(at('s2'))).toEqual(before);
  });

  test('a whole sweep, a folder that is not a sweep folder and a missing folder are refused', async () => {
    await refused([at('whole'), at('s2')], 'this is a whole sweep, not a shard (no --shard); it needs no merge');
    await refused([root], 'not a sweep folder (it has no sweep.json)');
    await refused([at('nowhere')], 'no such folder');
  });
});
