// The report's "Planning the next study" section (src/charts/report-planning.ts, output/report-planning-html.ts)
// from comparative trial folders: the design in words, the sizes for 80% and 90% power, the ICC and design
// effect of a cluster design, the costs, the ICER with the interval a trial of that size reports, and the
// acceptability curve read at the probabilities a panel asks about, every number the files' own; the power and
// acceptability charts embedded; a folder without costs still planned, saying costs were not recorded.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildReportDocument } from '../../src/charts/report-document.js';
import { formatNumber } from '../../src/output/format-number.js';
import { makeComparativeFolders, PRICED_ICER, type ComparativeFolders } from './comparative-folders.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-report-planning-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let f: ComparativeFolders;
const pages: Record<string, { html: string; charts: readonly string[] }> = {};
beforeAll(async () => {
  f = await makeComparativeFolders(root);
  for (const name of ['priced', 'unpriced', 'cluster', 'rct'] as const) pages[name] = await buildReportDocument(f.reps, { trialDir: f[name] });
}, 180_000);

const summaryOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'trial-summary.json'), 'utf8'));
const figure = (html: string, key: string) => new RegExp(`data-key="${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" value="([^"]*)">([^<]*)<`).exec(html)?.slice(1, 3);
/** The section's text without tags, for reading sentences. */
const words = (html: string) => /<section id="planning">([\s\S]*?)<\/section>/.exec(html)![1].replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the planning section of a priced comparative trial', () => {
  test('replaces the refusal: the section, its place in the contents, and the design in words', () => {
    const { html } = pages.priced;
    expect(html).toContain('<section id="planning">');
    expect(html).toContain('<a href="#planning">Planning the next study</a>');
    const text = words(html);
    expect(text).toMatch(/Individually randomised controlled trial\. People referred are randomised individually \(one to one\), within each agency\./);
    expect(text).toMatch(/No barriers \(no-barriers\) against With barriers \(with-barriers\)/);
    expect(text).toContain('measured at baseline and at week 13 (about 3 months)');
    expect(text).toContain('80% of participants followed up in each arm');
    expect(text).toMatch(/A linear model \(ANCOVA\) of the follow-up score adjusted for the baseline score and for agency/);
    expect(text).toContain('α = 0.05');
    expect(text).toContain('found the effect (p &lt; 0.05); 80% is the usual minimum');
  });

  test('states the size for 80% power from the search, with its power, interval and the Monte Carlo range', () => {
    const { html } = pages.priced;
    const s = summaryOf(f.priced).sampleSize;
    expect(figure(html, 'planning:n80')).toEqual([String(s.size), `${s.size} participants (${s.size / 2} per arm)`]);
    expect(figure(html, 'planning:power80')).toEqual([formatNumber(s.power), '85%']);
    expect(words(html)).toContain(`power 85% (95% interval 72% to 93%, from 6 simulated trials)`);
    expect(figure(html, 'planning:n80:low')?.[0]).toBe(String(s.plausibleLow));
    expect(words(html)).toContain(`could be the one that truly gives 80%`);
    expect(words(html)).toContain('to more than 40 participants');
  });

  test('says plainly that 90% power was not reached among the sizes simulated, and how to find it', () => {
    const text = words(pages.priced.html);
    expect(text).toMatch(/90% power: not reached among the sizes simulated; the largest, 40 participants \(20 per arm\), has 85%/);
    expect(text).toMatch(/cpi-sim trial \S*teaching-rct\.json --target-power 0\.9 finds the size that reaches it/);
  });

  test('states the costs per participant by arm with their parts, the increments and the ICER with the interval a trial of this size reports', () => {
    const { html } = pages.priced;
    const c = summaryOf(f.priced).results.find((r: { n: number }) => r.n === 40).summary.costs;
    expect(figure(html, 'planning:cost:no-barriers')).toEqual([formatNumber(c.perParticipant[0].mean), '£852']);
    expect(figure(html, 'planning:cost:with-barriers')).toEqual(['0', '£0']);
    expect(html).toMatch(/data-label="Staff time">£500<\/td><td class="num" data-label="Peer workers">£12.50<\/td><td class="num" data-label="Overheads">£228<\/td><td class="num" data-label="Contacts">£112<\/td>/);
    expect(figure(html, 'planning:incrementalCost')?.[0]).toBe(formatNumber(c.incrementalCost.mean));
    expect(figure(html, 'planning:incrementalEffect')).toEqual([formatNumber(c.incrementalEffect.mean), '0.4']);
    expect(figure(html, 'planning:icer')).toEqual([String(PRICED_ICER), '£1,934']);
    expect(figure(html, 'planning:icer:low')).toEqual([formatNumber(c.bootstrap.icerInterval.low), '£1,140']);
    expect(figure(html, 'planning:icer:high')?.[0]).toBe(formatNumber(c.bootstrap.icerInterval.high));
    expect(figure(html, 'planning:icerDefined')).toEqual(['0.85', '85%']);
    const text = words(html);
    expect(text).toContain('Figures are the averages over the simulated trials of 40 participants (20 per arm), the size the search found for 80% power.');
    expect(text).toMatch(/Each extra point of active barriers costs about £1,934 of worker time/);
  });

  test('reads the acceptability curve where the probability first reaches 50%, 80% and 95%, and its ceiling', () => {
    const { html } = pages.priced;
    const curve: Array<{ willingnessToPay: number; probability: number }> = summaryOf(f.priced).results.find((r: { n: number }) => r.n === 40).summary.costs.acceptability;
    for (const level of [50, 80, 95]) {
      const at = curve.find((q) => q.probability >= level / 100)!;
      expect(figure(html, `planning:wtp${level}`)?.[0], `λ for ${level}%`).toBe(formatNumber(at.willingnessToPay));
      expect(figure(html, `planning:ceac${level}`)?.[0], `probability at ${level}%`).toBe(formatNumber(at.probability));
    }
    expect(figure(html, 'planning:ceac0')?.[0]).toBe(formatNumber(curve[0].probability));
    expect(figure(html, 'planning:effectPositive')).toEqual(['0.99', '99%']);
    // λ read off the grid are rounded to three significant figures in the words.
    const at50 = curve.find((q) => q.probability >= 0.5)!;
    expect(figure(html, 'planning:wtp50')?.[1]).toBe(`£${Number(at50.willingnessToPay.toPrecision(3)).toLocaleString('en-GB')}`);
  });

  test('embeds the power curve and the acceptability curve as SVG, at the planned size', () => {
    const { html, charts } = pages.priced;
    expect(charts).toEqual(expect.arrayContaining(['chart-planning-power', 'chart-planning-acceptability']));
    const svgOf = (id: string) => new RegExp(`<figure id="${id}">\\s*(<svg[\\s\\S]*?</svg>)`).exec(html)?.[1] ?? '';
    expect(svgOf('chart-planning-power')).toContain('Participants randomised');
    const acceptability = svgOf('chart-planning-acceptability');
    expect(acceptability).toContain('Probability CPI is cost-effective');
    expect(acceptability).toContain('Willingness to pay (GBP per point of active_barriers)');
    expect(acceptability).toContain('6 simulated trials of 40 participants');
    expect(acceptability).toContain('ICER £1,934');
  });

  test('says when a trial of this size could rarely give the ICER an interval, and gives no ratio where none is a cost per point gained', async () => {
    const variant = async (name: string, change: (costs: Record<string, any>) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const dir = join(root, name);
      cpSync(f.priced, dir, { recursive: true });
      const summary = summaryOf(dir);
      change(summary.results.find((r: { n: number }) => r.n === 40).summary.costs);
      writeFileSync(join(dir, 'trial-summary.json'), JSON.stringify(summary));
      return (await buildReportDocument(f.reps, { trialDir: dir })).html;
    };
    const rarely = await variant('rarely', (c) => (c.bootstrap.icerIntervalDefined = 0.3));
    expect(words(rarely)).toMatch(/could give the ratio an interval in only 30% of simulated trials \(in the others its effect’s interval included zero\); where it could, the interval ran from about £1,140 to £8,100/);
    const dominant = await variant('dominant', (c) => Object.assign(c, { incrementalCost: { ...c.incrementalCost, mean: -100 }, icer: -238 }));
    expect(figure(dominant, 'planning:icer')).toBeUndefined();
    expect(words(dominant)).toContain('No ratio is needed: on average No barriers both improved the outcome and cost no more than With barriers.');
    const worse = await variant('worse', (c) => Object.assign(c, { incrementalEffect: { ...c.incrementalEffect, mean: -0.2 }, icer: -4000 }));
    expect(words(worse)).toContain('No cost-effectiveness ratio: on average No barriers did not improve the outcome against With barriers');
    expect(words(worse)).not.toContain('What it means.');
  });

  test('says what the numbers are not: simulated, and usual care’s cost recorded as 0', () => {
    const text = words(pages.priced.html);
    expect(text).toContain('Simulated, not observed.');
    expect(text).toContain('the model has no usual-care contact rate, so a usual-care participant records 0');
    expect(text).toContain('Service-use offsets (savings in other services as people’s networks grow) are off');
  });
});

