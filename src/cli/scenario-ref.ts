// Resolve a scenario reference given on the command line: a path relative to the CLI's working folder,
// or the name of a shipped scenario (left as is for loadScenario to find). Part of cli/.
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export function resolveScenarioRef(ref: string, cwd: string): string {
  if (isAbsolute(ref)) return ref;
  if (ref.includes('/') || ref.includes('\\')) return resolve(cwd, ref);
  for (const candidate of [ref, `${ref}.json`]) {
    const path = resolve(cwd, candidate);
    if (existsSync(path) && statSync(path).isFile()) return path;
  }
  return ref;
}
