// The `cpi-sim` command line: yargs commands run, validate, list and schema over the public library.
// Part of cli/ (bin/cpi-sim.js calls main and exits with its code). Exit codes: 0 success, 1 a problem
// with the input or the output place (message printed as is, nothing written), 2 an unexpected error
// (stack printed).
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { ScenarioError } from '../scenario/errors.js';
import { DEFAULT_SCENARIO } from '../scenario/load.js';
import { OutputError } from '../output/output-error.js';
import { readPackageInfo } from '../output/package-info.js';
import { CliUsageError, processIO, type CliIO } from './cli-io.js';
import { runCommand, type RunArgs } from './run-command.js';
import { validateCommand } from './validate-command.js';
import { listCommand } from './list-command.js';
import { schemaCommand } from './schema-command.js';

type Action = () => Promise<number> | number;

const RUN_EPILOGUE = `Writes into the output folder (default results/<scenario-name>):
  series.csv     group measures per tick: arm,tick,group,measure,value (tidy long form)
  users.csv      every service user at baseline and at the end, one row per arm × user × time
  scenario.json  the resolved scenario; \`cpi-sim run OUT/scenario.json\` reproduces the run
  manifest.json  seed, versions, command, timing, and each file's rows and SHA-256
The folder is written at once (temp folder, then rename). An existing non-empty folder is refused;
--force replaces an earlier results folder (one with a manifest.json), never other folders. The same scenario and seed give byte-identical files (except manifest timing fields).`;

