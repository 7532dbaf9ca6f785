// Tests for output/network-export.ts and its serialisers: the final network of an arm as a graph with
// the documented node kinds, edge relations and attributes, written reproducibly as GEXF and GraphML, and
// read back, every relation with its typed attributes, by networkx and igraph (Debian's /usr/bin/python3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf/node/index.js';
import { parse as parseGraphml } from 'graphology-graphml/node/index.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { WorkerStatus, countBits } from '../../src/model/run-state.js';
import { TieFlag } from '../../src/model/codes.js';
import { TIE_KIND_NAMES } from '../../src/model/codes.js';
import {
  NETWORK_EDGE_ATTRIBUTES,
  NETWORK_NODE_ATTRIBUTES,
  NETWORK_RELATIONS,
  buildNetworkGraph,
  type AttributeType,
  type AttributeValue,
  type NetworkGraph,
} from '../../src/output/network-export.js';
import { serializeGexf } from '../../src/output/network-gexf.js';
import { serializeGraphml, escapeXml } from '../../src/output/network-graphml.js';
import { pythonAvailable, runPythonJson } from '../support/readers.js';

// The parsers build their graph with the constructor they are given.
const Graph = MultiGraph;

function finalState(seed = 7) {
  const result = runScenario(loadScenario('teaching-barriers'), { ticks: 8, seed, keepState: true });
  return result.arms[0].state!;
}

const countBy = (g: NetworkGraph, what: 'node' | 'edge', attr: string) => {
  const out: Record<string, number> = {};
  const add = (_: string, a: Record<string, unknown>) => (out[String(a[attr])] = (out[String(a[attr])] ?? 0) + 1);
  if (what === 'node') g.forEachNode(add);
  else g.forEachEdge(add);
  return out;
};

describe('buildNetworkGraph', () => {
  const s = finalState();
  const g = buildNetworkGraph(s);
  const pop = s.pop;

  it('has a node for every person, filled worker slot, agency and community node, with its kind', () => {
    const workers = Array.from(s.workerStatus).filter((x) => x !== WorkerStatus.unused).length;
    expect(countBy(g, 'node', 'kind')).toEqual({
      resident: pop.residents,
      service_user: pop.users,
      worker: workers,
      agency: pop.agencies,
      community_node: pop.nodes,
    });
    expect(g.hasNode('p0') && g.hasNode(`p${pop.persons - 1}`) && g.hasNode('w0') && g.hasNode('a0') && g.hasNode('c0')).toBe(true);
  });

  it('has one tie edge per live tie, keyed by tie id, with strength, kind, formation tick and origin', () => {
    const ties = g.filterEdges((_, a) => a.relation === 'tie');
    expect(ties.length).toBe(s.ties.alive);
    for (const key of ties) {
      const id = Number(key.slice(1));
      const a = g.getEdgeAttributes(key);
      expect(key).toBe(`t${id}`);
      expect(g.isUndirected(key)).toBe(true);
      expect(new Set(g.extremities(key))).toEqual(new Set([`p${s.ties.a[id]}`, `p${s.ties.b[id]}`]));
      expect(a.strength).toBeGreaterThan(0);
      expect(a.strength).toBeLessThanOrEqual(1);
      expect(a.weight).toBe(a.strength);
      expect(TIE_KIND_NAMES).toContain(a.tie_kind);
      expect(['existing', 'intervention', 'other']).toContain(a.origin);
      expect(a.formed_at).toBe(s.ties.formedAt[id]);
      expect(typeof a.outside_services).toBe('boolean');
      // A tie of the ordinary network that replaced a lost one is existing, but formed during the run.
      if (a.origin === 'existing' && !(s.ties.flags[id] & TieFlag.replacement)) expect(a.formed_at).toBe(0);
    }
  });

  it('links partnerships, employment and knowledge as the state holds them', () => {
    const relations = countBy(g, 'edge', 'relation');
    const engaged = Array.from(s.worker).filter((w) => w >= 0).length;
    const active = Array.from(s.workerStatus).filter((x) => x === WorkerStatus.active).length;
    let known = 0;
    for (let w = 0; w < s.workerStatus.length; w++) if (s.workerStatus[w] === WorkerStatus.active) known += countBits(s.workerKnowledge, w, pop.knowledgeWords);
    for (let a = 0; a < pop.agencies; a++) known += countBits(s.agencyKnowledge, a, pop.knowledgeWords);
    expect(relations.partnership ?? 0).toBe(engaged);
    expect(relations.employment).toBe(active);
    expect(relations.knowledge).toBe(known);
    expect(relations.membership).toBeGreaterThan(0);
    g.forEachEdge((key, a, source, target) => {
      if (a.relation === 'knowledge') {
        expect([a.directed, a.from_node, a.to_node]).toEqual([true, source, target]);
        expect(target).toMatch(/^c\d+$/);
        expect(source).toMatch(a.holder === 'worker' ? /^w\d+$/ : /^a\d+$/);
      }
      if (a.relation === 'employment') {
        expect([a.directed, a.from_node, a.to_node]).toEqual([true, source, target]);
        expect([g.getNodeAttribute(source, 'kind'), g.getNodeAttribute(target, 'kind')]).toEqual(['worker', 'agency']);
      }
      if (a.relation === 'partnership') {
        expect(source).toMatch(/^w\d+$/);
        expect(g.getNodeAttribute(target, 'kind')).toBe('service_user');
        expect(a.trust).toBeGreaterThanOrEqual(0);
      }
      if (a.relation === 'membership') expect(source).toMatch(/^c\d+$/);
    });
  });

  it('is undirected throughout, so that readers that want one edge type (networkx) take it; only employment and knowledge are marked directed', () => {
    expect(g.type).toBe('undirected');
    expect(g.directedSize).toBe(0);
    const directedRelations = new Set<string>();
    g.forEachEdge((_, a) => {
      expect(typeof a.directed).toBe('boolean');
      if (a.directed) directedRelations.add(String(a.relation));
      else expect([a.from_node, a.to_node]).toEqual([undefined, undefined]);
    });
    expect([...directedRelations].sort()).toEqual(['employment', 'knowledge']);
  });

  it('is the same graph, key for key, when built twice from one state', () => {
    const again = buildNetworkGraph(s);
    expect(again.edges()).toEqual(g.edges());
    expect(again.nodes()).toEqual(g.nodes());
  });
});

