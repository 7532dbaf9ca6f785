// `cpi-sim chart` (src/cli/chart-command.ts) end to end on real folders: a run, a replicates run, a sweep
// of barrier factors, an analysed Morris sweep, a virtual trial and a comparative trial's acceptability curve,
// into SVG, PNG, HTML and JSON files chosen by extension; bad requests exit 1 with a message naming what is
// allowed and write nothing; the real binary does the same.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { readFolderChart } from '../../src/charts/folder-chart.js';
import { makeResultsFolders, type ResultsFolders } from '../charts/results-folders.js';
import { TEACHING_RCT } from '../charts/comparative-folders.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-chart-cmd-'));
const out = join(root, 'charts');
afterAll(() => rmSync(root, { recursive: true, force: true }));
let f: ResultsFolders;
beforeAll(async () => {
  f = await makeResultsFolders(root);
});

async function chart(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false, columns: 100 };
  const code = await main(['chart', ...args], io);
  return { code, stdout, stderr };
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** No temp files (".name.partial-…") are left beside the charts. */
const leftovers = () => (existsSync(out) ? readdirSync(out).filter((n) => n.startsWith('.')) : []);

describe('cpi-sim chart', () => {
  test('a run folder gives its trajectory chart as SVG, PNG, HTML and JSON, the format read from the extension', async () => {
    const svg = await chart(f.run, '--out', 'charts/run.svg');
    expect(svg.code, svg.stderr).toBe(0);
    expect(svg.stdout).toBe(`Wrote ${join(out, 'run.svg')}: trajectory chart of ${f.run} (trajectories of rg_total, group all)\n`);
    const text = readFileSync(join(out, 'run.svg'), 'utf8');
    expect(text).toMatch(/^<svg/);
    expect(text).toContain('>Access to social capital (RG total): all service users</text>');
    expect((await chart(f.run, '--out', 'charts/run.png')).code).toBe(0);
    expect([...readFileSync(join(out, 'run.png')).subarray(0, 8)]).toEqual(PNG);
    expect((await chart(f.run, '--out', 'charts/run.html')).code).toBe(0);
    const html = readFileSync(join(out, 'run.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?https?:/i);
    expect((await chart(f.run, '--out', 'charts/run.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify((await readFolderChart(f.run)).spec)));
    // --format names the format when the file's name does not.
    expect((await chart(f.run, '--kind', 'network-growth', '--arm', 'no-barriers', '--format', 'svg', '--out', 'charts/growth.chart')).code).toBe(0);
    expect(readFileSync(join(out, 'growth.chart'), 'utf8')).toContain('Network growth: all service users, arm no-barriers');
    expect(leftovers()).toEqual([]);
  });

  test('a replicates folder gives bands and paired differences', async () => {
    const r = await chart(f.replicates, '--kind', 'difference', '--measure', 'network_size', '--out', 'charts/diff.svg');
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'diff.svg'), 'utf8')).toContain('with-barriers − no-barriers');
    const ci = await chart(f.replicates, '--band', 'ci', '--group', 'agency-01', '--out', 'charts/ci.svg');
    expect(ci.code, ci.stderr).toBe(0);
    expect(readFileSync(join(out, 'ci.svg'), 'utf8')).toContain('shaded: 95% confidence interval of the mean');
  });

  test('a sweep of barrier factors gives a tornado by default, and dose-response on request', async () => {
    const t = await chart(f.sweep, '--out', 'charts/tornado.svg');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('tornado chart');
    const svg = readFileSync(join(out, 'tornado.svg'), 'utf8');
    expect(svg).toContain('self stigma (user): scale: 0 → 3');
    expect(svg).toContain('poor access (user): enabled: off → on');
    const d = await chart(f.sweep, '--kind', 'dose-response', '--measure', 'wellbeing', '--arm', 'with-barriers', '--out', 'charts/dose.png');
    expect(d.code, d.stderr).toBe(0);
    expect([...readFileSync(join(out, 'dose.png')).subarray(0, 8)]).toEqual(PNG);
  });

  test('a grid sweep of fidelity and turnover gives lines per turnover level by default, and a heat map, with the factor levels in the SVG', async () => {
    const l = await chart(f.grid, '--out', 'charts/grid.svg');
    expect(l.code, l.stderr).toBe(0);
    expect(l.stdout).toBe(`Wrote ${join(out, 'grid.svg')}: factor-lines chart of ${f.grid} (factor-lines of rg_total over agencies.fidelity.mean and workers.turnoverRate, group all)\n`);
    const svg = readFileSync(join(out, 'grid.svg'), 'utf8');
    // The fidelity levels on the x axis, the turnover levels in the legend, a panel per arm.
    const labels = [...svg.matchAll(/<(?:text|tspan)[^>]*>([^<]+)</g)].map((m) => m[1]);
    for (const level of ['0.2', '0.9', '0', '0.05']) expect(labels).toContain(level);
    expect(labels).toContain('workers.turnoverRate (probability');
    expect(labels).toContain('arm with-barriers');
    expect(labels).toContain('arm no-barriers');
    expect(labels).toContain('shaded: middle 50% of runs');
    const h = await chart(f.grid, '--kind', 'heatmap', '--factor', 'workers.turnoverRate,agencies.fidelity.mean', '--measure', 'network_size', '--out', 'charts/heat.png');
    expect(h.code, h.stderr).toBe(0);
    expect(h.stdout).toContain('heatmap of network_size over workers.turnoverRate and agencies.fidelity.mean');
    expect([...readFileSync(join(out, 'heat.png')).subarray(0, 8)]).toEqual(PNG);
    const bad = await chart(f.grid, '--kind', 'heatmap', '--factor', 'workers.turnoverRate', '--out', 'charts/heat1.svg');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--factor: the heatmap chart takes two factors/);
    expect(existsSync(join(out, 'heat1.svg'))).toBe(false);
  });

  test('an analysed sweep gives its sensitivity chart and a trial its power curve and effect sizes', async () => {
    const s = await chart(f.morris, '--out', 'charts/morris.svg');
    expect(s.code, s.stderr).toBe(0);
    expect(readFileSync(join(out, 'morris.svg'), 'utf8')).toContain('Morris screening of access to social capital (RG total), arm with-barriers');
    const p = await chart(f.trial, '--out', 'charts/power.svg');
    expect(p.code, p.stderr).toBe(0);
    expect(readFileSync(join(out, 'power.svg'), 'utf8')).toContain('80% power');
    const e = await chart(f.trial, '--kind', 'effect-sizes', '--measure', 'p', '--out', 'charts/p.svg');
    expect(e.code, e.stderr).toBe(0);
    expect(readFileSync(join(out, 'p.svg'), 'utf8')).toContain('α = 0.05');
  });

  test('a comparative trial gives its acceptability curve at the sizes of --n, when the trial was priced', async () => {
    writeFileSync(join(root, 'teaching-rct.json'), JSON.stringify(TEACHING_RCT));
    const io: CliIO = { stdout: () => undefined, stderr: () => undefined, cwd: root, stderrIsTTY: false, columns: 100 };
    expect(await main(['trial', 'teaching-rct.json', '--replicates', '4', '--n', '20,40', '--workers', '0', '--out', 'ctrial', '--quiet'], io)).toBe(0);
    const r = await chart('ctrial', '--kind', 'acceptability', '--n', '20', '--n', '40', '--out', 'charts/ceac.svg');
    if (existsSync(join(root, 'ctrial', 'trial-acceptability.csv'))) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('(cost-effectiveness acceptability curve at 2 sizes (participants))');
      const svg = readFileSync(join(out, 'ceac.svg'), 'utf8');
      for (const words of ['Probability CPI is cost-effective', 'Willingness to pay (GBP per point of active_barriers)', '20 participants', '40 participants']) expect(svg).toContain(words);
    } else {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--kind acceptability: not a chart of a trial folder \(no trial-acceptability\.csv/);
    }
    const bad = await chart('ctrial', '--kind', 'acceptability', '--n', '20,forty', '--out', 'charts/never.svg');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--n forty: expected whole numbers \(sizes of the trial\)/);
    expect(existsSync(join(out, 'never.svg'))).toBe(false);
  });

  test('bad requests exit 1 with a message naming what is allowed, and write nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[f.run, '--kind', 'tornado', '--out', 'charts/x.svg'], /--kind tornado: not a chart of a run folder; kinds for .*: trajectory, network-growth/],
      [[f.run, '--kind', 'pie', '--out', 'charts/x.svg'], /--kind pie: no such kind of chart; kinds: trajectory, difference, network-growth, tornado, dose-response, factor-lines, heatmap, sensitivity, power-curve, effect-sizes/],
      [[f.run, '--measure', 'happiness', '--out', 'charts/x.svg'], /--measure happiness: no such measure in .*; measures: network_size, .*wellbeing/],
      [[f.sweep, '--group', 'agency-02', '--out', 'charts/x.svg'], /--group agency-02: the sweep did not keep it; groups: all, agency-01/],
      [[join(root, 'missing'), '--out', 'charts/x.svg'], /missing: no such folder/],
      [[root, '--out', 'charts/x.svg'], /not a cpi-sim results folder/],
      [[f.run, '--out', 'charts/x.txt'], /the format cannot be told from the extension; name the file \.svg, \.png, \.html or \.json/],
      [[f.run, '--format', 'pdf', '--out', 'charts/x.svg'], /--format pdf: expected one of svg, png, html, json/],
      [[f.run, '--format', 'png', '--out', 'charts/x.svg'], /--format png does not match --out charts\/x\.svg/],
      [[f.run], /Missing required argument: out/],
    ];
    for (const [args, message] of cases) {
      const r = await chart(...args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
    expect(existsSync(join(out, 'x.svg'))).toBe(false);
    expect(existsSync(join(out, 'x.txt'))).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  test('an existing file is replaced only with --force', async () => {
    const file = join(out, 'keep.svg');
    writeFileSync(file, 'mine');
    const refused = await chart(f.run, '--out', 'charts/keep.svg');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already exists; choose another name, or add --force/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect((await chart(f.run, '--out', 'charts/keep.svg', '--force')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<svg/);
    const png = join(out, 'keep.png');
    writeFileSync(png, 'mine');
    expect((await chart(f.run, '--out', 'charts/keep.png')).code).toBe(1);
    expect(readFileSync(png, 'utf8')).toBe('mine');
    expect((await chart(f.run, '--out', 'charts/keep.png', '--force')).code).toBe(0);
    expect([...readFileSync(png).subarray(0, 8)]).toEqual(PNG);
  });

  test('--help lists the options, the kinds and examples', async () => {
    let text = '';
    const code = await main(['chart', '--help'], { stdout: (t) => void (text += t), stderr: () => undefined, cwd: root, stderrIsTTY: false, columns: 100 });
    expect(code).toBe(0);
    for (const o of ['--kind', '--measure', '--group', '--arm', '--band', '--factor', '--n', '--format', '--out', '--force']) expect(text).toContain(o);
    expect(text).toMatch(/comparative trial folder\s+power-curve .*acceptability/s);
    expect(text).toContain('Examples:');
    expect(text).toContain('tornado');
    expect(text).toContain('power-curve');
    // The grid kinds, with the walk-through's folder as an example.
    expect(text).toMatch(/grid sweep\s+factor-lines/);
    expect(text).toContain('heatmap');
    expect(text).toContain('cpi-sim chart results/ft --kind heatmap --out ft-heat.png');
  });

  test('the real binary writes a chart with exit code 0, and refuses a bad kind with exit code 1 on stderr', () => {
    const bin = fileURLToPath(new URL('../../bin/cpi-sim.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'chart', f.sweep, '--out', 'charts/bin.png'], { cwd: root, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect([...readFileSync(join(out, 'bin.png')).subarray(0, 8)]).toEqual(PNG);
    const bad = spawnSync(process.execPath, [bin, 'chart', f.trial, '--kind', 'trajectory', '--out', 'charts/bad.png'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--kind trajectory: not a chart of a trial folder; kinds for .*: power-curve, effect-sizes/);
    expect(existsSync(join(out, 'bad.png'))).toBe(false);
  });
});
