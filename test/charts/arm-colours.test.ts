// armColour and the one arm→colour rule (src/charts/arm-colours.ts): an arm's colour is its place among
// its scenario's arms, so "low-fidelity" is one colour in trajectories (replicates and single runs),
// network growth, tornado and dose-response charts, grid-sweep lines, Morris screening and the explorer
// (whose arm A and B are a scenario's first and second arms), whichever arms a chart draws; what is not an
// arm is never drawn in an arm colour.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { TopLevelSpec } from 'vega-lite';
import { ARM_PALETTE, armColour, armColours, NEUTRAL_COLOURS, OKABE_ITO_COLOURS, shade, tint } from '../../src/charts/arm-colours.js';
import { buildTrajectorySpec } from '../../src/charts/trajectory-spec.js';
import { buildNetworkGrowthSpec } from '../../src/charts/network-growth-spec.js';
import { summarizeBarrierSweep } from '../../src/charts/barrier-effects.js';
import { buildBarrierEffectSpec } from '../../src/charts/barrier-effect-spec.js';
import { summarizeGridSweep } from '../../src/charts/grid-sweep.js';
import { buildFactorLinesSpec } from '../../src/charts/factor-lines-spec.js';
import { buildSensitivitySpec } from '../../src/charts/sensitivity-spec.js';
import { buildExplorerChartSpec } from '../../src/explore/chart-spec.js';
import { ARM_COLOURS } from '../../src/explore/palette.js';
import { initialSettings } from '../../src/explore/explorer-document.js';
import { loadScenario } from '../../src/scenario/load.js';
import { BARRIER_INPUT, GRID_INPUT, MORRIS_ROWS, SERIES_ROWS, SUMMARY_ROWS, TIE_SERIES_ROWS, type AnySpec } from './fixtures.js';

/** pilot-england's arms, in its order. */
const PILOT = loadScenario('pilot-england');
const ARMS = PILOT.arms.map((a) => a.name);

/** Every colour channel of a spec (nested layers, facets and concatenations included). */
function colourChannels(spec: unknown): Array<{ domain: string[]; range: string[] }> {
  const out: Array<{ domain: string[]; range: string[] }> = [];
  const walk = (node: AnySpec) => {
    if (!node || typeof node !== 'object') return;
    const c = node.encoding?.color;
    if (c?.scale?.domain && Array.isArray(c.scale.range)) out.push({ domain: c.scale.domain, range: c.scale.range });
    for (const v of Object.values(node)) walk(v);
  };
  walk(spec);
  return out;
}

/** The colour a spec gives an arm (every channel that names it must agree). */
function colourOf(spec: TopLevelSpec, arm: string): string {
  const found = new Set(colourChannels(spec).flatMap((c) => (c.domain.includes(arm) ? [c.range[c.domain.indexOf(arm)]] : [])));
  expect(found.size, `${arm} in one colour`).toBe(1);
  return [...found][0];
}

/** Rows of the fixtures with their arms renamed to pilot-england's. */
const rename = <R extends { arm: string }>(rows: readonly R[], names: Record<string, string>): R[] => rows.map((r) => ({ ...r, arm: names[r.arm] ?? r.arm }));

