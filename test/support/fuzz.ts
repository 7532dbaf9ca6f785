// A seeded fuzzer of every JSON input file the CLI reads (issue 13): scenarios (a complete root file and one
// that extends another), sweep files, trial designs, calibration targets and free-parameter files. Each case
// applies one to three mutations to a shipped or test file (deep nesting, huge arrays and objects, wrong
// types, nulls, odd unicode, numbers at and over limits, removed, added and duplicated keys, odd paths in
// references, truncation, bytes that are not UTF-8) and runs it through the library's validation entry
// point in-process, or through the real CLI binary. Every case must end valid or with the project's typed
// error (exit 1); anything else is a crash, and a case over the budget is a hang.
// Used by test/cli/fuzz-inputs.test.ts (a few hundred cases per kind) and scripts/fuzz-inputs.mjs (10,000).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createStream, type RandomStream } from '../../src/rng/index.js';
import { loadScenario, SCENARIOS_DIR } from '../../src/scenario/load.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { loadTrialDesign } from '../../src/trial/load-trial-design.js';
import { compileTrialScenario } from '../../src/trial/virtual-trial.js';
import { loadCalibration } from '../../src/calibrate/load-calibration.js';
import { ScenarioError } from '../../src/scenario/errors.js';
import { SweepError } from '../../src/sweep/sweep-error.js';
import { DesignError } from '../../src/sweep/design-error.js';
import { TrialError } from '../../src/trial/trial-error.js';
import { CalibrationError } from '../../src/calibrate/calibration-error.js';
import { OutputError } from '../../src/output/output-error.js';
import { CliUsageError } from '../../src/cli/cli-io.js';

export const FUZZ_KINDS = ['scenario', 'scenario-root', 'sweep', 'trial-design', 'targets', 'free-parameters'] as const;
export type FuzzKind = (typeof FUZZ_KINDS)[number];

export type FuzzVerdict = 'valid' | 'clear' | 'crash' | 'hang';

export interface FuzzCase {
  readonly kind: FuzzKind;
  readonly index: number;
  /** The mutations applied, for a report that can be replayed by seed and index. */
  readonly mutations: readonly string[];
  readonly bytes: Buffer;
}

export interface FuzzOutcome {
  readonly verdict: FuzzVerdict;
  /** The error's first line (clear errors, crashes) or what timed out. */
  readonly message: string;
  readonly ms: number;
}

/** The typed errors a user can act on: what the CLI prints as is and exits 1 for. */
const CLEAR_ERRORS = [ScenarioError, SweepError, DesignError, TrialError, CalibrationError, OutputError, CliUsageError];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

// 1. The files mutated: the shipped or test file each kind starts from, and the folder a case runs in.
const FIXTURES = join(SCENARIOS_DIR, '..', 'test', 'calibrate', 'fixtures');
const readJson = (file: string): Json => JSON.parse(readFileSync(file, 'utf8')) as Json;

interface Seed {
  readonly name: string;
  readonly doc: Json;
}

function seedsOf(kind: FuzzKind): Seed {
  switch (kind) {
    case 'scenario':
      return { name: 'scenario.json', doc: readJson(join(SCENARIOS_DIR, 'teaching-barriers.json')) };
    case 'scenario-root':
      return { name: 'root.json', doc: readJson(join(SCENARIOS_DIR, 'base.json')) };
    case 'sweep':
      return { name: 'sweep.json', doc: { ...(readJson(join(SCENARIOS_DIR, 'sweeps', 'fidelity-turnover.json')) as Record<string, Json>), $schema: null } };
    case 'trial-design':
      return { name: 'design.json', doc: { ...(readJson(join(SCENARIOS_DIR, 'trials', 'teaching-null.json')) as Record<string, Json>), $schema: null } };
    case 'targets':
      return { name: 'targets.json', doc: readJson(join(FIXTURES, 'teaching-targets.json')) };
    case 'free-parameters':
      return { name: 'free.json', doc: readJson(join(FIXTURES, 'teaching.free.json')) };
  }
}

/** Prepare `dir` for cases: the trial design the targets name, a FIFO and a folder for odd references. */
export function prepareFuzzFolder(dir: string): void {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES, 'teaching-design.json'), join(dir, 'teaching-design.json'));
  writeFileSync(join(dir, 'targets-ok.json'), readFileSync(join(FIXTURES, 'teaching-targets.json')));
  writeFileSync(join(dir, 'free-ok.json'), readFileSync(join(FIXTURES, 'teaching.free.json')));
  mkdirSync(join(dir, 'a-folder.json'), { recursive: true });
  if (!existsSync(join(dir, 'fifo.json'))) spawnSync('mkfifo', [join(dir, 'fifo.json')]);
}

