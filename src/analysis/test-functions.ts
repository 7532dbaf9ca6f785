// Reference functions with known sensitivity indices, for checking the estimators in analysis/sensitivity.ts:
// the Ishigami function (Ishigami & Homma 1990, Proc. ISUMA '90, 398–403) and its analytic variance
// decomposition for inputs uniform on [−π, π] (as in Saltelli et al. 2000/2008 and Sobol' & Levitan 1999).
// Part of analysis/; pure.

/** f(x) = sin x1 + a sin² x2 + b x3⁴ sin x1. */
export function ishigami(x: readonly number[], a = 7, b = 0.1): number {
  const s1 = Math.sin(x[0]);
  const s2 = Math.sin(x[1]);
  return s1 + a * s2 * s2 + b * x[2] ** 4 * s1;
}

export interface IshigamiIndices {
  readonly variance: number;
  /** S_1, S_2, S_3. */
  readonly first: readonly [number, number, number];
  /** S_T1, S_T2, S_T3. */
  readonly total: readonly [number, number, number];
  /** S_12, S_13, S_23. */
  readonly second: readonly [number, number, number];
}

/** Analytic Sobol' indices of the Ishigami function on [−π, π]³ (a = 7, b = 0.1: S1 ≈ 0.3139, S2 ≈ 0.4424, S_T3 ≈ 0.2437). */
export function ishigamiIndices(a = 7, b = 0.1): IshigamiIndices {
  const pi4 = Math.PI ** 4;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const v13 = (8 * b * b * pi4 * pi4) / 225;
  const variance = v1 + v2 + v13;
  return {
    variance,
    first: [v1 / variance, v2 / variance, 0],
    total: [(v1 + v13) / variance, v2 / variance, v13 / variance],
    second: [0, v13 / variance, 0],
  };
}
