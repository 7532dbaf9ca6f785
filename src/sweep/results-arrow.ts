// results.arrow: the rows of a sweep's results.csv as an Apache Arrow IPC file (Feather v2; R's
// arrow::read_feather, pandas.read_feather and polars read it), written with the apache-arrow package in
// record batches of a fixed number of rows as the rows stream past, so memory stays flat and the file
// depends only on the rows (not on chunking or workers). Part of sweep/ (Node only).
// arm, group and measure are dictionary-encoded (R factors, pandas categoricals) with one dictionary each.
// After the results.csv columns come the sweep's factors, one typed column each (named by parameter path,
// as in runs.csv), taken from each row's point, so an Arrow user needs no join with runs.csv.
import { closeSync, openSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  AsyncByteQueue,
  Bool,
  Dictionary,
  Field,
  Float64,
  Int32,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Uint32,
  Utf8,
  makeData,
  vectorFromArray,
  type Data,
  type DataType,
} from 'apache-arrow';
import { writeAllSync } from './stream-file.js';
import { formatNumber } from '../output/format-number.js';
import type { SweepValue } from './sweep-file.js';

/** Rows per record batch. */
export const ARROW_BATCH_ROWS = 65_536;

export interface ArrowFileInfo {
  readonly rows: number;
  readonly bytes: number;
  readonly sha256: string;
}

export interface ResultsArrowWriter {
  /** Add results.csv lines (without the header), each ending in "\n". */
  readonly addLines: (text: string) => void;
  /** Write the last batch and the footer; close the file. */
  readonly close: () => ArrowFileInfo;
}

/** A byte sink that writes straight to a file descriptor (the writer's own sink would buffer everything). */
class FileSink extends AsyncByteQueue {
  bytes = 0;
  constructor(
    private readonly fd: number,
    private readonly hash: ReturnType<typeof createHash>,
  ) {
    super();
  }
  override write(value: Uint8Array): void {
    writeAllSync(this.fd, value);
    this.hash.update(value);
    this.bytes += value.byteLength;
  }
  override close(): void {}
}

/** A sweep factor as results.arrow needs it: its path, its value at every design point, and how to type it. */
export interface ArrowFactor {
  readonly path: string;
  /** Whole numbers only (an integer parameter, or `integer: true`): an Int32 column when every value fits. */
  readonly integer: boolean;
  /** The listed values, in order: a text factor's levels (R factor levels, pandas categories). */
  readonly values?: readonly SweepValue[];
  /** The factor's value at each point, by point index. */
  readonly atPoint: readonly SweepValue[];
}

export interface ResultsArrowLevels {
  readonly arms: readonly string[];
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  readonly factors: readonly ArrowFactor[];
}

/** One factor's column: its Arrow type and, per point, the number that goes into the batch (a code for text). */
interface FactorColumn {
  readonly field: Field;
  readonly byPoint: Float64Array | Int32Array | Uint8Array;
  readonly make: (rows: ArrayLike<number>, n: number) => Data;
}

function factorColumn(f: ArrowFactor, dictionaryId: number): FactorColumn {
  const v = f.atPoint;
  // 1. Booleans: a Bool column (R logical, pandas bool), bit-packed as Arrow wants.
  if (v.every((x) => typeof x === 'boolean')) {
    const type = new Bool();
    return {
      field: new Field(f.path, type, false),
      byPoint: Uint8Array.from(v, (x) => (x ? 1 : 0)),
      make: (rows, n) => {
        const bits = new Uint8Array(Math.ceil(n / 8));
        for (let i = 0; i < n; i++) if (rows[i]) bits[i >> 3] |= 1 << (i & 7);
        return makeData({ type, length: n, data: bits });
      },
    };
  }
  // 2. Numbers: Int32 for whole-number factors that fit, Float64 otherwise (the exact design values).
  if (v.every((x) => typeof x === 'number')) {
    const whole = f.integer && v.every((x) => Number.isInteger(x) && (x as number) >= -(2 ** 31) && (x as number) < 2 ** 31);
    const type = whole ? new Int32() : new Float64();
    return {
      field: new Field(f.path, type, false),
      byPoint: whole ? Int32Array.from(v as number[]) : Float64Array.from(v as number[]),
      make: (rows, n) => {
        const data = whole ? new Int32Array(n) : new Float64Array(n);
        for (let i = 0; i < n; i++) data[i] = rows[i];
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        return makeData({ type, length: n, data } as any) as Data;
      },
    };
  }
  // 3. Anything else (option names): dictionary-encoded text, its levels in the order the sweep lists them.
  const text = (x: SweepValue) => (typeof x === 'number' ? formatNumber(x) : String(x));
  const levels = [...new Set([...(f.values ?? []).map(text), ...v.map(text)])];
  const index = new Map(levels.map((l, i) => [l, i]));
  const type = new Dictionary(new Utf8(), new Int32(), dictionaryId);
  const dictionary = vectorFromArray(levels, new Utf8());
  return {
    field: new Field(f.path, type, false),
    byPoint: Int32Array.from(v, (x) => index.get(text(x))!),
    make: (rows, n) => makeData({ type, length: n, data: Int32Array.from({ length: n }, (_, i) => rows[i]), dictionary }) as Data,
  };
}