// 2. Mutations.
const pick = <T>(s: RandomStream, xs: readonly T[]): T => xs[s.int(xs.length)];

const ODD_STRINGS = [
  '',
  ' ',
  'x'.repeat(100_000),
  '\u0000',
  '\ud800',
  'e\u0301\u0301\u0301',
  '\u202eevil',
  '😀'.repeat(50),
  'no-such-group',
  'minority',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '/dev/zero',
  '/dev/stdin',
  'fifo.json',
  'a-folder.json',
  '.',
  'teaching-barriers',
  'base',
  'pilot-england',
  'scenario.json',
  'NaN',
  '1e400',
  'true',
  'agencies.fidelity.mean',
  'barriers.user.selfStigma.effects.tieFormation',
];
const LIMIT_NUMBERS = [0, -0, -1, 1, 0.5, 2, 7, 1e-300, 5e-324, 1e308, -1e308, 2 ** 31, 2 ** 32, 4294967295, 4294967296, 2 ** 53, 2 ** 53 + 2, 1e6, 1e7, 1e9, 1e11, 100_000, 100_001, 10_000_000, -1e9, 3.7];

function randomValue(s: RandomStream, depth = 0): Json {
  switch (s.int(depth > 2 ? 5 : 7)) {
    case 0:
      return null;
    case 1:
      return s.next() < 0.5;
    case 2:
      return pick(s, LIMIT_NUMBERS);
    case 3:
    case 4:
      return pick(s, ODD_STRINGS);
    case 5:
      return Array.from({ length: s.int(4) }, () => randomValue(s, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: s.int(4) }, (_, i) => [pick(s, ['name', 'value', 'set', 'x', `k${i}`, 'path', 'range']), randomValue(s, depth + 1)]));
  }
}

interface Slot {
  readonly parent: Json[] | { [k: string]: Json } | undefined;
  readonly key: string | number;
  readonly value: Json;
}

/** Every place in the document a value sits (the root as a slot without parent), iteratively. */
function slotsOf(doc: Json): Slot[] {
  const out: Slot[] = [{ parent: undefined, key: '', value: doc }];
  for (let i = 0; i < out.length && out.length < 200_000; i++) {
    const v = out[i].value;
    if (Array.isArray(v)) v.slice(0, 200).forEach((x, k) => out.push({ parent: v, key: k, value: x }));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v).slice(0, 200)) out.push({ parent: v, key: k, value: x });
  }
  return out;
}

/** The document being mutated, and the texts that stand in for markers (nesting too deep to stringify). */
interface Root {
  doc: Json;
  readonly texts: Map<string, string>;
}

const set = (slot: Slot, value: Json, root: Root) => {
  if (!slot.parent) root.doc = value;
  else (slot.parent as Record<string | number, Json>)[slot.key] = value;
};

/** A marker string replaced, after JSON.stringify, by `depth` nested arrays or objects (too deep for stringify). */
const nestedValue = (s: RandomStream, root: Root, depth: number): Json => {
  const inner = pick(s, ['1', '"x"', 'null', 'true']);
  const text = s.next() < 0.5 ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"x":'.repeat(depth) + inner + '}'.repeat(depth);
  const marker = `@@nest-${root.texts.size}@@`;
  root.texts.set(marker, text);
  return marker;
};

/** A small element to repeat (one whose JSON is short), else a number. */
const smallElement = (s: RandomStream, v: Json): Json => {
  if (v === null || typeof v !== 'object') return typeof v === 'string' && v.length > 200 ? 'x' : v;
  try {
    const text = JSON.stringify(v);
    return text.length <= 400 ? (JSON.parse(text) as Json) : pick(s, LIMIT_NUMBERS);
  } catch {
    return pick(s, LIMIT_NUMBERS);
  }
};

/** A mutation of the parsed document; returns its name. */
type TreeMutation = (s: RandomStream, root: Root, slots: Slot[]) => string;

