// `cpi-sim analyze sensitivity`: Morris indices of a finished sweep's measures as a tidy CSV in full
// precision, a printed summary ranked by μ* (or S_T) to three significant digits with σ, a warning on stderr
// when the design is too small to rank the factors, and clear refusals for folders that are not finished
// Morris/Sobol sweeps.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { buildSobolDesign, type Design } from '../../src/sweep/designs.js';
import { ishigami } from '../../src/analysis/test-functions.js';
import { formatSignificant } from '../../src/analysis/sensitivity-summary.js';
import { formatNumber } from '../../src/output/format-number.js';

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
    // The printed summary: per measure, the factors by μ* (largest first), rounded from the CSV's values, with σ.
    const printed = b.out.join('').split('\n');
    expect(printed[0]).toBe('Morris μ* at tick 26, group all: factors by μ* (mean absolute elementary effect), 6 trajectories; 95% bootstrap intervals of μ* over 200 resamples');
    const csv = rows.slice(1).map((r) => r.split(','));
    const value = (measure: string, factor: string, index: string) => Number(csv.find((f) => f[1] === measure && f[3] === factor && f[4] === index)![5]);
    for (const measure of ['new_ties', 'rg_total']) {
      const at = printed.indexOf(`with-barriers · ${measure}`);
      expect(printed[at + 1].trim().split(/\s{2,}/)).toEqual(['rank', 'factor', 'μ*', '95% interval', 'σ', 'μ']);
      const table = printed.slice(at + 2, at + 7).map((l) => l.trim().split(/\s{2,}/));
      const muStar = table.map((c) => value(measure, c[1], 'mu_star'));
      expect(muStar).toEqual([...muStar].sort((x, y) => y - x));
      // The CSV keeps 10 significant digits, so a value on a rounding boundary may print either way.
      const shown = (v: number) => [formatSignificant(v), formatSignificant(v * (1 + 1e-9)), formatSignificant(v * (1 - 1e-9))];
      for (const c of table) {
        expect(shown(value(measure, c[1], 'mu_star'))).toContain(c[2]);
        expect(shown(value(measure, c[1], 'sigma'))).toContain(c[4]);
      }
    }
    // The CSV is not rounded: it keeps the values to 10 significant digits.
    expect(csv.some((f) => f[5].replace(/^[-0.]+/, '').replace('.', '').length > 3)).toBe(true);
    // Six trajectories do not separate these barriers' μ*: stderr says so and what to do.
    expect(b.err.join('')).toMatch(/^warning: in [12] of 2 arm × measure tables the leading factor is not established .*run more trajectories \(design\.trajectories, 6 now\)/);
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

/** A finished-looking sweep folder of a design whose one measure is f(point values): sweep.json and results.csv as a sweep writes them. */
function designFolder(dir: string, design: Design, f: (values: readonly number[]) => number): void {
  mkdirSync(dir, { recursive: true });
  const { points, ...meta } = design;
  const doc = { design: meta, design_points: points.map((p) => ({ point: p.index, unit: p.unit, label: p.label })), resolved: { measures: ['y'], arms: ['cpi'], groups: ['all'] } };
  writeFileSync(join(dir, 'sweep.json'), JSON.stringify(doc));
  const lines = points.map((p) => `${p.index},${p.index},0,cpi,1,0,all,y,${formatNumber(f(p.values))}`);
  const results = ['run_id,point,replicate,arm,seed,tick,group,measure,value', ...lines].join('\n') + '\n';
  writeFileSync(join(dir, 'results.csv'), results);
  // The manifest a finished sweep writes: each file's bytes and SHA-256 (analyze checks them before reading).
  const entry = (name: string, text: string, rows?: number) => ({ name, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex'), ...(rows === undefined ? {} : { rows }) });
  const files = [entry('sweep.json', JSON.stringify(doc)), entry('results.csv', results, lines.length)];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'cpi-sim sweep manifest, version 1', package: { name: 'cpi-sim', version: '0.1.0' }, shard: null, files }));
}

describe('cpi-sim analyze sensitivity on the Ishigami function', () => {
  const root = mkdtempSync(join(tmpdir(), 'cpi-analyze-ishigami-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const ishigamiDesign = (baseSamples: number) =>
    buildSobolDesign({ factors: [0, 1, 2].map((i) => ({ path: `x${i + 1}`, range: [-Math.PI, Math.PI] as [number, number] })), baseSamples }, 5);

  test('a design that separates the factors prints them by S_T with no warning', async () => {
    const dir = join(root, 'large');
    designFolder(dir, ishigamiDesign(2048), (v) => ishigami(v));
    const r = io();
    expect(await main(['analyze', 'sensitivity', dir, '--bootstrap', '200'], r.io)).toBe(0);
    const printed = r.out.join('').split('\n');
    const at = printed.indexOf('cpi · y');
    expect(printed.slice(at + 2, at + 5).map((l) => l.trim().split(/\s{2,}/).slice(0, 2))).toEqual([
      ['1', 'x1'],
      ['2', 'x2'],
      ['3', 'x3'],
    ]);
    expect(r.err).toEqual([]);
  });

  test('a tiny design gets a warning on stderr, also with --quiet, saying to run more base samples', async () => {
    const dir = join(root, 'tiny');
    designFolder(dir, ishigamiDesign(16), (v) => ishigami(v));
    const r = io();
    expect(await main(['analyze', 'sensitivity', dir, '--bootstrap', '200', '--quiet'], r.io)).toBe(0);
    expect(r.out).toEqual([]);
    expect(r.err.join('')).toBe(
      "warning: in 1 of 1 arm × measure table the leading factor is not established (its 95% interval overlaps another factor's): this design is too small to rank them; run more base samples (design.baseSamples, 16 now), or read those rankings as ties.\n",
    );
  });
});
