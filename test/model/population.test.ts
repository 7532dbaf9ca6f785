// buildPopulation on the CPI pilot scenario: person, node, agency and worker counts; the baseline network
// (Palumbo et al. 2015 sizes and family share for service users, homophily by locality, stratum and group,
// Lin 2001), service users' lower positions and fewer resources, node membership, knowledge sets, the CSR
// adjacency; determinism by seed; and that the population depends on structural parameters only, so
// arms (which may change only non-structural ones) really can share it.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { PARAMETERS, type Params } from '../../src/scenario/parameters.js';
import { forEachLeaf, type Group, type Leaf } from '../../src/scenario/spec.js';
import { buildPopulation, pickWeighted, type Population } from '../../src/model/population.js';
import { TieFlag, TieKind } from '../../src/model/codes.js';
import { TieStore } from '../../src/model/tie-store.js';
import { createStream, deriveSeed } from '../../src/rng/index.js';
import { popcount } from '../../src/metrics/resource-score.js';

const pilot = loadScenario('pilot-england');
const SEED = deriveSeed(pilot.seed, 'population');
const pop = buildPopulation(pilot.params, pilot.tables, SEED);
const P = pilot.params;
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;

/** Degree of every person, and the ties of users / residents, by scanning the tie store. */
const degree = new Int32Array(pop.persons);
for (let id = 0; id < pop.ties.size; id++) {
  degree[pop.ties.a[id]]++;
  degree[pop.ties.b[id]]++;
}
const tieIds = [...Array(pop.ties.size).keys()];
const userTieIds = tieIds.filter((id) => pop.userOf[pop.ties.a[id]] >= 0 || pop.userOf[pop.ties.b[id]] >= 0);
const users = [...Array(pop.users).keys()].map((u) => pop.userPerson[u]);
const residents = [...Array(pop.residents).keys()];

/** Names of the fields that differ between two populations (typed arrays, tie stores and numbers). */
function differences(x: Population, y: Population): string[] {
  const out: string[] = [];
  const sameArray = (p: ArrayLike<number>, q: ArrayLike<number>, n = p.length) => {
    if (p.length !== q.length && n === p.length) return false;
    for (let i = 0; i < n; i++) if (!Object.is(p[i], q[i])) return false;
    return true;
  };
  for (const key of Object.keys(x) as Array<keyof Population>) {
    const a = x[key] as unknown;
    const b = y[key] as unknown;
    if (a instanceof TieStore && b instanceof TieStore) {
      if (a.size !== b.size) out.push('ties');
      else
        for (const f of ['a', 'b', 'key', 'strength', 'baseStrength', 'kind', 'flags', 'formedAt', 'lastContact'] as const)
          if (!sameArray(a[f], b[f], a.size)) out.push(`ties.${f}`);
    } else if (ArrayBuffer.isView(a)) {
      if (!sameArray(a as unknown as ArrayLike<number>, b as ArrayLike<number>)) out.push(key);
    } else if (typeof a === 'number') {
      if (a !== b) out.push(key);
    }
  }
  return out;
}

