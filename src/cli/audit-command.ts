// `cpi-sim audit [scenario]`: screen every parameter of a scenario against its declared role (MODEL.md §8)
// with a paired one-at-a-time sweep, and print the verdicts. Part of cli/: it parses, calls the library
// (audit/) and reports. Exit codes: 0 every parameter acts as declared (or its finding is accepted by the
// scenario), 3 findings (dead, near-dead, contradicts, leaks or failed runs), 1 bad input or output place.
import { resolve } from 'node:path';
import { loadScenario } from '../scenario/load.js';
import type { ParameterRole } from '../scenario/role-spec.js';
import { planAudit, type RoleOf } from '../audit/plan-audit.js';
import { DEFAULT_AUDIT_SEEDS, runAudit } from '../audit/run-audit.js';
import { unacceptedFindings, VERDICTS, type ParameterVerdict } from '../audit/analyse-audit.js';
import { describeEstimate } from '../sweep/run-sweep.js';
import { CliUsageError, formatCommandLine, type CliIO } from './cli-io.js';
import { createSweepProgressBar } from './sweep-progress.js';
import { formatDuration } from './progress.js';
import { resolveScenarioRef } from './scenario-ref.js';
import { shownPath } from './sweep-command.js';

export interface AuditArgs {
  readonly scenario: string;
  readonly out?: string;
  readonly seeds?: string;
  readonly workers?: string;
  readonly arm?: string;
  readonly pairs?: boolean;
  readonly only?: string;
  readonly force?: boolean;
  readonly quiet?: boolean;
}

/** Exit code when the audit finds a parameter that does not act as declared and is not accepted. */
export const AUDIT_EXIT_FINDINGS = 3;

export const AUDIT_EPILOGUE = `Every parameter of the scenario declares a role (src/scenario/roles.ts): a mechanism names the
outcomes it should move and which way, a measurement the measures it may change, a size or horizon says
so. The audit runs the scenario's high-fidelity (CPI) arm with each parameter alone at the ends of its
range in the scenario file (booleans flipped, every other option of a choice, barrier effects one by one,
sizes at x0.5 and x2), K seeds with common random numbers, and compares final-tick means of all users
(and of minority users, for a minority mechanism) with the default run, seed by seed. Verdicts:
  acts         moves a declared outcome as declared (sizes and horizons: ran)
  dead         bit-identical to the default at every end and seed
  near-dead    no declared outcome moves by >= 1% with |paired t| >= 3
  contradicts  a declared outcome moves significantly the other way
  leaks        a measurement parameter moves a measure it does not list
  failed       runs failed
Writes into the output folder (default results/audit-<scenario>):
  audit.csv             one row per parameter x end x outcome: means, paired difference, relative
                        change, paired t, seeds and what the row shows
  audit-parameters.csv  one row per parameter: its verdict, whether the scenario accepts it, why
  audit-pairs.csv       with --pairs: joint effect vs the sum of single effects (interaction, paired t)
  audit.svg             heat map of mechanism parameters x headline outcomes, marked by verdict
  runs/                 the audit's sweep folder (resumable: rerun the same command to finish it)
  manifest.json         verdict counts, thresholds, files
A scenario accepts findings in its "accepted" section: [{ "parameter": "a.b", "reason": "..." }].
Exit codes: 0 every parameter acts (or is accepted), 3 findings, 1 bad input or output folder.`;

/** A role table that answers undefined for undeclared paths (the roles helper throws for them). */
export function roleLookup(table: (path: string) => ParameterRole): RoleOf {
  return (path) => {
    try {
      return table(path);
    } catch {
      return undefined;
    }
  };
}

