// Aggregate measures per group (MODEL.md §5): all users, each agency and each fidelity band, plus
// flows, worker and agency knowledge, and whole-network figures. Part of metrics/: pure readers.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, countBits } from '../model/run-state.js';
import { USER_MEASURES, UM } from './user-measures.js';
import { measureWholeNetwork } from './whole-network.js';

export const COUNT_MEASURES = ['users', 'not_referred', 'waiting', 'engaged', 'paused', 'graduated', 'dropped_out', 'peer_workers'] as const;
export const WORKER_MEASURES = ['workers_active', 'worker_knowledge', 'agency_knowledge', 'knowledge_lost', 'worker_leavers', 'networking_hours'] as const;
export const NETWORK_MEASURES = ['network_ties', 'network_density', 'network_components', 'largest_component_share', 'bridging_locality', 'bridging_strata'] as const;
/** Every measure of the per-tick series, in column order. User measures are means over the group's users. */
export const GROUP_MEASURES = [...USER_MEASURES, ...COUNT_MEASURES, ...WORKER_MEASURES, ...NETWORK_MEASURES] as const;
export type GroupMeasure = (typeof GROUP_MEASURES)[number];

export const FIDELITY_BANDS = ['low', 'moderate', 'high'] as const;

/** Group names of a run: all, agency-01…, fidelity-low/moderate/high. */
export function groupNames(agencies: number): string[] {
  const width = String(agencies).length < 2 ? 2 : String(agencies).length;
  return ['all', ...Array.from({ length: agencies }, (_, a) => `agency-${String(a + 1).padStart(width, '0')}`), ...FIDELITY_BANDS.map((b) => `fidelity-${b}`)];
}

export function fidelityBand(s: Pick<RunState, 'params'>, rating: number): number {
  const O = s.params.outcomes;
  return rating >= O.fidelityHigh ? 2 : rating >= O.fidelityModerate ? 1 : 0;
}

/**
 * One tick's group table: groups × GROUP_MEASURES values written into `out` at `offset`.
 * `userRows` are this tick's measureUsers rows; `wholeNetwork` says whether to compute the network figures.
 */
export function measureGroups(s: RunState, userRows: Float64Array, wholeNetwork: boolean, out: Float64Array, offset: number): void {
  const pop = s.pop;
  const A = pop.agencies;
  const G = 1 + A + FIDELITY_BANDS.length;
  const M = GROUP_MEASURES.length;
  const UMn = USER_MEASURES.length;
  const sums = new Float64Array(G * UMn);
  const ns = new Float64Array(G * UMn);
  const counts = new Float64Array(G * COUNT_MEASURES.length);
  const groupsOf = [0, 0, 0];
  for (let u = 0; u < pop.users; u++) {
    groupsOf[0] = 0;
    groupsOf[1] = 1 + s.agency[u];
    groupsOf[2] = 1 + A + fidelityBand(s, userRows[u * UMn + UM.fidelity_rating]);
    const st = s.state[u];
    for (const g of groupsOf) {
      for (let m = 0; m < UMn; m++) {
        const v = userRows[u * UMn + m];
        if (v === v) {
          sums[g * UMn + m] += v;
          ns[g * UMn + m]++;
        }
      }
      const c = g * COUNT_MEASURES.length;
      counts[c]++;
      counts[c + 1 + st]++;
      if (s.peerWorkerOf[u] >= 0) counts[c + 7]++;
    }
  }
  out.fill(NaN, offset, offset + G * M);
  for (let g = 0; g < G; g++) {
    const base = offset + g * M;
    for (let m = 0; m < UMn; m++) out[base + m] = ns[g * UMn + m] > 0 ? sums[g * UMn + m] / ns[g * UMn + m] : NaN;
    for (let k = 0; k < COUNT_MEASURES.length; k++) out[base + UMn + k] = counts[g * COUNT_MEASURES.length + k];
  }
  // Workers and agencies: for "all" and each agency group.
  const words = pop.knowledgeWords;
  const wActive = new Float64Array(A);
  const wKnow = new Float64Array(A);
  const wHours = new Float64Array(A);
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active) continue;
    const a = s.workerAgency[w];
    wActive[a]++;
    wKnow[a] += countBits(s.workerKnowledge, w, words);
    wHours[a] += s.workerNetworkingHours[w];
  }
  const W0 = UMn + COUNT_MEASURES.length;
  let tA = 0;
  let tK = 0;
  let tH = 0;
  let tAg = 0;
  let tLost = 0;
  let tLeft = 0;
  for (let a = 0; a < A; a++) {
    const base = offset + (1 + a) * M + W0;
    const ak = countBits(s.agencyKnowledge, a, words);
    out[base] = wActive[a];
    out[base + 1] = wActive[a] > 0 ? wKnow[a] / wActive[a] : NaN;
    out[base + 2] = ak;
    out[base + 3] = s.agencyKnowledgeLost[a];
    out[base + 4] = s.agencyLeavers[a];
    out[base + 5] = wActive[a] > 0 ? wHours[a] / wActive[a] : NaN;
    tA += wActive[a];
    tK += wKnow[a];
    tH += wHours[a];
    tAg += ak;
    tLost += s.agencyKnowledgeLost[a];
    tLeft += s.agencyLeavers[a];
  }
  const all = offset + W0;
  out[all] = tA;
  out[all + 1] = tA > 0 ? tK / tA : NaN;
  out[all + 2] = tAg / A;
  out[all + 3] = tLost;
  out[all + 4] = tLeft;
  out[all + 5] = tA > 0 ? tH / tA : NaN;
  if (wholeNetwork) {
    const net = measureWholeNetwork({ persons: pop.persons, ties: s.ties, locality: pop.locality, stratum: pop.stratum });
    const n0 = all + WORKER_MEASURES.length;
    out[n0] = net.ties;
    out[n0 + 1] = net.density;
    out[n0 + 2] = net.components;
    out[n0 + 3] = net.largestComponentShare;
    out[n0 + 4] = net.bridgingLocality;
    out[n0 + 5] = net.bridgingStrata;
  }
}
