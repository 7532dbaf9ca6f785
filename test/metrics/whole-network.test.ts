// Whole-network measures (MODEL.md §5) on a hand-built tie store: live ties, density, components, the
// largest component's share and bridging ties across localities and prestige strata, checked against
// hand-computed values; then density and components on a random graph against graphology and
// graphology-metrics (components by breadth-first search over graphology's own adjacency).
import { UndirectedGraph } from 'graphology';
import { density } from 'graphology-metrics/graph/density.js';
import { describe, expect, test } from 'vitest';
import { measureWholeNetwork } from '../../src/metrics/whole-network.js';
import { TieStore } from '../../src/model/tie-store.js';
import { TieKind } from '../../src/model/codes.js';
import { createStream } from '../../src/rng/index.js';

/** A store with the given ties (a < b) and the listed ids dissolved. */
function storeOf(ties: Array<[number, number]>, dead: number[] = []): TieStore {
  const t = new TieStore(ties.length);
  for (const [a, b] of ties) t.add(a, b, 0.5, TieKind.friend, 0, 0);
  for (const id of dead) t.dissolve(id);
  return t;
}

describe('measureWholeNetwork on a hand-built graph', () => {
  // Persons 0–6. A triangle 0-1-2 in locality 0, a bridge 2-3 into locality 1, a tie 3-4, a dissolved tie
  // 4-6 across localities and strata, and person 5 alone.
  const locality = Int32Array.from([0, 0, 0, 1, 1, 1, 2]);
  const stratum = Uint8Array.from([0, 1, 0, 1, 1, 2, 0]);
  const ties = storeOf(
    [
      [0, 1],
      [1, 2],
      [0, 2],
      [2, 3],
      [3, 4],
      [4, 6],
    ],
    [5],
  );
  const net = measureWholeNetwork({ persons: 7, ties, locality, stratum });

  test('only live ties are counted', () => {
    expect(net.ties).toBe(5);
  });

  test('density is live ties over the 21 possible pairs', () => {
    expect(net.density).toBeCloseTo(5 / 21, 15);
  });

  test('components are {0,1,2,3,4}, {5} and {6}, the largest holding 5 of 7 persons', () => {
    expect(net.components).toBe(3);
    expect(net.largestComponentShare).toBeCloseTo(5 / 7, 15);
  });

  test('one live tie bridges localities (2-3) and three bridge strata (0-1, 1-2, 2-3)', () => {
    expect(net.bridgingLocality).toBe(1);
    expect(net.bridgingStrata).toBe(3);
  });

  test('with no ties every person is a component and density is zero', () => {
    expect(measureWholeNetwork({ persons: 4, ties: new TieStore(0), locality: new Int32Array(4), stratum: new Uint8Array(4) })).toEqual({
      ties: 0,
      density: 0,
      components: 4,
      largestComponentShare: 0.25,
      bridgingLocality: 0,
      bridgingStrata: 0,
    });
  });

  test('an empty or one-person network has density zero rather than a division by zero', () => {
    expect(measureWholeNetwork({ persons: 0, ties: new TieStore(0), locality: new Int32Array(0), stratum: new Uint8Array(0) })).toMatchObject({
      density: 0,
      components: 0,
      largestComponentShare: 0,
    });
    expect(measureWholeNetwork({ persons: 1, ties: new TieStore(0), locality: new Int32Array(1), stratum: new Uint8Array(1) })).toMatchObject({
      density: 0,
      components: 1,
      largestComponentShare: 1,
    });
  });

  test('a complete graph has density one and one component', () => {
    const pairs: Array<[number, number]> = [];
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) pairs.push([a, b]);
    const r = measureWholeNetwork({ persons: 5, ties: storeOf(pairs), locality: new Int32Array(5), stratum: new Uint8Array(5) });
    expect(r).toMatchObject({ ties: 10, density: 1, components: 1, largestComponentShare: 1 });
  });
});

describe('measureWholeNetwork against graphology on a random graph', () => {
  test.each([1, 2, 3])('density, components and the largest component agree with graphology (seed %i)', (seed) => {
    const N = 300;
    const r = createStream(seed);
    const seen = new Set<number>();
    const pairs: Array<[number, number]> = [];
    // About 0.9 ties per person: near the giant-component threshold, so there are many components.
    while (pairs.length < 280) {
      const x = r.int(N);
      const y = r.int(N);
      if (x === y || seen.has(Math.min(x, y) * N + Math.max(x, y))) continue;
      seen.add(Math.min(x, y) * N + Math.max(x, y));
      pairs.push([Math.min(x, y), Math.max(x, y)]);
    }
    const dead = Array.from({ length: 40 }, (_, i) => i * 7);
    const ties = storeOf(pairs, dead);
    const locality = Int32Array.from({ length: N }, () => r.int(5));
    const stratum = Uint8Array.from({ length: N }, () => r.int(3));
    const ours = measureWholeNetwork({ persons: N, ties, locality, stratum });

    const g = new UndirectedGraph();
    for (let i = 0; i < N; i++) g.addNode(String(i));
    let bridges = 0;
    pairs.forEach(([a, b], id) => {
      if (dead.includes(id)) return;
      g.addEdge(String(a), String(b));
      if (locality[a] !== locality[b]) bridges++;
    });
    // Components by breadth-first search over graphology's adjacency.
    const componentOf = new Map<string, number>();
    const sizes: number[] = [];
    g.forEachNode((start) => {
      if (componentOf.has(start)) return;
      const c = sizes.length;
      sizes.push(0);
      const queue = [start];
      componentOf.set(start, c);
      while (queue.length) {
        const v = queue.shift()!;
        sizes[c]++;
        g.forEachNeighbor(v, (w) => {
          if (!componentOf.has(w)) {
            componentOf.set(w, c);
            queue.push(w);
          }
        });
      }
    });

    expect(ours.ties).toBe(g.size);
    expect(ours.density).toBeCloseTo(density(g), 15);
    expect(ours.components).toBe(sizes.length);
    expect(ours.largestComponentShare).toBeCloseTo(Math.max(...sizes) / N, 15);
    expect(ours.bridgingLocality).toBe(bridges);
    expect(sizes.length).toBeGreaterThan(10); // the graph really is fragmented
  });
});