describe('counts', () => {
  test('residents are localities × residents per locality, and service users are the referrals', () => {
    expect(pop.residents).toBe(P.population.localities * P.population.residentsPerLocality);
    expect(pop.residents).toBe(14 * 300);
    expect(pop.users).toBe(155);
    expect(pop.persons).toBe(pop.residents + pop.users);
    expect(pop.localities).toBe(14);
    expect(pop.agencies).toBe(14);
  });

  test('nodes, workers and knowledge words follow the declared sizes', () => {
    const nMain = P.population.localities * P.population.communityNodesPerLocality;
    const nServ = P.agencies.count * P.agencies.serviceNodesPerAgency;
    expect(pop.nodes).toBe(nMain + nServ);
    expect(pop.initialWorkers).toBe(14 * 2);
    expect(pop.workerCapacity).toBe(pop.initialWorkers + 14 * P.peerWorkers.maxPerAgency);
    expect(pop.knowledgeWords).toBe(Math.ceil(pop.nodes / 32));
  });

  test('service users are the persons after the residents, spread over the agencies in turn', () => {
    for (let i = 0; i < pop.residents; i++) expect(pop.userOf[i]).toBe(-1);
    for (let u = 0; u < pop.users; u++) {
      expect(pop.userPerson[u]).toBe(pop.residents + u);
      expect(pop.userOf[pop.userPerson[u]]).toBe(u);
      expect(pop.userHomeAgency[u]).toBe(u % pop.agencies);
    }
  });

  test('residents live in their block of localities and users in a locality their agency serves', () => {
    const rpl = P.population.residentsPerLocality;
    for (const i of residents) expect(pop.locality[i]).toBe(Math.floor(i / rpl));
    for (let u = 0; u < pop.users; u++) {
      const a = pop.userHomeAgency[u];
      const served = Array.from(pop.agencyLocalities.subarray(pop.agencyLocalityOffsets[a], pop.agencyLocalityOffsets[a + 1]));
      expect(served).toContain(pop.locality[pop.userPerson[u]]);
    }
  });

  test('latent draws have one value per user, agency and worker', () => {
    for (const z of [pop.userEnthusiasmZ, pop.userOwnershipZ, pop.userConfidenceZ, pop.userReferralU]) expect(z.length).toBe(pop.users);
    for (const z of [pop.agencySupportivenessZ, pop.agencyFidelityZ, pop.agencyEngagementZ]) expect(z.length).toBe(pop.agencies);
    for (const z of [pop.workerEmpathyZ, pop.workerCanDoZ, pop.workerNetworkingZ]) expect(z.length).toBe(pop.initialWorkers);
    for (const u of pop.userReferralU) expect(u >= 0 && u < 1).toBe(true);
    // Standard normal draws: mean near 0, sd near 1 over the users.
    expect(Math.abs(mean(pop.userEnthusiasmZ))).toBeLessThan(0.3);
  });
});

