// Tests for the report's figures and HTML (src/output/report-figures.ts, src/output/report-html.ts): the
// numbers the report states are the analysis's numbers, scaled as it says and rounded to what their
// intervals support; it opens with a plain summary and the not-a-forecast caveat before any figure; options
// and parameters go by plain names (code names only in small print and the appendix); completing or leaving
// CPI is never compared with an arm without CPI; the page is self-contained and renders the scenario's Markdown.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplicates } from '../../src/engine/run-replicates.js';
import { summarizeReplicates } from '../../src/analysis/replicates.js';
import { buildReportFigures, HEADLINE_MEASURES, headlineScale, type ReportFigures } from '../../src/output/report-figures.js';
import { buildReportHtml, decimalsFor, formatFigure, formatFixed, listReportParameters, renderInlineMarkdown, type ReportInput } from '../../src/output/report-html.js';
import { labelArms } from '../../src/output/report-labels.js';
import { formatNumber } from '../../src/output/format-number.js';

// The pilot's three arms: two CPI arms and usual care (no CPI), over a short horizon.
const scenario = loadScenario('pilot-england', { set: [['ticks', 8]] });
const tables = summarizeReplicates(runReplicates(scenario, { replicates: 4 }));
const arms = scenario.arms.map((a) => a.name);
const users = scenario.params.serviceUsers.referrals;
const reportArms = labelArms(scenario.document, formatNumber);
const withoutCpi = reportArms.filter((a) => !a.cpi).map((a) => a.name);
const figures = buildReportFigures({ summaries: tables.summaries, differences: tables.differences, arms, users, ticks: 8, level: 0.95, replicates: 4, withoutCpi });
const parameters = listReportParameters((scenario.document as unknown as { parameters: unknown }).parameters);

const input: ReportInput = {
  scenario: { name: scenario.name, title: scenario.title, description: 'A <test> & description; run `cpi-sim run` with **care**.' },
  seed: scenario.seed,
  ticks: 8,
  arms: reportArms,
  figures,
  charts: [{ id: 'chart-a', title: 'A chart', caption: 'What it shows.', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>axis</text></svg>' }],
  parameters,
  manifestText: '{"seed": 7}',
  scenarioText: '{"name": "pilot-england"}',
  packageVersion: '0.1.0',
  reproduce: ['cpi-sim run pilot-england --ticks 8 --replicates 4 --out rep --force', 'cpi-sim report rep --out report.html'],
};
const html = buildReportHtml(input);

/** Every <data> figure of a page: key → [value, text] (the first of a key; the summary repeats some). */
const dataOf = (page: string) => {
  const out = new Map<string, [string, string]>();
  for (const m of page.matchAll(/<data class="fig" data-key="([^"]+)" value="([^"]*)">([^<]*)<\/data>/g)) if (!out.has(m[1])) out.set(m[1], [m[2], m[3]]);
  return out;
};
const data = dataOf(html);

/** What a reader sees of a part of the page: no tags, no code, no charts, no styles. */
const visibleText = (part: string) =>
  part
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z]+;/g, ' ');

const decimalsOf = (text: string) => (/\.(\d+)/.exec(text)?.[1].length ?? 0);

describe('report figures', () => {
  it('are the final-tick analysis values of group "all", scaled per 100 people referred for ties and counts', () => {
    const row = (arm: string, measure: string) => tables.summaries.find((r) => r.arm === arm && r.tick === 8 && r.group === 'all' && r.measure === measure)!;
    const ties = figures.arm.find((f) => f.arm === arms[0] && f.measure === 'new_ties')!;
    expect(ties.value).toBeCloseTo(row(arms[0], 'new_ties').mean * 100, 10);
    expect(ties.low).toBeCloseTo(row(arms[0], 'new_ties').ci_low * 100, 10);
    const rg = figures.arm.find((f) => f.arm === arms[1] && f.measure === 'rg_total')!;
    expect(rg.value).toBe(row(arms[1], 'rg_total').mean);
    const dropped = HEADLINE_MEASURES.find((m) => m.measure === 'dropped_out')!;
    expect(headlineScale(dropped, users)).toBeCloseTo(100 / users, 12);
    const d = figures.differences.find((x) => x.measure === 'rg_total')!;
    const dr = tables.differences.find((r) => r.tick === 8 && r.group === 'all' && r.measure === 'rg_total')!;
    expect([d.armA, d.armB]).toEqual([dr.arm_a, dr.arm_b]);
    expect(d.value).toBe(dr.mean_diff);
    expect(d.cohensD).toBe(dr.cohens_d);
  });

  it('state completing and leaving CPI only for arms that deliver it, and compare them only between two such arms', () => {
    expect(withoutCpi).toEqual(['usual-care']);
    for (const measure of ['graduated', 'dropped_out']) {
      expect(figures.arm.filter((f) => f.measure === measure).map((f) => f.arm)).toEqual(['high-fidelity', 'low-fidelity']);
      expect(figures.differences.filter((d) => d.measure === measure).map((d) => d.armB)).toEqual(['low-fidelity']);
    }
    // Outcomes that usual care has too are compared with it.
    expect(figures.differences.filter((d) => d.measure === 'new_ties').map((d) => d.armB)).toEqual(['low-fidelity', 'usual-care']);
  });
});

