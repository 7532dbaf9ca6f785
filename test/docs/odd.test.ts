// docs/ODD.md stays true to the code: its generated regions (tick order, parameters, tables, measures) equal
// what src/output/describe-model.ts builds now, every parameter and measure has a row, and the ODD protocol's
// seven sections (Grimm et al. 2020) with their design concepts and one submodel per process file are there.
// When this fails after a change to the model, run `npm run build && npm run docs` and commit docs/ODD.md.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  GENERATED_REGIONS,
  MEASURE_DEFINITIONS,
  buildGeneratedRegions,
  parameterPaths,
  readGeneratedRegion,
  replaceGeneratedRegions,
} from '../../src/output/describe-model.js';
import { loadScenario } from '../../src/scenario/load.js';
import { TICK_ORDER } from '../../src/engine/step.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';

const ODD_FILE = new URL('../../docs/ODD.md', import.meta.url);
const PROCESSES_DIR = new URL('../../src/processes/', import.meta.url);
const odd = readFileSync(ODD_FILE, 'utf8');
const regions = buildGeneratedRegions(loadScenario('base').document, TICK_ORDER);
const expected = replaceGeneratedRegions(odd, regions);
const FIX = 'docs/ODD.md is out of date with the code: run `npm run build && npm run docs` and commit the result';

/** Escape a string for use inside a RegExp. */
const re = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('docs/ODD.md generated regions', () => {
  test.each(GENERATED_REGIONS)('the %s region has its start and end markers', (name) => {
    expect(readGeneratedRegion(odd, name), `docs/ODD.md lacks <!-- generated:${name}:start/end --> markers`).toBeTypeOf('string');
  });

  test.each(GENERATED_REGIONS)('the %s region equals what describe-model.ts builds from the code now', (name) => {
    expect(readGeneratedRegion(odd, name), `${FIX} (region "${name}" differs)`).toBe(readGeneratedRegion(expected, name));
  });

  test('rewriting the generated regions leaves the file unchanged', () => {
    expect(odd === expected, FIX).toBe(true);
  });
});

describe('docs/ODD.md coverage', () => {
  const parameters = readGeneratedRegion(odd, 'parameters') ?? '';
  const measures = readGeneratedRegion(odd, 'measures') ?? '';
  const tickOrder = readGeneratedRegion(odd, 'tick-order') ?? '';

  test('every parameter path of PARAMETERS has a row in the parameter table', () => {
    const missing = parameterPaths().filter((p) => !new RegExp(`^\\| \`${re(p)}\`( †)? \\|`, 'm').test(parameters));
    expect(missing, FIX).toEqual([]);
  });

  test('every output measure has a non-empty one-line definition', () => {
    const lacking = GROUP_MEASURES.filter((m) => !(typeof MEASURE_DEFINITIONS[m] === 'string' && MEASURE_DEFINITIONS[m].trim().length > 10));
    expect(lacking, 'add a definition to MEASURE_DEFINITIONS in src/output/describe-model.ts').toEqual([]);
    for (const m of GROUP_MEASURES) expect(MEASURE_DEFINITIONS[m]).not.toMatch(/\n/);
  });

  test('no definition is kept for a measure the engine no longer produces', () => {
    const extra = Object.keys(MEASURE_DEFINITIONS).filter((m) => !(GROUP_MEASURES as readonly string[]).includes(m));
    expect(extra, 'remove stale entries from MEASURE_DEFINITIONS in src/output/describe-model.ts').toEqual([]);
  });

  test('every output measure has a row in the measure list', () => {
    const missing = GROUP_MEASURES.filter((m) => !new RegExp(`^\\| \`${re(m)}\` \\|`, 'm').test(measures));
    expect(missing, FIX).toEqual([]);
  });

  test('every process of the tick order is listed, in order, with the file that implements it', () => {
    const listed = [...tickOrder.matchAll(/^\| \d+ \| `([a-z-]+)` \|.*\| `(src\/[^`]+)`/gm)].map((m) => [m[1], m[2]]);
    expect(listed.map(([name]) => name)).toEqual([...TICK_ORDER.map((p) => p.name), 'observe']);
    for (const [name, file] of listed.slice(0, TICK_ORDER.length))
      expect(readdirSync(PROCESSES_DIR).map((f) => `src/processes/${f}`), `no file for ${name}`).toContain(file);
  });
});

describe('docs/ODD.md structure', () => {
  const SECTIONS = [
    '## 1. Purpose and patterns',
    '## 2. Entities, state variables and scales',
    '## 3. Process overview and scheduling',
    '## 4. Design concepts',
    '## 5. Initialization',
    '## 6. Input data',
    '## 7. Submodels',
  ];
  const DESIGN_CONCEPTS = [
    'Basic principles',
    'Emergence',
    'Adaptation',
    'Objectives',
    'Learning',
    'Prediction',
    'Sensing',
    'Interaction',
    'Stochasticity',
    'Collectives',
    'Observation',
  ];
  const headings = odd.split('\n').filter((l) => l.startsWith('#'));

  test('the seven ODD sections are there, in order', () => {
    const at = SECTIONS.map((s) => headings.indexOf(s));
    expect(at.filter((i) => i < 0).length, `missing: ${SECTIONS.filter((_, k) => at[k] < 0).join('; ')}`).toBe(0);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  test('every design concept of the protocol has its own subsection', () => {
    const missing = DESIGN_CONCEPTS.filter((c) => !headings.some((h) => new RegExp(`^### 4\\.\\d+ ${re(c)}$`).test(h)));
    expect(missing).toEqual([]);
  });

  test('every file in src/processes has a submodel subsection naming it', () => {
    const files = readdirSync(PROCESSES_DIR).filter((f) => f.endsWith('.ts'));
    const missing = files.filter((f) => !headings.some((h) => h.startsWith('### 7.') && h.includes(`src/processes/${f}`)));
    expect(missing).toEqual([]);
  });

  test('the paper-to-model table, the determinism notes and the limits are there', () => {
    expect(odd).toContain('| Paper element (Webber et al. 2016) | Model element | Where in the code |');
    expect(odd).toMatch(/Common random numbers/);
    expect(odd).toMatch(/keyed uniforms/i);
    expect(headings).toContain('## What the model does not claim');
  });

  test('the proxies name the published scales they stand in for', () => {
    expect(odd).toMatch(/WEMWBS/);
    expect(odd).toMatch(/Social Inclusion Scale \(Wilson & Secker 2015\)/);
    expect(odd).toMatch(/proxy, not the scale/);
  });
});
