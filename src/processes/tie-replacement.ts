// Tie replacement (MODEL.md §3.7): people replace the ties of their ordinary network they lose, so that
// without an intervention the population's network is stationary (inner circles keep their size while their
// members turn over, Roy et al. 2022). Part of processes/. Both ends of a lost baseline tie (or of a lost
// replacement) join a pool of people looking for a new tie; each tick the pool is paired by the baseline
// generator's homophily (locality, cultural group, prestige stratum by tie kind: Lin 2001's like-me
// principle; McPherson, Smith-Lovin & Cook 2001), first come first served, waiting entries relaxing the stratum, then the locality,
// then the group, as the generator relaxes small pools. Every person's degree is kept: a resident's new tie
// takes the CSR slot of the lost one; a user's goes into their list. A lost tie between two residents that
// no CSR slot refers to any more lends its slot to a later replacement, so the tie store does not grow with
// turnover (ties touching users keep theirs, for the loss measures). Draws are keyed by tick, person and tie.
import type { RunState } from '../model/run-state.js';
import { TieFlag, TieKind } from '../model/codes.js';
import { positionHomophilyByKind } from '../model/baseline-network.js';

/** Numbers per pool entry: person, CSR slot (-1 for a user), kind, tick since, wish bits, former partner, lost tie. */
export const TIE_POOL_FIELDS = 7;
const WISH_LOCALITY = 1;
const WISH_GROUP = 2;
const WISH_STRATUM = 4;
const REPLACEMENT_FLAGS = TieFlag.baseline | TieFlag.replacement | TieFlag.established;

/** Is there a live tie between persons p and q? Users' ties are in their lists, residents' in the arm's CSR. */
function tied(s: RunState, p: number, q: number): boolean {
  const t = s.ties;
  const up = s.pop.userOf[p];
  if (up >= 0) {
    for (const id of s.userTies[up]) if (t.flags[id] & TieFlag.alive && (t.a[id] === q || t.b[id] === q)) return true;
    return false;
  }
  const uq = s.pop.userOf[q];
  if (uq >= 0) return tied(s, q, p);
  for (let j = s.pop.tieOffsets[p], end = s.pop.tieOffsets[p + 1]; j < end; j++) {
    const id = s.tieIds[j];
    if (t.flags[id] & TieFlag.alive && (t.a[id] === q || t.b[id] === q)) return true;
  }
  return false;
}

