// The shared population of a scenario: persons (residents and service users) with positions, resources,
// interests and cultural groups; the homophilous baseline network; community nodes and their members;
// agencies and workers. Part of model/. Built once per run and shared by every arm (MODEL.md §6): arms
// differ only in parameters, which are applied to the latent draws kept here (see run-state.ts).
// Lin 2001: positions carry prestige; ties follow the like-me (homophily) principle.
import type { Params } from '../scenario/parameters.js';
import type { Tables } from '../scenario/tables.js';
import { RESOURCE_SUBSCALES } from '../scenario/tables.js';
import { createStream, deriveSeed, type RandomStream } from '../rng/index.js';
import { TieStore } from './tie-store.js';
import { buildBaselineNetwork } from './baseline-network.js';

export interface Population {
  readonly residents: number;
  readonly users: number;
  readonly persons: number;
  readonly localities: number;
  readonly agencies: number;
  readonly nodes: number;
  /** Staff at the start. */
  readonly initialWorkers: number;
  /** Worker slots: staff plus room for peer workers. */
  readonly workerCapacity: number;
  /** 32-bit words per knowledge bitset (one bit per community node). */
  readonly knowledgeWords: number;

  // Persons (ids 0..residents-1 are residents, then service users).
  readonly locality: Int32Array;
  readonly position: Uint8Array;
  readonly group: Uint8Array;
  readonly interests: Uint32Array;
  readonly resources: Uint32Array;
  /** Person → service-user index, or -1. */
  readonly userOf: Int32Array;

  // Tables as arrays.
  readonly prestige: Float64Array;
  readonly stratumOfPosition: Uint8Array;
  /** Prestige stratum of each person. */
  readonly stratum: Uint8Array;
  /** Bit g set when cultural group g is a minority. */
  readonly minorityMask: number;
  /** Resource bitmask of each RG-UK subscale, in RESOURCE_SUBSCALES order. */
  readonly subscaleMasks: Uint32Array;
  readonly interestCount: number;

  // Baseline ties and their adjacency (CSR of tie ids per person).
  readonly ties: TieStore;
  readonly tieOffsets: Int32Array;
  readonly tieIds: Int32Array;

  // Service users.
  readonly userPerson: Int32Array;
  readonly userHomeAgency: Int32Array;
  readonly userEnthusiasmZ: Float64Array;
  readonly userOwnershipZ: Float64Array;
  readonly userConfidenceZ: Float64Array;
  /** Uniform draws that time referrals (exponential inter-arrivals per agency, rate set per arm). */
  readonly userReferralU: Float64Array;
  /** Nodes each user belonged to at baseline (CSR). */
  readonly userNodeOffsets: Int32Array;
  readonly userNodes: Int32Array;

  // Community nodes.
  readonly nodeLocality: Int32Array;
  readonly nodeKind: Uint8Array;
  readonly nodeInterests: Uint32Array;
  readonly nodeMainstream: Uint8Array;
  /** Bit g set when the node is culturally appropriate for group g. */
  readonly nodeAppropriate: Uint32Array;
  readonly nodeAccessibility: Float64Array;
  /** Agency running a service-based node, or -1. */
  readonly nodeAgency: Int32Array;
  readonly nodeMemberOffsets: Int32Array;
  readonly nodeMembers: Int32Array;

  // Agencies.
  readonly agencyKind: Uint8Array;
  readonly agencyLocalityOffsets: Int32Array;
  readonly agencyLocalities: Int32Array;
  /** Nodes in the localities an agency serves, plus its own service nodes (CSR). */
  readonly agencyNodeOffsets: Int32Array;
  readonly agencyNodes: Int32Array;
  readonly agencySupportivenessZ: Float64Array;
  readonly agencySkillSharingZ: Float64Array;
  readonly agencyBureaucracyZ: Float64Array;
  readonly agencyFidelityZ: Float64Array;
  readonly agencyEngagementZ: Float64Array;

  // Initial staff (slots 0..initialWorkers-1).
  readonly workerAgency: Int32Array;
  readonly workerEmpathyZ: Float64Array;
  readonly workerCanDoZ: Float64Array;
  readonly workerNetworkingZ: Float64Array;
  // Knowledge of nodes is not drawn here: it is the arm's (initialKnowledge, initialSharedKnowledge), drawn
  // with keyed draws in run-state.ts so that arms may differ in it and still share every other draw.
}

/** Weighted pick of an index. */
export function pickWeighted(weights: ArrayLike<number>, total: number, r: RandomStream): number {
  let x = r.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

const sum = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s;
};

