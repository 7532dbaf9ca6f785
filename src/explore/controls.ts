// The explorer's controls, generated from the parameter declarations (STYLE.md principle 6): each control is
// a parameter path whose kind, integer-ness and meaning come from PARAMETERS (scenario/parameters.ts) and whose
// value, unit, range and source come from the scenario document (scenarios/base.json and what extends it).
// Part of explore/; pure and browser-safe. Barriers follow MODEL.md §4 (service user; worker and agency): each
// has its on/off, onset and resolution rates, prevalence at start and scale.
import { BARRIER_LABELS, PARAMETERS, USER_BARRIERS, WORKER_BARRIERS } from '../scenario/parameters.js';
import { leafAt, type Group, type Leaf } from '../scenario/spec.js';
import { isPopulationShaping } from '../output/describe-model.js';

export type ControlValue = number | boolean;

export interface ParameterControl {
  /** A parameter path (as in arms and --set), or `seed` / `ticks`. */
  readonly path: string;
  readonly label: string;
  /** What the parameter means: its declaration's text. */
  readonly description: string;
  readonly kind: 'number' | 'boolean';
  readonly integer: boolean;
  readonly unit: string;
  /** The declared plausible range (numbers only). */
  readonly range: readonly [number, number];
  /** Slider resolution, in the parameter's unit. */
  readonly step: number;
  /** A quadratic slider spreads small rates (a default low in a wide range) over more of its travel. */
  readonly scale: 'linear' | 'quadratic';
  readonly source: string;
  /** Shapes the population both arms share (or is the seed or horizon): set once, for both arms. */
  readonly shared: boolean;
  /** The value in the scenario. */
  readonly value: ControlValue;
  /** The widget: a slider with a number box, a number box alone (shared sizes, whose ranges are wide), a checkbox. */
  readonly widget: 'slider' | 'number' | 'checkbox';
}

export interface ControlGroup {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly controls: readonly ParameterControl[];
}

// The barriers' names live beside their declarations (scenario/parameters.ts); re-exported for the explorer's views.
export { BARRIER_LABELS } from '../scenario/parameters.js';

/** The controls of each barrier, with their short labels. */
export const BARRIER_FIELDS = [
  ['enabled', 'switched on'],
  ['onsetRate', 'onset rate'],
  ['resolutionRate', 'resolution rate'],
  ['prevalence', 'prevalence at start'],
  ['scale', 'scale (× onset and prevalence)'],
] as const;

const OTHER_LABELS: Readonly<Record<string, string>> = {
  'intervention.enabled': 'CPI delivered',
  'agencies.fidelity.mean': 'Fidelity to the CPI model (agency mean)',
  'agencies.skillSharing.mean': 'Skill sharing (agency mean)',
  'workers.caseloadCapacity': 'Caseload: most users per worker',
  'workers.timeBudgetHours': 'Hours per week for CPI work',
  'workers.turnoverRate': 'Worker turnover',
  'serviceUsers.referrals': 'Service users referred',
  'agencies.count': 'Agencies',
  'agencies.workersPerAgency': 'Workers per agency',
  seed: 'Seed (the luck both arms share)',
  ticks: 'Horizon',
};

const OTHER_GROUPS: ReadonlyArray<{ id: string; title: string; note: string; paths: readonly string[] }> = [
  { id: 'practice', title: 'Agency practice', note: 'How the agencies deliver CPI.', paths: ['intervention.enabled', 'agencies.fidelity.mean', 'agencies.skillSharing.mean'] },
  { id: 'workforce', title: 'Workforce', note: 'Caseloads, time and turnover of the workers.', paths: ['workers.caseloadCapacity', 'workers.timeBudgetHours', 'workers.turnoverRate'] },
  {
    id: 'shared',
    title: 'Shared by both arms',
    note: 'These shape the one population both arms share (same people, same luck), so an arm cannot change them: they apply to both arms.',
    paths: ['serviceUsers.referrals', 'agencies.count', 'agencies.workersPerAgency', 'seed', 'ticks'],
  },
];

const SPEC = PARAMETERS as unknown as Group;

/** Hard limits of the run settings that are not parameters (compile.ts checks the same). */
export const SEED_RANGE: readonly [number, number] = [0, 4294967295];
/** The horizon the explorer offers: up to ten years of weeks (the engine allows more, a classroom does not need it). */
export const TICKS_RANGE: readonly [number, number] = [1, 520];

/** The leaf object ({ value, unit, range, source }) of a parameter path in a complete scenario document. */
export function documentLeaf(document: unknown, path: string): { value: unknown; unit?: string; range?: [number, number]; source?: string } {
  let node = (document as { parameters?: unknown }).parameters;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`the scenario document has no parameter "${path}"`);
    node = (node as Record<string, unknown>)[key];
  }
  return node as { value: unknown; unit?: string; range?: [number, number]; source?: string };
}

/** Slider resolution: about a thousandth of the range, as a power of ten (whole numbers for integers). */
export function stepFor(range: readonly [number, number], integer: boolean): number {
  if (integer) return 1;
  const span = range[1] - range[0];
  return span > 0 ? 10 ** Math.floor(Math.log10(span / 1000)) : 1;
}

/** Round to a control's step (and its decimals, so that 0.1 + 0.2 prints as 0.3 in the exported file). */
export function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

