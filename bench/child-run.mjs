// Bench child: one whole run of a scenario the way `cpi-sim run` does it (load, build, ticks, all output
// files written atomically to a scratch folder), in a fresh process. Prints one JSON line of figures:
// wall time by phase, peak RSS, and the bytes of tie state per tie.
// Usage: node bench/child-run.mjs [--warm] SCENARIO [path=value ...]
// --warm: first run the region shape at 10k residents twice, so that start-up and JIT compilation are not
// timed (for the growth series, where they would swamp the smallest size).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunFiles, loadScenario, parseSetValue, runScenario, writeFolderAtomically } from '../dist/index.js';

const argv = process.argv.slice(2);
const warm = argv[0] === '--warm';
const [name, ...sets] = warm ? argv.slice(1) : argv;
if (warm) {
  const small = loadScenario('region', {
    set: [
      ['population.localities', 5],
      ['agencies.count', 1],
      ['agencies.localitiesPerAgency', 5],
      ['serviceUsers.referrals', 100],
    ],
    setSource: 'bench warm-up',
  });
  for (let i = 0; i < 2; i++) runScenario(small, { seed: 99 + i });
}
const t0 = performance.now();
const rssBefore = process.memoryUsage().rss;
const scenario = loadScenario(name, { set: sets.map((a) => [a.slice(0, a.indexOf('=')), parseSetValue(a.slice(a.indexOf('=') + 1))]), setSource: 'bench' });
let firstTick = 0;
const tRun = performance.now();
const result = runScenario(scenario, { onTick: () => (firstTick ||= performance.now()) });
const t1 = performance.now();
const dir = mkdtempSync(join(tmpdir(), 'cpi-bench-'));
const out = join(dir, 'results');
writeFolderAtomically(out, buildRunFiles(result, { command: `bench ${name}`, startedAt: new Date().toISOString(), elapsedMs: () => performance.now() - t0 }));
const t2 = performance.now();
rmSync(dir, { recursive: true, force: true });
const pop = result.population;
const ties = pop.ties; // the last arm's store (it adopted the population's)
const tieStateBytes = ties.bytes + pop.tieOffsets.byteLength + pop.tieIds.byteLength;
console.log(
  JSON.stringify({
    scenario: scenario.name,
    residents: pop.residents,
    users: pop.users,
    ticks: result.ticks,
    arms: result.arms.length,
    ties: ties.size,
    liveTies: ties.alive,
    wallMs: t2 - t0,
    buildMs: firstTick ? firstTick - t0 - (t1 - firstTick) / Math.max(1, result.ticks * result.arms.length - 1) : NaN,
    runMs: t1 - tRun,
    loadMs: tRun - t0,
    outputMs: t2 - t1,
    tieStateBytes,
    tieStateBytesPerTie: tieStateBytes / ties.size,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb: rssBefore / 1048576,
  }),
);
