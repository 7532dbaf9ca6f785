// The sweep file: a base scenario, fixed assignments, the factors to vary (by parameter path, with a range or
// a list of values), a design (grid, Latin hypercube, Sobol'/Saltelli, Morris, one-at-a-time), replicates per
// point, common random numbers, a per-run digest, and what to keep. Part of sweep/. One zod schema is the source
// of truth for validation and for the JSON Schema in scenarios/sweep.schema.json (written by `npm run build`);
// load-sweep.ts checks it against the scenario.
import { z } from 'zod';
import { describeUnknownKeys, show } from '../scenario/errors.js';
import type { SweepIssue } from './sweep-error.js';
import { buildFileJsonSchema } from '../scenario/file-json-schema.js';

const name = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and hyphens');
const factorValue = z.union([z.number(), z.boolean(), z.string()]);

const factorSchema = z
  .object({
    path: z.string().min(1).describe('parameter path, as in a scenario\'s arms, e.g. "agencies.fidelity.mean" or "barriers.user.selfStigma.effects.tieFormation"'),
    range: z
      .tuple([z.number(), z.number()])
      .optional()
      .describe('[low, high], both included, within the parameter\'s declared range in the scenario; give range or values'),
    values: z
      .array(factorValue)
      .min(1)
      .optional()
      .describe('the values to use, in order (numbers, or true/false, or option names); give range or values'),
    integer: z.boolean().optional().describe('take only whole numbers of the range (automatic for integer parameters)'),
    levels: z.number().int().min(1).max(10_000).optional().describe('grid designs: evenly spaced levels of this factor\'s range (overrides design.levels)'),
  })
  .strict();

const designSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('grid'),
      levels: z.number().int().min(1).max(10_000).optional().describe('evenly spaced levels of each range factor (ends included; 1 gives the midpoint)'),
    })
    .strict()
    .describe('full factorial grid: every combination of the factors\' levels or values'),
  z
    .object({
      type: z.literal('lhs'),
      points: z.number().int().min(1).max(1_000_000).describe('number of points; each factor\'s range is cut into this many strata, one point in each (at most 1,000,000: every point is held in memory and written to sweep.json)'),
      centered: z.boolean().optional().describe('put points at the centres of their strata'),
    })
    .strict()
    .describe('Latin hypercube (McKay, Beckman & Conover 1979)'),
  z
    .object({
      type: z.literal('sobol'),
      baseSamples: z.number().int().min(1).max(262_144).describe('N, rows of the A and B matrices (a power of two is best); points: N × (factors + 2), at most 1,000,000 in all'),
      secondOrder: z.boolean().optional().describe('also the BA blocks, for second-order indices; points: N × (2 × factors + 2)'),
    })
    .strict()
    .describe('Saltelli\'s scheme on a Sobol\' sequence, for first- and total-order indices'),
  z
    .object({
      type: z.literal('morris'),
      trajectories: z.number().int().min(1).max(500_000).describe('r, one-at-a-time trajectories of factors + 1 points each, at most 1,000,000 points in all'),
      levels: z.number().int().min(2).max(1000).optional().describe('p, an even number of grid levels (default 4)'),
    })
    .strict()
    .describe('Morris elementary effects (Morris 1991; Campolongo, Cariboni & Saltelli 2007)'),
  z
    .object({
      type: z.literal('one-at-a-time'),
      pairs: z
        .array(z.tuple([z.string().min(1), z.string().min(1)]))
        .optional()
        .describe('pairs of factor paths moved together: each pair at every combination of the two factors\' ends (4 points for two ranges)'),
    })
    .strict()
    .describe('one-at-a-time screen: the default point once, then every factor alone at each end of its range (or at each listed value), the others at the scenario\'s values'),
]);

