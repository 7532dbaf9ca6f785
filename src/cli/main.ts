// The `cpi-sim` command line: yargs commands run, sweep, merge, slurm, analyze, trial, calibrate, chart,
// report, explore, audit, validate, list and schema over the public library. Part of cli/ (bin/cpi-sim.js calls main and exits with its code). Exit codes: 0 success,
// 1 a problem with the input or the output place (message printed as is, nothing written), 2 an unexpected
// error (stack printed), 3 a sweep or merge that finished with failed runs, or an audit with findings.
import yargs from 'yargs';
import type { Argv } from 'yargs';
import { ScenarioError } from '../scenario/errors.js';
import { DEFAULT_SCENARIO } from '../scenario/load.js';
import { ExistingOutputError, OutputError } from '../output/output-error.js';
import { readPackageInfo } from '../output/package-info.js';
import { CliUsageError, processIO, retryCommand, type CliIO } from './cli-io.js';
import { reportCommand } from './report-command.js';
import { ChartError } from '../charts/chart-error.js';
import { runCommand, type RunArgs } from './run-command.js';
import { validateCommand } from './validate-command.js';
import { listCommand } from './list-command.js';
import { schemaCommand } from './schema-command.js';
import { sweepCommand, type SweepIO } from './sweep-command.js';
import { mergeCommand } from './merge-command.js';
import { slurmCommand } from './slurm-command.js';
import { SweepError } from '../sweep/sweep-error.js';
import { DesignError } from '../sweep/design-error.js';
import { TrialError } from '../trial/trial-error.js';
import { SensitivityError } from '../analysis/sensitivity.js';
import { analyzeSensitivityCommand } from './analyze-command.js';
import { trialCommand } from './trial-command.js';
import { chartCommand, CHART_EPILOGUE } from './chart-command.js';
import { calibrateCommand } from './calibrate-command.js';
import { exploreCommand, DEFAULT_EXPLORER_SCENARIO } from './explore-command.js';
import { CalibrationError } from '../calibrate/calibration-error.js';
import { ResourceError } from '../engine/resource-error.js';
import { AuditError } from '../audit/audit-error.js';
import { auditCommand, AUDIT_EPILOGUE } from './audit-command.js';
import { auditRole } from '../scenario/roles.js';

/** An option that takes one value, given twice, is a mistake: yargs would silently make it an array. */
function refuseRepeated(a: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of keys) if (Array.isArray(a[k])) throw new CliUsageError(`--${k} given more than once`);
}

type Action = () => Promise<number> | number;

const MEMORY_LIMIT_DESCRIBE =
  "Memory it may plan for, e.g. 8GB or 512MB (default: 80% of this machine's memory, or of its container's limit); sizes whose estimate exceeds it are refused before anything is built";

const RUN_EPILOGUE = `Writes into the output folder (default results/<scenario-name>):
  series.csv     group measures per tick: arm,tick,group,measure,value (tidy long form)
  users.csv      every service user at baseline and at the end, one row per arm × user × time
  scenario.json  the resolved scenario; \`cpi-sim run OUT/scenario.json\` reproduces the run
  manifest.json  seed, versions, command, timing, and each file's rows and SHA-256
The folder is written at once (temp folder, then rename). Without --out, a run replaces the earlier results
it wrote in results/<scenario-name>, so the same command works again. An explicit --out that is not empty is
refused; --force replaces it only when it is a results folder cpi-sim wrote (its manifest.json lists every
file in it), never other folders. The same scenario and seed give byte-identical files (except manifest
timing fields). Through npm, pass options after --: npm start -- --seed 3 --out results/seed-3`;

