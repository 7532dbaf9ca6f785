// The pre-flight's estimates (src/engine/resource-estimate.ts): counts against the built population, memory
// against measured peak RSS in a fresh process (a generous band: nothing here depends on speed), the checks'
// order and messages, and the library's own refusal of sizes no machine can hold.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/scenario/load.js';
import { buildPopulation } from '../../src/model/population.js';
import { runScenario } from '../../src/engine/run.js';
import {
  checkResources,
  ENGINE_LIMITS,
  estimatePopulationSizes,
  estimateReplicatesResources,
  estimateRunResources,
  formatBytes,
  ResourceError,
  type ResourceEstimate,
} from '../../src/engine/resource-estimate.js';

const GB = 2 ** 30;
const limits = (memoryBytes: number, heapBytes = 4 * GB) => ({ memoryBytes, memorySource: 'a test limit', heapBytes });
const options = { what: 'this run', advice: 'use less', source: 'test' };
const fake = (over: Partial<ResourceEstimate> = {}): ResourceEstimate => ({
  bytes: GB,
  heapBytes: 0.1 * GB,
  parts: [{ name: 'the population', bytes: 0.6 * GB, heap: 0 }],
  seconds: 1,
  largestArray: { name: 'the tie store', elements: 1000 },
  largestIds: { name: 'persons', count: 1000 },
  ...over,
});

describe('estimatePopulationSizes', () => {
  it('gives the counts buildPopulation makes: exact for persons, nodes, workers and bitsets, close for ties and memberships', () => {
    for (const name of ['teaching-barriers', 'pilot-england']) {
      const s = loadScenario(name);
      const z = estimatePopulationSizes(s.params, s.tables);
      const pop = buildPopulation(s.params, s.tables, 7);
      expect([z.residents, z.users, z.persons, z.nodes, z.agencies, z.initialWorkers, z.workerSlots, z.knowledgeWords], name).toEqual([
        pop.residents,
        pop.users,
        pop.persons,
        pop.nodes,
        pop.agencies,
        pop.initialWorkers,
        pop.workerCapacity,
        pop.knowledgeWords,
      ]);
      expect(pop.ties.size / z.ties, `${name} ties`).toBeGreaterThan(0.85);
      expect(pop.ties.size / z.ties, `${name} ties`).toBeLessThan(1.05);
      expect(pop.nodeMembers.length / z.memberships, `${name} memberships`).toBeGreaterThan(0.7);
      expect(pop.nodeMembers.length / z.memberships, `${name} memberships`).toBeLessThan(1.3);
    }
  });

  it('is arithmetic only: a population of 1e11 residents is counted, not built', () => {
    const s = loadScenario('teaching-barriers', { set: [['population.residentsPerLocality', 1_000_000]], setSource: 'test' });
    const params = { ...s.params, population: { ...s.params.population, localities: 100_000 } };
    const z = estimatePopulationSizes(params, s.tables);
    expect(z.residents).toBe(1e11);
    expect(z.ties).toBeCloseTo(1e11 * s.params.population.residentNetworkSize / 2 + z.users * z.userDegree, -3);
  });
});