describe('GEXF and GraphML files', () => {
  it('are byte-identical for two runs of the same scenario and seed, and differ for another seed', () => {
    const one = buildNetworkGraph(finalState(7));
    const two = buildNetworkGraph(finalState(7));
    const other = buildNetworkGraph(finalState(8));
    expect(serializeGexf(two)).toBe(serializeGexf(one));
    expect(serializeGraphml(two)).toBe(serializeGraphml(one));
    expect(serializeGraphml(other)).not.toBe(serializeGraphml(one));
  });

  it('parse back into the same nodes, edges and attributes', () => {
    const g = buildNetworkGraph(finalState(), { creator: 'cpi-sim test', description: 'a "quoted" <description> & more' });
    for (const text of [serializeGexf(g), serializeGraphml(g)]) {
      const back = text.startsWith('<?xml') && text.includes('<gexf') ? parseGexf(Graph, text) : parseGraphml(Graph, text);
      expect(back.order).toBe(g.order);
      expect(back.size).toBe(g.size);
      expect(back.getNodeAttributes('p0')).toEqual(g.getNodeAttributes('p0'));
      const tie = g.edges().find((e) => g.getEdgeAttribute(e, 'relation') === 'tie')!;
      expect(back.getEdgeAttributes(tie)).toEqual(g.getEdgeAttributes(tie));
      const knowledge = g.edges().find((e) => g.getEdgeAttribute(e, 'relation') === 'knowledge')!;
      expect(back.getEdgeAttributes(knowledge)).toEqual(g.getEdgeAttributes(knowledge));
      expect(back.extremities(knowledge)).toEqual(g.extremities(knowledge));
      expect(back.isUndirected(knowledge)).toBe(true);
      expect(back.isUndirected(tie)).toBe(true);
    }
  });
});

