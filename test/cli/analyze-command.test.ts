// `cpi-sim analyze sensitivity`: Morris indices of a finished sweep's measures as a tidy CSV, and clear
// refusals for folders that are not finished Morris/Sobol sweeps.
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: process.cwd(), stderrIsTTY: false, columns: 100 }, out, err };
}

describe('cpi-sim analyze sensitivity', () => {
  test('a finished Morris sweep gives mu, mu_star and sigma per factor, arm and measure, with intervals for mu_star', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cpi-analyze-')), 'sweep');
    const a = io();
    expect(await main(['sweep', 'scenarios/sweeps/barrier-morris.json', '--out', dir, '--yes', '--workers', '1'], a.io), a.err.join('')).toBe(0);
    const b = io();
    expect(await main(['analyze', 'sensitivity', dir, '--measures', 'new_ties,rg_total', '--bootstrap', '200'], b.io), b.err.join('')).toBe(0);
    const rows = readFileSync(join(dir, 'sensitivity.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('arm,measure,method,factor,index,estimate,lower,upper');
    // 2 measures × 5 factors × 3 indices.
    expect(rows.length - 1).toBe(30);
    const muStar = rows.slice(1).map((r) => r.split(',')).filter((f) => f[4] === 'mu_star');
    for (const f of muStar) {
      expect(Number(f[5])).toBeGreaterThanOrEqual(0);
      expect(Number(f[6])).toBeLessThanOrEqual(Number(f[5]) + 1e-12);
      expect(Number(f[7])).toBeGreaterThanOrEqual(Number(f[5]) - 1e-12);
    }
    expect(b.out.join('')).toMatch(/Morris μ\*/);
    // The same analysis twice gives the same file (seeded bootstrap).
    const first = readFileSync(join(dir, 'sensitivity.csv'), 'utf8');
    expect(await main(['analyze', 'sensitivity', dir, '--measures', 'new_ties,rg_total', '--bootstrap', '200', '--quiet'], io().io)).toBe(0);
    expect(readFileSync(join(dir, 'sensitivity.csv'), 'utf8')).toBe(first);
  });

  test('a folder that is not a sweep, a grid design and an unknown measure are refused', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-analyze-'));
    const c = io();
    expect(await main(['analyze', 'sensitivity', base], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/not a sweep results folder/);
    const grid = join(base, 'grid');
    mkdirSync(grid);
    writeFileSync(join(grid, 'sweep.json'), JSON.stringify({ design: { kind: 'grid', seed: 1, factors: [] }, design_points: [], resolved: { measures: ['x'], arms: ['a'], groups: ['all'] } }));
    const d = io();
    expect(await main(['analyze', 'sensitivity', grid], d.io)).toBe(1);
    expect(d.err.join('')).toMatch(/need a Morris or Sobol design/);
  });
});