function buildParser(io: CliIO, select: (action: Action) => void, argv: readonly string[]): Argv {
  const version = readPackageInfo().version;
  return yargs()
    .scriptName('cpi-sim')
    .usage('$0 <command> [options]\n\nAgent-based simulation of the Connecting People Intervention (CPI): social networks and access to social capital.')
    .command(
      'run [scenario]',
      'Run a scenario and write its results folder',
      (y) =>
        y
          .positional('scenario', {
            type: 'string',
            describe: `Scenario file (.json) or the name of a shipped scenario (see \`cpi-sim list\`); default: ${DEFAULT_SCENARIO}`,
          })
          .option('seed', { type: 'string', describe: 'Root seed (integer, overrides the scenario\'s)', requiresArg: true })
          .option('ticks', { type: 'string', describe: 'Horizon in ticks (weeks), overrides the scenario\'s', requiresArg: true })
          .option('out', { type: 'string', describe: 'Output folder (default: results/<scenario-name>)', requiresArg: true })
          .option('set', {
            type: 'string',
            describe: 'Set a parameter for the whole run: path=value (repeatable)',
            requiresArg: true,
          })
          .option('arms', { type: 'string', describe: 'Run only these arms (comma-separated names)', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier results folder (one with a manifest.json) or network file' })
          .option('network-out', { type: 'string', describe: 'Also export the final network of one arm for Gephi: FILE.graphml or FILE.gexf', requiresArg: true })
          .option('network-arm', { type: 'string', describe: 'Arm whose network --network-out exports (default: the first arm run)', requiresArg: true })
          .option('network-agency', {
            type: 'string',
            describe: "Export only one agency's neighbourhood (e.g. agency-03 or 3): its users and their alters, workers, reachable nodes and their members",
            requiresArg: true,
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress indicator and no summary' })
          .example('$0 run', `The default scenario (${DEFAULT_SCENARIO}) into results/${DEFAULT_SCENARIO}`)
          .example('$0 run teaching-barriers --seed 3', 'A shipped scenario with another seed')
          .example('$0 run --set agencies.fidelity.mean=0.8', 'Change a parameter (repeat --set for more)')
          .example('$0 run --arms high-fidelity,usual-care', 'Only two of the arms')
          .example('$0 run --ticks 10 --force', 'Ten weeks, replacing an earlier results folder')
          .example('$0 run my-scenario.json --out results/mine', 'Your own scenario file, into another folder')
          .example('$0 run --network-out net.gexf', 'Also export the first arm\'s final network')
          .example('$0 run region --network-out a7.graphml --network-agency agency-07', "One agency's neighbourhood of a region run")
          .example('$0 run results/pilot-england/scenario.json', 'Reproduce an earlier run exactly')
          .epilogue(RUN_EPILOGUE),
      (a) => {
        const many = (v: unknown) => (v === undefined ? undefined : ([] as unknown[]).concat(v).map(String));
        const args: RunArgs = {
          scenario: a.scenario as string | undefined,
          seed: a.seed as string | undefined,
          ticks: a.ticks as string | undefined,
          out: a.out as string | undefined,
          set: many(a.set),
          arms: many(a.arms),
          force: a.force as boolean,
          networkOut: a['network-out'] as string | undefined,
          networkArm: a['network-arm'] as string | undefined,
          networkAgency: a['network-agency'] as string | undefined,
          quiet: a.quiet as boolean,
        };
        for (const k of ['seed', 'ticks', 'out', 'network-out', 'network-arm', 'network-agency'] as const)
          if (Array.isArray(a[k])) throw new CliUsageError(`--${k} given more than once`);
        select(() => runCommand(args, io, argv));
      },
    )
    .command(
      'validate <scenario...>',
      'Check scenario files without running them',
      (y) =>
        y
          .positional('scenario', { type: 'string', array: true, describe: 'Scenario files or shipped names' })
          .example('$0 validate my-scenario.json', 'Check one file')
          .example('$0 validate scenarios/*.json', 'Check several; the exit code is 0 only if all are valid')
          .epilogue('Prints "OK <file>: <name> — <arms> arms, <ticks> ticks" for each valid scenario, or the error naming the file, field, value and what is allowed.'),
      (a) => select(() => validateCommand((a.scenario as string[]).map(String), io)),
    )
    .command(
      'list',
      'List the shipped scenarios with their titles',
      (y) => y.example('$0 list', 'Show the scenarios that `cpi-sim run <name>` accepts'),
      () => select(() => listCommand(io)),
    )
    .command(
      'schema',
      'Print or write the JSON Schema of scenario files',
      (y) =>
        y
          .option('out', { type: 'string', describe: 'Write the schema to this file (replaced if it exists)', requiresArg: true })
          .example('$0 schema', 'Print the schema')
          .example('$0 schema --out scenario.schema.json', 'Write it for an editor ("$schema": "./scenario.schema.json")'),
      (a) => select(() => schemaCommand(a.out as string | undefined, io)),
    )
    .example('$0 run', `Run the default scenario (${DEFAULT_SCENARIO})`)
    .example('$0 run --help', 'Options of run')
    .example('$0 validate my-scenario.json', 'Check a scenario file')
    .demandCommand(1, 'Give a command: run, validate, list or schema.')
    .recommendCommands()
    .strict()
    .help()
    .alias('help', 'h')
    .version(version)
    .exitProcess(false)
    .wrap(Math.max(60, Math.min(100, io.columns)));
}

/** Run the CLI on the arguments (without node and the script) and return the exit code. */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    let action: Action | undefined;
    const parser = buildParser(io, (a) => (action = a), argv);
    const parsed = await new Promise<{ error: Error | null | undefined; output: string }>((done) => {
      parser.parse([...argv], {}, (error: Error | null | undefined, _args: unknown, output: string) => done({ error, output }));
    });
    if (parsed.error) {
      if (parsed.error instanceof CliUsageError) throw parsed.error;
      io.stderr(`cpi-sim: ${parsed.error.message}\nRun \`cpi-sim --help\` (or \`cpi-sim <command> --help\`) for usage.\n`);
      return 1;
    }
    if (!action) {
      // --help or --version.
      if (parsed.output) io.stdout(parsed.output.endsWith('\n') ? parsed.output : parsed.output + '\n');
      return 0;
    }
    return await action();
  } catch (err) {
    if (err instanceof ScenarioError || err instanceof OutputError || err instanceof CliUsageError) {
      io.stderr(`${err.message}\n`);
      return 1;
    }
    io.stderr(`cpi-sim: unexpected error (please report it with the command that caused it)\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
