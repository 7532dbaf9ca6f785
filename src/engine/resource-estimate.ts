// Pre-flight estimates of memory and time, from a scenario's sizes, before anything is built: the bytes of
// the shared population, of one arm's run state, of the results kept in memory and of the output files, and
// a wall-time estimate. Part of engine/ (pure, browser-safe: the machine's limits come in from the caller).
// Byte costs per entity follow the typed-array layout of model/population.ts, model/run-state.ts and
// model/tie-store.ts (34 bytes a tie); bench/child-resources.mjs checks the totals against measured peak RSS.
import type { Params } from '../scenario/parameters.js';
import type { Tables } from '../scenario/tables.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { GROUP_MEASURES } from '../metrics/groups.js';
import { EFFECT_TARGETS } from '../scenario/spec.js';
import { USER_BARRIERS } from '../scenario/parameters.js';
import { ResourceError } from './resource-error.js';

export { ResourceError } from './resource-error.js';

/** Limits of the JavaScript engine itself (V8 in Node 20), whatever the machine's memory. */
export const ENGINE_LIMITS = {
  /** Elements in one typed array. */
  typedArrayLength: 2 ** 32,
  /** Dense ids of persons, ties, nodes and workers are Int32: at most this many of each. */
  ids: 2 ** 31 - 1,
  /** UTF-16 code units in one string: an output file is built as one string before it is written. */
  stringLength: 2 ** 29 - 24,
} as const;

/** What the estimate is checked against: the process's memory and the JavaScript heap's own limit. */
export interface ResourceLimits {
  /** Bytes the whole process may use. */
  readonly memoryBytes: number;
  /** Where that figure comes from, for messages: "80% of this machine's 23.4 GB", "--memory-limit 8GB". */
  readonly memorySource: string;
  /** Bytes of the JavaScript heap (objects, arrays of numbers, strings): V8's heap_size_limit. */
  readonly heapBytes: number;
}

/** The counts that size a run's arrays, as the builders will make them (expected values where they draw). */
export interface PopulationSizes {
  readonly residents: number;
  readonly users: number;
  readonly persons: number;
  readonly localities: number;
  readonly agencies: number;
  readonly nodes: number;
  readonly initialWorkers: number;
  readonly workerSlots: number;
  readonly knowledgeWords: number;
  /** Expected baseline ties (stubs drawn; a few are merged as duplicates). */
  readonly ties: number;
  /** Expected memberships of community nodes (all persons) and of service users. */
  readonly memberships: number;
  readonly userMemberships: number;
  /** Agency → locality and agency → node lists (a locality's nodes once per agency serving it). */
  readonly agencyLocalities: number;
  readonly agencyNodes: number;
  /** Groups of the series tables: all, one per agency, three fidelity bands. */
  readonly groups: number;
  /** Expected baseline network size of a service user (their tie list in the run state). */
  readonly userDegree: number;
}

/** One part of an estimate, for messages and for the bench's comparison. */
export interface ResourcePart {
  readonly name: string;
  readonly bytes: number;
  /** Bytes of this part on the JavaScript heap (the rest is in typed arrays, outside it). */
  readonly heap: number;
}

export interface ResourceEstimate {
  /** Peak bytes of the process: Node itself, the largest phase and what is kept across phases. */
  readonly bytes: number;
  /** Peak bytes on the JavaScript heap (checked against V8's heap limit, not only the machine's memory). */
  readonly heapBytes: number;
  /** The parts, largest first. */
  readonly parts: readonly ResourcePart[];
  /** Wall time on one core, in seconds: an estimate from measured costs per tie-tick and user-tick. */
  readonly seconds: number;
  /** The largest single typed array (elements) and dense id range; the longest output file (characters). */
  readonly largestArray: { readonly name: string; readonly elements: number };
  readonly largestIds: { readonly name: string; readonly count: number };
  readonly largestFile?: { readonly name: string; readonly chars: number };
}

/** Node's own footprint: the runtime, the loaded modules and the scenario (measured: 90–135 MB RSS at the smallest sizes). */
export const NODE_BASE_BYTES = 120 * 2 ** 20;

