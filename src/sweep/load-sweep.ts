// Read a sweep file and check it against its scenario: every factor path names a parameter, every range
// lies within the parameter's declared range, every listed value compiles, arms, groups and measures exist.
// Part of sweep/ (Node only: reads files). The result, a ResolvedSweep, is what planSweep and the workers see.
// Stages: (1) parse the file, (2) read and compile the base scenario with the fixed `set`, (3) check the
// factors, (4) the design's own fields, (5) arms, groups and measures.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { compileScenario, resolveParameterPath, type Scenario, type ScenarioSource } from '../scenario/compile.js';
import { listShippedScenarios, readScenarioChain } from '../scenario/load.js';
import { readInputFile } from '../scenario/read-input-file.js';
import { ScenarioError, show, suggest } from '../scenario/errors.js';
import { GROUP_MEASURES, groupNames } from '../metrics/groups.js';
import { canonicalJson, sha256Hex } from '../output/canonical-json.js';
import type { DesignFactor, DesignSpec } from './designs.js';
import { SweepError, type SweepIssue } from './sweep-error.js';
import { parseSweepFile, type SweepFile, type SweepValue } from './sweep-file.js';
import { MINORITY_GROUP } from './sweep-runs.js';

/** A factor as the sweep runs it: its path, its range or values, and whether it takes whole numbers only. */
export interface SweepFactor {
  readonly path: string;
  readonly range?: readonly [number, number];
  readonly values?: readonly SweepValue[];
  readonly integer: boolean;
  readonly levels?: number;
}

export interface ResolvedSweep {
  /** The sweep file as named on the command line (for messages). */
  readonly file: string;
  /** The file's content as parsed. */
  readonly spec: SweepFile;
  /** The scenario's `extends` chain, root first, named by base name so that messages do not depend on the machine. */
  readonly chain: readonly ScenarioSource[];
  /** The base scenario with the fixed assignments applied. */
  readonly base: Scenario;
  /** SHA-256 of the canonical JSON of the base scenario's document: what identifies the scenario. */
  readonly baseSha256: string;
  /** SHA-256 of the canonical JSON of that document without its unit costs: the root of every run's seed. */
  readonly seedSha256: string;
  readonly fixedSet: ReadonlyArray<readonly [string, unknown]>;
  readonly factors: readonly SweepFactor[];
  /** The design to build, its factors adapted to numbers (a list of names or booleans becomes indices). */
  readonly design: DesignSpec;
  readonly designSeed: number;
  readonly replicates: number;
  /** Arms to run, in scenario order. */
  readonly arms: readonly string[];
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  readonly keep: 'final' | 'series';
  /** Every point's replicate r runs with the same seed (a paired design). */
  readonly commonRandomNumbers: boolean;
  /** runs.csv ends with series_sha256, a digest of each run's whole series and final per-user values. */
  readonly digest: boolean;
}

/** The name compile uses for the sweep's assignments (in parameter sources and messages). */
export const SWEEP_SET_SOURCE = 'sweep';

/** Read and check a sweep file. Throws SweepError (or ScenarioError for a broken scenario file). */
export function loadSweep(file: string): ResolvedSweep {
  const json = readInputFile(file, { what: 'sweep file', fail: (message) => new SweepError(file, message) });
  return resolveSweep(json, file);
}

function locateScenario(ref: string, dir: string, file: string): string {
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  if (isAbsolute(ref)) {
    if (isFile(ref)) return ref;
  } else {
    const local = [join(dir, ref), join(dir, `${ref}.json`)].find(isFile);
    if (local) return local;
    if (!ref.includes('/') && !ref.includes('\\') && listShippedScenarios().includes(ref.replace(/\.json$/, ''))) return ref.replace(/\.json$/, '');
  }
  throw new SweepError(file, [
    {
      path: 'scenario',
      message: `${show(ref)} is neither a file (looked beside the sweep file, in ${dir}) nor a shipped scenario; allowed: a path relative to the sweep file, or one of ${listShippedScenarios().join(', ')}`,
    },
  ]);
}

function leafObject(document: unknown, leafPath: string): Record<string, unknown> {
  let node = (document as { parameters: unknown }).parameters;
  for (const k of leafPath.split('.')) node = (node as Record<string, unknown>)[k];
  return node as Record<string, unknown>;
}

