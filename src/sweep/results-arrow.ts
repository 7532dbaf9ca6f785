// results.arrow: the rows of a sweep's results.csv as an Apache Arrow IPC file (Feather v2; R's
// arrow::read_feather, pandas.read_feather and polars read it), written with the apache-arrow package in
// record batches of a fixed number of rows as the rows stream past, so memory stays flat and the file
// depends only on the rows (not on chunking or workers). Part of sweep/ (Node only).
// arm, group and measure are dictionary-encoded (R factors, pandas categoricals) with one dictionary each.
import { closeSync, openSync } from 'node:fs';
import { createHash } from 'node:crypto';
import {
  AsyncByteQueue,
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

export interface ResultsArrowLevels {
  readonly arms: readonly string[];
  readonly groups: readonly string[];
  readonly measures: readonly string[];
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
