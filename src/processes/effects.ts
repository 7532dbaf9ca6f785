// Barrier effect lookups for processes. Part of processes/. An active barrier lowers each process it
// acts on by a declared fraction (MODEL.md §4); factors for every combination of active barriers are
// precomputed in run-state.ts, so a lookup is one array read.
import { EFFECT_TARGETS, type EffectTarget } from '../scenario/spec.js';
import { TARGET_INDEX, type RunState } from '../model/run-state.js';

const T = EFFECT_TARGETS.length;

/** Multiplier (0–1) that a user's active barriers leave on a process. */
export const userFactor = (s: RunState, u: number, target: EffectTarget): number =>
  s.userBarrierTable.factor[s.barriers[u] * T + TARGET_INDEX[target]];

/** Multiplier (0–1) that a worker's active barriers leave on a process; 1 when there is no worker. */
export const workerFactor = (s: RunState, w: number, target: EffectTarget): number =>
  w < 0 ? 1 : s.workerBarrierTable.factor[s.workerBarriers[w] * T + TARGET_INDEX[target]];
