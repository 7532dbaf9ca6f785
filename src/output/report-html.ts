// The grant writer's report: one self-contained HTML file (no scripts, no outside requests; charts as
// inline SVG). It opens with a plain summary and the caveat that it is not a forecast, states the headline
// projections in plain language (options by readable name, figures rounded to what their intervals
// support), then the charts, an optional virtual trial (a fidelity-groups trial's power, or the plan of a
// comparative trial: output/report-planning-html.ts), every parameter with its unit, range and source,
// and in an appendix the code names, scenario, seed, manifest and the commands that reproduce it. Screen and
// print stylesheets keep every table inside the page from a phone to A4 and Letter. Part of output/; pure.
import { formatNumber } from './format-number.js';
import { capital, decimalsFor, esc, figure, formatFigure, formatFixed, isZeroText, listText, renderInlineMarkdown, weeksText, withSign } from './report-text.js';
import type { ArmFigure, DifferenceFigure, HeadlineMeasure, ReportFigures } from './report-figures.js';
import { parameterLabel, parameterSection, parameterValueText, type ReportArm } from './report-labels.js';
import { buildPlanningSection, type ReportPlanning } from './report-planning-html.js';

export { decimalsFor, formatFigure, formatFixed, renderInlineMarkdown } from './report-text.js';

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
  /** What the parameter is, in words (its declaration). */
  readonly label: string;
  /** The heading it is listed under. */
  readonly section: string;
  readonly value: string;
  readonly unit: string;
  readonly range: string;
  readonly source: string;
}

export interface ReportInput {
  readonly scenario: { readonly name: string; readonly title: string; readonly description: string };
  readonly seed: number;
  readonly ticks: number;
  /** The arms, titled for readers (output/report-labels.ts labelArms), in the results folder's order. */
  readonly arms: readonly ReportArm[];
  readonly figures: ReportFigures;
  readonly charts: readonly ReportChart[];
  readonly trial?: ReportTrial;
  /** The plan of a comparative trial (a `cpi-sim trial` folder of an individual, cluster or paired-teams design). */
  readonly planning?: ReportPlanning;
  readonly parameters: readonly ReportParameter[];
  /** The results folder's manifest.json and scenario.json texts, shown as they are. */
  readonly manifestText: string;
  readonly scenarioText: string;
  readonly packageVersion: string;
  /** Commands that reproduce the folders and the report, and what the reader needs before running them. */
  readonly reproduce: readonly string[];
  readonly reproduceNote?: string;
}

/** A code path that may wrap after its dots on a narrow page. */
const codePath = (path: string) => `<code class="path">${esc(path).replace(/\./g, '.<wbr>').replace(/([a-z])([A-Z])/g, '$1<wbr>$2')}</code>`;

/** Decimals allowed at most: people and ties per 100 referred to a tenth; scores to a hundredth. */
const maxDecimals = (m: HeadlineMeasure) => (m.scale === 'score' ? 2 : 1);

/** An arm's mean with its interval, rounded to what the interval supports. */
function armValue(key: string, m: HeadlineMeasure, a: ArmFigure): string {
  const d = decimalsFor((a.high - a.low) / 2, maxDecimals(m), a.value);
  return `<strong>${figure(key, a.value, formatFixed(a.value, d))}</strong> <span class="ci">(${figure(`${key}:low`, a.low, formatFixed(a.low, d))} to ${figure(`${key}:high`, a.high, formatFixed(a.high, d))})</span>`;
}