const TREE_MUTATIONS: TreeMutation[] = [
  (s, root, slots) => {
    const slot = pick(s, slots);
    const depth = pick(s, [63, 64, 65, 100, 1000, 5000, 20_000]);
    set(slot, nestedValue(s, root, depth), root);
    return `nest ${depth} deep at ${String(slot.key)}`;
  },
  (s, root, slots) => {
    const slot = pick(s, slots);
    let n = pick(s, [1000, 10_000, 100_000, 200_000]);
    const element = smallElement(s, Array.isArray(slot.value) && slot.value.length ? slot.value[0] : randomValue(s));
    // Objects are copied (a later mutation of one must not multiply by n), so fewer of them.
    if (element !== null && typeof element === 'object') n = Math.min(n, 10_000);
    set(slot, Array.from({ length: n }, () => (element !== null && typeof element === 'object' ? (structuredClone(element) as Json) : element)), root);
    return `array of ${n} at ${String(slot.key)}`;
  },
  (s, root, slots) => {
    const slot = pick(s, slots);
    const v = randomValue(s);
    set(slot, v, root);
    return `wrong type at ${String(slot.key)}`;
  },
  (s, root, slots) => {
    const slot = pick(s, slots);
    set(slot, null, root);
    return `null at ${String(slot.key)}`;
  },
  (s, root, slots) => {
    const strings = slots.filter((x) => typeof x.value === 'string');
    if (!strings.length) return 'no string to change';
    const slot = pick(s, strings);
    set(slot, pick(s, ODD_STRINGS), root);
    return `odd string at ${String(slot.key)}`;
  },
  (s, root, slots) => {
    const numbers = slots.filter((x) => typeof x.value === 'number');
    if (!numbers.length) return 'no number to change';
    const slot = pick(s, numbers);
    const v = pick(s, LIMIT_NUMBERS);
    set(slot, s.next() < 0.3 ? (slot.value as number) * pick(s, [-1, 10, 1000, 1e6]) + pick(s, [0, 1, 0.5]) : v, root);
    return `number at ${String(slot.key)}`;
  },
  (s, _root, slots) => {
    const keyed = slots.filter((x) => x.parent && !Array.isArray(x.parent));
    if (!keyed.length) return 'no key to remove';
    const slot = pick(s, keyed);
    delete (slot.parent as Record<string, Json>)[slot.key as string];
    return `removed ${String(slot.key)}`;
  },
  (s, _root, slots) => {
    const objects = slots.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
    if (!objects.length) return 'no object';
    const o = pick(s, objects).value as Record<string, Json>;
    const keys = Object.keys(o);
    const base = keys.length ? pick(s, keys) : 'x';
    const typo = s.next() < 0.5 ? base.slice(0, -1) : `${base}s`;
    o[pick(s, [typo, 'unknown', '__proto__', 'extends', 'arms', 'set', '$schema'])] = randomValue(s);
    return `added a key beside ${base}`;
  },
  (s, _root, slots) => {
    const objects = slots.filter((x) => x.value !== null && typeof x.value === 'object' && !Array.isArray(x.value));
    if (!objects.length) return 'no object';
    const o = pick(s, objects).value as Record<string, Json>;
    const n = pick(s, [1000, 30_000, 100_000]);
    for (let i = 0; i < n; i++) o[`${pick(s, ['workers.turnoverRat', 'agencies.count', 'k'])}${i}`] = i;
    return `${n} keys`;
  },
  (s, _root, slots) => {
    const arrays = slots.filter((x) => Array.isArray(x.value) && x.value.length);
    if (!arrays.length) return 'no array';
    const a = pick(s, arrays).value as Json[];
    const k = s.int(a.length);
    a.splice(k, 0, JSON.parse(JSON.stringify(a[k])) as Json);
    return 'duplicated an element';
  },
  (s, _root, slots) => {
    const arrays = slots.filter((x) => Array.isArray(x.value) && x.value.length);
    if (!arrays.length) return 'no array';
    const a = pick(s, arrays).value as Json[];
    a.length = s.next() < 0.5 ? 0 : Math.max(0, a.length - 1);
    return 'shortened an array';
  },
  (s, root) => {
    // Arms: many, or one aimed at a group that does not exist, or with a set of many keys.
    const doc = root.doc as Record<string, Json>;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return 'not an object';
    const n = pick(s, [2, 100, 3000, 10_000]);
    doc.arms = Array.from({ length: n }, (_, i) => ({ name: `arm-${i % (s.next() < 0.1 ? 2 : n)}`, set: { [pick(s, ['workers.turnoverRate', 'barriers.user.selfStigma.target', 'barriers.worker.insufficientTime.target', 'agencies.count', 'seed'])]: randomValue(s) } }));
    return `${n} arms`;
  },
];

