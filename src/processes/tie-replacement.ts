// Tie replacement (MODEL.md §3.7): people replace the ties of their ordinary network they lose, so that
// without an intervention the population's network is stationary (inner circles keep their size while their
// members turn over, Roy et al. 2022). Part of processes/. Both ends of a lost baseline tie (or of a lost
// replacement) join a pool of people looking for a new tie; each tick the pool is paired by the baseline
// generator's homophily (locality, cultural group, prestige stratum by tie kind: Lin 2001's like-me
// principle; McPherson, Smith-Lovin & Cook 2001), waiting entries relaxing the stratum, then the locality,
// then the group, as the generator relaxes small pools. Every person's degree is kept: a resident's new tie
// takes the CSR slot of the lost one; a user's goes into their list. Draws are keyed by tick, person and tie.
import type { RunState } from '../model/run-state.js';
import { TieFlag, TieKind } from '../model/codes.js';
import { positionHomophilyByKind } from '../model/baseline-network.js';

/** Numbers per pool entry: person, CSR slot (-1 for a user), kind, tick since, wish bits, former partner. */
export const TIE_POOL_FIELDS = 6;
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
        pool.push(p, slot, kind, tick, wish, end === 0 ? ties.b[id] : ties.a[id]);
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
  const order = s.rng.stream('tie-replacement-order');
  const cell = new Float64Array(n);
  const rank = new Float64Array(n);
  const idx = new Int32Array(n);
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
    cell[e] = (((k * 8 + wish) * (L + 1) + loc) * (G + 1) + g) * (S + 1) + st;
    rank[e] = rng.uniform(order, tick, p, pool[o + 1] + 1);
    idx[e] = e;
  }
  // Order: by cell, then by a keyed shuffle within the cell (ties broken by person id, then slot).
  idx.sort((x, y) => cell[x] - cell[y] || rank[x] - rank[y] || pool[x * TIE_POOL_FIELDS] - pool[y * TIE_POOL_FIELDS] || pool[x * TIE_POOL_FIELDS + 1] - pool[y * TIE_POOL_FIELDS + 1]);

  // 3. Pair neighbours of one cell; leftovers wait.
  const strengthOf = [P.familyStrength, P.friendStrength, P.acquaintanceStrength];
  const sU = rng.stream('tie-replacement-strength');
  const sV = rng.stream('tie-replacement-strength-2');
  const paired = new Uint8Array(n);
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
    const id = ties.add(a, b, strength, kind, REPLACEMENT_FLAGS, tick);
    for (const o of [ox, oy]) {
      const person = pool[o];
      const u = pop.userOf[person];
      if (u >= 0) s.userTies[u].push(id);
      else s.tieIds[pool[o + 1]] = id;
    }
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
