// users.csv: every service user of every arm at baseline and at the end, one row per
// arm × user × time, with who they are (agency, locality, cultural group, position, prestige), where they
// ended (state, fidelity band) and every per-user measure (USER_MEASURES). Part of output/; pure.
// state, agency and fidelity_band describe the end of the run and repeat on both of a user's rows.
import type { RunResult } from '../engine/run.js';
import type { RunState } from '../model/run-state.js';
import { USER_STATE_NAMES } from '../model/codes.js';
import { FIDELITY_BANDS, fidelityBand } from '../metrics/groups.js';
import { UM } from '../metrics/user-measures.js';
import { csvField, csvLine, type CsvTable } from './csv.js';
import { formatNumber } from './format-number.js';

export const USER_COLUMNS = [
  'arm',
  'user',
  'person',
  'home_agency',
  'agency',
  'locality',
  'cultural_group',
  'position',
  'prestige',
  'state',
  'fidelity_band',
  'time',
] as const;

export function buildUsersCsv(result: RunResult): CsvTable {
  const pop = result.population;
  const tables = result.scenario.tables;
  const UMn = result.userMeasures.length;
  // Agencies are named like the groups of series.csv: groups[1 + a] is agency a.
  const agencyName = (a: number) => (a >= 0 && a < pop.agencies ? result.groups[1 + a] : '');
  const parts: string[] = [csvLine([...USER_COLUMNS, ...result.userMeasures])];
  let rows = 0;
  for (const arm of result.arms) {
    const params = result.scenario.arms.find((a) => a.name === arm.name)?.params ?? result.scenario.params;
    // fidelityBand reads only the outcome thresholds of the state's parameters.
    const bandOf = (rating: number) => FIDELITY_BANDS[fidelityBand({ params } as Pick<RunState, 'params'> as RunState, rating)];
    for (let u = 0; u < pop.users; u++) {
      const p = pop.userPerson[u];
      const position = pop.position[p];
      const rating = arm.final[u * UMn + UM.fidelity_rating];
      const head = [
        arm.name,
        String(u),
        String(p),
        agencyName(pop.userHomeAgency[u]),
        agencyName(arm.finalAgency[u]),
        String(pop.locality[p]),
        tables.culturalGroups.items[pop.group[p]].name,
        tables.positions.items[position].name,
        formatNumber(pop.prestige[position]),
        USER_STATE_NAMES[arm.finalUserState[u]],
        rating === rating ? bandOf(rating) : '',
      ];
      for (const [time, values] of [['baseline', arm.baseline], ['final', arm.final]] as const) {
        const cells = head.map(csvField);
        cells.push(time);
        for (let m = 0; m < UMn; m++) cells.push(formatNumber(values[u * UMn + m]));
        parts.push(cells.join(',') + '\n');
        rows++;
      }
    }
  }
  return { text: parts.join(''), rows };
}
