// Tests for `cpi-sim report` (src/cli/report-command.ts, src/charts/report-document.ts): from a real
// replicates folder (and a trial folder) it writes one self-contained HTML page whose numbers are the
// analysis files' numbers; its reproduce commands name shipped scenarios and designs, hold no path of the
// machine, and rebuild the same results in an empty folder; bad folders are refused with a clear message and
// nothing is written; and in real headless Chromium the page shows no console errors, makes no request beyond
// the file, is not blank, never scrolls sideways from 1280 to 390 px, and prints on A4 and Letter with every
// column of the parameter table in the PDF's text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCli } from '../support/cli.js';
import { formatNumber } from '../../src/output/format-number.js';
import { chromiumAvailable, launchChromium } from '../support/chromium.js';
import { pdftotextAvailable, pdfText } from '../support/pdftotext.js';
import { listReportParameters } from '../../src/output/report-html.js';
import { SCENARIOS_DIR } from '../../src/scenario/load.js';
import { TEACHING_RCT } from '../charts/comparative-folders.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cli = createCli(root);

const table = (text: string) => {
  const [head, ...lines] = text.trimEnd().split('\n');
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};

let html = '';
let pilot = '';
let planning = '';
let planningOut = '';
beforeAll(async () => {
  expect((await cli(['run', 'teaching-barriers', '--ticks', '8', '--replicates', '5', '--out', 'rep', '--quiet'])).code).toBe(0);
  const trial = await cli(['trial', 'teaching-null', '--replicates', '6', '--n', '40,60', '--out', 'trial', '--quiet']);
  expect(trial.code, trial.stderr).toBe(0);
  const r = await cli(['report', 'rep', '--trial', 'trial', '--out', 'report.html']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/Wrote report\.html \(\d+ KB: \d+ headline outcomes × 2 arms, 6 charts/);
  html = readFileSync(join(root, 'report.html'), 'utf8');
  // The pilot: three arms, one of them usual care (the widest tables).
  expect((await cli(['run', 'pilot-england', '--ticks', '6', '--replicates', '3', '--out', 'pilot', '--quiet'])).code).toBe(0);
  expect((await cli(['report', 'pilot', '--out', 'pilot.html', '--quiet'])).code).toBe(0);
  pilot = readFileSync(join(root, 'pilot.html'), 'utf8');
  // A comparative trial (individual design on the teaching scenario) at two sizes: the plan of the next study.
  writeFileSync(join(root, 'teaching-rct.json'), JSON.stringify(TEACHING_RCT, null, 2));
  const comparative = await cli(['trial', 'teaching-rct.json', '--replicates', '6', '--n', '20,40', '--workers', '0', '--out', 'ctrial', '--quiet']);
  expect(comparative.code, comparative.stderr).toBe(0);
  const p = await cli(['report', 'rep', '--trial', 'ctrial', '--out', 'planning.html']);
  expect(p.code, p.stderr).toBe(0);
  planningOut = p.stdout;
  planning = readFileSync(join(root, 'planning.html'), 'utf8');
}, 240_000);

/** The commands of a page's "How to reproduce", as argument lists without the leading `cpi-sim`. */
const reproduceCommands = (page: string) =>
  /<section id="reproduce">[\s\S]*?<pre>([\s\S]*?)<\/pre>/
    .exec(page)![1]
    .split('\n')
    .map((line) => line.split(' '))
    .map(([bin, ...args]) => (expect(bin).toBe('cpi-sim'), args));

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
    // The difference is said as its size and a direction ("0.06 items lower"), the interval as it is.
    expect(figure('diff:with-barriers:no-barriers:rg_total')).toBe(d.mean_diff.replace(/^-/, ''));
    expect(html).toMatch(new RegExp(`data-key="diff:with-barriers:no-barriers:rg_total" value="[^"]*">[^<]*</data> items ${d.mean_diff.startsWith('-') ? 'lower' : 'higher'}`));
    expect(figure('diff:with-barriers:no-barriers:rg_total:low')).toBe(d.ci_low);
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

  it('says how to reproduce the folders and the report by shipped names and relative paths, no path of this machine', () => {
    const t = JSON.parse(readFileSync(join(root, 'trial', 'manifest.json'), 'utf8'));
    expect(reproduceCommands(html).map((c) => c.join(' '))).toEqual([
      'run teaching-barriers --ticks 8 --replicates 5 --out rep --force',
      `trial teaching-null --replicates 6 --n 40,60 --seed ${t.seed} --out trial --force`,
      'report rep --trial trial --out report.html',
    ]);
    expect(html).not.toContain(root);
    expect(html.replace(/<pre>[\s\S]*?<\/pre>/g, '')).not.toContain(SCENARIOS_DIR);
  });

  it('gives commands that rebuild the same results and the same report in an empty folder', async () => {
    const again = mkdtempSync(join(root, 'again-'));
    const cliAgain = createCli(again);
    for (const args of reproduceCommands(html)) {
      const r = await cliAgain([...args, '--quiet']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    for (const [folder, files] of [
      ['rep', JSON.parse(readFileSync(join(root, 'rep', 'manifest.json'), 'utf8')).deterministic as string[]],
      ['trial', readdirSync(join(root, 'trial')).filter((f) => f !== 'manifest.json')],
    ] as const) {
      expect(files.length).toBeGreaterThan(1);
      for (const f of files) expect(readFileSync(join(again, folder, f), 'utf8'), `${folder}/${f}`).toBe(readFileSync(join(root, folder, f), 'utf8'));
    }
    // The page is the same but for the manifest it quotes (whose timings differ).
    const withoutManifest = (page: string) => page.replace(/<summary>The results folder’s manifest\.json<\/summary>\s*<pre>[\s\S]*?<\/pre>/, '');
    expect(withoutManifest(readFileSync(join(again, 'report.html'), 'utf8'))).toBe(withoutManifest(html));
  }, 120_000);

  it('names folders outside the current folder by their base names, and a scenario that is not shipped by its scenario.json', async () => {
    const elsewhere = mkdtempSync(join(root, 'elsewhere-'));
    const r = await createCli(elsewhere)(['report', join(root, 'rep'), '--trial', join(root, 'trial'), '--out', join(root, 'outside.html')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote ${join(root, 'outside.html')}`);
    const outside = readFileSync(join(root, 'outside.html'), 'utf8');
    expect(outside).not.toContain(root);
    expect(reproduceCommands(outside).at(-1)!.join(' ')).toBe('report rep --trial trial --out outside.html');
    expect((await cli(['run', 'teaching-barriers', '--ticks', '2', '--replicates', '2', '--set', 'agencies.fidelity.mean=0.5', '--out', 'edited', '--quiet'])).code).toBe(0);
    expect((await cli(['report', 'edited', '--out', 'edited.html', '--quiet'])).code).toBe(0);
    const edited = readFileSync(join(root, 'edited.html'), 'utf8');
    expect(reproduceCommands(edited)[0].join(' ')).toBe('run edited/scenario.json --replicates 2 --out edited --force');
    expect(edited).toMatch(/not one shipped with cpi-sim: the first command reads the results folder’s own scenario\.json/);
  }, 120_000);

  it('states usual care by name, never comparing completing or leaving CPI with it', () => {
    expect(pilot).toContain('High fidelity CPI compared with Usual care');
    expect(pilot).not.toMatch(/data-key="diff:high-fidelity:usual-care:(graduated|dropped_out)"/);
    expect(pilot).toMatch(/Not compared: Usual care offers no CPI to complete or leave\./);
    expect(reproduceCommands(pilot)[0].join(' ')).toBe('run pilot-england --ticks 6 --replicates 3 --out pilot --force');
  });

  it('is byte-identical when made again from the same folders', async () => {
    expect((await cli(['report', 'rep', '--trial', 'trial', '--out', 'report.html', '--force', '--quiet'])).code).toBe(0);
    expect(readFileSync(join(root, 'report.html'), 'utf8')).toBe(html);
  });

  it('plans the next study from a comparative trial folder: the design, the power curve, the sizes, and the costs when the trial was priced', () => {
    const priced = existsSync(join(root, 'ctrial', 'trial-acceptability.csv'));
    expect(planningOut).toMatch(new RegExp(`Wrote planning\\.html \\(\\d+ KB: \\d+ headline outcomes × 2 arms, ${priced ? 7 : 6} charts`));
    expect(planning).toContain('<section id="planning">');
    expect(planning).not.toContain('<section id="trial">');
    for (const id of ['chart-planning-power', ...(priced ? ['chart-planning-acceptability'] : [])]) expect(planning).toMatch(new RegExp(`<figure id="${id}">\\s*<svg`));
    const value = (key: string) => new RegExp(`data-key="${key}" value="([^"]*)"`).exec(planning)?.[1];
    const t = JSON.parse(readFileSync(join(root, 'ctrial', 'trial-summary.json'), 'utf8'));
    // The sizes for 80% and 90% power are the smallest simulated sizes that reach them, or said not to be reached.
    for (const target of [80, 90]) {
      const reached = t.results.find((r: { summary: { power: number } }) => r.summary.power >= target / 100);
      if (reached) expect(value(`planning:n${target}`), `${target}%`).toBe(String(reached.n));
      else expect(planning, `${target}%`).toContain(`${target}% power: not reached</strong> among the sizes simulated`);
    }
    if (priced) {
      const icers = t.results.map((r: { summary: { costs: { icer: number | null } } }) => r.summary.costs.icer).filter((v: number | null) => v !== null).map(formatNumber);
      // An ICER is stated only where the intervention gains and costs more; otherwise the page says which it is.
      const icer = value('planning:icer');
      if (icer !== undefined) expect(icers).toContain(icer);
      else expect(planning).toMatch(/<strong>No ratio is needed:<\/strong>|<strong>No cost-effectiveness ratio:<\/strong>/);
      expect(planning).toContain('<strong>Approximate unit costs.</strong>');
    } else expect(planning).toContain('Costs were not recorded in this trial folder.');
    expect(reproduceCommands(planning).slice(1).map((c) => c.join(' '))).toEqual([
      `trial teaching-rct.json --replicates 6 --n 20,40 --seed 7 --out ctrial --force`,
      'report rep --trial ctrial --out planning.html',
    ]);
  });

  it('gives a command that rebuilds the same comparative trial folder in an empty folder', async () => {
    const again = mkdtempSync(join(root, 'again-planning-'));
    writeFileSync(join(again, 'teaching-rct.json'), JSON.stringify(TEACHING_RCT, null, 2));
    const args = reproduceCommands(planning)[1];
    const r = await createCli(again)([...args, '--workers', '0', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(join(root, 'ctrial')).filter((n) => n !== 'manifest.json');
    expect(files).toEqual(expect.arrayContaining(['trial-summary.json', 'trial-replicates.csv', 'power-curve.csv']));
    for (const name of files) expect(readFileSync(join(again, 'ctrial', name), 'utf8'), name).toBe(readFileSync(join(root, 'ctrial', name), 'utf8'));
  }, 120_000);

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

describe('the report’s layout in real headless Chromium', () => {
  it.skipIf(!chromiumAvailable())('never scrolls sideways at 1280, 800 and 390 px wide, on screen or laid out for print', async () => {
    const browser = await launchChromium();
    try {
      for (const file of ['report.html', 'pilot.html', 'planning.html']) {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(join(root, file)).href, { waitUntil: 'load' });
        const overflow = () => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        for (const width of [1280, 800, 390]) {
          await page.setViewportSize({ width, height: 900 });
          const [scroll, client] = await overflow();
          expect(scroll, `${file} at ${width} px`).toBeLessThanOrEqual(client);
        }
        // The print stylesheet at the content width of A4 and Letter with the page's 14 mm side margins.
        await page.emulateMedia({ media: 'print' });
        for (const [paper, mm] of [['A4', 210], ['Letter', 215.9]] as const) {
          await page.setViewportSize({ width: Math.floor(((mm - 28) / 25.4) * 96), height: 1000 });
          const [scroll, client] = await overflow();
          expect(scroll, `${file} printed on ${paper}`).toBeLessThanOrEqual(client);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);

  it.skipIf(!chromiumAvailable() || !pdftotextAvailable())('prints on A4 and Letter with every column of every parameter row in the PDF’s text', async () => {
    const parameters = listReportParameters(JSON.parse(readFileSync(join(root, 'pilot', 'scenario.json'), 'utf8')).parameters);
    expect(parameters.length).toBeGreaterThan(200);
    // Line breaks fall anywhere in a narrow column: compare without white space.
    const squash = (s: string) => s.replace(/\s+/g, '');
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(root, 'pilot.html')).href, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      for (const format of ['A4', 'Letter'] as const) {
        const pdf = await page.pdf({ format });
        writeFileSync(join(root, `pilot-${format}.pdf`), pdf);
        const text = squash(pdfText(pdf));
        const missing: string[] = [];
        for (const p of parameters)
          for (const column of ['label', 'path', 'value', 'unit', 'range', 'source'] as const) if (p[column] && !text.includes(squash(p[column]))) missing.push(`${p.path} ${column}: ${p[column]}`);
        expect(missing, `${format}: cut from the PDF`).toEqual([]);
        // The outcomes table's columns and the caveat are there too.
        for (const words of ['High fidelity CPI', 'Low fidelity CPI', 'Usual care', 'This is not a forecast.', '90% of runs']) expect(text, `${format}: ${words}`).toContain(squash(words));
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
