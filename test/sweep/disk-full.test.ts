// A sweep on a full disk (issue 13): through the test-only seam CPI_SIM_TEST_DISK_FULL=k (each thread's
// (k+1)-th write of results throws ENOSPC, as no test can fill a real disk), `cpi-sim sweep` exits 1 with a
// clear message (no stack trace), saying what is saved and that rerunning resumes; it leaves no temp file, no
// torn chunk and no empty .partial/; and the same command without the seam finishes byte-identical to a
// sweep that never stopped.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tinyMorrisSweep } from './sweep-fixture.js';

const BIN = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
const TINY = tinyMorrisSweep('disk-full', 'nine short runs', ['rg_total']);
// 40 runs: more than the pre-flight takes alone, so a worker thread writes chunks too.
const POOLED = { ...TINY, name: 'disk-full-pooled', design: { type: 'grid', levels: 5 }, replicates: 2, factors: [{ path: 'barriers.user.selfStigma.scale', range: [0, 3] }, { path: 'barriers.user.poorAccess.enabled', values: [false, true, false, true] }] };

let root: string;
const sweep = (file: string, out: string, diskFull?: number) =>
  spawnSync(process.execPath, [BIN, 'sweep', file, '--out', out, '--workers', '1', '--yes', '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CPI_SIM_TEST_DISK_FULL: diskFull === undefined ? '' : String(diskFull) },
  });

/** Every entry under a folder, relative. */
const tree = (dir: string, prefix = ''): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [`${prefix}${e.name}/`, ...tree(join(dir, e.name), `${prefix}${e.name}/`)] : [`${prefix}${e.name}`])) : [];

beforeAll(() => {
  root = tempDir('disk-full');
  writeFileSync(join(root, 'tiny.json'), JSON.stringify(TINY));
  writeFileSync(join(root, 'pooled.json'), JSON.stringify(POOLED));
  for (const name of ['tiny', 'pooled']) expect(sweep(`${name}.json`, `clean-${name}`).status).toBe(0);
}, 120_000);

describe('a sweep on a full disk', () => {
  for (const [file, ks] of [
    ['tiny', [0, 1, 3, 6]],
    ['pooled', [5]],
  ] as const)
    for (const k of ks)
      it(`${file}: full after ${k} writes: exit 1, a clear message, nothing half-written, and the same command resumes to the same files`, () => {
        const out = `${file}-full-${k}`;
        const r = sweep(`${file}.json`, out, k);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stderr).toMatch(/the disk is full \(ENOSPC: no space left on device/);
        expect(r.stderr).toMatch(/(\d+ of \d+ runs are saved in \.partial\/ \([\d.]+ MB\) and will not run again|no run was saved yet); nothing half-written is left\. Free some space, then run the same command again: it resumes/);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        const left = tree(join(root, out));
        expect(left.filter((n) => n.includes('.partial-'))).toEqual([]);
        expect(left.filter((n) => n.startsWith('.cpi-sim.lock'))).toEqual([]);
        if (!left.includes('sweep.json')) expect(left).toEqual([]);
        else expect(left.filter((n) => n.startsWith('.partial/') && n !== '.partial/').every((n) => /^\.partial\/(chunk-\d{10}-\d{10}\.csv|state\.json)$/.test(n))).toBe(true);
        expect(left).not.toContain('manifest.json');
        const again = sweep(`${file}.json`, out);
        expect(again.status, again.stderr).toBe(0);
        for (const f of ['results.csv', 'runs.csv', 'sweep.json']) expect(readFileSync(join(root, out, f))).toEqual(readFileSync(join(root, `clean-${file}`, f)));
      });
});
