// The baseline network generator: each person draws an ego-network size and ties whose partners follow
// homophily by locality, cultural group and prestige stratum (Lin 2001, the like-me principle;
// McPherson, Smith-Lovin & Cook 2001), with position homophily by tie kind so that weak ties reach further
// across positions than strong ones (Granovetter 1973; Lin, Ensel & Vaughn 1981; Lin 2001, ch. 5–6). Part of model/. Service users' sizes and kind shares follow
// Palumbo et al. 2015 (via scenario parameters). Linear in the number of ties; typed arrays throughout.
import type { Params } from '../scenario/parameters.js';
import type { RandomStream } from '../rng/index.js';
import { TieFlag, TieKind } from './codes.js';
import { TieStore } from './tie-store.js';

export interface BaselineNetworkInput {
  readonly params: Params;
  readonly residents: number;
  readonly users: number;
  readonly localities: number;
  readonly groups: number;
  readonly strata: number;
  readonly locality: Int32Array;
  readonly group: Uint8Array;
  readonly stratum: Uint8Array;
  readonly random: RandomStream;
}

export interface BaselineNetwork {
  readonly ties: TieStore;
  /** CSR of tie ids per person. */
  readonly offsets: Int32Array;
  readonly tieIds: Int32Array;
  /** Pick a resident of a locality, optionally of a group and/or stratum (-1 for any), with fallbacks. */
  pickResident(loc: number, group: number, stratum: number, r: RandomStream): number;
}

interface Buckets {
  offsets: Int32Array;
  members: Int32Array;
}

function bucketise(keys: Int32Array, count: number): Buckets {
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < keys.length; i++) offsets[keys[i] + 1]++;
  for (let k = 0; k < count; k++) offsets[k + 1] += offsets[k];
  const fill = offsets.slice(0, count);
  const members = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) members[fill[keys[i]]++] = i;
  return { offsets, members };
}

/** The share of ties of each kind (TieKind order) drawn from the person's own prestige stratum. */
export function positionHomophilyByKind(params: Params): Float64Array {
  const P = params.population;
  const out = new Float64Array(3);
  out[TieKind.family] = P.familyPositionHomophily;
  out[TieKind.friend] = P.friendPositionHomophily;
  out[TieKind.acquaintance] = P.acquaintancePositionHomophily;
  return out;
}

