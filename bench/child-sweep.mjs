// Bench child for sweeps, in a fresh process; prints one JSON line. `SCENARIO RUNS WORKERS [TICKS] [KEEP]`: one
// sweep through runSweep (pre-flight, pool, chunk files, final files), 10 fidelity levels × RUNS/10 replicates:
// wall time, runs/s (overall, and from the first tenth of the runs on), peak RSS (workers included).
// `--loop SCENARIO RUNS`: warm runs one after another in this thread, no sweep machinery (time per run), for
// the machine's own parallel ceiling (two of these at once against one alone).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, loadSweep, planSweep, runScenario, runSweep } from '../dist/index.js';

const argv = process.argv.slice(2);
if (argv[0] === '--loop') {
  const [, scenario, runsText] = argv;
  const s = loadScenario(scenario);
  for (let i = 0; i < 10; i++) runScenario(s, { seed: 10_000 + i });
  const t0 = performance.now();
  const runs = Number(runsText);
  for (let i = 0; i < runs; i++) runScenario(s, { seed: i });
  console.log(JSON.stringify({ scenario, runs, msPerRun: (performance.now() - t0) / runs }));
} else {
  const [scenario, runsText, workersText, ticks, keep = 'final'] = argv;
  const runs = Number(runsText);
  const workers = Number(workersText);
  const points = 10;
  const dir = mkdtempSync(join(tmpdir(), 'cpi-bench-sweep-'));
  const file = join(dir, 'sweep.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'bench',
      description: 'bench sweep',
      scenario,
      ...(ticks ? { set: { ticks: Number(ticks) } } : {}),
      factors: [{ path: 'agencies.fidelity.mean', range: [0.2, 0.9] }],
      design: { type: 'grid', levels: points },
      replicates: Math.ceil(runs / points),
      keep,
    }),
  );
  const plan = planSweep(loadSweep(file));
  const t0 = performance.now();
  // Progress after every chunk: the rate from the first tenth of the runs on leaves out start-up and warm-up.
  const marks = [];
  const summary = await runSweep(plan, { out: join(dir, 'out'), workers, yes: true, onProgress: (p) => marks.push([performance.now() - t0, p.done]) });
  const wallMs = performance.now() - t0;
  const resultsBytes = statSync(join(dir, 'out', 'results.csv')).size;
  const from = marks.find(([, done]) => done >= summary.runs / 10) ?? marks[0];
  const to = marks[marks.length - 1];
  const steadyRunsPerSecond = ((to[1] - from[1]) / (to[0] - from[0])) * 1000;
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      scenario,
      runs: summary.runs,
      failed: summary.failed,
      rows: summary.rows,
      resultsMb: resultsBytes / 1048576,
      workers,
      wallMs,
      runsPerSecond: (summary.runs / wallMs) * 1000,
      steadyRunsPerSecond,
      msPerRunPreflight: summary.estimate?.msPerRun,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
