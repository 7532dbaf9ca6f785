// series.csv: the per-tick group measures of a run in tidy long form, one row per
// arm × tick × group × measure (header `arm,tick,group,measure,value`). Part of output/; pure.
// Rows are sorted by arm (scenario order), tick, group (RunResult.groups order) and measure
// (RunResult.measures order); NaN values (not measured at that tick or for that group) are left out.
import type { RunResult } from '../engine/run.js';
import { csvField, type CsvTable } from './csv.js';
import { formatNumber } from './format-number.js';

export const SERIES_COLUMNS = ['arm', 'tick', 'group', 'measure', 'value'] as const;

export function buildSeriesCsv(result: RunResult): CsvTable {
  const G = result.groups.length;
  const M = result.measures.length;
  const groups = result.groups.map(csvField);
  const measures = result.measures.map(csvField);
  const parts: string[] = [SERIES_COLUMNS.join(',') + '\n'];
  let rows = 0;
  for (const arm of result.arms) {
    const name = csvField(arm.name);
    for (let t = 0; t <= result.ticks; t++) {
      for (let g = 0; g < G; g++) {
        const prefix = `${name},${t},${groups[g]},`;
        const base = (t * G + g) * M;
        for (let m = 0; m < M; m++) {
          const v = arm.series[base + m];
          if (v !== v) continue;
          parts.push(prefix + measures[m] + ',' + formatNumber(v) + '\n');
          rows++;
        }
      }
    }
  }
  return { text: parts.join(''), rows };
}
