// The resource-bomb table (issue 13): every absurd size is refused early — exit 1, its estimate and the
// limit in the message, nothing written — in-process and, for a few rows, through the binary; and
// docs/LIMITS.md holds the same table. No row allocates its size: each is refused before anything is built.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCli } from '../support/cli.js';
import { RESOURCE_BOMBS, renderResourceBombTable, type ResourceBomb } from './resource-bombs.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin', 'cpi-sim.js');
const root = mkdtempSync(join(tmpdir(), 'cpi-sim-bombs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh folder with the row's files; shipped paths (scenarios/…) resolve to the repository's. */
function setUp(bomb: ResourceBomb, i: number, how: string): { cwd: string; argv: string[] } {
  const cwd = join(root, `${how}-${i}`);
  mkdirSync(cwd, { recursive: true });
  for (const [name, json] of Object.entries(bomb.files ?? {})) writeFileSync(join(cwd, name), JSON.stringify(json, null, 2));
  return { cwd, argv: bomb.argv.map((a) => (a.startsWith('scenarios/') ? join(repo, a) : a)) };
}

/** Only the row's own files are left: no output folder, no partial folder, no lock. */
const leftBehind = (cwd: string, bomb: ResourceBomb) => readdirSync(cwd).filter((f) => !(f in (bomb.files ?? {})));

describe('the resource-bomb table', () => {
  RESOURCE_BOMBS.forEach((bomb, i) => {
    it(`refuses ${bomb.size} early, with its figure and limit (exit 1, nothing written)`, async () => {
      const { cwd, argv } = setUp(bomb, i, 'in-process');
      const r = await createCli(cwd)(argv);
      expect(r.code, r.stderr).toBe(1);
      for (const part of bomb.refusal) expect(r.stderr).toContain(part);
      expect(r.stderr).not.toContain('unexpected error');
      expect(leftBehind(cwd, bomb)).toEqual([]);
    });
  });

  RESOURCE_BOMBS.filter((b) => b.binary).forEach((bomb) => {
    it(`refuses ${bomb.size} through the binary with exit 1 and no stack trace`, () => {
      const { cwd, argv } = setUp(bomb, RESOURCE_BOMBS.indexOf(bomb), 'binary');
      const r = spawnSync(process.execPath, [bin, ...argv], { cwd, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(1);
      for (const part of bomb.refusal) expect(r.stderr).toContain(part);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(cwd, 'out'))).toBe(false);
    });
  });

  it('is the table docs/LIMITS.md shows, row for row', () => {
    const doc = readFileSync(join(repo, 'docs', 'LIMITS.md'), 'utf8');
    const start = doc.indexOf('<!-- resource-bombs:start -->');
    const end = doc.indexOf('<!-- resource-bombs:end -->');
    expect(start, 'docs/LIMITS.md has the resource-bombs markers').toBeGreaterThan(-1);
    expect(doc.slice(start + '<!-- resource-bombs:start -->'.length, end).trim() + '\n').toBe(renderResourceBombTable());
  });
});