describe('the baseline network', () => {
  test('ties are ordered pairs (a < b) with no self-ties and no duplicate pairs', () => {
    const pairs = new Set<number>();
    for (const id of tieIds) {
      const a = pop.ties.a[id];
      const b = pop.ties.b[id];
      expect(a).toBeLessThan(b);
      expect(b).toBeLessThan(pop.persons);
      pairs.add(a * pop.persons + b);
    }
    expect(pairs.size).toBe(pop.ties.size);
    expect(pop.ties.alive).toBe(pop.ties.size);
  });

  test('every baseline tie is alive, flagged baseline, of a person-to-person kind, formed at tick 0, clear of the dissolution floor', () => {
    const floor = 2 * P.ties.dissolveBelow;
    for (const id of tieIds) {
      expect(pop.ties.flags[id]).toBe(TieFlag.alive | TieFlag.baseline);
      expect([TieKind.family, TieKind.friend, TieKind.acquaintance]).toContain(pop.ties.kind[id]);
      expect(pop.ties.formedAt[id]).toBe(0);
      expect(pop.ties.strength[id]).toBeGreaterThanOrEqual(Math.fround(floor));
      expect(pop.ties.strength[id]).toBeLessThanOrEqual(1);
      expect(pop.ties.baseStrength[id]).toBe(pop.ties.strength[id]);
    }
  });

  test("service users' mean baseline network is near serviceUsers.networkSize (11.7 ties)", () => {
    expect(P.serviceUsers.networkSize).toBe(11.7);
    expect(Math.abs(mean(users.map((p) => degree[p])) - 11.7)).toBeLessThan(1.5);
  });

  test("about 43% of service users' ties are family and about 29% friends", () => {
    const share = (k: number) => userTieIds.filter((id) => pop.ties.kind[id] === k).length / userTieIds.length;
    expect(Math.abs(share(TieKind.family) - P.serviceUsers.familyShare)).toBeLessThan(0.06);
    expect(Math.abs(share(TieKind.friend) - P.serviceUsers.friendShare)).toBeLessThan(0.06);
  });

  test("residents' mean baseline network is near residentNetworkSize", () => {
    expect(Math.abs(mean(residents.map((p) => degree[p])) - P.population.residentNetworkSize)).toBeLessThan(1.5);
  });

  test('ties stay within the locality about as often as localTieShare says, far above chance', () => {
    const L = pop.localities;
    const local = tieIds.filter((id) => pop.locality[pop.ties.a[id]] === pop.locality[pop.ties.b[id]]).length / pop.ties.size;
    // A stub stays local with probability localTieShare, and a random locality is the own one 1 time in L.
    const expected = P.population.localTieShare + (1 - P.population.localTieShare) / L;
    expect(Math.abs(local - expected)).toBeLessThan(0.05);
    expect(local).toBeGreaterThan(5 / L);
  });

  test('ties join the same prestige stratum more often than chance', () => {
    const counts = new Array(P.population.positionStrata).fill(0);
    for (let i = 0; i < pop.persons; i++) counts[pop.stratum[i]]++;
    const chance = counts.reduce((a, c) => a + (c / pop.persons) ** 2, 0);
    const same = tieIds.filter((id) => pop.stratum[pop.ties.a[id]] === pop.stratum[pop.ties.b[id]]).length / pop.ties.size;
    expect(same).toBeGreaterThan(chance + 0.15);
  });

  test('family ties stay within the cultural group and other ties do so more often than chance', () => {
    const sameGroup = (id: number) => pop.group[pop.ties.a[id]] === pop.group[pop.ties.b[id]];
    const family = tieIds.filter((id) => pop.ties.kind[id] === TieKind.family);
    const other = tieIds.filter((id) => pop.ties.kind[id] !== TieKind.family);
    expect(family.filter(sameGroup).length / family.length).toBeGreaterThan(0.95);
    const counts = new Array(pilot.tables.culturalGroups.items.length).fill(0);
    for (let i = 0; i < pop.persons; i++) counts[pop.group[i]]++;
    const chance = counts.reduce((a, c) => a + (c / pop.persons) ** 2, 0);
    expect(other.filter(sameGroup).length / other.length).toBeGreaterThan(chance + 0.05);
  });

  test('the CSR adjacency lists exactly the ties of each person, in id order', () => {
    expect(pop.tieOffsets.length).toBe(pop.persons + 1);
    expect(pop.tieOffsets[0]).toBe(0);
    expect(pop.tieOffsets[pop.persons]).toBe(2 * pop.ties.size);
    for (let p = 0; p < pop.persons; p++) {
      const list = Array.from(pop.tieIds.subarray(pop.tieOffsets[p], pop.tieOffsets[p + 1]));
      expect(list.length).toBe(degree[p]);
      for (let j = 0; j < list.length; j++) {
        expect(pop.ties.a[list[j]] === p || pop.ties.b[list[j]] === p).toBe(true);
        if (j > 0) expect(list[j]).toBeGreaterThan(list[j - 1]);
      }
    }
  });
});

describe('positions and resources', () => {
  test('strata are an ordered cut of prestige and every person carries their position’s stratum', () => {
    const S = P.population.positionStrata;
    const order = [...pop.prestige.keys()].sort((x, y) => pop.prestige[x] - pop.prestige[y]);
    for (let j = 1; j < order.length; j++) expect(pop.stratumOfPosition[order[j]]).toBeGreaterThanOrEqual(pop.stratumOfPosition[order[j - 1]]);
    expect(new Set(pop.stratumOfPosition)).toEqual(new Set([...Array(S).keys()]));
    for (let i = 0; i < pop.persons; i++) expect(pop.stratum[i]).toBe(pop.stratumOfPosition[pop.position[i]]);
  });

  test('service users hold lower-prestige positions than residents on average', () => {
    const prestigeOf = (ps: number[]) => mean(ps.map((p) => pop.prestige[pop.position[p]]));
    expect(prestigeOf(users)).toBeLessThan(prestigeOf(residents) - 5);
  });

  test('service users hold fewer resource items than residents on average', () => {
    const itemsOf = (ps: number[]) => mean(ps.map((p) => popcount(pop.resources[p])));
    expect(itemsOf(users)).toBeLessThan(itemsOf(residents) * 0.9);
  });

  test('subscale masks partition the resource items as the table assigns them', () => {
    const items = pilot.tables.resources.items;
    let union = 0;
    for (let k = 0; k < pop.subscaleMasks.length; k++) {
      expect(pop.subscaleMasks[k] & union).toBe(0);
      union |= pop.subscaleMasks[k];
    }
    expect(popcount(union)).toBe(items.length);
    for (let i = 0; i < pop.persons; i++) expect(pop.resources[i] & ~union).toBe(0);
  });

  test('the minority mask marks the minority groups', () => {
    const expected = pilot.tables.culturalGroups.items.reduce((m, g, i) => (g.minority ? m | (1 << i) : m), 0);
    expect(pop.minorityMask).toBe(expected);
    expect(pop.minorityMask).not.toBe(0);
  });
});

