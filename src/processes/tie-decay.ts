// Tie maintenance and decay (MODEL.md §3.7). Part of processes/. The per-tick kernel over all live ties:
// a tie not met this week has routine contact with a probability rising with its strength; contact
// maintains it, no contact decays it: fast for weak new ties (Burt 2002, "Bridge decay": about 90% a year),
// slowly for strong ones (Roy et al. 2022: 1–4% a year), and more slowly once a tie is established (Burt:
// decay slows with a tie's age); below a floor it dissolves. One keyed uniform per tie and tick, from the tie's endpoint key, so arms share draws.
import type { RunState } from '../model/run-state.js';
import { TieFlag } from '../model/codes.js';
import { combine, mix32 } from '../rng/index.js';

const INV_2_32 = 1 / 4294967296;

export function applyTieDecay(s: RunState, tick: number): void {
  const T = s.params.ties;
  const ties = s.ties;
  const stream = s.rng.stream('tie-contact');
  const { key, strength, flags, formedAt, lastContact } = ties;
  const tickKey = combine(stream, tick);
  const span = T.decayWeak - T.decayStrong;
  const shape = T.decayShape;
  const { contactBase, contactSlope, contactStrengthening, decayStrong, establishedDecay, establishedAfterWeeks, dissolveBelow } = T;
  const square = shape === 2;
  let dissolved = 0;
  for (let id = 0, n = ties.size; id < n; id++) {
    const f = flags[id];
    if (!(f & TieFlag.alive) || lastContact[id] === tick) continue;
    const sv = strength[id];
    const pc = contactBase + contactSlope * sv;
    if (mix32(key[id] ^ tickKey) * INV_2_32 < pc) {
      strength[id] = sv + contactStrengthening * (1 - sv);
      lastContact[id] = tick;
    } else {
      const gap = 1 - sv;
      const established = f & TieFlag.baseline || tick - formedAt[id] >= establishedAfterWeeks;
      const d = decayStrong + span * (established ? establishedDecay : 1) * (square ? gap * gap : Math.pow(gap, shape));
      const next = sv - d * sv;
      if (next < dissolveBelow) {
        flags[id] = f & ~TieFlag.alive;
        dissolved++;
      } else strength[id] = next;
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
