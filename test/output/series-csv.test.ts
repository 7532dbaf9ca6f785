// Tests for output/series-csv.ts: tidy long rows in a fixed order, NaN left out.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/run.js';
import { buildSeriesCsv, SERIES_COLUMNS } from '../../src/output/series-csv.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/engine/run.js';

/** A hand-built result: 2 arms, ticks 0..1, groups all/agency-01, measures a/b. */
function tinyResult(): RunResult {
  // Layout: (tick * groups + group) * measures + measure.
  const arm = (name: string, series: number[]) => ({ name, series: Float64Array.from(series) });
  return {
    ticks: 1,
    groups: ['all', 'agency-01'],
    measures: ['a', 'b'],
    arms: [arm('cpi', [1, 0.5, 2, NaN, 3, 1 / 3, 4, NaN]), arm('usual,care', [5, NaN, NaN, NaN, 6, 7, 8, 9])],
  } as unknown as RunResult;
}

describe('buildSeriesCsv', () => {
  it('writes one row per arm × tick × group × measure in that order, leaving out NaN values', () => {
    const { text, rows } = buildSeriesCsv(tinyResult());
    expect(text).toBe(
      [
        'arm,tick,group,measure,value',
        'cpi,0,all,a,1',
        'cpi,0,all,b,0.5',
        'cpi,0,agency-01,a,2',
        'cpi,1,all,a,3',
        'cpi,1,all,b,0.3333333333',
        'cpi,1,agency-01,a,4',
        '"usual,care",0,all,a,5',
        '"usual,care",1,all,a,6',
        '"usual,care",1,all,b,7',
        '"usual,care",1,agency-01,a,8',
        '"usual,care",1,agency-01,b,9',
        '',
      ].join('\n'),
    );
    expect(rows).toBe(11);
  });

  it('has as many rows as a real run has measured values', () => {
    const result = runScenario(loadScenario('teaching-barriers'), { ticks: 2 });
    const { text, rows } = buildSeriesCsv(result);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(SERIES_COLUMNS.join(','));
    let measured = 0;
    for (const arm of result.arms) for (const v of arm.series) if (!Number.isNaN(v)) measured++;
    expect(rows).toBe(measured);
    expect(lines.length).toBe(measured + 1);
    expect(lines.every((l) => l.split(',').length === 5 && !l.endsWith(','))).toBe(true);
  });
});
