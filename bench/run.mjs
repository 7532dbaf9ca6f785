// `npm run bench`: every speed and memory figure of the project with its target beside it, measured on
// this machine now, and written to bench/results/latest.json. Medians of several runs; ratios are
// against baselines measured in the same run. Figures, not assertions: the machine is shared and noisy.
// Usage: node bench/run.mjs [--quick] [--only=sweep,…]   (--quick or BENCH_QUICK=1: one region run, no growth
// series, one sweep pair)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, printTable, ROOT, runChild, verdict } from './lib.mjs';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
// --only=sweep,kernel: just those sections (pilot, cold, region, growth, kernel, sweep); the others' figures
// stay as they were in latest.json.
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const want = (section) => !only || only.includes(section);
const LATEST = join(ROOT, 'bench/results/latest.json');
const results = { ...(only && existsSync(LATEST) ? JSON.parse(readFileSync(LATEST, 'utf8')) : {}), date: new Date().toISOString(), node: process.version, quick, ...(only ? { only } : {}) };
const log = (m) => process.stderr.write(`${m}\n`);

// 1. Pilot run, warm, single thread (in a child so the other figures do not share its heap).
if (want('pilot')) {
  log('pilot: warm runs of the embedded default scenario…');
  const pilot = runChild('./child-pilot.mjs');
  results.pilot = pilot;
  printTable(`Pilot (pilot-england: ${pilot.arms} arms × ${pilot.ticks} ticks), ${pilot.runs} warm runs`, [
    ['one run, all arms (median ms)', pilot.medianMs.toFixed(1), '< 100 ms', verdict(pilot.medianMs < 100)],
    ['runs per second, one thread', (1000 / pilot.medianMs).toFixed(1), '', ''],
  ]);
}

// 2. Cold start: the README's command path, Node start-up included.
if (want('cold')) {
  log('cold start: `cpi-sim run` on the default scenario…');
  const cold = [];
  for (let i = 0; i < 5; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'cpi-cold-'));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/cpi-sim.js'), 'run', '--out', join(dir, 'r'), '--quiet'], { encoding: 'utf8' });
    cold.push(performance.now() - t0);
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  results.coldStartMs = { median: median(cold), all: cold };
  printTable('Cold start', [['`cpi-sim run`, default scenario, to summary (median ms)', median(cold).toFixed(0), '< 1500 ms', verdict(median(cold) < 1500)]]);
}

// 3. Region: build + 52 ticks + all outputs; memory.
if (want('region')) {
  const regionRuns = quick ? 1 : 3;
  log(`region: ${regionRuns} whole runs (1M residents, 52 weeks, outputs)…`);
  const region = Array.from({ length: regionRuns }, () => runChild('./child-run.mjs', ['region']));
  const rWall = median(region.map((r) => r.wallMs));
  const rRss = median(region.map((r) => r.maxRssMb));
  const r0 = region[0];
  results.region = { runs: region, medianWallMs: rWall, medianMaxRssMb: rRss };
  printTable(`Region (${r0.residents.toLocaleString('en')} residents, ${r0.users.toLocaleString('en')} users, ${r0.ties.toLocaleString('en')} ties, ${r0.ticks} ticks), ${regionRuns} run(s)`, [
    ['build + ticks + outputs (median s)', (rWall / 1000).toFixed(1), '< 30 s', verdict(rWall < 30_000)],
    ['  of which build (s)', (median(region.map((r) => r.buildMs)) / 1000).toFixed(1), '', ''],
    ['  of which writing outputs (s)', (median(region.map((r) => r.outputMs)) / 1000).toFixed(1), '', ''],
    ['peak RSS (median GB)', (rRss / 1024).toFixed(2), '< 3 GB', verdict(rRss < 3 * 1024)],
    ['tie state per tie (bytes: store + adjacency)', r0.tieStateBytesPerTie.toFixed(1), '<= 40', verdict(r0.tieStateBytesPerTie <= 40)],
    ['whole process per tie (peak RSS / ties, bytes)', ((rRss * 1048576) / r0.ties).toFixed(0), '', ''],
  ]);
}

// 4. Growth: cost per resident-tick at 10k, 100k and 1M residents (region shape).
if (want('growth')) {
  if (!quick) {
    log('growth: 10k, 100k and 1M residents, warm…');
    const shape = (localities) => [
      `population.localities=${localities}`,
      `agencies.count=${Math.max(1, localities / 10)}`,
      `agencies.localitiesPerAgency=${Math.min(10, localities)}`,
      `serviceUsers.referrals=${localities * 20}`,
    ];
    // Each size in a fresh process after a small warm-up run, so start-up and JIT are not counted.
    const sizes = [
      ['10k', runChild('./child-run.mjs', ['--warm', 'region', ...shape(5)])],
      ['100k', runChild('./child-run.mjs', ['--warm', 'region', ...shape(50)])],
      ['1M', runChild('./child-run.mjs', ['--warm', 'region'])],
    ];
    const per = sizes.map(([label, r]) => [label, r, (r.runMs * 1e6) / (r.residents * r.ticks)]);
    const spread = Math.max(...per.map((p) => p[2])) / Math.min(...per.map((p) => p[2]));
    results.growth = per.map(([label, r, ns]) => ({ label, residents: r.residents, ties: r.ties, runMs: r.runMs, nsPerResidentTick: ns, maxRssMb: r.maxRssMb }));
    printTable('Growth (build + ticks, region shape, after a warm-up run)', [
      ...per.map(([label, r, ns]) => [`${label} residents: ns per resident-tick (peak RSS MB)`, `${ns.toFixed(0)} (${r.maxRssMb.toFixed(0)})`, '', '']),
      ['largest / smallest cost per resident-tick', spread.toFixed(2), '<= 2', verdict(spread <= 2)],
    ]);
  }
}