describe('the planning section of other comparative folders', () => {
  test('a folder without costs still gives the power part and says costs were not recorded', () => {
    const { html, charts } = pages.unpriced;
    const text = words(html);
    expect(text).toContain('How large the trial must be');
    expect(charts).toContain('chart-planning-power');
    expect(charts).not.toContain('chart-planning-acceptability');
    expect(text).toContain('Costs were not recorded in this trial folder.');
    expect(text).not.toContain('usual-care participant records 0');
    // Its sizes and powers are the file's own.
    const results = summaryOf(f.unpriced).results as Array<{ n: number; summary: { power: number } }>;
    const reached = results.find((r) => r.summary.power >= 0.8);
    if (reached) expect(figure(html, 'planning:n80')?.[0]).toBe(String(reached.n));
    else expect(text).toMatch(/80% power: not reached among the sizes simulated/);
  });

  test('a cluster trial states its ICC and design effect from its simulated trials', () => {
    const { html, charts } = pages.cluster;
    const primary = summaryOf(f.cluster).results[0].summary.outcomes[0];
    const text = words(html);
    expect(text).toContain('Cluster randomised trial (teams randomised).');
    expect(text).toContain('A linear mixed model of the follow-up score adjusted for the baseline score, with a random intercept per team');
    expect(text).toContain('Clustering: the ICC and the design effect');
    expect(figure(html, 'planning:icc')?.[0]).toBe(formatNumber(primary.icc.median));
    expect(figure(html, 'planning:designEffect')?.[0]).toBe(formatNumber(primary.designEffect.median));
    expect(text).toContain('(here m = 5)');
    // One size, no search: no curve, and how to get one.
    expect(charts).not.toContain('chart-planning-power');
    expect(text).toMatch(/Only one size was simulated, so there is no power curve\. cpi-sim trial \S*teaching-cluster\.json --target-power 0\.8/);
  });

  test('the reproduce command gives the trial’s sizes, replicates and seed', () => {
    const pre = /<section id="reproduce">[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(pages.rct.html)![1];
    expect(pre).toMatch(new RegExp(`cpi-sim trial \\S*teaching-rct\\.json --replicates 6 --n 20,40 --seed 7 --out \\S*rct --force`));
    const cluster = /<section id="reproduce">[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(pages.cluster.html)![1];
    expect(cluster).toMatch(/cpi-sim trial \S*teaching-cluster\.json --replicates 6 --seed 7 --out \S*cluster --force/);
  });
});