/** A mutation of the text: truncation, duplicated keys, stray characters, numbers JSON.parse makes Infinity. */
type TextMutation = (s: RandomStream, text: string) => { text: string; name: string };
const TEXT_MUTATIONS: TextMutation[] = [
  (s, t) => {
    const at = s.int(t.length + 1);
    return { text: t.slice(0, at), name: `truncated at ${at}` };
  },
  (s, t) => {
    const at = t.indexOf('{', s.int(t.length));
    if (at < 0) return { text: t, name: 'no object' };
    const dup = pick(s, ['"name": "dup", ', '"name": 5, ', '"set": {}, ', '"factors": [], ', '"parameters": null, ']);
    return { text: `${t.slice(0, at + 1)}${dup}${t.slice(at + 1)}`, name: 'duplicated a key' };
  },
  (s, t) => {
    const at = s.int(t.length + 1);
    const junk = pick(s, [',', '}', ']', '"', '\\', '\n', '\u0000', 'NaN', '1e400', '//', '\ud83d']);
    return { text: `${t.slice(0, at)}${junk}${t.slice(at)}`, name: `inserted ${JSON.stringify(junk)}` };
  },
  (s, t) => {
    const numbers = [...t.matchAll(/-?\d+(\.\d+)?/g)];
    if (!numbers.length) return { text: t, name: 'no number' };
    const m = pick(s, numbers);
    const v = pick(s, ['1e400', '-1e400', '1e-400', '-0', '99999999999999999999999', '0.1e1']);
    return { text: `${t.slice(0, m.index)}${v}${t.slice(m.index! + m[0].length)}`, name: `number ${v}` };
  },
];

/** The mutated file of case `index` of `kind` (the same for the same seed). */
export function mutateInput(kind: FuzzKind, seed: number, index: number): FuzzCase {
  const s = createStream(((seed >>> 0) * 1_000_003 + FUZZ_KINDS.indexOf(kind) * 7_919 + index * 104_729) >>> 0);
  const root: Root = { doc: JSON.parse(JSON.stringify(seedsOf(kind).doc)) as Json, texts: new Map() };
  const mutations: string[] = [];
  const count = 1 + s.int(3);
  for (let m = 0; m < count; m++) mutations.push(pick(s, TREE_MUTATIONS)(s, root, slotsOf(root.doc)));
  let text = JSON.stringify(root.doc, null, s.next() < 0.5 ? 2 : undefined) ?? 'null';
  // Nesting stands in as markers (a marker inside a repeated element is replaced everywhere).
  for (const [marker, nested] of root.texts) {
    const parts = text.split(`"${marker}"`);
    // Repeated 200,000 times, 20,000 levels would make gigabytes: then 100 levels (still too deep) instead.
    const fits = (parts.length - 1) * nested.length <= 16 * 1024 * 1024;
    text = parts.join(fits ? nested : '['.repeat(100) + ']'.repeat(100));
  }
  if (s.next() < 0.25) {
    const r = pick(s, TEXT_MUTATIONS)(s, text);
    text = r.text;
    mutations.push(r.name);
  }
  let bytes = Buffer.from(text, 'utf8');
  if (s.next() < 0.03) {
    const at = s.int(bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc3]), bytes.subarray(at)]);
    mutations.push('bytes that are not UTF-8');
  }
  return { kind, index, mutations, bytes };
}

// 3. Running a case.
const firstLine = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n').slice(0, 3).join(' | ').slice(0, 300);

/** Write the case into `dir` (prepared with prepareFuzzFolder) and return its file. */
export function writeCase(c: FuzzCase, dir: string): string {
  const file = join(dir, seedsOf(c.kind).name);
  rmSync(file, { force: true });
  writeFileSync(file, c.bytes);
  return file;
}

/** Run a case through the library's validation entry point for its kind, in this process. */
export function runCaseInProcess(c: FuzzCase, dir: string, budgetMs: number): FuzzOutcome {
  const file = writeCase(c, dir);
  const t0 = performance.now();
  let verdict: FuzzVerdict = 'valid';
  let message = '';
  try {
    switch (c.kind) {
      case 'scenario':
      case 'scenario-root':
        loadScenario(file);
        break;
      case 'sweep':
        loadSweep(file);
        break;
      case 'trial-design': {
        const loaded = loadTrialDesign(file);
        compileTrialScenario(loaded.design, loaded.scenarioChain);
        break;
      }
      case 'targets':
        loadCalibration('teaching-barriers', file, join(dir, 'free-ok.json'), dir);
        break;
      case 'free-parameters':
        loadCalibration('teaching-barriers', join(dir, 'targets-ok.json'), file, dir);
        break;
    }
  } catch (err) {
    verdict = CLEAR_ERRORS.some((E) => err instanceof E) ? 'clear' : 'crash';
    message = firstLine(err);
  }
  const ms = performance.now() - t0;
  if (ms > budgetMs) return { verdict: 'hang', message: `took ${Math.round(ms)} ms (budget ${budgetMs} ms); ${message}`, ms };
  return { verdict, message, ms };
}

