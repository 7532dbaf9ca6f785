// What is on the explorer's screen, as one scenario file: the scenario with arm A's values set for the whole
// scenario, and two arms, `arm-a` (as set) and `arm-b` (A with B's own values). The worker compiles and runs
// exactly this document, and "Export scenario" writes exactly it, so `cpi-sim run FILE` reproduces the page.
// Part of explore/; pure and browser-safe (compileScenario, no I/O).
import { compileScenario, resolveParameterPath, type Scenario } from '../scenario/compile.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { controlLabel, documentLeaf } from './controls.js';

export const ARM_A = 'arm-a';
export const ARM_B = 'arm-b';

export interface ExplorerSettings {
  readonly seed: number;
  readonly ticks: number;
  /** Values set for the whole scenario (arm A, and arm B where B has no value of its own), by parameter path. */
  readonly a: Readonly<Record<string, unknown>>;
  /** Arm B's own values, by parameter path (never one that shapes the shared population). */
  readonly b: Readonly<Record<string, unknown>>;
  /**
   * "shared" (default): B starts from A's week 0, the same people with the same barriers, and B's settings act
   * from week 1; "per-arm": each arm draws its starting barriers from its own prevalence (asked for explicitly).
   */
  readonly baseline?: 'shared' | 'per-arm';
}

/** A parameter's value in a complete document; an effect path (`….effects.tieFormation`) gives that fraction (0 when unset). */
export function documentValue(document: unknown, path: string): unknown {
  if (path === 'seed' || path === 'ticks') return (document as Record<string, unknown>)[path];
  const r = resolveParameterPath(path);
  if ('error' in r) throw new Error(r.error);
  const value = documentLeaf(document, r.leafPath).value;
  return r.effectKey ? ((value as Record<string, number>)[r.effectKey] ?? 0) : value;
}

const sameValue = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);

/** A's value of a path: its own setting, else the document's. */
export function valueInA(document: unknown, settings: ExplorerSettings, path: string): unknown {
  if (path === 'seed' || path === 'ticks') return settings[path];
  return path in settings.a ? settings.a[path] : documentValue(document, path);
}

/** B's value of a path: its own setting, else A's. */
export function valueInB(document: unknown, settings: ExplorerSettings, path: string): unknown {
  return path in settings.b ? settings.b[path] : valueInA(document, settings, path);
}

/**
 * Settings with new values in one arm. In A, a value equal to the scenario's is dropped (nothing to set); in
 * B, a value equal to A's is dropped (B follows A again), as is `undefined`. `seed` and `ticks` go to both arms.
 */
export function withValues(document: unknown, settings: ExplorerSettings, arm: 'a' | 'b', values: Readonly<Record<string, unknown>>): ExplorerSettings {
  const next = { ...settings, a: { ...settings.a }, b: { ...settings.b } };
  for (const [path, value] of Object.entries(values)) {
    if (path === 'seed' || path === 'ticks') {
      next[path] = value as number;
      continue;
    }
    const own = arm === 'a' ? next.a : next.b;
    const reference = arm === 'a' ? documentValue(document, path) : valueInA(document, next, path);
    if (value === undefined || sameValue(value, reference)) delete own[path];
    else own[path] = value;
  }
  return next;
}

/**
 * A preset applied to an arm. On A it sets those values for the scenario (B keeps its own differences). On B it
 * makes B "A plus this change": B's earlier values are dropped first, so a preset never makes B better (or
 * worse) by keeping or undoing something that is not the preset's.
 */
export function applyPresetValues(document: unknown, settings: ExplorerSettings, arm: 'a' | 'b', values: Readonly<Record<string, unknown>>): ExplorerSettings {
  return arm === 'a' ? withValues(document, settings, 'a', values) : withValues(document, { ...settings, b: {} }, 'b', values);
}

/**
 * The settings that show a scenario's first two arms: A is the first arm, B the second (or A again when there
 * is only one). B's own values are the second arm's, plus the scenario's value wherever the first
 * arm sets something the second does not, so B runs exactly as the second arm does in `cpi-sim run`.
 */