describe('estimateRunResources', () => {
  it('grows with the population and with the arms run, and prices the network export', () => {
    const s = loadScenario('pilot-england');
    const arms = s.arms.map((a) => a.params);
    const one = estimateRunResources(s.params, s.tables, { ticks: s.ticks, arms: arms.slice(0, 1) });
    const three = estimateRunResources(s.params, s.tables, { ticks: s.ticks, arms });
    const big = loadScenario('pilot-england', { set: [['population.residentsPerLocality', 30_000]], setSource: 'test' });
    const bigger = estimateRunResources(big.params, big.tables, { ticks: s.ticks, arms: big.arms.map((a) => a.params) });
    const network = estimateRunResources(s.params, s.tables, { ticks: s.ticks, arms, keepState: true, networkExport: true });
    expect(three.bytes).toBeGreaterThan(one.bytes);
    expect(bigger.bytes).toBeGreaterThan(10 * (three.bytes - 120 * 2 ** 20));
    expect(network.bytes).toBeGreaterThan(three.bytes);
    expect(three.parts.map((p) => p.bytes)).toEqual([...three.parts.map((p) => p.bytes)].sort((a, b) => b - a));
  });

  it('gathers replicates in buffers that double: 100,000 replicates of the pilot need hundreds of GB', () => {
    const s = loadScenario('pilot-england');
    const arms = s.arms.map((a) => a.params);
    const e = estimateReplicatesResources(s.params, s.tables, { ticks: s.ticks, arms, replicates: 100_000 });
    // 3 arms × 40 ticks × 18 groups × 55 measures × 8 bytes × 131,072 buffered replicates.
    const values = 3 * 40 * 18 * 55 * 8 * 131_072;
    expect(e.bytes).toBeGreaterThan(values);
    expect(e.bytes).toBeLessThan(3 * values);
    expect(e.largestFile?.name).toBe('replicates.csv');
  });

  it('counts replicates on worker threads: one run per worker in memory, the time divided among them', () => {
    const s = loadScenario('pilot-england');
    const arms = s.arms.map((a) => a.params);
    const at = (workers?: number) => estimateReplicatesResources(s.params, s.tables, { ticks: s.ticks, arms, replicates: 200, workers });
    const [main, one, two, many] = [at(), at(1), at(2), at(1000)];
    const run = estimateRunResources(s.params, s.tables, { ticks: s.ticks, arms, files: false });
    expect(at(0)).toEqual(main);
    expect(two.bytes - one.bytes).toBeGreaterThan(run.bytes - 120 * 2 ** 20);
    expect(two.seconds).toBeLessThan(one.seconds);
    expect(one.seconds - two.seconds).toBeCloseTo((200 * run.seconds) / 2, 6);
    expect(one.parts.map((p) => p.name)).toContain('1 worker running one replicate each');
    // No more workers than replicates are started.
    expect(many.bytes).toEqual(at(200).bytes);
  });

  it('is within a generous band of the peak RSS measured by running it (two sizes, each in a fresh process)', () => {
    const child = fileURLToPath(new URL('../../bench/child-resources.mjs', import.meta.url));
    const cases = [
      ['pilot-england', '0'],
      ['region', '0', 'population.localities=50', 'agencies.count=5', 'agencies.localitiesPerAgency=10', 'serviceUsers.referrals=1000'],
    ];
    for (const args of cases) {
      const r = spawnSync(process.execPath, [child, ...args], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) });
      expect(r.status, r.stderr).toBe(0);
      const m = JSON.parse(r.stdout.trim().split('\n').pop()!);
      expect(m.estimateMb / m.measuredMb, `${args.join(' ')}: estimate ${m.estimateMb} MB, measured ${m.measuredMb} MB`).toBeGreaterThan(0.6);
      expect(m.estimateMb / m.measuredMb, `${args.join(' ')}: estimate ${m.estimateMb} MB, measured ${m.measuredMb} MB`).toBeLessThan(1.6);
    }
  }, 120_000);
});

describe('checkResources', () => {
  it('passes an estimate within every limit', () => {
    expect(() => checkResources(fake(), limits(2 * GB), options)).not.toThrow();
  });

  it('refuses memory first, with the figure, its largest part, the limit and its source, and the advice', () => {
    const err = (() => {
      try {
        checkResources(fake({ bytes: 36 * GB, largestIds: { name: 'ties', count: 3e9 } }), limits(24 * GB), options);
      } catch (e) {
        return e as ResourceError;
      }
    })();
    expect(err).toBeInstanceOf(ResourceError);
    expect(err!.message).toBe('test: too big to run: this run needs about 36 GB of memory (most of it the population: 614 MB); the limit is 24 GB (a test limit); use less');
    expect(err!.estimate?.bytes).toBe(36 * GB);
  });

  it("then the JavaScript heap against V8's limit, naming the part that fills it", () => {
    expect(() => checkResources(fake({ heapBytes: 6 * GB, parts: [{ name: 'the rows', bytes: 6 * GB, heap: 6 * GB }] }), limits(64 * GB, 4 * GB), options)).toThrow(
      /needs about 6\.0 GB of JavaScript heap \(for the rows\); Node's heap limit is 4\.0 GB \(raise it with NODE_OPTIONS=--max-old-space-size=MB/,
    );
  });

  it('refuses what no machine can hold even without a memory limit: ids, array lengths, file lengths', () => {
    expect(() => checkResources(fake({ largestIds: { name: 'ties', count: ENGINE_LIMITS.ids + 1 } }), undefined, options)).toThrow(/2,147,483,648 ties; the engine numbers them with 32-bit integers/);
    expect(() => checkResources(fake({ largestArray: { name: 'the rings', elements: 2 ** 33 } }), undefined, options)).toThrow(/8,589,934,592 entries in the rings; one array holds at most 4,294,967,296/);
    expect(() => checkResources(fake({ largestFile: { name: 'users.csv', chars: 2 ** 30 } }), undefined, options)).toThrow(/would write users\.csv of about 1\.0 GB; a file is built in memory as one string, at most 512 MB/);
  });

  it('formats bytes as people read them', () => {
    expect([formatBytes(512), formatBytes(48 * 1024), formatBytes(1.5 * GB), formatBytes(36 * GB), formatBytes(263 * GB), formatBytes(52 * 2 ** 40)]).toEqual(['512 bytes', '48 kB', '1.5 GB', '36 GB', '263 GB', '52 TB']);
  });
});

describe('runScenario', () => {
  it('refuses a population of 1e11 residents with a ResourceError before building anything (not a RangeError)', () => {
    const s = loadScenario('teaching-barriers');
    const huge = { ...s, params: { ...s.params, population: { ...s.params.population, localities: 100_000, residentsPerLocality: 1_000_000 } } };
    expect(() => runScenario(huge, { ticks: 1 })).toThrow(ResourceError);
    expect(() => runScenario(huge, { ticks: 1 })).toThrow(/ties; the engine numbers them with 32-bit integers, at most 2,147,483,647/);
  });
});