describe('serializeGraphml', () => {
  it('declares typed keys, escapes text and marks directed edges in an undirected graph', () => {
    const g: NetworkGraph = new MultiGraph({ type: 'mixed' });
    g.addNode('x', { label: 'A & <B>', kind: 'agency', locality: 3, fidelity: 0.25, mainstream: true });
    g.addNode('y', { label: "it's", kind: 'worker' });
    g.addUndirectedEdgeWithKey('u1', 'x', 'y', { relation: 'tie', strength: 0.5, extra: 'free text' });
    g.addDirectedEdgeWithKey('d1', 'y', 'x', { relation: 'knowledge' });
    const text = serializeGraphml(g);
    expect(text).toContain('<key id="n2" for="node" attr.name="locality" attr.type="long"/>');
    expect(text).toContain('attr.name="fidelity" attr.type="double"');
    expect(text).toContain('attr.name="mainstream" attr.type="boolean"');
    expect(text).toContain('attr.name="extra" attr.type="string"');
    expect(text).toContain('A &amp; &lt;B&gt;');
    expect(text).toContain('<edge id="d1" source="y" target="x" directed="true">');
    expect(text).toContain('<edge id="u1" source="x" target="y">');
    const back = parseGraphml(Graph, text);
    expect(back.getNodeAttributes('x')).toEqual({ label: 'A & <B>', kind: 'agency', locality: 3, fidelity: 0.25, mainstream: true });
    expect(back.getEdgeAttribute('u1', 'extra')).toBe('free text');
  });

  it('escapes the five XML special characters and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('serializeGexf', () => {
  it('writes GEXF 1.2 with typed attribute columns, the label and weight as GEXF attributes, escaped text and directed edges of a mixed graph marked', () => {
    const g: NetworkGraph = new MultiGraph({ type: 'mixed' });
    g.replaceAttributes({ creator: 'cpi-sim test', description: 'a & b' });
    g.addNode('x', { label: 'A & <B>', kind: 'agency', locality: 3, fidelity: 1, mainstream: true });
    g.addNode('y', { label: "it's", kind: 'worker' });
    g.addUndirectedEdgeWithKey('u1', 'x', 'y', { relation: 'tie', weight: 0.5, strength: 0.5, extra: 'free text' });
    g.addDirectedEdgeWithKey('d1', 'y', 'x', { relation: 'knowledge' });
    const text = serializeGexf(g);
    expect(text).toContain('<gexf xmlns="http://www.gexf.net/1.2draft"');
    expect(text).toContain('<description>a &amp; b</description>');
    expect(text).toContain('<graph defaultedgetype="undirected" mode="static">');
    // Declared types win over the values: a fidelity of exactly 1 is still a double.
    expect(text).toContain('<attribute id="fidelity" title="fidelity" type="double"/>');
    expect(text).toContain('<attribute id="locality" title="locality" type="long"/>');
    expect(text).toContain('<attribute id="extra" title="extra" type="string"/>');
    expect(text).not.toContain('title="label"');
    expect(text).not.toContain('title="weight"');
    expect(text).toContain('<node id="x" label="A &amp; &lt;B&gt;">');
    expect(text).toContain('<edge id="u1" source="x" target="y" weight="0.5">');
    expect(text).toContain('<edge id="d1" source="y" target="x" type="directed">');
    const back = parseGexf(Graph, text);
    expect(back.getNodeAttributes('x')).toEqual({ label: 'A & <B>', kind: 'agency', locality: 3, fidelity: 1, mainstream: true });
    expect(back.getEdgeAttributes('u1')).toEqual({ relation: 'tie', weight: 0.5, strength: 0.5, extra: 'free text' });
    expect(back.isDirected('d1')).toBe(true);
  });
});

/** What the Python readers saw: per file, the graph class and every node and edge with each value's Python type. */
interface PythonGraph {
  readonly graph_class: string;
  readonly directed: boolean;
  readonly graph: Record<string, unknown>;
  readonly nodes: Record<string, Record<string, [AttributeValue | null, string]>>;
  readonly edges: Record<string, { ends: [string, string]; attrs: Record<string, [AttributeValue | null, string]> }>;
}

// Reads argv[1] (GraphML) and argv[2] (GEXF) with networkx, argv[1] with igraph, and prints all of it as
// JSON, each value with its Python type name (NaN, igraph's "missing" number, as null).
const READ_WITH_NETWORKX_AND_IGRAPH = `
import json, math, sys
import networkx as nx, igraph

def cell(v):
    return [None if isinstance(v, float) and math.isnan(v) else v, type(v).__name__]

def from_networkx(g):
    edges = {}
    items = g.edges(keys=True, data=True) if g.is_multigraph() else ((u, v, None, d) for u, v, d in g.edges(data=True))
    for u, v, k, d in items:
        key = d.get('id', k)
        edges[key] = {'ends': [u, v], 'attrs': {a: cell(x) for a, x in d.items() if a != 'id'}}
    return {'graph_class': type(g).__name__, 'directed': g.is_directed(), 'graph': dict(g.graph),
            'nodes': {n: {a: cell(x) for a, x in d.items()} for n, d in g.nodes(data=True)}, 'edges': edges}

def from_igraph(g):
    names = g.vs['id']
    return {'graph_class': 'igraph.Graph', 'directed': g.is_directed(), 'graph': {a: g[a] for a in g.attributes()},
            'nodes': {v['id']: {a: cell(x) for a, x in v.attributes().items() if a != 'id'} for v in g.vs},
            'edges': {e['id']: {'ends': [names[e.source], names[e.target]], 'attrs': {a: cell(x) for a, x in e.attributes().items() if a != 'id'}} for e in g.es}}

print(json.dumps({'graphml': from_networkx(nx.read_graphml(sys.argv[1])), 'gexf': from_networkx(nx.read_gexf(sys.argv[2])),
                  'igraph': from_igraph(igraph.Graph.Read_GraphML(sys.argv[1]))}))
`;

/** The Python type a declared attribute type should arrive as (igraph keeps every number as a float). */
const pythonType = (t: AttributeType, reader: 'networkx' | 'igraph'): string =>
  t === 'string' ? 'str' : t === 'boolean' ? 'bool' : t === 'double' || reader === 'igraph' ? 'float' : 'int';

describe.skipIf(!pythonAvailable(['networkx', 'igraph']))('the GraphML and GEXF files in networkx and igraph', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cpi-sim-network-readers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const g = buildNetworkGraph(finalState(), { creator: 'cpi-sim test', description: 'teaching-barriers, seed 7, tick 8' });
  let read: Record<'graphml' | 'gexf' | 'igraph', PythonGraph>;
  beforeAll(() => {
    writeFileSync(join(dir, 'n.graphml'), serializeGraphml(g));
    writeFileSync(join(dir, 'n.gexf'), serializeGexf(g));
    read = runPythonJson(READ_WITH_NETWORKX_AND_IGRAPH, [join(dir, 'n.graphml'), join(dir, 'n.gexf')]);
  });

  it('networkx reads both files as one undirected graph holding every node and edge, and igraph reads the GraphML', () => {
    for (const file of ['graphml', 'gexf', 'igraph'] as const) {
      expect(read[file].directed, file).toBe(false);
      expect(Object.keys(read[file].nodes).sort(), file).toEqual(g.nodes().sort());
      expect(Object.keys(read[file].edges).sort(), file).toEqual(g.edges().sort());
    }
    expect(read.graphml.graph).toMatchObject({ creator: 'cpi-sim test', description: 'teaching-barriers, seed 7, tick 8' });
  });

  it('every relation arrives, each edge between its two nodes with all its attributes, numbers as numbers and flags as booleans', () => {
    const relations = new Set<string>();
    for (const file of ['graphml', 'gexf', 'igraph'] as const) {
      const reader = file === 'igraph' ? 'igraph' : 'networkx';
      g.forEachEdge((key, attrs, source, target) => {
        relations.add(String(attrs.relation));
        const got = read[file].edges[key];
        expect(new Set(got.ends), `${file} ${key}`).toEqual(new Set([source, target]));
        for (const [name, value] of Object.entries(attrs)) {
          const type = NETWORK_EDGE_ATTRIBUTES[name];
          expect(got.attrs[name], `${file} edge ${key} attribute ${name}`).toEqual([value, pythonType(type, reader)]);
        }
        // networkx adds nothing; igraph gives every edge every column, the ones it lacks empty.
        if (reader === 'networkx') expect(Object.keys(got.attrs).sort(), `${file} ${key}`).toEqual(Object.keys(attrs).sort());
        else for (const [name, [v]] of Object.entries(got.attrs)) if (!(name in attrs)) expect([null, '', false], `igraph ${key} ${name}`).toContainEqual(v);
      });
    }
    expect([...relations].sort()).toEqual([...NETWORK_RELATIONS].sort());
  });

  it('every node arrives with its attributes and their types', () => {
    for (const file of ['graphml', 'gexf', 'igraph'] as const) {
      const reader = file === 'igraph' ? 'igraph' : 'networkx';
      g.forEachNode((key, attrs) => {
        const got = read[file].nodes[key];
        for (const [name, value] of Object.entries(attrs)) expect(got[name], `${file} node ${key} attribute ${name}`).toEqual([value, pythonType(NETWORK_NODE_ATTRIBUTES[name], reader)]);
        if (reader === 'networkx') expect(Object.keys(got).sort(), `${file} ${key}`).toEqual(Object.keys(attrs).sort());
      });
    }
  });

  it('employment and knowledge keep their direction in networkx: from_node and to_node rebuild the directed relations', () => {
    for (const file of ['graphml', 'gexf'] as const) {
      const directed = Object.entries(read[file].edges).filter(([, e]) => e.attrs.directed[0] === true);
      expect(directed.length).toBe(g.filterEdges((_, a) => a.relation === 'employment' || a.relation === 'knowledge').length);
      for (const [key, e] of directed) {
        expect([e.attrs.from_node[0], e.attrs.to_node[0]], `${file} ${key}`).toEqual(g.extremities(key));
        expect(new Set(e.ends)).toEqual(new Set(g.extremities(key)));
      }
    }
  });
});