/** "95 more ties (+89 to +102)", "0.64 items higher (…)", "about the same (…)": the first arm against the other, in words. */
function differenceText(m: HeadlineMeasure, d: DifferenceFigure): string {
  const key = `diff:${d.armA}:${d.armB}:${m.measure}`;
  if (d.value === 0 && d.low === 0 && d.high === 0) return `<strong>${figure(key, 0, 'no difference')}</strong> in any run`;
  const dec = decimalsFor((d.high - d.low) / 2, maxDecimals(m), d.value);
  const size = formatFixed(Math.abs(d.value), dec);
  const low = formatFixed(d.low, dec);
  const high = formatFixed(d.high, dec);
  const per = m.scale === 'score' ? '' : ' per 100 referred';
  if (isZeroText(size)) {
    const step = formatFixed(10 ** -dec, dec);
    // The interval rounds to zero as well: the difference is too small to state at this precision.
    if (isZeroText(low) && isZeroText(high))
      return `<strong>about the same</strong> <span class="ci">(a difference under ${figure(key, Math.abs(d.value), step)} ${esc(m.unit)}${per})</span>`;
    return `<strong>about the same</strong> <span class="ci">(difference ${figure(key, Math.abs(d.value), size)}, interval ${figure(`${key}:low`, d.low, withSign(low))} to ${figure(`${key}:high`, d.high, withSign(high))})</span>`;
  }
  const words = m.scale === 'score' ? `${esc(m.unit)} ${d.value > 0 ? 'higher' : 'lower'}` : `${d.value > 0 ? 'more' : 'fewer'} ${esc(m.unit)}`;
  return `<strong>${figure(key, Math.abs(d.value), size)} ${words}</strong> <span class="ci">(${figure(`${key}:low`, d.low, withSign(low))} to ${figure(`${key}:high`, d.high, withSign(high))})</span>`;
}

const STYLE = `
:root { --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; --bg-soft: #f5f7fa; --warn: #9a3412; --warn-bg: #fff7ed; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { font: 16px/1.5 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 62rem; padding: 1.5rem 2rem 4rem; overflow-wrap: break-word; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid var(--rule); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
.lede { color: var(--muted); margin-top: 0; }
.summary { font-size: 1.05rem; }
.caveat { background: var(--warn-bg); border-left: 4px solid var(--warn); padding: .6rem 1rem; margin: 1rem 0; }
.caveat p { margin: .3rem 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
.headline { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: .6rem 1.2rem .6rem 2rem; margin: .6rem 0; }
.headline li { margin: .45rem 0; }
.ci { color: var(--muted); }
.ci data, .ci .nw { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td .ci { display: block; font-size: .85em; }
tr.group th { background: var(--bg-soft); font-size: 1.1em; padding-top: .5rem; }
table.parameters { table-layout: fixed; font-size: .82rem; }
table.design th { width: 11rem; overflow-wrap: normal; }
table.costs td.num { white-space: nowrap; }
table.parameters col.c-what { width: 34%; } table.parameters col.c-value { width: 15%; } table.parameters col.c-unit { width: 13%; }
table.parameters col.c-range { width: 12%; } table.parameters col.c-source { width: 26%; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .85rem; }
code { overflow-wrap: anywhere; }
code.path, .codename { display: block; color: var(--muted); font-size: .85em; font-weight: normal; }
.codename code { font-size: 1em; }
figure { margin: 1.2rem 0 1.8rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .3rem; }
pre { background: var(--bg-soft); padding: .8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.note { font-size: .9rem; color: var(--muted); }
th .note, td .note { font-size: .9em; }
.assumed { color: var(--warn); }
details summary { cursor: pointer; color: var(--accent); }
@media (max-width: 40rem) {
  body { padding: 1rem .9rem 3rem; }
  h1 { font-size: 1.4rem; }
  nav ol { columns: 1; }
  .headline { padding: .5rem .6rem .5rem 1.6rem; }
  /* Tables become one block per row, each cell named by its column. */
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack th { display: block; width: auto; }
  table.stack thead, table.stack colgroup { display: none; }
  table.stack tr { border-bottom: 1px solid var(--rule); padding: .3rem 0; }
  table.stack td, table.stack th { border: 0; padding: .1rem 0; text-align: left; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: bold; }
  table.stack td .ci { display: inline; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav, details summary { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  #planning { break-before: page; page-break-before: always; }
  tr, .headline li, .caveat, table.costs { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  table.parameters { font-size: 7.5pt; }
  pre { font-size: 7.5pt; }
  th, td { padding: .2rem .4rem; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 16mm 14mm; }
}
`;

