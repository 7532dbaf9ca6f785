// Turn scenario documents into the normalised, frozen Scenario the engine sees. Part of scenario/.
// Pure (no I/O, browser-safe): load.ts reads files and hands the `extends` chain here.
// Stages: (1) validate the complete root, (2) validate and merge each overriding file, (3) apply
// --set assignments, (4) validate the merged document again, (5) cross-check tables and arms,
// (6) resolve values per arm, (7) freeze.
import type { z } from 'zod';
import { isLeaf, leafAt, forEachLeaf, EFFECT_TARGETS, type Group, type Leaf } from './spec.js';
import { PARAMETERS, USER_BARRIERS, WORKER_BARRIERS, type Params } from './parameters.js';
import { overrideFileSchema, scenarioFileSchema, bareLeafSchema, type AcceptedFinding, type ScenarioFile } from './schema.js';
import { tablesSchema, type Tables } from './tables.js';
import { ScenarioError, describeUnknownKeys, show, showName, suggest, MAX_LISTED_UNKNOWN, type ScenarioIssue } from './errors.js';
import { findTooDeep, MAX_INPUT_DEPTH, showPath } from './json-text.js';

export interface Arm {
  readonly name: string;
  readonly description: string;
  /** The parameter paths this arm changes, with their values. */
  readonly set: Readonly<Record<string, unknown>>;
  readonly params: Params;
}

export interface Scenario {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly seed: number;
  readonly ticks: number;
  /** Resolved base parameters (before any arm's changes). */
  readonly params: Params;
  readonly tables: Tables;
  readonly arms: readonly Arm[];
  /** The complete merged document: writing it out and running it reproduces this scenario. */
  readonly document: ScenarioFile;
  /** Files the scenario was read from, root first. */
  readonly files: readonly string[];
  /** Audit findings the scenario accepts, with reasons (from every file of the chain; a later file's reason wins). */
  readonly accepted: readonly AcceptedFinding[];
  /** Seeds per point of the audit when none are asked for (the last file of the chain that says wins). */
  readonly auditSeeds?: number;
  /** "shared": every arm starts from the first arm's week-0 barriers (see the scenario schema's `baseline`). */
  readonly baseline?: 'per-arm' | 'shared';
}

export interface ScenarioSource {
  /** A name for messages: a file path, or "<embedded pilot-england>". */
  readonly file: string;
  readonly json: unknown;
}

const SPEC = PARAMETERS as unknown as Group;

type AnyIssue = z.core.$ZodIssue & { input?: unknown; errors?: AnyIssue[][] };

function describeIssue(i: AnyIssue): string {
  if (i.code === 'invalid_type' && 'input' in i) return `${show(i.input)} is not allowed; expected ${i.expected === 'int' ? 'an integer' : `a ${i.expected}`}`;
  if (i.code === 'invalid_value' && 'values' in i) return `${show(i.input)} is not allowed; expected one of ${(i.values as unknown[]).map((v) => show(v)).join(', ')}`;
  if ((i.code === 'too_small' || i.code === 'too_big') && 'input' in i) return `${show(i.input)} is out of range: ${i.message.replace(/^Too (small|big): expected \w+ to (have |be )?/, '')}`;
  return i.message;
}

function zodIssues(error: z.ZodError, prefix = ''): ScenarioIssue[] {
  return (error.issues as AnyIssue[]).map((issue) => {
    // A union of a bare value and a leaf object: report against the bare-value branch, which is what the file gave.
    let i = issue;
    let extra: PropertyKey[] = [];
    if (i.code === 'invalid_union' && i.errors?.length && i.errors[0].length) {
      extra = i.errors[0][0].path ?? [];
      i = i.errors[0][0];
    }
    const path = [prefix, ...issue.path.map(String), ...extra.map(String)].filter(Boolean).join('.');
    let message = describeIssue(i);
    if (i.code === 'unrecognized_keys') {
      const keys = (i as { keys: string[] }).keys;
      const allowed = allowedKeysAt(path);
      message = describeUnknownKeys(keys, allowed);
    }
    return { path, message };
  });
}

const TOP_LEVEL_KEYS = ['$schema', 'name', 'title', 'description', 'extends', 'seed', 'ticks', 'parameters', 'tables', 'arms', 'accepted', 'auditSeeds', 'baseline'];

