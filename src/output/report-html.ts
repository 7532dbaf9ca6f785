// The grant writer's report: one self-contained HTML file (no scripts, no outside requests; charts as
// inline SVG) with the headline projections in plain language and their intervals, the charts, an optional
// virtual trial, every parameter with its unit, range and source, the scenario, seed and manifest, and the
// commands that reproduce it; a print stylesheet so it prints to PDF cleanly. Part of output/; pure.
import { formatNumber } from './format-number.js';
import type { ArmFigure, DifferenceFigure, HeadlineMeasure, ReportFigures } from './report-figures.js';

/** A chart as the report shows it. */
export interface ReportChart {
  readonly id: string;
  readonly title: string;
  /** One or two sentences saying what the chart shows and how to read its bands. */
  readonly caption: string;
  /** The chart rendered to SVG (its own text, not escaped). */
  readonly svg: string;
}

/** The virtual trial section (from a `cpi-sim trial` folder's trial-summary.json). */
export interface ReportTrial {
  readonly name: string;
  readonly title?: string;
  readonly replicates: number;
  readonly referrals: number;
  readonly alpha: number;
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  readonly medianPartialEtaSquared: number;
  readonly partialEtaSquaredLow: number;
  readonly partialEtaSquaredHigh: number;
  readonly medianP: number;
  /** Smallest simulated number of referrals with at least 80% power (when a power curve was run). */
  readonly smallestN?: number | null;
  readonly interpolatedN?: number | null;
  readonly chart?: ReportChart;
}

export interface ReportParameter {
  readonly path: string;
  readonly value: string;
  readonly unit: string;
  readonly range: string;
  readonly source: string;
}

