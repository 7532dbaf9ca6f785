// The report's "Planning the next study" section, from a comparative virtual trial (individual, cluster or
// paired-teams design against a control arm): the design in words, the power curve with its band, the size
// for 80% and for 90% power with their Monte Carlo error (Landau & Stahl 2013), the ICC and design effect of a
// cluster design, the costs, the ICER with the interval a trial of that size would report, and the
// acceptability curve read at a few values of a point of the outcome; then what the numbers are not (the
// model's assumptions; usual care's cost recorded as 0, docs/ODD.md §7.11). Part of output/; pure.
import { formatNumber } from './format-number.js';
import type { ReportChart } from './report-html.js';
import { capital, decimalsFor, esc, figure, formatFigure, formatFixed, listText, moneyText, renderInlineMarkdown } from './report-text.js';

/** One simulated size of the trial. */
export interface PlanningSize {
  /** The size along the varied dimension (participants, teams, organisations, participants per team). */
  readonly n: number;
  readonly participants: number;
  /** Teams (agencies) of the trial at this size. */
  readonly teams: number;
  readonly replicates: number;
  readonly power: number;
  readonly powerLow: number;
  readonly powerHigh: number;
  /** Median participants analysed (followed up) over the simulated trials. */
  readonly analysed?: number;
}

/** A distribution over simulated trials: mean, median and the middle 95%. */
export interface PlanningDistribution {
  readonly mean: number;
  readonly median: number;
  readonly low: number;
  readonly high: number;
}

/** The cost-effectiveness of the planned size (trial-summary.json results[i].summary.costs). */
export interface PlanningCosts {
  readonly currency: string;
  readonly priceYear?: number;
  /** What the effect is, in words from the file ("change in rg_total from baseline to follow-up; …"). */
  readonly effect?: string;
  readonly serviceUseOffset: boolean;
  /** Where the unit costs come from (the scenario's costs.currency source). */
  readonly source?: string;
  /** Intervention first, then control: mean cost per participant and its parts. */
  readonly perParticipant: ReadonlyArray<{
    readonly arm: string;
    readonly mean: number;
    readonly staff: number;
    readonly peer: number;
    readonly overheads: number;
    readonly contacts: number;
    /** Service use saved (counted only when the assumed offset is switched on). */
    readonly serviceUseOffset?: number;
  }>;
  readonly incrementalCost: PlanningDistribution;
  readonly incrementalEffect: PlanningDistribution;
  readonly icer: number | null;
  readonly probabilityEffectPositive: number;
  readonly probabilityCostSaving: number;
  readonly bootstrap?: {
    readonly replicates: number;
    readonly resampled: string;
    readonly icerInterval: { readonly low: number; readonly high: number } | null;
    readonly icerIntervalDefined: number;
    readonly incrementalCostInterval?: { readonly low: number; readonly high: number };
    readonly incrementalEffectInterval?: { readonly low: number; readonly high: number };
  };
  /** The acceptability curve at this size: λ ascending. */
  readonly acceptability: ReadonlyArray<{ readonly willingnessToPay: number; readonly probability: number }>;
}

