// runSweep, through the library: output byte-identical for 1 and 2 workers; rows that match a direct run
// of the same point and seed; a run that throws recorded as failed while the others finish; a folder left
// by an interrupted sweep completed to the same bytes; folders of other sweeps or shards refused; big
// sweeps refused without a yes; results.arrow holding exactly the rows of results.csv and each row's factor
// values, one typed column per factor; one writer at a time (a second sweep into a folder being written is
// refused; a lock left by a dead process is taken over).
import { afterAll, describe, expect, test } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tableFromIPC } from 'apache-arrow';
import { tableFromIPC as flechetteFromIPC } from '@uwdata/flechette';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { planRun, planSweep, type SweepPlan } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { SweepError } from '../../src/sweep/sweep-error.js';
import { createRunExecutor } from '../../src/sweep/sweep-runs.js';
import { sweepRunContext } from '../../src/sweep/run-sweep.js';
import { PARTIAL_DIR, listChunks, startSweepFolder, writeChunk } from '../../src/sweep/sweep-folder.js';
import { LOCK_FILE } from '../../src/sweep/folder-lock.js';
import { buildSweepDocument } from '../../src/sweep/plan.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { formatNumber } from '../../src/output/format-number.js';
import { csvField } from '../../src/output/csv.js';
import { csvRows, entries, folderBytes, manifestWithoutRun, readText, smallSweep, tempDir, writeSweep } from './sweep-fixture.js';

/** What the engine says of a run with more ties than it can number (refused before anything is built). */
const TOO_BIG = 'ResourceError: scenario "teaching-barriers": too big to run: this run needs 38,250,001,501 ties; the engine numbers them with 32-bit integers, at most 2,147,483,647; use fewer localities, residents or referrals';

const root = tempDir('run-sweep');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const planOf = (doc: Record<string, unknown>, name: string): SweepPlan => planSweep(loadSweep(writeSweep(root, doc, `${name}.json`)));
const small = planOf(smallSweep(), 'small');

