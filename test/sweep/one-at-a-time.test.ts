// The one-at-a-time design of sweeps: the default point once, each factor alone at each end, pairs at every
// combination of their ends; common random numbers (every point's replicate r has the same seed); the
// series_sha256 digest in runs.csv (equal for identical runs, different otherwise); the minority group;
// byte-identical folders on 1 and 2 workers; bad pairs refused.
import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { buildOneAtATimeDesign, DesignError } from '../../src/sweep/designs.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { planRun, planSweep, type SweepPlan } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { SweepError } from '../../src/sweep/sweep-error.js';
import { createRunExecutor } from '../../src/sweep/sweep-runs.js';
import { sweepRunContext } from '../../src/sweep/run-sweep.js';
import { csvRows, folderBytes, readText, tempDir, writeSweep } from './sweep-fixture.js';

const root = tempDir('one-at-a-time');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const oat = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'oat',
  description: 'a one-at-a-time screen for the tests',
  scenario: 'teaching-barriers',
  set: { ticks: 4 },
  factors: [
    { path: 'agencies.fidelity.mean', range: [0.2, 0.9] },
    { path: 'partnership.momentumCoupling', values: ['product', 'minimum'] },
    // The engine reads no peer-worker attribute in four weeks (no user graduates so soon): identical runs.
    { path: 'peerWorkers.empathy.mean', range: [0, 1] },
  ],
  design: { type: 'one-at-a-time', pairs: [['agencies.fidelity.mean', 'partnership.momentumCoupling']] },
  replicates: 3,
  arms: ['with-barriers'],
  groups: ['all', 'minority'],
  measures: ['network_size', 'new_ties', 'engaged'],
  commonRandomNumbers: true,
  digest: true,
  ...overrides,
});
const planOf = (doc: Record<string, unknown>, name: string): SweepPlan => planSweep(loadSweep(writeSweep(root, doc, `${name}.json`)));

