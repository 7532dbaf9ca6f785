// The JSON Schema for editors (buildScenarioJsonSchema, emitted to scenarios/scenario.schema.json):
// its structure is well-formed draft 2020-12, it lists every parameter group and leaf, and it accepts
// every shipped scenario and rejects broken ones. No JSON Schema validator is a dependency, so a minimal
// one for exactly the keywords the schema uses lives below; it throws on any keyword it does not know.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildScenarioJsonSchema } from '../../src/scenario/schema.js';
import { PARAMETERS } from '../../src/scenario/parameters.js';
import { forEachLeaf, type Group } from '../../src/scenario/spec.js';
import { listShippedScenarios, SCENARIOS_DIR } from '../../src/scenario/load.js';

type Schema = Record<string, any>;
// x-cpi-role: each parameter's declared role (src/scenario/roles.ts), an annotation like description.
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'examples', 'x-cpi-role']);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

const typeOf = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'array' : typeof x);
const hasType = (x: unknown, t: string): boolean => (t === 'integer' ? Number.isInteger(x) : t === 'number' ? typeof x === 'number' : typeOf(x) === t);

/** Errors of `x` against `s` (JSON Schema 2020-12, the subset zod emits); empty when valid. */
function validate(s: Schema | boolean, x: unknown, at = '$'): string[] {
  if (s === true) return [];
  if (s === false) return [`${at}: not allowed`];
  const errs: string[] = [];
  for (const [k, v] of Object.entries(s)) {
    switch (k) {
      case 'type': {
        const ts = Array.isArray(v) ? v : [v];
        if (!ts.some((t: string) => hasType(x, t))) errs.push(`${at}: expected ${ts.join('|')}, got ${typeOf(x)}`);
        break;
      }
      case 'enum':
        if (!v.some((e: unknown) => JSON.stringify(e) === JSON.stringify(x))) errs.push(`${at}: not one of ${JSON.stringify(v)}`);
        break;
      case 'const':
        if (JSON.stringify(v) !== JSON.stringify(x)) errs.push(`${at}: not ${JSON.stringify(v)}`);
        break;
      case 'minimum':
        if (typeof x === 'number' && x < v) errs.push(`${at}: below ${v}`);
        break;
      case 'maximum':
        if (typeof x === 'number' && x > v) errs.push(`${at}: above ${v}`);
        break;
      case 'exclusiveMinimum':
        if (typeof x === 'number' && x <= v) errs.push(`${at}: not above ${v}`);
        break;
      case 'exclusiveMaximum':
        if (typeof x === 'number' && x >= v) errs.push(`${at}: not below ${v}`);
        break;
      case 'minLength':
        if (typeof x === 'string' && [...x].length < v) errs.push(`${at}: shorter than ${v}`);
        break;
      case 'maxLength':
        if (typeof x === 'string' && [...x].length > v) errs.push(`${at}: longer than ${v}`);
        break;
      case 'pattern':
        if (typeof x === 'string' && !new RegExp(v, 'u').test(x)) errs.push(`${at}: does not match ${v}`);
        break;
      case 'minItems':
        if (Array.isArray(x) && x.length < v) errs.push(`${at}: fewer than ${v} items`);
        break;
      case 'maxItems':
        if (Array.isArray(x) && x.length > v) errs.push(`${at}: more than ${v} items`);
        break;
      case 'prefixItems':
        if (Array.isArray(x)) v.forEach((item: Schema, i: number) => i < x.length && errs.push(...validate(item, x[i], `${at}[${i}]`)));
        break;
      case 'items':
        if (Array.isArray(x)) for (let i = s.prefixItems?.length ?? 0; i < x.length; i++) errs.push(...validate(v, x[i], `${at}[${i}]`));
        break;
      case 'required':
        if (typeOf(x) === 'object') for (const r of v) if (!(r in (x as object))) errs.push(`${at}: missing ${r}`);
        break;
      case 'properties':
        if (typeOf(x) === 'object')
          for (const [p, ps] of Object.entries(v)) if (p in (x as object)) errs.push(...validate(ps as Schema, (x as any)[p], `${at}.${p}`));
        break;
      case 'additionalProperties':
        if (typeOf(x) === 'object')
          for (const p of Object.keys(x as object)) if (!(s.properties && p in s.properties)) errs.push(...validate(v, (x as any)[p], `${at}.${p}`));
        break;
      case 'propertyNames':
        if (typeOf(x) === 'object') for (const p of Object.keys(x as object)) errs.push(...validate(v, p, `${at}{${p}}`));
        break;
      case 'anyOf':
        if (!v.some((alt: Schema) => validate(alt, x, at).length === 0)) errs.push(`${at}: matches none of anyOf`);
        break;
      case 'oneOf': {
        const n = v.filter((alt: Schema) => validate(alt, x, at).length === 0).length;
        if (n !== 1) errs.push(`${at}: matches ${n} of oneOf, not exactly 1`);
        break;
      }
      case 'allOf':
        for (const alt of v) errs.push(...validate(alt, x, at));
        break;
      default:
        if (!ANNOTATIONS.has(k)) throw new Error(`${at}: the test validator does not know the keyword "${k}"`);
    }
  }
  return errs;
}

