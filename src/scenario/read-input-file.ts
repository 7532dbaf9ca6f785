// The one reader of every JSON input file the CLI reads: scenarios and the files they extend, sweep files,
// trial designs, calibration targets and free parameters. Part of scenario/ (Node only). It reads only
// regular files (a FIFO would block, /dev/zero never ends, a folder is a mistake), up to a size limit, as
// UTF-8, and parses with parse-json-text's depth bound and line/column messages, so that nothing recursive
// ever sees a value nested without limit. Problems go to the caller's own typed error through `fail`.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_INPUT_DEPTH, parseJsonText } from './json-text.js';

/** Largest input file read (16 MiB; the shipped scenarios are under 100 KB). */
export const MAX_INPUT_FILE_BYTES = 16 * 1024 * 1024;

export interface ReadInputFileOptions {
  /** What the file is, for messages: "scenario file", "sweep file", … */
  readonly what: string;
  /** Builds the caller's typed error (ScenarioError, SweepError, …) from a message about the whole file. */
  readonly fail: (message: string) => Error;
  readonly maxBytes?: number;
  readonly maxDepth?: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/**
 * Read and parse a JSON input file. Stages: (1) open without blocking (a FIFO opens at once), (2) refuse
 * anything but a regular file and files over the size limit, (3) read at most the limit (a file that grows
 * meanwhile is still bounded), (4) decode UTF-8 strictly, (5) parse with the depth bound.
 */
export function readInputFile(file: string, options: ReadInputFileOptions): unknown {
  const { what, fail } = options;
  const maxBytes = options.maxBytes ?? MAX_INPUT_FILE_BYTES;
  // 1. Open.
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fail(`cannot read the ${what}: there is no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw fail(`cannot read the ${what}: permission denied`);
    throw fail(`cannot read the ${what}: ${(err as Error).message}`);
  }
  let buffer: Buffer;
  let length = 0;
  try {
    // 2. Only regular files, and not too large.
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw fail(`cannot read the ${what}: it is a folder; allowed: a .json file`);
    if (!stat.isFile())
      throw fail(`cannot read the ${what}: it is not a regular file (a device, a pipe or a socket); allowed: a .json file`);
    if (stat.size > maxBytes) throw fail(`the ${what} is ${mib(stat.size)}; allowed: at most ${mib(maxBytes)}`);
    // 3. Read, bounded even if the file grows while it is read.
    buffer = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 4096)));
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw fail(`the ${what} is larger than ${mib(maxBytes)}; allowed: at most ${mib(maxBytes)}`);
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      let got: number;
      try {
        got = readSync(fd, buffer, length, buffer.length - length, null);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EISDIR') throw fail(`cannot read the ${what}: it is a folder; allowed: a .json file`);
        throw fail(`cannot read the ${what}: ${(err as Error).message}`);
      }
      if (got === 0) break;
      length += got;
    }
    if (length > maxBytes) throw fail(`the ${what} is larger than ${mib(maxBytes)}; allowed: at most ${mib(maxBytes)}`);
  } finally {
    closeSync(fd);
  }
  // 4. UTF-8, strictly (a binary file is named as such rather than parsed as replacement characters).
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length));
  } catch {
    throw fail(`not valid JSON: the ${what} is not UTF-8 text`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // 5. Parse.
  const parsed = parseJsonText(text, options.maxDepth ?? MAX_INPUT_DEPTH);
  if (!parsed.ok) throw fail(parsed.message);
  return parsed.value;
}
