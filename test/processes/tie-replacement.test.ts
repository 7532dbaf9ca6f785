// Tie replacement (MODEL.md §3.7): people who lost a tie of the ordinary network wait in a pool and are
// paired with others like them (locality, cultural group, prestige stratum, tie kind), relaxing the stratum
// after ties.replacementWaitWeeks; the new tie is a replacement of the lost kind that takes each resident's
// CSR slot (a user's goes into their list), so every person's degree is kept: the network is stationary.
import { describe, expect, test } from 'vitest';
import { applyTieReplacement, TIE_POOL_FIELDS } from '../../src/processes/tie-replacement.js';
import { applyTieDecay } from '../../src/processes/tie-decay.js';
import { TieFlag, TieKind } from '../../src/model/codes.js';
import type { RunState } from '../../src/model/run-state.js';
import { makeState } from './fixture.js';

const ALL_WISHES = 7;

/** Kill a person's first live tie in the arm's CSR and return its slot. */
function loseTie(s: RunState, p: number): number {
  for (let j = s.pop.tieOffsets[p]; j < s.pop.tieOffsets[p + 1]; j++) {
    const id = s.tieIds[j];
    if (s.ties.isAlive(id)) {
      s.ties.dissolve(id);
      return j;
    }
  }
  throw new Error(`person ${p} has no live tie`);
}

/** Two residents alike in locality, group and stratum (and a third in another stratum), each with a live tie. */
function alike(s: RunState): { p: number; q: number; r: number } {
  const pop = s.pop;
  const deg = (x: number) => pop.tieOffsets[x + 1] - pop.tieOffsets[x];
  for (let p = 0; p < pop.residents; p++) {
    if (deg(p) === 0) continue;
    let q = -1;
    let r = -1;
    for (let x = p + 1; x < pop.residents && (q < 0 || r < 0); x++) {
      if (deg(x) === 0 || pop.locality[x] !== pop.locality[p] || pop.group[x] !== pop.group[p]) continue;
      if (pop.stratum[x] === pop.stratum[p] && q < 0) q = x;
      if (pop.stratum[x] !== pop.stratum[p] && r < 0) r = x;
    }
    if (q >= 0 && r >= 0) return { p, q, r };
  }
  throw new Error('no alike residents');
}

const liveDegree = (s: RunState, p: number): number => {
  const u = s.pop.userOf[p];
  if (u >= 0) return s.userTies[u].filter((id) => s.ties.isAlive(id)).length;
  let n = 0;
  for (let j = s.pop.tieOffsets[p]; j < s.pop.tieOffsets[p + 1]; j++) if (s.ties.isAlive(s.tieIds[j])) n++;
  return n;
};