function allowedKeysAt(path: string): string[] | undefined {
  const parts = path.split('.').filter(Boolean);
  if (parts.length === 0) return TOP_LEVEL_KEYS;
  if (parts[0] === 'tables') {
    if (parts.length === 1) return Object.keys(tablesSchema.shape);
    if (parts.length === 2) return ['source', 'units', 'items'];
    return undefined;
  }
  if (parts[0] === 'arms') return parts.length === 2 ? ['name', 'description', 'set'] : undefined;
  if (parts[0] === 'accepted') return parts.length === 2 ? ['parameter', 'reason'] : undefined;
  if (parts[0] !== 'parameters') return undefined;
  let node: Leaf | Group = SPEC;
  for (const p of parts.slice(1)) {
    if (isLeaf(node) || !(p in node)) return undefined;
    node = (node as Group)[p];
  }
  return isLeaf(node) ? ['value', 'unit', 'range', 'source', 'description'] : Object.keys(node);
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Merge an overriding parameter tree into a complete one, leaf by leaf. */
function mergeParameters(target: Record<string, unknown>, patch: Record<string, unknown>, spec: Group, source: string): void {
  for (const [key, value] of Object.entries(patch)) {
    const node = spec[key];
    if (isLeaf(node)) {
      const leaf = target[key] as Record<string, unknown>;
      if (isPlainObject(value) && 'value' in value) {
        for (const [k, v] of Object.entries(value)) leaf[k] = v;
        if (!('source' in value)) leaf.source = `set by ${source}`;
      } else {
        leaf.value = value;
        leaf.source = `set by ${source}`;
      }
    } else {
      mergeParameters(target[key] as Record<string, unknown>, value as Record<string, unknown>, node, source);
    }
  }
}

const ALL_LEAF_PATHS: string[] = [];
forEachLeaf(SPEC, (lp) => ALL_LEAF_PATHS.push(lp));

/** Parse a --set or arm path into a parameter leaf and an optional effects key (`hints: false`: no "did you mean" search). */
export function resolveParameterPath(path: string, options: { hints?: boolean } = {}): { leafPath: string; leaf: Leaf; effectKey?: string } | { error: string } {
  const p = path.startsWith('parameters.') ? path.slice('parameters.'.length) : path;
  const leaf = leafAt(SPEC, p);
  if (leaf) return { leafPath: p, leaf };
  const cut = p.lastIndexOf('.');
  if (cut > 0) {
    const parent = leafAt(SPEC, p.slice(0, cut));
    const key = p.slice(cut + 1);
    if (parent?.kind === 'effects') {
      if ((EFFECT_TARGETS as readonly string[]).includes(key)) return { leafPath: p.slice(0, cut), leaf: parent, effectKey: key };
      return { error: `unknown effect target ${showName(key)}; allowed: ${EFFECT_TARGETS.join(', ')}` };
    }
  }
  const hints = options.hints === false ? [] : suggest(p, ALL_LEAF_PATHS);
  return { error: `unknown parameter ${showName(p)}${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?` : ''} (see docs/ODD.md for the full list)` };
}

function getLeafObject(params: Record<string, unknown>, leafPath: string): Record<string, unknown> {
  let node: unknown = params;
  for (const k of leafPath.split('.')) node = (node as Record<string, unknown>)[k];
  return node as Record<string, unknown>;
}

/** Check a bare value against a leaf's kind and the document's declared range; returns a message or undefined. */
function checkValue(leaf: Leaf, leafObj: Record<string, unknown>, value: unknown): string | undefined {
  const parsed = bareLeafSchema(leaf).safeParse(value);
  if (!parsed.success) {
    const expected =
      leaf.kind === 'number'
        ? `${leaf.integer ? 'an integer' : 'a number'} in [${(leafObj.range as number[]).join(', ')}] ${leafObj.unit}`
        : leaf.kind === 'boolean'
          ? 'true or false'
          : leaf.kind === 'choice'
            ? leaf.options.length
              ? `one of ${leaf.options.join(', ')}`
              : 'a name'
            : `an object of effect fractions in [0, 1] keyed by ${EFFECT_TARGETS.join(', ')}`;
    return `${show(value)} is not allowed; expected ${expected}`;
  }
  if (leaf.kind === 'number') {
    const [lo, hi] = leafObj.range as [number, number];
    if ((value as number) < lo || (value as number) > hi) return `${show(value)} is out of range; allowed: [${lo}, ${hi}] ${leafObj.unit}`;
  }
  return undefined;
}

/** Parse a command-line value: JSON when it parses (numbers, booleans, objects), otherwise the string. */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The new value of the leaf a parameter path names, checked against the leaf's kind and the document's
 * declared range (`current` gives the value the assignment applies to, for one effect of an effects leaf).
 */
function assignedValue(
  parameters: Record<string, unknown>,
  path: string,
  value: unknown,
  current: (leafPath: string) => unknown,
  hints = true,
): { leafPath: string; value: unknown } | { message: string } {
  const r = resolveParameterPath(path, { hints });
  if ('error' in r) return { message: r.error };
  if (r.effectKey) {
    if (typeof value !== 'number' || value < 0 || value > 1) return { message: `${show(value)} is not allowed; expected a fraction in [0, 1]` };
    return { leafPath: r.leafPath, value: { ...(current(r.leafPath) as Record<string, number>), [r.effectKey]: value } };
  }
  const msg = checkValue(r.leaf, getLeafObject(parameters, r.leafPath), value);
  return msg ? { message: msg } : { leafPath: r.leafPath, value };
}

function applyAssignment(doc: Record<string, unknown>, path: string, value: unknown, source: string): ScenarioIssue | undefined {
  if (path === 'seed' || path === 'ticks') {
    const ok = typeof value === 'number' && Number.isInteger(value) && value >= 0 && (path === 'seed' ? value <= 4294967295 : value <= 100_000);
    if (!ok) return { path, message: `${show(value)} is not allowed; expected an integer in [0, ${path === 'seed' ? 4294967295 : 100000}]` };
    doc[path] = value;
    return undefined;
  }
  const parameters = doc.parameters as Record<string, unknown>;
  const a = assignedValue(parameters, path, value, (lp) => getLeafObject(parameters, lp).value);
  if ('message' in a) return { path, message: a.message };
  const leafObj = getLeafObject(parameters, a.leafPath);
  leafObj.value = a.value;
  leafObj.source = `set by ${source}`;
  return undefined;
}

/** Resolved values with some leaves changed: copies only the objects on the changed paths (the rest is shared). */
function withChanges(params: Record<string, unknown>, changes: ReadonlyMap<string, unknown>): Record<string, unknown> {
  const out = { ...params };
  for (const [leafPath, value] of changes) {
    const keys = leafPath.split('.');
    let node = out;
    for (const k of keys.slice(0, -1)) {
      const copy = { ...(node[k] as Record<string, unknown>) };
      node[k] = copy;
      node = copy;
    }
    node[keys[keys.length - 1]] = clone(value);
  }
  return out;
}

function resolveValues(group: Group, doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, node] of Object.entries(group)) {
    const d = doc[key] as Record<string, unknown>;
    out[key] = isLeaf(node) ? clone(d.value) : resolveValues(node, d);
  }
  return out;
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

/** Merge a file's accepted findings into the list so far: a parameter already listed takes the later reason. */
function mergeAccepted(list: AcceptedFinding[] | undefined, more: readonly AcceptedFinding[]): AcceptedFinding[] {
  const out = [...(list ?? [])];
  for (const a of more) {
    const at = out.findIndex((x) => x.parameter === a.parameter);
    if (a.withdrawn) {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = a;
    else out.push(a);
  }
  return out;
}

/** Each accepted parameter must exist (paths indexed as in the file that lists them). */
function checkAccepted(list: readonly AcceptedFinding[] | undefined): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  (list ?? []).forEach((a, i) => {
    const r = resolveParameterPath(a.parameter);
    if ('error' in r) issues.push({ path: `accepted.${i}.parameter`, message: r.error });
    else if (r.leaf.kind === 'effects' && r.effectKey === undefined)
      issues.push({ path: `accepted.${i}.parameter`, message: `${show(a.parameter)} is a whole effects object; allowed: one effect at a time, e.g. "${r.leafPath}.tieFormation"` });
  });
  return issues;
}

function crossCheck(doc: ScenarioFile, accepted = true): ScenarioIssue[] {
  const issues: ScenarioIssue[] = accepted ? checkAccepted(doc.accepted) : [];
  const t = doc.tables;
  const interests = new Set(t.interests.items);
  const groups = t.culturalGroups.items.map((g) => g.name);
  const unique = (names: string[], where: string) => {
    const seen = new Set<string>();
    names.forEach((n, i) => {
      if (seen.has(n)) issues.push({ path: `${where}.${i}.name`, message: `duplicate name ${show(n)}; names must be unique` });
      seen.add(n);
    });
  };
  unique(t.positions.items.map((p) => p.name), 'tables.positions.items');
  unique(t.resources.items.map((p) => p.name), 'tables.resources.items');
  unique(t.nodeKinds.items.map((p) => p.name), 'tables.nodeKinds.items');
  unique(groups, 'tables.culturalGroups.items');
  unique(doc.arms.map((a) => a.name), 'arms');
  if (t.resources.items.length > 32) issues.push({ path: 'tables.resources.items', message: `${t.resources.items.length} items; allowed: at most 32` });
  if (t.interests.items.length > 32) issues.push({ path: 'tables.interests.items', message: `${t.interests.items.length} interests; allowed: at most 32` });
  if (t.positions.items.length > 255) issues.push({ path: 'tables.positions.items', message: `${t.positions.items.length} positions; allowed: at most 255` });
  if (groups.length > 32) issues.push({ path: 'tables.culturalGroups.items', message: `${groups.length} groups; allowed: at most 32` });
  t.nodeKinds.items.forEach((k, i) =>
    k.interests.forEach((name, j) => {
      if (!interests.has(name))
        issues.push({ path: `tables.nodeKinds.items.${i}.interests.${j}`, message: `${show(name)} is not in tables.interests; allowed: ${[...interests].join(', ')}` });
    }),
  );
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(t.positions.items.map((p) => p.share)) <= 0) issues.push({ path: 'tables.positions.items', message: 'the shares add up to 0; at least one must be positive' });
  if (sum(t.positions.items.map((p) => p.userShare)) <= 0) issues.push({ path: 'tables.positions.items', message: 'the userShares add up to 0; at least one must be positive' });
  if (sum(t.culturalGroups.items.map((p) => p.share)) <= 0) issues.push({ path: 'tables.culturalGroups.items', message: 'the shares add up to 0; at least one must be positive' });
  if (sum(t.agencyKinds.items.map((p) => p.share)) <= 0) issues.push({ path: 'tables.agencyKinds.items', message: 'the shares add up to 0; at least one must be positive' });
  const mainstream = t.nodeKinds.items.filter((k) => k.mainstream && k.share > 0);
  if (mainstream.length === 0) issues.push({ path: 'tables.nodeKinds.items', message: 'no mainstream node kind with a positive share; at least one is needed' });
  const parameters = doc.parameters as unknown as Record<string, unknown>;
  issues.push(...crossCheckParameters((lp) => getLeafObject(parameters, lp).value, t));
  return issues;
}

/** The checks of parameter values against the tables and each other: the base scenario's and every arm's. */
function crossCheckParameters(value: (leafPath: string) => unknown, t: Tables): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const groups = t.culturalGroups.items.map((g) => g.name);
  const service = t.nodeKinds.items.filter((k) => !k.mainstream && k.share > 0);
  const num = (lp: string) => value(lp) as number;
  if (service.length === 0 && num('agencies.serviceNodesPerAgency') > 0)
    issues.push({ path: 'tables.nodeKinds.items', message: 'no service-based node kind (mainstream: false) with a positive share, but agencies.serviceNodesPerAgency > 0' });
  if (num('agencies.localitiesPerAgency') > num('population.localities'))
    issues.push({
      path: 'parameters.agencies.localitiesPerAgency.value',
      message: `${num('agencies.localitiesPerAgency')} is more than population.localities (${num('population.localities')}); allowed: at most that`,
    });
  const targets = ['all', 'minority', ...groups];
  for (const [who, names] of [['user', USER_BARRIERS], ['worker', WORKER_BARRIERS]] as const) {
    for (const name of names) {
      const target = value(`barriers.${who}.${name}.target`) as string;
      if (who === 'worker' && target !== 'all')
        issues.push({ path: `parameters.barriers.worker.${name}.target.value`, message: `${show(target)} is not a target for a worker barrier; allowed: all` });
      else if (!targets.includes(target))
        issues.push({ path: `parameters.barriers.${who}.${name}.target.value`, message: `${show(target)} is not a target; allowed: ${targets.join(', ')}` });
    }
  }
  return issues;
}

const tooDeep = (path: readonly string[]) =>
  `nested more than ${MAX_INPUT_DEPTH} levels deep (in ${showPath(path)}); allowed: at most ${MAX_INPUT_DEPTH} levels of objects and arrays`;

/** Where an arm's cross-check issue belongs: the arm's own `set` entry for that parameter, else the arm. */
function armIssuePath(i: number, set: Readonly<Record<string, unknown>>, issuePath: string): string {
  const leafPath = issuePath.replace(/^parameters\./, '').replace(/\.value$/, '');
  const key = Object.keys(set).find((k) => {
    const r = resolveParameterPath(k, { hints: false });
    return !('error' in r) && r.leafPath === leafPath;
  });
  return key === undefined ? `arms.${i}` : `arms.${i}.set.${key}`;
}

export interface CompileOptions {
  /** `path=value` assignments applied on top of the files (all arms), e.g. from the CLI's --set. */
  readonly set?: ReadonlyArray<readonly [string, unknown]>;
  /** Name for the assignments in messages and sources. */
  readonly setSource?: string;
  /**
   * Apply the assignments again on top of every arm's own `set`, so they win where an arm sets the same
   * path (sweeps: a factor varies in every arm). Default false: arms override whole-scenario assignments.
   */
  readonly setOverArms?: boolean;
}

/**
 * Compile an `extends` chain (root, complete file first) into a Scenario.
 * Throws ScenarioError naming the file, the field path, the value and what is allowed.
 */
export function compileScenario(chain: readonly ScenarioSource[], options: CompileOptions = {}): Scenario {
  if (chain.length === 0) throw new ScenarioError('(no file)', [{ path: '', message: 'no scenario given' }]);
  // 0. Nothing below recurses into a value nested without bound (files are bounded when read; values built
  // in memory, and --set values, are checked here).
  for (const source of chain) {
    const deep = findTooDeep(source.json);
    if (deep) throw new ScenarioError(source.file, [{ path: deep.join('.'), message: tooDeep(deep) }]);
  }
  const setDeep = (options.set ?? []).map(([path, value]) => [path, findTooDeep(value)] as const).find(([, d]) => d);
  if (setDeep) throw new ScenarioError(options.setSource ?? '--set', [{ path: setDeep[0], message: tooDeep(setDeep[1]!) }]);
  // 1. The root must be complete.
  const [root, ...overrides] = chain;
  const rootParsed = scenarioFileSchema.safeParse(root.json, { reportInput: true });
  if (!rootParsed.success) throw new ScenarioError(root.file, zodIssues(rootParsed.error));
  const doc = clone(rootParsed.data) as Record<string, unknown>;
  const rootAccepted = checkAccepted(rootParsed.data.accepted);
  if (rootAccepted.length) throw new ScenarioError(root.file, rootAccepted);
  if (doc.accepted) doc.accepted = mergeAccepted([], doc.accepted as AcceptedFinding[]);
  // 2. Overriding files, in order.
  for (const o of overrides) {
    const parsed = overrideFileSchema.safeParse(o.json, { reportInput: true });
    if (!parsed.success) throw new ScenarioError(o.file, zodIssues(parsed.error));
    const od = parsed.data;
    for (const k of ['name', 'title', 'description', 'seed', 'ticks', 'auditSeeds', 'baseline'] as const) if (od[k] !== undefined) doc[k] = od[k];
    if (od.parameters) mergeParameters(doc.parameters as Record<string, unknown>, od.parameters as Record<string, unknown>, SPEC, od.name);
    if (od.tables) for (const [k, v] of Object.entries(od.tables)) if (v) (doc.tables as Record<string, unknown>)[k] = clone(v);
    if (od.arms) doc.arms = clone(od.arms);
    if (od.accepted) {
      // Checked against this file's own list, so a mistake is named by its place in the file that made it.
      const own = checkAccepted(od.accepted);
      if (own.length) throw new ScenarioError(o.file, own);
      doc.accepted = mergeAccepted(doc.accepted as AcceptedFinding[] | undefined, od.accepted);
    }
    // Check what this file made of the scenario now, so a bad value is reported against the file that set it.
    const after = scenarioFileSchema.safeParse({ ...doc, $schema: undefined }, { reportInput: true });
    if (!after.success) throw new ScenarioError(o.file, zodIssues(after.error));
    const cross = crossCheck(after.data, false);
    if (cross.length) throw new ScenarioError(o.file, cross);
  }
  const last = chain[chain.length - 1].file;
  // 3. Assignments.
  const setSource = options.setSource ?? '--set';
  const setIssues: ScenarioIssue[] = [];
  for (const [path, value] of options.set ?? []) {
    const issue = applyAssignment(doc, path, value, setSource);
    if (issue) setIssues.push(issue);
  }
  if (setIssues.length) throw new ScenarioError(setSource, setIssues);
  delete doc.$schema;
  // 4. The merged document must be complete and in range.
  const merged = scenarioFileSchema.safeParse(doc, { reportInput: true });
  if (!merged.success) throw new ScenarioError(last, zodIssues(merged.error));
  const full = merged.data;
  // 5. Cross-checks (after assignments, which are then to blame) and arms.
  const issues = crossCheck(full, false);
  if (issues.length && options.set?.length) throw new ScenarioError(setSource, issues);
  // Each arm is a set of changed leaves over the base values (copying the whole document per arm, which holds
  // every arm, made validation quadratic in the number of arms), checked like the base scenario.
  const baseParameters = full.parameters as unknown as Record<string, unknown>;
  const baseValue = (lp: string) => getLeafObject(baseParameters, lp).value;
  const armChanges: Array<{ name: string; description: string; set: Record<string, unknown>; changes: Map<string, unknown> }> = [];
  full.arms.forEach((arm, i) => {
    const changes = new Map<string, unknown>();
    const current = (lp: string) => (changes.has(lp) ? changes.get(lp) : baseValue(lp));
    const before = issues.length;
    let unknown = 0;
    for (const [path, value] of Object.entries(arm.set)) {
      if (path === 'seed' || path === 'ticks') {
        issues.push({ path: `arms.${i}.set.${path}`, message: 'arms share the seed and the horizon; allowed: parameter paths only' });
        continue;
      }
      // Past MAX_LISTED_UNKNOWN unknown paths, count the rest instead of searching hints for each.
      const r = resolveParameterPath(path, { hints: unknown < MAX_LISTED_UNKNOWN });
      if ('error' in r) {
        if (++unknown <= MAX_LISTED_UNKNOWN) issues.push({ path: `arms.${i}.set.${path}`, message: r.error });
        continue;
      }
      if ((r.leaf.kind === 'number' && r.leaf.structural) || r.leafPath.startsWith('population.')) {
        issues.push({
          path: `arms.${i}.set.${path}`,
          message: `arms share one population, and "${r.leafPath}" shapes it; allowed: set it for the whole scenario (in parameters, or with --set)`,
        });
        continue;
      }
      const a = assignedValue(baseParameters, path, value, current);
      if ('message' in a) issues.push({ path: `arms.${i}.set.${path}`, message: a.message });
      else changes.set(a.leafPath, a.value);
    }
    if (unknown > MAX_LISTED_UNKNOWN)
      issues.push({ path: `arms.${i}.set`, message: `and ${unknown - MAX_LISTED_UNKNOWN} more unknown parameters (not listed); see docs/ODD.md for the full list` });
    if (options.setOverArms)
      for (const [path, value] of options.set ?? []) {
        if (path === 'seed' || path === 'ticks') continue;
        const a = assignedValue(baseParameters, path, value, current);
        if (!('message' in a)) changes.set(a.leafPath, a.value);
      }
    // The arm's values against the tables, as for the base scenario (a barrier target that names no group).
    if (issues.length === before)
      for (const issue of crossCheckParameters(current, full.tables)) issues.push({ path: armIssuePath(i, arm.set, issue.path), message: issue.message });
    armChanges.push({ name: arm.name, description: arm.description ?? '', set: arm.set, changes });
  });
  if (issues.length) throw new ScenarioError(last, issues);
  // 6. Resolve.
  const params = resolveValues(SPEC, baseParameters);
  const arms: Arm[] = armChanges.map((a) => ({
    name: a.name,
    description: a.description,
    set: a.set,
    params: withChanges(params, a.changes) as unknown as Params,
  }));
  // 7. Freeze.
  return deepFreeze({
    name: full.name,
    title: full.title,
    description: full.description,
    seed: full.seed,
    ticks: full.ticks,
    params: params as unknown as Params,
    tables: full.tables,
    arms,
    document: full,
    files: chain.map((c) => c.file),
    accepted: full.accepted ?? [],
    ...(full.auditSeeds !== undefined ? { auditSeeds: full.auditSeeds } : {}),
    ...(full.baseline !== undefined ? { baseline: full.baseline } : {}),
  });
}