const SWEEP_EPILOGUE = `A sweep file names a base scenario, the factors to vary (parameter paths with a range or values), a
design (grid, lhs, sobol or morris), replicates per point and what to keep; see scenarios/sweeps/ and the
JSON Schema scenarios/sweep.schema.json. The output folder (default results/<sweep-name>) gets:
  results.csv    run_id,point,replicate,arm,seed,tick,group,measure,value (tidy long form, by run id)
  runs.csv       run_id,point,replicate,seed,status,error and each factor's value, one row per run
                 (status ok or failed; error is the failure's message, or none)
  results.arrow  with --arrow: the same rows plus each factor's value, as Arrow IPC (Feather v2)
  sweep.json     the resolved sweep, the base scenario and every point's values (the sweep's identity)
  manifest.json  versions, timing, counts, failures, and each file's rows and SHA-256
Before starting, a few timed runs give an estimate; above 10 min or 1 GB it asks (on a terminal) or needs
--yes. Finished runs are kept as they finish: stop it at any time (even kill -9) and run the same command
again to finish it. Files are byte-identical for any --workers and for shards merged with \`cpi-sim merge\`.
One writer at a time: while a sweep runs, its folder holds a lock (.cpi-sim.lock, naming the pid, host and
start) and a second sweep or merge into it is refused. A lock left by a killed process on this host is
taken over; one from another host needs --force (or deleting the file) once that process is surely gone.
Exit codes: 0 done, 1 a problem with the input or the folder, 3 done but some runs failed (see runs.csv).`;

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
          .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier results folder that cpi-sim wrote (its manifest lists every file in it), or a network file' })
          .option('network-out', { type: 'string', describe: 'Also export the final network of one arm for Gephi: FILE.graphml or FILE.gexf', requiresArg: true })
          .option('network-arm', { type: 'string', describe: 'Arm whose network --network-out exports (default: the first arm run)', requiresArg: true })
          .option('network-agency', {
            type: 'string',
            describe: "Export only one agency's neighbourhood (e.g. agency-03 or 3): its users and their alters, workers, reachable nodes and their members",
            requiresArg: true,
          })
          .option('replicates', {
            type: 'string',
            describe: 'Run N replicates (seeds hashed from the root seed) and write summaries across them with intervals: summary.csv, differences.csv, replicates.csv',
            requiresArg: true,
          })
          .option('level', { type: 'string', describe: 'Confidence level of the intervals with --replicates (default 0.95)', requiresArg: true })
          .option('workers', {
            type: 'string',
            describe: 'Worker threads for --replicates (default: the number of cores; 0 runs them in the main thread); the files are the same for any number',
            requiresArg: true,
          })
          .option('memory-limit', { type: 'string', describe: MEMORY_LIMIT_DESCRIBE, requiresArg: true })
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
          .example('$0 run --replicates 100 --out results/pilot-100', 'Means with 95% intervals and paired arm differences over 100 replicates')
          .example('$0 run --replicates 100 --workers 2 --out results/pilot-100', 'The same folder, byte for byte, on 2 worker threads')
          .example('$0 run region --memory-limit 8GB', 'Refuse early (exit 1, with the estimate) what would need more than 8 GB')
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
          replicates: a.replicates as string | undefined,
          level: a.level as string | undefined,
          memoryLimit: a['memory-limit'] as string | undefined,
          workers: a.workers as string | undefined,
        };
        refuseRepeated(a, ['seed', 'ticks', 'out', 'network-out', 'network-arm', 'network-agency', 'replicates', 'level', 'memory-limit', 'workers']);
        select(() => runCommand(args, io, argv));
      },
    )
    .command(
      'sweep <sweep-file>',
      'Run a sweep: a design of parameter values × replicates, on all cores, resumably',
      (y) =>
        y
          .positional('sweep-file', { type: 'string', describe: 'Sweep file (.json), e.g. scenarios/sweeps/fidelity-turnover.json' })
          .option('out', { type: 'string', describe: 'Output folder (default: results/<sweep-name>); rerun into the same folder to resume', requiresArg: true })
          .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores)', requiresArg: true })
          .option('shard', { type: 'string', describe: 'Run only shard k of n (runs with run_id % n = k - 1), e.g. 2/8; merge the shards with `cpi-sim merge`', requiresArg: true })
          .option('yes', { type: 'boolean', default: false, describe: 'Start a big sweep (over 10 min or 1 GB by the estimate) without asking' })
          .option('arrow', { type: 'boolean', default: false, describe: 'Also write results.arrow (Apache Arrow IPC / Feather v2)' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace a finished sweep folder, or one holding another sweep or shard; take over a lock left on another host' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No estimate, progress bar or summary' })
          .option('memory-limit', { type: 'string', describe: MEMORY_LIMIT_DESCRIBE, requiresArg: true })
          .example('$0 sweep scenarios/sweeps/fidelity-turnover.json --out results/ft', 'A 3 × 3 grid, 5 replicates per point, on every core')
          .example('$0 sweep my-sweep.json --out results/big --workers 4 --memory-limit 16GB', 'Plan for 16 GB: refused early if 4 workers at the largest sizes need more')
          .example('$0 sweep my-sweep.json --out results/big --workers 8 --yes --arrow', 'A big sweep without asking, with an Arrow file')
          .example('$0 sweep my-sweep.json --out results/s2 --shard 2/4', 'The second of four shards')
          .epilogue(SWEEP_EPILOGUE),
      (a) => {
        refuseRepeated(a, ['out', 'workers', 'shard', 'memory-limit']);
        select(() =>
          sweepCommand(
            {
              file: String(a['sweep-file']),
              out: a.out as string | undefined,
              workers: a.workers as string | undefined,
              shard: a.shard as string | undefined,
              yes: a.yes as boolean,
              arrow: a.arrow as boolean,
              force: a.force as boolean,
              quiet: a.quiet as boolean,
              memoryLimit: a['memory-limit'] as string | undefined,
            },
            io as SweepIO,
            argv,
          ),
        );
      },
    )
    .command(
      'audit [scenario]',
      'Audit the mechanisms: every parameter alone at the ends of its range, against its declared role',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: `Scenario file (.json) or the name of a shipped scenario; default: ${DEFAULT_SCENARIO}` })
          .option('out', { type: 'string', describe: 'Output folder (default: results/audit-<scenario-name>); rerun into the same folder to resume', requiresArg: true })
          .option('seeds', { type: 'string', describe: `Seeds per point, K (default: the scenario's auditSeeds, else 5); every point's seed r is the same (common random numbers)`, requiresArg: true })
          .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores)', requiresArg: true })
          .option('arm', { type: 'string', describe: 'The arm to audit (default: high-fidelity, else the CPI arm with the highest fidelity)', requiresArg: true })
          .option('pairs', { type: 'boolean', default: false, describe: 'Also screen the pairs the paper couples (barrier scale × fidelity, × barrier hours; attitude barriers × can-do): audit-pairs.csv' })
          .option('only', { type: 'string', describe: 'Audit only these parameters: comma-separated paths or patterns with *, e.g. "peerWorkers.*,intake.*Weight"', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Run again from scratch into a folder that holds an earlier audit or another sweep' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No estimate, progress bar or summary' })
          .example('$0 audit pilot-england', 'Audit every parameter of the pilot, 5 seeds, on every core')
          .example('$0 audit teaching-barriers --seeds 3 --only "barriers.*" --out results/tb', 'Only the barriers, 3 seeds')
          .example('$0 audit pilot-england --pairs --workers 2', 'Also the coupled pairs, on 2 workers')
          .epilogue(AUDIT_EPILOGUE),
      (a) => {
        refuseRepeated(a, ['out', 'seeds', 'workers', 'arm', 'only']);
        select(() =>
          auditCommand(
            {
              scenario: (a.scenario as string | undefined) ?? DEFAULT_SCENARIO,
              out: a.out as string | undefined,
              seeds: a.seeds as string | undefined,
              workers: a.workers as string | undefined,
              arm: a.arm as string | undefined,
              pairs: a.pairs as boolean,
              only: a.only as string | undefined,
              force: a.force as boolean,
              quiet: a.quiet as boolean,
            },
            io,
            argv,
            auditRole,
          ),
        );
      },
    )
    .command(
      'merge <out> <dirs...>',
      'Merge the folders of a sweep\'s shards into one, byte-identical to the unsharded sweep',
      (y) =>
        y
          .positional('out', { type: 'string', describe: 'Folder to write the merged sweep into' })
          .positional('dirs', { type: 'string', array: true, describe: 'The shard folders (every shard k/n of one sweep, each finished)' })
          .option('arrow', { type: 'boolean', default: false, describe: 'Also write results.arrow' })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier merged folder that cpi-sim wrote (its manifest lists every file in it); take over a lock left on another host' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No summary' })
          .option('trust', { type: 'boolean', default: false, describe: 'Merge shards whose files do not match their manifests (changed, cut short), with a warning; the merged manifest lists what did not match' })
          .example('$0 merge results/merged results/s1 results/s2', 'Two shards into one folder')
          .example('$0 merge results/merged results/s1 results/s2 --trust', 'Merge shards edited by hand after the sweep (each mismatch is warned about)')
          .epilogue(
            'Refuses shards of different sweeps, a shard given twice, a missing shard, unfinished shard folders, shards whose files do not match the sizes, SHA-256s and row counts their manifests record (unless --trust), and folders another cpi-sim is writing into (the output folder is locked while the merge writes it). Exit code 3 when some runs failed.',
          ),
      (a) =>
        select(() =>
          mergeCommand({ out: String(a.out), dirs: (a.dirs as string[]).map(String), arrow: a.arrow as boolean, force: a.force as boolean, quiet: a.quiet as boolean, trust: a.trust as boolean }, io, argv),
        ),
    )
    .command(
      'slurm <sweep-file>',
      'Write (and submit) SLURM job scripts that run a sweep in shards and merge them',
      (y) =>
        y
          .positional('sweep-file', { type: 'string', describe: 'Sweep file (.json)' })
          .option('shards', { type: 'string', demandOption: true, describe: 'Number of shards: one array task each', requiresArg: true })
          .option('out', { type: 'string', demandOption: true, describe: 'Folder for slurm/ (the scripts and logs), shards/1 … shards/n and merged/', requiresArg: true })
          .option('partition', { type: 'string', describe: 'SLURM partition (#SBATCH --partition)', requiresArg: true })
          .option('time', { type: 'string', describe: 'Time limit per task, e.g. 02:00:00 (#SBATCH --time)', requiresArg: true })
          .option('cpus-per-task', { type: 'string', describe: 'CPUs per task, also the sweep\'s --workers (default 1)', requiresArg: true })
          .option('arrow', { type: 'boolean', default: false, describe: 'Also write results.arrow in the shards and the merged folder' })
          .option('submit', { type: 'boolean', default: false, describe: 'Submit the array job, then the merge job after it (afterok); print both job ids' })
          .option('force', { type: 'boolean', default: false, describe: 'Write the scripts again over earlier ones' })
          .option('memory-limit', { type: 'string', describe: "Memory of one array task, e.g. 64GB (default: 80% of this machine's); a task whose estimate exceeds it is refused before anything is written", requiresArg: true })
          .example('$0 slurm my-sweep.json --shards 16 --out /scratch/me/sweep --cpus-per-task 8 --time 04:00:00 --submit', 'Sixteen shards of 8 cores each, then the merge')
          .example('$0 slurm my-sweep.json --shards 64 --out /scratch/me/big --cpus-per-task 16 --memory-limit 64GB', 'Refused early if 16 runs at once need more than a 64 GB node')
          .epilogue('An array task that stops early (time limit, preemption) can be requeued or rerun: its shard resumes.'),
      (a) => {
        refuseRepeated(a, ['shards', 'out', 'partition', 'time', 'cpus-per-task', 'memory-limit']);
        select(() =>
          slurmCommand(
            {
              file: String(a['sweep-file']),
              shards: String(a.shards),
              out: String(a.out),
              partition: a.partition as string | undefined,
              time: a.time as string | undefined,
              cpusPerTask: a['cpus-per-task'] as string | undefined,
              arrow: a.arrow as boolean,
              submit: a.submit as boolean,
              force: a.force as boolean,
              memoryLimit: a['memory-limit'] as string | undefined,
            },
            io,
          ),
        );
      },
    )
    .command(
      'analyze <what> <dir>',
      'Analyse a finished sweep: `analyze sensitivity DIR` gives Morris or Sobol indices of its measures',
      (y) =>
        y
          .positional('what', { type: 'string', choices: ['sensitivity'], describe: 'What to analyse' })
          .positional('dir', { type: 'string', describe: 'A finished sweep folder (Morris or Sobol design)' })
          .option('measures', { type: 'string', array: true, describe: 'Only these measures (comma-separated; default: all the sweep kept)' })
          .option('arms', { type: 'string', array: true, describe: 'Only these arms (comma-separated)' })
          .option('group', { type: 'string', describe: 'Group of the measures (default: all)', requiresArg: true })
          .option('bootstrap', { type: 'string', describe: 'Bootstrap replicates for the intervals (default 1000)', requiresArg: true })
          .option('out', { type: 'string', describe: 'CSV file to write (default: DIR/sensitivity.csv)', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No summary table' })
          .option('trust', { type: 'boolean', default: false, describe: 'Read a folder whose files do not match its manifest (changed, cut short), with a warning' })
          .example('$0 analyze sensitivity results/morris-barriers', 'Morris μ*, μ and σ of every measure, per arm')
          .example('$0 analyze sensitivity results/morris-edited --trust', 'Analyse a folder edited by hand after the sweep')
          .example('$0 analyze sensitivity results/sobol --measures rg_total --bootstrap 2000', 'Sobol indices of one measure')
          .epilogue(
            'Replicates are averaged per design point; indices are computed at the last tick kept, per arm and measure. Writes a tidy CSV: arm,measure,method,factor,index,estimate,lower,upper (index: mu, mu_star, sigma for Morris; first, total, second for Sobol). The folder is checked against its manifest first (sizes, SHA-256s, rows: a changed or cut file is refused unless --trust); the default DIR/sensitivity.csv is recorded in the manifest as derived from these results.',
          ),
      (a) =>
        select(() =>
          analyzeSensitivityCommand(
            {
              dir: String(a.dir),
              measures: a.measures as string[] | undefined,
              arms: a.arms as string[] | undefined,
              group: a.group as string | undefined,
              bootstrap: a.bootstrap as string | undefined,
              out: a.out as string | undefined,
              force: a.force as boolean,
              quiet: a.quiet as boolean,
              trust: a.trust as boolean,
            },
            io,
          ),
        ),
    )
    .command(
      'trial <design>',
      'Run a virtual trial: simulate a study many times, run its analysis, report effects and power; find the sample size for a target power',
      (y) =>
        y
          .positional('design', { type: 'string', describe: 'Trial design file (.json) or a shipped design (scenarios/trials/): fidelity groups, or CPI against a control arm (individual, cluster, paired-teams)' })
          .option('replicates', { type: 'string', describe: 'Simulated trials per size (default 200, at most 1,000,000)', requiresArg: true })
          .option('seed', { type: 'string', describe: "Root seed (default: the design's)", requiresArg: true })
          .option('n', { type: 'string', array: true, describe: 'Sizes for a power curve, e.g. --n 60,100,155,200 (what a size counts: --vary)' })
          .option('vary', { type: 'string', choices: ['participants', 'clusters', 'per-cluster'], describe: 'What --n and --target-power vary: participants (default for individual and fidelity-groups designs), clusters (teams; organisations of a paired-teams design; the default there and for cluster designs) or per-cluster (participants per team)', requiresArg: true })
          .option('target-power', { type: 'string', describe: 'Search the smallest size whose simulated power reaches this (e.g. 0.8), reporting its Monte Carlo interval', requiresArg: true })
          .option('max-size', { type: 'string', describe: "The largest size the search may try (default 16 times the design's)", requiresArg: true })
          .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores; 0 runs in the main thread). Files are byte-identical for any number', requiresArg: true })
          .option('out', { type: 'string', describe: 'Output folder (default: results/trial-<design name>)', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an earlier trial folder that cpi-sim wrote (its manifest lists every file in it)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no summary' })
          .example('$0 trial cpi-pilot', 'The CPI pilot as a virtual trial: 200 simulated studies, effect sizes and power')
          .example('$0 trial cpi-pilot --n 80,120,155,200,260 --replicates 100', 'A power curve: referrals needed for 80% power')
          .example('$0 trial cpi-vs-usual-care-rct --target-power 0.8', 'CPI against usual care, randomised by participant: the participants needed for 80% power')
          .example('$0 trial cpi-cluster-trial --target-power 0.9 --vary clusters --replicates 1000', 'A cluster trial: the teams needed for 90% power, with a narrower Monte Carlo interval')
          .example('$0 trial cpi-paired-teams --n 4,6,8,10 --workers 2', 'Organisations with one intervention and one control team: a power curve on 2 worker threads')
          .option('memory-limit', { type: 'string', describe: MEMORY_LIMIT_DESCRIBE, requiresArg: true })
          .example('$0 trial my-trial.json --out results/my-trial', 'Your own design')
          .example('$0 trial cpi-pilot --replicates 100000 --memory-limit 4GB', 'Plan for 4 GB: refused early, with the estimate, if it needs more')
          .epilogue(
            'Writes trial-replicates.csv (one row per simulated trial; for designs with a control arm one row per trial and outcome, with the trial\'s costs on the primary row), trial-summary.json, power-curve.csv (with --n or --target-power), trial-acceptability.csv (designs with a control arm: the cost-effectiveness acceptability curve, from the worker time each participant received priced with the scenario\'s costs.*) and manifest.json. The same design and seed give byte-identical files for any --workers. Draw the curves with `cpi-sim chart DIR --kind power-curve` or `--kind acceptability`.',
          ),
      (a) => {
        refuseRepeated(a, ['replicates', 'seed', 'out', 'memory-limit', 'vary', 'target-power', 'max-size', 'workers']);
        select(() =>
          trialCommand(
            {
              design: String(a.design),
              replicates: a.replicates as string | undefined,
              seed: a.seed as string | undefined,
              n: a.n as string[] | undefined,
              vary: a.vary as string | undefined,
              targetPower: a['target-power'] as string | undefined,
              maxSize: a['max-size'] as string | undefined,
              workers: a.workers as string | undefined,
              out: a.out as string | undefined,
              force: a.force as boolean,
              quiet: a.quiet as boolean,
              memoryLimit: a['memory-limit'] as string | undefined,
            },
            io,
            argv,
          ),
        );
      },
    )
    .command(
      'calibrate <scenario>',
      'Fit free parameters to published figures by approximate Bayesian computation (rejection or SMC)',
      (y) =>
        y
          .positional('scenario', { type: 'string', describe: 'Scenario file (.json) or a shipped scenario' })
          .option('targets', { type: 'string', demandOption: true, describe: 'Targets file: published figures, scales, sources, statistics (scenarios/targets/)', requiresArg: true })
          .option('free', { type: 'string', demandOption: true, describe: 'Free parameters file: parameter paths with prior ranges', requiresArg: true })
          .option('method', { type: 'string', describe: 'rejection or smc (default smc)', requiresArg: true })
          .option('particles', { type: 'string', describe: 'Accepted parameter sets per generation (default 200)', requiresArg: true })
          .option('generations', { type: 'string', describe: 'SMC generations, the first included (default 5); rerun with more to extend', requiresArg: true })
          .option('replicates', { type: 'string', describe: 'Simulated studies per parameter set, statistics averaged (default 1)', requiresArg: true })
          .option('quantile', { type: 'string', describe: 'Rejection: share of prior draws accepted (default 0.1); SMC: quantile of distances that sets the next tolerance (default 0.5)', requiresArg: true })
          .option('predictive', { type: 'string', describe: 'Posterior predictive draws (default: the particles)', requiresArg: true })
          .option('check', { type: 'string', describe: 'Parameter sets simulated at the posterior medians, the calibrated point (default: as --predictive)', requiresArg: true })
          .option('workers', { type: 'string', describe: 'Worker threads (default: the number of cores; 0 runs in the main thread)', requiresArg: true })
          .option('seed', { type: 'string', describe: "Root seed (default: the scenario's)", requiresArg: true })
          .option('out', { type: 'string', describe: 'Output folder (default: results/calibration-<targets name>); rerun into it to resume', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace a finished calibration folder or one holding another calibration' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress and no summary' })
          .example('$0 calibrate pilot-england --targets scenarios/targets/cpi-pilot.json --free scenarios/targets/cpi-pilot.free.json --out results/calibration', 'Calibrate the pilot scenario to the CPI pilot (ABC-SMC)')
          .option('memory-limit', { type: 'string', describe: MEMORY_LIMIT_DESCRIBE, requiresArg: true })
          .example('$0 calibrate pilot-england --targets scenarios/targets/cpi-pilot.json --free scenarios/targets/cpi-pilot.free.json --method rejection --particles 100 --quantile 0.05', 'Plain ABC rejection: keep the closest 5% of 2,000 prior draws')
          .epilogue(
            'Writes into the folder: particles.csv (accepted parameter sets with weights and distances, every generation), generations.csv, posterior.csv (mean, SD, median, 90% and 95% intervals), predictive.csv and fit.csv (each target: published against the posterior predictive median and intervals), calibrated-fit.csv (the same at the posterior medians), checks.json (the contrasts of the pilot: median partial η², share of p < .05), calibrated-scenario.json (the scenario with the posterior medians) and manifest.json. Finished generations are kept in generations/ as they finish: stop at any time and rerun the same command to continue; a folder holding another calibration is refused. Same seed, same files, for any --workers.',
          ),
      (a) => {
        refuseRepeated(a, ['targets', 'free', 'method', 'particles', 'generations', 'replicates', 'quantile', 'predictive', 'check', 'workers', 'seed', 'out', 'memory-limit']);
        select(() =>
          calibrateCommand(
            {
              scenario: String(a.scenario),
              targets: String(a.targets),
              free: String(a.free),
              method: a.method as string | undefined,
              particles: a.particles as string | undefined,
              generations: a.generations as string | undefined,
              replicates: a.replicates as string | undefined,
              quantile: a.quantile as string | undefined,
              predictive: a.predictive as string | undefined,
              check: a.check as string | undefined,
              workers: a.workers as string | undefined,
              seed: a.seed as string | undefined,
              out: a.out as string | undefined,
              force: a.force as boolean,
              quiet: a.quiet as boolean,
              memoryLimit: a['memory-limit'] as string | undefined,
            },
            io,
            argv,
          ),
        );
      },
    )
    .command(
      'explore [scenario]',
      'Serve the teaching explorer: two matched arms side by side in a browser, live',
      (y) =>
        y
          .positional('scenario', {
            type: 'string',
            describe: `Scenario file (.json) or a shipped scenario; its first two arms open as arm A and arm B (default: ${DEFAULT_EXPLORER_SCENARIO})`,
          })
          .option('port', { type: 'string', describe: 'Port to listen on (default 8765; 0: any free port)', requiresArg: true })
          .option('host', { type: 'string', describe: 'Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every network)', requiresArg: true })
          .example('$0 explore', `The ${DEFAULT_EXPLORER_SCENARIO} scenario at http://127.0.0.1:8765/`)
          .example('$0 explore pilot-england --port 0', 'The CPI pilot on any free port (the address is printed)')
          .example('$0 explore my-scenario.json --port 9000', 'Your own scenario file')
          .epilogue(
            'Serves only the built page (dist/explorer/, made by `npm run build`) and the scenario, on 127.0.0.1 unless --host says otherwise; the page loads nothing from outside. The page runs the same engine as `cpi-sim run` in a Web Worker: "Export scenario" saves the file that reproduces its numbers with `cpi-sim run FILE.json`. Press Ctrl-C to stop.',
          ),
      (a) => {
        refuseRepeated(a, ['port', 'host']);
        select(() => exploreCommand({ scenario: a.scenario as string | undefined, port: a.port as string | undefined, host: a.host as string | undefined }, io));
      },
    )
    .command(
      'chart <results-dir>',
      'Draw a chart of a results folder (run, replicates, sweep or trial) as SVG, PNG, HTML or JSON',
      (y) =>
        y
          .positional('results-dir', { type: 'string', describe: 'A folder written by cpi-sim run (also with --replicates), sweep or trial' })
          .option('kind', {
            type: 'string',
            describe: 'Kind of chart: trajectory, difference, network-growth, tornado, dose-response, factor-lines, heatmap, sensitivity, power-curve, effect-sizes or acceptability (default: the folder\'s usual one)',
            requiresArg: true,
          })
          .option('measure', { type: 'string', describe: 'Outcome measure (default rg_total); for effect-sizes: partial_eta_squared, p, effect or cohens_d', requiresArg: true })
          .option('group', { type: 'string', describe: 'Group of service users (default all), e.g. agency-01 or fidelity-high', requiresArg: true })
          .option('arm', { type: 'string', array: true, describe: 'Only these arms (comma-separated); one arm for network-growth and sensitivity' })
          .option('band', { type: 'string', describe: 'Trajectory bands of a replicates folder: quantiles (50% and 90% of replicates, default), ci (the mean\'s interval) or none', requiresArg: true })
          .option('factor', { type: 'string', array: true, describe: 'Grid sweeps: the factors shown (comma-separated paths): the x axis (heatmap: across), then the lines (heatmap: down); default the first two' })
          .option('n', { type: 'string', array: true, describe: 'Acceptability curve of a comparative trial: the sizes drawn (comma-separated; default the size a --target-power search chose, else every size)' })
          .option('format', { type: 'string', describe: 'svg, png, html or json (default: from the --out extension)', requiresArg: true })
          .option('out', { type: 'string', demandOption: true, describe: 'File to write, e.g. chart.png', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
          .option('trust', { type: 'boolean', default: false, describe: 'Draw from a folder whose files do not match its manifest (changed, cut short), with a warning' })
          .example('$0 chart results/pilot-england --out rg.png', 'Access to social capital per arm over the weeks of a run')
          .example('$0 chart results/edited-run --out rg.svg --trust', 'Draw a run folder edited by hand after the run')
          .example('$0 chart results/pilot-100 --measure wellbeing --band ci --out wellbeing.svg', 'Means over replicates with their 95% intervals')
          .example('$0 chart results/pilot-100 --kind difference --out diff.html', 'Paired differences between arms, as an interactive page')
          .example('$0 chart results/barrier-morris --kind tornado --measure new_ties --out tornado.png', 'Each barrier\'s effect on new ties')
          .example('$0 chart results/ft --out ft.png', 'A grid sweep (fidelity-turnover): rg_total against fidelity, a line per turnover rate')
          .example('$0 chart results/ft --kind heatmap --measure new_ties --out ft-heat.svg', 'The same grid as a heat map of new ties')
          .example('$0 chart results/trial-cpi-pilot --out power.png', 'Power against participants of a virtual trial')
          .example('$0 chart results/trial-cpi-vs-usual-care-rct --kind acceptability --out ceac.svg', 'The probability CPI is cost-effective at each willingness to pay')
          .epilogue(CHART_EPILOGUE),
      (a) => {
        refuseRepeated(a, ['kind', 'measure', 'group', 'band', 'format', 'out']);
        select(() =>
          chartCommand(
            {
              dir: String(a['results-dir']),
              kind: a.kind as string | undefined,
              measure: a.measure as string | undefined,
              group: a.group as string | undefined,
              arm: a.arm as string[] | undefined,
              band: a.band as string | undefined,
              factor: a.factor as string[] | undefined,
              n: a.n as string[] | undefined,
              format: a.format as string | undefined,
              out: String(a.out),
              force: a.force as boolean,
              trust: a.trust as boolean,
            },
            io,
          ),
        );
      },
    )
    .command(
      'report <results-dir>',
      'Write the grant writer\'s report: one self-contained HTML file with headline projections and intervals, charts, assumptions and how to reproduce',
      (y) =>
        y
          .positional('results-dir', { type: 'string', describe: 'A folder written by cpi-sim run --replicates N' })
          .option('trial', { type: 'string', describe: 'Also report a virtual trial: a folder written by cpi-sim trial (power, effect sizes, power curve)', requiresArg: true })
          .option('out', { type: 'string', describe: 'The HTML file to write (default: report.html in the results folder)', requiresArg: true })
          .option('force', { type: 'boolean', default: false, describe: 'Replace an existing --out file' })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress line and no summary' })
          .option('trust', { type: 'boolean', default: false, describe: 'Report folders whose files do not match their manifests (changed, cut short), with a warning' })
          .example('$0 run --replicates 100 --out results/pilot-100 && $0 report results/pilot-100', 'Projections for the default scenario over 100 replicates')
          .example('$0 report results/pilot-edited --trust', 'Report a folder edited by hand after the run')
          .example('$0 report results/pilot-100 --trial results/trial-cpi-pilot --out cpi-report.html', 'With the virtual trial of the pilot design and its power')
          .epilogue('The page has no scripts and loads nothing: charts are inline SVG. It prints to PDF cleanly from any browser (a print stylesheet keeps figures and tables whole).'),
      (a) => {
        refuseRepeated(a, ['trial', 'out']);
        select(() => reportCommand({ dir: String(a['results-dir']), trial: a.trial as string | undefined, out: a.out as string | undefined, force: a.force as boolean, quiet: a.quiet as boolean, trust: a.trust as boolean }, io));
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
    .example('$0 sweep scenarios/sweeps/fidelity-turnover.json --out results/ft', 'Run a sweep on every core')
    .example('$0 trial cpi-pilot', 'A virtual trial of the CPI pilot: effect sizes and power')
    .example('$0 audit pilot-england', 'Check that every parameter acts as it declares')
    .demandCommand(1, 'Give a command: run, sweep, merge, slurm, analyze, trial, calibrate, chart, report, explore, audit, validate, list or schema.')
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
    if (
      err instanceof ScenarioError ||
      err instanceof OutputError ||
      err instanceof CliUsageError ||
      err instanceof SweepError ||
      err instanceof DesignError ||
      err instanceof TrialError ||
      err instanceof SensitivityError ||
      err instanceof CalibrationError ||
      err instanceof ResourceError ||
      err instanceof ChartError ||
      err instanceof AuditError
    ) {
      // An earlier result in the way: give the exact command that replaces it, as the user started this one.
      const kept = io.npmKept?.includes('--force') ? ' (npm kept the --force before -- for itself; options for cpi-sim go after --)' : '';
      const retry = err instanceof ExistingOutputError && !argv.includes('--force') ? `\nTo replace it, run: ${retryCommand(io, argv, ['--force'])}${kept}` : '';
      io.stderr(`${err.message}${retry}\n`);
      return 1;
    }
    io.stderr(`cpi-sim: unexpected error (please report it with the command that caused it)\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}
