// Tests for the report's figures and HTML (src/output/report-figures.ts, src/output/report-html.ts): the
// numbers the report states are the analysis's numbers, scaled as it says; the page is self-contained
// (no scripts, no outside addresses), prints cleanly, and lists every parameter with its source.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runReplicates } from '../../src/engine/run-replicates.js';
import { summarizeReplicates } from '../../src/analysis/replicates.js';
import { buildReportFigures, HEADLINE_MEASURES, headlineScale } from '../../src/output/report-figures.js';
import { buildReportHtml, formatFigure, listReportParameters } from '../../src/output/report-html.js';
import { formatNumber } from '../../src/output/format-number.js';

const scenario = loadScenario('teaching-barriers', { set: [['ticks', 6]] });
const tables = summarizeReplicates(runReplicates(scenario, { replicates: 5 }));
const arms = scenario.arms.map((a) => a.name);
const users = scenario.params.serviceUsers.referrals;
const figures = buildReportFigures({ summaries: tables.summaries, differences: tables.differences, arms, users, ticks: 6, level: 0.95, replicates: 5 });

const html = buildReportHtml({
  scenario: { name: scenario.name, title: scenario.title, description: 'A <test> & description' },
  seed: scenario.seed,
  ticks: 6,
  arms: scenario.arms.map((a) => ({ name: a.name, description: a.description, overrides: ['barriers.user.selfStigma.enabled = false'] })),
  figures,
  charts: [{ id: 'chart-a', title: 'A chart', caption: 'What it shows.', svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>axis</text></svg>' }],
  parameters: listReportParameters((scenario.document as unknown as { parameters: unknown }).parameters),
  manifestText: '{"seed": 7}',
  scenarioText: '{"name": "teaching-barriers"}',
  packageVersion: '0.1.0',
  reproduce: ['cpi-sim run scenario.json --replicates 5', 'cpi-sim report . --out report.html'],
});

/** Every <data> figure of the page: key → value attribute. */
const data = new Map([...html.matchAll(/<data class="fig" data-key="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));

describe('report figures', () => {
  it('are the final-tick analysis values of group "all", scaled per 100 people referred for ties and counts', () => {
    const row = (arm: string, measure: string) => tables.summaries.find((r) => r.arm === arm && r.tick === 6 && r.group === 'all' && r.measure === measure)!;
    const ties = figures.arm.find((f) => f.arm === arms[0] && f.measure === 'new_ties')!;
    expect(ties.value).toBeCloseTo(row(arms[0], 'new_ties').mean * 100, 10);
    expect(ties.low).toBeCloseTo(row(arms[0], 'new_ties').ci_low * 100, 10);
    const rg = figures.arm.find((f) => f.arm === arms[1] && f.measure === 'rg_total')!;
    expect(rg.value).toBe(row(arms[1], 'rg_total').mean);
    const dropped = HEADLINE_MEASURES.find((m) => m.measure === 'dropped_out')!;
    expect(headlineScale(dropped, users)).toBeCloseTo(100 / users, 12);
    const d = figures.differences.find((x) => x.measure === 'rg_total')!;
    const dr = tables.differences.find((r) => r.tick === 6 && r.group === 'all' && r.measure === 'rg_total')!;
    expect([d.armA, d.armB]).toEqual([dr.arm_a, dr.arm_b]);
    expect(d.value).toBe(dr.mean_diff);
    expect(d.cohensD).toBe(dr.cohens_d);
  });
});

describe('the report page', () => {
  it('states every headline figure with the value the analysis gives', () => {
    expect(data.size).toBeGreaterThan(20);
    for (const f of figures.arm) {
      expect(data.get(`arm:${f.arm}:${f.measure}`), `${f.arm} ${f.measure}`).toBe(formatNumber(f.value));
      expect(data.get(`arm:${f.arm}:${f.measure}:low`)).toBe(formatNumber(f.low));
      expect(data.get(`table:${f.arm}:${f.measure}`)).toBe(formatNumber(f.value));
    }
    for (const d of figures.differences) {
      const key = `diff:${d.armA}:${d.armB}:${d.measure}`;
      const score = HEADLINE_MEASURES.find((m) => m.measure === d.measure)!.scale === 'score';
      // Ties and counts are said as "N more" or "N fewer": the stated figure is the size of the difference.
      expect(data.get(key), key).toBe(formatNumber(score ? d.value : Math.abs(d.value)));
      if (d.value === 0 && d.low === 0 && d.high === 0) continue; // said as "no difference in any replicate"
      expect(data.get(`${key}:low`)).toBe(formatNumber(d.low));
      expect(data.get(`${key}:high`)).toBe(formatNumber(d.high));
    }
  });

  it('shows the printed text of a figure rounded from its value', () => {
    const f = figures.arm.find((x) => x.measure === 'rg_total')!;
    expect(html).toContain(`value="${formatNumber(f.value)}">${formatFigure(f.value)}</data>`);
    expect(formatFigure(1234.56)).toBe('1235');
    expect(formatFigure(12.345)).toBe('12.3');
    expect(formatFigure(-0.01234)).toBe('−0.012');
    expect(formatFigure(0)).toBe('0');
  });

  it('is self-contained: no scripts and no outside addresses except SVG namespaces, and a CSP that forbids loads', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<)]+/g)].map((m) => m[0]);
    expect(urls.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes text from the scenario and carries a print stylesheet', () => {
    expect(html).toContain('A &lt;test&gt; &amp; description');
    expect(html).toMatch(/@media print \{/);
    expect(html).toMatch(/break-inside: avoid/);
  });

  it('lists every parameter with its unit, range and source, and the commands that reproduce it', () => {
    const params = listReportParameters((scenario.document as unknown as { parameters: unknown }).parameters);
    expect(params.length).toBeGreaterThan(100);
    const fidelity = params.find((p) => p.path === 'agencies.fidelity.mean')!;
    expect(fidelity.unit).not.toBe('');
    expect(fidelity.source).not.toBe('');
    for (const p of params.slice(0, 40)) expect(html).toContain(`<code>${p.path}</code>`);
    expect(html).toContain('cpi-sim run scenario.json --replicates 5');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  });
});
