// The final network of one arm as a graphology Graph, the interchange view for Gephi (GEXF, GraphML)
// and for analysis. Part of output/; pure: it reads a RunState and draws no random numbers.
// Nodes: persons (residents and service users), workers, agencies and community nodes. Edges: live
// person–person ties, node memberships, worker–user partnerships, employment, and knowledge of nodes
// held by workers and by agencies (MODEL.md §2). Keys are stable ids, so the same run gives the same file.
// The graph is undirected throughout: networkx reads a GraphML or GEXF file as wholly directed or wholly
// undirected and refuses one that mixes the two, so employment and knowledge, which have a direction, say
// so in attributes (`directed`, `from_node`, `to_node`) instead of in the edge's type.
// graphology's typings describe its default export as a CommonJS namespace under NodeNext; the named
// MultiGraph class is typed and exported alike in both module formats.
import { MultiGraph } from 'graphology';
import type { RunState } from '../model/run-state.js';
import { WorkerStatus, countBits, hasBit } from '../model/run-state.js';
import { TIE_KIND_NAMES, TieFlag, USER_STATE_NAMES } from '../model/codes.js';
import { groupNames } from '../metrics/groups.js';
import { roundSignificant } from './format-number.js';

export type AttributeType = 'string' | 'boolean' | 'int' | 'double';
export type AttributeValue = string | number | boolean;
export type NetworkAttributes = Record<string, AttributeValue>;
export type NetworkGraph = MultiGraph<NetworkAttributes, NetworkAttributes, NetworkAttributes>;

/** Every node attribute the export can carry, with its type (the GraphML keys; a node may lack some). */
export const NETWORK_NODE_ATTRIBUTES: Readonly<Record<string, AttributeType>> = {
  label: 'string',
  kind: 'string',
  locality: 'int',
  cultural_group: 'string',
  position: 'string',
  prestige: 'double',
  user: 'int',
  home_agency: 'string',
  agency: 'string',
  state: 'string',
  status: 'string',
  active: 'boolean',
  lived_experience: 'boolean',
  person: 'string',
  caseload: 'int',
  knowledge: 'int',
  agency_kind: 'string',
  fidelity: 'double',
  supportiveness: 'double',
  skill_sharing: 'double',
  bureaucracy: 'double',
  node_kind: 'string',
  mainstream: 'boolean',
  accessibility: 'double',
};

/**
 * Every edge attribute the export can carry, with its type. `weight` is the strength, for Gephi. Every
 * edge has `relation` and `directed`; a directed relation (employment, knowledge) also names the node it
 * points from and the node it points to, because readers of an undirected graph need not keep an edge's
 * source and target in file order.
 */
export const NETWORK_EDGE_ATTRIBUTES: Readonly<Record<string, AttributeType>> = {
  relation: 'string',
  directed: 'boolean',
  from_node: 'string',
  to_node: 'string',
  weight: 'double',
  strength: 'double',
  trust: 'double',
  tie_kind: 'string',
  origin: 'string',
  formed_at: 'int',
  last_contact: 'int',
  outside_services: 'boolean',
  via_intervention: 'boolean',
  holder: 'string',
};

export const NETWORK_NODE_KINDS = ['resident', 'service_user', 'worker', 'agency', 'community_node'] as const;
export const NETWORK_RELATIONS = ['tie', 'membership', 'partnership', 'employment', 'knowledge'] as const;
/** The relations that point one way: employment (worker → agency) and knowledge (worker or agency → node). */
export const DIRECTED_RELATIONS: readonly (typeof NETWORK_RELATIONS)[number][] = ['employment', 'knowledge'];
const WORKER_STATUS_NAMES = ['unused', 'active', 'vacant', 'left'] as const;

export interface NetworkGraphOptions {
  /** Graph-level text for the file's metadata (e.g. scenario, arm, seed). */
  readonly description?: string;
  /** The tool that made the file, e.g. "cpi-sim 0.1.0". */
  readonly creator?: string;
  /**
   * Export only one agency's neighbourhood (agency index): its service users and their alters, its workers,
   * the agency, the community nodes it can reach and their members, and the ties among those persons.
   * Works at region scale: only the neighbourhood is put into the graph.
   */
  readonly agency?: number;
}

interface Scope {
  readonly person: (p: number) => boolean;
  readonly worker: (w: number) => boolean;
  readonly agency: (a: number) => boolean;
  readonly node: (c: number) => boolean;
}

