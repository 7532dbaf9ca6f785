// `cpi-sim run`: load a scenario (a path or a shipped name), apply --set/--seed/--ticks, run it and
// write its results folder atomically (series.csv, users.csv, scenario.json, manifest.json, optionally a
// GEXF/GraphML network). Part of cli/: it parses, calls the library and writes; no model logic.
// Stages: (1) read the options, (2) compile the scenario, (3) check arms and output places,
// (4) run, (5) build and write the files, (6) print the summary. With --replicates N the replicates run on
// --workers worker threads (sweep/replicates-pool.ts) and the folder is byte-identical for any number of them.
import { basename, relative, resolve, join, isAbsolute } from 'node:path';
import { availableParallelism } from 'node:os';
import { readScenarioChain, DEFAULT_SCENARIO } from '../scenario/load.js';
import { compileScenario, parseSetValue } from '../scenario/compile.js';
import { runScenario } from '../engine/run.js';
import { buildRunFiles, networkFormatOf, type NetworkFormat } from '../output/run-files.js';
import { checkOutputFile, checkOutputFolder, holdsEarlierResults, writeFileAtomically, writeFolderAtomically, type ResultsKind } from '../output/write-folder.js';
import { formatRunSummary } from '../output/run-summary.js';
import { CliUsageError, formatCommandLine, retryCommand, type CliIO } from './cli-io.js';
import { createProgress } from './progress.js';
import { createSweepProgressBar } from './sweep-progress.js';
import { runReplicatesOnPool, type ReplicatesContext } from '../sweep/replicates-pool.js';
import type { ReplicateSeries } from '../engine/run-replicates.js';
import { ReplicateAccumulator } from '../analysis/replicates.js';
import { buildReplicateFiles, ReplicateValuesCsv } from '../output/replicate-files.js';
import { formatReplicateSummary } from '../output/run-summary.js';
import { resolveScenarioRef } from './scenario-ref.js';
import { checkResources, estimateReplicatesResources, estimateRunResources, fmtCount } from '../engine/resource-estimate.js';
import { describePreflight, resourceLimits } from './memory-limit.js';

export interface RunArgs {
  readonly scenario?: string;
  readonly seed?: string;
  readonly ticks?: string;
  readonly out?: string;
  readonly set?: readonly string[];
  readonly arms?: readonly string[];
  readonly force?: boolean;
  readonly networkOut?: string;
  readonly networkArm?: string;
  readonly networkAgency?: string;
  readonly quiet?: boolean;
  readonly replicates?: string;
  readonly level?: string;
  readonly memoryLimit?: string;
  readonly workers?: string;
}

/** --set path=value → [path, value]; the value is JSON when it parses, else a string. */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliUsageError(`--set ${JSON.stringify(text)}: expected path=value, e.g. --set agencies.fidelity.mean=0.8`);
  return [text.slice(0, eq).trim(), parseSetValue(text.slice(eq + 1).trim())];
}

/** The folders `cpi-sim run` writes, which it may replace (a single run's or its replicates'). */
const RUN_KINDS: readonly ResultsKind[] = ['run', 'replicates'];

/** A path as the user would type it: relative to the working folder when inside it, else absolute. */
function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** argv without its --out (and --force, --quiet, --network-*): the base of a suggested replicates command. */
function withoutOut(argv: readonly string[]): string[] {
  const out: string[] = [];
  const valued = new Set(['--out', '--network-out', '--network-arm', '--network-agency']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (valued.has(a)) i++;
    else if (a === '--force' || a === '--quiet' || [...valued].some((v) => a.startsWith(`${v}=`))) continue;
    else out.push(a);
  }
  return out;
}

/** Most worker threads `--workers` accepts (as `calibrate` and `sweep`). */
const MAX_WORKERS = 1024;

const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