/** The command that reads a case's file, for the CLI binary. */
function commandFor(c: FuzzCase, file: string, dir: string): string[] {
  switch (c.kind) {
    case 'scenario':
    case 'scenario-root':
      return ['validate', file];
    case 'sweep':
      return ['slurm', file, '--shards', '1', '--out', join(dir, 'slurm-out'), '--force'];
    case 'trial-design':
      return ['trial', file, '--replicates', '2', '--workers', '0', '--out', join(dir, 'trial-out'), '--force'];
    case 'targets':
    case 'free-parameters': {
      const [targets, free] = c.kind === 'targets' ? [file, join(dir, 'free-ok.json')] : [join(dir, 'targets-ok.json'), file];
      return ['calibrate', 'teaching-barriers', '--targets', targets, '--free', free, '--method', 'rejection', '--particles', '2', '--predictive', '1', '--check', '1', '--workers', '1', '--out', join(dir, 'cal-out'), '--force', '--quiet'];
    }
  }
}

const CRASH_SIGNS = /unexpected error|RangeError|TypeError|SyntaxError|ReferenceError|FATAL ERROR|heap out of memory|\n\s+at \S+/;

/** Run a case through the real CLI binary (node `bin`), killed after `budgetMs` as a hang. */
export function runCaseCli(c: FuzzCase, dir: string, bin: string, budgetMs: number): FuzzOutcome {
  const file = writeCase(c, dir);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, ...commandFor(c, file, dir)], { cwd: dir, encoding: 'utf8', timeout: budgetMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  const err = (r.stderr ?? '').trim();
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { verdict: 'hang', message: `killed after ${budgetMs} ms`, ms };
  if (r.status === 0 || r.status === 3) return { verdict: 'valid', message: '', ms };
  if (r.status === 1 && !CRASH_SIGNS.test(err)) return { verdict: 'clear', message: err.split('\n').slice(0, 3).join(' | ').slice(0, 300), ms };
  return { verdict: 'crash', message: `exit ${r.status ?? r.signal}: ${err.split('\n').slice(0, 4).join(' | ').slice(0, 400)}`, ms };
}

export interface FuzzReport {
  readonly counts: Record<FuzzVerdict, number>;
  /** Crashes and hangs, replayable by kind, seed and index. */
  readonly failures: ReadonlyArray<{ kind: FuzzKind; index: number; mode: 'library' | 'cli'; mutations: readonly string[]; outcome: FuzzOutcome }>;
}

export interface FuzzOptions {
  readonly seed: number;
  /** Cases in all, spread evenly over the kinds. */
  readonly cases: number;
  readonly dir: string;
  /** Every n-th case also goes through the CLI binary (0: none). */
  readonly cliEvery: number;
  readonly bin: string;
  readonly budgetMs: number;
  readonly onCase?: (done: number, of: number) => void;
}

/** Run the fuzzer: cases round-robin over the kinds, in-process, and a sample through the binary. */
export function runFuzz(options: FuzzOptions): FuzzReport {
  prepareFuzzFolder(options.dir);
  const counts: Record<FuzzVerdict, number> = { valid: 0, clear: 0, crash: 0, hang: 0 };
  const failures: Array<FuzzReport['failures'][number]> = [];
  for (let i = 0; i < options.cases; i++) {
    const kind = FUZZ_KINDS[i % FUZZ_KINDS.length];
    const index = Math.floor(i / FUZZ_KINDS.length);
    const c = mutateInput(kind, options.seed, index);
    const cli = options.cliEvery > 0 && index % options.cliEvery === 0;
    const outcome = cli ? runCaseCli(c, options.dir, options.bin, options.budgetMs) : runCaseInProcess(c, options.dir, options.budgetMs);
    counts[outcome.verdict]++;
    if (outcome.verdict === 'crash' || outcome.verdict === 'hang') failures.push({ kind, index, mode: cli ? 'cli' : 'library', mutations: c.mutations, outcome });
    options.onCase?.(i + 1, options.cases);
  }
  return { counts, failures };
}