/** Check a parsed sweep document against its scenario; `file` names it in messages and anchors relative paths. */
export function resolveSweep(json: unknown, file: string): ResolvedSweep {
  // 1. The file's shape.
  const parsed = parseSweepFile(json);
  if (!parsed.ok) throw new SweepError(file, parsed.issues);
  const spec = parsed.value;
  const issues: SweepIssue[] = [];

  // 2. The base scenario with the fixed assignments.
  const ref = locateScenario(spec.scenario, dirname(resolve(file)), file);
  const chain = readScenarioChain(ref).map((s) => ({ file: basename(s.file), json: s.json }));
  const fixedSet = Object.entries(spec.set ?? {}) as Array<[string, unknown]>;
  const compile = (set: ReadonlyArray<readonly [string, unknown]>) => compileScenario(chain, { set, setSource: SWEEP_SET_SOURCE, setOverArms: true });
  let base: Scenario;
  try {
    base = compile(fixedSet);
  } catch (err) {
    if (err instanceof ScenarioError && err.file === SWEEP_SET_SOURCE) throw new SweepError(file, err.issues.map((i) => ({ path: `set.${i.path}`, message: i.message })));
    throw err;
  }

  // 3. Factors.
  const factors: SweepFactor[] = [];
  const seen = new Set<string>();
  spec.factors.forEach((f, i) => {
    const at = `factors.${i}`;
    const before = issues.length;
    if (f.path === 'seed' || f.path === 'ticks') {
      issues.push({ path: `${at}.path`, message: `${show(f.path)} cannot be a factor; allowed: parameter paths (set ticks for the whole sweep in "set"; replicates give each point several seeds)` });
      return;
    }
    const r = resolveParameterPath(f.path);
    if ('error' in r) {
      issues.push({ path: `${at}.path`, message: r.error });
      return;
    }
    const key = r.effectKey ? `${r.leafPath}.${r.effectKey}` : r.leafPath;
    if (seen.has(key)) issues.push({ path: `${at}.path`, message: `${show(f.path)} is varied twice; allowed: each parameter once` });
    seen.add(key);
    if (fixedSet.some(([p]) => p.replace(/^parameters\./, '') === key))
      issues.push({ path: `${at}.path`, message: `${show(f.path)} is also given in "set"; allowed: a path either fixed in "set" or varied as a factor` });
    if ((f.range === undefined) === (f.values === undefined)) {
      issues.push({ path: at, message: `give exactly one of "range" ([low, high]) or "values" (a list)${f.range ? '; both were given' : '; neither was given'}` });
      return;
    }
    if (f.levels !== undefined && spec.design.type !== 'grid')
      issues.push({ path: `${at}.levels`, message: `${f.levels} is not allowed: levels are for grid designs; this design is "${spec.design.type}"` });
    if (f.levels !== undefined && f.values !== undefined) issues.push({ path: `${at}.levels`, message: 'not allowed with "values": a grid walks the values as listed' });
    const leaf = r.leaf;
    let integer = f.integer ?? false;
    if (r.effectKey === undefined && leaf.kind === 'effects')
      issues.push({ path: `${at}.path`, message: `${show(f.path)} is a whole effects object; allowed: one effect target at a time, e.g. "${r.leafPath}.tieFormation"` });
    else if (r.effectKey === undefined && leaf.kind === 'number') {
      if (leaf.integer) {
        if (f.integer === false) issues.push({ path: `${at}.integer`, message: `false is not allowed: ${r.leafPath} takes whole numbers; allowed: true, or leave it out` });
        integer = true;
      }
    } else if (r.effectKey === undefined && f.range !== undefined) {
      const allowed = leaf.kind === 'boolean' ? '[false, true]' : leaf.kind === 'choice' && leaf.options.length ? JSON.stringify(leaf.options) : 'the names to use';
      issues.push({ path: `${at}.range`, message: `${r.leafPath} is ${leaf.kind === 'boolean' ? 'true or false' : 'a choice of names'}, not a number; give "values" instead, e.g. ${allowed}` });
    }
    if (f.range !== undefined && issues.length === before) {
      const [lo, hi] = f.range;
      let declared: [number, number] = [0, 1];
      let unit = 'fraction';
      if (r.effectKey === undefined) {
        const obj = leafObject(base.document, r.leafPath);
        declared = obj.range as [number, number];
        unit = String(obj.unit ?? '');
      }
      if (lo > hi) issues.push({ path: `${at}.range`, message: `${show(f.range)} is not allowed; expected [low, high] with low ≤ high` });
      else if (lo < declared[0] || hi > declared[1])
        issues.push({
          path: `${at}.range`,
          message: `${show(f.range)} is outside the declared range of ${key}; allowed: within [${declared[0]}, ${declared[1]}]${unit ? ` ${unit}` : ''} (widen the range in a scenario file to go further)`,
        });
      else if (integer && Math.ceil(lo) > Math.floor(hi)) issues.push({ path: `${at}.range`, message: `${show(f.range)} holds no whole number, but ${key} takes whole numbers` });
    }
    // Every value (or both ends of the range) must compile on top of the fixed assignments.
    if (issues.length === before) {
      const ends = f.range && (integer ? [Math.ceil(f.range[0]), Math.floor(f.range[1])] : f.range);
      const probes: Array<[string, SweepValue]> = f.values !== undefined ? f.values.map((v, j) => [`${at}.values.${j}`, v]) : ends!.map((v) => [`${at}.range`, v]);
      for (const [where, v] of probes) {
        try {
          compile([...fixedSet, [f.path, v]]);
        } catch (err) {
          if (!(err instanceof ScenarioError)) throw err;
          for (const issue of err.issues) issues.push({ path: where, message: issue.message });
          break;
        }
      }
    }
    if (issues.length === before) factors.push({ path: f.path, range: f.range, values: f.values, integer, levels: f.levels });
  });

  // 4. The design's own fields.
  const d = spec.design;
  if (d.type === 'grid') {
    spec.factors.forEach((f, i) => {
      const integerFactor = factors.find((x) => x.path === f.path)?.integer;
      if (f.range !== undefined && f.levels === undefined && d.levels === undefined && !integerFactor)
        issues.push({ path: `factors.${i}`, message: `a grid needs the number of levels of ${show(f.path)}'s range; allowed: "levels" here or in "design"` });
    });
  }
  if (d.type === 'one-at-a-time')
    (d.pairs ?? []).forEach((pair, i) => {
      pair.forEach((path, k) => {
        if (!spec.factors.some((f) => f.path === path))
          issues.push({ path: `design.pairs.${i}.${k}`, message: `${show(path)} is not one of the factors; allowed: ${spec.factors.map((f) => show(f.path)).join(', ')}` });
      });
      if (pair[0] === pair[1]) issues.push({ path: `design.pairs.${i}`, message: `${show(pair)} pairs a factor with itself; allowed: two different factors` });
      const dup = (d.pairs ?? []).findIndex((q) => (q[0] === pair[0] && q[1] === pair[1]) || (q[0] === pair[1] && q[1] === pair[0]));
      if (dup < i) issues.push({ path: `design.pairs.${i}`, message: `${show(pair)} is the same pair as design.pairs.${dup}; allowed: each pair once` });
    });
  if (d.type === 'morris' && d.levels !== undefined && d.levels % 2 !== 0)
    issues.push({ path: 'design.levels', message: `${d.levels} is not allowed; expected an even number ≥ 2 (the Morris step Δ = p / (2(p − 1)) must be a whole number of levels)` });

  // 5. Arms, groups and measures.
  const allArms = base.arms.map((a) => a.name);
  (spec.arms ?? []).forEach((a, i) => {
    if (!allArms.includes(a)) issues.push({ path: `arms.${i}`, message: `${show(a)} is not an arm of scenario "${base.name}"; allowed: ${allArms.join(', ')}` });
  });
  const arms = spec.arms ? allArms.filter((a) => spec.arms!.includes(a)) : allArms;
  const agencyCounts = [base.params.agencies.count];
  const countFactor = factors.find((f) => f.path.replace(/^parameters\./, '') === 'agencies.count');
  if (countFactor) agencyCounts.push(...(countFactor.values ?? countFactor.range ?? []).map(Number));
  const allGroups = [...new Set(agencyCounts.flatMap((n) => groupNames(n))), MINORITY_GROUP];
  const groups = spec.groups ?? ['all'];
  groups.forEach((g, i) => {
    if (!allGroups.includes(g)) {
      const hints = suggest(g, allGroups);
      issues.push({
        path: `groups.${i}`,
        message: `${show(g)} is not a group of scenario "${base.name}"${hints.length ? ` (did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?)` : ''}; allowed: all, ${allGroups.filter((x) => x.startsWith('agency-')).slice(0, 1)}${allGroups.length > 5 ? ' …' : ''}, fidelity-low, fidelity-moderate, fidelity-high, ${MINORITY_GROUP}`,
      });
    }
  });
  const measures = spec.measures ?? [...GROUP_MEASURES];
  measures.forEach((m, i) => {
    if (!(GROUP_MEASURES as readonly string[]).includes(m)) {
      const hints = suggest(m, GROUP_MEASURES);
      issues.push({ path: `measures.${i}`, message: `${show(m)} is not a measure${hints.length ? ` (did you mean ${hints.map((h) => `"${h}"`).join(' or ')}?)` : ''}; see docs/ODD.md Appendix C for the list` });
    }
  });
  for (const [list, field] of [[spec.arms, 'arms'], [spec.groups, 'groups'], [spec.measures, 'measures']] as const) {
    const dup = list?.find((x, i) => list.indexOf(x) !== i);
    if (dup !== undefined) issues.push({ path: field, message: `${show(dup)} is listed twice; allowed: each once` });
  }
  if (issues.length) throw new SweepError(file, issues);

  return {
    file,
    spec,
    chain,
    base,
    baseSha256: sha256Hex(canonicalJson(base.document)),
    seedSha256: sha256Hex(canonicalJson(seedDocument(base.document))),
    fixedSet,
    factors,
    design: designSpecOf(spec, factors),
    designSeed: spec.seed ?? base.seed,
    replicates: spec.replicates,
    arms,
    groups,
    measures,
    keep: spec.keep ?? 'final',
    commonRandomNumbers: spec.commonRandomNumbers ?? false,
    digest: spec.digest ?? false,
  };
}