// 5. The tie kernel against the limit and against graphology.
if (want('kernel')) {
  log('kernel: engine vs plain typed-array pass vs naive graphology (1M ties)…');
  const k = runChild('./child-kernel.mjs', ['2000']);
  results.kernel = k;
  printTable(`Tie kernel, ${k.ties.toLocaleString('en')} ties (median of ticks)`, [
    ['engine (ns per tie)', k.engineNsPerTie.toFixed(2), '', ''],
    ['plain pass over the same bytes (ns per tie)', k.plainNsPerTie.toFixed(2), '', ''],
    ['naive graphology kernel (ns per tie)', k.graphologyNsPerTie.toFixed(1), '', ''],
    ['engine / plain pass', k.engineOverPlain.toFixed(2), '<= 5', verdict(k.engineOverPlain <= 5)],
    ['graphology / engine', k.graphologyOverEngine.toFixed(1), '>= 10', verdict(k.graphologyOverEngine >= 10)],
  ]);
}

// 6. Sweeps: throughput on 1 and 2 workers, against the machine's own parallel ceiling; peak memory by runs.
if (want('sweep')) {
  // A sweep of realistic size (researchers run thousands): each worker's start-up (module load and JIT warm-up,
  // about 0.5 s alone and 1 s for two cold workers on two cores) is then a small part of the wall time.
  const sweepRuns = quick ? 200 : 1000;
  const pairs = quick ? 1 : 3;
  log(`sweeps: pilot, ${sweepRuns} runs on 1 and on 2 workers (${pairs} pair${pairs > 1 ? 's' : ''}, alternating); the machine's ceiling; peak memory at 1,000 and 10,000 runs…`);
  // Alternating 1- and 2-worker sweeps, so that a slow spell of the shared machine hits both; the median pair.
  const pairRuns = [];
  for (let i = 0; i < pairs; i++) pairRuns.push({ one: runChild('./child-sweep.mjs', ['pilot-england', String(sweepRuns), '1']), two: runChild('./child-sweep.mjs', ['pilot-england', String(sweepRuns), '2']) });
  const pairEfficiency = (p) => p.two.runsPerSecond / (2 * p.one.runsPerSecond);
  const { one, two } = [...pairRuns].sort((a, b) => pairEfficiency(a) - pairEfficiency(b))[Math.floor(pairs / 2)];
  const efficiency = two.runsPerSecond / (2 * one.runsPerSecond);
  // Two single-thread loops at once against one alone: what two cores of this machine give without any pool.
  const loop = () =>
    new Promise((done, fail) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL('./child-sweep.mjs', import.meta.url)), '--loop', 'pilot-england', '60'], { cwd: ROOT });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done(JSON.parse(out.trim().split('\n').pop())) : fail(new Error(`child-sweep --loop exited ${code}`))));
    });
  const alone = await loop();
  const together = await Promise.all([loop(), loop()]);
  const ceiling = alone.msPerRun / (together.reduce((a, r) => a + r.msPerRun, 0) / 2);
  // Memory: every tick kept, so that a sweep holding its rows would show (10,000 runs write about 300 MB).
  const memory = [1000, 10_000].map((runs) => runChild('./child-sweep.mjs', ['teaching-barriers', String(runs), '2', '4', 'series']));
  const [m1, m10] = memory;
  results.sweep = { throughput: { pairs: pairRuns, oneWorker: one, twoWorkers: two, efficiency, ceiling, loopAlone: alone, loopTogether: together }, memory };
  printTable('Sweeps (`cpi-sim sweep` through the library: pre-flight, worker pool, chunk files, final files)', [
    [`pilot, ${sweepRuns} runs, 1 worker (runs/s; median pair of ${pairs})`, one.runsPerSecond.toFixed(1), '', ''],
    [`pilot, ${sweepRuns} runs, 2 workers (runs/s)`, two.runsPerSecond.toFixed(1), '', ''],
    [`  every pair's efficiency`, pairRuns.map((p) => `${(pairEfficiency(p) * 100).toFixed(0)}%`).join(' '), '', ''],
    ['parallel efficiency, 2 workers against 1', `${(efficiency * 100).toFixed(0)}%`, '>= 90%', verdict(efficiency >= 0.9)],
    ['  after start-up (from the first tenth of the runs on)', `${((two.steadyRunsPerSecond / (2 * one.steadyRunsPerSecond)) * 100).toFixed(0)}%`, '', ''],
    ['  the machine\'s ceiling: two single-thread run loops at once against one', `${(ceiling * 100).toFixed(0)}%`, '', ''],
    ['  efficiency against that ceiling', `${((efficiency / ceiling) * 100).toFixed(0)}%`, '', ''],
    ...memory.map((m) => [`teaching-barriers, 4 weeks, every tick, ${m.runs.toLocaleString('en')} runs: results.csv MB / peak RSS MB`, `${m.resultsMb.toFixed(0)} / ${m.maxRssMb.toFixed(0)}`, '', '']),
    ['peak RSS, 10,000 runs / 1,000 runs (results.csv grows 10×)', (m10.maxRssMb / m1.maxRssMb).toFixed(2), '<= 1.5', verdict(m10.maxRssMb / m1.maxRssMb <= 1.5)],
  ]);
}

mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(LATEST, JSON.stringify(results, null, 2) + '\n');
console.log('\nwritten: bench/results/latest.json');