/** Structural checks of a schema: known keywords with values of the right shape. */
function checkStructure(s: Schema | boolean, at = '$', problems: string[] = []): string[] {
  if (typeof s === 'boolean') return problems;
  if (typeOf(s) !== 'object') return [...problems, `${at}: a schema must be an object or a boolean`];
  for (const [k, v] of Object.entries(s)) {
    const here = `${at}.${k}`;
    if (k === 'type') {
      for (const t of Array.isArray(v) ? v : [v]) if (!TYPES.has(t)) problems.push(`${here}: unknown type ${t}`);
    } else if (k === 'properties') {
      for (const [p, ps] of Object.entries(v as object)) checkStructure(ps, `${here}.${p}`, problems);
    } else if (['items', 'additionalProperties', 'propertyNames'].includes(k)) checkStructure(v, here, problems);
    else if (['prefixItems', 'anyOf', 'oneOf', 'allOf'].includes(k)) {
      if (!Array.isArray(v) || v.length === 0) problems.push(`${here}: must be a non-empty array`);
      else v.forEach((alt, i) => checkStructure(alt, `${here}[${i}]`, problems));
    } else if (k === 'required') {
      if (!Array.isArray(v) || new Set(v).size !== v.length) problems.push(`${here}: must be an array of unique names`);
      else for (const r of v) if (!s.properties || !(r in s.properties)) problems.push(`${here}: "${r}" is required but not a property`);
    } else if (k === 'enum') {
      if (!Array.isArray(v) || v.length === 0) problems.push(`${here}: must be a non-empty array`);
    } else if (['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(k)) {
      if (typeof v !== 'number' || !Number.isFinite(v)) problems.push(`${here}: must be a finite number`);
    } else if (['minLength', 'maxLength', 'minItems', 'maxItems'].includes(k)) {
      if (!Number.isInteger(v) || v < 0) problems.push(`${here}: must be a non-negative integer`);
    } else if (k === 'pattern') {
      try {
        new RegExp(v, 'u');
      } catch {
        problems.push(`${here}: not a regular expression`);
      }
    } else if (!ANNOTATIONS.has(k) && k !== 'const') problems.push(`${here}: unknown keyword`);
  }
  if (typeof s.minimum === 'number' && typeof s.maximum === 'number' && s.minimum > s.maximum) problems.push(`${at}: minimum above maximum`);
  return problems;
}

const schema = buildScenarioJsonSchema() as Schema;
const [full, partial] = schema.oneOf as Schema[];
const readShipped = (name: string) => JSON.parse(readFileSync(join(SCENARIOS_DIR, `${name}.json`), 'utf8'));

describe('the scenario JSON Schema', () => {
  test('it is a draft 2020-12 schema offering a complete and an extending form', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof schema.$id).toBe('string');
    expect(schema.oneOf).toHaveLength(2);
    expect(full.type).toBe('object');
    expect(full.additionalProperties).toBe(false);
    expect(full.required).toEqual(expect.arrayContaining(['name', 'title', 'description', 'seed', 'ticks', 'parameters', 'tables', 'arms']));
    expect(full.properties).not.toHaveProperty('extends');
    expect(partial.required).toEqual(expect.arrayContaining(['name', 'extends']));
    expect(partial.required).not.toContain('parameters');
  });

  test('its structure uses only known keywords with well-formed values', () => {
    expect(checkStructure(schema)).toEqual([]);
  });

  test('it lists every parameter group and every parameter leaf, in both forms', () => {
    for (const form of [full, partial]) {
      const params = form.properties.parameters;
      expect(Object.keys(params.properties)).toEqual(Object.keys(PARAMETERS));
      forEachLeaf(PARAMETERS as unknown as Group, (path, leaf) => {
        let node = params;
        for (const key of path.split('.')) {
          expect(node.properties, `${path} in the schema`).toHaveProperty([key]);
          node = node.properties[key];
        }
        expect(node.description).toBe(leaf.doc);
      });
    }
  });

  test('the complete form requires every parameter and the extending form none', () => {
    const walk = (node: Schema, required: boolean) => {
      if (!node.properties || node.properties.value) return;
      expect(new Set(node.required ?? [])).toEqual(required ? new Set(Object.keys(node.properties)) : new Set());
      for (const child of Object.values(node.properties)) walk(child as Schema, required);
    };
    walk(full.properties.parameters, true);
    walk(partial.properties.parameters, false);
  });

  test('the emitted scenarios/scenario.schema.json is what buildScenarioJsonSchema returns', () => {
    expect(JSON.parse(readFileSync(join(SCENARIOS_DIR, 'scenario.schema.json'), 'utf8'))).toEqual(schema);
  });

  test.each(listShippedScenarios())('it accepts the shipped scenario %s', (name) => {
    expect(validate(schema, readShipped(name))).toEqual([]);
  });

  test('it accepts base.json only in its complete form and an extending file only in the extending form', () => {
    expect(validate(full, readShipped('base'))).toEqual([]);
    expect(validate(partial, readShipped('base'))).not.toEqual([]);
    expect(validate(partial, readShipped('pilot-england'))).toEqual([]);
    expect(validate(full, readShipped('pilot-england'))).not.toEqual([]);
  });

  test('it rejects an unknown field, a wrongly typed value, an effect fraction above 1, an unknown effect target and a bad arm name', () => {
    const pilot = readShipped('pilot-england');
    const broken = [
      { ...pilot, tick: 5 },
      { ...pilot, parameters: { ties: { decayWeak: 'fast' } } },
      { ...pilot, parameters: { ties: { decayWeek: 0.1 } } },
      { ...pilot, arms: [{ name: 'High Fidelity' }] },
      { ...pilot, parameters: { barriers: { user: { selfStigma: { effects: { happiness: 0.5 } } } } } },
      { ...pilot, parameters: { barriers: { user: { selfStigma: { effects: { tieFormation: 1.5 } } } } } },
    ];
    for (const doc of broken) expect(validate(schema, doc), JSON.stringify(doc).slice(0, 200)).not.toEqual([]);
    const base = readShipped('base');
    base.parameters.ties.decayWeak.value = 'fast';
    expect(validate(schema, base)).not.toEqual([]);
  });

  test('the extending form marks integer parameters as integers', () => {
    const count = partial.properties.parameters.properties.agencies.properties.count;
    expect(validate(count, 2)).toEqual([]);
    expect(validate(count, 2.5)).not.toEqual([]);
  });

  // BUG (src/scenario/schema.ts fullLeafSchema): the complete form's `value` is z.number() for every number
  // leaf; integers are only checked in superRefine, which JSON Schema cannot carry, so an editor accepts
  // `"count": { "value": 2.5, ... }` in a complete file.
  test('the complete form marks integer parameters as integers', () => {
    const base = readShipped('base');
    base.parameters.agencies.count.value = 2.5;
    expect(validate(schema, base)).not.toEqual([]);
  });
});
