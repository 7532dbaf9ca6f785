// Shared fixture for the process tests (STYLE.md: one process on a hand-built state with a fixed seed).
// It compiles the small teaching scenario with `set` assignments that pin the rates under test, builds
// its population and one run state on a fixed seed, and offers helpers to hand-edit the typed arrays
// into exactly the situation a test needs, and to snapshot the state to assert exact changes.
import { loadScenario } from '../../src/scenario/load.js';
import { buildPopulation } from '../../src/model/population.js';
import { WorkerStatus, createRunState, setBit, type RunState } from '../../src/model/run-state.js';
import { UserState } from '../../src/model/codes.js';
import { KeyedRandom, deriveSeed } from '../../src/rng/index.js';
import { USER_BARRIERS, WORKER_BARRIERS } from '../../src/scenario/parameters.js';

export type Assignment = readonly [string, unknown];

/** Every barrier scaled to 0: none at the start, none switching on (effects stay declared, so a hand-set bit still acts). */
export const NO_BARRIERS: readonly Assignment[] = [
  ...USER_BARRIERS.map((b): Assignment => [`barriers.user.${b}.scale`, 0]),
  ...WORKER_BARRIERS.map((b): Assignment => [`barriers.worker.${b}.scale`, 0]),
];

/** Flows that would otherwise move people between states behind a test's back. */
export const QUIET_FLOWS: readonly Assignment[] = [
  ['flows.disengagementRate', 0],
  ['flows.reentryRate', 0],
  ['intake.giveUpRate', 0],
  ['workers.turnoverRate', 0],
  ['peerWorkers.rate', 0],
];

export interface FixtureOptions {
  /** Shipped scenario name (default: the small 'teaching-barriers'). */
  readonly scenario?: string;
  /** Run seed (default: the scenario's seed). */
  readonly seed?: number;
  /** Keep the scenario's barriers (default: all barriers scaled to 0). */
  readonly barriers?: boolean;
}

/** A fresh run state of the scenario with the assignments applied on top of NO_BARRIERS and QUIET_FLOWS. */
export function makeState(set: readonly Assignment[] = [], options: FixtureOptions = {}): RunState {
  const base: Assignment[] = [...(options.barriers ? [] : NO_BARRIERS), ...QUIET_FLOWS];
  const scenario = loadScenario(options.scenario ?? 'teaching-barriers', { set: [...base, ...set], setSource: 'test fixture' });
  const seed = options.seed ?? scenario.seed;
  const pop = buildPopulation(scenario.params, scenario.tables, deriveSeed(seed, 'population'));
  return createRunState(pop, scenario.params, scenario.tables, new KeyedRandom(deriveSeed(seed, 'ticks')));
}

/** Hold every user back: not referred, with a referral far in the future. */
export function holdAllUsers(s: RunState): void {
  s.state.fill(UserState.notReferred);
  s.referralTick.fill(1_000_000);
}

/** Active workers of an agency, in slot order. */
export function workersOf(s: RunState, a: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < s.workerStatus.length; w++) if (s.workerStatus[w] === WorkerStatus.active && s.workerAgency[w] === a) out.push(w);
  return out;
}

/** Users whose current agency is a. */
export function usersOf(s: RunState, a: number): number[] {
  const out: number[] = [];
  for (let u = 0; u < s.pop.users; u++) if (s.agency[u] === a) out.push(u);
  return out;
}

/** Put user u in an engaged partnership with worker w (the user moves to the worker's agency). */
export function engage(s: RunState, u: number, w: number, strength = 0.5, trust = 0.5): void {
  s.state[u] = UserState.engaged;
  s.worker[u] = w;
  s.agency[u] = s.workerAgency[w];
  s.workerCaseload[w]++;
  s.strength[u] = strength;
  s.trust[u] = trust;
}

/** Clear a knowledge bitset row and set exactly the given nodes. */
export function setKnowledge(bits: Uint32Array, row: number, words: number, nodes: readonly number[]): void {
  bits.fill(0, row * words, (row + 1) * words);
  for (const c of nodes) setBit(bits, row, words, c);
}

/** Nodes set in a knowledge bitset row. */
export function knownNodes(s: RunState, bits: Uint32Array, row: number): number[] {
  const words = s.pop.knowledgeWords;
  const out: number[] = [];
  for (let c = 0; c < s.pop.nodes; c++) if (bits[row * words + (c >>> 5)] & (1 << (c & 31))) out.push(c);
  return out;
}

/** Nodes an agency can reach (its localities' mainstream nodes and its own service nodes). */
export function agencyNodes(s: RunState, a: number): number[] {
  return Array.from(s.pop.agencyNodes.subarray(s.pop.agencyNodeOffsets[a], s.pop.agencyNodeOffsets[a + 1]));
}

/** Make every member of node c the same person, so any meeting there is with that person. */
export function fillNodeMembers(s: RunState, c: number, person: number): void {
  s.pop.nodeMembers.fill(person, s.pop.nodeMemberOffsets[c], s.pop.nodeMemberOffsets[c + 1]);
}

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;
const isTyped = (x: unknown): x is Typed => ArrayBuffer.isView(x) && !(x instanceof DataView);

/** Copies of every typed-array column of the state and of the tie store, and the users' tie lists. */
export function snapshot(s: RunState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (isTyped(v)) out[k] = Array.from(v);
  for (const [k, v] of Object.entries(s.ties)) if (isTyped(v)) out[`ties.${k}`] = Array.from(v.subarray(0, s.ties.size));
  out['ties.size'] = s.ties.size;
  out['ties.alive'] = s.ties.alive;
  out.userTies = s.userTies.map((l) => [...l]);
  out.tick = s.tick;
  return out;
}

/** Names of the columns that differ between two snapshots. */
export function changedColumns(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** Number of set bits of a 32-bit mask. */
export const bitCount = (x: number): number => {
  let n = 0;
  for (let m = x >>> 0; m; m &= m - 1) n++;
  return n;
};
