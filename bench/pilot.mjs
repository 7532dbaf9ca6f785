// Bench: the embedded default scenario (pilot-england, all arms, 39 weekly ticks), warm, single thread.
// Prints the median of several runs, runs per second and peak memory, and writes bench/results/latest.json.
// Run with `npm run bench` (it compiles first). Figures, not assertions: the machine is shared and noisy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadScenario, runScenario } from '../dist/index.js';

const scenario = loadScenario('pilot-england');
const WARMUP = 5;
const RUNS = 21;
for (let i = 0; i < WARMUP; i++) runScenario(scenario, { seed: 1000 + i });
const times = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  runScenario(scenario, { seed: i + 1 });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(RUNS / 2)];
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const rows = [
  ['pilot run, all arms (median ms, warm)', median.toFixed(1), '< 100'],
  ['pilot runs per second (one thread)', (1000 / median).toFixed(1), '> 10'],
  ['fastest / slowest run (ms)', `${times[0].toFixed(1)} / ${times[RUNS - 1].toFixed(1)}`, ''],
  ['peak RSS (MB)', peakRssMb.toFixed(0), ''],
];
const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length)), 8];
console.log(`cpi-sim bench — ${scenario.name}: ${scenario.arms.length} arms × ${scenario.ticks} ticks, ${RUNS} runs after ${WARMUP} warm-up runs`);
for (const r of [['figure', 'value', 'target'], ...rows]) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2]}`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('./results/latest.json', import.meta.url),
  JSON.stringify({ scenario: scenario.name, runs: RUNS, medianMs: median, timesMs: times, peakRssMb, node: process.version, date: new Date().toISOString() }, null, 2) + '\n',
);