describe('the one-at-a-time design', () => {
  test('has the default point, then each factor alone at each end, then each pair at every combination of ends', () => {
    const d = buildOneAtATimeDesign(
      {
        factors: [
          { path: 'a', range: [0, 1] },
          { path: 'b', range: [2, 6], integer: true },
          { path: 'c', values: [10, 20, 30] },
        ],
        pairs: [[0, 2]],
      },
      1,
    );
    const shown = d.points.map((p) => p.values.map((v) => (Number.isNaN(v) ? '·' : v)).join(' '));
    expect(shown).toEqual([
      '· · ·',
      '0 · ·',
      '1 · ·',
      '· 2 ·',
      '· 6 ·',
      '· · 10',
      '· · 20',
      '· · 30',
      '0 · 10',
      '0 · 20',
      '0 · 30',
      '1 · 10',
      '1 · 20',
      '1 · 30',
    ]);
    expect(d.points[4].label).toEqual({ factors: [1], ends: [1] });
    expect(d.points[12].label).toEqual({ factors: [0, 2], ends: [1, 1] });
  });

  test('checks its size before building any point, and refuses a pair of a factor with itself', () => {
    const many = Array.from({ length: 600_000 }, (_, i) => ({ path: `f${i}`, range: [0, 1] as const }));
    expect(() => buildOneAtATimeDesign({ factors: many })).toThrow(/1200001 points is more than the 1,000,000 allowed/);
    expect(() => buildOneAtATimeDesign({ factors: [{ path: 'a', range: [0, 1] }], pairs: [[0, 0]] })).toThrow(DesignError);
  });

  test('in a sweep file: pairs must name two different factors of the sweep', () => {
    const bad = oat({ design: { type: 'one-at-a-time', pairs: [['agencies.fidelity.mean', 'workers.turnoverRate'], ['peerWorkers.empathy.mean', 'peerWorkers.empathy.mean']] } });
    let err: unknown;
    try {
      loadSweep(writeSweep(root, bad, 'bad-pairs.json'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SweepError);
    const text = (err as SweepError).message;
    expect(text).toContain('design.pairs.0.1');
    expect(text).toContain('"workers.turnoverRate" is not one of the factors');
    expect(text).toContain('design.pairs.1');
    expect(text).toContain('pairs a factor with itself');
  });
});

describe('a one-at-a-time sweep with common random numbers and a digest', () => {
  const plan = planOf(oat(), 'oat');

  test('gives every point the same seed for replicate r, and different replicates different seeds', () => {
    expect(plan.points.length).toBe(1 + 2 + 2 + 2 + 4);
    for (let p = 0; p < plan.points.length; p++)
      for (let r = 0; r < 3; r++) expect(planRun(plan, p * 3 + r).seed).toBe(planRun(plan, r).seed);
    expect(new Set([0, 1, 2].map((r) => planRun(plan, r).seed)).size).toBe(3);
    // Without common random numbers, points differ in their seeds.
    const independent = planOf(oat({ commonRandomNumbers: false }), 'independent');
    expect(planRun(independent, 3).seed).not.toBe(planRun(independent, 0).seed);
  });

  test('writes the digest as runs.csv\'s last column: equal for identical runs, different when a factor acts', async () => {
    const one = join(root, 'one');
    const summary = await runSweep(plan, { out: one, workers: 1, chunkMs: 20 });
    expect([summary.status, summary.ok, summary.failed]).toEqual(['complete', 33, 0]);
    const runs = csvRows(readText(one, 'runs.csv'));
    expect(runs[0]).toEqual(['run_id', 'point', 'replicate', 'seed', 'status', 'error', 'agencies.fidelity.mean', 'partnership.momentumCoupling', 'peerWorkers.empathy.mean', 'series_sha256']);
    const digest = (point: number, r: number) => runs[1 + point * 3 + r][9];
    expect(digest(0, 0)).toMatch(/^[0-9a-f]{64}$/);
    // Unmoved factors are empty cells; the default point's row has all three empty.
    expect(runs[1].slice(6, 9)).toEqual(['', '', '']);
    expect(runs[1 + 5 * 3].slice(6, 9)).toEqual(['', '', '0']);
    for (let r = 0; r < 3; r++) {
      // The peer-worker attribute changes nothing in four weeks: bit-identical to the default, seed by seed.
      expect(digest(5, r)).toBe(digest(0, r));
      expect(digest(6, r)).toBe(digest(0, r));
      // Fidelity acts: every seed's run differs from the default.
      expect(digest(1, r)).not.toBe(digest(0, r));
      expect(digest(2, r)).not.toBe(digest(0, r));
    }
    // Different seeds give different runs.
    expect(digest(0, 1)).not.toBe(digest(0, 0));
    // A run executed again on its own gives the same digest.
    const again = createRunExecutor(sweepRunContext(plan))([{ ...planRun(plan, 4), values: plan.points[1].values }]);
    expect(again.runsText.trimEnd().split(',').at(-1)).toBe(digest(1, 1));
  });

  test('reports the minority group\'s user measures at the final tick only', () => {
    const rows = csvRows(readText(join(root, 'one'), 'results.csv')).slice(1);
    const minority = rows.filter((r) => r[6] === 'minority');
    expect(minority.length).toBeGreaterThan(0);
    expect(new Set(minority.map((r) => r[5]))).toEqual(new Set(['4']));
    // A count measure has no minority value; user measures do.
    expect(new Set(minority.map((r) => r[7]))).toEqual(new Set(['network_size', 'new_ties']));
  });

  test('is byte-identical on 1 and on 2 workers', async () => {
    const two = join(root, 'two');
    await runSweep(plan, { out: two, workers: 2, chunkMs: 20 });
    expect(folderBytes(two)).toEqual(folderBytes(join(root, 'one')));
  });

  test('refuses results.arrow, which cannot hold a factor left at the scenario\'s value', async () => {
    await expect(runSweep(plan, { out: join(root, 'arrow'), workers: 1, arrow: true })).rejects.toThrow(/one-at-a-time design .* run it without --arrow/);
  });
});
