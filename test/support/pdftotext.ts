// The text of a PDF for the print tests, by poppler's pdftotext (Debian's poppler-utils). Tests that need it
// call `pdftotextAvailable()`: without it they are skipped with a message, unless CPI_SIM_E2E=1 (CI), where a
// missing pdftotext is a failure. The -raw mode keeps Chromium's paint order, so a table cell's wrapped lines
// stay together instead of interleaving with the cells beside it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolAvailable } from './optional-tools.js';

export const PDFTOTEXT = process.env.CPI_SIM_PDFTOTEXT ?? 'pdftotext';

/** Whether the PDF text tests run here (a skip prints why); throws in CI (CPI_SIM_E2E=1) when pdftotext is missing. */
export function pdftotextAvailable(): boolean {
  return toolAvailable('pdftotext');
}

/** The text of every page of a PDF, in the order it was painted. */
export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpi-sim-pdf-'));
  try {
    const file = join(dir, 'page.pdf');
    writeFileSync(file, pdf);
    return execFileSync(PDFTOTEXT, ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
