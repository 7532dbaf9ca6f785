// Tests for output/network-export.ts and its serialisers: the final network of an arm as a graph with
// the documented node kinds, edge relations and attributes, written reproducibly as GEXF and GraphML.
import { describe, expect, it } from 'vitest';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf/node/index.js';
import { parse as parseGraphml } from 'graphology-graphml/node/index.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { WorkerStatus, countBits } from '../../src/model/run-state.js';
import { TIE_KIND_NAMES } from '../../src/model/codes.js';
import { buildNetworkGraph, type NetworkGraph } from '../../src/output/network-export.js';
import { serializeGexf } from '../../src/output/network-gexf.js';
import { serializeGraphml, escapeXml } from '../../src/output/network-graphml.js';

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
      if (a.origin === 'existing') expect(a.formed_at).toBe(0);
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
        expect(g.isDirected(key)).toBe(true);
        expect(target).toMatch(/^c\d+$/);
        expect(source).toMatch(a.holder === 'worker' ? /^w\d+$/ : /^a\d+$/);
      }
      if (a.relation === 'partnership') {
        expect(source).toMatch(/^w\d+$/);
        expect(g.getNodeAttribute(target, 'kind')).toBe('service_user');
        expect(a.trust).toBeGreaterThanOrEqual(0);
      }
      if (a.relation === 'membership') expect(source).toMatch(/^c\d+$/);
    });
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
      expect(back.isDirected(knowledge)).toBe(true);
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
