// Rewrites the generated regions of docs/ODD.md (tick order, parameter table, parameter roles, scenario tables,
// measures) from the compiled code: run `npm run build && npm run docs`. `--check` only reports drift (exit 1).
// The builders live in src/output/describe-model.ts and src/output/describe-roles.ts ("What each parameter is
// for"); test/docs/odd.test.ts and test/scenario/roles.test.ts fail when ODD.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildGeneratedRegions, replaceGeneratedRegions } from '../dist/output/describe-model.js';
import { buildRoleSection, ROLES_REGION } from '../dist/output/describe-roles.js';
import { loadScenario } from '../dist/scenario/load.js';
import { TICK_ORDER } from '../dist/engine/step.js';

const file = new URL('../docs/ODD.md', import.meta.url);
const check = process.argv.includes('--check');

const base = loadScenario('base');
const before = readFileSync(file, 'utf8');
const regions = { ...buildGeneratedRegions(base.document, TICK_ORDER), [ROLES_REGION]: buildRoleSection() };
const after = replaceGeneratedRegions(before, regions);

if (check) {
  if (after !== before) {
    console.error('docs/ODD.md is out of date: run `npm run build && npm run docs`.');
    process.exit(1);
  }
  console.log('docs/ODD.md is up to date.');
} else if (after !== before) {
  writeFileSync(file, after);
  console.log('docs/ODD.md: generated regions rewritten.');
} else {
  console.log('docs/ODD.md: already up to date.');
}
