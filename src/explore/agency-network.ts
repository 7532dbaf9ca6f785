// One agency's corner of the network, as the explorer draws it: the agency's referred service users, its
// workers, the community nodes its users attend, and the users' alters; ties coloured by origin (present at
// baseline, formed through the intervention, formed otherwise, lost), partnerships and attendance.
// Part of explore/: a pure reader of a RunState (measure*), browser-safe. Positions are a fixed, seedless
// layout (rings around the agency's workers) so that both arms draw the same person in the same place.
import type { RunState } from '../model/run-state.js';
import { WorkerStatus } from '../model/run-state.js';
import { TieFlag, UserState } from '../model/codes.js';
import { mix32 } from '../rng/index.js';

export const NETWORK_NODE_KINDS = ['user', 'worker', 'peerWorker', 'communityNode', 'serviceNode', 'person'] as const;
export type NetworkNodeKind = (typeof NETWORK_NODE_KINDS)[number];
export const NETWORK_EDGE_KINDS = ['existing', 'intervention', 'new', 'lost', 'partnership', 'attendance'] as const;
export type NetworkEdgeKind = (typeof NETWORK_EDGE_KINDS)[number];

export interface NetworkNode {
  /** `p<person>` for people (service users and their alters), `w<slot>` for workers, `n<node>` for community nodes. */
  readonly key: string;
  readonly kind: NetworkNodeKind;
  readonly label: string;
  /** Where the node goes when it first appears (the view keeps a node where it first put it). */
  readonly x: number;
  readonly y: number;
}

export interface NetworkEdge {
  /** `t<tie id>` for person–person ties, `w<slot>-p<person>` for partnerships, `n<node>-p<person>` for attendance. */
  readonly key: string;
  readonly source: string;
  readonly target: string;
  readonly kind: NetworkEdgeKind;
}

export interface AgencyNetwork {
  readonly agency: number;
  readonly tick: number;
  readonly nodes: readonly NetworkNode[];
  readonly edges: readonly NetworkEdge[];
  /** Edges of each kind (ties by origin, partnerships, attendance). */
  readonly counts: Readonly<Record<NetworkEdgeKind, number>>;
  /** Service users shown (referred to the agency by now) and all users of the agency. */
  readonly users: number;
  readonly usersTotal: number;
}

/** A uniform in [0, 1) from an integer key: layout jitter that never touches the run's random streams. */
const unit = (key: number, salt: number): number => (mix32((key ^ Math.imul(salt, 0x9e3779b9)) >>> 0) >>> 0) / 4294967296;
const polar = (r: number, angle: number) => ({ x: r * Math.cos(angle), y: r * Math.sin(angle) });

/**
 * The agency's network at the state's current tick. Users belong to the agency that first received their
 * referral (so they keep their place if they re-enter elsewhere) and appear once referred.
 * Stages: (1) the agency's users and workers, (2) partnerships and attendance, (3) every tie touching a shown
 * user, alive (by origin) or dissolved (lost), with the alters at its other end.
 */
