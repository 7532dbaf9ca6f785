// `cpi-sim trial`: a virtual trial from the command line writes its replicate table, summary, power curve
// and manifest; bad input is refused before anything is written.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), cwd: process.cwd(), stderrIsTTY: false, columns: 100 }, out, err };
}

describe('cpi-sim trial', () => {
  test('a shipped design runs, writes one row per simulated trial and a summary with power', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cpi-trial-')), 't');
    const c = io();
    const code = await main(['trial', 'teaching-null', '--replicates', '6', '--out', dir], c.io);
    expect(code, c.err.join('')).toBe(0);
    const rows = readFileSync(join(dir, 'trial-replicates.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('n,replicate,seed,referred,retained,analysed,high,low,analysable,reason,effect,f,p,partial_eta_squared,cohens_d,significant,wellbeing_change,wellbeing_p');
    expect(rows.length).toBe(1 + 6);
    const summary = JSON.parse(readFileSync(join(dir, 'trial-summary.json'), 'utf8'));
    expect(summary.results[0].summary.replicates).toBe(6);
    expect(summary.results[0].summary.power).toBeGreaterThanOrEqual(0);
    expect(summary.results[0].summary.power).toBeLessThanOrEqual(1);
    expect(c.out.join('')).toMatch(/power/);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(true);
  });

  test('--n gives a power curve, and the same seed gives the same replicate table', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const a = io();
    const b = io();
    expect(await main(['trial', 'teaching-null', '--replicates', '3', '--n', '20,40', '--seed', '5', '--out', join(base, 'a'), '--quiet'], a.io)).toBe(0);
    expect(await main(['trial', 'teaching-null', '--replicates', '3', '--n', '20,40', '--seed', '5', '--out', join(base, 'b'), '--quiet'], b.io)).toBe(0);
    const curve = readFileSync(join(base, 'a', 'power-curve.csv'), 'utf8').trim().split('\n');
    expect(curve.map((l) => l.split(',')[0])).toEqual(['n', '20', '40']);
    expect(readFileSync(join(base, 'a', 'trial-replicates.csv'), 'utf8')).toBe(readFileSync(join(base, 'b', 'trial-replicates.csv'), 'utf8'));
  });

  test('a malformed design is refused with its file and field, and nothing is written', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const bad = join(base, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...JSON.parse(readFileSync('scenarios/trials/teaching-null.json', 'utf8')), alpha: 2 }));
    const c = io();
    const code = await main(['trial', bad, '--replicates', '2', '--out', join(base, 'out')], c.io);
    expect(code).toBe(1);
    expect(c.err.join('')).toContain('bad.json');
    expect(c.err.join('')).toContain('alpha');
    expect(existsSync(join(base, 'out'))).toBe(false);
  });

  test('an unknown design name lists the shipped designs', async () => {
    const c = io();
    expect(await main(['trial', 'no-such-trial', '--out', '/tmp/never-written-trial'], c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/cpi-pilot/);
  });
});
