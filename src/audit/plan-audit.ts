// The plan of a mechanism audit (MODEL.md §8, issue 14): from a compiled scenario and the parameters' declared
// roles, every parameter of the scenario with the values it is screened at, and the arm it is screened in.
// Part of audit/; pure. Mechanism and measurement parameters go to the two ends of their range in the
// scenario file (booleans to the other value, choices to every other option, a barrier's effects key by key
// over their range); size and horizon parameters to ×½ and ×2 of their value, within their range. An end
// equal to the arm's own value is not run again: the default point already is that run.
import { isLeaf, EFFECT_TARGETS, type Group, type Leaf } from '../scenario/spec.js';
import { PARAMETERS } from '../scenario/parameters.js';
import type { Arm, Scenario } from '../scenario/compile.js';
import type { ParameterRole } from '../scenario/role-spec.js';
import type { SweepValue } from '../sweep/sweep-file.js';
import { AuditError, type AuditIssue } from './audit-error.js';

/** The declared role of a parameter path (a leaf, or one effect of a barrier); undefined when undeclared. */
export type RoleOf = (path: string) => ParameterRole | undefined;

export interface AuditEnd {
  /** "low", "high", "half", "double", "true", "false" or an option's name. */
  readonly end: string;
  readonly value: SweepValue;
  /** +1 when the parameter rises (or is switched on) from the arm's value to this end, −1 when it falls, 0 for an option. */
  readonly direction: 1 | -1 | 0;
}

export interface AuditFactor {
  /** The parameter path, as in arms and --set (an effect: "barriers.user.selfStigma.effects.tieFormation"). */
  readonly path: string;
  readonly role: ParameterRole;
  readonly kind: 'number' | 'boolean' | 'choice' | 'effect';
  /** The audited arm's value. */
  readonly value: SweepValue;
  /** The ends it is run at (those different from `value`), in order. */
  readonly ends: readonly AuditEnd[];
  /** Why it has no ends, when it has none. */
  readonly unscreened?: string;
}

export interface AuditPair {
  readonly a: string;
  readonly b: string;
}

export interface AuditPlan {
  readonly scenario: string;
  readonly arm: string;
  readonly factors: readonly AuditFactor[];
  readonly pairs: readonly AuditPair[];
}

export interface AuditPlanOptions {
  /** The arm to audit (default: auditedArm's choice). */
  readonly arm?: string;
  /** Comma-separated patterns: "*" matches any text; a pattern without "*" matches the path or a group of it. */
  readonly only?: string;
  /** Also screen the pairs the paper couples (auditPairs). */
  readonly pairs?: boolean;
}

const SPEC = PARAMETERS as unknown as Group;

/**
 * The arm audited by default: the one named "high-fidelity", else the arm that delivers CPI (intervention
 * enabled) at the highest mean fidelity, the first of equals; else the first arm.
 */
export function auditedArm(scenario: Scenario): Arm {
  const named = scenario.arms.find((a) => a.name === 'high-fidelity');
  if (named) return named;
  const cpi = scenario.arms.filter((a) => a.params.intervention.enabled);
  if (cpi.length === 0) return scenario.arms[0];
  return cpi.reduce((best, a) => (a.params.agencies.fidelity.mean > best.params.agencies.fidelity.mean ? a : best));
}

/** Does a path match the --only patterns? */
export function matchesOnly(path: string, only: string | undefined): boolean {
  if (only === undefined) return true;
  return only
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .some((p) => {
      if (!p.includes('*')) return path === p || path.startsWith(`${p}.`);
      const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return re.test(path);
    });
}

const valueAt = (tree: unknown, path: string): unknown => path.split('.').reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], tree);

/** The leaf object (value, unit, range, source) of a parameter in a scenario's document. */
function leafObject(scenario: Scenario, leafPath: string): Record<string, unknown> {
  return valueAt(scenario.document.parameters, leafPath) as Record<string, unknown>;
}

/** The options a choice leaf may take: its fixed list, or (barrier targets) all, minority and the cultural groups. */
function choiceOptions(scenario: Scenario, leafPath: string, leaf: Leaf & { kind: 'choice' }): string[] {
  if (leaf.options.length) return [...leaf.options];
  if (leafPath.startsWith('barriers.worker.')) return ['all'];
  return ['all', 'minority', ...scenario.tables.culturalGroups.items.map((g) => g.name)];
}

const roundTo = (x: number, integer: boolean) => (integer ? Math.round(x) : x);

function numberEnds(value: number, range: readonly [number, number], size: boolean, integer: boolean): AuditEnd[] {
  const [lo, hi] = range;
  const clip = (x: number) => Math.min(hi, Math.max(lo, x));
  const ends: AuditEnd[] = size
    ? [
        { end: 'half', value: clip(roundTo(value / 2, integer)), direction: -1 },
        { end: 'double', value: clip(roundTo(value * 2, integer)), direction: 1 },
      ]
    : [
        { end: 'low', value: integer ? Math.ceil(lo) : lo, direction: -1 },
        { end: 'high', value: integer ? Math.floor(hi) : hi, direction: 1 },
      ];
  return ends.filter((e, i) => e.value !== value && ends.findIndex((f) => f.value === e.value) === i);
}

