// `node bench/verify-folder.mjs [MB]`: what checking a results folder against its manifest costs on a big
// results.csv (default 1024 MB, written to a temp folder): the streamed check (bytes, SHA-256, rows) beside
// one plain streamed read of the same file, as `analyze sensitivity` does after the check. Figures, not
// assertions: medians of three, on this machine now. Needs `npm run build`.
import { createReadStream, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digestFile, verifyResultsFolder } from '../dist/output/verify-folder.js';

const mb = Number(process.argv[2] ?? 1024);
const dir = mkdtempSync(join(tmpdir(), 'cpi-bench-verify-'));
try {
  // 1. A results.csv of about `mb` MB, rows as a sweep writes them.
  const file = join(dir, 'results.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'run_id,point,replicate,arm,seed,tick,group,measure,value\n');
  const measures = ['network_size', 'new_ties', 'rg_total', 'extensity', 'wellbeing'];
  let bytes = 0;
  for (let run = 0; bytes < mb * 1024 * 1024; run++) {
    const lines = [];
    for (let t = 0; t < 27; t++) for (const m of measures) lines.push(`${run},${run % 97},${run % 5},with-barriers,${1000 + run},${t},all,${m},${(Math.sin(run + t) * 10 + 12).toFixed(6)}\n`);
    const text = lines.join('');
    writeSync(fd, text);
    bytes += Buffer.byteLength(text);
  }
  closeSync(fd);
  const d = digestFile(file);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'cpi-sim sweep manifest, version 1', package: { name: 'cpi-sim', version: '0' }, files: [{ name: 'results.csv', rows: d.records - 1, bytes: d.bytes, sha256: d.sha256 }] }));
  const time = async (f) => {
    const ms = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await f();
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b)[1];
  };
  // 2. The check, and a plain line-by-line read (what a reader does anyway).
  const check = await time(() => verifyResultsFolder(dir));
  const read = await time(async () => {
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (line) n++;
    return n;
  });
  const gb = d.bytes / 1024 ** 3;
  console.log(JSON.stringify({ bytes: d.bytes, rows: d.records - 1, checkMs: Math.round(check), checkSecondsPerGB: +(check / 1000 / gb).toFixed(2), readMs: Math.round(read), overheadVsRead: +(check / read).toFixed(2) }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
