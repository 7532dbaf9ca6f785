// inspectResultsFolder (src/charts/results-folder.ts): each kind of folder cpi-sim writes is recognised
// with what it holds, and a missing, unrecognised, unfinished or corrupt folder is refused naming the
// folder or file and what was expected.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inspectResultsFolder } from '../../src/charts/results-folder.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { makeResultsFolders, type ResultsFolders } from './results-folders.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-folders-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let f: ResultsFolders;
beforeAll(async () => {
  f = await makeResultsFolders(root);
});

/** A copy of a folder to break. */
const copy = (from: string, name: string) => {
  const to = join(root, name);
  cpSync(from, to, { recursive: true });
  return to;
};

describe('inspectResultsFolder', () => {
  test('a run folder is recognised by series.csv, with the scenario and seed for subtitles', () => {
    const r = inspectResultsFolder(f.run);
    expect(r.kind).toBe('run');
    expect(r.source).toBe('Scenario teaching-barriers (Teaching: what barriers do to the Connecting People Intervention), seed 7.');
  });

  test('a replicates folder is recognised by summary.csv and differences.csv, with the replicates and level', () => {
    const r = inspectResultsFolder(f.replicates);
    expect([r.kind, r.replicates, r.level]).toEqual(['replicates', 4, 0.95]);
    expect(r.source).toContain('4 replicates');
    expect(inspectResultsFolder(f.handReplicates).kind).toBe('replicates');
  });

  test('a finished sweep gives its factors with their units, points, arms, groups and measures', () => {
    const r = inspectResultsFolder(f.sweep);
    expect(r.kind).toBe('sweep');
    const s = r.sweep!;
    expect(s.design).toBe('grid');
    expect(s.factors).toEqual([
      { path: 'barriers.user.selfStigma.scale', values: [0, 1, 3], unit: 'multiplier' },
      { path: 'barriers.user.poorAccess.enabled', values: [false, true], unit: 'yes/no' },
    ]);
    expect(s.points).toHaveLength(6);
    expect(s.points[1]).toEqual({ point: 1, values: { 'barriers.user.selfStigma.scale': 0, 'barriers.user.poorAccess.enabled': true } });
    expect([s.replicates, s.arms, s.groups, s.measures, s.analysed]).toEqual([2, ['with-barriers', 'no-barriers'], ['all', 'agency-01'], ['network_size', 'rg_total', 'wellbeing'], false]);
    expect(r.source).toBe('Sweep barrier-grid: grid design, 6 points × 2 replicates, scenario teaching-barriers.');
    const m = inspectResultsFolder(f.morris).sweep!;
    expect([m.design, m.analysed]).toEqual(['morris', true]);
  });

  test('a trial folder gives alpha, the power target, the referrals simulated and whether there is a power curve', () => {
    const t = inspectResultsFolder(f.trial).trial!;
    expect([t.name, t.alpha, t.target, t.referrals, t.powerCurve, t.outcome]).toEqual(['teaching-null', 0.05, 0.8, [20, 40], true, 'rg_total']);
  });

  test('a missing folder, a file and a folder of other things are refused, saying what a results folder holds', () => {
    expect(() => inspectResultsFolder(join(root, 'nowhere'))).toThrow(/nowhere: no such folder; give a results folder written by cpi-sim run/);
    const file = join(root, 'a-file.csv');
    writeFileSync(file, 'x\n');
    expect(() => inspectResultsFolder(file)).toThrow(/a-file\.csv: is a file, not a results folder/);
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), '');
    expect(() => inspectResultsFolder(other)).toThrow(ChartError);
    expect(() => inspectResultsFolder(other)).toThrow(/other: not a cpi-sim results folder; expected series\.csv \(cpi-sim run\), summary\.csv .*; it holds notes\.txt/);
  });

  test('an unfinished sweep, a single shard and a corrupt sweep.json are refused with what to do', () => {
    const unfinished = copy(f.sweep, 'unfinished');
    rmSync(join(unfinished, 'results.csv'));
    rmSync(join(unfinished, 'manifest.json'));
    expect(() => inspectResultsFolder(unfinished)).toThrow(/the sweep has not finished .*; run the same `cpi-sim sweep` command again/);
    const shard = copy(f.sweep, 'shard');
    const manifest = JSON.parse(readFileSync(join(shard, 'manifest.json'), 'utf8'));
    writeFileSync(join(shard, 'manifest.json'), JSON.stringify({ ...manifest, shard: '1/2' }));
    expect(() => inspectResultsFolder(shard)).toThrow(/holds only shard 1\/2 of the sweep; merge the shards with `cpi-sim merge`/);
    const corrupt = copy(f.sweep, 'corrupt');
    writeFileSync(join(corrupt, 'sweep.json'), '{"name": "barrier-grid", ');
    expect(() => inspectResultsFolder(corrupt)).toThrow(/corrupt\/sweep\.json: not valid JSON .*; expected a sweep's resolved description/);
    writeFileSync(join(corrupt, 'sweep.json'), JSON.stringify({ name: 'x', resolved: {} }));
    expect(() => inspectResultsFolder(corrupt)).toThrow(/sweep\.json: no resolved arms, groups, measures and factors or no design_points/);
  });

  test('incomplete replicates and trial folders and a corrupt manifest are refused naming the file', () => {
    const rep = copy(f.replicates, 'rep-no-diff');
    rmSync(join(rep, 'differences.csv'));
    expect(() => inspectResultsFolder(rep)).toThrow(/rep-no-diff: has summary\.csv but no differences\.csv/);
    const trial = copy(f.trial, 'trial-no-summary');
    rmSync(join(trial, 'trial-summary.json'));
    expect(() => inspectResultsFolder(trial)).toThrow(/has trial-replicates\.csv but no trial-summary\.json/);
    const run = join(root, 'run-bad-manifest');
    mkdirSync(run);
    copyFileSync(join(f.run, 'series.csv'), join(run, 'series.csv'));
    writeFileSync(join(run, 'manifest.json'), '[1, 2]');
    expect(() => inspectResultsFolder(run)).toThrow(/run-bad-manifest\/manifest\.json: expected a run's manifest \(a JSON object\)/);
  });
});