/** JavaScript heap of a worker thread's own isolate, before it runs anything. */
export const WORKER_BASE_BYTES = 30 * 2 ** 20;

// Bytes of JavaScript values on the 64-bit heap (Node 20 has no pointer compression): an element of an
// array of numbers, and the fixed cost of a small array or object.
const JS_SLOT = 8;
const JS_ARRAY = 32;

// Measured costs (bench/child-resources.mjs, Node 20 on an x86-64 core; see docs/LIMITS.md): building the
// population per person and per baseline tie, one tick per tie and per service user, a whole-network
// measurement per tie, and writing files per character.
export const TIME_COSTS = {
  buildPerPerson: 1.5e-6,
  buildPerTie: 0.6e-6,
  tickPerTie: 25e-9,
  tickPerUser: 4e-6,
  tickPerWorkerWord: 2e-9,
  networkMeasurePerTie: 60e-9,
  outputPerChar: 15e-9,
} as const;

/** Characters per row of the output files (measured on the shipped scenarios). */
export const FILE_ROW_CHARS = {
  series: 46,
  users: 240,
  summary: 115,
  differences: 95,
  replicates: 60,
  trialReplicates: 200,
} as const;

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The counts of a run's arrays from the (structural) parameters and the tables, by arithmetic only. */
export function estimatePopulationSizes(params: Params, tables: Tables): PopulationSizes {
  const P = params.population;
  const L = P.localities;
  const rpl = P.residentsPerLocality;
  const R = L * rpl;
  const U = params.serviceUsers.referrals;
  const A = params.agencies.count;
  const lpa = params.agencies.localitiesPerAgency;
  const nMain = L * P.communityNodesPerLocality;
  const nServ = A * params.agencies.serviceNodesPerAgency;
  const C = nMain + nServ;
  const kinds = tables.nodeKinds.items;
  const meanMembers = (mainstream: boolean) => {
    const ks = kinds.filter((k) => k.mainstream === mainstream);
    const w = sum(ks.map((k) => k.share));
    return w > 0 ? Math.min(rpl, sum(ks.map((k) => k.share * Math.max(1, k.meanMembers))) / w) : 1;
  };
  const userShare = (() => {
    const ks = kinds.filter((k) => !k.mainstream);
    const w = sum(ks.map((k) => k.share));
    return w > 0 ? sum(ks.map((k) => k.share * k.userMemberShare)) / w : 0;
  })();
  const serviceMembers = nServ * meanMembers(false);
  const memberships = nMain * meanMembers(true) + serviceMembers;
  const userMemberships = U > 0 ? Math.min(serviceMembers * userShare, serviceMembers) : 0;
  const Wi = A * params.agencies.workersPerAgency;
  const userDegree = params.serviceUsers.networkSize;
  const ties = (R * P.residentNetworkSize) / 2 + U * userDegree;
  return {
    residents: R,
    users: U,
    persons: R + U,
    localities: L,
    agencies: A,
    nodes: C,
    initialWorkers: Wi,
    workerSlots: Wi + A * params.peerWorkers.maxPerAgency,
    knowledgeWords: Math.max(1, Math.ceil(C / 32)),
    ties,
    memberships,
    userMemberships,
    agencyLocalities: A * lpa,
    agencyNodes: A * lpa * P.communityNodesPerLocality + nServ,
    groups: A + 4,
    userDegree,
  };
}

/** What a run (or a series of runs) keeps and writes; the defaults are those of `cpi-sim run`. */
export interface RunEstimateOptions {
  readonly ticks: number;
  /** The arms' parameters (only their per-arm sizes matter: engaged-node slots, participation window). */
  readonly arms: readonly Params[];
  /** Build the output files of a run folder (series.csv, users.csv). Default true. */
  readonly files?: boolean;
  /** Keep every arm's final state (for a network export). Default false. */
  readonly keepState?: boolean;
  /** Also build a network file of one arm (graphology in memory, then GEXF/GraphML text). */
  readonly networkExport?: boolean;
}

