// The one reader of JSON input files (src/scenario/read-input-file.ts) and its parser (json-text.ts): only
// regular files, a size limit named in the error, nesting bounded before anything recursive sees the value,
// and JSON mistakes with line and column. Issue 13: a value nested 5,000 deep crashed validation with a
// RangeError, "extends": "/dev/zero" read without end and a FIFO hung.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { findTooDeep, lineColumn, MAX_INPUT_DEPTH, parseJsonText } from '../../src/scenario/json-text.js';
import { MAX_INPUT_FILE_BYTES, readInputFile } from '../../src/scenario/read-input-file.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { readScenarioChain } from '../../src/scenario/load.js';
import { ScenarioError, show } from '../../src/scenario/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'cpi-read-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class TestError extends Error {}
const options = { what: 'test file', fail: (m: string) => new TestError(m) };
const failure = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(TestError);
    return (err as Error).message;
  }
  throw new Error('expected a failure');
};
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('parseJsonText', () => {
  test('agrees with JSON.parse on valid text, including strings with every escape', () => {
    const texts = [
      '{"a": [1, -2.5e3, 0, true, false, null, "x\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9"], "b": {}}',
      '  [ ]  ',
      '"just a string"',
      '-0.0E+2',
      '{"__proto__": 1, "": [[], {}]}',
      nested(MAX_INPUT_DEPTH),
    ];
    for (const t of texts) expect(parseJsonText(t)).toEqual({ ok: true, value: JSON.parse(t) });
  });

  test('refuses what JSON.parse refuses, naming the line and column of the mistake', () => {
    const cases: Array<[string, RegExp]> = [
      ['{\n  "a": 1,\n}', /expected a double-quoted field name but found '}' at line 3, column 1/],
      ['{\n  "name": "x"\n  "seed": 1\n}', /expected ',' or '}' after a field's value but found '"' at line 3, column 3/],
      ['[1, 2', /expected ',' or ']' after an array element but found the end of the file at line 1, column 6/],
      ['', /expected a value .* but found the end of the file at line 1, column 1/],
      ['{"a": tru}', /expected a value .* but found 't' at line 1, column 7/],
      ['{"a": "line\nbreak"}', /character U\+000A inside a string .* at line 1, column 12/],
      ['{"a": "\\x"}', /unknown escape \\x/],
      ['{"a": 01}', /expected ',' or '}'/],
      ['[1] [2]', /unexpected '\[' after the end of the JSON value at line 1, column 5/],
      ['"open', /the file ends inside a string/],
      ['{"a" 1}', /expected ':' after the field name but found '1'/],
    ];
    for (const [text, pattern] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      const r = parseJsonText(text);
      expect(r.ok, text).toBe(false);
      expect((r as { message: string }).message, text).toMatch(/^not valid JSON: /);
      expect((r as { message: string }).message, text).toMatch(pattern);
    }
  });

  test('refuses nesting past the limit with where it happens, without recursing (5,000 and 1,000,000 deep)', () => {
    const r = parseJsonText(`{"arms": [{"set": {"x": ${nested(5000)}}}]}`);
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toMatch(/^nested more than 64 levels deep at line 1, column \d+ \(in arms\.0\.set\.x\.0\.0\.0\.0\.…\); allowed: at most 64 levels of objects and arrays$/);
    expect(parseJsonText(nested(1_000_000)).ok).toBe(false);
    expect(parseJsonText(nested(MAX_INPUT_DEPTH + 1)).ok).toBe(false);
  });

  test('lineColumn counts lines from 1 and columns from 1', () => {
    expect(lineColumn('ab\ncd\ne', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd\ne', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\ncd\ne', 6)).toEqual({ line: 3, column: 1 });
  });

  test('findTooDeep gives the path of an in-memory value nested too deep, and survives a cycle', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(findTooDeep({ a: { b: deep } })?.slice(0, 3)).toEqual(['a', 'b', '0']);
    expect(findTooDeep({ a: { b: [1, 2, { c: 'd' }] } })).toBeUndefined();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(findTooDeep(cyclic)).toBeDefined();
  });
});

