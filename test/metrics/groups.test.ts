// Aggregates per group (measureGroups): "all", each agency and each fidelity band. User measures are
// means over the group's users (NaN ignored), counts add up across agencies, worker figures count active
// staff, and whole-network figures appear only when asked for. Checked on the teaching-barriers state
// against sums computed here from measureUsers' rows.
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { buildPopulation } from '../../src/model/population.js';
import { createRunState } from '../../src/model/run-state.js';
import { UserState } from '../../src/model/codes.js';
import { deriveSeed, KeyedRandom } from '../../src/rng/index.js';
import { measureUsers, USER_MEASURES, UM } from '../../src/metrics/user-measures.js';
import { measureWholeNetwork } from '../../src/metrics/whole-network.js';
import { COUNT_MEASURES, fidelityBand, GROUP_MEASURES, groupNames, measureGroups, NETWORK_MEASURES, WORKER_MEASURES } from '../../src/metrics/groups.js';

const scenario = loadScenario('teaching-barriers');
const pop = buildPopulation(scenario.params, scenario.tables, deriveSeed(scenario.seed, 'population'));
const s = createRunState(pop, scenario.arms[0].params, scenario.tables, new KeyedRandom(deriveSeed(scenario.seed, 'ticks')));
const UMn = USER_MEASURES.length;
const G = groupNames(pop.agencies).length;
const Mg = GROUP_MEASURES.length;
const at = (out: Float64Array, g: number, m: (typeof GROUP_MEASURES)[number]) => out[g * Mg + GROUP_MEASURES.indexOf(m)];

describe('group names and fidelity bands', () => {
  test('groups are all, each agency with a zero-padded number, then the three fidelity bands', () => {
    expect(groupNames(2)).toEqual(['all', 'agency-01', 'agency-02', 'fidelity-low', 'fidelity-moderate', 'fidelity-high']);
    const many = groupNames(120);
    expect(many[1]).toBe('agency-001');
    expect(many[120]).toBe('agency-120');
    expect(many).toHaveLength(1 + 120 + 3);
  });

  test('a rating falls in the band whose threshold it reaches', () => {
    const O = s.params.outcomes;
    expect(fidelityBand(s, 0)).toBe(0);
    expect(fidelityBand(s, O.fidelityModerate)).toBe(1);
    expect(fidelityBand(s, (O.fidelityModerate + O.fidelityHigh) / 2)).toBe(1);
    expect(fidelityBand(s, O.fidelityHigh)).toBe(2);
    expect(fidelityBand(s, 1)).toBe(2);
  });

  test('the group measures are the user measures, then counts, worker and network figures', () => {
    expect(GROUP_MEASURES).toEqual([...USER_MEASURES, ...COUNT_MEASURES, ...WORKER_MEASURES, ...NETWORK_MEASURES]);
  });
});

describe('measureGroups', () => {
  const rows = measureUsers(s, { clustering: true });
  // Give users different states so the counts have something to count.
  s.state[0] = UserState.engaged;
  s.state[1] = UserState.waiting;
  s.state[2] = UserState.graduated;
  const out = new Float64Array(3 + G * Mg).fill(-1);
  measureGroups(s, rows, true, out, 3);
  const table = out.subarray(3);

  test('it writes only its own block of the output', () => {
    expect([...out.subarray(0, 3)]).toEqual([-1, -1, -1]);
  });

  test('user measures of "all" and of each agency are means over that group, ignoring NaN', () => {
    for (const m of ['network_size', 'rg_total', 'extensity', 'ego_clustering', 'mainstream_share'] as const) {
      const mean = (users: number[]) => {
        const xs = users.map((u) => rows[u * UMn + UM[m]]).filter((x) => !Number.isNaN(x));
        return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
      };
      const close = (actual: number, expected: number) => (Number.isNaN(expected) ? expect(actual).toBeNaN() : expect(actual).toBeCloseTo(expected, 12));
      const all = [...Array(pop.users).keys()];
      close(at(table, 0, m), mean(all));
      for (let a = 0; a < pop.agencies; a++) close(at(table, 1 + a, m), mean(all.filter((u) => s.agency[u] === a)));
    }
    // The NaN-only measure really is NaN (no attendance yet), and the others are numbers.
    expect(at(table, 0, 'mainstream_share')).toBeNaN();
    expect(at(table, 0, 'network_size')).toBeGreaterThan(0);
  });

  test('counts of users by state add up, and agencies add up to "all"', () => {
    expect(at(table, 0, 'users')).toBe(pop.users);
    expect(at(table, 0, 'engaged')).toBe(1);
    expect(at(table, 0, 'waiting')).toBe(1);
    expect(at(table, 0, 'graduated')).toBe(1);
    expect(at(table, 0, 'not_referred')).toBe(pop.users - 3);
    let users = 0;
    for (let a = 0; a < pop.agencies; a++) users += at(table, 1 + a, 'users');
    expect(users).toBe(pop.users);
    let banded = 0;
    for (let b = 0; b < 3; b++) banded += at(table, 1 + pop.agencies + b, 'users');
    expect(banded).toBe(pop.users);
    // Nobody has a shared process yet: everyone is in the low band.
    expect(at(table, 1 + pop.agencies, 'users')).toBe(pop.users);
  });

  test('workers: every initial worker is active and "all" counts them', () => {
    expect(at(table, 0, 'workers_active')).toBe(pop.initialWorkers);
    for (let a = 0; a < pop.agencies; a++) expect(at(table, 1 + a, 'workers_active')).toBe(scenario.params.agencies.workersPerAgency);
    expect(at(table, 0, 'knowledge_lost')).toBe(0);
  });

  test('whole-network figures equal measureWholeNetwork when asked for, and are NaN otherwise', () => {
    const net = measureWholeNetwork({ persons: pop.persons, ties: s.ties, locality: pop.locality, stratum: pop.stratum });
    expect(at(table, 0, 'network_ties')).toBe(net.ties);
    expect(at(table, 0, 'network_density')).toBe(net.density);
    expect(at(table, 0, 'network_components')).toBe(net.components);
    expect(at(table, 0, 'bridging_strata')).toBe(net.bridgingStrata);
    const quiet = new Float64Array(G * Mg);
    measureGroups(s, rows, false, quiet, 0);
    for (const m of NETWORK_MEASURES) expect(at(quiet, 0, m)).toBeNaN();
  });
});
