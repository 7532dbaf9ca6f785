// One agency's neighbourhood as a network (issue: export a chosen agency's neighbourhood of a region run
// without building a graph of the whole region): only that agency, its users and their alters, its
// workers and the nodes it can reach (with their members) are in the graph.
import { describe, expect, test } from 'vitest';
import { buildNetworkGraph, loadScenario, runScenario } from '../../src/index.js';
import { main } from '../../src/cli/main.js';

describe("an agency's neighbourhood", () => {
  const r = runScenario(loadScenario('pilot-england'), { ticks: 8, arms: ['high-fidelity'], keepState: true });
  const s = r.arms[0].state!;
  const full = buildNetworkGraph(s);
  const hood = buildNetworkGraph(s, { agency: 2 });

  test('holds one agency, its workers and its service users, and is much smaller than the whole network', () => {
    const kinds = (kind: string) => hood.filterNodes((_, a) => a.kind === kind);
    expect(kinds('agency')).toEqual(['a2']);
    expect(kinds('worker').length).toBeGreaterThan(0);
    for (const w of kinds('worker')) expect(hood.getNodeAttribute(w, 'agency')).toBe('agency-03');
    const users = kinds('service_user');
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) {
      const a = hood.getNodeAttributes(u);
      // Users of other agencies may appear only as alters or members, never as this agency's own by mistake.
      if (a.agency !== 'agency-03' && a.home_agency !== 'agency-03') expect(hood.degree(u)).toBeGreaterThan(0);
    }
    const own = s.agency.filter((a) => a === 2).length;
    expect(users.filter((u) => hood.getNodeAttribute(u, 'agency') === 'agency-03').length).toBe(own);
    expect(hood.order).toBeLessThan(full.order / 3);
  });

  test('keeps every live tie between two persons it holds, with the same attributes as the whole network', () => {
    let ties = 0;
    full.forEachEdge((key, attrs, src, dst) => {
      if (attrs.relation !== 'tie') return;
      const inside = hood.hasNode(src) && hood.hasNode(dst);
      expect(hood.hasEdge(key)).toBe(inside);
      if (inside) {
        ties++;
        expect(hood.getEdgeAttributes(key)).toEqual(attrs);
      }
    });
    expect(ties).toBeGreaterThan(100);
  });

  test('an agency that does not exist is refused', () => {
    expect(() => buildNetworkGraph(s, { agency: 14 })).toThrow(/no agency 14/);
  });

  test('the CLI refuses --network-agency without --network-out, and an unknown agency', async () => {
    const out: string[] = [];
    const io = { stdout: (x: string) => out.push(x), stderr: (x: string) => out.push(x), cwd: process.cwd(), stderrIsTTY: false, columns: 100 };
    const code1 = await main(['run', '--ticks', '1', '--network-agency', '3', '--out', '/tmp/never-written-a'], io);
    const code2 = await main(['run', '--ticks', '1', '--network-out', '/tmp/never.gexf', '--network-agency', 'agency-15', '--out', '/tmp/never-written-b'], io);
    expect(code1).toBe(1);
    expect(code2).toBe(1);
    expect(out.join('')).toMatch(/--network-agency needs --network-out/);
    expect(out.join('')).toMatch(/--network-agency agency-15: no such agency/);
  });
});