export function initialSettings(scenario: Scenario): ExplorerSettings {
  const [first, second] = scenario.arms;
  const b: Record<string, unknown> = {};
  if (second) {
    for (const [path, value] of Object.entries(second.set)) b[path] = value;
    for (const path of Object.keys(first.set)) if (!(path in second.set)) b[path] = documentValue(scenario.document, path);
  }
  return { seed: scenario.seed, ticks: scenario.ticks, a: { ...first.set }, b };
}

/** B's values that differ from A's, in a stable order, for summaries. */
export function armDifferences(document: unknown, settings: ExplorerSettings): Array<{ path: string; label: string; a: unknown; b: unknown }> {
  return Object.keys(settings.b)
    .sort()
    .map((path) => ({ path, label: controlLabel(path), a: valueInA(document, settings, path), b: settings.b[path] }))
    .filter((d) => !sameValue(d.a, d.b));
}

const showValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 'on' : 'off') : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** One line saying what arm A changes in the scenario. */
export function describeArmA(document: unknown, settings: ExplorerSettings): string {
  const changed = Object.keys(settings.a)
    .sort()
    .filter((path) => !sameValue(documentValue(document, path), settings.a[path]));
  if (changed.length === 0) return 'the scenario as it is';
  return `the scenario with ${changed.map((path) => `${controlLabel(path)} ${showValue(settings.a[path])} (scenario: ${showValue(documentValue(document, path))})`).join('; ')}`;
}

/** One line saying how B differs from A. */
export function describeArmB(document: unknown, settings: ExplorerSettings): string {
  const diffs = armDifferences(document, settings);
  if (diffs.length === 0) return 'the same as arm A (change a value in column B to make them differ)';
  return `arm A with ${diffs.map((d) => `${d.label} ${showValue(d.b)} (A: ${showValue(d.a)})`).join('; ')}`;
}

/**
 * The scenario file for the screen. `document` is a complete scenario document (Scenario.document).
 * Stages: (1) A's values, seed and horizon applied to the whole scenario through compileScenario (checked
 * against each parameter's range; values equal to the document's keep their source), (2) the two arms,
 * (3) the result compiled once more, so that an arm B that breaks a rule fails here, not in the worker.
 */
export function buildExplorerDocument(document: ScenarioFile, settings: ExplorerSettings): ScenarioFile {
  // 1. Whole-scenario values.
  const set: Array<[string, unknown]> = Object.entries(settings.a).filter(([path, value]) => !sameValue(documentValue(document, path), value));
  set.push(['seed', settings.seed], ['ticks', settings.ticks]);
  const whole = compileScenario([{ file: `<explorer: ${document.name}>`, json: document }], { set, setSource: 'the explorer' });
  // 2. Arms.
  const name = explorerName(document);
  const b = Object.fromEntries(Object.entries(settings.b).filter(([path, value]) => !sameValue(valueInA(document, settings, path), value)));
  const out: ScenarioFile = {
    ...whole.document,
    name,
    baseline: settings.baseline ?? 'shared',
    title: document.title.startsWith('Explorer: ') ? document.title : `Explorer: ${document.title}`,
    description: `Exported from the cpi-sim explorer (\`cpi-sim explore\`): arm ${ARM_A} is the scenario as set on the screen, arm ${ARM_B} is ${describeArmB(document, settings)}. ${(settings.baseline ?? 'shared') === 'shared' ? 'Both arms start from the same week 0 (baseline "shared"); B differs from week 1. ' : ''}\`cpi-sim run\` on this file reproduces the numbers the explorer showed. Based on: ${document.description}`,
    arms: [
      { name: ARM_A, description: 'arm A: the scenario as set in the explorer', set: {} },
      { name: ARM_B, description: `arm B: ${describeArmB(document, settings)}`, set: b },
    ],
  };
  // 3. Check.
  compileScenario([{ file: `<explorer: ${name}>`, json: out }]);
  return out;
}

/** A file name for the exported scenario. */
export function explorerFileName(document: ScenarioFile, settings: ExplorerSettings): string {
  return `${explorerName(document)}-seed-${settings.seed}.json`;
}

/** The exported scenario's name: the scenario's, marked as coming from the explorer (once). */
function explorerName(document: ScenarioFile): string {
  return document.name.endsWith('-explorer') ? document.name : `${document.name}-explorer`;
}