export interface ReportPlanning {
  readonly name: string;
  readonly title?: string;
  /** The design file's description (inline Markdown). */
  readonly description?: string;
  readonly type: 'individual' | 'cluster' | 'paired-teams';
  readonly scenario: string;
  /** The arms by code name and as the report names them. */
  readonly arm: { readonly name: string; readonly title: string };
  readonly control: { readonly name: string; readonly title: string };
  /** The design's settings for both arms (its `set`), in words. */
  readonly settings: ReadonlyArray<{ readonly path: string; readonly label: string; readonly value: string }>;
  readonly allocationRatio?: number;
  readonly stratified?: boolean;
  readonly outcome: { readonly measure: string; readonly label: string; readonly unit?: string };
  readonly secondary: ReadonlyArray<{ readonly measure: string; readonly label: string }>;
  readonly followUpTick: number;
  readonly alpha: number;
  readonly retention?: number;
  /** Which analysis decides significance: the design's `design.analysis` (lmm, cluster-summary, paired-cluster) or ancova. */
  readonly analysis: string;
  /** 'permutation' when a randomisation test decides, with its number of re-randomisations. */
  readonly test?: { readonly method: string; readonly permutations?: number };
  /** What the sizes count: participants, clusters or per-cluster. */
  readonly dimension: string;
  /** Every simulated size, ascending. */
  readonly sizes: readonly PlanningSize[];
  /** The design's own size along the dimension. */
  readonly ownSize?: number;
  /** The sample-size search, when one was run. */
  readonly search?: {
    readonly target: number;
    /** The size chosen (undefined: the target was not reached up to maxSize). */
    readonly size?: number;
    readonly plausibleLow?: number;
    readonly plausibleHigh?: number;
    readonly maxSize: number;
    /** Every size the search simulated. */
    readonly evaluated: readonly number[];
  };
  /** The size the ICC, costs and acceptability are stated at (the planned trial). */
  readonly planned: PlanningSize;
  /** Why that size: "the size for 80% power", "the design's own size", … */
  readonly plannedWhy: string;
  /** ICC and design effect at the planned size (cluster and paired-teams designs). */
  readonly icc?: { readonly icc: PlanningDistribution; readonly designEffect: PlanningDistribution };
  /** null: the folder has no costs (an older folder, or a scenario without unit costs). */
  readonly costs: PlanningCosts | null;
  /** The command that runs a search for a target power (e.g. `cpi-sim trial cpi-vs-usual-care-rct`). */
  readonly trialCommand: string;
  readonly powerChart?: ReportChart;
  readonly acceptabilityChart?: ReportChart;
}

const pct = (p: number, decimals = 0) => `${formatFixed(p * 100, decimals)}%`;

/** A power with its interval, to the precision the interval supports: "80% (95% interval 64% to 91%)". */
function powerText(key: string, s: PlanningSize): string {
  let d = decimalsFor(((s.powerHigh - s.powerLow) * 100) / 2, 1);
  // A power just short of a target (0.8975) must not read as the target (90%): add decimals until it does not.
  for (const target of [0.8, 0.9]) while (d < 3 && s.power < target && Number(formatFixed(s.power * 100, d).replace(/,/g, '')) >= target * 100) d++;
  return `${figure(key, s.power, pct(s.power, d))} <span class="ci">(95% interval ${pct(s.powerLow, d)} to ${pct(s.powerHigh, d)}, from ${s.replicates} simulated trials)</span>`;
}

/** What one unit of the varied dimension is called, singular and plural. */
function noun(p: ReportPlanning, count: number): string {
  const many = count !== 1;
  if (p.dimension === 'participants') return many ? 'participants' : 'participant';
  if (p.dimension === 'per-cluster') return many ? 'participants per team' : 'participant per team';
  if (p.type === 'paired-teams') return many ? 'organisations' : 'organisation';
  return many ? 'teams' : 'team';
}

/** A size in words: "108 participants", "14 teams of 12 participants (168 in all)", "6 organisations (12 teams of 12, 144 participants)". */
export function sizeText(p: ReportPlanning, s: PlanningSize): string {
  if (p.type === 'individual') return p.allocationRatio === undefined || p.allocationRatio === 1 ? `${s.participants} participants${s.participants % 2 === 0 ? ` (${s.participants / 2} per arm)` : ''}` : `${s.participants} participants`;
  const perTeam = s.teams > 0 ? s.participants / s.teams : NaN;
  const per = formatNumber(Number(perTeam.toPrecision(3)));
  if (p.type === 'paired-teams') return `${s.teams / 2} organisations (${s.teams} teams of ${per} participants, ${s.participants} in all)`;
  return `${s.teams} teams of ${per} participants (${s.participants} in all)`;
}