export const sweepFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: name.describe('the sweep\'s name (default output folder results/<name>)'),
    description: z.string().min(1).describe('what the sweep asks'),
    scenario: z.string().min(1).describe('the base scenario: a shipped name (e.g. "teaching-barriers") or a path relative to this file'),
    set: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('fixed assignments for every run, path → value (also "ticks" and "seed"); like factors they apply in every arm'),
    factors: z.array(factorSchema).min(1).describe('the parameters to vary; each applies in every arm, overriding an arm\'s own value'),
    design: designSchema,
    seed: z.number().int().min(0).max(4294967295).optional().describe('seed of the design and of the runs\' seeds (default: the scenario\'s seed)'),
    replicates: z.number().int().min(1).max(1_000_000).describe('runs per design point, each with its own seed'),
    arms: z.array(name).min(1).optional().describe('run only these arms of the scenario (default: all); the arms of one run share a population and draws'),
    groups: z.array(z.string().min(1)).min(1).optional().describe('groups to keep (default ["all"]): all, agency-01 …, fidelity-low, fidelity-moderate, fidelity-high, and minority (users of a minority cultural group: their user measures, final tick only)'),
    measures: z.array(z.string().min(1)).min(1).optional().describe('measures to keep (default: every measure); see docs/ODD.md Appendix C'),
    keep: z.enum(['final', 'series']).optional().describe('"final": only the last tick (default); "series": every tick'),
    commonRandomNumbers: z
      .boolean()
      .optional()
      .describe('every point\'s replicate r runs with the same seed (a paired design: differences between points are not blurred by luck); default false, each run its own seed'),
    digest: z
      .boolean()
      .optional()
      .describe('append a column series_sha256 to runs.csv: a SHA-256 of the run\'s whole series and final per-user values, so identical runs can be told without keeping series'),
  })
  .strict();

export type SweepFile = z.infer<typeof sweepFileSchema>;
export type SweepFactorDeclaration = z.infer<typeof factorSchema>;
export type SweepDesignDeclaration = z.infer<typeof designSchema>;
export type SweepValue = number | boolean | string;

const TOP_KEYS = Object.keys(sweepFileSchema.shape);
const FACTOR_KEYS = Object.keys(factorSchema.shape);

type AnyIssue = z.core.$ZodIssue & { input?: unknown };

function allowedKeysAt(path: readonly PropertyKey[], input: unknown): string[] | undefined {
  if (path.length === 0) return TOP_KEYS;
  if (path[0] === 'factors' && path.length === 2) return FACTOR_KEYS;
  if (path[0] === 'design' && path.length === 1) {
    const type = (input as { design?: { type?: unknown } })?.design?.type;
    const option = designSchema.options.find((o) => o.shape.type.value === type);
    return option ? Object.keys(option.shape) : undefined;
  }
  return undefined;
}

/** Parse a sweep file's JSON; the issues name the field path, the bad value and what is allowed. */
export function parseSweepFile(json: unknown): { ok: true; value: SweepFile } | { ok: false; issues: SweepIssue[] } {
  const parsed = sweepFileSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = (parsed.error.issues as AnyIssue[]).map((i): SweepIssue => {
    const path = i.path.map(String).join('.');
    let message = i.message;
    if (i.code === 'invalid_type') message = `${show(i.input)} is not allowed; expected ${i.expected === 'int' ? 'an integer' : `a ${i.expected}`}`;
    else if (i.code === 'invalid_value') message = `${show(i.input)} is not allowed; expected one of ${i.values.map((v) => show(v)).join(', ')}`;
    else if (i.code === 'too_small' || i.code === 'too_big') message = `${show(i.input)} is out of range: ${i.message.replace(/^Too (small|big): expected \w+ to (have |be )?/, '')}`;
    else if (i.code === 'invalid_format') message = `${show(i.input)} is not allowed; expected ${i.message.replace(/^Invalid string: /, '')}`;
    else if (i.code === 'invalid_union' && path === 'design.type')
      message = `${show((i.input as { type?: unknown })?.type)} is not a design type; allowed: "grid", "lhs", "sobol", "morris", "one-at-a-time"`;
    else if (i.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(i.path, json);
      message = describeUnknownKeys(i.keys, allowed);
    }
    return { path, message };
  });
  return { ok: false, issues };
}

/** JSON Schema of sweep files, for editors ("$schema": "../sweep.schema.json"). */
export function buildSweepJsonSchema(): Record<string, unknown> {
  return buildFileJsonSchema(sweepFileSchema, {
    name: 'sweep.schema.json',
    title: 'cpi-sim sweep file',
    description:
      'A sweep of a cpi-sim scenario: factors to vary (by parameter path), a design, replicates per point and what to keep. Run it with `cpi-sim sweep FILE --out DIR`.',
  });
}