/** The parts of one run's peak, its time and its largest array, file and id range. */
export function estimateRunResources(params: Params, tables: Tables, options: RunEstimateOptions): ResourceEstimate {
  const z = estimatePopulationSizes(params, tables);
  const { residents: R, users: U, persons: N, nodes: C, agencies: A } = z;
  const W = z.knowledgeWords;
  const arms = options.arms.length ? options.arms : [params];
  const K = options.arms.length || 1;
  const ticks = options.ticks;
  const UM = USER_MEASURES.length;
  const GM = GROUP_MEASURES.length;
  const T = EFFECT_TARGETS.length;
  const maxNodes = Math.max(1, ...arms.map((a) => a.attendance.maxEngagedNodes));
  const window = Math.max(...arms.map((a) => a.outcomes.participationWindowWeeks));
  const S = params.population.positionStrata;
  const G = tables.culturalGroups.items.length;
  const stubCapacity = Math.ceil(N * Math.max(params.population.residentNetworkSize, params.serviceUsers.networkSize) * 0.75) + 16;
  const stubs = Math.max(z.ties, stubCapacity);
  const tieSlots = z.ties * 1.02 + 1024;

  // 1. The shared population, kept for the whole run (typed arrays; JS lists while it is built).
  const population = [
    N * 23, // locality, position, group, interests, resources, userOf, stratum, tie offsets
    tieSlots * 34 + z.ties * 8, // the tie store (with 2% headroom) and the per-person tie-id lists
    U * 48, // users' home agency, person, latent draws, node offsets
    C * 30 + z.memberships * 4 + z.userMemberships * 4, // nodes and their members
    z.agencyLocalities * 4 + z.agencyNodes * 4 + A * (48 + W * 4),
    z.initialWorkers * (4 + 24 + W * 4),
    (R * 12 + (z.localities * G * S + z.localities * (G + S)) * 4), // residents' buckets by (locality, group, stratum)
  ];
  const populationBytes = sum(population);
  // Transients of the build: stubs of the baseline network (and their sort), bucket keys, node member lists.
  const buildHeap = z.memberships * 1.5 * JS_SLOT + z.userMemberships * 2 * JS_SLOT + z.agencyNodes * 2 * JS_SLOT + z.agencyLocalities * JS_SLOT + U * JS_SLOT + A * JS_ARRAY * 2 + z.localities * JS_ARRAY;
  // The stub arrays grow by half when the first guess of their capacity is short.
  const stubArrays = z.ties > stubCapacity ? z.ties * 1.5 * 9 * 1.67 : stubCapacity * 9;
  const buildBytes = stubArrays + z.ties * 16 + N * 8 + R * 12 + N * 4 + buildHeap;

  // 2. One arm's state (arms run one after another; all but the last copy the baseline ties).
  const perUser = 124 + maxNodes * 9 + window * 6;
  const userTiesHeap = U * (JS_ARRAY + z.userDegree * JS_SLOT);
  const armState = U * perUser + userTiesHeap + z.workerSlots * (78 + W * 4) + A * (64 + W * 4) + (1 << USER_BARRIERS.length) * T * 8 + (K > 1 ? tieSlots * 34 + z.ties * 8 : 0); // all but the last arm copy the tie store and the tie-id lists
  // Observation: per-user rows of a tick, clustering marks and union–find over every person.
  const observe = U * UM * 8 + N * 12;
  const series = (ticks + 1) * z.groups * GM * 8;
  // 3. Results of every arm, kept until the files are written.
  const resultsPerArm = series + U * (2 * UM * 8 + 5);
  const keptStates = options.keepState ? (K - 1) * armState : 0;

  // 4. Output files: rows as strings, then the joined file, then its UTF-8 bytes for hashing and writing.
  const files = options.files ?? true;
  const seriesRows = K * (ticks + 1) * z.groups * GM;
  const usersRows = K * U * 2;
  const fileList: Array<{ name: string; chars: number; rows: number }> = files
    ? [
        { name: 'series.csv', rows: seriesRows, chars: seriesRows * FILE_ROW_CHARS.series },
        { name: 'users.csv', rows: usersRows, chars: usersRows * FILE_ROW_CHARS.users },
      ]
    : [];
  if (options.networkExport) fileList.push({ name: 'the network file', rows: z.ties, chars: z.ties * 160 + N * 200 });
  const outputHeap = sum(fileList.map((f) => f.rows * 40 + f.chars * 2)) + (options.networkExport ? z.ties * 340 + N * 300 : 0);
  const outputBytes = outputHeap + sum(fileList.map((f) => f.chars));

  const runPhase = armState + observe + keptStates;
  const parts: ResourcePart[] = [
    { name: 'the population (persons, ties, nodes, agencies)', bytes: populationBytes, heap: 0 },
    { name: 'building the population (network stubs, member lists)', bytes: buildBytes, heap: buildHeap },
    { name: `one arm's run state (${fmtCount(U)} service users, ${fmtCount(z.workerSlots)} worker slots)`, bytes: runPhase, heap: userTiesHeap + (options.keepState ? (K - 1) * userTiesHeap : 0) },
    { name: `results kept for ${K} arm${K === 1 ? '' : 's'} (series and per-user rows)`, bytes: K * resultsPerArm, heap: 0 },
    { name: 'output files in memory', bytes: outputBytes, heap: outputHeap },
  ];
  const peakPhase = Math.max(buildBytes, runPhase, outputBytes);
  const bytes = NODE_BASE_BYTES + populationBytes + K * resultsPerArm + peakPhase;
  const heapBytes = Math.max(buildHeap, parts[2].heap, outputHeap) + 32 * 2 ** 20;

  // 5. Time.
  const networkTicks = arms.map((a) => 2 + (a.observe.wholeNetworkEvery > 0 ? Math.floor(ticks / a.observe.wholeNetworkEvery) : 0));
  const c = TIME_COSTS;
  const seconds =
    N * c.buildPerPerson +
    z.ties * c.buildPerTie +
    K * ticks * (z.ties * c.tickPerTie + U * c.tickPerUser + z.workerSlots * W * c.tickPerWorkerWord) +
    sum(networkTicks) * z.ties * c.networkMeasurePerTie +
    sum(fileList.map((f) => f.chars)) * c.outputPerChar;

  // 6. The largest single array and id range, and the longest file.
  const arrays: Array<[string, number]> = [
    ['the tie store', tieSlots],
    ['the per-person tie lists', 2 * z.ties],
    ['the network stubs', stubs],
    ['the persons', N],
    ['the agency → node lists', z.agencyNodes],
    ['the agency → locality lists', z.agencyLocalities],
    ["the workers' knowledge bitsets", z.workerSlots * W],
    ['the engaged-node slots', U * maxNodes],
    ['the attendance rings', U * window],
    ['the series of one arm', (ticks + 1) * z.groups * GM],
    ['the node members', z.memberships],
  ];
  const ids: Array<[string, number]> = [
    ['persons (residents + service users)', N],
    ['ties', tieSlots],
    ['community nodes', C],
    ['worker slots', z.workerSlots],
  ];
  const top = <X>(xs: Array<[string, number]>, f: (name: string, n: number) => X): X => {
    const [name, n] = xs.reduce((a, b) => (b[1] > a[1] ? b : a));
    return f(name, n);
  };
  const longest = fileList.length ? fileList.reduce((a, b) => (b.chars > a.chars ? b : a)) : undefined;
  return {
    bytes,
    heapBytes,
    parts: parts.sort((a, b) => b.bytes - a.bytes),
    seconds,
    largestArray: top(arrays, (name, elements) => ({ name, elements })),
    largestIds: top(ids, (name, count) => ({ name, count })),
    largestFile: longest ? { name: longest.name, chars: longest.chars } : undefined,
  };
}

