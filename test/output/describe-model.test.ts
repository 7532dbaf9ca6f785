// The Markdown builders of src/output/describe-model.ts on the shipped base scenario and on small hand-made
// inputs: one parameter row per leaf in declaration order, table cells escaped, population-shaping
// parameters marked, tables listed with their sources, and generated regions replaced in place only.
import { describe, expect, test } from 'vitest';
import {
  MEASURE_DEFINITIONS,
  PROCESS_FILES,
  buildMeasureList,
  buildParameterTable,
  buildTablesSummary,
  buildTickOrder,
  cell,
  isPopulationShaping,
  parameterPaths,
  readGeneratedRegion,
  replaceGeneratedRegions,
} from '../../src/output/describe-model.js';
import { loadScenario } from '../../src/scenario/load.js';
import { PARAMETERS } from '../../src/scenario/parameters.js';
import { forEachLeaf, leafAt, type Group } from '../../src/scenario/spec.js';
import { RESOURCE_SUBSCALES } from '../../src/scenario/tables.js';
import { TICK_ORDER } from '../../src/engine/step.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';

const base = loadScenario('base').document;
const SPEC = PARAMETERS as unknown as Group;

describe('buildParameterTable', () => {
  const md = buildParameterTable(base);
  const rows = md.split('\n').filter((l) => l.startsWith('| `'));

  test('it has exactly one row per parameter leaf, in PARAMETERS order', () => {
    const paths = rows.map((r) => /^\| `([^`]+)`/.exec(r)![1]);
    const leaves: string[] = [];
    forEachLeaf(SPEC, (p) => leaves.push(p));
    expect(paths).toEqual(leaves);
    expect(parameterPaths()).toEqual(leaves);
  });

  test('every row has six cells: path, description, default, unit, range and source', () => {
    for (const r of rows) expect(r.split(/(?<!\\)\|/).length - 2, r).toBe(6);
  });

  test('a number row shows the default, unit, declared range and source of the base scenario', () => {
    const row = rows.find((r) => r.startsWith('| `serviceUsers.networkSize`'))!;
    expect(row).toContain('| `11.7` | ties | [0, 200] |');
    expect(row).toContain('Palumbo et al. 2015');
    expect(row).toContain('mean baseline ego-network size of service users');
  });

  test('integer, choice, boolean and effects leaves show their kind of range and value', () => {
    expect(rows.find((r) => r.startsWith('| `agencies.count`'))).toMatch(/\[1, 100000\] integer/);
    expect(rows.find((r) => r.startsWith('| `partnership.momentumCoupling`'))).toContain('| `geometric` | — | geometric, product, minimum |');
    expect(rows.find((r) => r.startsWith('| `intervention.enabled`'))).toContain('| `true` | yes/no | true, false |');
    const target = rows.find((r) => r.startsWith('| `barriers.user.selfStigma.target`'))!;
    for (const g of base.tables.culturalGroups.items) expect(target).toContain(`"${g.name}"`);
    expect(rows.find((r) => r.startsWith('| `barriers.user.poorAccess.effects`'))).toContain('`attendance 0.4, selfDirectedAttendance 0.3`');
  });

  test('exactly the parameters that shape the shared population are marked with a dagger', () => {
    for (const r of rows) {
      const path = /^\| `([^`]+)`/.exec(r)![1];
      expect(r.startsWith(`| \`${path}\` †`), path).toBe(isPopulationShaping(path, leafAt(SPEC, path)!));
    }
    expect(isPopulationShaping('population.familyStrength.mean', leafAt(SPEC, 'population.familyStrength.mean')!)).toBe(true);
    expect(isPopulationShaping('agencies.serviceNodesPerAgency', leafAt(SPEC, 'agencies.serviceNodesPerAgency')!)).toBe(true);
    // Knowledge is drawn per arm (run-state.ts), so arms may differ in it.
    expect(isPopulationShaping('workers.initialKnowledge', leafAt(SPEC, 'workers.initialKnowledge')!)).toBe(false);
    expect(isPopulationShaping('agencies.fidelity.mean', leafAt(SPEC, 'agencies.fidelity.mean')!)).toBe(false);
  });

  test('a document missing a parameter is refused with the parameter named', () => {
    const broken = JSON.parse(JSON.stringify(base));
    delete broken.parameters.ties.decayShape;
    expect(() => buildParameterTable(broken)).toThrow(/ties\.decayShape/);
  });
});