describe('a sweep on the worker pool', () => {
  test('gives byte-identical results.csv, runs.csv, sweep.json and results.arrow with 1 and with 2 workers', async () => {
    const one = join(root, 'one');
    const two = join(root, 'two');
    const a = await runSweep(small, { out: one, workers: 1, arrow: true, chunkMs: 20 });
    const b = await runSweep(small, { out: two, workers: 2, arrow: true, chunkMs: 20 });
    expect([a.status, a.runs, a.ok, a.failed]).toEqual(['complete', 40, 40, 0]);
    expect(b.rows).toBe(a.rows);
    const files = ['results.csv', 'runs.csv', 'sweep.json', 'results.arrow'];
    expect(folderBytes(two, files)).toEqual(folderBytes(one, files));
    expect(manifestWithoutRun(two)).toEqual(manifestWithoutRun(one));
    expect(entries(one)).toEqual(['manifest.json', 'results.arrow', 'results.csv', 'runs.csv', 'sweep.json']);
  });

  test('every row carries run id, point, replicate, arm and seed, and matches a direct run of that point with that seed', async () => {
    const dir = join(root, 'one');
    const rows = csvRows(readText(dir, 'results.csv'));
    expect(rows[0]).toEqual(['run_id', 'point', 'replicate', 'arm', 'seed', 'tick', 'group', 'measure', 'value']);
    const runs = csvRows(readText(dir, 'runs.csv'));
    expect(runs[0]).toEqual(['run_id', 'point', 'replicate', 'seed', 'status', 'error', 'agencies.fidelity.mean', 'workers.turnoverRate']);
    expect(runs.slice(1).map((r) => Number(r[0]))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // Run 27: point 6 (fidelity 0.725, turnover 0), replicate 3, both arms with the factors applied in each.
    const r = planRun(small, 27);
    expect([r.point, r.replicate]).toEqual([6, 3]);
    expect(runs[28]).toEqual(['27', '6', '3', String(r.seed), 'ok', 'none', '0.725', '0']);
    const scenario = loadScenario('teaching-barriers', {
      set: [
        ['ticks', 4],
        ['agencies.fidelity.mean', 0.725],
        ['workers.turnoverRate', 0],
      ],
      setOverArms: true,
    });
    const direct = runScenario(scenario, { seed: r.seed });
    // Expected: arms × ticks 0–4 × the sweep's groups × its measures, in that order, NaN cells left out.
    const G = direct.groups.length;
    const M = direct.measures.length;
    const expected: string[][] = [];
    for (const a of direct.arms)
      for (let t = 0; t <= 4; t++)
        for (const g of ['all', 'agency-01'])
          for (const m of ['network_size', 'new_ties', 'rg_total', 'engaged', 'worker_leavers']) {
            const v = a.series[(t * G + direct.groups.indexOf(g)) * M + direct.measures.indexOf(m)];
            if (!Number.isNaN(v)) expected.push(['27', '6', '3', a.name, String(r.seed), String(t), g, m, formatNumber(v)]);
          }
    expect(expected.length).toBeGreaterThan(80);
    expect(rows.filter((row) => row[0] === '27')).toEqual(expected);
  });

  test('keep "final" keeps only the last tick', async () => {
    const plan = planOf(smallSweep({ keep: 'final', replicates: 1 }), 'final');
    const dir = join(root, 'final');
    await runSweep(plan, { out: dir, workers: 1 });
    const rows = csvRows(readText(dir, 'results.csv')).slice(1);
    expect(new Set(rows.map((row) => row[5]))).toEqual(new Set(['4']));
    expect(new Set(rows.map((row) => row[3]))).toEqual(new Set(['with-barriers', 'no-barriers']));
  });

  test('results.arrow holds exactly the rows of results.csv, with arm, group and measure as dictionaries, and each row\'s factor values, for two Arrow readers', () => {
    const dir = join(root, 'one');
    const table = tableFromIPC(readFileSync(join(dir, 'results.arrow')));
    const rows = csvRows(readText(dir, 'results.csv')).slice(1);
    expect(table.numRows).toBe(rows.length);
    expect(table.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'run_id:Int32',
      'point:Int32',
      'replicate:Int32',
      'arm:Dictionary<Int32, Utf8>',
      'seed:Uint32',
      'tick:Int32',
      'group:Dictionary<Int32, Utf8>',
      'measure:Dictionary<Int32, Utf8>',
      'value:Float64',
      'agencies.fidelity.mean:Float64',
      'workers.turnoverRate:Float64',
    ]);
    // The factor values of each row are its run's, as runs.csv has them.
    const factorsOf = new Map(csvRows(readText(dir, 'runs.csv')).slice(1).map((r) => [r[0], r.slice(6)]));
    const cols = table.schema.fields.map((f) => table.getChild(f.name)!.toArray() as ArrayLike<unknown>);
    rows.forEach((row, i) => {
      const got = cols.map((c) => c[i]);
      expect(got.slice(0, 8).map(String)).toEqual(row.slice(0, 8));
      expect(formatNumber(got[8] as number)).toBe(row[8]);
      expect(got.slice(9).map((v) => formatNumber(v as number))).toEqual(factorsOf.get(row[0]));
    });
    // An independent implementation (flechette) reads the same rows.
    const other = flechetteFromIPC(readFileSync(join(dir, 'results.arrow')));
    expect(other.numRows).toBe(rows.length);
    const objects = other.toArray() as Array<Record<string, unknown>>;
    expect(Object.keys(objects[0])).toEqual(['run_id', 'point', 'replicate', 'arm', 'seed', 'tick', 'group', 'measure', 'value', 'agencies.fidelity.mean', 'workers.turnoverRate']);
    objects.forEach((o, i) => {
      const v = Object.values(o);
      expect([...v.slice(0, 8).map(String), formatNumber(o.value as number)]).toEqual(rows[i]);
      expect(v.slice(9)).toEqual(small.points[Number(rows[i][1])].values);
    });
  });

  test('results.arrow types each factor: numbers as Float64, whole-number parameters as Int32, flags as Bool, option names as a dictionary', async () => {
    const plan = planOf(
      smallSweep({
        set: { ticks: 1 },
        factors: [
          { path: 'agencies.fidelity.mean', range: [0.2, 0.9] },
          { path: 'population.residentsPerLocality', values: [40, 50] },
          { path: 'intervention.enabled', values: [true, false] },
          { path: 'partnership.momentumCoupling', values: ['product', 'geometric'] },
        ],
        design: { type: 'grid', levels: 2 },
        replicates: 1,
        keep: 'final',
      }),
      'typed',
    );
    const dir = join(root, 'typed');
    const summary = await runSweep(plan, { out: dir, workers: 1, arrow: true });
    expect([summary.ok, summary.failed]).toEqual([16, 0]);
    const bytes = readFileSync(join(dir, 'results.arrow'));
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.slice(9).map((f) => `${f.name}:${f.type}`)).toEqual([
      'agencies.fidelity.mean:Float64',
      'population.residentsPerLocality:Int32',
      'intervention.enabled:Bool',
      'partnership.momentumCoupling:Dictionary<Int32, Utf8>',
    ]);
    // The option names' levels are the sweep's values in its order (R factor levels, pandas categories).
    expect([...table.getChild('partnership.momentumCoupling')!.data[0].dictionary!.toArray()]).toEqual(['product', 'geometric']);
    const objects = flechetteFromIPC(bytes).toArray() as Array<Record<string, unknown>>;
    const runs = new Map(csvRows(readText(dir, 'runs.csv')).slice(1).map((r) => [Number(r[0]), r.slice(6)]));
    expect(objects.length).toBe(csvRows(readText(dir, 'results.csv')).length - 1);
    for (const o of objects) {
      const factors = [o['agencies.fidelity.mean'], o['population.residentsPerLocality'], o['intervention.enabled'], o['partnership.momentumCoupling']];
      expect(factors.map((v) => typeof v)).toEqual(['number', 'number', 'boolean', 'string']);
      expect(factors.map((v) => (typeof v === 'number' ? formatNumber(v) : String(v)))).toEqual(runs.get(o.run_id as number));
    }
  });
});