/** The terminal summary: counts per verdict, then every parameter that does not act, with its reason. */
export function formatAuditSummary(parameters: readonly ParameterVerdict[]): string {
  const counts = VERDICTS.map((v) => `${v} ${parameters.filter((p) => p.verdict === v).length}`).join(', ');
  const findings = parameters.filter((p) => p.verdict !== 'acts');
  const width = Math.min(48, Math.max(9, ...findings.map((p) => p.parameter.length)));
  const vw = Math.max(7, ...findings.map((p) => p.verdict.length));
  const lines = findings.map((p) => `  ${p.parameter.padEnd(width)}  ${p.verdict.padEnd(vw)}  ${p.accepted !== undefined ? `[accepted: ${p.accepted}] ` : ''}${p.reason}`);
  return `${parameters.length} parameters: ${counts}\n${findings.length ? `  ${'parameter'.padEnd(width)}  ${'verdict'.padEnd(vw)}  reason\n${lines.join('\n')}\n` : ''}`;
}

export async function auditCommand(args: AuditArgs, io: CliIO, argv: readonly string[], roles: (path: string) => ParameterRole): Promise<number> {
  // 1. Options.
  const whole = (text: string | undefined, name: string, lo: number, hi: number, hint: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < lo || n > hi) throw new CliUsageError(`--${name} ${text}: expected a whole number from ${lo} to ${hi} (${hint})`);
    return n;
  };
  const askedSeeds = whole(args.seeds, 'seeds', 2, 1000, `default: the scenario's auditSeeds, else ${DEFAULT_AUDIT_SEEDS}; at least 2 for a paired t`);
  const workers = whole(args.workers, 'workers', 1, 1024, 'default: the number of cores');
  // 2. The scenario and the plan (ScenarioError, AuditError: named, nothing written).
  const ref = resolveScenarioRef(args.scenario, io.cwd);
  const scenario = loadScenario(ref);
  const seeds = askedSeeds ?? scenario.auditSeeds ?? DEFAULT_AUDIT_SEEDS;
  const plan = planAudit(scenario, roleLookup(roles), { arm: args.arm, only: args.only, pairs: args.pairs });
  const out = resolve(io.cwd, args.out ?? `results/audit-${scenario.name}`);
  const say = (text: string) => {
    if (!args.quiet) io.stdout(text);
  };
  const screened = plan.factors.filter((f) => f.ends.length).length;
  say(
    `Audit of ${scenario.name}, arm ${plan.arm}: ${plan.factors.length} parameters (${screened} screened)` +
      `${plan.pairs.length ? `, ${plan.pairs.length} pairs` : ''}, ${seeds} seeds with common random numbers\n`,
  );
  // 3. Run.
  const progress = createSweepProgressBar(io, io.stderrIsTTY && !args.quiet);
  let result;
  try {
    result = await runAudit(ref, scenario, plan, {
      out,
      seeds,
      workers,
      force: args.force,
      command: formatCommandLine('cpi-sim', argv),
      onLockTakeover: (message) => io.stderr(`${message}\n`),
      onEstimate: (e) => say(`Pre-flight: ${e.msPerRun.toFixed(0)} ms a run${e.remaining < e.runs ? ` (${e.runs - e.remaining} of ${e.runs} runs already done, resuming)` : ''}: ${describeEstimate(e)}\n`),
      onProgress: progress.update,
    });
  } finally {
    progress.done();
  }
  // 4. Summary.
  const where = shownPath(io.cwd, out);
  const s = result.sweep;
  say(
    `${s.runs} runs (${s.ok} ok${s.failed ? `, ${s.failed} failed` : ''})` +
      `${s.status === 'already-complete' ? ', already done' : s.resumedFrom ? ` (resumed: ${s.resumedFrom} were already done)` : ''} in ${formatDuration(result.wallMs / 1000)}\n`,
  );
  say(formatAuditSummary(result.analysis.parameters));
  say(`Wrote ${where}/: ${result.files.join(', ')}\n`);
  const findings = unacceptedFindings(result.analysis);
  if (findings.length) {
    io.stderr(`${findings.length} parameter${findings.length === 1 ? ' does' : 's do'} not act as declared and ${findings.length === 1 ? 'is' : 'are'} not accepted by the scenario (see ${where}/audit-parameters.csv).\n`);
    return AUDIT_EXIT_FINDINGS;
  }
  return 0;
}
