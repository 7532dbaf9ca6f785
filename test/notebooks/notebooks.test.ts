// The notebooks in notebooks/ (run headless by `npm run notebooks:test`, never from here): valid nbformat 4.5
// with cell ids, the tslab TypeScript kernel, committed without outputs, importing only the package's public
// entry (../dist/index.js), tslab and Node built-ins, showing charts inline and asserting their key facts in
// code. And the runner's second check (scripts/notebooks-test.mjs, findFailure) on hand-made executed
// notebooks: an error output, a type error on stderr, a cell that did not run.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const DIR = fileURLToPath(new URL('../../notebooks/', import.meta.url));
const EXPECTED = ['01-quickstart.ipynb', '02-barrier-effects.ipynb', '03-grant-projection.ipynb'];
const ALLOWED_IMPORTS = new Set(['../dist/index.js', 'tslab']);

interface Cell {
  readonly cell_type: string;
  readonly id?: string;
  readonly source: string | string[];
  readonly metadata: Record<string, unknown>;
  readonly outputs?: unknown[];
  readonly execution_count?: number | null;
}
interface Notebook {
  readonly nbformat: number;
  readonly nbformat_minor: number;
  readonly metadata: { kernelspec?: { name?: string; language?: string }; [k: string]: unknown };
  readonly cells: Cell[];
}

const sourceOf = (cell: Cell): string => (Array.isArray(cell.source) ? cell.source.join('') : cell.source);

/**
 * Every module a piece of TypeScript loads: static imports and re-exports (type-only ones too: they reach into
 * the same files), dynamic import() and require(). A specifier that is not a string literal is reported as
 * `<non-literal>`, so it cannot slip past the check.
 */
