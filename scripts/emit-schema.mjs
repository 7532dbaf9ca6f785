// Writes scenarios/scenario.schema.json and scenarios/sweep.schema.json from the compiled schemas (run by
// `npm run build`), so editors complete and check scenario and sweep files.
import { writeFileSync } from 'node:fs';
import { buildScenarioJsonSchema } from '../dist/scenario/schema.js';
import { buildSweepJsonSchema } from '../dist/sweep/sweep-file.js';
const write = (name, schema) => writeFileSync(new URL(`../scenarios/${name}`, import.meta.url), JSON.stringify(schema, null, 2) + '\n');
write('scenario.schema.json', buildScenarioJsonSchema());
write('sweep.schema.json', buildSweepJsonSchema());
