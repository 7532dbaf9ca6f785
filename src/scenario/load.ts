// Read scenario files from disk (Node only) and compile them. Part of scenario/.
// A reference is a file path, or the name of a scenario shipped in the package's scenarios/ folder
// (e.g. "pilot-england", the embedded default). `extends` names are resolved beside the extending file,
// then among the shipped scenarios.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScenario, type CompileOptions, type Scenario, type ScenarioSource } from './compile.js';
import { ScenarioError, show } from './errors.js';
import { readInputFile } from './read-input-file.js';

/** The folder holding the shipped scenarios (works from src/ under vitest and from dist/). */
export const SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scenarios');
export const DEFAULT_SCENARIO = 'pilot-england';

function locate(ref: string, fromDir?: string): string | undefined {
  const withExt = ref.endsWith('.json') ? ref : `${ref}.json`;
  const candidates: string[] = [];
  if (isAbsolute(ref)) candidates.push(ref, withExt);
  else {
    if (fromDir) candidates.push(join(fromDir, ref), join(fromDir, withExt));
    else candidates.push(resolve(ref), resolve(withExt));
    if (!ref.includes('/') && !ref.includes('\\')) candidates.push(join(SCENARIOS_DIR, withExt));
  }
  return candidates.find((c) => existsSync(c) && !c.endsWith('.schema.json'));
}

/** Read one file of the chain; a file reached through `extends` is blamed on the file that names it. */
function readJson(file: string, extendedBy?: { file: string; ref: string }): unknown {
  return readInputFile(file, {
    what: 'scenario file',
    fail: (message) =>
      extendedBy
        ? new ScenarioError(extendedBy.file, [{ path: 'extends', message: `${show(extendedBy.ref)} (${file}): ${message}` }])
        : new ScenarioError(file, [{ path: '', message }]),
  });
}

/** Read a scenario file and every file it extends, root first. */
export function readScenarioChain(ref: string): ScenarioSource[] {
  const chain: ScenarioSource[] = [];
  const seen = new Set<string>();
  let file = locate(ref);
  if (!file) {
    throw new ScenarioError(ref, [
      { path: '', message: `no such scenario file; give a path to a .json file or the name of a shipped scenario (${listShippedScenarios().join(', ')})` },
    ]);
  }
  let extendedBy: { file: string; ref: string } | undefined;
  for (;;) {
    if (seen.has(file)) throw new ScenarioError(file, [{ path: 'extends', message: 'the extends chain loops back to this file' }]);
    seen.add(file);
    const json = readJson(file, extendedBy);
    chain.unshift({ file, json });
    const ext = (json as { extends?: unknown })?.extends;
    if (ext === undefined) break;
    if (typeof ext !== 'string') throw new ScenarioError(file, [{ path: 'extends', message: `${JSON.stringify(ext)} is not allowed; expected a file name` }]);
    const next = locate(ext, dirname(file));
    if (!next) throw new ScenarioError(file, [{ path: 'extends', message: `cannot find ${JSON.stringify(ext)} beside this file or among the shipped scenarios` }]);
    if (chain.length > 16) throw new ScenarioError(file, [{ path: 'extends', message: 'more than 16 files in the extends chain' }]);
    extendedBy = { file, ref: ext };
    file = next;
  }
  return chain;
}

/** Load and compile a scenario by path or shipped name. */
export function loadScenario(ref: string = DEFAULT_SCENARIO, options: CompileOptions = {}): Scenario {
  return compileScenario(readScenarioChain(ref), options);
}

/** Names of the scenarios shipped in scenarios/. */
export function listShippedScenarios(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}
