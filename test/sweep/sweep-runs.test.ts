// runs.csv and results.csv as researchers load them: every column read with its intended type by pandas
// (Debian's /usr/bin/python3) and by R's readr, whether or not a run failed. An all-empty `error` column read
// as float64 in pandas and logical in readr; sweep-runs.ts writes "none" for a run that did not fail.
// Mandatory under CPI_SIM_E2E=1 (CI); skipped with a reason where pandas or readr is missing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { planSweep } from '../../src/sweep/plan.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { NO_ERROR, describeRunError } from '../../src/sweep/sweep-runs.js';
import { pythonAvailable, rAvailable, runPythonJson, runR } from '../support/readers.js';
import { csvRows, readText, smallSweep, tempDir, writeSweep } from './sweep-fixture.js';
import { csvField } from '../../src/output/csv.js';

/** What the engine says of a run with more ties than it can number (refused before anything is built). */
const TOO_BIG = 'ResourceError: scenario "teaching-barriers": too big to run: this run needs 38,250,001,501 ties; the engine numbers them with 32-bit integers, at most 2,147,483,647; use fewer localities, residents or referrals';

const root = tempDir('sweep-readers');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RUNS_TYPES = { run_id: 'integer', point: 'integer', replicate: 'integer', seed: 'integer', status: 'text', error: 'text', 'agencies.fidelity.mean': 'double', 'population.residentsPerLocality': 'integer' };
const RESULTS_TYPES = { run_id: 'integer', point: 'integer', replicate: 'integer', arm: 'text', seed: 'integer', tick: 'integer', group: 'text', measure: 'text', value: 'double' };

/** Two sweep folders: one where every run is ok, one where one of two runs fails (more people than a typed array holds). */
let made: Promise<{ ok: string; failing: string }> | undefined;
const makeFolders = (): Promise<{ ok: string; failing: string }> => (made ??= sweepFolders());

async function sweepFolders(): Promise<{ ok: string; failing: string }> {
  const sweep = (name: string, doc: Record<string, unknown>) => planSweep(loadSweep(writeSweep(root, doc, `${name}.json`)));
  const common = { replicates: 1, keep: 'final', arms: ['with-barriers'] };
  const ok = sweep('ok', smallSweep({ ...common, factors: [{ path: 'agencies.fidelity.mean', range: [0.2, 0.9] }, { path: 'population.residentsPerLocality', values: [40, 50] }], design: { type: 'grid', levels: 3 } }));
  const failing = sweep(
    'failing',
    smallSweep({
      ...common,
      set: { ticks: 2, 'population.localities': 100000, 'population.communityNodesPerLocality': 0 },
      factors: [{ path: 'agencies.fidelity.mean', values: [0.5] }, { path: 'population.residentsPerLocality', values: [1, 50000] }],
      design: { type: 'grid' },
    }),
  );
  const a = await runSweep(ok, { out: join(root, 'ok'), workers: 1 });
  const b = await runSweep(failing, { out: join(root, 'failing'), workers: 1 });
  expect([a.ok, a.failed, b.ok, b.failed]).toEqual([6, 0, 1, 1]);
  return { ok: join(root, 'ok'), failing: join(root, 'failing') };
}

describe('the text of runs.csv', () => {
  test('an ok run\'s error cell is "none"; a failed run\'s is its error, never empty and never "none"', async () => {
    const { ok, failing } = await makeFolders();
    expect(new Set(csvRows(readText(ok, 'runs.csv')).slice(1).map((r) => `${r[4]},${r[5]}`))).toEqual(new Set([`ok,${NO_ERROR}`]));
    const rows = csvRows(readText(failing, 'runs.csv')).slice(1);
    expect(rows[0].slice(4, 6)).toEqual(['ok', 'none']);
    expect(rows[1][4]).toBe('failed');
    // The engine's message has commas (its figures): the cell is quoted.
    expect(readText(failing, 'runs.csv')).toContain(`,failed,${csvField(TOO_BIG)},`);
    expect(describeRunError('')).toBe('unknown error ("")');
    expect(describeRunError(NO_ERROR)).toBe('unknown error ("none")');
  });
});

