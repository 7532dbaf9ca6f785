// What a results folder is, from its files: a run (series.csv), a replicates run (summary.csv and
// differences.csv), a finished sweep (sweep.json, results.csv; sensitivity.csv once analysed) or a virtual
// trial (trial-replicates.csv, trial-summary.json, power-curve.csv). A missing, unfinished or corrupt
// folder is a ChartError naming the folder or file and what was expected. Part of charts/; Node only.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SweepValue } from '../sweep/sweep-file.js';
import { ChartError } from './chart-error.js';
import { resultsManifestSchema } from '../output/verify-folder.js';
import { currentDerivedFile } from '../output/derived-files.js';
import { canonicalJson } from '../output/canonical-json.js';
import { parseTrialDesign, trialSize, type TrialSizeDimension } from '../trial/trial-design.js';

export type ResultsFolderKind = 'run' | 'replicates' | 'sweep' | 'trial';

export interface SweepFolderInfo {
  readonly name: string;
  /** grid, lhs, sobol or morris. */
  readonly design: string;
  /** Factors in order, with their listed values and the unit of their parameter (when the scenario says). */
  readonly factors: ReadonlyArray<{ readonly path: string; readonly values?: readonly SweepValue[]; readonly unit?: string }>;
  readonly points: ReadonlyArray<{ readonly point: number; readonly values: Readonly<Record<string, SweepValue>> }>;
  readonly replicates: number;
  readonly arms: readonly string[];
  readonly groups: readonly string[];
  readonly measures: readonly string[];
  /** sensitivity.csv is there and the manifest records it as made from this results.csv (`cpi-sim analyze sensitivity` has run on these results). */
  readonly analysed: boolean;
  /** Why a sensitivity.csv in the folder is not drawn (it is not recorded as made from these results). */
  readonly staleSensitivity?: string;
}

export interface TrialFolderInfo {
  readonly name: string;
  readonly title: string;
  readonly alpha: number;
  /** Target power of a power curve (default 0.8) and the referrals interpolated for it, when reached. */
  readonly target: number;
  readonly interpolatedN?: number;
  /** The design's outcome measure (for the effect's unit). */
  readonly outcome?: string;
  /** Published figures the design gives beside the simulated ones. */
  readonly published?: { readonly partialEtaSquared?: number; readonly p?: number };
  /** Numbers of referrals simulated. */
  readonly referrals: readonly number[];
  /** power-curve.csv is there. */
  readonly powerCurve: boolean;
  /** The design type of a trial against a control arm (individual, cluster, paired-teams); undefined for fidelity groups. */
  readonly comparative?: string;
  /** What a comparative trial's sizes count: participants, clusters or per-cluster. */
  readonly dimension?: string;
  /** A comparative design's own size along `dimension`, and the size a sample-size search chose (when one ran and reached its target). */
  readonly ownSize?: number;
  readonly searchSize?: number;
  /** Sizes simulated (the `n` of trial-summary.json's results). */
  readonly sizes?: readonly number[];
  /** trial-acceptability.csv is there (a comparative trial priced with the scenario's unit costs). */
  readonly acceptability?: boolean;
  /** The costs' price year and the ICER per size, from trial-summary.json (when the trial was priced). */
  readonly priceYear?: number;
  readonly icers?: ReadonlyMap<number, number>;
  readonly replicates?: number;
}

export interface ResultsFolder {
  readonly kind: ResultsFolderKind;
  readonly dir: string;
  /** One line saying where the results come from, for chart subtitles. */
  readonly source: string;
  /**
   * The scenario's arms in its order, when the folder says (manifest.json, sweep.json): an arm's place
   * there gives it its colour in every chart (arm-colours.ts), whichever arms a chart draws.
   */
  readonly scenarioArms?: readonly string[];
  /** Replicates and the level of their intervals (replicates folders). */
  readonly replicates?: number;
  readonly level?: number;
  readonly sweep?: SweepFolderInfo;
  readonly trial?: TrialFolderInfo;
}

