// Tests for `cpi-sim run --network-out`: GEXF and GraphML exports of one arm's final network that parse,
// carry the documented node kinds and tie attributes, and are byte-identical across runs.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf/node/index.js';
import { parse as parseGraphml } from 'graphology-graphml/node/index.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/cli-io.js';

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
      ['formed_at', 'last_contact', 'origin', 'outside_services', 'relation', 'strength', 'tie_kind', 'weight'].sort(),
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
});
