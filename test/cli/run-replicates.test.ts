// Tests for `cpi-sim run --replicates N` (src/cli/run-command.ts, src/engine/run-replicates.ts,
// src/output/replicate-files.ts, src/sweep/replicates-pool.ts): the folder's files agree with the analysis
// computed directly, with each other and with plain runs; they are reproducible and byte-identical for any
// --workers; bad options are refused before anything is written.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '../support/cli.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { replicateSeed, runReplicates } from '../../src/engine/run-replicates.js';
import { summarizeReplicates } from '../../src/analysis/replicates.js';
import { formatNumber } from '../../src/output/format-number.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-replicates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = createCli(root);

const read = (dir: string, file: string) => readFileSync(join(root, dir, file), 'utf8');
const table = (text: string) => {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

describe('cpi-sim run --replicates', async () => {
  const ran = await cli(['run', 'teaching-barriers', '--ticks', '5', '--replicates', '6', '--out', 'rep']);

  it('writes the summary, differences, per-replicate values, scenario and manifest, and says what it wrote', () => {
    expect(ran.code, ran.stderr).toBe(0);
    expect(readdirSync(join(root, 'rep')).sort()).toEqual(['differences.csv', 'manifest.json', 'replicates.csv', 'scenario.json', 'summary.csv']);
    expect(ran.stdout).toMatch(/6 replicates \(root seed 7\)/);
    expect(ran.stdout).toMatch(/with-barriers − no-barriers/);
    // Plain names with units, the proxy said, and what the intervals are.
    expect(ran.stdout).toMatch(/^Access to social capital \(RG total, items\)\s+\d+\.\d\d \[/m);
    expect(ran.stdout).toContain('Wellbeing is a proxy');
    expect(ran.stdout).toContain('The intervals are simulation error only');
    const manifest = JSON.parse(read('rep', 'manifest.json'));
    expect(manifest.replicates).toBe(6);
    expect(manifest.seeds[0]).toBe(7);
    expect(new Set(manifest.seeds).size).toBe(6);
    expect(manifest.seeds).toEqual([0, 1, 2, 3, 4, 5].map((r) => replicateSeed(7, r)));
  });

  it('has summary numbers equal to the analysis run directly on the same replicates', () => {
    const scenario = loadScenario('teaching-barriers', { set: [['ticks', 5]] });
    const direct = summarizeReplicates(runReplicates(scenario, { replicates: 6 }));
    const rows = table(read('rep', 'summary.csv'));
    expect(rows.length).toBe(direct.summaries.length);
    for (const i of [0, 17, Math.floor(rows.length / 2), rows.length - 1]) {
      const d = direct.summaries[i];
      expect(rows[i]).toMatchObject({ arm: d.arm, tick: String(d.tick), group: d.group, measure: d.measure, n: String(d.n) });
      expect(rows[i].mean).toBe(formatNumber(d.mean));
      expect(rows[i].ci_low).toBe(formatNumber(d.ci_low));
      expect(rows[i].q95).toBe(formatNumber(d.q95));
    }
    expect(table(read('rep', 'differences.csv')).length).toBe(direct.differences.length);
  });

  it('keeps replicate 0 equal to the plain run with the root seed', () => {
    const plain = runScenario(loadScenario('teaching-barriers', { set: [['ticks', 5]] }));
    const M = plain.measures.length;
    const G = plain.groups.length;
    const m = plain.measures.indexOf('new_ties');
    const g = plain.groups.indexOf('all');
    const row = table(read('rep', 'replicates.csv')).find((r) => r.replicate === '0' && r.arm === 'with-barriers' && r.group === 'all' && r.measure === 'new_ties')!;
    expect(row.seed).toBe('7');
    expect(row.final).toBe(formatNumber(plain.arms[0].series[(5 * G + g) * M + m]));
  });

  it('has paired differences that are the mean of the per-replicate differences in replicates.csv', () => {
    const values = table(read('rep', 'replicates.csv')).filter((r) => r.group === 'all' && r.measure === 'rg_total');
    const by = (arm: string) => values.filter((r) => r.arm === arm).map((r) => Number(r.final));
    const a = by('with-barriers');
    const b = by('no-barriers');
    expect(a.length).toBe(6);
    const mean = a.reduce((s, v, i) => s + v - b[i], 0) / a.length;
    const d = table(read('rep', 'differences.csv')).find((r) => r.tick === '5' && r.group === 'all' && r.measure === 'rg_total')!;
    expect(d.arm_a).toBe('with-barriers');
    expect(Number(d.mean_diff)).toBeCloseTo(mean, 6);
    expect(Number(d.ci_low)).toBeLessThanOrEqual(Number(d.mean_diff));
    expect(Number(d.ci_high)).toBeGreaterThanOrEqual(Number(d.mean_diff));
  });

  it('writes byte-identical tables when run again, and fewer replicates are a prefix of more', async () => {
    expect((await cli(['run', 'teaching-barriers', '--ticks', '5', '--replicates', '6', '--out', 'rep2'])).code).toBe(0);
    for (const f of ['summary.csv', 'differences.csv', 'replicates.csv', 'scenario.json']) expect(read('rep2', f)).toBe(read('rep', f));
    expect((await cli(['run', 'teaching-barriers', '--ticks', '5', '--replicates', '3', '--out', 'rep3'])).code).toBe(0);
    expect(read('rep', 'replicates.csv').startsWith(read('rep3', 'replicates.csv'))).toBe(true);
    expect(JSON.parse(read('rep3', 'manifest.json')).seeds).toEqual(JSON.parse(read('rep', 'manifest.json')).seeds.slice(0, 3));
  });

  it('writes byte-identical files in the main thread and on 1 and 2 worker threads (all but the manifest\'s run entry)', async () => {
    const folders = ['w0', 'w1', 'w2'];
    for (const [w, dir] of folders.entries()) {
      const r = await cli(['run', 'teaching-barriers', '--ticks', '5', '--replicates', '6', '--workers', String(w), '--out', dir]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(ran.stdout.replace(/Wrote rep\//, `Wrote ${dir}/`));
      expect(JSON.parse(read(dir, 'manifest.json')).run.workers).toBe(w);
    }
    const withoutRun = (dir: string) => {
      const { run, ...rest } = JSON.parse(read(dir, 'manifest.json'));
      expect(run.wall_time_ms).toBeGreaterThanOrEqual(0);
      return rest;
    };
    // 'rep' ran on the default number of workers (the machine's cores).
    for (const dir of ['w1', 'w2', 'rep']) {
      for (const f of ['summary.csv', 'differences.csv', 'replicates.csv', 'scenario.json']) expect(read(dir, f), `${dir}/${f}`).toBe(read('w0', f));
      expect(withoutRun(dir)).toEqual(withoutRun('w0'));
    }
  });

  it('gives the same files when more workers than replicates are asked for (one worker a replicate)', async () => {
    // Eight asked for, three used: the folder still matches the one written with the default workers.
    expect((await cli(['run', 'teaching-barriers', '--ticks', '5', '--replicates', '3', '--workers', '8', '--out', 'w8'])).code).toBe(0);
    expect(JSON.parse(read('w8', 'manifest.json')).run.workers).toBe(3);
    for (const f of ['summary.csv', 'differences.csv', 'replicates.csv']) expect(read('w8', f)).toBe(read('rep3', f));
  });

  it('shows progress with replicates done and the time left on a terminal, and none with --quiet', async () => {
    const tty = createCli(root, { tty: true });
    const shown = await tty(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '3', '--workers', '2', '--out', 'tty']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toMatch(/\] 3\/3 replicates, [\d.…]+ replicates\/s, (about \d+ s left|time left …)/);
    expect(shown.stderr).not.toContain('failed');
    const quiet = await tty(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '3', '--workers', '2', '--out', 'tty', '--force', '--quiet']);
    expect(quiet.stderr).toBe('');
  });

  it('refuses bad --workers values, and --workers without --replicates, before writing anything', async () => {
    for (const [argv, message] of [
      [['--replicates', '3', '--workers', '-1'], /--workers -1: expected a whole number from 0 to 1024 \(worker threads for --replicates; 0 runs them in the main thread/],
      [['--replicates', '3', '--workers', 'two'], /--workers two: expected a whole number from 0 to 1024/],
      [['--replicates', '3', '--workers', '1.5'], /--workers 1.5: expected a whole number/],
      [['--replicates', '3', '--workers', '1025'], /--workers 1025: expected a whole number from 0 to 1024/],
      [['--workers', '2'], /--workers runs replicates in parallel; a single run uses one thread; add --replicates N/],
    ] as const) {
      const r = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'bad-workers', ...argv]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(root, 'bad-workers'))).toBe(false);
    }
  });

  it('refuses bad --replicates and --level values and combinations before writing anything', async () => {
    for (const [argv, message] of [
      [['--replicates', '1'], /--replicates 1: expected a whole number from 2/],
      [['--replicates', 'many'], /--replicates many/],
      [['--replicates', '3', '--level', '1.5'], /--level 1.5: expected a confidence level between 0 and 1/],
      [['--level', '0.9'], /--level sets the intervals of --replicates/],
      [['--replicates', '3', '--network-out', 'n.gexf'], /cannot be combined with --replicates/],
    ] as const) {
      const r = await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'bad', ...argv]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(existsSync(join(root, 'bad'))).toBe(false);
    }
  });
});