describe('community nodes, agencies and workers', () => {
  const nMain = P.population.localities * P.population.communityNodesPerLocality;
  const kinds = pilot.tables.nodeKinds.items;
  const members = (c: number) => Array.from(pop.nodeMembers.subarray(pop.nodeMemberOffsets[c], pop.nodeMemberOffsets[c + 1]));

  test('mainstream nodes come first, per locality, and service-based nodes after them, per agency, as declared', () => {
    for (let c = 0; c < pop.nodes; c++) {
      const mainstream = c < nMain;
      expect(pop.nodeMainstream[c]).toBe(mainstream ? 1 : 0);
      expect(kinds[pop.nodeKind[c]].mainstream).toBe(mainstream);
      if (mainstream) {
        expect(pop.nodeAgency[c]).toBe(-1);
        expect(pop.nodeLocality[c]).toBe(Math.floor(c / P.population.communityNodesPerLocality));
      } else expect(pop.nodeAgency[c]).toBe(Math.floor((c - nMain) / P.agencies.serviceNodesPerAgency));
    }
    expect(pop.nodeMainstream.filter((m) => m === 1).length).toBe(nMain);
    expect(pop.nodeMainstream.filter((m) => m === 0).length).toBe(P.agencies.count * P.agencies.serviceNodesPerAgency);
  });

  test('node members are distinct and every node has at least one', () => {
    for (let c = 0; c < pop.nodes; c++) {
      const m = members(c);
      expect(m.length).toBeGreaterThan(0);
      expect(new Set(m).size).toBe(m.length);
    }
  });

  test('mainstream members are residents of the node’s locality; service-node members are its agency’s users or local residents', () => {
    for (let c = 0; c < pop.nodes; c++)
      for (const p of members(c)) {
        const u = pop.userOf[p];
        if (pop.nodeMainstream[c] || u < 0) {
          expect(u).toBe(-1);
          expect(pop.locality[p]).toBe(pop.nodeLocality[c]);
        } else expect(pop.userHomeAgency[u]).toBe(pop.nodeAgency[c]);
      }
    const serviceUsersAtNodes = new Set(pop.nodeMembers.filter((p) => pop.userOf[p] >= 0));
    expect(serviceUsersAtNodes.size).toBeGreaterThan(0);
  });

  test('nodes serve their kind’s interests and every member holds one of them', () => {
    const bit = new Map(pilot.tables.interests.items.map((n, i) => [n, i]));
    for (let c = 0; c < pop.nodes; c++) {
      const mask = kinds[pop.nodeKind[c]].interests.reduce((m, n) => m | (1 << bit.get(n)!), 0);
      expect(pop.nodeInterests[c]).toBe(mask);
      for (const p of members(c)) expect(pop.interests[p] & mask).not.toBe(0);
    }
  });

  test("users' baseline nodes are exactly the nodes that list them as members", () => {
    for (let u = 0; u < pop.users; u++) {
      const listed = Array.from(pop.userNodes.subarray(pop.userNodeOffsets[u], pop.userNodeOffsets[u + 1])).sort((a, b) => a - b);
      const expected = [...Array(pop.nodes).keys()].filter((c) => members(c).includes(pop.userPerson[u]));
      expect(listed).toEqual(expected);
    }
  });

  test("an agency's nodes are the mainstream nodes of its localities and its own service nodes", () => {
    for (let a = 0; a < pop.agencies; a++) {
      const served = new Set(pop.agencyLocalities.subarray(pop.agencyLocalityOffsets[a], pop.agencyLocalityOffsets[a + 1]));
      const listed = Array.from(pop.agencyNodes.subarray(pop.agencyNodeOffsets[a], pop.agencyNodeOffsets[a + 1])).sort((x, y) => x - y);
      const expected = [...Array(pop.nodes).keys()].filter((c) => (pop.nodeMainstream[c] ? served.has(pop.nodeLocality[c]) : pop.nodeAgency[c] === a));
      expect(listed).toEqual(expected);
    }
  });

  test('the initial staff are dealt to the agencies in turn, workersPerAgency each', () => {
    expect(Array.from(pop.workerAgency)).toEqual([...Array(pop.initialWorkers).keys()].map((w) => Math.floor(w / 2)));
  });
});

