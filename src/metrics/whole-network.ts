// Whole-network measures (MODEL.md §5): live ties, density, connected components (union–find), share of
// persons in the largest component, and bridging ties across localities and across prestige strata.
// Part of metrics/: pure readers over the tie store.
import type { TieStore } from '../model/tie-store.js';
import { TieFlag } from '../model/codes.js';

export interface WholeNetwork {
  readonly ties: number;
  readonly density: number;
  readonly components: number;
  readonly largestComponentShare: number;
  readonly bridgingLocality: number;
  readonly bridgingStrata: number;
}

export interface WholeNetworkInput {
  readonly persons: number;
  readonly ties: TieStore;
  readonly locality: Int32Array;
  /** Prestige stratum of each person. */
  readonly stratum: ArrayLike<number>;
}

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

export function measureWholeNetwork(input: WholeNetworkInput): WholeNetwork {
  const { persons: N, ties, locality, stratum } = input;
  const parent = new Int32Array(N);
  for (let i = 0; i < N; i++) parent[i] = i;
  let live = 0;
  let bridgingLocality = 0;
  let bridgingStrata = 0;
  let components = N;
  const { flags, a: ta, b: tb } = ties;
  for (let id = 0, n = ties.size; id < n; id++) {
    if (!(flags[id] & TieFlag.alive)) continue;
    live++;
    const a = ta[id];
    const b = tb[id];
    if (locality[a] !== locality[b]) bridgingLocality++;
    if (stratum[a] !== stratum[b]) bridgingStrata++;
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  const size = new Int32Array(N);
  let largest = 0;
  for (let i = 0; i < N; i++) {
    const r = find(parent, i);
    if (++size[r] > largest) largest = size[r];
  }
  return {
    ties: live,
    density: N > 1 ? (2 * live) / (N * (N - 1)) : 0,
    components,
    largestComponentShare: N > 0 ? largest / N : 0,
    bridgingLocality,
    bridgingStrata,
  };
}
