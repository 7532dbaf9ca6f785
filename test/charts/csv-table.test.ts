// readCsvTable (src/charts/csv-table.ts): the tables cpi-sim writes read back typed (quotes, line breaks
// inside quotes, missing numbers, infinities), filtered before parsing, and every problem named by file,
// line and column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { readCsvTable } from '../../src/charts/csv-table.js';
import { ChartError } from '../../src/charts/chart-error.js';
import { csvLine } from '../../src/output/csv.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-csv-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};
const columns = { name: 'string', value: 'number', ok: 'boolean' } as const;

describe('readCsvTable', () => {
  test('reads what csvLine writes: quotes, commas and line breaks in fields, missing numbers and infinities', async () => {
    const path = file('a.csv', [csvLine(['name', 'value', 'ok']), csvLine(['plain', '1.5', 'true']), csvLine(['with, comma "and quotes"', '', 'false']), csvLine(['two\nlines', 'Inf', 'true']), csvLine(['x', '-Inf', 'false'])].join(''));
    const rows = await readCsvTable(path, { columns, exact: true, what: 'a test table' });
    expect(rows).toEqual([
      { name: 'plain', value: 1.5, ok: true },
      { name: 'with, comma "and quotes"', value: NaN, ok: false },
      { name: 'two\nlines', value: Infinity, ok: true },
      { name: 'x', value: -Infinity, ok: false },
    ]);
  });

  test('keeps only the rows asked for, while the tally sees every row', async () => {
    const path = file('b.csv', 'name,value,ok,extra\na,1,true,z\nb,2,true,z\na,3,false,z\n');
    const seen: string[] = [];
    const rows = await readCsvTable(path, { columns, what: 'a test table', where: { name: 'a' }, tally: (r) => seen.push(r.name) });
    expect(rows.map((r) => r.value)).toEqual([1, 3]);
    expect(seen).toEqual(['a', 'b', 'a']);
    // Streamed one at a time, nothing is kept.
    const streamed: unknown[] = [];
    expect(await readCsvTable(path, { columns, what: 'a test table', where: { ok: 'true' }, onRow: (r) => streamed.push(r.name) })).toEqual([]);
    expect(streamed).toEqual(['a', 'b']);
    // exact: the extra column is refused.
    await expect(readCsvTable(path, { columns, exact: true, what: 'a test table' })).rejects.toThrow(/unexpected header "name,value,ok,extra"; a test table starts with the columns name,value,ok/);
  });

  test('a bad number, a bad boolean, a short row, an unclosed quote, an empty or missing file are named with file and line', async () => {
    await expect(readCsvTable(file('c.csv', 'name,value,ok\na,1,true\nb,1.2.3,true\n'), { columns, what: 't' })).rejects.toThrow(/c\.csv, line 3: column value is "1\.2\.3"; expected a number/);
    await expect(readCsvTable(file('d.csv', 'name,value,ok\na,1,yes\n'), { columns, what: 't' })).rejects.toThrow(/d\.csv, line 2: column ok is "yes"; expected true or false/);
    await expect(readCsvTable(file('e.csv', 'name,value,ok\na,1\n'), { columns, what: 't' })).rejects.toThrow(/e\.csv, line 2: 2 fields where 3 were expected/);
    await expect(readCsvTable(file('f.csv', 'name,value,ok\n"a,1,true\n'), { columns, what: 't' })).rejects.toThrow(/f\.csv, line 2: a quoted field is never closed/);
    await expect(readCsvTable(file('g.csv', ''), { columns, what: 'a test table' })).rejects.toThrow(/g\.csv: the file is empty; expected a test table with the header name,value,ok/);
    await expect(readCsvTable(join(root, 'none.csv'), { columns, what: 'a test table' })).rejects.toThrow(ChartError);
    await expect(readCsvTable(file('h.csv', 'name,value,ok\na, 1,true\n'), { columns, what: 't' })).rejects.toThrow(/column value is " 1"/);
  });
});