/** The analysis that decides significance, in words. */
function analysisText(p: ReportPlanning): string {
  const adjusted = `the follow-up score adjusted for the baseline score`;
  const decided =
    p.type === 'individual'
      ? `A linear model (ANCOVA) of ${adjusted}${p.stratified ? ' and for agency (randomisation is within agencies)' : ''}.`
      : p.type === 'cluster'
        ? p.analysis === 'cluster-summary'
          ? `A t-test of the teams’ mean outcomes (${adjusted}) decides; a linear mixed model with a random intercept per team is reported beside it.`
          : `A linear mixed model of ${adjusted}, with a random intercept per team (REML, Satterthwaite degrees of freedom); the t-test of the teams’ mean outcomes is reported beside it as the robust alternative.`
        : p.analysis === 'paired-cluster'
          ? `A paired t-test of the two teams’ mean outcomes (${adjusted}) within each organisation decides; a linear mixed model with organisation as a fixed effect and a random intercept per team is reported beside it.`
          : `A linear mixed model of ${adjusted}, with organisation as a fixed effect and a random intercept per team; the paired t-test of the teams’ mean outcomes is reported beside it.`;
  const permutation =
    p.test?.method === 'permutation' ? ` Significance is decided by a randomisation test (${p.test.permutations ?? 999} re-randomisations of the design’s unit), not the model’s own p-value.` : '';
  return decided + permutation;
}

/** What is randomised, in words. */
function randomisedText(p: ReportPlanning): string {
  const ratio = p.allocationRatio !== undefined && p.allocationRatio !== 1 ? ` (${formatNumber(p.allocationRatio)} to the intervention for every 1 to control)` : ' (one to one)';
  if (p.type === 'individual') return `People referred are randomised individually${ratio}${p.stratified ? ', within each agency' : ''}.`;
  if (p.type === 'cluster') return `Whole teams are randomised${ratio}; everyone referred to a team receives that team’s arm, so the intervention cannot spill over to control participants of the same team.`;
  return 'Each organisation contributes two teams; which of them delivers the intervention and which continues usual care is randomised, so the comparison is within organisations.';
}

/** The size that first reaches `target`: the search's when it aimed at that target, else the smallest simulated one. */
function sizeFor(p: ReportPlanning, target: number): { size?: PlanningSize; bySearch: boolean } {
  if (p.search && p.search.target === target) return { size: p.sizes.find((s) => s.n === p.search!.size), bySearch: true };
  return { size: p.sizes.find((s) => s.power >= target), bySearch: false };
}

/** The sizes simulated around a size: the largest below it, to say what was not tried. */
const below = (p: ReportPlanning, n: number) => p.sizes.filter((s) => s.n < n).at(-1);

