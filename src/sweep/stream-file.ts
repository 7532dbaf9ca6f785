// Write a large file in pieces and put it in place at once: pieces go to a hidden temp file beside the
// target, which is renamed over it on commit, so a killed process leaves either the old file or the whole
// new one, never a torn one. Counts bytes and SHA-256 on the way for the manifest. Part of sweep/ (Node only).
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { checkDiskFullSeam } from '../output/disk-full-seam.js';

export interface StreamedFileInfo {
  readonly bytes: number;
  readonly sha256: string;
}

export interface StreamedFile {
  /** The temp file being written. */
  readonly tempPath: string;
  readonly write: (piece: string | Uint8Array) => void;
  /** Close and rename into place. */
  readonly commit: () => StreamedFileInfo;
  /** Close and delete the temp file. */
  readonly abort: () => void;
}

/** The temp name for a file being written: hidden, beside it, naming the writing process. */
export function tempNameFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.partial-${process.pid}-${Date.now().toString(36)}`);
}

/** Is this a temp file left by tempNameFor (or by output/write-folder.ts, which names them the same way)? */
export function isTempName(name: string): boolean {
  return /^\..+\.partial-\d+-[0-9a-z]+$/.test(name);
}

/** Delete temp files a killed process left in a folder. */
export function removeTempFiles(dir: string): void {
  for (const name of readdirSync(dir)) if (isTempName(name)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Write all of a buffer (writeSync may write less than asked). */
export function writeAllSync(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
}

export function openStreamedFile(file: string): StreamedFile {
  const tempPath = tempNameFor(file);
  const fd = openSync(tempPath, 'w');
  const hash = createHash('sha256');
  let bytes = 0;
  let open = true;
  return {
    tempPath,
    write: (piece) => {
      checkDiskFullSeam(tempPath);
      const buf = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      writeAllSync(fd, buf);
      hash.update(buf);
      bytes += buf.byteLength;
    },
    commit: () => {
      closeSync(fd);
      open = false;
      renameSync(tempPath, file);
      return { bytes, sha256: hash.digest('hex') };
    },
    abort: () => {
      if (open) closeSync(fd);
      open = false;
      rmSync(tempPath, { force: true });
    },
  };
}