describe('armColour', () => {
  test("an arm's colour is its place among the scenario's arms; unlisted arms follow them", () => {
    expect(armColour('high-fidelity', ARMS)).toBe(ARM_PALETTE[0]);
    expect(armColour('usual-care', ARMS)).toBe(ARM_PALETTE[2]);
    expect(armColours(['usual-care', 'low-fidelity'], ARMS)).toEqual([ARM_PALETTE[2], ARM_PALETTE[1]]);
    expect(armColours(['x', 'high-fidelity', 'y'], ARMS)).toEqual([ARM_PALETTE[3], ARM_PALETTE[0], ARM_PALETTE[4]]);
    // Seven arms: the seventh takes the first colour again.
    expect(armColour('g', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(ARM_PALETTE[0]);
  });

  test('arm colours are Okabe–Ito, apart from each other and from every neutral colour; tints and shades stay in the hue', () => {
    expect(new Set(ARM_PALETTE).size).toBe(ARM_PALETTE.length);
    for (const c of ARM_PALETTE) expect(Object.values(OKABE_ITO_COLOURS)).toContain(c);
    for (const n of Object.values(NEUTRAL_COLOURS)) expect(ARM_PALETTE.map((c) => c.toLowerCase())).not.toContain(n.toLowerCase());
    expect(tint('#0072B2', 0)).toBe('#0072B2');
    expect(tint('#0072B2', 1)).toBe('#FFFFFF');
    expect(tint('#0072B2', 0.5)).toBe('#80B9D9');
    expect(shade('#0072B2', 0.5)).toBe('#003959');
    expect(() => tint('blue', 0.5)).toThrow(/not a #rrggbb colour/);
  });
});

describe('one colour per arm in every chart and in the explorer', () => {
  test('low-fidelity (the second arm) has the same colour in every chart spec that draws it, whichever arms are drawn', () => {
    const want = armColour('low-fidelity', ARMS);
    const two = { cpi: 'high-fidelity', 'usual-care': 'low-fidelity' };
    const swap = { cpi: 'low-fidelity', 'usual-care': 'usual-care' };
    const specs: Array<[string, TopLevelSpec]> = [
      ['trajectory of replicates', buildTrajectorySpec(rename(SUMMARY_ROWS, two), { measure: 'rg_total', scenarioArms: ARMS })],
      ['trajectory of replicates, low-fidelity drawn first', buildTrajectorySpec(rename(SUMMARY_ROWS, two), { measure: 'rg_total', arms: ['low-fidelity', 'high-fidelity'], scenarioArms: ARMS })],
      ['trajectory of replicates, low-fidelity alone', buildTrajectorySpec(rename(SUMMARY_ROWS, swap), { measure: 'rg_total', arms: ['low-fidelity'], scenarioArms: ARMS })],
      ['trajectory of a single run', buildTrajectorySpec(rename(SERIES_ROWS, swap), { measure: 'rg_total', scenarioArms: ARMS })],
      ['tornado', buildBarrierEffectSpec(summarizeBarrierSweep({ ...BARRIER_INPUT, outputs: rename(BARRIER_INPUT.outputs, { a: 'usual-care', b: 'low-fidelity' }) }, { kind: 'tornado', measure: 'rg_total' }), { scenarioArms: ARMS })],
      ['dose-response', buildBarrierEffectSpec(summarizeBarrierSweep({ ...BARRIER_INPUT, outputs: rename(BARRIER_INPUT.outputs, { a: 'low-fidelity', b: 'high-fidelity' }) }, { kind: 'dose-response', measure: 'rg_total' }), { scenarioArms: ARMS })],
      ['grid sweep of one factor', buildFactorLinesSpec(summarizeGridSweep({ ...GRID_INPUT, outputs: rename(GRID_INPUT.outputs, { a: 'usual-care', b: 'low-fidelity' }) }, { measure: 'rg_total', factors: ['agencies.fidelity.mean'] }), { scenarioArms: ARMS })],
    ];
    for (const [name, spec] of specs) expect(colourOf(spec, 'low-fidelity'), name).toBe(want);

    // Charts of one arm carry it in their own marks: the new ties of network growth, Morris points.
    const growth = buildNetworkGrowthSpec(rename(TIE_SERIES_ROWS, swap), { arm: 'low-fidelity', scenarioArms: ARMS }) as AnySpec;
    const flows = growth.vconcat[1].encoding.color.scale;
    expect(flows.range[flows.domain.indexOf('new, alive')]).toBe(want);
    const morris = buildSensitivitySpec(rename(MORRIS_ROWS, { cpi: 'low-fidelity' }), { scenarioArms: ARMS }) as AnySpec;
    expect(new Set(colourChannels(morris).flatMap((c) => c.range))).toEqual(new Set([want]));
  });

  test("the explorer's arms A and B are a scenario's first two arms, in the colours charts give those arms", () => {
    // The explorer opens pilot-england with high-fidelity as A and low-fidelity as B.
    const settings = initialSettings(PILOT);
    expect(settings.a).toEqual(PILOT.arms[0].set);
    expect(ARM_COLOURS.A).toBe(colourOf(buildTrajectorySpec(rename(SUMMARY_ROWS, { cpi: 'high-fidelity', 'usual-care': 'low-fidelity' }), { measure: 'rg_total', scenarioArms: ARMS }), 'high-fidelity'));
    expect(ARM_COLOURS.B).toBe(armColour('low-fidelity', ARMS));
    // The explorer's own chart and its page's CSS use the same two colours.
    const explorer = colourChannels(buildExplorerChartSpec({ ticks: 26 }));
    expect(explorer.length).toBeGreaterThan(0);
    for (const c of explorer) expect([c.range[c.domain.indexOf('A')], c.range[c.domain.indexOf('B')]]).toEqual([ARM_COLOURS.A, ARM_COLOURS.B]);
    const css = readFileSync(new URL('../../src/explore/browser/explorer.css', import.meta.url), 'utf8');
    expect(/--arm-a:\s*(#[0-9a-f]{6})/i.exec(css)![1].toUpperCase()).toBe(ARM_COLOURS.A.toUpperCase());
    expect(/--arm-b:\s*(#[0-9a-f]{6})/i.exec(css)![1].toUpperCase()).toBe(ARM_COLOURS.B.toUpperCase());
  });
});