/** One target's sentence: the size, its power, and what the Monte Carlo error allows. */
function targetItem(p: ReportPlanning, target: number): string {
  const t = Math.round(target * 100);
  const { size, bySearch } = sizeFor(p, target);
  const flag = `--target-power ${formatNumber(target)}`;
  if (!size) {
    const top = p.sizes.at(-1)!;
    const searched = p.search && p.search.target === target;
    return `<li><strong>${t}% power: not reached</strong> ${
      searched ? `by any size up to the search’s limit of ${p.search!.maxSize} ${noun(p, p.search!.maxSize)}` : `among the sizes simulated`
    }; the largest, ${esc(sizeText(p, top))}, has ${powerText(`planning:power:${top.n}`, top)}. ${
      searched ? 'A larger limit (<code>--max-size</code>) or a larger effect is needed.' : `<code>${esc(p.trialCommand)} ${flag}</code> finds the size that reaches it.`
    }</li>`;
  }
  const head = `<li><strong>${t}% power: ${figure(`planning:n${t}`, size.n, sizeText(p, size))}</strong>. `;
  if (bySearch) {
    const s = p.search!;
    const range =
      s.plausibleLow !== undefined
        ? ` With ${size.replicates} simulated trials per size each power is known only to within its interval, so any size from ${figure(`planning:n${t}:low`, s.plausibleLow, String(s.plausibleLow))} ${
            s.plausibleHigh !== undefined ? `to ${figure(`planning:n${t}:high`, s.plausibleHigh, String(s.plausibleHigh))}` : `to more than ${p.sizes.at(-1)!.n}`
          } ${noun(p, 2)} could be the one that truly gives ${t}%; more simulated trials (<code>--replicates 400</code> or more) narrow this range.`
        : '';
    return `${head}The smallest size whose simulated power reached ${t}% in the search for it: power ${powerText(`planning:power${t}`, size)}.${range}</li>`;
  }
  const gap = below(p, size.n);
  const search = `<code>${esc(p.trialCommand)} ${flag}</code> finds the smallest`;
  const untried = !gap
    ? ` No smaller size was simulated, so fewer may do; ${search}.`
    : size.n - gap.n > 1
      ? ` Sizes between ${gap.n} and ${size.n} ${noun(p, 2)} were not simulated, so fewer may do; ${search}.`
      : '';
  return `${head}The smallest simulated size whose power reached ${t}%: power ${powerText(`planning:power${t}`, size)}.${untried}</li>`;
}

/** The acceptability curve read at the values where the probability first reaches 50%, 80% and 95%. */
function acceptabilityText(c: PlanningCosts, unit: string, who: string): string {
  const m = (v: number) => moneyText(v, c.currency, 3);
  const curve = [...c.acceptability].sort((a, b) => a.willingnessToPay - b.willingnessToPay);
  if (curve.length === 0) return '';
  const top = curve[curve.length - 1];
  const reads: string[] = [];
  for (const level of [0.5, 0.8, 0.95]) {
    const at = curve.find((q) => q.probability >= level);
    if (at && !reads.some((r) => r.includes(`value="${at.willingnessToPay}"`)))
      reads.push(`at ${figure(`planning:wtp${Math.round(level * 100)}`, at.willingnessToPay, m(at.willingnessToPay))} it is ${figure(`planning:ceac${Math.round(level * 100)}`, at.probability, pct(at.probability))}`);
  }
  const zero = curve[0].willingnessToPay === 0 ? curve[0] : undefined;
  const parts: string[] = [];
  if (zero) parts.push(`If a ${unit} gained were worth nothing, ${esc(who)} would be cost-effective only where it saved money: in ${figure('planning:ceac0', zero.probability, pct(zero.probability))} of simulated trials.`);
  if (reads.length) parts.push(`As the value placed on a ${unit} rises, so does the probability that ${esc(who)} is worth its cost: ${listText(reads)}.`);
  else parts.push(`Up to ${m(top.willingnessToPay)} per ${unit} (the largest value drawn) the probability stays below 50% (${pct(top.probability)} there).`);
  const ceiling = figure('planning:effectPositive', c.probabilityEffectPositive, pct(c.probabilityEffectPositive));
  parts.push(
    c.probabilityEffectPositive >= 0.995
      ? `${esc(who)} improved the outcome in ${ceiling} of simulated trials, so at a high enough value it is cost-effective in nearly all of them.`
      : `However much a ${unit} is worth, the probability cannot pass ${ceiling}, the share of simulated trials in which ${esc(who)} improved the outcome at all.`,
  );
  return parts.join(' ');
}

