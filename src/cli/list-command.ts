// `cpi-sim list`: the scenarios shipped with the package, with their titles. Part of cli/.
import { listShippedScenarios, loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import type { CliIO } from './cli-io.js';

export function listCommand(io: CliIO): number {
  const names = listShippedScenarios();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  let failed = 0;
  for (const name of names) {
    let title: string;
    try {
      const s = loadScenario(name);
      title = `${s.title} (${s.arms.length} arm${s.arms.length === 1 ? '' : 's'}, ${s.ticks} ticks)`;
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      failed++;
      title = `INVALID: ${err.message.split('\n').slice(1).join(' ').trim()}`;
    }
    io.stdout(`${name.padEnd(width)}${title}\n`);
  }
  return failed ? 1 : 0;
}
