// What the report's "Planning the next study" section states, read from a comparative virtual-trial folder
// (`cpi-sim trial` of an individual, cluster or paired-teams design): the design, power per simulated size, the
// sample-size search, the ICC and design effect, the costs of the planned size (output/report-planning-html.ts
// says it in words), and its two charts, the power curve and the acceptability curve, drawn as SVG. A folder
// from before trials were priced has no costs: the section says so. Part of charts/; Node only (reads files).
// Stages: (1) the summary, (2) sizes and the planned one, (3) costs, (4) names, (5) charts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { ReportChart } from '../output/report-html.js';
import type { PlanningCosts, PlanningDistribution, PlanningSize, ReportPlanning } from '../output/report-planning-html.js';
import { HEADLINE_MEASURES } from '../output/report-figures.js';
import { humaniseName, parameterLabel, parameterValueText } from '../output/report-labels.js';
import { formatNumber } from '../output/format-number.js';
import { labelMeasure, lowerFirst } from '../metrics/measure-labels.js';
import { ChartError } from './chart-error.js';
import { readFolderChart } from './folder-chart.js';
import { renderChart } from './render-chart.js';
import type { ResultsFolder } from './results-folder.js';

const num = z.number().nullable().transform((v) => v ?? NaN);
const distribution = z.looseObject({ mean: num, median: num, low: num, high: num });
const interval = z.looseObject({ low: num, high: num });
/** results[i].summary.costs of a priced trial (the cost-effectiveness interface of issue 16). */
const COSTS = z.looseObject({
  currency: z.string(),
  priceYear: z.number().optional(),
  measure: z.string().optional(),
  effect: z.string().optional(),
  serviceUseOffset: z.boolean().optional(),
  // The mean cost per participant is `mean` (the interface) or `total`; a service-use offset, when counted, is its own part.
  perParticipant: z.array(
    z
      .looseObject({ arm: z.string(), mean: num.optional(), total: num.optional(), staff: num, peer: num, overheads: num, contacts: num, serviceUseOffset: num.optional() })
      .refine((a) => a.mean !== undefined || a.total !== undefined, { message: 'expected the mean cost per participant (mean or total)' }),
  ),
  incrementalCost: distribution,
  incrementalEffect: distribution,
  icer: z.number().nullable(),
  probabilityEffectPositive: num,
  probabilityCostSaving: num,
  bootstrap: z
    .looseObject({
      replicates: z.number(),
      resampled: z.string(),
      incrementalCostInterval: interval.nullable().optional(),
      incrementalEffectInterval: interval.nullable().optional(),
      icerInterval: interval.nullable(),
      icerIntervalDefined: num,
    })
    .nullable()
    .optional(),
  acceptability: z.array(z.looseObject({ willingnessToPay: z.number(), probability: num })),
});
/** What the section reads of a comparative trial's trial-summary.json. */
const COMPARATIVE_SUMMARY = z.looseObject({
  design: z.looseObject({
    name: z.string(),
    title: z.string().optional(),
    description: z.string().optional(),
    design: z.looseObject({ type: z.enum(['individual', 'cluster', 'paired-teams']), allocationRatio: z.number().optional(), stratifyByAgency: z.boolean().optional(), analysis: z.string().optional() }),
    set: z.record(z.string(), z.unknown()).optional(),
    retention: z.looseObject({ expected: z.number().optional() }).optional(),
    outcome: z.looseObject({ measure: z.string() }),
    secondary: z.array(z.looseObject({ measure: z.string() })).optional(),
    test: z.looseObject({ method: z.string().optional(), permutations: z.number().optional() }).nullable().optional(),
  }),
  scenario: z.string(),
  arm: z.string(),
  control: z.string(),
  followUpTick: z.number(),
  dimension: z.string(),
  results: z
    .array(
      z.looseObject({
        n: z.number(),
        referrals: z.number(),
        agencies: z.number(),
        summary: z.looseObject({
          replicates: z.number(),
          alpha: z.number(),
          power: num,
          powerLow: num,
          powerHigh: num,
          outcomes: z.array(z.looseObject({ icc: distribution.optional(), designEffect: distribution.optional() })).min(1),
          analysed: distribution.optional(),
          costs: COSTS.nullable().optional(),
        }),
      }),
    )
    .min(1),
  sampleSize: z
    .looseObject({
      target: z.number(),
      size: z.number().nullable(),
      plausibleLow: z.number().nullable().optional(),
      plausibleHigh: z.number().nullable().optional(),
      maxSize: z.number(),
      evaluated: z.array(z.looseObject({ size: z.number() })).optional(),
    })
    .nullable()
    .optional(),
  costs: z.looseObject({ source: z.string().optional() }).nullable().optional(),
});