/** Stages: (1) the design, (2) power and sample size, (3) clustering, (4) costs and acceptability, (5) what the numbers are not. */
export function buildPlanningSection(p: ReportPlanning): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const plannedText = sizeText(p, p.planned);
  const unit = 'point';
  const outcomeWords = `${esc(p.outcome.label)} (<code>${esc(p.outcome.measure)}</code>)`;
  const shortOutcome = p.outcome.label.split(' (')[0];
  const replicates = p.sizes[0]?.replicates ?? p.planned.replicates;

  // 1. The design.
  push(
    '<section id="planning">',
    '<h2>Planning the next study</h2>',
    `<p>The model can stand in for a future trial before it is run. The trial ${p.title ? `“${renderInlineMarkdown(p.title)}”` : `<code>${esc(p.name)}</code>`} was simulated ${replicates} times at each size on the model’s population: participants were referred, randomised, followed up and analysed as the real trial would be, and each simulated trial either found the effect or did not. The figures below are what the model implies for power, sample size and cost if its assumptions hold; <a href="#planning-caveats">what they are not</a> is stated at the end.</p>`,
    '<h3>The design</h3>',
    '<table class="stack design"><tbody>',
    `<tr><th scope="row">Design</th><td>${esc(capital(p.type === 'individual' ? 'individually randomised controlled trial' : p.type === 'cluster' ? 'cluster randomised trial (teams randomised)' : 'paired-teams trial (two teams per organisation, one randomised to each arm)'))}. ${esc(randomisedText(p))}</td></tr>`,
    `<tr><th scope="row">Arms</th><td><strong>${esc(p.arm.title)}</strong> <span class="note">(<code>${esc(p.arm.name)}</code>)</span> against <strong>${esc(p.control.title)}</strong> <span class="note">(<code>${esc(p.control.name)}</code>)</span>, in the model’s scenario <code>${esc(p.scenario)}</code>.${
      p.settings.length ? ` Set for this trial, in both arms: ${p.settings.map((s) => `${esc(s.label.charAt(0).toLowerCase() + s.label.slice(1))}, <strong>${esc(s.value)}</strong>`).join('; ')}.` : ''
    }</td></tr>`,
    `<tr><th scope="row">Primary outcome</th><td>${outcomeWords}, measured at baseline and at week ${p.followUpTick} (about ${Math.round((p.followUpTick * 7) / 30.44)} months).</td></tr>`,
    p.secondary.length ? `<tr><th scope="row">Secondary outcomes</th><td>${esc(capital(listText(p.secondary.map((s) => s.label))))}, analysed as the primary, with Holm-adjusted p-values.</td></tr>` : '',
    p.retention !== undefined ? `<tr><th scope="row">Follow-up</th><td>${formatNumber(p.retention * 100)}% of participants followed up in each arm${p.retention === 0.755 ? ' (as in the CPI pilot)' : ''}; the others are not analysed.</td></tr>` : '',
    `<tr><th scope="row">Analysis</th><td>${esc(analysisText(p))}</td></tr>`,
    `<tr><th scope="row">Significance level</th><td>α = ${formatNumber(p.alpha)}: a simulated trial “finds the effect” when its p-value is below ${formatNumber(p.alpha)}.</td></tr>`,
    '</tbody></table>',
  );
  if (p.description) push('<details><summary>The design file’s own description</summary>', `<p>${renderInlineMarkdown(p.description)}</p>`, '</details>');

  // 2. Power and sample size.
  const own = p.ownSize === undefined ? undefined : p.sizes.find((s) => s.n === p.ownSize);
  push(
    '<h3>How large the trial must be</h3>',
    `<p>A trial’s <em>power</em> is the chance that it finds an effect that is there. Here it is the share of the simulated trials at each size whose analysis found the effect (p &lt; ${formatNumber(p.alpha)}); 80% is the usual minimum for a funded trial and 90% is often asked for.</p>`,
    '<ul class="headline">',
    targetItem(p, 0.8),
    targetItem(p, 0.9),
    '</ul>',
  );
  const notes: string[] = [];
  if (own && !(p.search && p.search.size === own.n)) notes.push(`At the design’s own size, ${esc(sizeText(p, own))}, power is ${powerText(`planning:power:own`, own)}.`);
  if (p.planned.analysed !== undefined && p.retention !== undefined)
    notes.push(
      `Not everyone is followed up: of ${esc(plannedText)} randomised, about ${figure('planning:analysed', p.planned.analysed, String(Math.round(p.planned.analysed)))} are analysed (the median over simulated trials).`,
    );
  if (notes.length) push(`<p>${notes.join(' ')}</p>`);
  if (p.powerChart)
    push(`<figure id="${esc(p.powerChart.id)}">`, p.powerChart.svg, `<figcaption><strong>${esc(p.powerChart.title)}.</strong> ${esc(p.powerChart.caption)}</figcaption>`, '</figure>');
  else
    push(
      `<p class="note">Only one size was simulated, so there is no power curve. <code>${esc(p.trialCommand)} --target-power 0.8</code> searches for the size that gives 80% power and draws the curve of every size it tried.</p>`,
    );

  // 3. Clustering.
  if (p.icc && p.type !== 'individual') {
    const i = p.icc.icc;
    const de = p.icc.designEffect;
    const perTeam = p.planned.teams > 0 ? p.planned.participants / p.planned.teams : NaN;
    push(
      '<h3>Clustering: the ICC and the design effect</h3>',
      `<p>Participants of one team share its workers and the places it knows, so their outcomes are more alike than those of people in different teams. The <em>intracluster correlation</em> (ICC) is the share of the outcome’s variation, after adjusting for baseline, that lies between teams. Each simulated trial of ${esc(plannedText)} estimated it from its own data: median ${figure('planning:icc', i.median, formatFigure(i.median))} <span class="ci">(95% of simulated trials between ${formatFigure(i.low)} and ${formatFigure(i.high)})</span>.</p>`,
      `<p>The <em>design effect</em>, 1 + (m − 1) × ICC for teams of m participants${Number.isFinite(perTeam) ? ` (here m = ${formatNumber(Number(perTeam.toPrecision(3)))})` : ''}, is how many times larger the variance of the result is than if the same participants had been randomised one by one: median ${figure('planning:designEffect', de.median, formatFigure(de.median))} <span class="ci">(95% of simulated trials ${formatFigure(de.low)} to ${formatFigure(de.high)})</span>. A cluster trial needs about that many times the participants of an individually randomised one for the same power. ${
        i.high > 2 * i.median + 0.01
          ? 'The spread is wide: with few teams a trial’s own ICC is imprecise, which is one reason the sizes above come from simulating whole trials rather than from a formula with one ICC.'
          : ''
      } The model’s ICC follows from how much its agencies are assumed to differ (fidelity, staffing, local places); check it against ICCs observed in comparable studies before relying on the size.</p>`,
    );
  }

  // 4. Costs and cost-effectiveness.
  push('<h3>Costs and cost-effectiveness</h3>');
  const c = p.costs;
  if (!c) {
    push(
      '<p><strong>Costs were not recorded in this trial folder.</strong> It was made by a version of cpi-sim that did not price trials, or from a scenario without unit costs, so this report cannot give the cost per participant, the cost-effectiveness ratio or the acceptability curve. Running the trial again with the current cpi-sim adds them.</p>',
    );
  } else {
    const m = (v: number) => moneyText(v, c.currency);
    const money = (key: string, v: number) => figure(key, v, m(v));
    const [ci, cc] = [c.perParticipant[0], c.perParticipant[1]];
    const offset = c.perParticipant.some((a) => (a.serviceUseOffset ?? 0) !== 0);
    const titleOf = (arm: string) => (arm === p.arm.name ? p.arm.title : arm === p.control.name ? p.control.title : arm);
    const effDec = decimalsFor((c.incrementalEffect.high - c.incrementalEffect.low) / 2, 2, c.incrementalEffect.mean);
    const eff = (v: number) => formatFixed(v, effDec);
    push(
      `<p>Each participant’s cost is the worker time they received over the ${p.followUpTick} weeks, priced at hourly unit costs for staff and peer workers with the agency’s overheads, plus a cost per week of contact (travel, activities)${
        c.priceYear !== undefined ? `, in ${esc(c.currency)} at ${c.priceYear} prices` : ''
      }. Figures are the averages over the simulated trials of ${esc(plannedText)}, ${esc(p.plannedWhy)}.</p>`,
      '<table class="stack costs">',
      `<thead><tr><th>Cost per participant</th><th class="num">Total</th><th class="num">Staff time</th><th class="num">Peer workers</th><th class="num">Overheads</th><th class="num">Contacts</th>${offset ? '<th class="num">Service use saved</th>' : ''}</tr></thead><tbody>`,
      ...[ci, cc]
        .filter((a) => a !== undefined)
        .map(
          (a) =>
            `<tr><th scope="row">${esc(titleOf(a.arm))}</th><td class="num" data-label="Total"><strong>${money(`planning:cost:${a.arm}`, a.mean)}</strong></td><td class="num" data-label="Staff time">${m(a.staff)}</td><td class="num" data-label="Peer workers">${m(a.peer)}</td><td class="num" data-label="Overheads">${m(a.overheads)}</td><td class="num" data-label="Contacts">${m(a.contacts)}</td>${offset ? `<td class="num" data-label="Service use saved">${m(a.serviceUseOffset ?? 0)}</td>` : ''}</tr>`,
        ),
      '</tbody></table>',
      '<ul class="headline">',
      `<li><strong>Extra cost of ${esc(p.arm.title)}: ${money('planning:incrementalCost', c.incrementalCost.mean)} per participant</strong> <span class="ci">(95% of simulated trials between ${m(c.incrementalCost.low)} and ${m(c.incrementalCost.high)})</span>.</li>`,
      `<li><strong>Extra gain: ${figure('planning:incrementalEffect', c.incrementalEffect.mean, eff(c.incrementalEffect.mean))} ${unit}s</strong> of ${outcomeWords} from baseline to follow-up, against ${esc(p.control.title)} <span class="ci">(95% of simulated trials between ${eff(c.incrementalEffect.low)} and ${eff(c.incrementalEffect.high)})</span>.</li>`,
    );
    // The ratio is a cost per point gained only when the intervention gains and costs more; otherwise say which corner it is in.
    const gains = c.incrementalEffect.mean > 0;
    const costsMore = c.incrementalCost.mean > 0;
    if (c.icer !== null && Number.isFinite(c.icer) && gains && costsMore) {
      const b = c.bootstrap;
      const bootstrap = b ? `with a bootstrap (${b.replicates.toLocaleString('en-GB')} resamples of ${esc(b.resampled === 'clusters' ? 'teams' : b.resampled)})` : '';
      const defined = b ? figure('planning:icerDefined', b.icerIntervalDefined, pct(b.icerIntervalDefined)) : '';
      const range = b?.icerInterval ? `${money('planning:icer:low', b.icerInterval.low)} to ${money('planning:icer:high', b.icerInterval.high)}` : '';
      const interval = !b
        ? ''
        : b.icerInterval && b.icerIntervalDefined >= 0.5
          ? ` A trial of ${esc(plannedText)} that analyses its own data ${bootstrap} would typically report an interval from ${range} (the medians, over simulated trials, of each trial’s own 95% interval). It can give one only when its effect’s interval excludes zero, which happened in ${defined} of simulated trials; otherwise the ratio has no useful interval and the acceptability curve below is the answer.`
          : b.icerInterval
            ? ` A trial of ${esc(plannedText)} that analyses its own data ${bootstrap} could give the ratio an interval in only ${defined} of simulated trials (in the others its effect’s interval included zero); where it could, the interval ran from about ${range}. Read the acceptability curve below instead, or plan a larger trial.`
            : ` In most simulated trials of this size the effect’s interval includes zero (only ${defined} exclude it), so a trial of this size could not give the ratio a useful interval: read the acceptability curve below instead.`;
      push(
        `<li><strong>Incremental cost-effectiveness ratio (ICER): ${money('planning:icer', c.icer)} per ${unit}</strong> gained in ${esc(shortOutcome)}: the extra cost divided by the extra gain.${interval}</li>`,
      );
    } else if (gains && !costsMore)
      push(`<li><strong>No ratio is needed:</strong> on average ${esc(p.arm.title)} both improved the outcome and cost no more than ${esc(p.control.title)}.</li>`);
    else
      push(
        `<li><strong>No cost-effectiveness ratio:</strong> on average ${esc(p.arm.title)} did not improve the outcome against ${esc(p.control.title)}, so the ratio of cost to gain is not a cost per ${unit} gained; the acceptability curve below is the answer.</li>`,
      );
    push('</ul>');
    if (c.icer !== null && Number.isFinite(c.icer) && gains && costsMore)
      push(
        `<p><strong>What it means.</strong> Each extra ${unit} of ${esc(shortOutcome)} costs about ${m(c.icer)} of worker time. Unlike health gains measured in quality-adjusted life years (for which NICE uses £20,000 to £30,000 per QALY), there is no agreed value for a ${unit} of this scale, so whether ${esc(p.arm.title)} is good value depends on what the funder judges a ${unit} to be worth. The acceptability curve shows, for each such value, the probability that ${esc(p.arm.title)} is cost-effective.</p>`,
      );
    if (c.acceptability.length) push(`<p>${acceptabilityText(c, unit, p.arm.title)}</p>`);
    if (p.acceptabilityChart)
      push(
        `<figure id="${esc(p.acceptabilityChart.id)}">`,
        p.acceptabilityChart.svg,
        `<figcaption><strong>${esc(p.acceptabilityChart.title)}.</strong> ${esc(p.acceptabilityChart.caption)}</figcaption>`,
        '</figure>',
      );
  }

  // 5. What the numbers are not.
  push(
    '<aside class="caveat" id="planning-caveats" aria-label="What these planning figures are not">',
    '<p><strong>Simulated, not observed.</strong> The power, the sizes, the ICC and the costs follow from the model’s assumptions, most of which are plausible starting values rather than measurements. The effect CPI has in the model is a consequence of those assumptions, not an estimate from data: size a real trial on the smallest effect worth detecting, with these figures as one input.</p>',
    `<p><strong>Monte Carlo error.</strong> Each size was simulated ${replicates} times, so each power is known only to within its interval; more simulated trials (<code>--replicates</code>) narrow it.</p>`,
  );
  // A control arm without CPI (usual care) records no worker time: say what that makes the cost of CPI (docs/ODD.md §7.11).
  const controlFree = c?.perParticipant.find((a) => a.arm === p.control.name)?.mean === 0;
  if (c)
    push(
      controlFree
        ? `<p><strong>${esc(p.control.title)}’s cost is recorded as 0.</strong> Under usual care no partnership forms and the model has no usual-care contact rate, so a usual-care participant records 0. The cost of ${esc(p.arm.title)} is therefore the cost of its worker time over and above the services both arms receive, which the model does not represent.</p>`
        : '',
      c.serviceUseOffset
        ? '<p><strong>An assumed saving is counted.</strong> A service-use offset (savings in other services per unit of the outcome gained) was switched on; no published figure supports its value.</p>'
        : '<p><strong>No savings elsewhere are counted.</strong> Service-use offsets (savings in other services as people’s networks grow) are off: no published figure supports a value.</p>',
      `<p><strong>Approximate unit costs.</strong> ${c.source ? `${esc(capital(c.source))}. ` : ''}The defaults approximate the PSSRU’s <em>Unit Costs of Health and Social Care 2023</em>; check the current edition before quoting a figure.</p>`,
    );
  push('</aside>', '</section>');
  return out.filter((l) => l !== '').join('\n');
}