describe('a run that throws', () => {
  test('is recorded as failed with its seed and error; the other runs finish and the summary counts it', async () => {
    // 100,000 localities of 50,000 residents is more ties than the engine can number: it refuses the run.
    const plan = planOf(
      smallSweep({
        set: { ticks: 2, 'population.localities': 100000, 'population.communityNodesPerLocality': 0 },
        factors: [{ path: 'population.residentsPerLocality', values: [1, 50000] }],
        design: { type: 'grid' },
        replicates: 1,
        arms: ['with-barriers'],
        keep: 'final',
      }),
      'throws',
    );
    const dir = join(root, 'throws');
    const summary = await runSweep(plan, { out: dir, workers: 2 });
    expect([summary.status, summary.runs, summary.ok, summary.failed]).toEqual(['complete', 2, 1, 1]);
    const runs = readText(dir, 'runs.csv').trimEnd().split('\n');
    expect(runs[1]).toBe(`0,0,0,${planRun(plan, 0).seed},ok,none,1`);
    expect(runs[2]).toBe(`1,1,0,${planRun(plan, 1).seed},failed,${csvField(TOO_BIG)},50000`);
    const results = csvRows(readText(dir, 'results.csv')).slice(1);
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((row) => row[0] === '0')).toBe(true);
    const manifest = JSON.parse(readText(dir, 'manifest.json'));
    expect(manifest.runs).toEqual({ planned: 2, in_folder: 2, ok: 1, failed: 1 });
    expect(manifest.failures).toEqual([{ run_id: 1, point: 1, replicate: 0, seed: planRun(plan, 1).seed, error: TOO_BIG }]);
  });
});

