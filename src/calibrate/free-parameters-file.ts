// The free-parameters file of a calibration (scenarios/targets/*.free.json): the uncertain parameters that
// approximate Bayesian computation fits, each a parameter path of scenarios/base.json with a prior range,
// uniform or log-uniform. Part of calibrate/. One zod schema is the source of truth for validation and for
// scenarios/targets/free-parameters.schema.json; the paths are checked against the scenario when loaded.
import { z } from 'zod';
import { CalibrationError } from './calibration-error.js';
import { describeZodIssues } from '../scenario/zod-issues.js';
import { buildFileJsonSchema } from '../scenario/file-json-schema.js';

export const PRIOR_DISTRIBUTIONS = ['uniform', 'log-uniform'] as const;
export type PriorDistribution = (typeof PRIOR_DISTRIBUTIONS)[number];

const priorSchema = z
  .object({
    distribution: z
      .enum(PRIOR_DISTRIBUTIONS)
      .default('uniform')
      .describe('"uniform" on [low, high], or "log-uniform" (uniform in log(value): for rates spanning orders of magnitude)'),
    low: z.number().describe("the lowest value; within the parameter's declared range"),
    high: z.number().describe("the highest value; within the parameter's declared range"),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (!(p.high > p.low)) ctx.addIssue({ code: 'custom', path: ['high'], input: p.high, message: `expected a number above low (${p.low})` });
    if (p.distribution === 'log-uniform' && !(p.low > 0)) ctx.addIssue({ code: 'custom', path: ['low'], input: p.low, message: 'a log-uniform prior needs low > 0' });
  });

const parameterSchema = z
  .object({
    path: z.string().min(1).describe('a real-valued parameter path of scenarios/base.json, e.g. flows.disengagementRate (docs/ODD.md, Appendix A)'),
    prior: priorSchema,
    notes: z.string().min(1).optional().describe('why this parameter is free and why this range'),
  })
  .strict();
export type FreeParameter = z.output<typeof parameterSchema>;

export const freeParametersFileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and hyphens'),
    description: z.string().min(1).optional(),
    parameters: z.array(parameterSchema).min(1).max(12),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.parameters.forEach((p, i) => {
      if (seen.has(p.path)) ctx.addIssue({ code: 'custom', path: ['parameters', i, 'path'], input: p.path, message: 'this parameter is already free; each path at most once' });
      seen.add(p.path);
    });
  });
export type FreeParametersFile = z.output<typeof freeParametersFileSchema>;

const KEYS_AT: Record<string, string[]> = {
  '': Object.keys(freeParametersFileSchema.shape),
  'parameters.*': Object.keys(parameterSchema.shape),
  'parameters.*.prior': ['distribution', 'low', 'high'],
};

/** Parse a free-parameters file's JSON (paths are checked against the scenario later, in load-calibration.ts). */
export function parseFreeParametersFile(json: unknown, file = '<free parameters file>'): FreeParametersFile {
  const parsed = freeParametersFileSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new CalibrationError(file, describeZodIssues(parsed.error, KEYS_AT), 'free parameters file');
}

/** JSON Schema of free-parameters files ("$schema": "./free-parameters.schema.json"). */
export function buildFreeParametersJsonSchema(): Record<string, unknown> {
  return buildFileJsonSchema(freeParametersFileSchema, {
    name: 'free-parameters.schema.json',
    title: 'cpi-sim calibration free parameters',
    description:
      'The parameters a cpi-sim calibration fits, with prior ranges. Use with `cpi-sim calibrate SCENARIO --targets FILE --free FILE`.',
  });
}
