// One agency's network as the explorer draws it (src/explore/agency-network.ts), checked against the run
// state it reads: exactly the agency's referred users and active workers; every tie touching a shown user,
// coloured by its flags (existing at baseline, via the intervention, other new, lost); partnerships and
// attendance; a seedless layout that puts the same person in the same place in both arms.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/index.js';
import { ExplorerRun } from '../../src/explore/explorer-run.js';
import { measureAgencyNetwork, type AgencyNetwork } from '../../src/explore/agency-network.js';
import { TieFlag, UserState } from '../../src/model/codes.js';
import { WorkerStatus, type RunState } from '../../src/model/run-state.js';

const run = new ExplorerRun(loadScenario('teaching-barriers'), { ticks: 26 });
while (run.advance());
const [withBarriers, noBarriers] = run.arms.map((a) => a.state);

function expectMatchesState(s: RunState, n: AgencyNetwork, agency: number): void {
  const pop = s.pop;
  const keys = new Set(n.nodes.map((x) => x.key));
  expect(keys.size).toBe(n.nodes.length);
  // Users: the agency's referred users, by home agency.
  const users = [...Array(pop.users).keys()].filter((u) => pop.userHomeAgency[u] === agency && s.state[u] !== UserState.notReferred);
  expect(n.nodes.filter((x) => x.kind === 'user').map((x) => x.key).sort()).toEqual(users.map((u) => `p${pop.userPerson[u]}`).sort());
  expect(n.users).toBe(users.length);
  expect(n.usersTotal).toBe([...Array(pop.users).keys()].filter((u) => pop.userHomeAgency[u] === agency).length);
  // Workers: active, of this agency.
  const workers = [...Array(s.workerStatus.length).keys()].filter((w) => s.workerStatus[w] === WorkerStatus.active && s.workerAgency[w] === agency);
  expect(n.nodes.filter((x) => x.kind === 'worker' || x.kind === 'peerWorker').map((x) => x.key).sort()).toEqual(workers.map((w) => `w${w}`).sort());
  // Ties: every tie in the store touching a shown user, with its origin from the flags.
  const shown = new Set(users.map((u) => pop.userPerson[u]));
  const expected = new Map<string, string>();
  for (let id = 0; id < s.ties.size; id++) {
    if (!shown.has(s.ties.a[id]) && !shown.has(s.ties.b[id])) continue;
    const f = s.ties.flags[id];
    expected.set(`t${id}`, !(f & TieFlag.alive) ? 'lost' : f & TieFlag.baseline ? 'existing' : f & TieFlag.viaIntervention ? 'intervention' : 'new');
  }
  const ties = n.edges.filter((e) => e.key.startsWith('t'));
  expect(new Map(ties.map((e) => [e.key, e.kind]))).toEqual(expected);
  // Partnerships: engaged users with one of the agency's workers.
  const partnerships = users.filter((u) => s.state[u] === UserState.engaged && workers.includes(s.worker[u]));
  expect(n.counts.partnership).toBe(partnerships.length);
  // Attendance: every engaged node of every shown user.
  let attendance = 0;
  for (const u of users) for (let j = 0; j < s.maxNodes; j++) if (s.engagedNodes[u * s.maxNodes + j] >= 0) attendance++;
  expect(n.counts.attendance).toBe(attendance);
  // Every edge joins two drawn nodes; counts add up.
  for (const e of n.edges) {
    expect(keys.has(e.source), e.key).toBe(true);
    expect(keys.has(e.target), e.key).toBe(true);
  }
  expect(Object.values(n.counts).reduce((a, b) => a + b, 0)).toBe(n.edges.length);
  expect(n.tick).toBe(s.tick);
}

describe('measureAgencyNetwork', () => {
  test.each([0, 1])('agency %i at the end of a run holds exactly what the run state holds', (agency) => {
    for (const s of [withBarriers, noBarriers]) expectMatchesState(s, measureAgencyNetwork(s, agency), agency);
  });

  test('after the pilot’s nine months ties of every origin are there: existing, via the intervention, other new and lost', () => {
    const pilot = new ExplorerRun(loadScenario('pilot-england'));
    while (pilot.advance());
    const all = pilot.arms.flatMap((arm) => [...Array(pilot.population.agencies).keys()].map((a) => measureAgencyNetwork(arm.state, a)));
    for (const kind of ['existing', 'intervention', 'new', 'lost', 'partnership', 'attendance'] as const)
      expect(all.reduce((sum, n) => sum + n.counts[kind], 0), kind).toBeGreaterThan(0);
    expectMatchesState(pilot.arms[0].state, all[0], 0);
  });

  test('at week 0 only users referred in week 0 are drawn, with their baseline ties only', () => {
    const fresh = new ExplorerRun(loadScenario('teaching-barriers'), { ticks: 1 });
    const n = measureAgencyNetwork(fresh.arms[0].state, 0);
    expectMatchesState(fresh.arms[0].state, n, 0);
    expect(n.users).toBeLessThan(n.usersTotal);
    expect(n.counts.intervention + n.counts.new + n.counts.lost + n.counts.partnership).toBe(0);
  });

  test('the same person is drawn in the same place in both arms, and positions stay within the frame', () => {
    const a = new Map(measureAgencyNetwork(withBarriers, 0).nodes.map((x) => [x.key, x]));
    const b = measureAgencyNetwork(noBarriers, 0).nodes;
    let shared = 0;
    for (const node of b) {
      const other = a.get(node.key);
      if (!other) continue;
      shared++;
      if (node.kind === 'user' || node.kind === 'communityNode' || node.kind === 'serviceNode') expect([node.x, node.y]).toEqual([other.x, other.y]);
    }
    expect(shared).toBeGreaterThan(100);
    for (const node of b) expect(Math.hypot(node.x, node.y)).toBeLessThanOrEqual(1.81);
  });
});
