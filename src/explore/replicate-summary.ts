// What the explorer shows of several runs per arm: per arm and measure the mean over the runs with the 95% t
// interval of that mean, and the paired difference B − A (each run of B against the run of A with the same
// seed: common random numbers) with its 95% interval, so an effect is told from the noise of one run. Part of
// explore/; pure and browser-safe.
import { meanConfidenceInterval } from '../analysis/stats.js';

/** One arm's (or the difference's) mean and 95% interval per measure (NaN where not measured). */
export interface MeasureBands {
  readonly mean: Float64Array;
  readonly low: Float64Array;
  readonly high: Float64Array;
}

export interface RunsSummary {
  /** Runs summarised (per arm). */
  readonly runs: number;
  /** Per arm. */
  readonly arms: readonly MeasureBands[];
  /** Last arm minus first arm, paired by run; undefined with one arm. */
  readonly difference?: MeasureBands;
}

const bands = (measures: number, value: (m: number) => ArrayLike<number>): MeasureBands => {
  const out = { mean: new Float64Array(measures), low: new Float64Array(measures), high: new Float64Array(measures) };
  for (let m = 0; m < measures; m++) {
    const xs = Array.from(value(m)).filter((x) => x === x);
    const ci = xs.length ? meanConfidenceInterval(xs) : { mean: NaN, low: NaN, high: NaN };
    out.mean[m] = ci.mean;
    // One run has no interval: its band is the run itself.
    out.low[m] = xs.length === 1 ? ci.mean : ci.low;
    out.high[m] = xs.length === 1 ? ci.mean : ci.high;
  }
  return out;
};

/** Summarise `rows[run][arm]` (each a row of measures at one week). */
export function summariseRuns(rows: ReadonlyArray<ReadonlyArray<ArrayLike<number>>>): RunsSummary {
  const runs = rows.length;
  const armCount = rows[0]?.length ?? 0;
  const measures = rows[0]?.[0]?.length ?? 0;
  const arms = Array.from({ length: armCount }, (_, a) => bands(measures, (m) => rows.map((r) => r[a][m])));
  const difference = armCount > 1 ? bands(measures, (m) => rows.map((r) => r[armCount - 1][m] - r[0][m])) : undefined;
  return { runs, arms, ...(difference ? { difference } : {}) };
}

/**
 * The difference B − A of one measure in words, per 100 people when it is a mean per person: "about 8 fewer new
 * ties per 100 people (95% interval 3 to 13 fewer); the interval does not include zero". `noun` names the unit
 * (e.g. "new ties"), `perPerson` says whether the measure is a mean per service user.
 */
export function describeDifference(d: { mean: number; low: number; high: number }, runs: number, noun: string, perPerson: boolean): string {
  if (!(d.mean === d.mean)) return `no difference can be computed yet for ${noun}`;
  const scale = perPerson ? 100 : 1;
  const round = (x: number) => {
    const v = Math.abs(x * scale);
    return v >= 10 ? Math.round(v).toString() : v >= 1 ? v.toFixed(1) : v.toPrecision(2);
  };
  const per = perPerson ? ' per 100 people' : '';
  if (runs < 2) return `B − A: ${d.mean * scale >= 0 ? '+' : '−'}${round(d.mean)} ${noun}${per} in this one run (run several to tell an effect from chance)`;
  const way = (x: number) => (x < 0 ? 'fewer' : 'more');
  const clear = d.low > 0 || d.high < 0;
  // Both ends on one side: smaller then larger, in the direction's words ("3.0 to 13 fewer").
  const [near, far] = Math.abs(d.low) <= Math.abs(d.high) ? [d.low, d.high] : [d.high, d.low];
  const range = d.low * d.high > 0 ? `${round(near)} to ${round(far)} ${way(d.mean)}` : `${round(d.low)} ${way(d.low)} to ${round(d.high)} ${way(d.high)}`;
  if (d.mean === 0 && d.low === 0 && d.high === 0) return `no difference in ${noun}: B and A are the same in every one of ${runs} runs`;
  return `about ${round(d.mean)} ${way(d.mean)} ${noun}${per} in B than in A (95% interval over ${runs} runs: ${range}); ${
    clear ? 'the interval does not include zero, so this is more than chance' : 'the interval includes zero, so chance could explain it'
  }`;
}