describe('cell', () => {
  test('it escapes pipes and joins lines so a value cannot break a table row', () => {
    expect(cell(' a | b\nc ')).toBe('a \\| b c');
  });

  test('a source with a pipe stays inside its cell', () => {
    const doc = JSON.parse(JSON.stringify(base));
    doc.parameters.ties.decayShape.source = 'left | right';
    const row = buildParameterTable(doc).split('\n').find((r) => r.startsWith('| `ties.decayShape`'))!;
    expect(row).toContain('left \\| right');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });
});

describe('buildTablesSummary', () => {
  const md = buildTablesSummary(base);
  const t = base.tables;

  test('it lists every position with its prestige and normalised shares', () => {
    for (const p of t.positions.items) expect(md).toMatch(new RegExp(`^\\| ${p.name} \\| ${p.prestige} \\|`, 'm'));
    const total = t.positions.items.reduce((a, p) => a + p.share, 0);
    const first = t.positions.items[0];
    expect(md).toContain(`| ${first.name} | ${first.prestige} | ${first.share} | ${((100 * first.share) / total).toFixed(1)}% |`);
  });

  test('it lists every resource item under its own RG-UK subscale', () => {
    const sections = md.split('#### ');
    for (const sub of RESOURCE_SUBSCALES) {
      const section = sections.find((s) => s.includes(`(\`${sub}\``))!;
      for (const r of t.resources.items) expect(section.includes(`| ${r.name} |`), `${r.name} in ${sub}`).toBe(r.subscale === sub);
    }
  });

  test('it names every interest, node kind, cultural group and agency kind, and every table source', () => {
    for (const i of t.interests.items) expect(md).toContain(i);
    for (const k of t.nodeKinds.items) expect(md).toContain(`| ${k.name} |`);
    for (const g of t.culturalGroups.items) expect(md).toContain(`| ${g.name} |`);
    for (const k of t.agencyKinds.items) expect(md).toContain(`| ${k.name} |`);
    for (const table of Object.values(t)) expect(md).toContain(`Source: ${table.source.trim()}`);
  });
});

describe('buildMeasureList and buildTickOrder', () => {
  test('the measure list has one row per measure, in series order, with its definition', () => {
    const md = buildMeasureList();
    const names = [...md.matchAll(/^\| `([a-z_]+)` \| (.+) \|$/gm)].map((m) => m[1]);
    expect(names).toEqual([...GROUP_MEASURES]);
    for (const m of GROUP_MEASURES) expect(md).toContain(cell(MEASURE_DEFINITIONS[m]));
  });

  test('the tick order lists the processes in TICK_ORDER order, each with its function and file, then observation', () => {
    const md = buildTickOrder(TICK_ORDER);
    const names = [...md.matchAll(/^\| \d+ \| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(names).toEqual([...TICK_ORDER.map((p) => p.name), 'observe']);
    for (const p of TICK_ORDER) {
      expect(PROCESS_FILES[p.name], `PROCESS_FILES has no file for ${p.name}`).toMatch(/^src\/processes\/[a-z-]+\.ts$/);
      expect(md).toContain(`\`${p.apply.name}\``);
    }
  });
});

describe('generated regions', () => {
  const text = 'before\n<!-- generated:a:start -->\nold\n<!-- generated:a:end -->\nbetween\n<!-- generated:b:start --><!-- generated:b:end -->\nafter\n';

  test('replacing regions changes only the text between their markers', () => {
    const out = replaceGeneratedRegions(text, { a: 'new A', b: 'new B' });
    expect(out.startsWith('before\n<!-- generated:a:start -->\n')).toBe(true);
    expect(out).toContain('\nnew A\n\n<!-- generated:a:end -->\nbetween\n');
    expect(out.endsWith('new B\n\n<!-- generated:b:end -->\nafter\n')).toBe(true);
    expect(out).not.toContain('old');
    expect(readGeneratedRegion(out, 'a')).toContain('new A');
  });

  test('replacing twice gives the same text as replacing once', () => {
    const once = replaceGeneratedRegions(text, { a: 'x', b: 'y' });
    expect(replaceGeneratedRegions(once, { a: 'x', b: 'y' })).toBe(once);
  });

  test('a region whose markers are missing is an error naming the markers', () => {
    expect(() => replaceGeneratedRegions(text, { c: 'z' })).toThrow(/generated:c:start/);
    expect(readGeneratedRegion(text, 'c')).toBeUndefined();
  });
});
