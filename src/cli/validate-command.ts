// `cpi-sim validate <scenario...>`: compile each scenario file (or shipped name) and report
// `OK <file>: <name> — <arms> arms, <ticks> ticks`, or the ScenarioError message as it is. Part of cli/.
// Exit code 0 only when every scenario is valid.
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import type { CliIO } from './cli-io.js';
import { resolveScenarioRef } from './scenario-ref.js';

export function validateCommand(refs: readonly string[], io: CliIO): number {
  let failed = 0;
  for (const ref of refs) {
    try {
      const s = loadScenario(resolveScenarioRef(ref, io.cwd));
      io.stdout(`OK ${ref}: ${s.name} — ${s.arms.length} arm${s.arms.length === 1 ? '' : 's'}, ${s.ticks} ticks\n`);
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      failed++;
      io.stderr(`${err.message}\n`);
    }
  }
  if (refs.length > 1) (failed ? io.stderr : io.stdout)(`${refs.length - failed} of ${refs.length} scenarios valid\n`);
  return failed ? 1 : 0;
}