describe('resuming and refusing folders', () => {
  test('a folder left by an interrupted sweep (some chunks, half-written temp files) is completed byte-identical to an uninterrupted sweep', async () => {
    const dir = join(root, 'interrupted');
    // What a killed session leaves: sweep.json, the state file, three finished chunks out of order, and
    // temp files that never got renamed.
    const text = buildSweepDocument(small);
    startSweepFolder(dir, text, null);
    const execute = createRunExecutor(sweepRunContext(small));
    const tasks = (s: number, e: number) => Array.from({ length: e - s }, (_, i) => ({ ...planRun(small, s + i), values: small.points[planRun(small, s + i).point].values }));
    for (const [s, e] of [[0, 7], [12, 13], [30, 38]]) writeChunk(dir, s, e, execute(tasks(s, e)));
    writeFileSync(join(dir, PARTIAL_DIR, `.chunk-0000000007-0000000012.csv.partial-123-abc`), '#chunk 7 12 99 0 0\n0,0,0,torn');
    writeFileSync(join(dir, `.results.csv.partial-123-abc`), 'torn');
    const summary = await runSweep(small, { out: dir, workers: 2, chunkMs: 20 });
    expect([summary.status, summary.resumedFrom, summary.ok]).toEqual(['complete', 16, 40]);
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'one')));
    expect(entries(dir)).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });

  test('a complete folder is reported complete and left as it is; with force it runs again to the same bytes', async () => {
    const dir = join(root, 'one');
    const before = readText(dir, 'manifest.json');
    const again = await runSweep(small, { out: dir, workers: 2 });
    expect([again.status, again.ok]).toEqual(['already-complete', 40]);
    expect(readText(dir, 'manifest.json')).toBe(before);
    const forced = await runSweep(small, { out: dir, workers: 2, force: true });
    expect(forced.status).toBe('complete');
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'two')));
  });

  test('a folder holding a different sweep is refused with a message that says so, and nothing in it changes', async () => {
    const other = planOf(smallSweep({ replicates: 5 }), 'other');
    const dir = join(root, 'two');
    const before = folderBytes(dir);
    await expect(runSweep(other, { out: dir, workers: 1 })).rejects.toThrow(/holds a different sweep \("small"\): its sweep\.json \(sha256 [0-9a-f]{12}…\) is not this sweep's .* choose another --out, or add --force/);
    expect(folderBytes(dir)).toEqual(before);
  });

  test('a folder of one shard is refused for another shard, and a folder of other files is refused', async () => {
    const dir = join(root, 'shard-1');
    await runSweep(small, { out: dir, workers: 1, shard: { k: 1, n: 3 } });
    await expect(runSweep(small, { out: dir, workers: 1, shard: { k: 2, n: 3 } })).rejects.toThrow('holds shard 1/3 of this sweep, complete; this command asks for shard 2/3');
    await expect(runSweep(small, { out: dir, workers: 1 })).rejects.toThrow('this command asks for the whole sweep (no shard)');
    const notes = join(root, 'notes');
    mkdirSync(notes);
    writeFileSync(join(notes, 'todo.txt'), 'mine');
    await expect(runSweep(small, { out: notes, workers: 1, force: true })).rejects.toThrow('is not a sweep folder (it has no sweep.json)');
    expect(readFileSync(join(notes, 'todo.txt'), 'utf8')).toBe('mine');
  });
});

