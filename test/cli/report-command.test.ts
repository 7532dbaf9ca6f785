// Tests for `cpi-sim report` (src/cli/report-command.ts, src/charts/report-document.ts): from a real
// replicates folder (and a trial folder) it writes one self-contained HTML page whose numbers are the
// analysis files' numbers; bad folders are refused with a clear message and nothing is written; and the page
// opened in real headless Chromium shows no console errors, makes no request beyond the file, and is not blank.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCli } from '../support/cli.js';
import { formatNumber } from '../../src/output/format-number.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = createCli(root);

const table = (text: string) => {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

let html = '';
beforeAll(async () => {
  expect((await cli(['run', 'teaching-barriers', '--ticks', '8', '--replicates', '5', '--out', 'rep', '--quiet'])).code).toBe(0);
  const trial = await cli(['trial', 'teaching-null', '--replicates', '6', '--n', '40,60', '--out', 'trial', '--quiet']);
  expect(trial.code, trial.stderr).toBe(0);
  const r = await cli(['report', 'rep', '--trial', 'trial', '--out', 'report.html']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/Wrote report\.html \(\d+ KB: \d+ headline outcomes × 2 arms, 6 charts/);
  html = readFileSync(join(root, 'report.html'), 'utf8');
}, 120_000);

const figure = (key: string) => new RegExp(`data-key="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" value="([^"]*)"`).exec(html)?.[1];

describe('cpi-sim report', () => {
  it('states the final means and paired differences of summary.csv and differences.csv', () => {
    const s = table(readFileSync(join(root, 'rep', 'summary.csv'), 'utf8')).filter((r) => r.tick === '8' && r.group === 'all');
    const rg = s.find((r) => r.arm === 'with-barriers' && r.measure === 'rg_total')!;
    expect(figure('arm:with-barriers:rg_total')).toBe(rg.mean);
    expect(figure('arm:with-barriers:rg_total:low')).toBe(rg.ci_low);
    const ties = s.find((r) => r.arm === 'no-barriers' && r.measure === 'new_ties')!;
    expect(Number(figure('arm:no-barriers:new_ties'))).toBeCloseTo(Number(ties.mean) * 100, 6);
    const d = table(readFileSync(join(root, 'rep', 'differences.csv'), 'utf8')).find((r) => r.tick === '8' && r.group === 'all' && r.measure === 'rg_total')!;
    expect(figure('diff:with-barriers:no-barriers:rg_total')).toBe(d.mean_diff);
    expect(figure('d:with-barriers:no-barriers:rg_total')).toBe(d.cohens_d);
  });

  it('states the virtual trial’s power and median effect size from trial-summary.json', () => {
    const t = JSON.parse(readFileSync(join(root, 'trial', 'trial-summary.json'), 'utf8'));
    // The design's own number of referrals when it was simulated, else the first simulated.
    const first = (t.results.find((r: { referrals: number }) => r.referrals === t.design.referrals) ?? t.results[0]).summary;
    expect(figure('trial:power')).toBe(formatNumber(first.power));
    expect(figure('trial:eta2')).toBe(formatNumber(first.partialEtaSquared.median));
    expect(html).toContain('id="chart-trial"');
  });

  it('embeds every chart as SVG with its title and axis text, and no script or outside load', () => {
    for (const id of ['chart-rg', 'chart-new-ties', 'chart-difference', 'chart-wellbeing', 'chart-network', 'chart-trial']) expect(html).toContain(`id="${id}"`);
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect(html).toMatch(/Week/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('says how to reproduce the folder and the report', () => {
    expect(html).toContain('cpi-sim run rep/scenario.json --replicates 5 --out rep --force');
    expect(html).toContain('cpi-sim report rep --trial trial --out report.html');
  });

  it('is byte-identical when made again from the same folders', async () => {
    expect((await cli(['report', 'rep', '--trial', 'trial', '--out', 'report.html', '--force', '--quiet'])).code).toBe(0);
    expect(readFileSync(join(root, 'report.html'), 'utf8')).toBe(html);
  });

  it('refuses a single-run folder, a missing folder, a corrupt manifest and an existing file, writing nothing', async () => {
    expect((await cli(['run', 'teaching-barriers', '--ticks', '2', '--out', 'single', '--quiet'])).code).toBe(0);
    const single = await cli(['report', 'single', '--out', 'x.html']);
    expect(single.code).toBe(1);
    expect(single.stderr).toMatch(/a report needs the results of several replicates .* --replicates/);
    const missing = await cli(['report', 'nowhere', '--out', 'x.html']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere: no such folder/);
    mkdirSync(join(root, 'broken'));
    for (const f of ['summary.csv', 'differences.csv', 'scenario.json']) writeFileSync(join(root, 'broken', f), readFileSync(join(root, 'rep', f)));
    writeFileSync(join(root, 'broken', 'manifest.json'), '{"replicates": ');
    const broken = await cli(['report', 'broken', '--out', 'x.html']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/manifest\.json: not valid JSON/);
    expect(existsSync(join(root, 'x.html'))).toBe(false);
    const exists = await cli(['report', 'rep', '--out', 'report.html']);
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/already exists; .* --force/);
    const notHtml = await cli(['report', 'rep', '--out', 'report.pdf']);
    expect(notHtml.stderr).toMatch(/ending in \.html/);
  });
});

describe('the report in real headless Chromium', () => {
  it.skipIf(!chromiumAvailable())('loads with no console errors, requests nothing but the file, and renders a non-blank page', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const errors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      const url = pathToFileURL(join(root, 'report.html')).href;
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        requests.push(route.request().url());
        return route.request().url() === url ? route.continue() : route.abort();
      });
      await page.goto(url, { waitUntil: 'load' });
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      // Every chart is laid out with a real size, and its text is there.
      const sizes = await page.$$eval('figure svg', (svgs) => svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]));
      expect(sizes.length).toBeGreaterThanOrEqual(6);
      for (const [w, h] of sizes) expect(w * h).toBeGreaterThan(10_000);
      expect(await page.locator('#headline li').count()).toBeGreaterThan(3);
      // Non-blank: the report's screenshot carries far more detail than a blank page's.
      const shot = await page.screenshot({ fullPage: false });
      mkdirSync(join(root, 'shots'), { recursive: true });
      writeFileSync(join(root, 'shots', 'report.png'), shot);
      await page.unroute('**/*');
      await page.goto('about:blank');
      const blank = await page.screenshot();
      expect(shot.byteLength).toBeGreaterThan(10 * blank.byteLength);
      // Print: the stylesheet hides navigation.
      await page.goto(url);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
