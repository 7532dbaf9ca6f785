// The run plan: points × replicates in one order, each run's seed a hash of what the run is (base scenario,
// design seed, the point's values, replicate), so adding points or replicates never changes an existing
// run's seed; shards partition the runs; sweep.json is a pure function of the sweep.
import { describe, expect, test } from 'vitest';
import { resolveSweep } from '../../src/sweep/load-sweep.js';
import { buildSweepDocument, parseShard, planRun, planSweep, shardRunId, shardSize, type SweepPlan } from '../../src/sweep/plan.js';
import { createStream } from '../../src/rng/stream.js';

const sweep = (values: number[], replicates: number, extra: Record<string, unknown> = {}) =>
  resolveSweep(
    {
      name: 'plan',
      description: 'plan tests',
      scenario: 'teaching-barriers',
      set: { ticks: 4 },
      factors: [
        { path: 'agencies.fidelity.mean', values },
        { path: 'workers.turnoverRate', values: [0, 0.05] },
      ],
      design: { type: 'grid' },
      replicates,
      ...extra,
    },
    'plan.json',
  );

/** Seeds of every run keyed by (point values, replicate). */
const seedsByWhat = (plan: SweepPlan) => {
  const out = new Map<string, number>();
  for (let id = 0; id < plan.runs; id++) {
    const r = planRun(plan, id);
    out.set(`${plan.points[r.point].key}#${r.replicate}`, r.seed);
  }
  return out;
};

describe('the run plan', () => {
  test('runs are points × replicates, run id = point × replicates + replicate', () => {
    const plan = planSweep(sweep([0.3, 0.6], 3));
    expect(plan.runs).toBe(2 * 2 * 3);
    expect([0, 1, 2, 3, 11].map((id) => planRun(plan, id)).map((r) => [r.runId, r.point, r.replicate])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [2, 0, 2],
      [3, 1, 0],
      [11, 3, 2],
    ]);
  });

  test('seeds are distinct across runs and the same when the plan is built again', () => {
    const a = planSweep(sweep([0.3, 0.6], 5));
    const b = planSweep(sweep([0.3, 0.6], 5));
    const seeds = Array.from({ length: a.runs }, (_, id) => planRun(a, id).seed);
    expect(new Set(seeds).size).toBe(a.runs);
    expect(Array.from({ length: b.runs }, (_, id) => planRun(b, id).seed)).toEqual(seeds);
  });

  test('adding points or replicates never changes the seed of a run that was already in the plan (property, 20 random extensions)', () => {
    const stream = createStream(2024);
    const pool = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    for (let trial = 0; trial < 20; trial++) {
      const k = 1 + stream.int(4);
      const values = pool.filter(() => stream.next() < 0.5).slice(0, k);
      if (values.length === 0) values.push(0.5);
      const more = [...values, ...pool.filter((v) => !values.includes(v)).slice(0, 1 + stream.int(3))];
      // Shuffle the extended list: a point's position (and so its run ids) may change; its seeds may not.
      more.sort(() => stream.next() - 0.5);
      const reps = 1 + stream.int(4);
      const small = seedsByWhat(planSweep(sweep(values, reps)));
      const large = seedsByWhat(planSweep(sweep(more, reps + 1 + stream.int(3))));
      for (const [what, seed] of small) expect(large.get(what), what).toBe(seed);
    }
  });

  test('seeds change with the base scenario and with the sweep\'s seed', () => {
    const a = planRun(planSweep(sweep([0.3], 1)), 0).seed;
    const otherScenario = planRun(planSweep(sweep([0.3], 1, { set: { ticks: 5 } })), 0).seed;
    const otherSeed = planRun(planSweep(sweep([0.3], 1, { seed: 99 })), 0).seed;
    expect(new Set([a, otherScenario, otherSeed]).size).toBe(3);
  });

  test('shards k/n partition the run ids: each run in exactly one shard, in run order', () => {
    for (const [runs, n] of [[12, 5], [7, 7], [3, 4], [100, 3]]) {
      const seen: number[] = [];
      for (let k = 1; k <= n; k++) {
        const ids = Array.from({ length: shardSize(runs, { k, n }) }, (_, p) => shardRunId(p, { k, n }));
        expect(ids.every((id) => id % n === k - 1 && id < runs)).toBe(true);
        expect(ids).toEqual([...ids].sort((x, y) => x - y));
        seen.push(...ids);
      }
      expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: runs }, (_, i) => i));
    }
  });

  test('unit costs are not part of a run\'s seed: pricing an hour differently leaves every run as it was, but not the sweep\'s identity', () => {
    const plain = planSweep(sweep([0.3, 0.6], 2));
    const priced = planSweep(sweep([0.3, 0.6], 2, { set: { ticks: 4, 'costs.staffWorkerHour': 80, 'costs.serviceUseOffset.enabled': true } }));
    expect(priced.sweep.baseSha256).not.toBe(plain.sweep.baseSha256);
    expect(priced.sweep.seedSha256).toBe(plain.sweep.seedSha256);
    expect(seedsByWhat(priced)).toEqual(seedsByWhat(plain));
    // A dynamic parameter set the same way does re-draw them.
    const other = planSweep(sweep([0.3, 0.6], 2, { set: { ticks: 4, 'workers.caseloadCapacity': 9 } }));
    expect(other.sweep.seedSha256).not.toBe(plain.sweep.seedSha256);
    expect(planRun(other, 0).seed).not.toBe(planRun(plain, 0).seed);
    // sweep.json says what the seed hashes.
    const doc = JSON.parse(buildSweepDocument(priced));
    expect(doc.scenario.seed_sha256).toBe(priced.sweep.seedSha256);
    expect(doc.run_order).toContain('scenario.seed_sha256');
  });

  test('a shard is written k/n with 1 ≤ k ≤ n', () => {
    expect(parseShard('2/8')).toEqual({ k: 2, n: 8 });
    expect(parseShard(' 1 / 1 ')).toEqual({ k: 1, n: 1 });
    for (const bad of ['0/3', '4/3', '2', '1/0', 'a/b', '1/2/3']) expect(parseShard(bad)).toBeUndefined();
  });

  test('sweep.json holds the resolved sweep, the base scenario\'s document and every point\'s values, and is the same when built again', () => {
    const plan = planSweep(sweep([0.3, 0.6], 2));
    const text = buildSweepDocument(plan);
    expect(buildSweepDocument(planSweep(sweep([0.3, 0.6], 2)))).toBe(text);
    const doc = JSON.parse(text);
    expect(doc.runs).toBe(8);
    expect(doc.scenario.name).toBe('teaching-barriers');
    expect(doc.scenario.document.ticks).toBe(4);
    expect(doc.scenario.sha256).toBe(plan.sweep.baseSha256);
    expect(doc.design.kind).toBe('grid');
    expect(doc.design_points.map((p: { values: unknown }) => p.values)).toEqual([
      { 'agencies.fidelity.mean': 0.3, 'workers.turnoverRate': 0 },
      { 'agencies.fidelity.mean': 0.3, 'workers.turnoverRate': 0.05 },
      { 'agencies.fidelity.mean': 0.6, 'workers.turnoverRate': 0 },
      { 'agencies.fidelity.mean': 0.6, 'workers.turnoverRate': 0.05 },
    ]);
  });
});
