// Minimal CSV text building for the tidy tables cpi-sim writes. Part of output/. Plain RFC 4180 style:
// comma separated, `\n` line ends, a header row, no index column, quotes only where a field needs them
// (a comma, quote or line break), so R's read.csv, pandas.read_csv and spreadsheets read it as is.

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, quoted only when needed. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (with its `\n`). */
export function csvLine(fields: readonly string[]): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) line += (i > 0 ? ',' : '') + csvField(fields[i]);
  return line + '\n';
}

/** A CSV table's text and its number of data rows (the header not counted). */
export interface CsvTable {
  readonly text: string;
  readonly rows: number;
}
