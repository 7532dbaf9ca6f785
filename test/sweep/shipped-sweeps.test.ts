// The example sweeps in scenarios/sweeps/ run as shipped, and say what they claim: the fidelity × turnover
// grid loses workers only where turnover is above zero, more of them at higher turnover; the Morris sweep
// over barrier scales finds that raising any of the five scales raises the number of active barriers.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { planSweep } from '../../src/sweep/plan.js';
import { runSweep, type SweepSummary } from '../../src/sweep/run-sweep.js';
import { csvRows, readText, tempDir } from './sweep-fixture.js';

const SWEEPS = fileURLToPath(new URL('../../scenarios/sweeps/', import.meta.url));
const root = tempDir('shipped-sweeps');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** results.csv of a folder as { run, point, arm, measure, value } records. */
function results(dir: string) {
  return csvRows(readText(dir, 'results.csv'))
    .slice(1)
    .map(([run, point, , arm, , , , measure, value]) => ({ run: Number(run), point: Number(point), arm, measure, value: Number(value) }));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('scenarios/sweeps/fidelity-turnover.json', () => {
  const dir = join(root, 'fidelity-turnover');
  let summary: SweepSummary;
  beforeAll(async () => {
    summary = await runSweep(planSweep(loadSweep(join(SWEEPS, 'fidelity-turnover.json'))), { out: dir, workers: 2 });
  });

  test('runs its 3 × 3 grid × 5 replicates with every run ok and one final row per arm and measure', () => {
    expect([summary.runs, summary.ok, summary.failed]).toEqual([45, 45, 0]);
    expect(summary.rows).toBe(45 * 2 * 10);
    const runs = csvRows(readText(dir, 'runs.csv'));
    expect(runs[0].slice(6)).toEqual(['agencies.fidelity.mean', 'workers.turnoverRate']);
    expect(new Set(runs.slice(1).map((r) => `${r[6]}/${r[7]}`))).toEqual(new Set(['0.2/0', '0.2/0.01', '0.2/0.05', '0.55/0', '0.55/0.01', '0.55/0.05', '0.9/0', '0.9/0.01', '0.9/0.05']));
  });

  test('workers leave only where turnover is above zero, and more of them at the higher turnover', () => {
    const runs = csvRows(readText(dir, 'runs.csv')).slice(1);
    const turnover = new Map(runs.map((r) => [Number(r[0]), Number(r[7])]));
    const leavers = (t: number) => results(dir).filter((r) => r.measure === 'worker_leavers' && turnover.get(r.run) === t).map((r) => r.value);
    expect(Math.max(...leavers(0))).toBe(0);
    expect(mean(leavers(0.05))).toBeGreaterThan(mean(leavers(0.01)));
    expect(mean(leavers(0.01))).toBeGreaterThan(0);
  });
});

describe('scenarios/sweeps/barrier-morris.json', () => {
  const dir = join(root, 'barrier-morris');
  let summary: SweepSummary;
  beforeAll(async () => {
    summary = await runSweep(planSweep(loadSweep(join(SWEEPS, 'barrier-morris.json'))), { out: dir, workers: 2 });
  });

  test('runs 6 trajectories of 6 points × 2 replicates of the with-barriers arm, every run ok', () => {
    expect([summary.runs, summary.ok, summary.failed]).toEqual([72, 72, 0]);
    expect(new Set(results(dir).map((r) => r.arm))).toEqual(new Set(['with-barriers']));
  });

  test('raising any barrier\'s scale raises the number of active barriers: every mean elementary effect is positive', () => {
    const doc = JSON.parse(readText(dir, 'sweep.json'));
    const delta: number = doc.design.delta;
    const points: Array<{ label: { trajectory: number; step: number; factor: number | null; direction: number } }> = doc.design_points;
    const active = new Map<number, number[]>();
    for (const r of results(dir)) if (r.measure === 'active_barriers') active.set(r.point, [...(active.get(r.point) ?? []), r.value]);
    const y = (p: number) => mean(active.get(p)!);
    const effects: number[][] = doc.resolved.factors.map(() => []);
    points.forEach((p, i) => {
      if (p.label.step > 0) effects[p.label.factor!].push((y(i) - y(i - 1)) / (p.label.direction * delta));
    });
    expect(effects.map((e) => e.length)).toEqual([6, 6, 6, 6, 6]);
    for (const [j, e] of effects.entries()) expect(mean(e), doc.resolved.factors[j].path).toBeGreaterThan(0);
  });
});
