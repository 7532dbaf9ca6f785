// Streaming reader of the tidy CSV tables cpi-sim writes (output/csv.ts: a header, comma separated, quotes
// only where needed, "" for a missing number, Inf/-Inf for infinities): it checks the header, keeps the
// rows a filter selects before parsing numbers (sweep results can be large), and names the file, line and
// column of anything that does not parse. Part of charts/; Node only.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ChartError } from './chart-error.js';

export type CsvColumnType = 'string' | 'number' | 'boolean';

export interface CsvTableOptions<K extends string> {
  /** The columns expected, in order, and their types. */
  readonly columns: Readonly<Record<K, CsvColumnType>>;
  /** true: the header must be exactly these columns; false: it must start with them (more may follow). */
  readonly exact?: boolean;
  /** Keep only rows whose text in these columns equals the given value (checked before any parsing). */
  readonly where?: Readonly<Partial<Record<K, string>>>;
  /** Called with every row's raw text in the named columns, kept or not (to list what a file holds). */
  readonly tally?: (row: Readonly<Record<K, string>>) => void;
  /** What the file is, for messages (e.g. "a run's series.csv"). */
  readonly what: string;
  /** Receive the kept rows one at a time instead of in the returned array (for tables too big to hold). */
  readonly onRow?: (row: Record<K, string | number | boolean>) => void;
}

/** One CSV line's fields; `open` is true when a quoted field runs on past the end of the line. */
function splitCsvLine(line: string): { fields: string[]; open: boolean } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else field += c;
  }
  fields.push(field);
  return { fields, open: quoted };
}

/** A number as cpi-sim writes it: "" is missing (NaN), Inf and -Inf are infinities. */
export function parseCsvNumber(text: string): number {
  if (text === '' || text === 'NaN' || text === 'NA') return NaN;
  if (text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  // Number() would read " 1" and "" as numbers; a field with spaces is not one cpi-sim wrote.
  return text.trim() === text ? Number(text) : NaN;
}

/** Read a CSV table's rows (typed by `columns`), streaming; with `onRow` none are kept. Throws ChartError naming the file and line. */
export async function readCsvTable<K extends string>(file: string, options: CsvTableOptions<K>): Promise<Array<Record<K, string | number | boolean>>> {
  if (!existsSync(file)) throw new ChartError(`${file}: no such file; expected ${options.what}`);
  if (!statSync(file).isFile()) throw new ChartError(`${file}: a folder or special file, not a file; expected ${options.what}; the folder may be damaged`);
  const names = Object.keys(options.columns) as K[];
  const types = names.map((n) => options.columns[n]);
  const where = Object.entries(options.where ?? {}).filter(([, v]) => v !== undefined) as Array<[K, string]>;
  let headerSeen = false;
  let whereIndex: Array<[number, string]> = [];
  const rows: Array<Record<K, string | number | boolean>> = [];
  let lineNo = 0;
  let pending = '';
  let pendingFrom = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    lineNo++;
    const line = pending ? `${pending}\n${text}` : text;
    const { fields, open } = splitCsvLine(line);
    if (open) {
      if (!pending) pendingFrom = lineNo;
      pending = line;
      continue;
    }
    const at = pending ? pendingFrom : lineNo;
    pending = '';
    if (!headerSeen) {
      const ok = options.exact ? fields.length === names.length && names.every((n, i) => fields[i] === n) : names.every((n, i) => fields[i] === n);
      if (!ok) throw new ChartError(`${file}: unexpected header "${line}"; ${options.what} starts with the columns ${names.join(',')}`);
      headerSeen = true;
      whereIndex = where.map(([k, v]) => [names.indexOf(k), v]);
      continue;
    }
    if (line === '') continue;
    if (fields.length < names.length) throw new ChartError(`${file}, line ${at}: ${fields.length} fields where ${names.length} were expected (${names.join(',')}); the file may be cut short or corrupt`);
    if (options.tally) {
      const raw = {} as Record<K, string>;
      names.forEach((n, i) => (raw[n] = fields[i]));
      options.tally(raw);
    }
    if (whereIndex.some(([i, v]) => fields[i] !== v)) continue;
    const row = {} as Record<K, string | number | boolean>;
    for (let i = 0; i < names.length; i++) {
      const f = fields[i];
      if (types[i] === 'string') row[names[i]] = f;
      else if (types[i] === 'boolean') {
        if (f !== 'true' && f !== 'false') throw new ChartError(`${file}, line ${at}: column ${names[i]} is "${f}"; expected true or false`);
        row[names[i]] = f === 'true';
      } else {
        const v = parseCsvNumber(f);
        if (v !== v && f !== '' && f !== 'NaN' && f !== 'NA') throw new ChartError(`${file}, line ${at}: column ${names[i]} is "${f}"; expected a number (or empty for a missing value)`);
        row[names[i]] = v;
      }
    }
    if (options.onRow) options.onRow(row);
    else rows.push(row);
  }
  if (!headerSeen) throw new ChartError(`${file}: the file is empty; expected ${options.what} with the header ${names.join(',')}`);
  if (pending) throw new ChartError(`${file}, line ${pendingFrom}: a quoted field is never closed; the file may be cut short or corrupt`);
  return rows;
}