/**
 * `cpi-sim run --replicates n`: one run at a time in this thread (workers 0, the default here), or one run per
 * worker thread with at most twice as many replicates' series waiting in this one; plus what is gathered
 * across replicates.
 */
export function estimateReplicatesResources(
  params: Params,
  tables: Tables,
  options: RunEstimateOptions & { readonly replicates: number; readonly workers?: number },
): ResourceEstimate {
  const one = estimateRunResources(params, tables, { ...options, files: false });
  const z = estimatePopulationSizes(params, tables);
  const K = options.arms.length || 1;
  const n = options.replicates;
  const workers = Math.min(options.workers ?? 0, n);
  const cells = (options.ticks + 1) * z.groups * GROUP_MEASURES.length;
  // The accumulator's buffers start at 8 replicates and double: the last doubling holds up to twice the
  // values, and the copy it grows from is alive while it grows.
  const capacity = n <= 8 ? 8 : 8 * 2 ** Math.ceil(Math.log2(n / 8));
  const accumulator = K * cells * 8 * capacity * 1.5;
  const valueRows = n * K * z.groups * GROUP_MEASURES.length;
  const pairs = (K * (K - 1)) / 2;
  const summaryRows = K * cells;
  const differenceRows = pairs * cells;
  const files = [
    { name: 'replicates.csv', rows: valueRows, chars: valueRows * FILE_ROW_CHARS.replicates },
    { name: 'summary.csv', rows: summaryRows, chars: summaryRows * FILE_ROW_CHARS.summary },
    { name: 'differences.csv', rows: differenceRows, chars: differenceRows * FILE_ROW_CHARS.differences },
  ];
  // replicates.csv is gathered as one string per row while the replicates run; the summaries are objects.
  const gatherHeap = valueRows * (FILE_ROW_CHARS.replicates + 40) + n * JS_SLOT * 2;
  const tableHeap = summaryRows * 200 + differenceRows * 160 + sum(files.map((f) => f.rows * 40 + f.chars * 2));
  const tableBytes = tableHeap + sum(files.map((f) => f.chars));
  const gathered: ResourcePart[] = [
    { name: `values gathered across ${fmtCount(n)} replicates (${K} arm${K === 1 ? '' : 's'} × ${fmtCount(cells)} cells each)`, bytes: accumulator, heap: 0 },
    { name: `replicates.csv rows gathered in memory (${fmtCount(valueRows)} rows)`, bytes: gatherHeap, heap: gatherHeap },
    { name: 'summary and differences tables and files', bytes: tableBytes, heap: tableHeap },
  ];
  let parts: ResourcePart[];
  let bytes: number;
  let heapBytes: number;
  if (workers === 0) {
    parts = [...one.parts.filter((p) => p.bytes > 0), ...gathered];
    heapBytes = gatherHeap + Math.max(one.heapBytes, tableHeap);
    bytes = one.bytes + accumulator + gatherHeap + Math.max(0, tableBytes - (one.bytes - NODE_BASE_BYTES));
  } else {
    // Each worker has its own isolate (its own heap limit) running one replicate; this thread holds the
    // finished replicates' series that wait for an earlier one (at most twice the workers).
    const perWorker = one.bytes - NODE_BASE_BYTES + WORKER_BASE_BYTES;
    const waiting = 2 * workers * K * cells * 8;
    parts = [
      { name: `${fmtCount(workers)} worker${workers === 1 ? '' : 's'} running one replicate each`, bytes: workers * perWorker, heap: one.heapBytes },
      { name: `finished replicates waiting for an earlier one (at most ${fmtCount(2 * workers)})`, bytes: waiting, heap: 0 },
      ...gathered,
    ];
    heapBytes = Math.max(one.heapBytes, gatherHeap + tableHeap);
    bytes = NODE_BASE_BYTES + workers * perWorker + waiting + accumulator + gatherHeap + tableBytes;
  }
  const longest = files.reduce((a, b) => (b.chars > a.chars ? b : a));
  return {
    bytes,
    heapBytes,
    parts: parts.sort((a, b) => b.bytes - a.bytes),
    seconds: (n * one.seconds) / Math.max(1, workers) + sum(files.map((f) => f.chars)) * TIME_COSTS.outputPerChar,
    largestArray: cells * capacity > one.largestArray.elements ? { name: 'the values gathered for one arm', elements: cells * capacity } : one.largestArray,
    largestIds: one.largestIds,
    largestFile: { name: longest.name, chars: longest.chars },
  };
}

