// The JSON Schema of an input file (sweep, trial design, calibration targets and free parameters) from its zod
// schema, with the draft, id, title and description editors show. Part of scenario/: one recipe for every
// input file that `npm run build` emits a schema for (scripts/emit-schema.mjs).
import { z } from 'zod';

export interface FileJsonSchemaInfo {
  /** The schema file's name, e.g. "sweep.schema.json" (its $id is under https://cpi-sim.dev/). */
  readonly name: string;
  readonly title: string;
  readonly description: string;
}

export function buildFileJsonSchema(schema: z.ZodType, info: FileJsonSchemaInfo): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  delete json.$schema;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://cpi-sim.dev/${info.name}`,
    title: info.title,
    description: info.description,
    ...json,
  };
}
