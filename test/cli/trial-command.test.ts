// `cpi-sim trial`: a virtual trial from the command line writes its replicate table, summary, power curve
// and manifest; bad input is refused before anything is written.
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { TEACHING_RCT } from '../charts/comparative-folders.js';

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
    // The second in the main thread, the first on the default worker threads: the same files.
    expect(await main(['trial', 'teaching-null', '--replicates', '3', '--n', '20,40', '--seed', '5', '--workers', '0', '--out', join(base, 'b'), '--quiet'], b.io)).toBe(0);
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

  // A fast comparative design on the teaching scenario: barriers switched off (intervention) against the
  // default barriers (control), the barriers a user has at week 13 (adjusted for baseline). Everyone is
  // referred in the first week (so a larger trial is not a later one). At 40 participants power is about 0.5.
  const teachingDesign = (extra: Record<string, unknown> = {}) => ({ ...TEACHING_RCT, ...extra });
  const writeDesign = (dir: string, extra: Record<string, unknown> = {}) => {
    const file = join(dir, 'teaching-rct.json');
    writeFileSync(file, JSON.stringify(teachingDesign(extra)));
    return file;
  };

  test('a comparative design writes the same trial-replicates.csv in the main thread and on 1 and 2 workers', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const file = writeDesign(base);
    const texts: string[] = [];
    for (const workers of ['0', '1', '2']) {
      const c = io();
      const out = join(base, `w${workers}`);
      expect(await main(['trial', file, '--replicates', '12', '--n', '24,40', '--workers', workers, '--out', out], c.io), c.err.join('')).toBe(0);
      texts.push(readFileSync(join(out, 'trial-replicates.csv'), 'utf8'));
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).workers).toBe(Number(workers));
      if (workers === '2') {
        expect(c.out.join('')).toMatch(/individual design: no-barriers against with-barriers/);
        expect(c.out.join('')).toMatch(/on 2 worker threads/);
      }
    }
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
    // One row per simulated trial and outcome, at each size: 2 sizes × 12 trials × (primary + 1 secondary).
    const rows = texts[0].trim().split('\n');
    expect(rows.length).toBe(1 + 2 * 12 * 2);
    expect(rows.filter((r) => r.includes(',secondary,')).every((r) => r.includes(',new_ties,'))).toBe(true);
    const curve = readFileSync(join(base, 'w0', 'power-curve.csv'), 'utf8').trim().split('\n');
    expect(curve.map((l) => l.split(',')[0])).toEqual(['n', '24', '40']);
  }, 120_000);

  test('--target-power finds the smallest size that reaches it: that size reaches it, the one below does not', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const file = writeDesign(base);
    const c = io();
    const out = join(base, 'search');
    expect(await main(['trial', file, '--replicates', '40', '--target-power', '0.8', '--max-size', '400', '--workers', '1', '--out', out], c.io), c.err.join('')).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'trial-summary.json'), 'utf8'));
    const s = summary.sampleSize;
    expect(s.target).toBe(0.8);
    expect(s.dimension).toBe('participants');
    // At the design's 40 participants power is below 0.8: the search must go up.
    expect(s.size).toBeGreaterThan(40);
    expect(s.power).toBeGreaterThanOrEqual(0.8);
    expect(s.replicates).toBe(40);
    expect(s.powerLow).toBeLessThanOrEqual(s.power);
    expect(s.plausibleLow).toBeLessThanOrEqual(s.size);
    const below = s.evaluated.find((p: { size: number }) => p.size === s.size - 1);
    expect(below, 'the search brackets the size with its neighbour below').toBeDefined();
    expect(below.power).toBeLessThan(0.8);
    // Every evaluated size is in power-curve.csv and in the replicate table.
    const curve = readFileSync(join(out, 'power-curve.csv'), 'utf8').trim().split('\n').slice(1);
    expect(curve.map((l) => Number(l.split(',')[0]))).toEqual(s.evaluated.map((p: { size: number }) => p.size));
    expect(c.out.join('')).toMatch(new RegExp(`80% power needs ${s.size} participants`));
    expect(c.out.join('')).toMatch(/Monte Carlo error: sizes from/);
  }, 300_000);

  test('bad options are refused with what is allowed, before anything is written', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const file = writeDesign(base);
    const out = join(base, 'never');
    const cases: Array<[string[], RegExp]> = [
      [['trial', 'teaching-null', '--vary', 'clusters', '--out', out], /fidelity-groups design of one arm; it varies only participants/],
      [['trial', file, '--vary', 'clusters', '--out', out], /individual design has no clusters to vary; allowed: participants/],
      [['trial', file, '--max-size', '100', '--out', out], /--max-size bounds the sample-size search; add --target-power/],
      [['trial', file, '--target-power', '1.5', '--out', out], /--target-power 1.5: expected a power between 0 and 1/],
      [['trial', file, '--workers', '-1', '--out', out], /--workers -1: expected a whole number from 0/],
      [['trial', file, '--n', '2', '--out', out], /--n 2: expected a whole number of at least 4/],
    ];
    for (const [argv, message] of cases) {
      const c = io();
      expect(await main(argv, c.io), argv.join(' ')).toBe(1);
      expect(c.err.join(''), argv.join(' ')).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });

  test('the shipped comparative designs parse and name a real study or plan', () => {
    for (const name of ['cpi-vs-usual-care-rct', 'cpi-cluster-trial', 'cpi-paired-teams']) {
      const d = JSON.parse(readFileSync(`scenarios/trials/${name}.json`, 'utf8'));
      expect(d.name).toBe(name);
      expect(d.design.control).toBe('usual-care');
      expect(d.description).toMatch(/CPI/);
    }
  });

  test('chart draws a comparative power curve by what its sizes count and its acceptability curve; effect-sizes refuses it, saying what works; the report plans the study from it', async () => {
    const base = mkdtempSync(join(tmpdir(), 'cpi-trial-'));
    const file = writeDesign(base);
    const dir = join(base, 'curve');
    expect(await main(['trial', file, '--replicates', '6', '--n', '20,40', '--workers', '0', '--out', dir, '--quiet'], io().io)).toBe(0);
    const summary = JSON.parse(readFileSync(join(dir, 'trial-summary.json'), 'utf8'));
    expect(summary.designSize).toBe(JSON.parse(readFileSync(file, 'utf8')).referrals);
    expect(existsSync(join(dir, 'trial-acceptability.csv'))).toBe(true);
    const c = io();
    expect(await main(['chart', dir, '--kind', 'power-curve', '--format', 'json', '--out', join(base, 'power.json')], c.io), c.err.join('')).toBe(0);
    const spec = readFileSync(join(base, 'power.json'), 'utf8');
    expect(spec).toContain('Participants randomised');
    expect(spec).toContain('Power of the virtual trial by participants randomised');
    const a = io();
    expect(await main(['chart', dir, '--kind', 'acceptability', '--format', 'json', '--out', join(base, 'ceac.json')], a.io), a.err.join('')).toBe(0);
    expect(readFileSync(join(base, 'ceac.json'), 'utf8')).toMatch(/Willingness to pay \(GBP per point of active_barriers\)/);
    const e = io();
    expect(await main(['chart', dir, '--kind', 'effect-sizes', '--out', join(base, 'effects.svg')], e.io)).toBe(1);
    expect(e.err.join('')).toMatch(/holds an individual design.*--kind power-curve.*--kind acceptability/s);
    expect(existsSync(join(base, 'effects.svg'))).toBe(false);
    const reps = join(base, 'reps');
    expect(await main(['run', 'teaching-barriers', '--replicates', '2', '--workers', '0', '--out', reps, '--quiet'], io().io)).toBe(0);
    const r = io();
    expect(await main(['report', reps, '--trial', dir, '--out', join(base, 'report.html')], r.io), r.err.join('')).toBe(0);
    const html = readFileSync(join(base, 'report.html'), 'utf8');
    expect(html).toContain('<section id="planning"');
    expect(html).toContain('Planning the next study');
  }, 120_000);
});