/** The factor as the design sees it: numbers only (a list of names or booleans becomes its indices). */
export function designFactorOf(f: SweepFactor): DesignFactor {
  if (f.values !== undefined) {
    const numeric = f.values.every((v) => typeof v === 'number');
    return { path: f.path, values: numeric ? (f.values as number[]) : f.values.map((_, i) => i), integer: numeric && f.integer ? true : undefined };
  }
  return { path: f.path, range: f.range, integer: f.integer || undefined, levels: f.levels };
}

/** Back from a design value to the factor's value (undoes designFactorOf's indices). */
export function factorValueOf(f: SweepFactor, designValue: number): SweepValue {
  if (f.values !== undefined && !f.values.every((v) => typeof v === 'number')) return f.values[designValue];
  return designValue;
}

function designSpecOf(spec: SweepFile, factors: readonly SweepFactor[]): DesignSpec {
  const d = spec.design;
  const df = factors.map((f) => {
    // A grid over an integer range with no levels given takes every whole number of it.
    if (d.type === 'grid' && f.range && f.integer && f.levels === undefined && d.levels === undefined) {
      const lo = Math.ceil(f.range[0]);
      return { path: f.path, values: Array.from({ length: Math.floor(f.range[1]) - lo + 1 }, (_, i) => lo + i), integer: true };
    }
    return designFactorOf(f);
  });
  switch (d.type) {
    case 'grid':
      return { kind: 'grid', factors: df, levels: d.levels };
    case 'lhs':
      return { kind: 'latin-hypercube', factors: df, points: d.points, centered: d.centered };
    case 'sobol':
      return { kind: 'sobol', factors: df, baseSamples: d.baseSamples, secondOrder: d.secondOrder };
    case 'morris':
      return { kind: 'morris', factors: df, trajectories: d.trajectories, levels: d.levels };
    case 'one-at-a-time': {
      // Pairs name factors by path; a pair with a path that is not a factor was reported in stage 4.
      const index = (path: string) => factors.findIndex((f) => f.path === path);
      const pairs = (d.pairs ?? []).map(([a, b]) => [index(a), index(b)] as const);
      return { kind: 'one-at-a-time', factors: df, pairs };
    }
  }
}

/**
 * The part of a scenario document a run's seed hashes: all of it but `parameters.costs`. Unit costs are read only
 * by the cost-effectiveness analysis after the runs, so pricing an hour differently (or adding the costs block to a
 * scenario written before it existed) leaves every simulated person, and every earlier sweep's seeds, as they were.
 */
export function seedDocument(document: unknown): unknown {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return document;
  const doc = document as Record<string, unknown>;
  const params = doc.parameters;
  if (params === null || typeof params !== 'object' || Array.isArray(params) || !('costs' in params)) return document;
  const { costs: _costs, ...rest } = params as Record<string, unknown>;
  return { ...doc, parameters: rest };
}