export async function runCommand(args: RunArgs, io: CliIO, argv: readonly string[]): Promise<number> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  // 1. Options.
  const set: Array<[string, unknown]> = (args.set ?? []).map(parseAssignment);
  if (args.seed !== undefined) set.push(['seed', parseSetValue(args.seed)]);
  if (args.ticks !== undefined) set.push(['ticks', parseSetValue(args.ticks)]);
  let networkFormat: NetworkFormat | undefined;
  if (args.networkOut !== undefined) {
    networkFormat = networkFormatOf(args.networkOut);
    if (!networkFormat) throw new CliUsageError(`--network-out ${args.networkOut}: unsupported file type; allowed: a file name ending in .graphml or .gexf`);
  } else if (args.networkArm !== undefined) throw new CliUsageError('--network-arm needs --network-out FILE.graphml|FILE.gexf');
  else if (args.networkAgency !== undefined) throw new CliUsageError('--network-agency needs --network-out FILE.graphml|FILE.gexf');
  let replicates: number | undefined;
  if (args.replicates !== undefined) {
    replicates = Number(args.replicates);
    if (!Number.isInteger(replicates) || replicates < 2 || replicates > 100_000)
      throw new CliUsageError(`--replicates ${args.replicates}: expected a whole number from 2 to 100000 (intervals need at least 2 replicates; leave --replicates out for a single run)`);
    if (networkFormat) throw new CliUsageError('--network-out exports one run\'s network; it cannot be combined with --replicates');
  }
  const level = args.level === undefined ? 0.95 : Number(args.level);
  if (!(level > 0 && level < 1)) throw new CliUsageError(`--level ${args.level}: expected a confidence level between 0 and 1 (exclusive), e.g. 0.95`);
  if (args.level !== undefined && replicates === undefined) throw new CliUsageError('--level sets the intervals of --replicates; add --replicates N');
  // Worker threads for the replicates (as `calibrate`: default the number of cores, 0 the main thread).
  let workers = 0;
  if (args.workers !== undefined) {
    workers = Number(args.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > MAX_WORKERS)
      throw new CliUsageError(`--workers ${args.workers}: expected a whole number from 0 to ${MAX_WORKERS} (worker threads for --replicates; 0 runs them in the main thread; default: the number of cores)`);
    if (replicates === undefined) throw new CliUsageError('--workers runs replicates in parallel; a single run uses one thread; add --replicates N');
  } else if (replicates !== undefined) workers = availableParallelism();
  if (replicates !== undefined) workers = Math.min(workers, replicates);
  const limits = resourceLimits(args.memoryLimit);

  // 2. The scenario (ScenarioError names the file, field, value and what is allowed).
  // The chain is kept: worker threads compile the same scenario from it.
  const chain = readScenarioChain(resolveScenarioRef(args.scenario ?? DEFAULT_SCENARIO, io.cwd));
  const scenario = compileScenario(chain, { set, setSource: 'command line' });

  // 3. Arms and output places: every check before anything runs or is written.
  const allArms = scenario.arms.map((a) => a.name);
  const wanted = (args.arms ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  for (const a of wanted) if (!allArms.includes(a)) throw new CliUsageError(`--arms: no arm "${a}" in scenario "${scenario.name}"; allowed: ${list(allArms)}`);
  const arms = wanted.length ? allArms.filter((a) => wanted.includes(a)) : allArms;
  const networkArm = args.networkArm ?? arms[0];
  if (networkFormat && !arms.includes(networkArm))
    throw new CliUsageError(`--network-arm: no arm "${networkArm}" in this run; allowed: ${list(arms)}`);
  let networkAgency: number | undefined;
  if (args.networkAgency !== undefined) {
    const m = /^(?:agency-)?0*(\d+)$/.exec(args.networkAgency.trim());
    const n = m ? Number(m[1]) : NaN;
    if (!(n >= 1 && n <= scenario.params.agencies.count))
      throw new CliUsageError(`--network-agency ${args.networkAgency}: no such agency; allowed: agency-01 to the scenario's ${scenario.params.agencies.count} agencies (or 1 to ${scenario.params.agencies.count})`);
    networkAgency = n - 1;
  }
  // The pre-flight: the memory and time this run needs, from the scenario's sizes, before anything is built.
  const armParams = scenario.arms.filter((a) => arms.includes(a.name)).map((a) => a.params);
  const sizes = { ticks: scenario.ticks, arms: armParams, keepState: networkFormat !== undefined, networkExport: networkFormat !== undefined };
  const estimate =
    replicates === undefined ? estimateRunResources(scenario.params, scenario.tables, sizes) : estimateReplicatesResources(scenario.params, scenario.tables, { ...sizes, replicates, workers });
  checkResources(
    estimate,
    limits,
    replicates === undefined
      ? {
          what: 'this run',
          source: 'command line',
          advice: `use fewer localities, residents or referrals (population.*, serviceUsers.referrals)${networkFormat ? ', or leave out --network-out' : ''}`,
        }
      : {
          what: `${fmtCount(replicates)} replicates`,
          source: 'command line',
          advice: 'use fewer replicates (--replicates) or fewer --workers, or `cpi-sim sweep` with shards, which writes each run to disk as it finishes',
        },
  );
  if (!args.quiet) io.stderr(describePreflight(estimate, limits, replicates === undefined ? undefined : workers));
  const outDir = resolve(io.cwd, args.out ?? join('results', scenario.name));
  // Without --out the folder is cpi-sim's default place for this scenario: a run replaces the earlier results
  // it wrote there, so the README's first command works every time. Any other folder needs --force.
  const replacing = args.out === undefined && holdsEarlierResults(outDir, RUN_KINDS);
  const force = args.force === true || replacing;
  checkOutputFolder(outDir, { force, replaces: RUN_KINDS });
  let networkName: string | undefined;
  let networkOutside: string | undefined;
  if (networkFormat) {
    const path = resolve(io.cwd, args.networkOut!);
    const rel = relative(outDir, path);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) networkName = rel;
    else {
      checkOutputFile(path, { force: args.force });
      networkName = networkOutside = path;
    }
  }

  if (replicates !== undefined) return await runReplicatesInto(outDir, replicates, level);

  // 4. Run.
  const progress = createProgress(io, arms, io.stderrIsTTY && !args.quiet);
  let result;
  try {
    result = runScenario(scenario, { arms, onTick: progress.onTick, keepState: networkFormat !== undefined });
  } finally {
    progress.done();
  }

  // 5. Files: the folder at once; a network file outside it on its own.
  const files = buildRunFiles(result, {
    command: formatCommandLine('cpi-sim', argv),
    startedAt,
    elapsedMs: () => performance.now() - t0,
    network: networkFormat ? { name: networkName!, format: networkFormat, arm: networkArm, agency: networkAgency } : undefined,
  });
  writeFolderAtomically(
    outDir,
    files.filter((f) => f.name !== networkOutside),
    { force, replaces: RUN_KINDS },
  );
  const outsideFile = files.find((f) => f.name === networkOutside);
  if (outsideFile) writeFileAtomically(outsideFile.name, outsideFile.text, { force: args.force });

  // 6. Summary.
  if (!args.quiet) {
    const shown = (path: string) => shownPath(io.cwd, path);
    const describe = (f: (typeof files)[number], name: string) =>
      f.rows !== undefined ? `${name} (${f.rows} rows)` : f.nodes !== undefined ? `${name} (${f.nodes} nodes, ${f.edges} edges)` : name;
    const inside = files.filter((f) => f.name !== networkOutside).map((f) => describe(f, f.name));
    let text = `${formatRunSummary(result, { replicatesCommand: retryCommand(io, withoutOut(argv), ['--replicates', '100', '--out', shownPath(io.cwd, join(outDir, '..', `${basename(outDir)}-100`))]) })}\nWrote ${shown(outDir)}/${replacing ? ' (replacing the earlier results there; give --out DIR to keep several)' : ''}: ${inside.join(', ')}\n`;
    if (outsideFile) text += `Wrote ${describe(outsideFile, shown(outsideFile.name))}\n`;
    io.stdout(text);
  }
  return 0;

  /**
   * 4–6 for --replicates: run them on the worker threads (or in this thread), feed the accumulator in
   * replicate order, then the folder and a summary.
   */
  async function runReplicatesInto(dir: string, n: number, confidence: number): Promise<number> {
    const bar = createSweepProgressBar(io, io.stderrIsTTY && !args.quiet, { unit: 'replicates', failures: false });
    const began = performance.now();
    const acc = new ReplicateAccumulator({ arms, level: confidence });
    const values = new ReplicateValuesCsv();
    const seeds: number[] = [];
    let first: ReplicateSeries | undefined;
    const context: ReplicatesContext = { chain, set, setSource: 'command line', arms, seed: scenario.seed };
    try {
      let r = 0;
      for await (const result of runReplicatesOnPool(scenario, context, { replicates: n, workers })) {
        acc.add(result);
        values.add(r, result);
        seeds.push(result.seed);
        first ??= result;
        r++;
        const rate = (r / (performance.now() - began)) * 1000;
        bar.update({ done: r, total: n, failed: 0, rate, secondsLeft: (n - r) / rate });
      }
    } finally {
      bar.done();
    }
    const summaries = acc.summaryRows();
    const differences = acc.pairedDifferenceRows();
    const files = buildReplicateFiles({
      first: { ...first!, scenario },
      seed: scenario.seed,
      seeds,
      level: confidence,
      summaries,
      differences,
      values: values.table(),
      command: formatCommandLine('cpi-sim', argv),
      startedAt,
      elapsedMs: () => performance.now() - t0,
      workers,
    });
    writeFolderAtomically(dir, files, { force, replaces: RUN_KINDS });
    if (!args.quiet) {
      io.stdout(`${formatReplicateSummary({ ...first!, scenario }, n, confidence, summaries, differences)}\nWrote ${shownPath(io.cwd, dir)}/${replacing ? ' (replacing the earlier results there)' : ''}: ${files.map((f) => (f.rows !== undefined ? `${f.name} (${f.rows} rows)` : f.name)).join(', ')}\n`);
    }
    return 0;
  }
}