/** Which persons, workers, agencies and nodes an export holds: everything, or one agency's neighbourhood. */
function scopeOf(s: RunState, agency: number | undefined): Scope {
  if (agency === undefined) return { person: () => true, worker: () => true, agency: () => true, node: () => true };
  const pop = s.pop;
  if (!Number.isInteger(agency) || agency < 0 || agency >= pop.agencies) throw new RangeError(`no agency ${agency}; allowed: 0 to ${pop.agencies - 1}`);
  const persons = new Uint8Array(pop.persons);
  const nodes = new Uint8Array(pop.nodes);
  for (let j = pop.agencyNodeOffsets[agency]; j < pop.agencyNodeOffsets[agency + 1]; j++) nodes[pop.agencyNodes[j]] = 1;
  for (let u = 0; u < pop.users; u++) {
    if (s.agency[u] !== agency && pop.userHomeAgency[u] !== agency) continue;
    const p = pop.userPerson[u];
    persons[p] = 1;
    for (const id of s.userTies[u]) if (s.ties.flags[id] & TieFlag.alive) persons[s.ties.other(id, p)] = 1;
    for (let j = 0; j < s.maxNodes; j++) if (s.engagedNodes[u * s.maxNodes + j] >= 0) nodes[s.engagedNodes[u * s.maxNodes + j]] = 1;
  }
  for (let c = 0; c < pop.nodes; c++)
    if (nodes[c]) for (let j = pop.nodeMemberOffsets[c]; j < pop.nodeMemberOffsets[c + 1]; j++) persons[pop.nodeMembers[j]] = 1;
  return {
    person: (p) => persons[p] === 1,
    worker: (w) => s.workerAgency[w] === agency,
    agency: (a) => a === agency,
    node: (c) => nodes[c] === 1,
  };
}

/** Node keys: p<person>, w<worker slot>, a<agency>, c<community node>. */
export const personKey = (p: number): string => `p${p}`;
export const workerKey = (w: number): string => `w${w}`;
export const agencyKey = (a: number): string => `a${a}`;
export const communityNodeKey = (c: number): string => `c${c}`;