describe('the report page', () => {
  it('states every headline figure with the value the analysis gives', () => {
    expect(data.size).toBeGreaterThan(20);
    for (const f of figures.arm) {
      expect(data.get(`arm:${f.arm}:${f.measure}`)?.[0], `${f.arm} ${f.measure}`).toBe(formatNumber(f.value));
      expect(data.get(`arm:${f.arm}:${f.measure}:low`)?.[0]).toBe(formatNumber(f.low));
      expect(data.get(`arm:${f.arm}:${f.measure}:high`)?.[0]).toBe(formatNumber(f.high));
      expect(data.get(`table:${f.arm}:${f.measure}`)?.[0]).toBe(formatNumber(f.value));
    }
    for (const d of figures.differences) {
      const key = `diff:${d.armA}:${d.armB}:${d.measure}`;
      // Said as "N more", "N higher" or "about the same": the stated figure is the size of the difference.
      expect(data.get(key)?.[0], key).toBe(formatNumber(Math.abs(d.value)));
      expect(data.get(`d:${d.armA}:${d.armB}:${d.measure}`)?.[0]).toBe(formatNumber(d.cohensD));
      const text = data.get(key)![1];
      if (text === 'no difference') expect([d.value, d.low, d.high]).toEqual([0, 0, 0]);
      else if (!data.has(`${key}:low`)) expect(Number(text)).toBeGreaterThan(Math.abs(d.value)); // "a difference under 0.1"
      else {
        expect(data.get(`${key}:low`)?.[0]).toBe(formatNumber(d.low));
        expect(data.get(`${key}:high`)?.[0]).toBe(formatNumber(d.high));
      }
    }
  });

  it('rounds each figure to one significant digit of its interval’s half-width, at most a tenth per 100 people', () => {
    expect(decimalsFor(5.2, 2)).toBe(0);
    expect(decimalsFor(0.2, 2)).toBe(1);
    expect(decimalsFor(0.045, 2)).toBe(2);
    expect(decimalsFor(0.014, 1)).toBe(1);
    expect(decimalsFor(0, 1, 12.5)).toBe(1);
    expect(decimalsFor(0, 1, 0)).toBe(0); // every run gave 0: "0", not "0.0"
    expect(formatFixed(-0.016, 1)).toBe('0.0');
    expect(formatFixed(-2.25, 1)).toBe('−2.3');
    expect(formatFigure(1234.56)).toBe('1235');
    expect(formatFigure(-0.01234)).toBe('−0.012');
    for (const f of figures.arm) {
      const m = HEADLINE_MEASURES.find((x) => x.measure === f.measure)!;
      const [, text] = data.get(`arm:${f.arm}:${f.measure}`)!;
      expect(decimalsOf(text), `${f.arm} ${f.measure}: ${text}`).toBe(decimalsFor((f.high - f.low) / 2, m.scale === 'score' ? 2 : 1, f.value));
      expect(Math.abs(Number(text.replace('−', '-')) - f.value)).toBeLessThanOrEqual(0.5 * 10 ** -decimalsOf(text) + 1e-9);
    }
  });

  it('says a difference too small for its precision is about the same, not "0.016 fewer (−0.030 to −0.0020)"', () => {
    // Two CPI arms whose drop-out differs by a sliver: the example.
    const tiny: ReportFigures = {
      ...figures,
      arms: ['high-fidelity', 'low-fidelity'],
      withoutCpi: [],
      differences: figures.differences
        .filter((d) => d.armB === 'low-fidelity')
        .map((d) => (d.measure === 'dropped_out' ? { ...d, value: -0.016, low: -0.03, high: -0.002 } : d)),
    };
    const page = buildReportHtml({ ...input, figures: tiny });
    const item = /<li>People who dropped out of CPI[\s\S]*?<\/li>/.exec(page)![0];
    expect(visibleText(item)).toMatch(/about the same\s+\(a difference under\s+0\.1\s+people per 100 referred\)/);
    expect(item).not.toMatch(/>[−-]?0\.0(16|30|020)</);
    expect(dataOf(page).get('diff:high-fidelity:low-fidelity:dropped_out')).toEqual(['0.016', '0.1']);
  });

  it('does not compare completing or leaving CPI with usual care, which has no CPI to complete or leave', () => {
    expect(data.has('diff:high-fidelity:usual-care:dropped_out')).toBe(false);
    expect(data.has('arm:usual-care:graduated')).toBe(false);
    const section = html.slice(html.indexOf('compared with Usual care'), html.indexOf('</ul>', html.indexOf('compared with Usual care')));
    expect(visibleText(section)).toMatch(/People who dropped out of CPI, per 100 people referred:\s+High fidelity CPI\s+\S+\s+\([^)]*\)\s*\.\s+Not compared: Usual care offers no CPI to complete or leave\./);
  });

  it('opens with a plain summary and the not-a-forecast caveat, before any figure', () => {
    const assumed = parameters.filter((p) => /^assumed/i.test(p.source)).length;
    expect(html.indexOf('<section id="summary">')).toBeGreaterThan(html.indexOf('</header>'));
    expect(html.indexOf('<section id="summary">')).toBeLessThan(html.indexOf('<section', html.indexOf('</header>')) + 1);
    const caveat = visibleText(/<aside class="caveat"[\s\S]*?<\/aside>/.exec(html)![0]).replace(/\s+/g, ' ');
    expect(caveat).toContain('This is not a forecast.');
    expect(caveat).toContain(`${assumed} of its ${parameters.length} parameter values are assumptions`);
    expect(caveat).toMatch(/simulation error only/);
    // The caveat comes before the headline numbers (the summary's own figures are in its first paragraph).
    expect(html.indexOf('id="caveat"')).toBeLessThan(html.indexOf('data-key="arm:'));
    const summary = visibleText(/<p class="summary">[\s\S]*?<\/p>/.exec(html)![0]).replace(/\s+/g, ' ');
    expect(summary).toMatch(/comparing High fidelity CPI , Low fidelity CPI and Usual care \./);
    expect(summary).toMatch(/For High fidelity CPI against Usual care, the model projects \S+ (more|fewer) new social ties per 100 people referred and mental wellbeing \(proxy\) \S+ points (higher|lower)\./);
  });

  it('names options and outcomes in plain words in the body, keeping code names for small print and the appendix', () => {
    const body = html.slice(html.indexOf('</header>'), html.indexOf('<section id="appendix">'));
    // The parameter table quotes each declaration as it is written; it is checked below.
    const text = visibleText(body.replace(/<table class="stack parameters">[\s\S]*?<\/table>/, ''));
    for (const jargon of [/\bhigh-fidelity\b/, /\busual-care\b/, /\breplicates?\b/i, /\broot seed\b/i, /\bticks?\b/i, /\barms?\b/i, /\bd_z\b/]) expect(text).not.toMatch(jargon);
    for (const title of ['High fidelity CPI', 'Low fidelity CPI', 'Usual care']) expect(text).toContain(title);
    // The options table gives each code name in small print, and the appendix says what the files call things.
    expect(html).toContain('<span class="codename">code name <code>high-fidelity</code></span>');
    expect(visibleText(html.slice(html.indexOf('<section id="appendix">'))).replace(/\s+/g, ' ')).toMatch(/an option is an arm , a run is a replicate and a week is a tick \./);
  });

  it('lists every parameter by what it is, with its path, value, unit, range and source, grouped under plain headings', () => {
    expect(parameters.length).toBeGreaterThan(100);
    const fidelity = parameters.find((p) => p.path === 'agencies.fidelity.mean')!;
    expect(fidelity.label).toBe('Mean agency fidelity to the CPI model');
    expect(fidelity.section).toBe('Agencies');
    const effects = parameters.find((p) => p.path === 'barriers.user.selfStigma.effects')!;
    expect(effects.section).toBe('Barrier for service users: Self-stigma');
    expect(effects.value).toMatch(/^user momentum 0\.3, tie formation 0\.3/);
    expect(parameters.find((p) => p.path === 'intervention.enabled')!.value).toBe('yes');
    for (const p of parameters) {
      expect(p.value).not.toMatch(/[{}"]/);
      const row = new RegExp(`<tr><td>${escapeRe(escapeHtml(p.label))}<code class="path">${escapeRe(p.path.replace(/\./g, '.<wbr>').replace(/([a-z])([A-Z])/g, '$1<wbr>$2'))}</code></td><td data-label="Value">${escapeRe(escapeHtml(p.value))}</td><td data-label="Unit">${escapeRe(escapeHtml(p.unit) || '—')}</td><td data-label="Allowed range">${escapeRe(p.range || '—')}</td><td data-label="Source"[^>]*>${escapeRe(escapeHtml(p.source))}</td></tr>`);
      expect(html, p.path).toMatch(row);
    }
    expect(html).toContain('<tr class="group"><th colspan="5" scope="colgroup">Barrier for workers and agencies: Lack of local knowledge</th></tr>');
  });

  it('renders the Markdown of the scenario’s description and escapes the rest', () => {
    expect(html).toContain('A &lt;test&gt; &amp; description; run <code>cpi-sim run</code> with <strong>care</strong>.');
    expect(renderInlineMarkdown('a `x < y` and *this* but not 2*3*4')).toBe('a <code>x &lt; y</code> and <em>this</em> but not 2*3*4');
    expect(visibleText(html.replace(/<pre>[\s\S]*?<\/pre>/g, ''))).not.toContain('`');
  });

  it('is self-contained: no scripts and no outside addresses except SVG namespaces, and a CSP that forbids loads', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('carries a print stylesheet, narrow-screen tables, and the commands that reproduce it', () => {
    expect(html).toMatch(/@media print \{/);
    expect(html).toMatch(/@media \(max-width: 40rem\)/);
    expect(html).toContain('cpi-sim run pilot-england --ticks 8 --replicates 4 --out rep --force');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });
});

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