/** The files that mark each kind of folder, in the order they are looked for. */
export const FOLDER_MARKERS = {
  sweep: 'sweep.json',
  trial: 'trial-replicates.csv',
  replicates: 'summary.csv',
  run: 'series.csv',
} as const;

function readJson(file: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ChartError(`${file}: not valid JSON (${(err as Error).message}); expected ${what}; the folder may be corrupt`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ChartError(`${file}: expected ${what} (a JSON object); the folder may be corrupt`);
  return value as Record<string, unknown>;
}

const optionalJson = (file: string, what: string) => (existsSync(file) ? readJson(file, what) : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);
/** The names of a list of arms ({ name, … } objects, as scenarios and manifests write them). */
const armNames = (v: unknown): string[] | undefined => {
  const names = Array.isArray(v) ? v.map((a) => str(obj(a)?.name)) : undefined;
  return names && names.length > 0 && names.every((n) => n !== undefined) ? (names as string[]) : undefined;
};

/** The unit of a parameter in a complete scenario document (every leaf is { value, unit, range, source }). */
function parameterUnit(document: unknown, path: string): string | undefined {
  let node = obj(obj(document)?.parameters);
  const parts = path.split('.');
  for (let i = 0; i < parts.length && node; i++) {
    const next = obj(node[parts[i]]);
    // A leaf is { value, unit, range, source }; effects are one leaf whose value is a map, so
    // barriers.user.x.effects.tieFormation has the unit of barriers.user.x.effects.
    if (next && 'value' in next && ('source' in next || 'unit' in next)) return str(next.unit);
    node = next;
  }
  return undefined;
}

function inspectSweep(dir: string): ResultsFolder {
  const file = join(dir, 'sweep.json');
  const doc = readJson(file, "a sweep's resolved description (sweep.json)");
  const resolved = obj(doc.resolved);
  const points = doc.design_points;
  const arms = strings(resolved?.arms);
  const groups = strings(resolved?.groups);
  const measures = strings(resolved?.measures);
  const factors = resolved?.factors;
  if (!resolved || !Array.isArray(points) || !arms || !groups || !measures || !Array.isArray(factors))
    throw new ChartError(`${file}: no resolved arms, groups, measures and factors or no design_points; expected the sweep.json that \`cpi-sim sweep\` writes; the folder may be corrupt`);
  const manifest = optionalJson(join(dir, 'manifest.json'), "a sweep's manifest");
  const shard = manifest ? manifest.shard : undefined;
  if (shard !== undefined && shard !== null)
    throw new ChartError(`${dir}: holds only shard ${typeof shard === 'string' ? shard : JSON.stringify(shard)} of the sweep; merge the shards with \`cpi-sim merge\` and chart the merged folder`);
  if (!existsSync(join(dir, 'results.csv')) || !manifest)
    throw new ChartError(`${dir}: the sweep has not finished (no results.csv or manifest.json); run the same \`cpi-sim sweep\` command again to finish it`);
  const document = obj(obj(doc.scenario)?.document);
  const design = obj(doc.design);
  const name = str(doc.name) ?? 'sweep';
  const replicates = num(resolved.replicates) ?? 1;
  return {
    kind: 'sweep',
    dir,
    scenarioArms: armNames(document?.arms) ?? arms,
    source: `Sweep ${name}: ${str(design?.kind) ?? '?'} design, ${points.length} points × ${replicates} replicates${document ? `, scenario ${str(document.name) ?? '?'}` : ''}.`,
    sweep: {
      name,
      design: str(design?.kind) ?? 'unknown',
      factors: factors.map((f) => {
        const path = str(obj(f)?.path);
        if (!path) throw new ChartError(`${file}: a factor without a path in resolved.factors; the folder may be corrupt`);
        const values = obj(f)!.values;
        return { path, values: Array.isArray(values) ? (values as SweepValue[]) : undefined, unit: parameterUnit(document, path) };
      }),
      points: points.map((p, i) => {
        const point = num(obj(p)?.point);
        const values = obj(obj(p)?.values);
        if (point === undefined || !values) throw new ChartError(`${file}: design_points[${i}] has no point number or values; the folder may be corrupt`);
        return { point, values: values as Record<string, SweepValue> };
      }),
      replicates,
      arms,
      groups,
      measures,
      ...sensitivityState(dir, manifest),
    },
  };
}

/**
 * Whether sensitivity.csv belongs to the folder's current results: the manifest records it as derived from
 * the results.csv and sweep.json it lists. One left from another sweep (or older results) is not drawn.
 */
function sensitivityState(dir: string, manifest: Record<string, unknown>): { analysed: boolean; staleSensitivity?: string } {
  if (!existsSync(join(dir, 'sensitivity.csv'))) return { analysed: false };
  const parsed = resultsManifestSchema.safeParse(manifest);
  if (parsed.success && currentDerivedFile(parsed.data, 'sensitivity.csv')) return { analysed: true };
  return {
    analysed: false,
    staleSensitivity: `${join(dir, 'sensitivity.csv')} is not recorded in the folder's manifest as made from its current results.csv (it may be left from another sweep or from older results); run \`cpi-sim analyze sensitivity ${dir}\` again`,
  };
}

function inspectTrial(dir: string): ResultsFolder {
  const file = join(dir, 'trial-summary.json');
  if (!existsSync(file)) throw new ChartError(`${dir}: has trial-replicates.csv but no trial-summary.json; expected the folder \`cpi-sim trial\` writes (it may be incomplete)`);
  const summary = readJson(file, "a virtual trial's summary (trial-summary.json)");
  const design = obj(summary.design);
  const results = summary.results;
  if (!design || !Array.isArray(results)) throw new ChartError(`${file}: no design or results; expected the trial-summary.json that \`cpi-sim trial\` writes; the folder may be corrupt`);
  // A comparative design (individual, cluster, paired-teams) names its control arm; its search result is sampleSize.
  const comparative = str(summary.control) !== undefined ? (str(obj(design.design)?.type) ?? 'comparative') : undefined;
  const curve = obj(summary.powerCurve) ?? (comparative ? obj(summary.sampleSize) : undefined);
  const published = obj(design.published);
  const name = str(design.name) ?? 'trial';
  const dimension = comparative ? str(summary.dimension) : undefined;
  const sizes = comparative ? results.map((r) => num(obj(r)?.n)).filter((n): n is number => n !== undefined) : undefined;
  const icers = new Map<number, number>();
  for (const r of comparative ? results : []) {
    const n = num(obj(r)?.n);
    const icer = num(obj(obj(obj(r)?.summary)?.costs)?.icer);
    if (n !== undefined && icer !== undefined) icers.set(n, icer);
  }
  return {
    kind: 'trial',
    dir,
    source: `Virtual trial ${name}: ${str(design.title) ?? ''}`.trim(),
    trial: {
      name,
      title: str(design.title) ?? name,
      alpha: num(design.alpha) ?? 0.05,
      target: num(curve?.target) ?? 0.8,
      interpolatedN: num(curve?.interpolatedN) ?? (comparative ? num(curve?.size) : undefined),
      comparative,
      outcome: str(obj(design.outcome)?.measure),
      published: published ? { partialEtaSquared: num(published.partialEtaSquared), p: num(published.p) } : undefined,
      referrals: results.map((r) => num(obj(r)?.referrals)).filter((n): n is number => n !== undefined),
      powerCurve: existsSync(join(dir, 'power-curve.csv')),
      ...(comparative
        ? {
            dimension,
            ownSize: num(summary.designSize) ?? (dimension ? ownTrialSize(dir, design, dimension, results.length === 1 && !obj(summary.sampleSize) ? num(obj(results[0])?.n) : undefined) : undefined),
            searchSize: num(obj(summary.sampleSize)?.size),
            sizes,
            acceptability: existsSync(join(dir, 'trial-acceptability.csv')),
            priceYear: num(obj(summary.costs)?.priceYear),
            icers,
            replicates: num(obj(obj(results[0])?.summary)?.replicates),
          }
        : {}),
    },
  };
}

/**
 * A comparative design's own size along a dimension, for folders written before trial-summary.json gave designSize. It holds the design as simulated at its
 * first size, so the size is read from the design file the manifest names, when it is still there and is the
 * same design but for its sizes; else a folder of one size without a search was simulated at the design's own.
 */
function ownTrialSize(dir: string, simulated: Record<string, unknown>, dimension: string, single: number | undefined): number | undefined {
  const file = str(optionalJson(join(dir, 'manifest.json'), "a virtual trial's manifest")?.design);
  try {
    if (file && existsSync(file)) {
      const design = parseTrialDesign(JSON.parse(readFileSync(file, 'utf8')), file);
      const sizeless = (d: unknown) => {
        const { referrals: _r, agencies: _a, $schema: _s, design: inner, ...rest } = d as Record<string, unknown>;
        const { clusters: _c, perCluster: _p, pairs: _q, perTeam: _t, ...kind } = (inner ?? {}) as Record<string, unknown>;
        return canonicalJson({ ...rest, design: kind });
      };
      if (sizeless(design) === sizeless(simulated)) return trialSize(design, dimension as TrialSizeDimension);
    }
  } catch {
    // A design file that no longer parses says nothing about this folder.
  }
  return single;
}

function runSource(manifest: Record<string, unknown> | undefined, replicates?: number): string {
  const scenario = obj(manifest?.scenario);
  const name = str(scenario?.name);
  if (!name) return replicates ? `${replicates} replicates.` : 'One run.';
  const title = str(scenario?.title);
  const seed = num(manifest?.seed);
  return `Scenario ${name}${title ? ` (${title})` : ''}${seed !== undefined ? `, seed ${seed}` : ''}${replicates ? `, ${replicates} replicates` : ''}.`;
}

/** Find out what kind of results folder `dir` is and what it holds. */
export function inspectResultsFolder(dir: string): ResultsFolder {
  if (!existsSync(dir)) throw new ChartError(`${dir}: no such folder; give a results folder written by cpi-sim run, run --replicates, sweep or trial`);
  if (!statSync(dir).isDirectory()) throw new ChartError(`${dir}: is a file, not a results folder; give the folder that cpi-sim run, sweep or trial wrote`);
  const has = (name: string) => existsSync(join(dir, name));
  if (has(FOLDER_MARKERS.sweep)) return inspectSweep(dir);
  if (has(FOLDER_MARKERS.trial)) return inspectTrial(dir);
  if (has(FOLDER_MARKERS.replicates)) {
    if (!has('differences.csv')) throw new ChartError(`${dir}: has summary.csv but no differences.csv; expected the folder \`cpi-sim run --replicates\` writes (it may be incomplete)`);
    const manifest = optionalJson(join(dir, 'manifest.json'), "a replicates run's manifest");
    const replicates = num(manifest?.replicates);
    return { kind: 'replicates', dir, source: runSource(manifest, replicates), scenarioArms: armNames(manifest?.arms), replicates, level: num(manifest?.level) ?? 0.95 };
  }
  if (has(FOLDER_MARKERS.run)) {
    const manifest = optionalJson(join(dir, 'manifest.json'), "a run's manifest");
    return { kind: 'run', dir, source: runSource(manifest), scenarioArms: armNames(manifest?.arms) };
  }
  const names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  throw new ChartError(
    `${dir}: not a cpi-sim results folder; expected series.csv (cpi-sim run), summary.csv (cpi-sim run --replicates), sweep.json (cpi-sim sweep) or trial-replicates.csv (cpi-sim trial); it holds ${names.length ? names.slice(0, 8).join(', ') + (names.length > 8 ? ', …' : '') : 'nothing'}`,
  );
}