function csr(count: number, keys: Int32Array, n: number): { offsets: Int32Array; values: Int32Array } {
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < n; i++) offsets[keys[i] + 1]++;
  for (let i = 0; i < count; i++) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, count);
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[fill[keys[i]]++] = i;
  return { offsets, values };
}

/** Build the shared population from a scenario's (structural) parameters and tables. */
export function buildPopulation(params: Params, tables: Tables, seed: number): Population {
  const P = params.population;
  const L = P.localities;
  const rpl = P.residentsPerLocality;
  const R = L * rpl;
  const U = params.serviceUsers.referrals;
  const N = R + U;
  const A = params.agencies.count;

  // 1. Tables as arrays.
  const positions = tables.positions.items;
  const prestige = Float64Array.from(positions.map((p) => p.prestige));
  const posShare = positions.map((p) => p.share);
  const posUserShare = positions.map((p) => p.userShare);
  const posShareTotal = sum(posShare);
  const posUserShareTotal = sum(posUserShare);
  const meanPrestige = positions.reduce((a, p) => a + p.prestige * p.share, 0) / posShareTotal;
  // Strata: equal-frequency cut of the residents' prestige distribution.
  const S = P.positionStrata;
  const order = positions.map((_, i) => i).sort((x, y) => prestige[x] - prestige[y] || x - y);
  const stratumOfPosition = new Uint8Array(positions.length);
  {
    let cum = 0;
    for (const i of order) {
      const mid = (cum + posShare[i] / 2) / posShareTotal;
      stratumOfPosition[i] = Math.min(S - 1, Math.floor(mid * S));
      cum += posShare[i];
    }
  }
  const groups = tables.culturalGroups.items;
  const groupShare = groups.map((g) => g.share);
  const groupShareTotal = sum(groupShare);
  let minorityMask = 0;
  groups.forEach((g, i) => {
    if (g.minority) minorityMask |= 1 << i;
  });
  const resources = tables.resources.items;
  const subscaleMasks = new Uint32Array(RESOURCE_SUBSCALES.length);
  resources.forEach((res, i) => {
    subscaleMasks[RESOURCE_SUBSCALES.indexOf(res.subscale)] |= 1 << i;
  });
  const interestNames = tables.interests.items;
  const I = interestNames.length;

  // 2. Persons.
  const rp = createStream(deriveSeed(seed, 'build', 'persons'));
  const locality = new Int32Array(N);
  const position = new Uint8Array(N);
  const group = new Uint8Array(N);
  const interests = new Uint32Array(N);
  const resourceMask = new Uint32Array(N);
  const userOf = new Int32Array(N).fill(-1);
  const userHomeAgency = new Int32Array(U);
  const userPerson = new Int32Array(U);

  // Agencies serve consecutive localities (wrapping).
  const lpa = params.agencies.localitiesPerAgency;
  const agencyLocalityOffsets = new Int32Array(A + 1);
  const agencyLocalities = new Int32Array(A * lpa);
  for (let a = 0; a < A; a++) {
    agencyLocalityOffsets[a + 1] = (a + 1) * lpa;
    for (let k = 0; k < lpa; k++) agencyLocalities[a * lpa + k] = (a * lpa + k) % L;
  }

  for (let i = 0; i < N; i++) {
    const isUser = i >= R;
    if (isUser) {
      const u = i - R;
      const a = u % A;
      userOf[i] = u;
      userPerson[u] = i;
      userHomeAgency[u] = a;
      locality[i] = agencyLocalities[a * lpa + rp.int(lpa)];
      position[i] = pickWeighted(posUserShare, posUserShareTotal, rp);
    } else {
      locality[i] = Math.floor(i / rpl);
      position[i] = pickWeighted(posShare, posShareTotal, rp);
    }
    group[i] = pickWeighted(groupShare, groupShareTotal, rp);
    const nInterests = Math.min(I, rp.poisson(P.interestsPerPerson * (isUser ? params.serviceUsers.interestMultiplier : 1)));
    let mask = 0;
    for (let k = 0; k < nInterests; k++) mask |= 1 << rp.int(I);
    interests[i] = mask >>> 0;
    let rmask = 0;
    const rel = (prestige[position[i]] - meanPrestige) / 100;
    const mult = isUser ? params.serviceUsers.resourceMultiplier : 1;
    for (let k = 0; k < resources.length; k++) {
      const p = Math.min(1, Math.max(0, resources[k].probability * (1 + resources[k].prestigeGradient * rel))) * mult;
      if (rp.next() < p) rmask |= 1 << k;
    }
    resourceMask[i] = rmask >>> 0;
  }

  // 3. Baseline network (homophily by locality, group and prestige stratum).
  const stratum = Uint8Array.from(position, (p) => stratumOfPosition[p]);
  const net = buildBaselineNetwork({
    params,
    residents: R,
    users: U,
    localities: L,
    groups: groups.length,
    strata: S,
    locality,
    group,
    stratum,
    random: createStream(deriveSeed(seed, 'build', 'network')),
  });

  // 4. Community nodes: mainstream per locality, service-based per agency.
  const rn = createStream(deriveSeed(seed, 'build', 'nodes'));
  const kinds = tables.nodeKinds.items;
  const mainW = kinds.map((k) => (k.mainstream ? k.share : 0));
  const servW = kinds.map((k) => (k.mainstream ? 0 : k.share));
  const mainTotal = sum(mainW);
  const servTotal = sum(servW);
  const nMain = L * P.communityNodesPerLocality;
  const nServ = A * params.agencies.serviceNodesPerAgency;
  const C = nMain + nServ;
  const nodeLocality = new Int32Array(C);
  const nodeKind = new Uint8Array(C);
  const nodeInterests = new Uint32Array(C);
  const nodeMainstream = new Uint8Array(C);
  const nodeAppropriate = new Uint32Array(C);
  const nodeAccessibility = new Float64Array(C);
  const nodeAgency = new Int32Array(C).fill(-1);
  const nodeMemberOffsets = new Int32Array(C + 1);
  const members: number[] = [];
  const seen = new Int32Array(N).fill(-1);
  const usersByAgency: number[][] = Array.from({ length: A }, () => []);
  for (let u = 0; u < U; u++) usersByAgency[userHomeAgency[u]].push(u);
  const interestBit = new Map(interestNames.map((n, i) => [n, i]));
  const nodeMemberInterest = (c: number, person: number) => {
    const bits = kinds[nodeKind[c]].interests;
    interests[person] |= 1 << interestBit.get(bits[rn.int(bits.length)])!;
  };
  for (let c = 0; c < C; c++) {
    const mainstream = c < nMain;
    const k = mainstream ? pickWeighted(mainW, mainTotal, rn) : pickWeighted(servW, servTotal, rn);
    const kind = kinds[k];
    const agency = mainstream ? -1 : Math.floor((c - nMain) / params.agencies.serviceNodesPerAgency);
    const loc = mainstream ? Math.floor(c / P.communityNodesPerLocality) : agencyLocalities[agency * lpa];
    nodeLocality[c] = loc;
    nodeKind[c] = k;
    nodeMainstream[c] = mainstream ? 1 : 0;
    nodeAgency[c] = agency;
    let im = 0;
    for (const name of kind.interests) im |= 1 << interestBit.get(name)!;
    nodeInterests[c] = im >>> 0;
    let am = 0;
    groups.forEach((g, gi) => {
      if (!g.minority || rn.next() < kind.culturalAppropriateness) am |= 1 << gi;
    });
    nodeAppropriate[c] = am >>> 0;
    nodeAccessibility[c] = Math.min(1, Math.max(0, rn.normal(kind.accessibility.mean, kind.accessibility.sd)));
    const size = Math.max(1, Math.min(rpl, rn.poisson(kind.meanMembers)));
    const centre = rn.int(S);
    let nUsers = 0;
    if (!mainstream) {
      const pool = usersByAgency[agency];
      nUsers = Math.min(pool.length, Math.round(size * kind.userMemberShare));
      for (let m = 0; m < nUsers; m++) {
        const person = userPerson[pool[rn.int(pool.length)]];
        if (seen[person] === c) continue;
        seen[person] = c;
        members.push(person);
        nodeMemberInterest(c, person);
      }
    }
    for (let m = nUsers; m < size; m++) {
      let person: number;
      if (rn.next() < kind.positionMixing) person = loc * rpl + rn.int(rpl);
      else person = net.pickResident(loc, -1, centre, rn);
      if (seen[person] === c) continue;
      seen[person] = c;
      members.push(person);
      nodeMemberInterest(c, person);
    }
    nodeMemberOffsets[c + 1] = members.length;
  }
  const nodeMembers = Int32Array.from(members);
  // Users' baseline nodes.
  const memberUser: number[] = [];
  const memberNode: number[] = [];
  for (let c = 0; c < C; c++)
    for (let j = nodeMemberOffsets[c]; j < nodeMemberOffsets[c + 1]; j++) {
      const u = userOf[nodeMembers[j]];
      if (u >= 0) {
        memberUser.push(u);
        memberNode.push(c);
      }
    }
  const un = csr(U, Int32Array.from(memberUser), memberUser.length);
  const userNodes = Int32Array.from(un.values, (j) => memberNode[j]);

  // Nodes per agency: all nodes in the localities it serves, and its own service nodes.
  const agencyNodeLists: number[][] = Array.from({ length: A }, () => []);
  const agenciesOfLocality: number[][] = Array.from({ length: L }, () => []);
  for (let a = 0; a < A; a++) for (let k = 0; k < lpa; k++) agenciesOfLocality[agencyLocalities[a * lpa + k]].push(a);
  for (let c = 0; c < C; c++) {
    if (nodeMainstream[c]) for (const a of agenciesOfLocality[nodeLocality[c]]) agencyNodeLists[a].push(c);
    else agencyNodeLists[nodeAgency[c]].push(c);
  }
  const agencyNodeOffsets = new Int32Array(A + 1);
  for (let a = 0; a < A; a++) agencyNodeOffsets[a + 1] = agencyNodeOffsets[a] + agencyNodeLists[a].length;
  const agencyNodes = Int32Array.from(agencyNodeLists.flat());

  // 5. Agencies and their staff.
  const ra = createStream(deriveSeed(seed, 'build', 'agencies'));
  const words = Math.max(1, Math.ceil(C / 32));
  const agencyKinds = tables.agencyKinds.items.map((k) => k.share);
  const agencyKindTotal = sum(agencyKinds);
  const agencyKind = new Uint8Array(A);
  const z = (n: number) => Float64Array.from({ length: n }, () => ra.normal());
  for (let a = 0; a < A; a++) agencyKind[a] = pickWeighted(agencyKinds, agencyKindTotal, ra);
  const agencySupportivenessZ = z(A);
  const agencySkillSharingZ = z(A);
  const agencyBureaucracyZ = z(A);
  const agencyFidelityZ = z(A);
  const agencyEngagementZ = z(A);
  const Wi = A * params.agencies.workersPerAgency;
  const workerAgency = new Int32Array(Wi);
  for (let w = 0; w < Wi; w++) workerAgency[w] = Math.floor(w / params.agencies.workersPerAgency);
  const workerEmpathyZ = z(Wi);
  const workerCanDoZ = z(Wi);
  const workerNetworkingZ = z(Wi);

  // 6. Service users' latent attributes.
  const ru = createStream(deriveSeed(seed, 'build', 'users'));
  const userEnthusiasmZ = Float64Array.from({ length: U }, () => ru.normal());
  const userOwnershipZ = Float64Array.from({ length: U }, () => ru.normal());
  const userConfidenceZ = Float64Array.from({ length: U }, () => ru.normal());
  const userReferralU = Float64Array.from({ length: U }, () => ru.next());

  return {
    residents: R,
    users: U,
    persons: N,
    localities: L,
    agencies: A,
    nodes: C,
    initialWorkers: Wi,
    workerCapacity: Wi + A * params.peerWorkers.maxPerAgency,
    knowledgeWords: words,
    locality,
    position,
    group,
    interests,
    resources: resourceMask,
    userOf,
    prestige,
    stratumOfPosition,
    stratum,
    minorityMask,
    subscaleMasks,
    interestCount: I,
    ties: net.ties,
    tieOffsets: net.offsets,
    tieIds: net.tieIds,
    userPerson,
    userHomeAgency,
    userEnthusiasmZ,
    userOwnershipZ,
    userConfidenceZ,
    userReferralU,
    userNodeOffsets: un.offsets,
    userNodes,
    nodeLocality,
    nodeKind,
    nodeInterests,
    nodeMainstream,
    nodeAppropriate,
    nodeAccessibility,
    nodeAgency,
    nodeMemberOffsets,
    nodeMembers,
    agencyKind,
    agencyLocalityOffsets,
    agencyLocalities,
    agencyNodeOffsets,
    agencyNodes,
    agencySupportivenessZ,
    agencySkillSharingZ,
    agencyBureaucracyZ,
    agencyFidelityZ,
    agencyEngagementZ,
    workerAgency,
    workerEmpathyZ,
    workerCanDoZ,
    workerNetworkingZ,
  };
}