/** Stages: (1) summary and caveat, (2) headline sentences, (3) tables, (4) charts, (5) trial or the plan of the next study, (6) assumptions, (7) appendix. */
export function buildReportHtml(input: ReportInput): string {
  const f = input.figures;
  const pct = `${formatNumber(Math.round(f.level * 1000) / 10)}%`;
  const armFig = (arm: string, measure: string) => f.arm.find((x) => x.arm === arm && x.measure === measure);
  const diffFig = (b: string, measure: string) => f.differences.find((x) => x.armB === b && x.measure === measure);
  const title = (arm: string) => input.arms.find((a) => a.name === arm)?.title ?? arm;
  const cpi = (arm: string) => !f.withoutCpi.includes(arm);
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const assumed = input.parameters.filter((p) => /^assumed/i.test(p.source)).length;
  const [first, ...others] = f.arms;
  const runs = `${f.replicates} runs`;

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
    `<p class="lede">${esc(input.scenario.title)}. Simulated with the cpi-sim model ${esc(input.packageVersion)}: ${runs} of ${f.users} people referred, followed for ${weeksText(input.ticks)}.</p>`,
    '</header>',
  );

  // 1. Summary, and the caveat beside the numbers: what the figures are and what they are not.
  const compared = others.length ? others.find((b) => !cpi(b)) ?? others[0] : undefined;
  const findings: string[] = [];
  if (compared) {
    for (const measure of ['new_ties', 'wellbeing']) {
      const m = f.measures.find((x) => x.measure === measure);
      const d = m && diffFig(compared, measure);
      if (!m || !d) continue;
      const dec = decimalsFor((d.high - d.low) / 2, maxDecimals(m), d.value);
      const size = formatFixed(Math.abs(d.value), dec);
      const key = `diff:${d.armA}:${d.armB}:${m.measure}`;
      if (isZeroText(size)) findings.push(`about the same ${esc(m.short)}`);
      else if (m.scale === 'score') findings.push(`${esc(m.short)} ${figure(key, Math.abs(d.value), size)} ${esc(m.unit)} ${d.value > 0 ? 'higher' : 'lower'}`);
      else findings.push(`${figure(key, Math.abs(d.value), size)} ${d.value > 0 ? 'more' : 'fewer'} ${esc(m.short)} per 100 people referred`);
    }
  }
  push(
    '<section id="summary">',
    '<h2>Summary</h2>',
    `<p class="summary">This report shows what a computer simulation of the Connecting People Intervention (CPI) projects for ${f.users} people referred and followed for ${weeksText(f.tick)}, ${
      f.arms.length > 1 ? `comparing ${listText(f.arms.map((a) => `<strong>${esc(title(a))}</strong>`))}` : `under <strong>${esc(title(first))}</strong>`
    }.${compared && findings.length ? ` For ${esc(title(first))} against ${esc(title(compared))}, the model projects ${listText(findings)}.` : ''} Every figure is the average of ${runs} of the model, each with a different simulated population.</p>`,
    '<aside class="caveat" id="caveat" aria-label="How to read these figures">',
    '<p><strong>This is not a forecast.</strong> The model turns what is known and assumed about how CPI works into numbers and follows them through. ' +
      `${assumed} of its ${input.parameters.length} parameter values are assumptions rather than measurements, so the figures show what follows from those assumptions, not what a service will achieve.</p>`,
    `<p>The ranges in brackets are <strong>simulation error only</strong>: they say how precisely ${runs} pin down the model’s own average. They do not show how far the real outcome could differ, which depends on the assumptions (see <a href="#uncertainty">What the ranges mean</a>).</p>`,
    '</aside>',
    '</section>',
    '<nav aria-label="Contents"><ol>',
    '<li><a href="#headline">Headline projections</a></li><li><a href="#arms">Outcomes for each option</a></li><li><a href="#charts">Charts</a></li>',
    input.trial ? '<li><a href="#trial">Virtual trial and power</a></li>' : '',
    input.planning ? '<li><a href="#planning">Planning the next study</a></li>' : '',
    '<li><a href="#uncertainty">What the ranges mean</a></li><li><a href="#assumptions">Assumptions and their sources</a></li><li><a href="#appendix">Technical appendix</a></li><li><a href="#reproduce">How to reproduce</a></li>',
    '</ol></nav>',
  );

  // 2. Headline sentences: the first arm against each other arm (the levels alone with a single arm).
  push('<section id="headline">', '<h2>Headline projections</h2>');
  const measureLead = (m: HeadlineMeasure) => `${esc(capital(m.label))}${m.scale === 'score' ? '' : ', per 100 people referred'}: `;
  const levelItem = (m: HeadlineMeasure, a: ArmFigure) => `${esc(title(a.arm))} ${armValue(`arm:${a.arm}:${m.measure}`, m, a)}`;
  if (!others.length) {
    push(`<h3>${esc(title(first))}, after ${weeksText(f.tick)}</h3>`, '<ul class="headline">');
    for (const m of f.measures) {
      const a = armFig(first, m.measure);
      if (a) push(`<li>${measureLead(m)}${levelItem(m, a)}.</li>`);
    }
    push('</ul>');
  }
  for (const b of others) {
    push(`<h3>${esc(title(first))} compared with ${esc(title(b))}, after ${weeksText(f.tick)}</h3>`, '<ul class="headline">');
    for (const m of f.measures) {
      const a = armFig(first, m.measure);
      const bb = armFig(b, m.measure);
      const d = diffFig(b, m.measure);
      if (a && bb && d) push(`<li>${measureLead(m)}${levelItem(m, a)} against ${levelItem(m, bb)}: ${differenceText(m, d)}.</li>`);
      else if (m.cpiOnly && (a || bb)) {
        // Completing or leaving CPI means nothing where CPI is not delivered: state the CPI arm's level only.
        const withCpi = (a ?? bb)!;
        const without = a ? b : first;
        push(`<li>${measureLead(m)}${levelItem(m, withCpi)}. Not compared: ${esc(title(without))} offers no CPI to complete or leave.</li>`);
      }
    }
    push('</ul>');
  }
  push(
    `<p class="note">In brackets: the ${pct} confidence interval of the model’s average over ${runs} (simulation error only). Within each run the options share the same people and the same chance events, so the differences are paired. “Per 100 people referred” scales the average per person (or the share of people) to 100 referrals. Figures are rounded to what their intervals support.</p>`,
    '</section>',
  );

  // 3. Outcomes by arm, and the paired differences.
  push(
    '<section id="arms">',
    '<h2>Outcomes for each option</h2>',
    `<p>Average at the end of follow-up over everyone referred, with its ${pct} interval and the range that held 90% of the runs (what one group of ${f.users} people might see by chance).</p>`,
  );
  push('<table class="stack outcomes">', `<thead><tr><th>Outcome</th>${f.arms.map((a) => `<th class="num">${esc(title(a))}</th>`).join('')}</tr></thead>`, '<tbody>');
  let notDelivered = false;
  for (const m of f.measures) {
    const cells = f.arms.map((a) => {
      const x = armFig(a, m.measure);
      if (!x) {
        notDelivered ||= m.cpiOnly === true && !cpi(a);
        return `<td class="num" data-label="${esc(title(a))}">${m.cpiOnly && !cpi(a) ? 'no CPI' : 'n/a'}</td>`;
      }
      const d = decimalsFor((x.high - x.low) / 2, maxDecimals(m), x.value);
      const fx = (v: number) => formatFixed(v, d);
      return `<td class="num" data-label="${esc(title(a))}">${figure(`table:${a}:${m.measure}`, x.value, fx(x.value))} <span class="ci"><span class="nw">${pct}: ${fx(x.low)} to ${fx(x.high)}</span>; <span class="nw">90% of runs: ${fx(x.q05)} to ${fx(x.q95)}</span></span></td>`;
    });
    push(`<tr><th scope="row">${esc(capital(m.label))}${m.scale === 'score' ? '' : ' <span class="note">(per 100 referred)</span>'}</th>${cells.join('')}</tr>`);
  }
  push('</tbody></table>');
  if (notDelivered) push('<p class="note">“no CPI”: the option does not deliver CPI, so nobody completes or leaves it.</p>');
  if (others.length) {
    push(
      '<h3>Differences between options, run by run</h3>',
      `<p>${esc(title(first))} minus each other option within the same run (same people, same chance events), averaged over ${runs}, with the ${pct} interval. d<sub>z</sub> is the average difference divided by its spread between runs. Because the pairing removes the differences between people, d<sub>z</sub> is large and is not the effect size a study comparing different people would find${input.trial ? ' (the virtual trial below gives that)' : input.planning ? ' (the planned trial below gives that)' : ' (a virtual trial, <code>cpi-sim trial</code>, gives that)'}.</p>`,
      '<table class="stack differences">',
      `<thead><tr><th>Outcome</th>${others.map((b) => `<th class="num">${esc(title(first))} − ${esc(title(b))}</th>`).join('')}</tr></thead>`,
      '<tbody>',
    );
    for (const m of f.measures) {
      const cells = others.map((b) => {
        const label = `${esc(title(first))} − ${esc(title(b))}`;
        const d = diffFig(b, m.measure);
        if (!d) return `<td class="num" data-label="${label}">${m.cpiOnly ? 'not compared' : 'n/a'}</td>`;
        const dec = decimalsFor((d.high - d.low) / 2, maxDecimals(m), d.value);
        const fx = (v: number) => withSign(formatFixed(v, dec));
        const tiny = isZeroText(formatFixed(d.value, dec)) && isZeroText(formatFixed(d.low, dec)) && isZeroText(formatFixed(d.high, dec));
        const size =
          d.value === 0 && d.low === 0 && d.high === 0
            ? 'none in any run'
            : tiny
              ? `under ${formatFixed(10 ** -dec, dec)} either way`
              : `${fx(d.value)} <span class="nw">(${fx(d.low)} to ${fx(d.high)})</span>`;
        return `<td class="num" data-label="${label}">${size} <span class="ci">d<sub>z</sub> ${figure(`d:${d.armA}:${d.armB}:${m.measure}`, d.cohensD, formatFigure(d.cohensD))}</span></td>`;
      });
      push(`<tr><th scope="row">${esc(capital(m.label))}</th>${cells.join('')}</tr>`);
    }
    push('</tbody></table>');
  }
  push('</section>');

  // 4. Charts.
  push('<section id="charts">', '<h2>Charts</h2>');
  const renamed = input.arms.filter((a) => a.title !== a.name);
  if (input.charts.length && renamed.length)
    push(`<p class="note">The charts label the options by their code names: ${listText(renamed.map((a) => `<code>${esc(a.name)}</code> is ${esc(a.title)}`))}. A week is one step of the model.</p>`);
  for (const c of input.charts) push(`<figure id="${esc(c.id)}" aria-labelledby="${esc(c.id)}-caption">`, c.svg, `<figcaption id="${esc(c.id)}-caption"><strong>${esc(c.title)}.</strong> ${esc(c.caption)}</figcaption>`, '</figure>');
  if (!input.charts.length) push('<p>No charts were requested.</p>');
  push('</section>');

  // 5. The virtual trial.
  if (input.trial) {
    const t = input.trial;
    const powerDec = decimalsFor(((t.powerHigh - t.powerLow) * 100) / 2, 1);
    const n80 = t.interpolatedN ?? t.smallestN;
    push(
      '<section id="trial">',
      '<h2>Virtual trial and power</h2>',
      `<p>The virtual trial ${t.title ? `“${renderInlineMarkdown(t.title)}”` : `<code>${esc(t.name)}</code>`} ran the study ${t.replicates} times on the model, with ${t.referrals} people referred each time: participants were sampled, followed up and analysed as the real study would be. `,
      `The analysis found a significant effect (at the ${formatNumber(t.alpha * 100)}% level) in ${figure('trial:power', t.power, `${formatFixed(t.power * 100, powerDec)}%`)} of the simulated studies: that is the study’s power if the model’s assumptions hold (95% interval ${formatFixed(t.powerLow * 100, powerDec)}% to ${formatFixed(t.powerHigh * 100, powerDec)}%). `,
      `The median effect size was partial η² = ${figure('trial:eta2', t.medianPartialEtaSquared)} (95% of simulated studies between ${formatFigure(t.partialEtaSquaredLow)} and ${formatFigure(t.partialEtaSquaredHigh)}), median p = ${figure('trial:p', t.medianP)}.`,
      n80 != null ? ` About ${figure('trial:n80', n80, formatFigure(Math.ceil(n80)))} people referred give 80% power.</p>` : '</p>',
    );
    if (t.chart) push(`<figure id="${esc(t.chart.id)}">`, t.chart.svg, `<figcaption><strong>${esc(t.chart.title)}.</strong> ${esc(t.chart.caption)}</figcaption>`, '</figure>');
    push('</section>');
  }

  if (input.planning) push(buildPlanningSection(input.planning));

  // 6. What the ranges mean; assumptions and sources.
  const sections = new Map<string, ReportParameter[]>();
  for (const p of input.parameters) sections.set(p.section, [...(sections.get(p.section) ?? []), p]);
  push(
    '<section id="uncertainty">',
    '<h2>What the ranges mean</h2>',
    `<p>The ${pct} intervals show <em>simulation</em> error: how precisely ${runs} pin down the model’s average. They shrink as runs are added. The 90% ranges show how much one group of ${f.users} people can vary by chance. Neither shows uncertainty about the model’s assumptions: ${assumed} of the ${input.parameters.length} parameter values below are marked as assumed rather than taken from a study, and the projections are only as good as those values. Sensitivity analyses (<code>cpi-sim sweep</code> and <code>cpi-sim analyze sensitivity</code>) show which assumptions matter most.</p>`,
    '</section>',
    '<section id="assumptions">',
    '<h2>Assumptions and their sources</h2>',
    '<h3>The options compared</h3>',
    '<table class="stack options"><thead><tr><th>Option</th><th>What it is</th><th>What it changes from the scenario</th></tr></thead><tbody>',
    ...input.arms.map(
      (a) =>
        `<tr><th scope="row">${esc(a.title)}${a.cpi ? '' : ' <span class="note">(no CPI)</span>'}<span class="codename">code name <code>${esc(a.name)}</code></span></th><td data-label="What it is">${renderInlineMarkdown(capital(a.description)) || '—'}</td><td data-label="What it changes">${
          a.changes.length ? a.changes.map((c) => `${esc(c.label)}: <strong>${esc(c.value)}</strong>${codePath(c.path)}`).join('<br>') : 'nothing'
        }</td></tr>`,
    ),
    '</tbody></table>',
    '<h3>Parameters</h3>',
    `<p>Every value the model uses, with its unit, the range it may take and where it comes from; <span class="assumed">assumed</span> values are not taken from a study. The small print under each name is the parameter's path in scenario files.</p>`,
    '<table class="stack parameters"><colgroup><col class="c-what"><col class="c-value"><col class="c-unit"><col class="c-range"><col class="c-source"></colgroup>',
    '<thead><tr><th>Parameter</th><th>Value</th><th>Unit</th><th>Allowed range</th><th>Source</th></tr></thead>',
  );
  for (const [section, params] of sections) {
    push('<tbody>', `<tr class="group"><th colspan="5" scope="colgroup">${esc(section)}</th></tr>`);
    for (const p of params)
      push(
        `<tr><td>${esc(p.label)}${codePath(p.path)}</td><td data-label="Value">${esc(p.value)}</td><td data-label="Unit">${esc(p.unit) || '—'}</td><td data-label="Allowed range">${esc(p.range) || '—'}</td><td data-label="Source"${/^assumed/i.test(p.source) ? ' class="assumed"' : ''}>${esc(p.source)}</td></tr>`,
      );
    push('</tbody>');
  }
  push('</table>', '</section>');

  // 7. Appendix: code names, seed, manifest, the scenario, and how to reproduce.
  push(
    '<section id="appendix">',
    '<h2>Technical appendix</h2>',
    `<p><strong>${esc(input.scenario.title)}</strong> (scenario <code>${esc(input.scenario.name)}</code>). ${renderInlineMarkdown(input.scenario.description)}</p>`,
    `<p>In the files and charts an option is an <em>arm</em>, a run is a <em>replicate</em> and a week is a <em>tick</em>. Root seed ${input.seed}; replicate 0 runs with the root seed and replicate r with a seed hashed from (seed, r). ${f.replicates} replicates, ${input.ticks} weekly ticks.</p>`,
    '<details><summary>The results folder’s manifest.json</summary>',
    `<pre>${esc(input.manifestText)}</pre>`,
    '</details>',
    '<details><summary>The complete scenario (scenario.json)</summary>',
    `<pre>${esc(input.scenarioText)}</pre>`,
    '</details>',
    '</section>',
    '<section id="reproduce">',
    '<h2>How to reproduce</h2>',
    `<p>With cpi-sim ${esc(input.packageVersion)} installed (<code>npm install</code> in its folder), these commands rebuild the results (every file but the manifests’ timings byte for byte) and then this report.${input.reproduceNote ? ` ${renderInlineMarkdown(input.reproduceNote)}` : ''}</p>`,
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
      out.push({
        path,
        label: parameterLabel(path),
        section: parameterSection(path),
        value: parameterValueText(leaf.value, formatNumber),
        unit: leaf.unit ?? '',
        range: rangeText(leaf.range),
        source: leaf.source ?? '',
      });
    } else out.push(...listReportParameters(node, path));
  }
  return out;
}