export function applyTieReplacement(s: RunState, tick: number): void {
  const pop = s.pop;
  const P = s.params.population;
  const pool = s.tiePool;
  const ties = s.ties;
  const rng = s.rng;

  // 1. Both ends of each lost ordinary tie join the pool, with their wishes drawn as the generator draws them.
  const lost = s.scratch.lostTies;
  if (lost.length > 0) {
    const sLoc = rng.stream('tie-replacement-locality');
    const sGroup = rng.stream('tie-replacement-group');
    const sStratum = rng.stream('tie-replacement-stratum');
    const sameStratum = positionHomophilyByKind(s.params);
    for (const id of lost) {
      const kind = ties.kind[id];
      const key = ties.key[id];
      for (let end = 0; end < 2; end++) {
        const p = end === 0 ? ties.a[id] : ties.b[id];
        let slot = -1;
        if (pop.userOf[p] < 0) {
          for (let j = pop.tieOffsets[p], stop = pop.tieOffsets[p + 1]; j < stop; j++)
            if (s.tieIds[j] === id) {
              slot = j;
              break;
            }
          if (slot < 0) continue; // not in the CSR (cannot happen for an ordinary tie; kept safe)
        }
        let wish = 0;
        if (rng.uniform(sLoc, tick, p, key) < P.localTieShare) wish |= WISH_LOCALITY;
        if (kind === TieKind.family || rng.uniform(sGroup, tick, p, key) < P.sameGroupShare) wish |= WISH_GROUP;
        if (rng.uniform(sStratum, tick, p, key) < sameStratum[kind]) wish |= WISH_STRATUM;
        pool.push(p, slot, kind, tick, wish, end === 0 ? ties.b[id] : ties.a[id], id);
      }
    }
  }
  const n = pool.length / TIE_POOL_FIELDS;
  if (n < 2) return;

  // 2. Each entry's cell at its relaxation level: one level per ties.replacementWaitWeeks waited.
  const L = s.params.population.localities;
  const G = s.tables.culturalGroups.items.length;
  const S = P.positionStrata;
  const wait = s.params.ties.replacementWaitWeeks;
  const cell = new Float64Array(n);
  let maxCell = 0;
  for (let e = 0; e < n; e++) {
    const o = e * TIE_POOL_FIELDS;
    const p = pool[o];
    const kind = pool[o + 2];
    const relax = Math.floor((tick - pool[o + 3]) / wait);
    let wish = pool[o + 4];
    if (relax >= 1) wish &= ~WISH_STRATUM;
    if (relax >= 2) wish &= ~WISH_LOCALITY;
    if (relax >= 3) wish = 0;
    const k = relax >= 3 ? 3 : kind;
    const loc = wish & WISH_LOCALITY ? pop.locality[p] : L;
    const g = wish & WISH_GROUP ? pop.group[p] : G;
    const st = wish & WISH_STRATUM ? pop.stratum[p] : S;
    // The wish bits are part of the cell, so partners in a cell satisfy each other's wishes.
    const c = (((k * 8 + wish) * (L + 1) + loc) * (G + 1) + g) * (S + 1) + st;
    cell[e] = c;
    if (c > maxCell) maxCell = c;
  }
  // Order: by cell, then first come, first served (the pool is in order of arrival, and within one tick in
  // tie id order, then end a before end b). A native numeric sort of cell · 2^k + entry when that fits in a
  // double's 53 bits (always at the shipped sizes); a comparator sort otherwise.
  const shift = 2 ** Math.max(1, Math.ceil(Math.log2(n + 1)));
  let idx: Int32Array;
  if ((maxCell + 1) * shift < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let e = 0; e < n; e++) keys[e] = cell[e] * shift + e;
    keys.sort();
    idx = Int32Array.from(keys, (v) => v % shift);
  } else {
    idx = Int32Array.from({ length: n }, (_, e) => e);
    idx.sort((x, y) => cell[x] - cell[y] || x - y);
  }

  // 3. Pair neighbours of one cell; leftovers wait.
  const strengthOf = [P.familyStrength, P.friendStrength, P.acquaintanceStrength];
  const sU = rng.stream('tie-replacement-strength');
  const sV = rng.stream('tie-replacement-strength-2');
  const paired = new Uint8Array(n);
  const free = s.tieFree;
  /** Give an entry's person the new tie; free the lost tie's slot once neither end's CSR refers to it. */
  const place = (o: number, id: number): void => {
    const person = pool[o];
    const u = pop.userOf[person];
    if (u >= 0) {
      s.userTies[u].push(id);
      return;
    }
    s.tieIds[pool[o + 1]] = id;
    const former = pool[o + 5];
    const lostId = pool[o + 6];
    if (pop.userOf[former] >= 0) return;
    for (let j = pop.tieOffsets[former], end = pop.tieOffsets[former + 1]; j < end; j++) if (s.tieIds[j] === lostId) return;
    free.push(lostId);
  };
  for (let i = 0; i + 1 < n; i++) {
    const x = idx[i];
    const y = idx[i + 1];
    if (cell[x] !== cell[y]) continue;
    const ox = x * TIE_POOL_FIELDS;
    const oy = y * TIE_POOL_FIELDS;
    const p = pool[ox];
    const q = pool[oy];
    // Not oneself, not someone already tied, and not the one just lost (a lost tie is not simply restored).
    if (p === q || q === pool[ox + 5] || p === pool[oy + 5] || tied(s, p, q)) continue;
    const a = Math.min(p, q);
    const b = Math.max(p, q);
    const kind = pool[(p < q ? ox : oy) + 2];
    const dist = strengthOf[kind];
    // A normal draw (Box–Muller) keyed by the pair, clamped as the generator clamps baseline strengths.
    const u1 = rng.uniform(sU, tick, a, b);
    const u2 = rng.uniform(sV, tick, a, b);
    const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    const strength = Math.min(1, Math.max(P.minimumTieStrength, dist.mean + dist.sd * z));
    const id = free.length > 0 ? ties.revive(free.pop()!, a, b, strength, kind, REPLACEMENT_FLAGS, tick) : ties.add(a, b, strength, kind, REPLACEMENT_FLAGS, tick);
    place(ox, id);
    place(oy, id);
    paired[x] = paired[y] = 1;
    i++;
  }

  // 4. Keep the leftovers, in their order of arrival.
  let w = 0;
  for (let e = 0; e < n; e++) {
    if (paired[e]) continue;
    const o = e * TIE_POOL_FIELDS;
    for (let f = 0; f < TIE_POOL_FIELDS; f++) pool[w++] = pool[o + f];
  }
  pool.length = w;
}
