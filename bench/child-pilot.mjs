// Bench child: the embedded default scenario (pilot-england, all arms, 39 weekly ticks), warm, single
// thread. Prints one JSON line: the median of 21 runs after 5 warm-up runs.
import { loadScenario, runScenario } from '../dist/index.js';
import { median } from './lib.mjs';

const scenario = loadScenario('pilot-england');
for (let i = 0; i < 5; i++) runScenario(scenario, { seed: 1000 + i });
const times = [];
for (let i = 0; i < 21; i++) {
  const t0 = performance.now();
  runScenario(scenario, { seed: i + 1 });
  times.push(performance.now() - t0);
}
console.log(JSON.stringify({ arms: scenario.arms.length, ticks: scenario.ticks, runs: times.length, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), maxRssMb: process.resourceUsage().maxRSS / 1024 }));