function importsOf(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/gm)) found.push(m[2]);
  for (const m of code.matchAll(/^\s*import\s*(['"])([^'"]+)\1/gm)) found.push(m[2]);
  for (const m of code.matchAll(/\b(?:import|require)\s*\(\s*([^)]*?)\s*\)/g)) {
    const literal = /^(['"])([^'"`$]+)\1$/.exec(m[1]);
    found.push(literal ? literal[2] : '<non-literal>');
  }
  return found;
}

const notebooks = readdirSync(DIR)
  .filter((f) => f.endsWith('.ipynb'))
  .sort()
  .map((file) => ({ file, text: readFileSync(DIR + file, 'utf8') }));

describe('the import reader the notebook checks rely on', () => {
  test('finds static, type-only, side-effect, dynamic and require imports, and flags non-literal ones', () => {
    const code = [
      "import { loadScenario, type SeriesRow } from '../dist/index.js';",
      "import type { Params } from '../dist/scenario/parameters.js';",
      'import * as tslab from "tslab";',
      "import '../src/index.js';",
      "export { runScenario } from '../dist/engine/run.js';",
      "const charts = await import('../dist/charts-node.js');",
      "const fs = require('node:fs');",
      'const x = await import(`../src/${name}.js`);',
    ].join('\n');
    expect(importsOf(code)).toEqual([
      '../dist/index.js',
      '../dist/scenario/parameters.js',
      'tslab',
      '../dist/engine/run.js',
      '../src/index.js',
      '../dist/charts-node.js',
      'node:fs',
      '<non-literal>',
    ]);
  });
});

describe('the notebooks', () => {
  test('are the three the README describes', () => {
    expect(notebooks.map((n) => n.file)).toEqual(EXPECTED);
  });

  describe.each(notebooks)('$file', ({ file, text }) => {
    const nb = JSON.parse(text) as Notebook;
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    const allCode = code.map(sourceOf).join('\n');

    test('is nbformat 4.5 or later, every cell with a unique id', () => {
      expect(nb.nbformat).toBe(4);
      expect(nb.nbformat_minor).toBeGreaterThanOrEqual(5);
      expect(nb.cells.length).toBeGreaterThan(3);
      for (const cell of nb.cells) {
        expect(['code', 'markdown', 'raw']).toContain(cell.cell_type);
        expect(cell.id, `${file}: a cell without an id`).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(typeof cell.metadata).toBe('object');
      }
      expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
    });

    test('runs on the tslab TypeScript kernel', () => {
      expect(nb.metadata.kernelspec?.name).toBe('tslab');
      expect(nb.metadata.kernelspec?.language).toBe('typescript');
    });

    test('is committed without outputs: no outputs, no execution counts, no execution timings', () => {
      expect(code.length).toBeGreaterThan(2);
      for (const cell of code) {
        expect(cell.outputs, `${file}, cell ${cell.id}`).toEqual([]);
        expect(cell.execution_count, `${file}, cell ${cell.id}`).toBeNull();
        expect(cell.metadata, `${file}, cell ${cell.id}`).not.toHaveProperty('execution');
      }
    });

    test("imports only the package's public entry, tslab and node: built-ins", () => {
      const imports = code.flatMap((c) => importsOf(sourceOf(c)));
      expect(imports).toContain('../dist/index.js');
      expect(imports.filter((s) => !ALLOWED_IMPORTS.has(s) && !s.startsWith('node:'))).toEqual([]);
    });

    test('shows at least one chart inline, drawn by renderChartSync', () => {
      expect(allCode).toMatch(/tslab\.display\.svg\(renderChartSync\(/);
    });

    test('asserts its key facts in code: a cell that throws when they do not hold', () => {
      const asserting = code.filter((c) => /\bthrow new Error\(|\bassert\b/.test(sourceOf(c)));
      expect(asserting.length).toBeGreaterThan(0);
      // The notebook's last code cells are where its claims are checked: at least one assertion comes after a
      // chart, so the check is of what was shown.
      const lastIndex = (re: RegExp) => code.reduce((last, c, i) => (re.test(sourceOf(c)) ? i : last), -1);
      const lastChart = lastIndex(/renderChartSync\(/);
      const lastAssert = lastIndex(/\bthrow new Error\(/);
      expect(lastAssert).toBeGreaterThan(lastChart);
    });
  });

  test('the teaching notebook ends with questions for students', () => {
    const nb = JSON.parse(notebooks.find((n) => n.file === '02-barrier-effects.ipynb')!.text) as Notebook;
    const last = nb.cells.at(-1)!;
    expect(last.cell_type).toBe('markdown');
    expect(sourceOf(last)).toMatch(/^## Questions for students/);
    expect(sourceOf(last).match(/^\d+\. /gm)?.length).toBeGreaterThanOrEqual(3);
  });
});

// A plain .mjs script: imported by URL (it runs nothing on import), typed here.
const { findFailure } = (await import(new URL('../../scripts/notebooks-test.mjs', import.meta.url).href)) as {
  findFailure: (nb: unknown) => { index: number; id?: string; reason: string; message: string } | undefined;
};

describe("the runner's check of an executed notebook (scripts/notebooks-test.mjs)", () => {
  const ran = { execution: { 'iopub.status.idle': '2026-01-01T00:00:00Z' } };
  const executed = (...cells: object[]) => ({ cells: [{ cell_type: 'markdown', id: 'm', source: '# t', metadata: {} }, ...cells] });
  const codeCell = (id: string, outputs: object[], metadata: object = ran) => ({ cell_type: 'code', id, source: 'const x = 1;', metadata, outputs, execution_count: null });

  test('passes a notebook whose cells all ran without errors', () => {
    expect(findFailure(executed(codeCell('a', [{ output_type: 'stream', name: 'stdout', text: 'ok\n' }]), codeCell('b', [])))).toBeUndefined();
  });

  test('names the cell of a type error that tslab printed on stderr', () => {
    const failure = findFailure(executed(codeCell('a', []), codeCell('b', [{ output_type: 'stream', name: 'stderr', text: ["1:7 - Type 'string' is not assignable to type 'number'.\n"] }])));
    expect(failure).toMatchObject({ index: 2, id: 'b', reason: 'type error' });
    expect(failure!.message).toContain("Type 'string' is not assignable");
  });

  test('names the cell of an error output', () => {
    const failure = findFailure(executed(codeCell('a', [{ output_type: 'error', ename: 'Error', evalue: 'new ties did not fall', traceback: ['at cell'] }])));
    expect(failure).toMatchObject({ index: 1, id: 'a', reason: 'error' });
    expect(failure!.message).toContain('Error: new ties did not fall');
  });

  test('names a code cell that did not run', () => {
    expect(findFailure(executed(codeCell('a', []), codeCell('b', [], {})))).toMatchObject({ index: 2, id: 'b', reason: 'not run' });
  });
});