export interface ReportInput {
  readonly scenario: { readonly name: string; readonly title: string; readonly description: string };
  readonly seed: number;
  readonly ticks: number;
  readonly arms: ReadonlyArray<{ readonly name: string; readonly description: string; readonly overrides: readonly string[] }>;
  readonly figures: ReportFigures;
  readonly charts: readonly ReportChart[];
  readonly trial?: ReportTrial;
  readonly parameters: readonly ReportParameter[];
  /** The results folder's manifest.json and scenario.json texts, shown as they are. */
  readonly manifestText: string;
  readonly scenarioText: string;
  readonly packageVersion: string;
  /** Commands that reproduce the folder and the report. */
  readonly reproduce: readonly string[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A number as the report prints it: 3 significant digits for small values, whole numbers from 100 on. */
export function formatFigure(v: number): string {
  if (v !== v) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
  return text.replace(/^-/, '−');
}

const signed = (v: number) => (v > 0 ? '+' : '') + formatFigure(v);


/** A figure with its machine-readable value, for readers and for tests that hold the text to the analysis. */
function figure(key: string, v: number, text = formatFigure(v)): string {
  return `<data class="fig" data-key="${esc(key)}" value="${formatNumber(v)}">${esc(text)}</data>`;
}

const interval = (key: string, f: { value: number; low: number; high: number }, sign = false) =>
  `${figure(key, f.value, sign ? signed(f.value) : formatFigure(f.value))} <span class="ci">(${figure(`${key}:low`, f.low)} to ${figure(`${key}:high`, f.high)})</span>`;

function weeksText(ticks: number): string {
  const months = Math.round((ticks * 7) / 30.44);
  return `${ticks} weeks (about ${months} month${months === 1 ? '' : 's'})`;
}

function headlineSentence(m: HeadlineMeasure, a: ArmFigure, b: ArmFigure, d: DifferenceFigure, pct: string): string {
  const key = (x: string) => `${x}:${m.measure}`;
  const per = m.scale === 'score' ? '' : 'Per 100 people referred, ';
  const lead = m.scale === 'score' ? `${capital(m.label)}: ` : `${per}${esc(m.label)}: `;
  const more = d.value >= 0 ? 'more' : 'fewer';
  const none = d.value === 0 && d.low === 0 && d.high === 0;
  const diffText = none
    ? `${figure(key(`diff:${d.armA}:${d.armB}`), 0, 'no difference')} in any replicate`
    : m.scale === 'score'
      ? `a difference of ${interval(key(`diff:${d.armA}:${d.armB}`), d, true)} ${esc(m.unit)} (Cohen's d<sub>z</sub> ${figure(key(`d:${d.armA}:${d.armB}`), d.cohensD, formatFigure(d.cohensD))})`
      : `${figure(key(`diff:${d.armA}:${d.armB}`), Math.abs(d.value), formatFigure(Math.abs(d.value)))} ${more} ${esc(m.unit)} <span class="ci">(${pct} interval of the difference ${figure(`${key(`diff:${d.armA}:${d.armB}`)}:low`, d.low, signed(d.low))} to ${figure(`${key(`diff:${d.armA}:${d.armB}`)}:high`, d.high, signed(d.high))})</span>`;
  return `<li>${lead}<strong>${esc(a.arm)}</strong> ${interval(key(`arm:${a.arm}`), a)} against <strong>${esc(b.arm)}</strong> ${interval(key(`arm:${b.arm}`), b)}; ${diffText}.</li>`;
}

const capital = (s: string) => esc(s.charAt(0).toUpperCase() + s.slice(1));

const STYLE = `
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --bg-soft: #f5f7fa; }
* { box-sizing: border-box; }
body { font: 16px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 62rem; padding: 1.5rem 2rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.lede { color: var(--muted); margin-top: 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
.headline { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: .6rem 1.2rem; }
.headline li { margin: .45rem 0; }
.ci { color: var(--muted); white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.2rem 0 1.8rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; }
pre { background: var(--bg-soft); padding: .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.note { font-size: .9rem; color: var(--muted); }
.assumed { color: #9a3412; }
details summary { cursor: pointer; color: var(--accent); }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav, details summary { display: none; }
  details > *:not(summary) { display: block; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, .headline { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; font-size: 7.5pt; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 16mm 14mm; }
}
`;

/** Stages: (1) headline sentences, (2) tables, (3) charts, (4) trial, (5) assumptions, (6) provenance. */
export function buildReportHtml(input: ReportInput): string {
  const f = input.figures;
  const pct = `${formatNumber(Math.round(f.level * 1000) / 10)}%`;
  const armFig = (arm: string, measure: string) => f.arm.find((x) => x.arm === arm && x.measure === measure);
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const assumed = input.parameters.filter((p) => /^assumed/i.test(p.source)).length;

  push(
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<meta name="generator" content="cpi-sim ${esc(input.packageVersion)}">`,
    `<title>Projected outcomes: ${esc(input.scenario.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>Projected outcomes of the Connecting People Intervention</h1>`,
    `<p class="lede">${esc(input.scenario.title)} — scenario <code>${esc(input.scenario.name)}</code>, ${f.replicates} simulated replicates, root seed ${input.seed}, ${weeksText(input.ticks)}, ${f.users} people referred per replicate. Made with cpi-sim ${esc(input.packageVersion)}.</p>`,
    '</header>',
    '<nav aria-label="Contents"><ol>',
    '<li><a href="#headline">Headline projections</a></li><li><a href="#arms">Outcomes by arm</a></li><li><a href="#charts">Charts</a></li>',
    input.trial ? '<li><a href="#trial">Virtual trial and power</a></li>' : '',
    '<li><a href="#uncertainty">What the intervals mean</a></li><li><a href="#assumptions">Assumptions and parameter sources</a></li><li><a href="#provenance">Scenario, seed and manifest</a></li><li><a href="#reproduce">How to reproduce</a></li>',
    '</ol></nav>',
  );

  // 1. Headline sentences: the first arm against each other arm.
  push('<section id="headline">', '<h2>Headline projections</h2>');
  const [first, ...others] = f.arms;
  for (const b of others) {
    push(`<h3>${esc(first)} compared with ${esc(b)}, after ${weeksText(f.tick)}</h3>`, '<ul class="headline">');
    for (const m of f.measures) {
      const a = armFig(first, m.measure);
      const bb = armFig(b, m.measure);
      const d = f.differences.find((x) => x.armB === b && x.measure === m.measure);
      if (a && bb && d) push(headlineSentence(m, a, bb, d, pct));
    }
    push('</ul>');
  }
  push(
    `<p class="note">Figures are means over ${f.replicates} simulated replicates with ${pct} confidence intervals in brackets; the arms of each replicate share the same people and the same chance events, so differences are paired. “Per 100 people referred” scales the mean per person (or the share of people) to 100 referrals. Because the pairing removes the differences between people, Cohen's d<sub>z</sub> here is large and is not the effect size a study comparing different people would find${input.trial ? ' (the virtual trial below gives that)' : ' (a virtual trial, <code>cpi-sim trial</code>, gives that)'}.</p>`,
    '</section>',
  );

  // 2. Outcomes by arm.
  push('<section id="arms">', '<h2>Outcomes by arm</h2>', '<p>Mean at the end of follow-up over all people referred, with its interval and the 90% range of single replicates (what one cohort of this size might see).</p>');
  push('<table>', `<thead><tr><th>Outcome</th>${f.arms.map((a) => `<th class="num">${esc(a)}</th>`).join('')}</tr></thead>`, '<tbody>');
  for (const m of f.measures) {
    const cells = f.arms.map((a) => {
      const x = armFig(a, m.measure);
      return x
        ? `<td class="num">${figure(`table:${a}:${m.measure}`, x.value)}<br><span class="ci">${pct}: ${formatFigure(x.low)}–${formatFigure(x.high)}<br>90% of replicates: ${formatFigure(x.q05)}–${formatFigure(x.q95)}</span></td>`
        : '<td class="num">n/a</td>';
    });
    push(`<tr><th scope="row">${capital(m.label)}${m.scale === 'score' ? '' : ' <span class="note">(per 100 referred)</span>'}</th>${cells.join('')}</tr>`);
  }
  push('</tbody></table>');
  if (others.length) {
    push('<h3>Paired differences</h3>', '<table>', `<thead><tr><th>Outcome</th>${others.map((b) => `<th class="num">${esc(first)} − ${esc(b)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const m of f.measures) {
      const cells = others.map((b) => {
        const d = f.differences.find((x) => x.armB === b && x.measure === m.measure);
        return d ? `<td class="num">${signed(d.value)} <span class="ci">(${formatFigure(d.low)} to ${formatFigure(d.high)}); d<sub>z</sub> ${formatFigure(d.cohensD)}</span></td>` : '<td class="num">n/a</td>';
      });
      push(`<tr><th scope="row">${capital(m.label)}</th>${cells.join('')}</tr>`);
    }
    push('</tbody></table>');
  }
  push('</section>');

  // 3. Charts.
  push('<section id="charts">', '<h2>Charts</h2>');
  for (const c of input.charts) push(`<figure id="${esc(c.id)}" aria-labelledby="${esc(c.id)}-caption">`, c.svg, `<figcaption id="${esc(c.id)}-caption"><strong>${esc(c.title)}.</strong> ${esc(c.caption)}</figcaption>`, '</figure>');
  if (!input.charts.length) push('<p>No charts were requested.</p>');
  push('</section>');

  // 4. The virtual trial.
  if (input.trial) {
    const t = input.trial;
    push(
      '<section id="trial">',
      '<h2>Virtual trial and power</h2>',
      `<p>The study design <code>${esc(t.name)}</code>${t.title ? ` (${esc(t.title)})` : ''} was simulated ${t.replicates} times with ${t.referrals} referrals: participants were sampled, followed up and analysed as the study would be. `,
      `The analysis found an effect at α = ${formatFigure(t.alpha)} in ${figure('trial:power', t.power, `${formatFigure(t.power * 100)}%`)} of simulated trials (the power; 95% interval ${formatFigure(t.powerLow * 100)}% to ${formatFigure(t.powerHigh * 100)}%). `,
      `The median effect size was partial η² = ${figure('trial:eta2', t.medianPartialEtaSquared)} (95% of trials between ${formatFigure(t.partialEtaSquaredLow)} and ${formatFigure(t.partialEtaSquaredHigh)}), median p = ${figure('trial:p', t.medianP)}.`,
      t.interpolatedN != null || t.smallestN != null
        ? ` About ${figure('trial:n80', (t.interpolatedN ?? t.smallestN)!, formatFigure(Math.ceil((t.interpolatedN ?? t.smallestN)!)))} referrals give 80% power.</p>`
        : '</p>',
    );
    if (t.chart) push(`<figure id="${esc(t.chart.id)}">`, t.chart.svg, `<figcaption><strong>${esc(t.chart.title)}.</strong> ${esc(t.chart.caption)}</figcaption>`, '</figure>');
    push('</section>');
  }

  // 5. What the intervals mean; assumptions and sources.
  push(
    '<section id="uncertainty">',
    '<h2>What the intervals mean</h2>',
    `<p>The ${pct} intervals show <em>simulation</em> uncertainty: how precisely ${f.replicates} replicates pin down the model’s mean. They shrink as replicates are added. The 90% ranges show how much one cohort of ${f.users} people can vary by chance. Neither shows uncertainty about the model’s assumptions: ${assumed} of the ${input.parameters.length} parameter values below are marked as assumed rather than taken from a study, and the projections are only as good as those values. Sensitivity analyses (<code>cpi-sim sweep</code> and <code>cpi-sim analyze sensitivity</code>) show which assumptions matter most.</p>`,
    '</section>',
    '<section id="assumptions">',
    '<h2>Assumptions and parameter sources</h2>',
    '<h3>Arms</h3>',
    '<table><thead><tr><th>Arm</th><th>Description</th><th>Changes from the scenario</th></tr></thead><tbody>',
    ...input.arms.map((a) => `<tr><td><code>${esc(a.name)}</code></td><td>${esc(a.description)}</td><td>${a.overrides.length ? a.overrides.map((o) => `<code>${esc(o)}</code>`).join('<br>') : 'none'}</td></tr>`),
    '</tbody></table>',
    '<h3>Parameters</h3>',
    '<table><thead><tr><th>Parameter</th><th class="num">Value</th><th>Unit</th><th>Allowed range</th><th>Source</th></tr></thead><tbody>',
    ...input.parameters.map(
      (p) =>
        `<tr><td><code>${esc(p.path)}</code></td><td class="num">${esc(p.value)}</td><td>${esc(p.unit)}</td><td>${esc(p.range)}</td><td${/^assumed/i.test(p.source) ? ' class="assumed"' : ''}>${esc(p.source)}</td></tr>`,
    ),
    '</tbody></table>',
    '</section>',
  );

  // 6. Provenance and reproduction.
  push(
    '<section id="provenance">',
    '<h2>Scenario, seed and manifest</h2>',
    `<p><strong>${esc(input.scenario.title)}</strong> (<code>${esc(input.scenario.name)}</code>). ${esc(input.scenario.description)}</p>`,
    `<p>Root seed ${input.seed}; replicate 0 runs with the root seed and replicate r with a seed hashed from (seed, r). ${f.replicates} replicates, ${input.ticks} weekly ticks.</p>`,
    '<details><summary>The results folder’s manifest.json</summary>',
    `<pre>${esc(input.manifestText)}</pre>`,
    '</details>',
    '<details><summary>The complete scenario (scenario.json)</summary>',
    `<pre>${esc(input.scenarioText)}</pre>`,
    '</details>',
    '</section>',
    '<section id="reproduce">',
    '<h2>How to reproduce</h2>',
    '<p>With cpi-sim installed (<code>npm install</code> in its folder), these commands rebuild the results folder byte for byte and then this report:</p>',
    `<pre>${input.reproduce.map(esc).join('\n')}</pre>`,
    '</section>',
    '</body>',
    '</html>',
    '',
  );
  return out.filter((l) => l !== '').join('\n') + '\n';
}

const rangeText = (r: unknown) => (Array.isArray(r) && r.length === 2 ? `${formatNumber(Number(r[0]))} to ${formatNumber(Number(r[1]))}` : '');

/** Every parameter of a resolved scenario document (its `parameters` tree of {value, unit, range, source} leaves), by path. */
export function listReportParameters(parameters: unknown, prefix = ''): ReportParameter[] {
  const out: ReportParameter[] = [];
  if (parameters === null || typeof parameters !== 'object') return out;
  for (const [key, node] of Object.entries(parameters as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (node !== null && typeof node === 'object' && 'value' in node) {
      const leaf = node as { value: unknown; unit?: string; range?: unknown; source?: string };
      const value = typeof leaf.value === 'number' ? formatNumber(leaf.value) : JSON.stringify(leaf.value);
      out.push({ path, value, unit: leaf.unit ?? '', range: rangeText(leaf.range), source: leaf.source ?? '' });
    } else out.push(...listReportParameters(node, path));
  }
  return out;
}
