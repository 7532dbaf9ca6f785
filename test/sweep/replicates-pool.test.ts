// Tests for the replicates pool (src/sweep/replicates-pool.ts): results are handed on in replicate order
// however they finish, never more than the window is started ahead, a failure is reported in its turn, and
// replicates on 1 and 2 worker threads are bit-identical to those run in the main thread.
import { describe, expect, it } from 'vitest';
import { inReplicateOrder, runReplicatesOnPool, type ReplicatesContext } from '../../src/sweep/replicates-pool.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { readScenarioChain } from '../../src/scenario/load.js';
import { runReplicates, type ReplicateSeries } from '../../src/engine/run-replicates.js';

/** A promise with its resolve and reject, to finish tasks in any order. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const bytes = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('inReplicateOrder', () => {
  it('hands results on in replicate order when they finish in reverse order', async () => {
    const tasks = Array.from({ length: 5 }, () => deferred<number>());
    const started: number[] = [];
    const done = collect(inReplicateOrder(5, 5, (r) => (started.push(r), tasks[r].promise)));
    for (let r = 4; r >= 0; r--) tasks[r].resolve(r * 10);
    expect(await done).toEqual([0, 10, 20, 30, 40]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts no task more than the window ahead of the one it waits for', async () => {
    const tasks = Array.from({ length: 6 }, () => deferred<number>());
    const started: number[] = [];
    const it = inReplicateOrder(6, 2, (r) => (started.push(r), tasks[r].promise));
    const first = it.next();
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    tasks[1].resolve(1);
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    tasks[0].resolve(0);
    expect((await first).value).toBe(0);
    const second = it.next();
    expect((await second).value).toBe(1);
    expect(started).toEqual([0, 1, 2]);
    for (const t of tasks.slice(2)) t.resolve(7);
    expect(await collect({ [Symbol.asyncIterator]: () => it })).toEqual([7, 7, 7, 7]);
  });

  it('reports a failed task in its turn, after the results before it', async () => {
    const got: number[] = [];
    const failing = inReplicateOrder(4, 4, (r) => (r === 2 ? Promise.reject(new Error('replicate 2 failed')) : Promise.resolve(r)));
    await expect(
      (async () => {
        for await (const x of failing) got.push(x);
      })(),
    ).rejects.toThrow('replicate 2 failed');
    expect(got).toEqual([0, 1]);
  });
});

describe('runReplicatesOnPool', () => {
  const chain = readScenarioChain('teaching-barriers');
  const set: Array<[string, unknown]> = [['ticks', 4]];
  const scenario = compileScenario(chain, { set, setSource: 'test' });
  const arms = scenario.arms.map((a) => a.name);
  const context: ReplicatesContext = { chain, set, setSource: 'test', arms, seed: scenario.seed };
  const same = (a: ReplicateSeries, b: ReplicateSeries) => {
    expect(a.seed).toBe(b.seed);
    expect(a.population.users).toBe(b.population.users);
    expect(a.groups).toEqual(b.groups);
    expect(a.measures).toEqual(b.measures);
    expect(a.arms.map((x) => x.name)).toEqual(b.arms.map((x) => x.name));
    // Bit for bit, NaN payloads included.
    a.arms.forEach((x, k) => expect(bytes(x.series)).toEqual(bytes(b.arms[k].series)));
  };

  it('gives, on 1 and 2 worker threads, the series the main thread runs, with the same seeds, in order', async () => {
    const direct = [...runReplicates(scenario, { replicates: 5, arms })];
    for (const workers of [0, 1, 2]) {
      const pooled = await collect(runReplicatesOnPool(scenario, context, { replicates: 5, workers }));
      expect(pooled).toHaveLength(5);
      pooled.forEach((p, r) => same(p, direct[r]));
    }
  });
});
