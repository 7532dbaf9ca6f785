// `node bench/replicates-workers.mjs [REPLICATES] [ROUNDS] [SCENARIO]`: what worker threads buy
// `cpi-sim run --replicates` (default 20 replicates of pilot-england, 3 rounds): the real binary's wall time
// in the main thread (--workers 0) and on 1 and 2 worker threads, alternated round by round so that the
// machine's other load falls on all alike; medians, and the speed-up of 2 workers against 1 and against the
// main thread. Also checks that every folder's tables are byte-identical. Figures, not assertions: the
// machine is shared and noisy. Needs `npm run build`.
// Measured on this 2-core machine while idle (medians of 3): main thread 6.52 s, 1 worker 7.05 s, 2 workers
// 7.43 s for 20 replicates: about 0.1 s a replicate, so start-up, the workers' warm-up and the summaries and
// files written after the replicates (serial, about 4 s) dominate. The replicates alone, 200 of them: main
// thread 21–23 s, 1 worker 29 s, 2 workers 16–20 s; a replicate costs 20–30% more in a worker than in the main
// thread, not yet explained.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, ROOT } from './lib.mjs';

const replicates = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const scenario = process.argv[4] ?? 'pilot-england';
const WORKERS = [0, 1, 2];
const TABLES = ['summary.csv', 'differences.csv', 'replicates.csv', 'scenario.json'];
const dir = mkdtempSync(join(tmpdir(), 'cpi-bench-replicates-'));
const log = (m) => process.stderr.write(`${m}\n`);

/** One `cpi-sim run --replicates` in a fresh process: its wall time (ms), start-up included. */
function runOnce(workers, out) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['bin/cpi-sim.js', 'run', scenario, '--replicates', String(replicates), '--workers', String(workers), '--out', out, '--force', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`--workers ${workers} failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}

try {
  const times = Object.fromEntries(WORKERS.map((w) => [w, []]));
  for (let i = 0; i < rounds; i++) {
    for (const w of WORKERS) {
      times[w].push(runOnce(w, join(dir, `w${w}`)));
      log(`round ${i + 1}/${rounds}: --workers ${w}: ${(times[w][i] / 1000).toFixed(2)} s`);
    }
  }
  const same = WORKERS.every((w) => TABLES.every((f) => readFileSync(join(dir, `w${w}`, f), 'utf8') === readFileSync(join(dir, 'w0', f), 'utf8')));
  const m = Object.fromEntries(WORKERS.map((w) => [w, median(times[w])]));
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  printTable(`run ${scenario} --replicates ${replicates}, median of ${rounds} alternated rounds (wall time, fresh process each)`, [
    ['main thread (--workers 0)', s(m[0]), '', ''],
    ['1 worker', s(m[1]), '', ''],
    ['2 workers', s(m[2]), '', ''],
    ['speed-up, 2 workers against 1', `${(m[1] / m[2]).toFixed(2)}×`, 'near 2× on 2 idle cores', ''],
    ['speed-up, 2 workers against the main thread', `${(m[0] / m[2]).toFixed(2)}×`, '', ''],
    ['tables byte-identical for every --workers', same ? 'yes' : 'NO', 'yes', same ? 'ok' : 'MISSED'],
  ]);
  console.log(JSON.stringify({ scenario, replicates, rounds, ms: times, median: m, speedup2vs1: m[1] / m[2], speedup2vsMain: m[0] / m[2], identical: same }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
