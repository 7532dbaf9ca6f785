// End to end in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core): the real
// `cpi-sim explore pilot-england` serves the page; it loads with no console errors and no request outside
// 127.0.0.1; pilot-size arms advance with the network view open (ticks per second printed, not judged);
// raising a service-user barrier in arm B lowers B's new-ties curve below A's; the exported scenario run
// with the real `cpi-sim run` gives the page's final numbers; the chart exports as PNG and SVG; large-text
// mode, keys and labelled controls work; a screenshot is saved under the system's temporary folder.
// Skipped (with a message) only when /usr/bin/chromium is missing and CPI_SIM_E2E is not 1; CI sets it
// (test/support/optional-tools.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { skipReason } from '../support/optional-tools.js';
import { checkLessonClaim, parseLesson } from '../../src/explore/lessons.js';
import { loadScenario } from '../../src/index.js';

const CHROMIUM = '/usr/bin/chromium';
const SKIP_REASON = skipReason('chromium');
const skip = SKIP_REASON !== undefined;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'cpi-sim.js');
/** Where the screenshot goes: outside the repository, kept after the run for a look. */
const OUTPUT = join(tmpdir(), 'cpi-sim-explorer-e2e');

interface ChartRow {
  tick: number;
  arm: string;
  measure: string;
  value: number;
}
interface State {
  ready: boolean;
  generation: number;
  tick: number;
  ticks: number;
  playing: boolean;
  done: boolean;
  seed: number;
  scenario: string;
  runs: number;
}
/** Wait until `read` gives a value (hooks cannot use expect.poll). */
async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
type Inspect = { cpiExplorer: { state(): State; series(): ChartRow[]; numbers(): Record<string, { A: string; B: string }>; document(): unknown; stats(): Record<string, number> } };

