// `cpi-sim schema [--out FILE]`: the JSON Schema of scenario files (for editors and other tools), printed
// or written to a file (replaced if it exists: it is generated). Part of cli/.
import { resolve, relative } from 'node:path';
import { buildScenarioJsonSchema } from '../scenario/schema.js';
import { writeFileAtomically } from '../output/write-folder.js';
import type { CliIO } from './cli-io.js';

export function schemaCommand(out: string | undefined, io: CliIO): number {
  const text = JSON.stringify(buildScenarioJsonSchema(), null, 2) + '\n';
  if (out === undefined) {
    io.stdout(text);
    return 0;
  }
  const file = resolve(io.cwd, out);
  writeFileAtomically(file, text, { force: true });
  io.stdout(`Wrote ${relative(io.cwd, file) || file}\n`);
  return 0;
}
