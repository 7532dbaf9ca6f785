// Writes scenarios/scenario.schema.json from the compiled schema (run by `npm run build`).
import { writeFileSync } from 'node:fs';
import { buildScenarioJsonSchema } from '../dist/scenario/schema.js';
const file = new URL('../scenarios/scenario.schema.json', import.meta.url);
writeFileSync(file, JSON.stringify(buildScenarioJsonSchema(), null, 2) + '\n');