describe('determinism', () => {
  test('the same seed builds an identical population, array for array', () => {
    const again = buildPopulation(pilot.params, pilot.tables, SEED);
    expect(differences(pop, again)).toEqual([]);
  });

  test('a different seed builds a different population', () => {
    const other = buildPopulation(pilot.params, pilot.tables, deriveSeed(pilot.seed + 1, 'population'));
    const diff = differences(pop, other);
    for (const f of ['position', 'group', 'resources', 'ties', 'nodeMembers', 'userEnthusiasmZ']) expect(diff.join(' ')).toContain(f);
  });

  test('pickWeighted picks in proportion to the weights and never a zero weight', () => {
    const r = createStream(5);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) counts[pickWeighted([1, 0, 3, 0], 4, r)]++;
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    expect(counts[2] / 20_000).toBeCloseTo(0.75, 1);
  });
});

describe('the population depends on structural parameters only', () => {
  // Arms share one population built from the scenario's base parameters, so a parameter an arm may change
  // (not structural, not under population.) must not shape it.
  const small = loadScenario('teaching-barriers');
  const base = buildPopulation(small.params, small.tables, 99);
  const SPEC = PARAMETERS as unknown as Group;

  const perturbed = (path: string, leaf: Leaf): Params => {
    const params = structuredClone(small.params) as unknown as Record<string, any>;
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((o, k) => o[k], params);
    const k = keys[keys.length - 1];
    const v = parent[k];
    if (leaf.kind === 'number') {
      if (leaf.integer) parent[k] = v + 1 <= leaf.max ? v + 1 : v - 1;
      else parent[k] = Number.isFinite(leaf.max) ? (v < leaf.max ? (v + leaf.max) / 2 : (v + leaf.min) / 2) : v * 2 + 1;
    } else if (leaf.kind === 'boolean') parent[k] = !v;
    else if (leaf.kind === 'choice') parent[k] = leaf.options.length ? leaf.options.find((o) => o !== v) : v === 'minority' ? 'all' : 'minority';
    else parent[k] = { tieFormation: 0.77 };
    return params as unknown as Params;
  };

  const armSettable: Array<[string, Leaf]> = [];
  const structuralLeaves: Array<[string, Leaf]> = [];
  forEachLeaf(SPEC, (path, leaf) => {
    if (leaf.kind === 'number' && leaf.structural) structuralLeaves.push([path, leaf]);
    else if (!path.startsWith('population.')) armSettable.push([path, leaf]);
  });
  // BUG: these shape the population but are not marked structural, so an arm may change them and silently
  // get the base scenario's population: peerWorkers.maxPerAgency sizes Population.workerCapacity (an arm
  // that raises it is capped at the base value), and ties.dissolveBelow sets the floor of baseline strengths.
  test('the parameters arms may change are many, and the former leaks are no longer among them', () => {
    expect(armSettable.length).toBeGreaterThan(100);
    expect(armSettable.map(([p]) => p)).not.toContain('peerWorkers.maxPerAgency');
    expect(armSettable.map(([p]) => p)).toContain('ties.dissolveBelow');
  });

  test.each(armSettable)('changing %s leaves the population unchanged', (path, leaf) => {
    expect(differences(base, buildPopulation(perturbed(path, leaf), small.tables, 99))).toEqual([]);
  });

  test.each(structuralLeaves)('changing the structural parameter %s changes the population', (path, leaf) => {
    expect(differences(base, buildPopulation(perturbed(path, leaf), small.tables, 99))).not.toEqual([]);
  });
});
