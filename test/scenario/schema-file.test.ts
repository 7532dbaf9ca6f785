// The JSON Schema shipped for editors (scenarios/scenario.schema.json) is the one the code builds now:
// `npm run build` regenerates it; this fails if the committed file is stale.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildScenarioJsonSchema } from '../../src/index.js';

describe('scenarios/scenario.schema.json', () => {
  test('the committed schema equals the schema built from the parameter tree', () => {
    const file = JSON.parse(readFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(buildScenarioJsonSchema())));
  });
});
