// `cpi-sim run`: load a scenario (a path or a shipped name), apply --set/--seed/--ticks, run it and
// write its results folder atomically (series.csv, users.csv, scenario.json, manifest.json, optionally a
// GEXF/GraphML network). Part of cli/: it parses, calls the library and writes; no model logic.
// Stages: (1) read the options, (2) compile the scenario, (3) check arms and output places,
// (4) run, (5) build and write the files, (6) print the summary.
import { relative, resolve, join, isAbsolute } from 'node:path';
import { loadScenario, DEFAULT_SCENARIO } from '../scenario/load.js';
import { parseSetValue } from '../scenario/compile.js';
import { runScenario } from '../engine/run.js';
import { buildRunFiles, networkFormatOf, type NetworkFormat } from '../output/run-files.js';
import { checkOutputFile, checkOutputFolder, writeFileAtomically, writeFolderAtomically } from '../output/write-folder.js';
import { formatRunSummary } from '../output/run-summary.js';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { createProgress } from './progress.js';
import { resolveScenarioRef } from './scenario-ref.js';

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
}

/** --set path=value → [path, value]; the value is JSON when it parses, else a string. */
export function parseAssignment(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliUsageError(`--set ${JSON.stringify(text)}: expected path=value, e.g. --set agencies.fidelity.mean=0.8`);
  return [text.slice(0, eq).trim(), parseSetValue(text.slice(eq + 1).trim())];
}

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

  // 2. The scenario (ScenarioError names the file, field, value and what is allowed).
  const scenario = loadScenario(resolveScenarioRef(args.scenario ?? DEFAULT_SCENARIO, io.cwd), { set, setSource: 'command line' });

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
  const outDir = resolve(io.cwd, args.out ?? join('results', scenario.name));
  checkOutputFolder(outDir, { force: args.force });
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
    { force: args.force },
  );
  const outsideFile = files.find((f) => f.name === networkOutside);
  if (outsideFile) writeFileAtomically(outsideFile.name, outsideFile.text, { force: args.force });

  // 6. Summary.
  if (!args.quiet) {
    const shown = (path: string) => {
      const rel = relative(io.cwd, path);
      return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
    };
    const describe = (f: (typeof files)[number], name: string) =>
      f.rows !== undefined ? `${name} (${f.rows} rows)` : f.nodes !== undefined ? `${name} (${f.nodes} nodes, ${f.edges} edges)` : name;
    const inside = files.filter((f) => f.name !== networkOutside).map((f) => describe(f, f.name));
    let text = `${formatRunSummary(result)}\nWrote ${shown(outDir)}/: ${inside.join(', ')}\n`;
    if (outsideFile) text += `Wrote ${describe(outsideFile, shown(outsideFile.name))}\n`;
    io.stdout(text);
  }
  return 0;
}
