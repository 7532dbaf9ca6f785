// Writes the JSON Schemas of the project's input files from the compiled zod schemas (run by `npm run build`),
// each scenario parameter annotated with what it is for (`x-cpi-role`, from src/scenario/roles.ts),
// so editors complete and check them: scenarios (scenario.schema.json), sweeps (sweep.schema.json), virtual-trial
// designs (trials/trial-design.schema.json), calibration targets and free parameters (targets/*.schema.json), and the
// explorer's guided lessons (lessons/lesson.schema.json).
import { writeFileSync } from 'node:fs';
import { buildScenarioJsonSchema } from '../dist/scenario/schema.js';
import { buildSweepJsonSchema } from '../dist/sweep/sweep-file.js';
import { buildTrialDesignJsonSchema } from '../dist/trial/trial-design.js';
import { buildTargetsJsonSchema } from '../dist/calibrate/targets-file.js';
import { buildFreeParametersJsonSchema } from '../dist/calibrate/free-parameters-file.js';
import { buildLessonJsonSchema } from '../dist/explore/lessons.js';
const write = (name, schema) => writeFileSync(new URL(`../scenarios/${name}`, import.meta.url), JSON.stringify(schema, null, 2) + '\n');
write('scenario.schema.json', buildScenarioJsonSchema());
write('sweep.schema.json', buildSweepJsonSchema());
write('trials/trial-design.schema.json', buildTrialDesignJsonSchema());
write('targets/targets.schema.json', buildTargetsJsonSchema());
write('targets/free-parameters.schema.json', buildFreeParametersJsonSchema());
write('lessons/lesson.schema.json', buildLessonJsonSchema());
