// Tests for `cpi-sim run --network-out`: GEXF and GraphML exports of one arm's final network that parse,
// carry the documented node kinds and tie attributes, are byte-identical across runs, and load in networkx
// as they are (Debian's /usr/bin/python3; mandatory under CPI_SIM_E2E=1).
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf/node/index.js';
import { parse as parseGraphml } from 'graphology-graphml/node/index.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';
import { pythonAvailable, runPythonJson } from '../support/readers.js';

const root = mkdtempSync(join(tmpdir(), 'cpi-sim-network-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd: root, stderrIsTTY: false, columns: 100 };
  return { code: await main(argv, io), stdout, stderr };
}

const NODE_KINDS = ['agency', 'community_node', 'resident', 'service_user', 'worker'];

function summarise(g: MultiGraph) {
  const kinds = new Set<string>();
  const relations = new Set<string>();
  g.forEachNode((_, a) => kinds.add(a.kind));
  g.forEachEdge((_, a) => relations.add(a.relation));
  return { kinds: [...kinds].sort(), relations: [...relations].sort() };
}

describe('cpi-sim run --network-out', () => {
  it('writes a GEXF file inside the results folder that parses, lists it in the manifest, and is byte-identical across runs', async () => {
    for (const out of ['gexf-1', 'gexf-2']) {
      const r = await cli(['run', 'teaching-barriers', '--ticks', '6', '--out', out, '--network-out', join(out, 'network.gexf'), '--network-arm', 'no-barriers']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/network\.gexf \(\d+ nodes, \d+ edges\)/);
    }
    const text = readFileSync(join(root, 'gexf-1', 'network.gexf'), 'utf8');
    expect(readFileSync(join(root, 'gexf-2', 'network.gexf'), 'utf8')).toBe(text);
    const g = parseGexf(MultiGraph, text);
    expect(summarise(g)).toEqual({ kinds: NODE_KINDS, relations: ['employment', 'knowledge', 'membership', 'partnership', 'tie'] });
    const tie = g.findEdge((_, a) => a.relation === 'tie')!;
    expect(Object.keys(g.getEdgeAttributes(tie)).sort()).toEqual(
      ['directed', 'formed_at', 'last_contact', 'origin', 'outside_services', 'relation', 'strength', 'tie_kind', 'weight'].sort(),
    );
    expect(text).toContain('no-barriers');
    const manifest = JSON.parse(readFileSync(join(root, 'gexf-1', 'manifest.json'), 'utf8'));
    const entry = manifest.files.find((f: { name: string }) => f.name === 'network.gexf');
    expect(entry.nodes).toBe(g.order);
    expect(entry.edges).toBe(g.size);
    expect(manifest.deterministic).toContain('network.gexf');
  });

  it('writes a GraphML file outside the results folder that parses with typed attributes and is byte-identical across runs', async () => {
    for (const n of [1, 2]) {
      const r = await cli(['run', 'teaching-barriers', '--ticks', '6', '--out', `graphml-${n}`, '--network-out', `net-${n}.graphml`]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`Wrote net-${n}\\.graphml \\(\\d+ nodes, \\d+ edges\\)`));
      expect(readdirSync(join(root, `graphml-${n}`))).not.toContain(`net-${n}.graphml`);
    }
    const text = readFileSync(join(root, 'net-1.graphml'), 'utf8');
    expect(readFileSync(join(root, 'net-2.graphml'), 'utf8')).toBe(text);
    const g = parseGraphml(MultiGraph, text);
    expect(summarise(g).kinds).toEqual(NODE_KINDS);
    const tie = g.findEdge((_, a) => a.relation === 'tie' && a.origin === 'existing')!;
    const a = g.getEdgeAttributes(tie);
    expect(typeof a.strength).toBe('number');
    expect(typeof a.formed_at).toBe('number');
    expect(typeof a.outside_services).toBe('boolean');
    expect(['family', 'friend', 'acquaintance', 'professional']).toContain(a.tie_kind);
    const user = g.findNode((_, n) => n.kind === 'service_user')!;
    expect(g.getNodeAttributes(user)).toMatchObject({ kind: 'service_user', home_agency: expect.stringMatching(/^agency-\d\d$/) });
  });

  it('refuses to overwrite an existing network file without --force', async () => {
    const r = await cli(['run', 'teaching-barriers', '--ticks', '1', '--out', 'graphml-3', '--network-out', 'net-1.graphml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('already exists');
    expect(existsSync(join(root, 'graphml-3'))).toBe(false);
  });

  it.skipIf(!pythonAvailable(['networkx']))('writes files that networkx reads as they are: the whole network as GraphML, one agency\'s neighbourhood as GEXF', async () => {
    const whole = await cli(['run', 'teaching-barriers', '--ticks', '6', '--out', 'nx-1', '--network-out', 'nx.graphml']);
    const hood = await cli(['run', 'teaching-barriers', '--ticks', '6', '--out', 'nx-2', '--network-out', 'nx.gexf', '--network-agency', 'agency-01']);
    expect([whole.code, hood.code]).toEqual([0, 0]);
    const script = `
import json, sys, collections
import networkx as nx
out = {}
for name, g in (('graphml', nx.read_graphml(sys.argv[1])), ('gexf', nx.read_gexf(sys.argv[2]))):
    out[name] = {'directed': g.is_directed(), 'nodes': g.number_of_nodes(), 'edges': g.number_of_edges(),
                 'relations': collections.Counter(d['relation'] for _, _, d in g.edges(data=True)),
                 'directed_relations': sorted({d['relation'] for _, _, d in g.edges(data=True) if d['directed']}),
                 'strength_types': sorted({type(d['strength']).__name__ for _, _, d in g.edges(data=True) if 'strength' in d})}
print(json.dumps(out))`;
    const read = runPythonJson<Record<string, { directed: boolean; nodes: number; edges: number; relations: Record<string, number>; directed_relations: string[]; strength_types: string[] }>>(script, [
      join(root, 'nx.graphml'),
      join(root, 'nx.gexf'),
    ]);
    for (const [name, file, stdout] of [['graphml', 'nx.graphml', whole.stdout], ['gexf', 'nx.gexf', hood.stdout]] as const) {
      const [, nodes, edges] = /\((\d+) nodes, (\d+) edges\)/.exec(stdout)!;
      const text = readFileSync(join(root, file), 'utf8');
      const g = name === 'graphml' ? parseGraphml(MultiGraph, text) : parseGexf(MultiGraph, text);
      expect(read[name]).toMatchObject({ directed: false, nodes: Number(nodes), edges: Number(edges), directed_relations: ['employment', 'knowledge'], strength_types: ['float'] });
      expect(Object.keys(read[name].relations).sort()).toEqual(['employment', 'knowledge', 'membership', 'partnership', 'tie']);
      expect(read[name].relations.tie).toBe(g.filterEdges((_, a) => a.relation === 'tie').length);
    }
  });
});
