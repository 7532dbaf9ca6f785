// Bench child: the per-tick tie kernel (routine contact, restoration, decay, turnover and dissolution over all live
// ties: processes/tie-decay.ts) against (a) a plain streaming pass over typed arrays of the same ties that
// reads and writes the same bytes, the practical limit, and (b) the same kernel written naively on a
// graphology Graph (edge attributes, forEachEdge, setEdgeAttribute, dropEdge). Prints one JSON line.
// Usage: node bench/child-kernel.mjs [residentsPerLocality]  (region shape, 50 localities)
import { UndirectedGraph } from 'graphology';
import { buildPopulation, createRunState, KeyedRandom, loadScenario, TieFlag } from '../dist/index.js';
import { applyTieDecay } from '../dist/processes/tie-decay.js';
import { keyedUniform } from '../dist/rng/hash.js';
import { median } from './lib.mjs';

const rpl = Number(process.argv[2] ?? 2000);
const scenario = loadScenario('region', {
  set: [
    ['population.localities', 50],
    ['population.residentsPerLocality', rpl],
    ['agencies.count', 5],
    ['serviceUsers.referrals', 50 * rpl / 100],
  ],
  setSource: 'bench',
});
const pop = buildPopulation(scenario.params, scenario.tables, 1);
const arm = scenario.arms[0];
const fresh = () => createRunState(pop, arm.params, scenario.tables, new KeyedRandom(7));
const n = pop.ties.size;
const TICKS = 12;

// 1. The engine's kernel.
const engine = [];
{
  const s = fresh();
  for (let t = 1; t <= 3; t++) applyTieDecay(s, t);
  for (let t = 4; t < 4 + TICKS; t++) {
    const a = performance.now();
    applyTieDecay(s, t);
    engine.push(performance.now() - a);
  }
}

// 2. The limit: a plain pass that reads and writes the same bytes per tie (key, flags, strength, formedAt,
//    lastContact read; strength, lastContact written) with trivial arithmetic. (The engine also reads level.)
const plain = [];
{
  const { key, flags, strength, formedAt, lastContact } = fresh().ties;
  const pass = (t) => {
    for (let i = 0; i < n; i++) {
      const x = (key[i] ^ t ^ formedAt[i] ^ flags[i]) & 1;
      strength[i] = strength[i] * 0.99999 + x * 1e-6;
      lastContact[i] = lastContact[i] + x;
    }
  };
  for (let t = 1; t <= 3; t++) pass(t);
  for (let t = 4; t < 4 + TICKS; t++) {
    const a = performance.now();
    pass(t);
    plain.push(performance.now() - a);
  }
}

// 3. The same kernel, written naively on a graphology Graph.
const graphology = [];
let graphBuildMs = 0;
{
  const s = fresh();
  const P = s.params.ties;
  const stream = s.rng.stream('tie-contact');
  const a0 = performance.now();
  const g = new UndirectedGraph();
  for (let p = 0; p < pop.persons; p++) g.addNode(p);
  const t = s.ties;
  for (let id = 0; id < t.size; id++)
    g.addEdgeWithKey(id, t.a[id], t.b[id], { strength: t.strength[id], baseline: (t.flags[id] & TieFlag.baseline) !== 0, formedAt: t.formedAt[id], lastContact: t.lastContact[id] });
  graphBuildMs = performance.now() - a0;
  const kernel = (tick) => {
    const dead = [];
    g.forEachEdge((e, attr, src, dst) => {
      if (attr.lastContact === tick) return;
      const sv = attr.strength;
      const u = keyedUniform(stream, tick, Number(src), Number(dst));
      const established = attr.baseline || tick - attr.formedAt >= P.establishedAfterWeeks;
      if (keyedUniform(stream, tick + 1e6, Number(src), Number(dst)) < P.turnoverRate) {
        dead.push(e);
      } else if (u < P.contactBase + P.contactSlope * sv) {
        g.setEdgeAttribute(e, 'strength', sv + (established ? P.contactRestoration : 0) * (attr.level - sv));
        g.setEdgeAttribute(e, 'lastContact', tick);
      } else {
        const d = P.decayStrong + (P.decayWeak - P.decayStrong) * (established ? P.establishedDecay : 1) * Math.pow(1 - sv, P.decayShape);
        const next = sv - d * sv;
        if (next < P.dissolveBelow) dead.push(e);
        else g.setEdgeAttribute(e, 'strength', next);
      }
    });
    for (const e of dead) g.dropEdge(e);
  };
  kernel(1);
  for (let tick = 2; tick < 5; tick++) {
    const a = performance.now();
    kernel(tick);
    graphology.push(performance.now() - a);
  }
}

const ns = (ms) => (median(ms) * 1e6) / n;
console.log(
  JSON.stringify({
    ties: n,
    engineNsPerTie: ns(engine),
    plainNsPerTie: ns(plain),
    graphologyNsPerTie: ns(graphology),
    engineOverPlain: median(engine) / median(plain),
    graphologyOverEngine: median(graphology) / median(engine),
    graphologyBuildMs: graphBuildMs,
  }),
);
