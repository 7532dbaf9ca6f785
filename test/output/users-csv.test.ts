// Tests for output/users-csv.ts: one row per arm × user × time with the user's descriptors and measures.
import { describe, expect, it } from 'vitest';
import { buildUsersCsv, USER_COLUMNS } from '../../src/output/users-csv.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';
import { USER_MEASURES } from '../../src/metrics/user-measures.js';
import { USER_STATE_NAMES } from '../../src/model/codes.js';

describe('buildUsersCsv', () => {
  const result = runScenario(loadScenario('teaching-barriers'), { ticks: 4 });
  const { text, rows } = buildUsersCsv(result);
  const lines = text.trimEnd().split('\n');
  const header = lines[0].split(',');
  const table = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));

  it('has the descriptor columns, then time, then every user measure', () => {
    expect(header).toEqual([...USER_COLUMNS, ...USER_MEASURES]);
  });

  it('has a baseline and a final row for every user of every arm, in arm and user order', () => {
    const users = result.population.users;
    expect(rows).toBe(result.arms.length * users * 2);
    expect(table.length).toBe(rows);
    expect(table.slice(0, 4).map((r) => [r.arm, r.user, r.time])).toEqual([
      [result.arms[0].name, '0', 'baseline'],
      [result.arms[0].name, '0', 'final'],
      [result.arms[0].name, '1', 'baseline'],
      [result.arms[0].name, '1', 'final'],
    ]);
    expect(table[users * 2].arm).toBe(result.arms[1].name);
  });

  it('describes each user from the population and the scenario tables', () => {
    const pop = result.population;
    const tables = result.scenario.tables;
    const u = 3;
    const row = table[u * 2];
    const p = pop.userPerson[u];
    expect(row.person).toBe(String(p));
    expect(row.home_agency).toBe(result.groups[1 + pop.userHomeAgency[u]]);
    expect(row.home_agency).toMatch(/^agency-\d\d$/);
    expect(row.locality).toBe(String(pop.locality[p]));
    expect(row.cultural_group).toBe(tables.culturalGroups.items[pop.group[p]].name);
    expect(row.position).toBe(tables.positions.items[pop.position[p]].name);
    expect(Number(row.prestige)).toBe(pop.prestige[pop.position[p]]);
    expect(row.state).toBe(USER_STATE_NAMES[result.arms[0].finalUserState[u]]);
  });

  it('bands each user by the final fidelity rating with the scenario thresholds', () => {
    const o = result.scenario.arms[0].params.outcomes;
    for (const row of table.filter((r) => r.arm === result.arms[0].name && r.time === 'final')) {
      const rating = Number(row.fidelity_rating);
      expect(row.fidelity_band).toBe(rating >= o.fidelityHigh ? 'high' : rating >= o.fidelityModerate ? 'moderate' : 'low');
    }
  });

  it('matches the run\'s measures and leaves NaN cells empty', () => {
    const M = USER_MEASURES.length;
    const arm = result.arms[0];
    for (let u = 0; u < 5; u++) {
      for (const [time, values] of [['baseline', arm.baseline], ['final', arm.final]] as const) {
        const row = table[u * 2 + (time === 'final' ? 1 : 0)];
        USER_MEASURES.forEach((m, i) => {
          const v = values[u * M + i];
          if (Number.isNaN(v)) expect(row[m]).toBe('');
          else expect(Number(row[m])).toBeCloseTo(v, 8);
        });
      }
    }
  });
});