describe('applyTieReplacement', () => {
  test('two people alike who lost a friend are paired: a replacement friend tie (baseline | replacement) that takes each one’s CSR slot', () => {
    const s = makeState();
    const { p, q } = alike(s);
    const sp = loseTie(s, p);
    const sq = loseTie(s, q);
    const size = s.ties.size;
    s.tiePool.push(p, sp, TieKind.friend, 3, ALL_WISHES, -1, s.tieIds[sp], q, sq, TieKind.friend, 3, ALL_WISHES, -1, s.tieIds[sq]);
    applyTieReplacement(s, 3);
    expect(s.ties.size).toBe(size + 1);
    const id = size;
    expect([s.ties.a[id], s.ties.b[id]]).toEqual([Math.min(p, q), Math.max(p, q)]);
    expect(s.ties.kind[id]).toBe(TieKind.friend);
    expect(s.ties.flags[id]).toBe(TieFlag.alive | TieFlag.baseline | TieFlag.replacement | TieFlag.established);
    expect(s.ties.formedAt[id]).toBe(3);
    expect(s.ties.strength[id]).toBeGreaterThanOrEqual(Math.fround(s.params.population.minimumTieStrength));
    expect(s.ties.strength[id]).toBeLessThanOrEqual(1);
    expect(s.ties.level[id]).toBe(s.ties.strength[id]);
    expect([s.tieIds[sp], s.tieIds[sq]]).toEqual([id, id]);
    expect(s.tiePool).toEqual([]);
  });

  test('a person is not paired again with the one just lost: both keep waiting', () => {
    const s = makeState();
    const { p, q } = alike(s);
    const sp = loseTie(s, p);
    const sq = loseTie(s, q);
    const size = s.ties.size;
    const pool = [p, sp, TieKind.friend, 3, ALL_WISHES, q, s.tieIds[sp], q, sq, TieKind.friend, 3, ALL_WISHES, p, s.tieIds[sq]];
    s.tiePool.push(...pool);
    applyTieReplacement(s, 3);
    expect(s.ties.size).toBe(size);
    expect(s.tiePool).toEqual(pool);
  });

  test('people of different strata wait until replacementWaitWeeks have passed, then are paired with the stratum relaxed', () => {
    const s = makeState();
    const W = s.params.ties.replacementWaitWeeks;
    const { p, r } = alike(s);
    const sp = loseTie(s, p);
    const sr = loseTie(s, r);
    const size = s.ties.size;
    s.tiePool.push(p, sp, TieKind.acquaintance, 10, ALL_WISHES, -1, s.tieIds[sp], r, sr, TieKind.acquaintance, 10, ALL_WISHES, -1, s.tieIds[sr]);
    applyTieReplacement(s, 10 + W - 1);
    expect(s.ties.size).toBe(size);
    expect(s.tiePool.length).toBe(2 * TIE_POOL_FIELDS);
    applyTieReplacement(s, 10 + W);
    expect(s.ties.size).toBe(size + 1);
    expect(s.tieIds[sp]).toBe(size);
    expect(s.tieIds[sr]).toBe(size);
  });

  test('a service user’s replacement tie goes into their tie list', () => {
    const s = makeState();
    const u = 0;
    const me = s.pop.userPerson[u];
    const pop = s.pop;
    // A resident of the user's locality, group and stratum with a live tie.
    let q = -1;
    for (let x = 0; x < pop.residents && q < 0; x++)
      if (pop.locality[x] === pop.locality[me] && pop.group[x] === pop.group[me] && pop.stratum[x] === pop.stratum[me] && pop.tieOffsets[x + 1] > pop.tieOffsets[x]) q = x;
    expect(q).toBeGreaterThanOrEqual(0);
    const sq = loseTie(s, q);
    const before = s.userTies[u].length;
    const size = s.ties.size;
    s.tiePool.push(me, -1, TieKind.family, 1, ALL_WISHES, -1, -1, q, sq, TieKind.family, 1, ALL_WISHES, -1, s.tieIds[sq]);
    applyTieReplacement(s, 1);
    expect(s.userTies[u]).toHaveLength(before + 1);
    expect(s.userTies[u].at(-1)).toBe(size);
    expect(s.tieIds[sq]).toBe(size);
  });

  test('with turnover every week, each person’s live ties plus their places in the pool equal their baseline degree, and the slots of lost resident ties are reused', () => {
    const s = makeState([
      ['ties.turnoverRate', 0.01],
      ['ties.contactBase', 1],
    ]);
    const N = s.pop.persons;
    const size0 = s.ties.size;
    const base = Array.from({ length: N }, (_, p) => liveDegree(s, p));
    for (let t = 1; t <= 30; t++) {
      applyTieDecay(s, t);
      applyTieReplacement(s, t);
    }
    const waiting = new Int32Array(N);
    for (let o = 0; o < s.tiePool.length; o += TIE_POOL_FIELDS) waiting[s.tiePool[o]]++;
    let replaced = 0;
    let revived = 0;
    for (let id = 0; id < s.ties.size; id++) {
      if (!(s.ties.flags[id] & TieFlag.replacement)) continue;
      replaced++;
      if (id < size0) revived++;
    }
    expect(replaced).toBeGreaterThan(0);
    // Lost ties between residents that no CSR slot refers to any more lend their slots to later replacements.
    expect(revived).toBeGreaterThan(0);
    for (const id of s.tieFree) expect(s.ties.isAlive(id)).toBe(false);
    for (let p = 0; p < N; p++) expect(liveDegree(s, p) + waiting[p], `person ${p}`).toBe(base[p]);
  });
});