export function measureAgencyNetwork(s: RunState, agency: number): AgencyNetwork {
  const pop = s.pop;
  const nodes: NetworkNode[] = [];
  const edges: NetworkEdge[] = [];
  const counts: Record<NetworkEdgeKind, number> = { existing: 0, intervention: 0, new: 0, lost: 0, partnership: 0, attendance: 0 };
  const edge = (key: string, source: string, target: string, kind: NetworkEdgeKind) => {
    edges.push({ key, source, target, kind });
    counts[kind]++;
  };

  // 1. Users of the agency on the outer ring, in user order (every user has a fixed angle from the start).
  const agencyUsers: number[] = [];
  let shown = 0;
  for (let u = 0; u < pop.users; u++) if (pop.userHomeAgency[u] === agency) agencyUsers.push(u);
  const angleOf = new Map<number, number>();
  // Persons drawn so far (1) and shown users among them (2): typed flags, as the tie scan below asks per tie.
  const person = new Uint8Array(pop.persons);
  const SEEN = 1;
  const SHOWN = 2;
  agencyUsers.forEach((u, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, agencyUsers.length);
    const p = pop.userPerson[u];
    angleOf.set(p, angle);
    if (s.state[u] === UserState.notReferred) return;
    person[p] = SEEN | SHOWN;
    shown++;
    nodes.push({ key: `p${p}`, kind: 'user', label: `service user ${u + 1}`, ...polar(1, angle) });
  });
  const workers: number[] = [];
  for (let w = 0; w < s.workerStatus.length; w++) if (s.workerStatus[w] === WorkerStatus.active && s.workerAgency[w] === agency) workers.push(w);
  workers.forEach((w, i) => {
    const lived = s.workerLived[w] === 1;
    nodes.push({
      key: `w${w}`,
      kind: lived ? 'peerWorker' : 'worker',
      label: `${lived ? 'peer worker' : 'worker'} ${w + 1}`,
      ...polar(workers.length > 1 ? 0.18 : 0, (2 * Math.PI * i) / Math.max(1, workers.length) + 0.3),
    });
  });
  const activeWorker = new Set(workers);

  // 2. Partnerships (with this agency's workers) and the community nodes users are engaged with.
  const seenNode = new Set<number>();
  for (const u of agencyUsers) {
    const p = pop.userPerson[u];
    if (!(person[p] & SHOWN)) continue;
    const w = s.worker[u];
    if (w >= 0 && activeWorker.has(w) && s.state[u] === UserState.engaged) edge(`w${w}-p${p}`, `w${w}`, `p${p}`, 'partnership');
    for (let j = 0; j < s.maxNodes; j++) {
      const c = s.engagedNodes[u * s.maxNodes + j];
      if (c < 0) continue;
      if (!seenNode.has(c)) {
        seenNode.add(c);
        const mainstream = pop.nodeMainstream[c] === 1;
        nodes.push({
          key: `n${c}`,
          kind: mainstream ? 'communityNode' : 'serviceNode',
          label: `${mainstream ? 'community node' : 'service-based node'} ${c + 1}`,
          ...polar(0.55 + 0.12 * unit(c, 1), 2 * Math.PI * unit(c, 2)),
        });
      }
      edge(`n${c}-p${p}`, `n${c}`, `p${p}`, 'attendance');
    }
  }

  // 3. Ties touching a shown user; the alter sits outside the user it was first met through.
  const t = s.ties;
  for (let id = 0; id < t.size; id++) {
    const a = t.a[id];
    const b = t.b[id];
    if (!((person[a] | person[b]) & SHOWN)) continue;
    for (const [alter, user] of [
      [a, b],
      [b, a],
    ] as const) {
      if (person[alter] & SEEN || !(person[user] & SHOWN)) continue;
      person[alter] = SEEN;
      const base = angleOf.get(user) ?? 0;
      const spread = (2 * Math.PI) / Math.max(6, agencyUsers.length);
      const angle = base + (unit(alter, 3) - 0.5) * spread;
      const otherUser = pop.userOf[alter];
      nodes.push({
        key: `p${alter}`,
        kind: 'person',
        label: otherUser >= 0 ? `service user ${otherUser + 1} (another agency or not yet referred)` : `resident ${alter + 1}`,
        ...polar(1.35 + 0.45 * unit(alter, 4), angle),
      });
    }
    const f = t.flags[id];
    const kind: NetworkEdgeKind = !(f & TieFlag.alive) ? 'lost' : f & TieFlag.baseline ? 'existing' : f & TieFlag.viaIntervention ? 'intervention' : 'new';
    edge(`t${id}`, `p${a}`, `p${b}`, kind);
  }
  return { agency, tick: s.tick, nodes, edges, counts, users: shown, usersTotal: agencyUsers.length };
}