/** Open `file` (created or truncated) for the results of a sweep with these arms, groups and measures. */
export function createResultsArrowWriter(file: string, levels: ResultsArrowLevels): ResultsArrowWriter {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  const sink = new FileSink(fd, hash);
  const writer = new RecordBatchFileWriter();
  writer.reset(sink);

  const dictionary = (id: number, names: readonly string[]) => {
    const type = new Dictionary(new Utf8(), new Int32(), id);
    return { type, values: vectorFromArray([...names], new Utf8()), index: new Map(names.map((n, i) => [n, i])) };
  };
  const arm = dictionary(0, levels.arms);
  const group = dictionary(1, levels.groups);
  const measure = dictionary(2, levels.measures);
  const factors = levels.factors.map((f, j) => factorColumn(f, 3 + j));
  const points = levels.factors.length ? levels.factors[0].atPoint.length : Infinity;
  const schema = new Schema([
    new Field('run_id', new Int32(), false),
    new Field('point', new Int32(), false),
    new Field('replicate', new Int32(), false),
    new Field('arm', arm.type, false),
    new Field('seed', new Uint32(), false),
    new Field('tick', new Int32(), false),
    new Field('group', group.type, false),
    new Field('measure', measure.type, false),
    new Field('value', new Float64(), false),
    ...factors.map((f) => f.field),
  ]);

  const cols = {
    run: new Int32Array(ARROW_BATCH_ROWS),
    point: new Int32Array(ARROW_BATCH_ROWS),
    replicate: new Int32Array(ARROW_BATCH_ROWS),
    arm: new Int32Array(ARROW_BATCH_ROWS),
    seed: new Uint32Array(ARROW_BATCH_ROWS),
    tick: new Int32Array(ARROW_BATCH_ROWS),
    group: new Int32Array(ARROW_BATCH_ROWS),
    measure: new Int32Array(ARROW_BATCH_ROWS),
    value: new Float64Array(ARROW_BATCH_ROWS),
    // Each row's factor values, as numbers (codes for text and booleans).
    factors: factors.map(() => new Float64Array(ARROW_BATCH_ROWS)),
  };
  let n = 0;
  let rows = 0;

  const flush = (evenIfEmpty = false) => {
    if (n === 0 && !evenIfEmpty) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const plain = (type: DataType, data: ArrayLike<number>) => makeData({ type, length: n, data } as any) as Data;
    const coded = (d: typeof arm, data: Int32Array) => makeData({ type: d.type, length: n, data: data.slice(0, n), dictionary: d.values }) as Data;
    const children = [
      plain(new Int32(), cols.run.slice(0, n)),
      plain(new Int32(), cols.point.slice(0, n)),
      plain(new Int32(), cols.replicate.slice(0, n)),
      coded(arm, cols.arm),
      plain(new Uint32(), cols.seed.slice(0, n)),
      plain(new Int32(), cols.tick.slice(0, n)),
      coded(group, cols.group),
      coded(measure, cols.measure),
      plain(new Float64(), cols.value.slice(0, n)),
      ...factors.map((f, j) => f.make(cols.factors[j], n)),
    ];
    writer.write(new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, children })));
    n = 0;
  };

  const code = (d: typeof arm, name: string, line: string): number => {
    const i = d.index.get(name);
    if (i === undefined) throw new Error(`results.arrow: unexpected value "${name}" in the line ${JSON.stringify(line)}`);
    return i;
  };
  const number = (text: string): number => (text === 'Inf' ? Infinity : text === '-Inf' ? -Infinity : text === '' ? NaN : Number(text));

  return {
    addLines: (text) => {
      let start = 0;
      while (start < text.length) {
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        const line = text.slice(start, end);
        start = end + 1;
        if (line.length === 0) continue;
        // Names are [a-z0-9-] and numbers never hold commas: a plain split is exact here.
        const f = line.split(',');
        if (f.length !== 9) throw new Error(`results.arrow: expected 9 fields in the line ${JSON.stringify(line)}`);
        cols.run[n] = Number(f[0]);
        cols.point[n] = Number(f[1]);
        cols.replicate[n] = Number(f[2]);
        cols.arm[n] = code(arm, f[3], line);
        cols.seed[n] = Number(f[4]);
        cols.tick[n] = Number(f[5]);
        cols.group[n] = code(group, f[6], line);
        cols.measure[n] = code(measure, f[7], line);
        cols.value[n] = number(f[8]);
        const point = cols.point[n];
        if (factors.length && !(point >= 0 && point < points)) throw new Error(`results.arrow: no design point ${f[1]} (the sweep has ${points}) in the line ${JSON.stringify(line)}`);
        for (let j = 0; j < factors.length; j++) cols.factors[j][n] = factors[j].byPoint[point];
        n++;
        rows++;
        if (n === ARROW_BATCH_ROWS) flush();
      }
    },
    close: () => {
      // An empty table still gets one empty batch, so readers see the columns.
      flush(rows === 0);
      writer.finish();
      closeSync(fd);
      return { rows, bytes: sink.bytes, sha256: hash.digest('hex') };
    },
  };
}