describe.skipIf(skip)(skip ? `the explorer in Chromium (${SKIP_REASON})` : 'the explorer in headless Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'cpi-sim-explorer-e2e-'));
  let server: ChildProcess;
  let origin = '';
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const outside: string[] = [];

  const state = () => page.evaluate(() => (window as unknown as Inspect).cpiExplorer.state());
  /** Wait for a freshly configured run (a new generation) at week 0. */
  async function waitForRestart(previous: number): Promise<State> {
    await page.waitForFunction((g) => {
      const s = (window as unknown as Inspect).cpiExplorer?.state();
      return s !== undefined && s.ready && s.generation > g && s.tick === 0;
    }, previous);
    return state();
  }
  async function playToTheEnd(): Promise<void> {
    await page.waitForFunction(() => (window as unknown as Inspect).cpiExplorer.state().done, undefined, { timeout: 90_000 });
  }

  beforeAll(async () => {
    // The real command, on any free port.
    server = spawn(process.execPath, [BIN, 'explore', 'pilot-england', '--port', '0'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (d) => (out += d));
    server.stderr!.on('data', (d) => (out += d));
    origin = await waitFor(() => /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0], `the explorer's address (output so far: ${out})`);
    // A fresh profile; every request recorded, and any not for this server refused.
    context = await chromium.launchPersistentContext(join(work, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1600, height: 1000 },
      acceptDownloads: true,
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url.startsWith(origin)) return route.continue();
      outside.push(url);
      return route.abort();
    });
    context.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url());
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && consoleErrors.push(`worker console: ${m.text()}`)));
    await page.goto(origin);
    await page.waitForFunction(() => (window as unknown as Inspect).cpiExplorer?.state().ready, undefined, { timeout: 60_000 });
  });

  afterAll(async () => {
    await context?.close();
    server?.kill('SIGINT');
    rmSync(work, { recursive: true, force: true });
  });

  test('the page loads: labelled controls for every barrier and arm, the chart, both network views', async () => {
    expect(await state()).toMatchObject({ ready: true, tick: 0, ticks: 39, seed: 2016, scenario: 'pilot-england-explorer' });
    for (const label of ['Self-stigma: onset rate, arm A (number)', 'Poor access (transport, cost, distance): switched on, arm B', 'Lack of local knowledge: resolution rate, arm B', 'Fidelity to the CPI model (agency mean), arm A'])
      await expect.poll(() => page.getByLabel(label, { exact: true }).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.getByLabel('Service users referred, both arms (number)', { exact: true }).inputValue()).toBe('155');
    await expect.poll(() => page.locator('#chart svg').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator('#chart svg').textContent()).toContain('New ties since baseline');
    expect(await page.locator('#network-a canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#network-b canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('#numbers-body tr').count()).toBe(11);
  });

  test('pilot-size arms advance with the network view open (ticks per second measured and printed)', async () => {
    expect(await page.isChecked('#network-open')).toBe(true);
    await page.selectOption('#speed', '0');
    await page.click('#play');
    await playToTheEnd();
    const stats = await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.stats());
    console.log(
      `explorer e2e: pilot-england (2 arms, ${155} referrals, 14 agencies), network view open: ${stats.ticksPerSecond.toFixed(1)} ticks per second ` +
        `(${stats.weeksShown} weeks; networks drawn for ${stats.networkWeeksShown} of them; engine ${stats.stepMs.toFixed(1)} ms for the last week)`,
    );
    expect(stats.weeksShown).toBe(39);
    expect(stats.ticksPerSecond).toBeGreaterThan(0);
    expect(stats.networkWeeksShown).toBeGreaterThan(0);
    expect(await page.locator('#network-a-counts').textContent()).toMatch(/\d+ of \d+ users referred · ties: \d+ existing, \d+ via the intervention/);
  });

  test('stepping week by week redraws both networks every week (weeks per second printed)', async () => {
    const stats = () => page.evaluate(() => (window as unknown as Inspect).cpiExplorer.stats());
    await page.click('#reset');
    await page.waitForFunction(() => (window as unknown as Inspect).cpiExplorer.state().tick === 0);
    const weeks = 10;
    const paints0 = (await stats()).networkWeeksShown;
    const t0 = Date.now();
    for (let week = 1; week <= weeks; week++) {
      await page.click('#step');
      // The week is shown and its networks painted (a paused page paints every week it shows).
      await page.waitForFunction(
        ([w, p]) => {
          const e = (window as unknown as Inspect).cpiExplorer;
          return e.state().tick === w && e.stats().networkWeeksShown >= p;
        },
        [week, paints0 + week],
        { polling: 'raf' },
      );
    }
    const seconds = (Date.now() - t0) / 1000;
    console.log(`explorer e2e: stepping with the network view open, both networks redrawn every week: ${(weeks / seconds).toFixed(1)} weeks per second (${weeks} weeks, ${seconds.toFixed(2)} s)`);
    expect((await stats()).networkWeeksShown - paints0).toBe(weeks);
  });

  test('raising a service-user barrier in arm B lowers B’s new-ties curve below A’s', async () => {
    // B the same as A first: then the only difference is the barrier.
    let before = (await state()).generation;
    await page.click('#b-same-as-a');
    let s = await waitForRestart(before);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(' ');
    await playToTheEnd();
    const twins = await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.numbers());
    for (const [measure, v] of Object.entries(twins)) expect(v.B, measure).toBe(v.A);
    // Now raise self-stigma's onset rate in arm B only, typing it as a lecturer would.
    before = s.generation;
    const box = page.getByLabel('Self-stigma: onset rate, arm B (number)', { exact: true });
    await box.fill('0.2');
    await box.press('Enter');
    s = await waitForRestart(before);
    expect(await page.locator('.row.differs[data-path="barriers.user.selfStigma.onsetRate"]').count()).toBe(1);
    expect(await page.locator('#arm-b-text').textContent()).toContain('Self-stigma: onset rate 0.2 (A: 0.01)');
    expect(await page.getByLabel('Self-stigma: onset rate, arm A (number)', { exact: true }).inputValue()).toBe('0.01');
    // Play with the keyboard: Space, with no input focused.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(' ');
    await playToTheEnd();
    const rows = await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.series());
    const curve = (arm: string) => rows.filter((r) => r.arm === arm && r.measure === 'new_ties').sort((x, y) => x.tick - y.tick).map((r) => r.value);
    const [a, b] = [curve('A'), curve('B')];
    expect(a).toHaveLength(40);
    expect(b).toHaveLength(40);
    expect(b[0]).toBe(a[0]);
    for (let t = 0; t < 40; t++) expect(b[t], `week ${t}`).toBeLessThanOrEqual(a[t]);
    expect(b[39]).toBeLessThan(a[39]);
    expect(b.reduce((x, y) => x + y, 0)).toBeLessThan(a.reduce((x, y) => x + y, 0));
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'explorer.png'), fullPage: true });
    console.log(`explorer e2e: screenshot saved to ${join(OUTPUT, 'explorer.png')}`);
  });

  test('the exported scenario, run with `cpi-sim run`, gives the page’s final numbers', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-scenario')]);
    expect(download.suggestedFilename()).toBe('pilot-england-explorer-seed-2016.json');
    const file = join(work, download.suggestedFilename());
    await download.saveAs(file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { arms: Array<{ name: string; set: Record<string, unknown> }>; seed: number };
    expect(exported).toEqual(await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.document()));
    expect(exported.arms.map((a) => a.name)).toEqual(['arm-a', 'arm-b']);
    expect(exported.arms[1].set).toEqual({ 'barriers.user.selfStigma.onsetRate': 0.2 });
    const out = join(work, 'cli-run');
    const r = spawnSync(process.execPath, [BIN, 'run', file, '--seed', String(exported.seed), '--out', out, '--quiet'], { cwd: work, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // series.csv: arm,tick,group,measure,value; the page's numbers are group `all` at the last week.
    const final = new Map<string, string>();
    for (const line of readFileSync(join(out, 'series.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [arm, tick, group, measure, value] = line.split(',');
      if (tick === '39' && group === 'all') final.set(`${arm}/${measure}`, value);
    }
    const numbers = await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.numbers());
    let compared = 0;
    for (const [measure, { A, B }] of Object.entries(numbers)) {
      expect(A, `arm-a ${measure}`).toBe(final.get(`arm-a/${measure}`) ?? '');
      expect(B, `arm-b ${measure}`).toBe(final.get(`arm-b/${measure}`) ?? '');
      if (A !== '') compared += 2;
    }
    expect(compared).toBeGreaterThan(100);
    // The table on screen: run 0 (the scenario's seed) is `cpi-sim run`'s; the averages over the page's runs are
    // the means `cpi-sim run --replicates` gives for as many replicates.
    const cells = await page
      .locator('#numbers-body td[data-value]')
      .evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-arm'), td.getAttribute('data-measure'), td.getAttribute('data-value'), td.getAttribute('data-run0')]));
    expect(cells).toHaveLength(22);
    for (const [arm, measure, , run0] of cells) expect(run0, `${arm} ${measure}`).toBe(final.get(`arm-${arm!.toLowerCase()}/${measure}`));
    const runs = await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.state().runs);
    expect(runs).toBe(20);
    const reps = join(work, 'cli-replicates');
    const rr = spawnSync(process.execPath, [BIN, 'run', file, '--replicates', String(runs), '--workers', '0', '--out', reps, '--quiet'], { cwd: work, encoding: 'utf8' });
    expect(rr.status, rr.stderr).toBe(0);
    const means = new Map<string, number>();
    const [head, ...lines] = readFileSync(join(reps, 'summary.csv'), 'utf8').trim().split('\n');
    const col = head.split(',');
    for (const line of lines) {
      const f = line.split(',');
      if (f[col.indexOf('tick')] === '39' && f[col.indexOf('group')] === 'all') means.set(`${f[col.indexOf('arm')]}/${f[col.indexOf('measure')]}`, Number(f[col.indexOf('mean')]));
    }
    for (const [arm, measure, value] of cells) {
      const want = means.get(`arm-${arm!.toLowerCase()}/${measure}`)!;
      expect(Math.abs(Number(value) - want), `${arm} ${measure}: page ${value}, cpi-sim ${want}`).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(want)));
    }
  }, 180_000);

  test('the chart exports as PNG and as SVG', async () => {
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    const pngBytes = readFileSync(await png.path());
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(pngBytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(pngBytes.length).toBeGreaterThan(10_000);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('#export-svg')]);
    const svgText = readFileSync(await svg.path(), 'utf8');
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('New ties since baseline');
  });

  test('large-text mode enlarges the page and the chart; every control has a name; keys step and reset', async () => {
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const chartWidth = () => page.evaluate(() => Number(document.querySelector('#chart svg')!.getAttribute('width')));
    const [font, width] = [await size(), await chartWidth()];
    await page.getByLabel('Large text').check();
    expect(await size()).toBeGreaterThan(font * 1.4);
    await expect.poll(chartWidth, { timeout: 20_000 }).toBeGreaterThan(width);
    const unnamed = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, button'))
        .filter((el) => !(el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.length || el.textContent?.trim()))
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    // R goes back to week 0, S steps one week.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('r');
    await page.waitForFunction(() => (window as unknown as Inspect).cpiExplorer.state().tick === 0);
    await page.keyboard.press('s');
    await page.waitForFunction(() => (window as unknown as Inspect).cpiExplorer.state().tick === 1);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'explorer-large-text.png') });
    await page.getByLabel('Large text').uncheck();
  });

  test('a guided lesson at 1024×768: step 1 shows equal arms, Next applies B\'s change, and at the end the claim reads the page\'s own runs as checkLessonClaim computes them', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    const shots = join(OUTPUT, 'lesson');
    mkdirSync(shots, { recursive: true });
    const before = (await state()).generation;
    await page.selectOption('#lesson-select', 'barriers-a-user-faces');
    let s = await waitForRestart(before);
    expect(s).toMatchObject({ scenario: 'teaching-barriers-explorer', seed: 7, ticks: 26, runs: 20 });
    expect(await page.locator('#lesson').isVisible()).toBe(true);
    expect(await page.locator('#lesson-title').textContent()).toBe('Two arms, the same people');
    expect(await page.locator('#lesson-back').isDisabled()).toBe(true);
    type Doc = { arms: Array<{ set: Record<string, unknown> }> };
    expect(((await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.document())) as Doc).arms[1].set).toEqual({});
    await page.screenshot({ path: join(shots, 'step-1.png') });
    await page.click('#lesson-next');
    s = await waitForRestart(s.generation);
    expect(await page.locator('#lesson-title').textContent()).toBe('Self-stigma');
    expect(((await page.evaluate(() => (window as unknown as Inspect).cpiExplorer.document())) as Doc).arms[1].set).toEqual({
      'barriers.user.selfStigma.onsetRate': 0.1,
      'barriers.user.selfStigma.resolutionRate': 0.01,
    });
    expect(await page.locator('#lesson-claim').textContent()).toMatch(/^Play to week 26 to see/);
    await page.click('#play');
    await playToTheEnd();
    const shown = (await page.locator('#lesson-claim').textContent()) ?? '';
    const file = join(ROOT, 'scenarios', 'lessons', 'barriers-a-user-faces.json');
    const lesson = parseLesson(JSON.parse(readFileSync(file, 'utf8')), file, { names: ['teaching-barriers'], documentOf: () => loadScenario('teaching-barriers').document });
    const result = checkLessonClaim(lesson, 1, loadScenario('teaching-barriers').document, { defaults: loadScenario('base').document });
    expect(shown).toContain(result.text.replace(/\.$/, ''));
    expect(shown).toMatch(/\(95% interval over 20 runs: ([\d.]+) to ([\d.]+) fewer; it does not include zero/);
    const [, near, far] = /interval over 20 runs: ([\d.]+) to ([\d.]+)/.exec(shown)!;
    expect(Number(near)).toBeLessThan(Number(far));
    expect(shown).toContain('does not include zero');
    await page.screenshot({ path: join(shots, 'step-2-end.png') });
    console.log(`explorer e2e: lesson screenshots in ${shots}`);
    await page.setViewportSize({ width: 1600, height: 1000 });
    // Leaving the lesson hides its panel.
    await page.selectOption('#lesson-select', '');
    expect(await page.locator('#lesson').isVisible()).toBe(false);
  }, 180_000);

  test('arm B\'s starting prevalence is arm A\'s (both arms share week 0): its input is disabled and says why', async () => {
    const b = page.getByLabel('Self-stigma: prevalence at start, arm B (number)', { exact: true });
    expect(await b.isDisabled()).toBe(true);
    expect(await b.getAttribute('title')).toMatch(/set it in column A/);
    expect(await page.getByLabel('Self-stigma: prevalence at start, arm A (number)', { exact: true }).isDisabled()).toBe(false);
    expect(await page.getByLabel('Self-stigma: onset rate, arm B (number)', { exact: true }).isDisabled()).toBe(false);
  });

  test('at 1024×768 and 1280×720 the settings never cover the results, at any scroll position sampled', async () => {
    for (const [width, height] of [
      [1024, 768],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width, height });
      const overlaps = await page.evaluate(async () => {
        const found: string[] = [];
        const max = document.documentElement.scrollHeight - innerHeight;
        for (let k = 0; k <= 10; k++) {
          window.scrollTo(0, (max * k) / 10);
          await new Promise((r) => requestAnimationFrame(() => r(undefined)));
          const [settings, results] = ['.settings', '#results'].map((q) => document.querySelector(q)!.getBoundingClientRect());
          const cut = (a: DOMRect, b: DOMRect) => Math.max(0, Math.min(a.right, b.right) - Math.max(a.left, b.left)) * Math.max(0, Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top));
          // Only what is on screen can cover anything.
          const visible = (r: DOMRect) => new DOMRect(r.x, Math.max(r.y, 0), r.width, Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.y, 0)));
          if (cut(visible(settings), visible(results)) > 0) found.push(`settings over results at scroll ${k}/10`);
        }
        window.scrollTo(0, 0);
        return found;
      });
      expect(overlaps, `${width}×${height}`).toEqual([]);
      await page.screenshot({ path: join(OUTPUT, `layout-${width}x${height}.png`) });
    }
    await page.setViewportSize({ width: 1600, height: 1000 });
  }, 120_000);

  test('no console errors and no request outside 127.0.0.1 during the whole session', () => {
    expect(consoleErrors).toEqual([]);
    expect(outside).toEqual([]);
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.some((u) => u.endsWith('/worker.js'))).toBe(true);
  });
});