export interface ReportPlanningOptions {
  /** How the trial's design is named in a command (a shipped design's name, else the design file as shown). */
  readonly designRef: string;
}

/** A measure in words for a sentence: the report's headline label where it has one. */
function measureWords(measure: string): { label: string; unit?: string } {
  const headline = HEADLINE_MEASURES.find((m) => m.measure === measure);
  if (headline) return { label: headline.label, unit: headline.unit };
  const l = labelMeasure(measure);
  return { label: lowerFirst(l.label), unit: l.unit };
}

const dist = (d: { mean: number; median: number; low: number; high: number }): PlanningDistribution => ({ mean: d.mean, median: d.median, low: d.low, high: d.high });

/** Read a comparative trial folder into the planning section's figures and charts. */
export async function readReportPlanning(dir: string, folder: ResultsFolder, options: ReportPlanningOptions): Promise<ReportPlanning> {
  // 1. The summary.
  const file = join(dir, 'trial-summary.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ChartError(`${file}: not valid JSON (${(err as Error).message}); expected the trial-summary.json of \`cpi-sim trial\`; the folder may be corrupt`);
  }
  const checked = COMPARATIVE_SUMMARY.safeParse(raw);
  if (!checked.success)
    throw new ChartError(
      `${file}: not the trial-summary.json a comparative \`cpi-sim trial\` writes (${checked.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(the whole file)'}: ${i.message}`)
        .join('; ')}); the folder may be corrupt`,
    );
  const t = checked.data;
  const design = t.design;
  const d = design.design;

  // 2. Sizes, and the one the section plans: the search's, else the smallest with 80% power, the design's own, the largest.
  const results = [...t.results].sort((a, b) => a.n - b.n);
  const sizes: PlanningSize[] = results.map((r) => ({
    n: r.n,
    participants: r.referrals,
    teams: r.agencies,
    replicates: r.summary.replicates,
    power: r.summary.power,
    powerLow: r.summary.powerLow,
    powerHigh: r.summary.powerHigh,
    analysed: r.summary.analysed && Number.isFinite(r.summary.analysed.median) ? r.summary.analysed.median : undefined,
  }));
  const search = t.sampleSize ?? undefined;
  const ownSize = folder.trial?.ownSize;
  const find = (n: number | null | undefined) => (n == null ? undefined : sizes.find((s) => s.n === n));
  const [planned, plannedWhy] = ((): [PlanningSize, string] => {
    const searched = find(search?.size);
    if (searched) return [searched, `the size the search found for ${Math.round(search!.target * 100)}% power`];
    const eighty = sizes.find((s) => s.power >= 0.8);
    if (eighty) return [eighty, 'the smallest simulated size with 80% power'];
    const own = find(ownSize);
    if (own) return [own, 'the design’s own size'];
    return [sizes[sizes.length - 1], 'the largest size simulated'];
  })();
  const result = results.find((r) => r.n === planned.n)!;
  const primary = result.summary.outcomes[0];
  const icc = d.type !== 'individual' && primary.icc && primary.designEffect && primary.icc.median === primary.icc.median ? { icc: dist(primary.icc), designEffect: dist(primary.designEffect) } : undefined;

  // 3. Costs of the planned size (null: the folder was not priced).
  const c = result.summary.costs;
  const costs: PlanningCosts | null = c
    ? {
        currency: c.currency,
        priceYear: c.priceYear,
        effect: c.effect,
        serviceUseOffset: c.serviceUseOffset ?? false,
        source: t.costs?.source,
        perParticipant: c.perParticipant.map((a) => ({ arm: a.arm, mean: (a.mean ?? a.total)!, staff: a.staff, peer: a.peer, overheads: a.overheads, contacts: a.contacts, serviceUseOffset: a.serviceUseOffset ?? 0 })),
        incrementalCost: dist(c.incrementalCost),
        incrementalEffect: dist(c.incrementalEffect),
        icer: c.icer,
        probabilityEffectPositive: c.probabilityEffectPositive,
        probabilityCostSaving: c.probabilityCostSaving,
        bootstrap: c.bootstrap
          ? {
              replicates: c.bootstrap.replicates,
              resampled: c.bootstrap.resampled,
              icerInterval: c.bootstrap.icerInterval ?? null,
              icerIntervalDefined: c.bootstrap.icerIntervalDefined,
              incrementalCostInterval: c.bootstrap.incrementalCostInterval ?? undefined,
              incrementalEffectInterval: c.bootstrap.incrementalEffectInterval ?? undefined,
            }
          : undefined,
        acceptability: [...c.acceptability].sort((a, b) => a.willingnessToPay - b.willingnessToPay),
      }
    : null;

  // 4. Names: CPI against its control, by readable names; the design's settings in words.
  const armTitle = /\bcpi\b/i.test(t.arm) || (t.control === 'usual-care' && t.arm !== t.control) ? 'CPI' : humaniseName(t.arm);
  const settings = Object.entries(design.set ?? {}).map(([path, v]) => ({ path, label: parameterLabel(path), value: parameterValueText(v, formatNumber) }));
  const outcome = measureWords(design.outcome.measure);

  // 5. Charts.
  const chart = async (id: string, kind: 'power-curve' | 'acceptability', title: string, caption: string, sizesDrawn?: number[]): Promise<ReportChart> => {
    const drawn = await readFolderChart(dir, { kind, ...(sizesDrawn ? { sizes: sizesDrawn } : {}) });
    return { id, title, caption, svg: await renderChart(drawn.spec, 'svg') };
  };
  const powerChart = folder.trial?.powerCurve
    ? await chart(
        'chart-planning-power',
        'power-curve',
        'Power by trial size',
        `The share of the simulated trials at each size that found the effect (line), with its exact 95% interval (the band). The dashed line marks 80% power and the dotted line at the bottom α, the share that would “find” an effect that is not there${
          search?.size != null ? `; the dotted line marks the size the search chose for ${Math.round(search.target * 100)}% power` : ''
        }.`,
      )
    : undefined;
  const priced = folder.trial?.acceptability && costs !== null && (folder.trial.sizes ?? []).includes(planned.n);
  const acceptabilityChart = priced
    ? await chart(
        'chart-planning-acceptability',
        'acceptability',
        'Probability that CPI is cost-effective',
        `For each value a funder might place on one point of ${design.outcome.measure} (across), the share of simulated trials of ${planned.participants} participants in which CPI’s extra gain, valued at that amount, exceeds its extra cost (up). The dashed line marks 50%; the dotted line, the ICER.`,
        [planned.n],
      )
    : undefined;

  return {
    name: design.name,
    title: design.title,
    description: design.description,
    type: d.type,
    scenario: t.scenario,
    arm: { name: t.arm, title: armTitle },
    control: { name: t.control, title: humaniseName(t.control) },
    settings,
    allocationRatio: d.allocationRatio,
    stratified: d.type === 'individual' ? (d.stratifyByAgency ?? true) : undefined,
    outcome: { measure: design.outcome.measure, ...outcome },
    secondary: (design.secondary ?? []).map((s) => ({ measure: s.measure, label: measureWords(s.measure).label })),
    followUpTick: t.followUpTick,
    alpha: result.summary.alpha,
    retention: design.retention?.expected,
    analysis: d.analysis ?? (d.type === 'individual' ? 'ancova' : 'lmm'),
    test: design.test?.method ? { method: design.test.method, permutations: design.test.permutations } : undefined,
    dimension: t.dimension,
    sizes,
    ownSize,
    search: search
      ? { target: search.target, size: search.size ?? undefined, plausibleLow: search.plausibleLow ?? undefined, plausibleHigh: search.plausibleHigh ?? undefined, maxSize: search.maxSize, evaluated: (search.evaluated ?? []).map((e) => e.size) }
      : undefined,
    planned,
    plannedWhy,
    icc,
    costs,
    trialCommand: `cpi-sim trial ${options.designRef}`,
    powerChart,
    acceptabilityChart,
  };
}
