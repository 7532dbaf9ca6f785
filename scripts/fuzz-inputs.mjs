// `npm run fuzz -- --cases 10000 [--seed 13] [--cli-every 50] [--budget 60]`: the input fuzzer of
// test/support/fuzz.ts at full size (issue 13). Every JSON input file kind (scenarios, sweep files, trial
// designs, calibration targets and free parameters) is mutated by seed; each case runs through the built
// library's validation entry points (dist/, as the CLI uses it), and every n-th through the real CLI binary.
// Prints the counts (valid, clear errors, crashes, hangs) and each crash or hang with its kind, index and
// mutations (replayable with the same seed); exits 1 on any crash or hang. Needs `npm run build` first.
// The fuzzer is TypeScript: esbuild bundles it here with its imports of src/ pointed at dist/.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v < 0) {
    console.error(`fuzz-inputs: --${name} ${args[i + 1]}: expected a whole number`);
    process.exit(1);
  }
  return v;
};
const known = new Set(['--cases', '--seed', '--cli-every', '--budget']);
for (let i = 0; i < args.length; i += 2)
  if (!known.has(args[i])) {
    console.error(`fuzz-inputs: unknown option ${args[i]}; allowed: --cases N, --seed N, --cli-every N (0: none), --budget SECONDS`);
    process.exit(1);
  }
const cases = option('cases', 10_000);
const seed = option('seed', 13);
const cliEvery = option('cli-every', 50);
const budgetMs = option('budget', 60) * 1000;
if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('fuzz-inputs: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

// 1. Bundle the fuzzer, its imports of src/ resolved to the built files in dist/.
const work = mkdtempSync(join(tmpdir(), 'cpi-sim-fuzz-'));
const bundle = join(work, 'fuzz.mjs');
await build({
  absWorkingDir: root,
  entryPoints: [join(root, 'test', 'support', 'fuzz.ts')],
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'error',
  plugins: [
    {
      name: 'src-to-dist',
      setup(b) {
        b.onResolve({ filter: /\/src\// }, (a) => {
          const file = join(a.resolveDir, a.path);
          return { path: pathToFileURL(join(root, 'dist', relative(join(root, 'src'), file))).href, external: true };
        });
      },
    },
  ],
});
const { runFuzz } = await import(pathToFileURL(bundle).href);

// 2. Run.
const t0 = performance.now();
let last = 0;
const report = runFuzz({
  seed,
  cases,
  dir: join(work, 'cases'),
  cliEvery,
  bin: join(root, 'bin', 'cpi-sim.js'),
  budgetMs,
  onCase: (done, of) => {
    if (process.stderr.isTTY && performance.now() - last > 500) {
      last = performance.now();
      process.stderr.write(`\r  ${done}/${of} cases`);
    }
  },
});
if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
rmSync(work, { recursive: true, force: true });

// 3. Report.
const { counts, failures } = report;
for (const f of failures) console.log(`${f.outcome.verdict.toUpperCase()} ${f.kind} #${f.index} (${f.mode}; ${f.mutations.join('; ')}): ${f.outcome.message}`);
console.log(
  `${cases} cases (seed ${seed}, every ${cliEvery || '—'}th through the CLI) in ${((performance.now() - t0) / 1000).toFixed(0)} s: ` +
    `${counts.valid} valid, ${counts.clear} clear errors, ${counts.crash} crashes, ${counts.hang} hangs`,
);
process.exit(counts.crash + counts.hang > 0 ? 1 : 0);