export function buildBaselineNetwork(input: BaselineNetworkInput): BaselineNetwork {
  const { params, residents: R, users: U, localities: L, groups: G, strata: S, locality, group, stratum, random: r } = input;
  const N = R + U;
  const P = params.population;
  const rpl = R / L;

  // 1. Buckets of residents by (locality, group, stratum), (locality, group) and (locality, stratum).
  const kLGS = new Int32Array(R);
  const kLG = new Int32Array(R);
  const kLS = new Int32Array(R);
  for (let i = 0; i < R; i++) {
    kLGS[i] = (locality[i] * G + group[i]) * S + stratum[i];
    kLG[i] = locality[i] * G + group[i];
    kLS[i] = locality[i] * S + stratum[i];
  }
  const bLGS = bucketise(kLGS, L * G * S);
  const bLG = bucketise(kLG, L * G);
  const bLS = bucketise(kLS, L * S);
  const fromBucket = (b: Buckets, key: number, rr: RandomStream): number => {
    const lo = b.offsets[key];
    const n = b.offsets[key + 1] - lo;
    return n > 0 ? b.members[lo + rr.int(n)] : -1;
  };
  const pickResident = (loc: number, g: number, s: number, rr: RandomStream): number => {
    let p = -1;
    if (g >= 0 && s >= 0) p = fromBucket(bLGS, (loc * G + g) * S + s, rr);
    if (p < 0 && g >= 0) p = fromBucket(bLG, loc * G + g, rr);
    if (p < 0 && s >= 0 && g < 0) p = fromBucket(bLS, loc * S + s, rr);
    if (p < 0) p = loc * rpl + rr.int(rpl);
    return p;
  };

  // 2. Stubs: residents start half their ties (the other half arrive from others); users start all theirs.
  let cap = Math.ceil(N * Math.max(P.residentNetworkSize, params.serviceUsers.networkSize) * 0.75) + 16;
  let ea = new Int32Array(cap);
  let eb = new Int32Array(cap);
  let ek = new Uint8Array(cap);
  let E = 0;
  const push = (a: number, b: number, k: number) => {
    if (E === cap) {
      cap = Math.ceil(cap * 1.5);
      const na = new Int32Array(cap);
      na.set(ea);
      ea = na;
      const nb = new Int32Array(cap);
      nb.set(eb);
      eb = nb;
      const nk = new Uint8Array(cap);
      nk.set(ek);
      ek = nk;
    }
    ea[E] = a;
    eb[E] = b;
    ek[E] = k;
    E++;
  };
  const mine: number[] = [];
  // Position homophily by kind (TieKind order): homophily is strongest in close ties, weak ties cross
  // positions more (McPherson, Smith-Lovin & Cook 2001; Lin 2001, ch. 5–6).
  const sameStratum = positionHomophilyByKind(params);
  for (let i = 0; i < N; i++) {
    const isUser = i >= R;
    const mean = isUser ? params.serviceUsers.networkSize : P.residentNetworkSize;
    const fam = isUser ? params.serviceUsers.familyShare : P.residentFamilyShare;
    const fri = isUser ? params.serviceUsers.friendShare : P.residentFriendShare;
    const d = Math.max(0, Math.round(r.normal(mean, mean * P.networkSizeDispersion)));
    const half = d / 2;
    const stubs = isUser ? d : Math.floor(half) + (r.next() < half - Math.floor(half) ? 1 : 0);
    mine.length = 0;
    for (let k = 0; k < stubs; k++) {
      const u = r.next();
      const kind = u < fam ? TieKind.family : u < fam + fri ? TieKind.friend : TieKind.acquaintance;
      const loc = r.next() < P.localTieShare ? locality[i] : r.int(L);
      const g = kind === TieKind.family || r.next() < P.sameGroupShare ? group[i] : -1;
      const s = r.next() < sameStratum[kind] ? stratum[i] : -1;
      // Draw again (a few times) when the pick is oneself or someone already picked, so that sizes meet
      // their targets; pairs picked from both ends are merged below.
      // Small pools (a minority group in one stratum of one locality) run out: relax the stratum, then the
      // locality, before giving up on the tie.
      let j = pickResident(loc, g, s, r);
      for (let tries = 0; tries < 12 && (j === i || mine.includes(j)); tries++)
        j = pickResident(tries < 4 ? loc : tries < 8 ? loc : r.int(L), g, tries < 4 ? s : -1, r);
      if (j === i || mine.includes(j)) continue;
      mine.push(j);
      push(i, j, kind);
    }
  }

  // 3. Deduplicate pairs (keeping the first drawn) and order ties by (low, high) endpoint.
  const lo = new Int32Array(E);
  const hi = new Int32Array(E);
  for (let e = 0; e < E; e++) {
    lo[e] = Math.min(ea[e], eb[e]);
    hi[e] = Math.max(ea[e], eb[e]);
  }
  const byLo = bucketise(lo, N);
  const keep = new Int32Array(E);
  let K = 0;
  const tmp: number[] = [];
  for (let p = 0; p < N; p++) {
    const s0 = byLo.offsets[p];
    const s1 = byLo.offsets[p + 1];
    if (s1 === s0) continue;
    tmp.length = 0;
    for (let j = s0; j < s1; j++) tmp.push(byLo.members[j]);
    tmp.sort((x, y) => hi[x] - hi[y] || x - y);
    let last = -1;
    for (const e of tmp) {
      if (hi[e] !== last) {
        keep[K++] = e;
        last = hi[e];
      }
    }
  }

  // 4. The tie store, with strengths drawn by kind.
  // Headroom for the ties formed during a run, so that an arm adopting this store rarely has to grow it.
  const ties = new TieStore(K + Math.ceil(K * 0.02) + 1024);
  const floor = P.minimumTieStrength;
  const strengthOf = [P.familyStrength, P.friendStrength, P.acquaintanceStrength];
  for (let k = 0; k < K; k++) {
    const e = keep[k];
    const dist = strengthOf[ek[e]];
    const s = Math.min(1, Math.max(floor, r.normal(dist.mean, dist.sd)));
    ties.add(lo[e], hi[e], s, ek[e], TieFlag.baseline, 0);
  }

  // 5. Adjacency (tie ids per person, in id order).
  const offsets = new Int32Array(N + 1);
  for (let t = 0; t < K; t++) {
    offsets[ties.a[t] + 1]++;
    offsets[ties.b[t] + 1]++;
  }
  for (let p = 0; p < N; p++) offsets[p + 1] += offsets[p];
  const fill = offsets.slice(0, N);
  const tieIds = new Int32Array(2 * K);
  for (let t = 0; t < K; t++) {
    tieIds[fill[ties.a[t]]++] = t;
    tieIds[fill[ties.b[t]]++] = t;
  }
  return { ties, offsets, tieIds, pickResident };
}
