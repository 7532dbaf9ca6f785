// Bench child: the pre-flight's memory and time estimate of one `cpi-sim run` (or `run --replicates n`)
// against what the same command measures in a fresh process: peak RSS (process.resourceUsage().maxRSS)
// and wall time. Prints one JSON line. Usage: node bench/child-resources.mjs SCENARIO REPLICATES [path=value ...]
// (REPLICATES 0 for a single run); replicates run on BENCH_WORKERS worker threads (default 0: the main thread,
// the table of docs/LIMITS.md). Used by bench/resources.mjs and test/engine/resource-estimate.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseSetValue } from '../dist/index.js';
import { estimateReplicatesResources, estimateRunResources } from '../dist/engine/resource-estimate.js';
import { main } from '../dist/cli/main.js';

const [name, reps, ...sets] = process.argv.slice(2);
const replicates = Number(reps);
const workers = Number(process.env.BENCH_WORKERS ?? 0);
const set = sets.map((a) => [a.slice(0, a.indexOf('=')), parseSetValue(a.slice(a.indexOf('=') + 1))]);
const scenario = loadScenario(name, { set, setSource: 'bench' });
const options = { ticks: scenario.ticks, arms: scenario.arms.map((a) => a.params) };
const estimate = replicates > 0 ? estimateReplicatesResources(scenario.params, scenario.tables, { ...options, replicates, workers }) : estimateRunResources(scenario.params, scenario.tables, options);
const dir = mkdtempSync(join(tmpdir(), 'cpi-resources-'));
const quiet = { stdout: () => {}, stderr: (t) => process.stderr.write(t), cwd: dir, stderrIsTTY: false, columns: 100 };
const t0 = performance.now();
const code = await main(['run', name, '--quiet', '--out', 'out', ...(replicates > 0 ? ['--replicates', String(replicates), '--workers', String(workers)] : []), ...sets.flatMap((s) => ['--set', s])], quiet);
const wallS = (performance.now() - t0) / 1000;
rmSync(dir, { recursive: true, force: true });
if (code !== 0) process.exit(code);
console.log(
  JSON.stringify({
    scenario: name,
    replicates,
    sets,
    estimateMb: estimate.bytes / 2 ** 20,
    estimateHeapMb: estimate.heapBytes / 2 ** 20,
    measuredMb: process.resourceUsage().maxRSS / 1024,
    estimateS: estimate.seconds,
    measuredS: wallS,
    parts: estimate.parts.map((p) => [p.name, Math.round(p.bytes / 2 ** 20)]),
  }),
);
