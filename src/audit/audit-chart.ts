// The audit's chart: a heat map of every mechanism parameter (rows) × headline outcome (columns), each cell
// coloured by the signed relative effect of moving the parameter from the low to the high end of its range
// (for an option, the largest effect of any option), the declared direction drawn in the cell (↑ ↓ ↕), a
// black frame where the effect contradicts it, and the parameter's verdict beside its name. Part of audit/;
// pure: a vega-lite spec, rendered to SVG by charts/render-chart.ts. Labels are never cut (labelLimit 0).
import type { TopLevelSpec } from 'vega-lite';
import { specFrame } from '../charts/spec-parts.js';
import type { OutcomeDirection } from '../scenario/role-spec.js';
import { HEADLINE_OUTCOMES, type AuditAnalysis, type AuditRow } from './analyse-audit.js';

export interface AuditChartOptions {
  readonly scenario: string;
  readonly arm: string;
  readonly seeds: number;
}

/** Effects beyond ±50% take the end colours. */
export const AUDIT_CHART_CLAMP = 0.5;

/** One cell's signed relative effect: high end minus low end (an end at the default counts 0), or the largest option's. */
export function cellEffect(rows: readonly AuditRow[]): number | null {
  const finite = rows.filter((r) => Number.isFinite(r.effect.relative) || Math.abs(r.effect.relative) === Infinity);
  if (finite.length === 0) return null;
  const clampInf = (x: number) => (Number.isFinite(x) ? x : x > 0 ? 10 : -10);
  const up = finite.filter((r) => r.value === true || (typeof r.value === 'number' && (r.end === 'high' || r.end === 'double')));
  const down = finite.filter((r) => r.value === false || (typeof r.value === 'number' && (r.end === 'low' || r.end === 'half')));
  if (up.length || down.length) return clampInf((up[0]?.effect.relative ?? 0) - (down[0]?.effect.relative ?? 0));
  const largest = [...finite].sort((a, b) => Math.abs(b.effect.relative) - Math.abs(a.effect.relative))[0];
  return clampInf(largest.effect.relative);
}

const ARROWS: Record<OutcomeDirection, string> = { up: '↑', down: '↓', either: '↕' };

export function buildAuditChartSpec(analysis: AuditAnalysis, options: AuditChartOptions): TopLevelSpec {
  // 1. Rows: mechanism parameters, in the audit's order, labelled with their verdict.
  const mechanisms = analysis.parameters.filter((p) => p.role === 'mechanism');
  const labelOf = new Map(mechanisms.map((p) => [p.parameter, `${p.parameter}  [${p.verdict}${p.accepted !== undefined ? ', accepted' : ''}]`]));
  const byKey = new Map<string, AuditRow[]>();
  for (const r of analysis.rows) {
    if (r.scope !== 'all' || !labelOf.has(r.parameter)) continue;
    const k = `${r.parameter}|${r.outcome}`;
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  // 2. Cells.
  const values = mechanisms.flatMap((p) =>
    HEADLINE_OUTCOMES.map((outcome) => {
      const rows = byKey.get(`${p.parameter}|${outcome}`) ?? [];
      const effect = cellEffect(rows);
      const expected = rows.find((r) => r.expected !== '' && r.expected !== 'may change')?.expected as OutcomeDirection | undefined;
      return {
        parameter: labelOf.get(p.parameter)!,
        outcome,
        effect,
        shown: effect === null ? null : Math.max(-AUDIT_CHART_CLAMP, Math.min(AUDIT_CHART_CLAMP, effect)),
        expected: expected ? ARROWS[expected] : '',
        against: rows.some((r) => r.verdict === 'contradicts'),
        verdict: p.verdict,
      };
    }),
  );
  const order = mechanisms.map((p) => labelOf.get(p.parameter)!);
  const cellW = 64;
  const cellH = 15;
  const width = HEADLINE_OUTCOMES.length * cellW;
  const height = Math.max(cellH, order.length * cellH);
  const x = { field: 'outcome', type: 'nominal' as const, sort: [...HEADLINE_OUTCOMES], title: 'outcome (all users, final tick)', axis: { orient: 'top' as const, labelAngle: -40, labelLimit: 0 } };
  const y = { field: 'parameter', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 0, labelFontSize: 10 } };
  const frame = specFrame(
    `Mechanism audit of ${options.scenario} (arm ${options.arm})`,
    [
      `Colour: relative change of the outcome from the low to the high end of the parameter's range (options: the largest), paired over ${options.seeds} seeds with common random numbers; beyond ±${AUDIT_CHART_CLAMP * 100}% the end colours.`,
      'Arrows: the declared direction (↑ ↓, ↕ either way); a black frame: a significant effect against it. [verdict] after each parameter.',
    ],
    { width, height },
  );
  return {
    ...frame,
    data: { values },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x,
          y,
          color: {
            field: 'shown',
            type: 'quantitative',
            title: ['relative', 'effect'],
            scale: { scheme: 'blueorange', domain: [-AUDIT_CHART_CLAMP, AUDIT_CHART_CLAMP], domainMid: 0 },
            legend: { format: '+.0%', direction: 'vertical' },
          },
          tooltip: [
            { field: 'parameter', type: 'nominal' },
            { field: 'outcome', type: 'nominal' },
            { field: 'effect', type: 'quantitative', format: '+.1%' },
            { field: 'expected', type: 'nominal' },
          ],
        },
      },
      {
        transform: [{ filter: 'datum.against' }],
        mark: { type: 'rect', fill: null, stroke: 'black', strokeWidth: 2 },
        encoding: { x, y },
      },
      {
        mark: { type: 'text', fontSize: 11, color: '#222222' },
        encoding: { x, y, text: { field: 'expected', type: 'nominal' } },
      },
    ],
  } as TopLevelSpec;
}