describe('readInputFile', () => {
  test('reads a regular JSON file (a UTF-8 byte-order mark is allowed)', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '\ufeff{"a": [1, 2]}');
    expect(readInputFile(file, options)).toEqual({ a: [1, 2] });
  });

  test('a missing file, a folder, a device and a FIFO are refused at once with what they are', () => {
    expect(failure(() => readInputFile(join(dir, 'missing.json'), options))).toBe('cannot read the test file: there is no such file');
    mkdirSync(join(dir, 'folder.json'));
    expect(failure(() => readInputFile(join(dir, 'folder.json'), options))).toBe('cannot read the test file: it is a folder; allowed: a .json file');
    expect(failure(() => readInputFile('/dev/zero', options))).toMatch(/^cannot read the test file: it is not a regular file \(a device, a pipe or a socket\)/);
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect(failure(() => readInputFile(fifo, options))).toMatch(/it is not a regular file/);
  });

  test('a file over 16 MiB is refused before it is read, with the size and the limit', () => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, MAX_INPUT_FILE_BYTES + 1);
    expect(failure(() => readInputFile(file, options))).toBe('the test file is 16.0 MiB; allowed: at most 16 MiB');
    expect(failure(() => readInputFile(join(dir, 'ok.json'), { ...options, maxBytes: 4 }))).toMatch(/allowed: at most 0\.0 MiB/);
  });

  test('bytes that are not UTF-8 and nesting past the limit are clear errors', () => {
    const binary = join(dir, 'binary.json');
    writeFileSync(binary, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(failure(() => readInputFile(binary, options))).toBe('not valid JSON: the test file is not UTF-8 text');
    const deep = join(dir, 'deep.json');
    writeFileSync(deep, nested(5000));
    expect(failure(() => readInputFile(deep, options))).toMatch(/^nested more than 64 levels deep at line 1, column 65 \(in 0\.0\.0/);
  });
});

describe('scenarios', () => {
  test('"extends": "/dev/zero" and a FIFO are refused against the file that names them', () => {
    for (const [name, target] of [['zero', '/dev/zero'], ['pipe', join(dir, 'fifo.json')]]) {
      const file = join(dir, `${name}-extends.json`);
      writeFileSync(file, JSON.stringify({ name, extends: target }));
      let error: unknown;
      try {
        readScenarioChain(file);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).file).toBe(file);
      expect((error as ScenarioError).issues[0].path).toBe('extends');
      expect((error as ScenarioError).message).toContain(`${JSON.stringify(target)} (${target}): cannot read the scenario file: it is not a regular file`);
    }
  });

  test('a document built in memory, or a --set value, nested 5,000 deep is a ScenarioError, not a RangeError', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = { x: deep };
    const chain = readScenarioChain('teaching-barriers');
    const withDeep = [...chain, { file: 'deep.json', json: { name: 'deep', extends: 'teaching-barriers', arms: [{ name: 'a', set: { 'workers.turnoverRate': deep } }] } }];
    expect(() => compileScenario(withDeep)).toThrow(ScenarioError);
    expect(() => compileScenario(withDeep)).toThrow(/deep\.json: invalid scenario[\s\S]*arms\.0\.set\.workers\.turnoverRate\.x\.x.*: nested more than 64 levels deep/);
    expect(() => compileScenario(chain, { set: [['workers.turnoverRate', deep]] })).toThrow(/--set: invalid scenario[\s\S]*workers\.turnoverRate: nested more than 64/);
  });

  test('show() renders any value in bounded work and cut to 80 characters, as JSON.stringify would start', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(show(deep)).toBe(`${'['.repeat(77)}...`);
    expect(show({ a: 1, b: [true, null, 'x'], c: undefined })).toBe(JSON.stringify({ a: 1, b: [true, null, 'x'] }));
    const big = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(show(big)).toBe(`${JSON.stringify(big).slice(0, 77)}...`);
    expect(show('x'.repeat(10_000_000))).toBe(`"${'x'.repeat(76)}...`);
    expect(show(undefined)).toBe('nothing');
    expect(show(Number.NaN)).toBe('NaN');
  });
});