// Prints, for each file given, each column's kind as pandas reads it, and the error column's values.
const PANDAS_TYPES = `
import json, sys
import pandas as pd
def kind(t):
    if pd.api.types.is_bool_dtype(t): return 'boolean'
    if pd.api.types.is_integer_dtype(t): return 'integer'
    if pd.api.types.is_float_dtype(t): return 'double'
    if pd.api.types.is_object_dtype(t) or pd.api.types.is_string_dtype(t): return 'text'
    return str(t)
out = {}
for f in sys.argv[1:]:
    d = pd.read_csv(f)
    out[f] = {'types': {c: kind(t) for c, t in d.dtypes.items()}, 'error': [None if pd.isna(x) else x for x in d['error']] if 'error' in d else None}
print(json.dumps(out))`;

describe.skipIf(!pythonAvailable(['pandas']))('runs.csv and results.csv in pandas', () => {
  let folders: { ok: string; failing: string };
  beforeAll(async () => void (folders = await makeFolders()));

  test('every column reads with its intended type when no run failed, and when one did', () => {
    const files = [join(folders.ok, 'runs.csv'), join(folders.failing, 'runs.csv'), join(folders.ok, 'results.csv'), join(folders.failing, 'results.csv')];
    const read = runPythonJson<Record<string, { types: Record<string, string>; error: Array<string | null> | null }>>(PANDAS_TYPES, files);
    expect(read[files[0]].types).toEqual(RUNS_TYPES);
    expect(read[files[1]].types).toEqual(RUNS_TYPES);
    expect(read[files[0]].error).toEqual(Array(6).fill('none'));
    expect(read[files[1]].error).toEqual(['none', TOO_BIG]);
    expect(read[files[2]].types).toEqual(RESULTS_TYPES);
    expect(read[files[3]].types).toEqual(RESULTS_TYPES);
  });
});

// Prints "file<TAB>column<TAB>class" for each column readr reads, then "file<TAB>problems<TAB>n".
const READR_TYPES = `
suppressPackageStartupMessages(library(readr))
for (f in commandArgs(trailingOnly = TRUE)) {
  d <- read_csv(f, show_col_types = FALSE, progress = FALSE)
  for (col in names(d)) cat(f, "\\t", col, "\\t", class(d[[col]])[1], "\\n", sep = "")
  cat(f, "\\t", "problems", "\\t", nrow(problems(d)), "\\n", sep = "")
}`;

describe.skipIf(!rAvailable(['readr']))('runs.csv and results.csv in R\'s readr', () => {
  let folders: { ok: string; failing: string };
  beforeAll(async () => void (folders = await makeFolders()));

  test('every column reads with its intended type, text as character, when no run failed and when one did', () => {
    const files = [join(folders.ok, 'runs.csv'), join(folders.failing, 'runs.csv'), join(folders.ok, 'results.csv'), join(folders.failing, 'results.csv')];
    const out = runR(READR_TYPES, files);
    const types: Record<string, Record<string, string>> = {};
    for (const line of out.trim().split('\n')) {
      const [file, column, cls] = line.split('\t');
      (types[file] ??= {})[column] = cls;
    }
    // readr reads every number as double: "integer" and "double" are both numeric to it.
    const readrClass = (kinds: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(kinds).map(([k, v]) => [k, v === 'text' ? 'character' : 'numeric'])), problems: '0' });
    expect(types[files[0]]).toEqual(readrClass(RUNS_TYPES));
    expect(types[files[1]]).toEqual(readrClass(RUNS_TYPES));
    expect(types[files[2]]).toEqual(readrClass(RESULTS_TYPES));
    expect(types[files[3]]).toEqual(readrClass(RESULTS_TYPES));
  });
});
