// Files cpi-sim writes into a finished results folder later (sensitivity.csv by `analyze`, report.html by
// `report`): each is recorded in the folder's manifest under `derived`, with its bytes, SHA-256 and the
// SHA-256s of the files it was computed from, so `--force` knows it as cpi-sim's, readers can check it,
// and a derived file left from other results is never taken for the current ones. Part of output/ (Node only).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { sha256Hex } from './canonical-json.js';
import { OutputError } from './output-error.js';
import { MANIFEST_FILE, derivedIsCurrent, readManifest, type DerivedFile, type ResultsManifest } from './verify-folder.js';
import { writeFileAtomically } from './write-folder.js';

export interface DerivedFileInput {
  /** Name inside the folder. */
  readonly name: string;
  readonly text: string | Uint8Array;
  readonly description: string;
  /** Data rows (CSV files). */
  readonly rows?: number;
  /** Listed files it was computed from. */
  readonly from: readonly string[];
}

/**
 * Write `file` into `dir` and record it in the manifest's `derived` list (replacing an earlier entry of the
 * same name), manifest last. The folder must have a valid manifest listing every `from` file.
 */
export function writeDerivedFile(dir: string, file: DerivedFileInput): void {
  const manifest = readManifest(dir);
  if (typeof manifest === 'string') throw new OutputError(`cannot record ${file.name} in ${dir}: ${manifest}`);
  const from: Record<string, string> = {};
  for (const name of file.from) {
    const entry = manifest.files.find((f) => f.name === name);
    if (!entry) throw new OutputError(`cannot record ${file.name} in ${dir}: its manifest does not list ${name}`);
    from[name] = entry.sha256;
  }
  const bytes = typeof file.text === 'string' ? Buffer.byteLength(file.text, 'utf8') : file.text.byteLength;
  const sha = typeof file.text === 'string' ? sha256Hex(file.text) : createHash('sha256').update(file.text).digest('hex');
  const entry: DerivedFile = { name: file.name, description: file.description, ...(file.rows !== undefined ? { rows: file.rows } : {}), bytes, sha256: sha, from };
  const derived = [...(manifest.derived ?? []).filter((d) => d.name !== file.name), entry];
  writeFileAtomically(join(dir, file.name), file.text, { force: true });
  writeFileAtomically(join(dir, MANIFEST_FILE), JSON.stringify({ ...manifest, derived }, null, 2) + '\n', { force: true });
}

/** The derived file `name` when the manifest records it as made from the folder's current files. */
export function currentDerivedFile(manifest: ResultsManifest | undefined, name: string): DerivedFile | undefined {
  const entry = manifest?.derived?.find((d) => d.name === name);
  return entry && derivedIsCurrent(manifest!, entry) ? entry : undefined;
}
