// The JSON Schema of an input file (sweep, trial design, calibration targets and free parameters) from its zod
// schema, with the draft, id, title and description editors show, and each scenario parameter's role
// (`x-cpi-role`, MODEL.md §8). Part of scenario/: one recipe for every input file that `npm run build` emits
// a schema for (scripts/emit-schema.mjs).
import { z } from 'zod';
import { PARAMETERS } from './parameters.js';
import { parameterRole } from './roles.js';
import { forEachLeaf, type Group } from './spec.js';

/** The keyword that carries a parameter's declared role (roles.ts) in the emitted JSON Schema. */
export const ROLE_KEYWORD = 'x-cpi-role';

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

/**
 * Write each parameter's declared role (what it is for: mechanism, measurement, size or horizon) as the
 * annotation keyword `x-cpi-role` beside its description, into the JSON Schema of a scenario's `parameters`
 * object (either form). Mutates and returns `parameters`; throws when a leaf is missing from it, or has no role.
 */
export function addParameterRoles(parameters: Record<string, unknown>): Record<string, unknown> {
  forEachLeaf(PARAMETERS as unknown as Group, (path) => {
    let node: Record<string, unknown> = parameters;
    for (const key of path.split('.')) {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      if (!props || !(key in props)) throw new Error(`the parameters JSON Schema has no property ${path}`);
      node = props[key];
    }
    node[ROLE_KEYWORD] = parameterRole(path);
  });
  return parameters;
}
