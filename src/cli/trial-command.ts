// `cpi-sim trial <design>`: a virtual trial (MODEL.md §6): simulate the study many times, sample
// participants as it would, run its analysis, and report the distribution of effect sizes and p-values
// and the power; `--n` simulates several numbers of referrals for a power curve. Part of cli/: parse,
// call the library (src/trial), write.
import { join, resolve } from 'node:path';
import { loadTrialDesign } from '../trial/load-trial-design.js';
import { runVirtualTrial, type VirtualTrialResult } from '../trial/virtual-trial.js';
import { runPowerCurve, type PowerCurve } from '../trial/power-curve.js';
import { buildPowerCurveCsv, buildTrialReplicatesCsv, buildTrialSummaryJson } from '../output/trial-files.js';
import { checkOutputFolder, writeFolderAtomically } from '../output/write-folder.js';
import { readPackageInfo } from '../output/package-info.js';
import { manifestFiles, type OutputFile } from '../output/run-files.js';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { formatDuration } from './progress.js';
import { estimateTrialResources, MAX_TRIAL_REPLICATES } from '../trial/trial-estimate.js';
import { checkResources, fmtCount } from '../engine/resource-estimate.js';
import { describePreflight, resourceLimits } from './memory-limit.js';

export interface TrialArgs {
  readonly design: string;
  readonly replicates?: string;
  readonly seed?: string;
  readonly n?: readonly string[];
  readonly out?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
  readonly memoryLimit?: string;
}

const positiveInt = (flag: string, text: string, min = 1, max = Number.MAX_SAFE_INTEGER): number => {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min || v > max)
    throw new CliUsageError(`${flag} ${text}: expected a whole number ${max < Number.MAX_SAFE_INTEGER ? `from ${min} to ${max.toLocaleString('en')}` : `of at least ${min}`}`);
  return v;
};

export async function trialCommand(args: TrialArgs, io: CliIO, argv: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  // 1. Options and the design (TrialError names the file, field, value and what is allowed).
  const replicates = args.replicates === undefined ? 200 : positiveInt('--replicates', args.replicates, 1, MAX_TRIAL_REPLICATES);
  const limits = resourceLimits(args.memoryLimit);
  const seed = args.seed === undefined ? undefined : positiveInt('--seed', args.seed, 0);
  const ns = (args.n ?? []).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean).map((x) => positiveInt('--n', x, 2));
  const { file, design, scenarioChain: chain } = loadTrialDesign(args.design, io.cwd);
  // The pre-flight: one study at the largest n at a time, plus every trial's result, before anything runs.
  const estimate = estimateTrialResources(design, { scenarioChain: chain, replicates, ns });
  checkResources(estimate, limits, {
    what: `${fmtCount(replicates)} simulated trials${ns.length > 1 ? ` at each of ${ns.length} numbers of referrals` : ''}`,
    source: file,
    advice: 'use fewer --replicates or fewer --n values, or fewer referrals',
  });
  if (!args.quiet) io.stderr(describePreflight(estimate, limits));
  const out = resolve(io.cwd, args.out ?? join('results', `trial-${design.name}`));
  checkOutputFolder(out, { force: args.force, replaces: ['trial'] });

  // 2. Simulate.
  const tty = io.stderrIsTTY && !args.quiet;
  const show = (text: string) => tty && io.stderr(`\r  ${text}   `);
  let trials: VirtualTrialResult[];
  let curve: PowerCurve | undefined;
  if (ns.length > 0) {
    const total = ns.length * replicates;
    let done = 0;
    curve = runPowerCurve(design, { scenarioChain: chain, ns, replicates, seed, onReplicate: (n) => show(`n = ${n}: ${++done}/${total} trials`) });
    trials = [...curve.trials];
  } else {
    trials = [runVirtualTrial(design, { scenarioChain: chain, replicates, seed, onReplicate: (d, t) => show(`${d}/${t} trials`) })];
  }
  if (tty) io.stderr(`\r${' '.repeat(60)}\r`);

  // 3. Files, written at once.
  const reps = buildTrialReplicatesCsv(trials);
  const pkg = readPackageInfo();
  const powerCurve = curve ? buildPowerCurveCsv(curve) : undefined;
  const files: OutputFile[] = [
    { name: 'trial-replicates.csv', text: reps.text, rows: reps.rows, description: 'one row per simulated trial (and per n of a power curve): sample sizes, effect, F, p, effect sizes, significance' },
    { name: 'trial-summary.json', text: buildTrialSummaryJson(trials, curve), description: 'the design, and per n the summary of the simulated trials beside the published figures' },
    ...(powerCurve ? [{ name: 'power-curve.csv', text: powerCurve.text, rows: powerCurve.rows, description: 'power and its exact interval per number of referrals' }] : []),
  ];
  const manifest = {
    format: 'cpi-sim trial manifest, version 1',
    package: { name: pkg.name, version: pkg.version },
    node: process.version,
    command: formatCommandLine('cpi-sim', argv),
    design: file,
    replicates,
    seed: trials[0].seed,
    referrals: trials.map((t) => t.referrals),
    files: manifestFiles(files),
    run: { startedAt, wallMs: Math.round(performance.now() - t0) },
  };
  writeFolderAtomically(out, [...files, { name: 'manifest.json', text: JSON.stringify(manifest, null, 2) + '\n' }], { force: args.force, replaces: ['trial'] });

  // 4. Summary.
  if (!args.quiet) {
    const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
    const lines = [`${design.title}`, `${replicates} simulated trials per n; seed ${trials[0].seed}; alpha ${design.alpha}`, ''];
    lines.push('  referrals  analysed (median)  high (median)  partial η² median [95% range]   power [95% CI]');
    for (const t of trials) {
      const s = t.summary;
      lines.push(
        `  ${String(t.referrals).padStart(9)}  ${f(s.analysed.median, 0).padStart(17)}  ${f(s.high.median, 0).padStart(13)}  ` +
          `${f(s.partialEtaSquared.median)} [${f(s.partialEtaSquared.low)}, ${f(s.partialEtaSquared.high)}]`.padEnd(31) +
          `  ${f(s.power, 2)} [${f(s.powerLow, 2)}, ${f(s.powerHigh, 2)}]`,
      );
    }
    if (design.published) lines.push('', `  published: ${JSON.stringify(design.published)}`);
    if (curve) lines.push('', curve.smallestN === undefined ? `  no simulated n reached power ${curve.target}` : `  power ${curve.target} first reached at n = ${curve.smallestN} (interpolated: ${curve.interpolatedN})`);
    lines.push('', `Wrote ${out}/: ${files.map((x) => x.name).join(', ')}, manifest.json (${formatDuration((performance.now() - t0) / 1000)})`);
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}
