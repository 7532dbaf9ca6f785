// Tie maintenance and decay (MODEL.md §3.7). Part of processes/. The per-tick kernel over all live ties:
// a tie not met this week has routine contact with a probability rising with its strength; contact
// restores an established tie toward its own level (the highest strength it has reached), no contact decays it: fast for
// weak new ties (Burt 2002, "Bridge decay": about 90% a year), slowly for strong ones, and more slowly once
// a tie is established (Burt: decay slows with a tie's age); below a floor it dissolves. A strength-
// independent turnover hazard ends ties whatever their strength (moves, deaths, fallings-out: inner-circle
// ties turn over at 1–4% a year, Roy et al. 2022). One keyed hash per tie and tick, from the tie's endpoint
// key, gives both draws, so arms share them. Lost ties of the ordinary network are handed to tie-replacement.
import type { RunState } from '../model/run-state.js';
import { TieFlag } from '../model/codes.js';
import { combine } from '../rng/index.js';

const INT31_MAX = 2147483647;
const ALIVE = TieFlag.alive;
const ESTABLISHED = TieFlag.established;
/** Baseline ties (and their replacements) are established from the start. */
const OLD = TieFlag.baseline | TieFlag.established;

export function applyTieDecay(s: RunState, tick: number): void {
  const T = s.params.ties;
  const ties = s.ties;
  const stream = s.rng.stream('tie-contact');
  const { key, strength, level, flags, formedAt, lastContact } = ties;
  const tickKey = combine(stream, tick);
  const span = T.decayWeak - T.decayStrong;
  const shape = T.decayShape;
  const { contactBase, contactSlope, contactRestoration, decayStrong, establishedDecay, establishedAfterWeeks, dissolveBelow } = T;
  const square = shape === 2;
  const lost = s.scratch.lostTies;
  lost.length = 0;
  let dissolved = 0;
  // Branch-free where the branch would be unpredictable (the contact draw, dead ties): the contact test
  // compares 31-bit integers, both outcomes are computed and blended with c ∈ {0, 1}, and a dead tie is
  // carried along at strength 0. A tie's coming of age is recorded once in its flags. bench/ figures on
  // 1M region ties (child processes): 9.4 ns per tie with branches, 6.8 ns branch-free, 5.2 ns with the
  // cached age flag and hoisted constants, 4.7 ns with the lighter mixer for the (already random) draw key.
  const base31 = contactBase * INT31_MAX;
  const slope31 = contactSlope * INT31_MAX;
  const clamp = contactBase + contactSlope > 1;
  const turnover31 = Math.round(T.turnoverRate * INT31_MAX);
  const spanNew = span;
  const spanEstablished = span * establishedDecay;
  const restoreEstablished = contactRestoration;
  for (let id = 0, n = ties.size; id < n; id++) {
    const sv = strength[id];
    let lv = level[id];
    // A meeting at a node (this week or since the last tick) may have raised the tie: its level follows.
    if (sv > lv) level[id] = lv = sv;
    const lc = lastContact[id];
    if (lc === tick) continue; // met at a node this week: no routine contact and no decay (rare: predictable)
    let f = flags[id];
    if ((f & OLD) === 0 && tick - formedAt[id] >= establishedAfterWeeks) flags[id] = f |= ESTABLISHED;
    const alive = f & ALIVE;
    const threshold = (clamp ? Math.min(INT31_MAX, base31 + slope31 * sv) : base31 + slope31 * sv) | 0;
    // mixLight31(key ^ tickKey), written out: V8 does not inline the call here (bench/: 5.2 → 4.7 ns per tie).
    const x = key[id] ^ tickKey;
    const h = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
    const g = h ^ (h >>> 16);
    const c = (((g >>> 1) - threshold) >>> 31) & alive;
    // The turnover draw: the same hash times an odd constant (a bijection whose top bits scatter the draws
    // that pass over the whole range of the contact bits, so the two tests are independent in effect).
    const turned = (Math.imul(g, 0x2c1b3c6d) >>> 1) < turnover31;
    const gap = 1 - sv;
    const old = (f & OLD) !== 0;
    const d = decayStrong + (old ? spanEstablished : spanNew) * (square ? gap * gap : Math.pow(gap, shape));
    // Routine contact restores an established tie toward its own level, never past it (MODEL.md §3.7); a tie
    // not yet established is part of no routine: contact only keeps it from decaying that week, and it grows
    // only by meeting at nodes (Burt 2002: new bridging ties decay unless renewed).
    const next = sv + c * (old ? restoreEstablished : 0) * (lv - sv) - (1 - c) * d * sv;
    lastContact[id] = lc + c * (tick - lc);
    strength[id] = next * alive;
    if (alive && (turned || (next < dissolveBelow && !c))) {
      // Rare: the tie ends (dead ties are carried at strength 0, so they come here only once).
      strength[id] = 0;
      flags[id] = f & ~ALIVE;
      dissolved++;
      if (f & TieFlag.baseline) lost.push(id);
    }
  }
  ties.alive -= dissolved;
  if (dissolved > 0) {
    for (const list of s.userTies) {
      let j = 0;
      for (let i = 0; i < list.length; i++) if (flags[list[i]] & TieFlag.alive) list[j++] = list[i];
      list.length = j;
    }
  }
}