/** Bytes as people read them: "36 GB", "512 MB", "48 kB". */
export function formatBytes(bytes: number): string {
  const units: Array<[string, number]> = [
    ['PB', 2 ** 50],
    ['TB', 2 ** 40],
    ['GB', 2 ** 30],
    ['MB', 2 ** 20],
    ['kB', 2 ** 10],
  ];
  if (!Number.isFinite(bytes)) return 'an unbounded amount';
  for (const [unit, size] of units) {
    if (bytes >= size) {
      const v = bytes / size;
      return `${v >= 100 || unit === 'PB' ? Math.round(v).toLocaleString('en') : v >= 10 ? v.toFixed(0) : v.toFixed(1)} ${unit}`;
    }
  }
  return `${Math.round(bytes)} bytes`;
}

/** Seconds as people read them: "about 3 h 20 m", "12 days", "40 years". */
export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (!Number.isFinite(seconds)) return 'forever';
  if (s >= 365 * 86400) return `${fmtCount(Math.round(s / (365 * 86400)))} years`;
  if (s >= 2 * 86400) return `${Math.round(s / 86400)} days`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} m`;
  if (s >= 60) return `${Math.floor(s / 60)} m ${String(s % 60).padStart(2, '0')} s`;
  return `${s} s`;
}

/** A count as people read it: 1,234,567 or 1.2e+13 beyond a trillion. */
export function fmtCount(n: number): string {
  return n >= 1e12 ? n.toExponential(1) : Math.round(n).toLocaleString('en');
}

export interface ResourceCheckOptions {
  /** What is being estimated, e.g. "this run", "each of the 100,000 replicates". */
  readonly what: string;
  /** What to do instead, e.g. "use fewer replicates, or `cpi-sim sweep` with shards". */
  readonly advice: string;
  /** Where the sizes come from, for the error (a file, "command line"). */
  readonly source: string;
}

/**
 * Refuse an estimate the engine or the machine cannot hold, before anything is built: ids beyond Int32,
 * an array beyond V8's typed-array length, a file beyond V8's string length, the JavaScript heap's limit,
 * or the memory limit. Throws ResourceError with the figure, the limit and what to do.
 */
export function checkResources(estimate: ResourceEstimate, limits: ResourceLimits | undefined, options: ResourceCheckOptions): void {
  const { what, advice, source } = options;
  // The machine first (the figure people act on), then what no machine can hold in one Node process.
  if (limits && estimate.bytes > limits.memoryBytes)
    throw new ResourceError(
      source,
      `${what} needs about ${formatBytes(estimate.bytes)} of memory (most of it ${estimate.parts[0].name}: ${formatBytes(estimate.parts[0].bytes)}); the limit is ${formatBytes(limits.memoryBytes)} (${limits.memorySource}); ${advice}`,
      estimate,
    );
  if (limits && estimate.heapBytes > limits.heapBytes)
    throw new ResourceError(
      source,
      `${what} needs about ${formatBytes(estimate.heapBytes)} of JavaScript heap (for ${[...estimate.parts].sort((a, b) => b.heap - a.heap)[0]?.name ?? 'its objects'}); Node's heap limit is ${formatBytes(limits.heapBytes)} (raise it with NODE_OPTIONS=--max-old-space-size=MB if the machine has the memory); ${advice}`,
      estimate,
    );
  const ids = estimate.largestIds;
  if (ids.count > ENGINE_LIMITS.ids)
    throw new ResourceError(source, `${what} needs ${fmtCount(ids.count)} ${ids.name}; the engine numbers them with 32-bit integers, at most ${fmtCount(ENGINE_LIMITS.ids)}; ${advice}`, estimate);
  const arr = estimate.largestArray;
  if (arr.elements > ENGINE_LIMITS.typedArrayLength)
    throw new ResourceError(source, `${what} needs ${fmtCount(arr.elements)} entries in ${arr.name}; one array holds at most ${fmtCount(ENGINE_LIMITS.typedArrayLength)} in Node; ${advice}`, estimate);
  const file = estimate.largestFile;
  if (file && file.chars > ENGINE_LIMITS.stringLength)
    throw new ResourceError(
      source,
      `${what} would write ${file.name} of about ${formatBytes(file.chars)}; a file is built in memory as one string, at most ${formatBytes(ENGINE_LIMITS.stringLength)} in Node; ${advice}`,
      estimate,
    );
}