/** Build the graph of a run state (one arm, at the tick it has reached). */
export function buildNetworkGraph(s: RunState, options: NetworkGraphOptions = {}): NetworkGraph {
  const pop = s.pop;
  const tables = s.tables;
  const words = pop.knowledgeWords;
  const agencyNames = groupNames(pop.agencies).slice(1, 1 + pop.agencies);
  const r = roundSignificant;
  const keep = scopeOf(s, options.agency);
  const graph: NetworkGraph = new MultiGraph({ type: 'undirected', allowSelfLoops: false });
  graph.replaceAttributes({
    ...(options.creator !== undefined ? { creator: options.creator } : {}),
    ...(options.description !== undefined ? { description: options.description } : {}),
  });

  // 1. Persons.
  for (let p = 0; p < pop.persons; p++) {
    if (!keep.person(p)) continue;
    const u = pop.userOf[p];
    const attrs: NetworkAttributes = {
      label: u >= 0 ? `user ${u}` : `resident ${p}`,
      kind: u >= 0 ? 'service_user' : 'resident',
      locality: pop.locality[p],
      cultural_group: tables.culturalGroups.items[pop.group[p]].name,
      position: tables.positions.items[pop.position[p]].name,
      prestige: r(pop.prestige[pop.position[p]]),
    };
    if (u >= 0) {
      attrs.user = u;
      attrs.home_agency = agencyNames[pop.userHomeAgency[u]];
      attrs.agency = agencyNames[s.agency[u]];
      attrs.state = USER_STATE_NAMES[s.state[u]];
    }
    graph.addNode(personKey(p), attrs);
  }
  // 2. Workers: every slot that has been filled (vacant and left slots show who is gone).
  for (let w = 0; w < s.workerStatus.length; w++) {
    const status = s.workerStatus[w];
    if (status === WorkerStatus.unused || !keep.worker(w)) continue;
    const attrs: NetworkAttributes = {
      label: `worker ${w}`,
      kind: 'worker',
      agency: agencyNames[s.workerAgency[w]],
      status: WORKER_STATUS_NAMES[status],
      active: status === WorkerStatus.active,
      lived_experience: s.workerLived[w] === 1,
      caseload: s.workerCaseload[w],
      knowledge: countBits(s.workerKnowledge, w, words),
    };
    if (s.workerPerson[w] >= 0) attrs.person = personKey(s.workerPerson[w]);
    graph.addNode(workerKey(w), attrs);
  }
  // 3. Agencies.
  for (let a = 0; a < pop.agencies; a++) {
    if (!keep.agency(a)) continue;
    graph.addNode(agencyKey(a), {
      label: agencyNames[a],
      kind: 'agency',
      agency_kind: tables.agencyKinds.items[pop.agencyKind[a]].name,
      fidelity: r(s.agencyFidelity[a]),
      supportiveness: r(s.agencySupportiveness[a]),
      skill_sharing: r(s.agencySkillSharing[a]),
      bureaucracy: r(s.agencyBureaucracy[a]),
      knowledge: countBits(s.agencyKnowledge, a, words),
    });
  }
  // 4. Community nodes.
  for (let c = 0; c < pop.nodes; c++) {
    if (!keep.node(c)) continue;
    const kindName = tables.nodeKinds.items[pop.nodeKind[c]].name;
    const attrs: NetworkAttributes = {
      label: `${kindName} ${c}`,
      kind: 'community_node',
      node_kind: kindName,
      mainstream: pop.nodeMainstream[c] === 1,
      locality: pop.nodeLocality[c],
      accessibility: r(pop.nodeAccessibility[c]),
    };
    if (pop.nodeAgency[c] >= 0) attrs.agency = agencyNames[pop.nodeAgency[c]];
    graph.addNode(communityNodeKey(c), attrs);
  }

  // 5. Live person–person ties, in id (formation) order.
  const t = s.ties;
  for (let id = 0; id < t.size; id++) {
    const f = t.flags[id];
    if (!(f & TieFlag.alive) || !keep.person(t.a[id]) || !keep.person(t.b[id])) continue;
    const strength = r(t.strength[id]);
    graph.addUndirectedEdgeWithKey(`t${id}`, personKey(t.a[id]), personKey(t.b[id]), {
      relation: 'tie',
      directed: false,
      weight: strength,
      strength,
      tie_kind: TIE_KIND_NAMES[t.kind[id]],
      origin: f & TieFlag.baseline ? 'existing' : f & TieFlag.viaIntervention ? 'intervention' : 'other',
      formed_at: t.formedAt[id],
      last_contact: t.lastContact[id],
      outside_services: (f & TieFlag.outsideServices) !== 0,
    });
  }
  // 6. Memberships: residents' from the population; service users' are the nodes they are engaged with now.
  for (let c = 0; c < pop.nodes; c++) {
    if (!keep.node(c)) continue;
    for (let j = pop.nodeMemberOffsets[c]; j < pop.nodeMemberOffsets[c + 1]; j++) {
      const p = pop.nodeMembers[j];
      if (pop.userOf[p] >= 0 || !keep.person(p)) continue;
      graph.addUndirectedEdgeWithKey(`m${c}-${p}`, communityNodeKey(c), personKey(p), { relation: 'membership', directed: false });
    }
  }
  for (let u = 0; u < pop.users; u++) {
    const p = pop.userPerson[u];
    if (!keep.person(p)) continue;
    for (let j = 0; j < s.maxNodes; j++) {
      const c = s.engagedNodes[u * s.maxNodes + j];
      if (c < 0 || !keep.node(c)) continue;
      graph.addUndirectedEdgeWithKey(`m${c}-${p}`, communityNodeKey(c), personKey(p), {
        relation: 'membership',
        directed: false,
        via_intervention: s.engagedVia[u * s.maxNodes + j] === 1,
      });
    }
  }
  // 7. Partnerships (worker–user pairs that are engaged now).
  for (let u = 0; u < pop.users; u++) {
    const w = s.worker[u];
    if (w < 0 || !keep.worker(w) || !keep.person(pop.userPerson[u])) continue;
    const p = pop.userPerson[u];
    const strength = r(s.strength[u]);
    graph.addUndirectedEdgeWithKey(`pw${w}-${p}`, workerKey(w), personKey(p), { relation: 'partnership', directed: false, weight: strength, strength, trust: r(s.trust[u]) });
  }
  // 8. Employment (active workers only) and knowledge of community nodes: directed relations, written as
  // undirected edges that name their direction.
  const directed = (key: string, from: string, to: string, attrs: NetworkAttributes) =>
    graph.addUndirectedEdgeWithKey(key, from, to, { relation: attrs.relation, directed: true, from_node: from, to_node: to, ...attrs });
  for (let w = 0; w < s.workerStatus.length; w++)
    if (s.workerStatus[w] === WorkerStatus.active && keep.worker(w)) directed(`e${w}-${s.workerAgency[w]}`, workerKey(w), agencyKey(s.workerAgency[w]), { relation: 'employment' });
  for (let w = 0; w < s.workerStatus.length; w++) {
    if (s.workerStatus[w] !== WorkerStatus.active || !keep.worker(w)) continue;
    for (let c = 0; c < pop.nodes; c++)
      if (keep.node(c) && hasBit(s.workerKnowledge, w, words, c)) directed(`kw${w}-${c}`, workerKey(w), communityNodeKey(c), { relation: 'knowledge', holder: 'worker' });
  }
  for (let a = 0; a < pop.agencies; a++)
    if (keep.agency(a))
      for (let c = 0; c < pop.nodes; c++)
        if (keep.node(c) && hasBit(s.agencyKnowledge, a, words, c)) directed(`ka${a}-${c}`, agencyKey(a), communityNodeKey(c), { relation: 'knowledge', holder: 'agency' });
  return graph;
}