function parameterControl(document: unknown, path: string, label: string): ParameterControl {
  const leaf = leafAt(SPEC, path) as Leaf | undefined;
  if (!leaf || (leaf.kind !== 'number' && leaf.kind !== 'boolean')) throw new Error(`"${path}" is not a number or yes/no parameter`);
  const doc = documentLeaf(document, path);
  const shared = isPopulationShaping(path, leaf);
  if (leaf.kind === 'boolean') {
    return { path, label, description: leaf.doc, kind: 'boolean', integer: false, unit: doc.unit ?? 'yes/no', range: [0, 1], step: 1, scale: 'linear', source: doc.source ?? '', shared, value: doc.value as boolean, widget: 'checkbox' };
  }
  const range = doc.range as [number, number];
  const value = doc.value as number;
  const lowInRange = range[1] > range[0] && (value - range[0]) / (range[1] - range[0]) < 0.1;
  return {
    path,
    label,
    description: leaf.doc,
    kind: 'number',
    integer: leaf.integer,
    unit: doc.unit ?? '',
    range,
    step: stepFor(range, leaf.integer),
    scale: range[0] >= 0 && lowInRange ? 'quadratic' : 'linear',
    source: doc.source ?? '',
    shared,
    value,
    widget: shared ? 'number' : 'slider',
  };
}

function runControl(document: { seed: number; ticks: number }, path: 'seed' | 'ticks'): ParameterControl {
  const seed = path === 'seed';
  return {
    path,
    label: OTHER_LABELS[path],
    description: seed
      ? 'root seed of the run: the population and every random draw come from it; both arms share it (common random numbers)'
      : 'weeks simulated (one tick is one week)',
    kind: 'number',
    integer: true,
    unit: seed ? 'seed' : 'weeks',
    range: seed ? SEED_RANGE : TICKS_RANGE,
    step: 1,
    scale: 'linear',
    source: 'the scenario',
    shared: true,
    value: seed ? document.seed : document.ticks,
    widget: 'number',
  };
}

/** The label of any control path (barrier fields included), for summaries of what an arm changes. */
export function controlLabel(path: string): string {
  const m = /^barriers\.(user|worker)\.([A-Za-z]+)\.([A-Za-z]+)$/.exec(path);
  if (m) {
    const field = BARRIER_FIELDS.find(([f]) => f === m[3]);
    return `${BARRIER_LABELS[`${m[1]}.${m[2]}`] ?? m[2]}: ${field ? field[1] : m[3]}`;
  }
  return OTHER_LABELS[path] ?? path;
}

/**
 * Every control of the explorer for a complete scenario document, in groups: service-user barriers; worker
 * and agency barriers (each barrier: on/off, onset rate, resolution rate, prevalence at start); agency
 * practice; workforce; and what both arms share (population sizes, seed, horizon).
 */
export function buildControlGroups(document: { seed: number; ticks: number; parameters: unknown }): ControlGroup[] {
  const barrierGroup = (who: 'user' | 'worker', names: readonly string[], id: string, title: string, note: string): ControlGroup => ({
    id,
    title,
    note,
    controls: names.flatMap((name) =>
      BARRIER_FIELDS.map(([field]) => parameterControl(document, `barriers.${who}.${name}.${field}`, controlLabel(`barriers.${who}.${name}.${field}`))),
    ),
  });
  return [
    barrierGroup(
      'user',
      USER_BARRIERS,
      'user-barriers',
      'Barriers: service user',
      'Each switches on and off for each user every week (onset and resolution rates); while on it lowers the processes it acts on. Scale multiplies onset and prevalence (0 switches the barrier off).',
    ),
    barrierGroup('worker', WORKER_BARRIERS, 'worker-barriers', 'Barriers: worker and agency', 'Each switches on and off for each worker every week.'),
    ...OTHER_GROUPS.map((g) => ({
      id: g.id,
      title: g.title,
      note: g.note,
      controls: g.paths.map((p) => (p === 'seed' || p === 'ticks' ? runControl(document, p) : parameterControl(document, p, OTHER_LABELS[p]))),
    })),
  ];
}

/** Slider travel: positions 0…SLIDER_POSITIONS. */
export const SLIDER_POSITIONS = 1000;

/** Where a value sits on a control's slider (0…SLIDER_POSITIONS). */
export function sliderPosition(control: ParameterControl, value: number): number {
  const [lo, hi] = control.range;
  if (hi <= lo) return 0;
  const f = Math.min(1, Math.max(0, (value - lo) / (hi - lo)));
  return Math.round((control.scale === 'quadratic' ? Math.sqrt(f) : f) * SLIDER_POSITIONS);
}

/** The value at a slider position, rounded to the control's step and kept in its range. */
export function sliderValue(control: ParameterControl, position: number): number {
  const [lo, hi] = control.range;
  const f = Math.min(1, Math.max(0, position / SLIDER_POSITIONS));
  const v = lo + (control.scale === 'quadratic' ? f * f : f) * (hi - lo);
  return Math.min(hi, Math.max(lo, roundToStep(v, control.step)));
}

/** Is a typed value allowed for a control? Returns the reason when not. */
export function checkControlValue(control: ParameterControl, value: ControlValue): string | undefined {
  if (control.kind === 'boolean') return typeof value === 'boolean' ? undefined : 'expected yes or no';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
  if (control.integer && !Number.isInteger(value)) return 'expected a whole number';
  const [lo, hi] = control.range;
  if (value < lo || value > hi) return `out of range: allowed ${lo} to ${hi} ${control.unit}`;
  return undefined;
}

/** The tooltip text of a control: its meaning, unit, range and source. */
export function describeControl(control: ParameterControl): string {
  const parts = [`${control.description[0].toUpperCase()}${control.description.slice(1)}.`];
  if (control.kind === 'number') parts.push(`Unit: ${control.unit}. Range: ${control.range[0]} to ${control.range[1]}.`);
  parts.push(`Source: ${control.source}.`);
  if (control.shared) parts.push('Applies to both arms (they share one population).');
  return parts.join(' ');
}