/** The factor of one parameter path (a leaf, or an effect key) as the audited arm has it. */
function planFactor(scenario: Scenario, arm: Arm, path: string, leafPath: string, leaf: Leaf, role: ParameterRole, effectKey?: string): AuditFactor {
  const size = role.role === 'size' || role.role === 'horizon';
  const armValue = valueAt(arm.params, leafPath);
  if (effectKey !== undefined) {
    const value = (armValue as Record<string, number>)[effectKey] ?? 0;
    const range = (leafObject(scenario, leafPath).range as [number, number] | undefined) ?? [0, 1];
    return { path, role, kind: 'effect', value, ends: numberEnds(value, range, size, false) };
  }
  switch (leaf.kind) {
    case 'number': {
      const value = armValue as number;
      const ends = numberEnds(value, leafObject(scenario, leafPath).range as [number, number], size, leaf.integer);
      return { path, role, kind: 'number', value, ends, unscreened: ends.length ? undefined : 'its range and size allow only its value in this arm' };
    }
    case 'boolean': {
      const value = armValue as boolean;
      return { path, role, kind: 'boolean', value, ends: [{ end: String(!value), value: !value, direction: value ? -1 : 1 }] };
    }
    case 'choice': {
      const value = armValue as string;
      const ends = choiceOptions(scenario, leafPath, leaf)
        .filter((o) => o !== value)
        .map((o): AuditEnd => ({ end: o, value: o, direction: 0 }));
      return { path, role, kind: 'choice', value, ends, unscreened: ends.length ? undefined : 'it allows only one option' };
    }
    default:
      throw new Error(`planFactor: ${path} is a whole effects object`);
  }
}

/**
 * The pairs the CPI paper couples (Webber et al. 2016): each user barrier's scale with agency fidelity and
 * with the hours a worker spends on each barrier; the attitude barriers with the worker's can-do attitude
 * ("crucial" for them). Only pairs whose two parameters are both screened.
 */
export function auditPairs(factors: readonly AuditFactor[]): AuditPair[] {
  const screened = new Set(factors.filter((f) => f.ends.length).map((f) => f.path));
  const pairs: AuditPair[] = [];
  const add = (a: string, b: string) => {
    if (screened.has(a) && screened.has(b)) pairs.push({ a, b });
  };
  const barriers = Object.keys((PARAMETERS as unknown as { barriers: { user: Record<string, unknown> } }).barriers.user);
  for (const b of barriers) add(`barriers.user.${b}.scale`, 'agencies.fidelity.mean');
  for (const b of barriers) add(`barriers.user.${b}.scale`, 'workers.barrierHoursPerBarrier');
  add('barriers.user.unhelpfulAttitudes.scale', 'workers.canDo.mean');
  add('barriers.worker.unhelpfulAttitudes.scale', 'workers.canDo.mean');
  return pairs;
}

/**
 * Plan the audit of a scenario: every parameter (every effect a barrier of the audited arm declares, key by
 * key) with its role and ends. Throws AuditError naming every parameter without a role, an unknown arm, or
 * --only patterns that select nothing.
 */
export function planAudit(scenario: Scenario, roleOf: RoleOf, options: AuditPlanOptions = {}): AuditPlan {
  // 1. The arm.
  let arm: Arm;
  if (options.arm !== undefined) {
    const found = scenario.arms.find((a) => a.name === options.arm);
    if (!found) throw new AuditError(scenario.name, [{ path: '--arm', message: `${JSON.stringify(options.arm)} is not an arm of the scenario; allowed: ${scenario.arms.map((a) => a.name).join(', ')}` }]);
    arm = found;
  } else arm = auditedArm(scenario);
  // 2. Every parameter path, effects key by key (the keys the arm's value declares).
  const paths: Array<{ path: string; leafPath: string; leaf: Leaf; effectKey?: string }> = [];
  const walk = (group: Group, prefix: string) => {
    for (const [key, node] of Object.entries(group)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (!isLeaf(node)) walk(node, path);
      else if (node.kind === 'effects') {
        const value = valueAt(arm.params, path) as Record<string, number>;
        for (const k of EFFECT_TARGETS) if (k in value) paths.push({ path: `${path}.${k}`, leafPath: path, leaf: node, effectKey: k });
      } else paths.push({ path, leafPath: path, leaf: node });
    }
  };
  walk(SPEC, '');
  const selected = paths.filter((p) => matchesOnly(p.path, options.only));
  if (selected.length === 0) throw new AuditError(scenario.name, [{ path: '--only', message: `${JSON.stringify(options.only)} selects no parameter; give paths or patterns such as "peerWorkers.*" or "intake.*Weight"` }]);
  // 3. Roles: an effect may be declared on its own or through its barrier's effects leaf.
  const issues: AuditIssue[] = [];
  const factors: AuditFactor[] = [];
  for (const p of selected) {
    const role = roleOf(p.path) ?? (p.effectKey !== undefined ? roleOf(p.leafPath) : undefined);
    if (!role) {
      issues.push({ path: p.path, message: 'has no declared role (mechanism, measurement, size or horizon); declare it in src/scenario/roles.ts' });
      continue;
    }
    factors.push(planFactor(scenario, arm, p.path, p.leafPath, p.leaf, role, p.effectKey));
  }
  if (issues.length) throw new AuditError(scenario.name, issues);
  return { scenario: scenario.name, arm: arm.name, factors, pairs: options.pairs ? auditPairs(factors) : [] };
}