describe('one writer at a time', () => {
  test('a second sweep started while the first writes its chunks is refused, naming the holder; the first finishes byte-identical and leaves no lock', async () => {
    const dir = join(root, 'contested');
    let second: Promise<unknown> | undefined;
    let chunksThen = 0;
    const first = await runSweep(small, {
      out: dir,
      workers: 2,
      chunkMs: 20,
      command: 'cpi-sim sweep small.json --out contested',
      // The first progress report comes once the first chunk is on disk: the second starts then, as a resumed run
      // beside a still-running one would.
      onProgress: () => {
        if (second) return;
        chunksThen = listChunks(dir).length;
        second = runSweep(small, { out: dir, workers: 1, force: true }).then(
          () => 'ran',
          (err: Error) => err,
        );
      },
    });
    expect(chunksThen).toBeGreaterThan(0);
    const refusal = (await second) as Error;
    expect(refusal).toBeInstanceOf(SweepError);
    expect(refusal.message).toContain(`${dir}: another cpi-sim is writing into this folder (pid ${process.pid} on host ${hostname()}, started `);
    expect(refusal.message).toContain('running `cpi-sim sweep small.json --out contested`); a second writer would damage it');
    expect([first.status, first.ok]).toEqual(['complete', 40]);
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'one')));
    expect(entries(dir)).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });

  test('a folder whose sweep was killed, its lock left behind, is taken over (the caller is told) and completed byte-identical', async () => {
    const dir = join(root, 'killed-holder');
    startSweepFolder(dir, buildSweepDocument(small), null);
    const execute = createRunExecutor(sweepRunContext(small));
    writeChunk(dir, 0, 5, execute(Array.from({ length: 5 }, (_, i) => ({ ...planRun(small, i), values: small.points[planRun(small, i).point].values }))));
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead, host: hostname(), started_at: '2025-03-01T09:00:00.000Z', command: 'cpi-sim sweep small.json', token: 'x' }));
    const told: string[] = [];
    const summary = await runSweep(small, { out: dir, workers: 2, onLockTakeover: (m) => told.push(m) });
    expect(told).toEqual([`Took over the lock on ${dir}: its holder (pid ${dead} on host ${hostname()}, started 2025-03-01T09:00:00.000Z, running \`cpi-sim sweep small.json\`) is no longer running.`]);
    expect([summary.status, summary.resumedFrom]).toEqual(['complete', 5]);
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'one')));
    expect(entries(dir)).toEqual(['manifest.json', 'results.csv', 'runs.csv', 'sweep.json']);
  });
});

describe('big sweeps', () => {
  const huge = () => planOf(smallSweep({ replicates: 1_000_000, keep: 'final' }), 'huge');

  test('a sweep estimated above the limits is refused without a yes, after the pre-flight, and writes nothing', async () => {
    const dir = join(root, 'huge');
    let estimate;
    await expect(runSweep(huge(), { out: dir, workers: 2, onEstimate: (e) => (estimate = e) })).rejects.toThrow(SweepError);
    await expect(runSweep(huge(), { out: dir, workers: 2 })).rejects.toThrow(/this sweep is big \(about \d+ h \d\d m on 2 workers, [\d,]+ result rows \([\d.]+ [MG]B\)\).* add --yes to start it anyway/);
    expect(estimate).toMatchObject({ runs: 10_000_000, remaining: 10_000_000, workers: 2, big: true });
    expect(existsSync(dir)).toBe(false);
  });

  test('when asked, a no leaves nothing written, and the question comes with the estimate', async () => {
    const dir = join(root, 'huge');
    const asked: number[] = [];
    const summary = await runSweep(huge(), { out: dir, workers: 2, confirm: async (e) => (asked.push(e.runs), false) });
    expect(summary.status).toBe('cancelled');
    expect(asked).toEqual([10_000_000]);
    expect(existsSync(dir)).toBe(false);
  });

  test('a sweep under lowered limits asks, and a yes runs it', async () => {
    const dir = join(root, 'asked');
    let asked = 0;
    const summary = await runSweep(small, { out: dir, workers: 2, limits: { seconds: 0, bytes: 0 }, confirm: async () => (asked++, true) });
    expect([asked, summary.status, summary.ok]).toEqual([1, 'complete', 40]);
    expect(folderBytes(dir)).toEqual(folderBytes(join(root, 'two')));
  });
});
