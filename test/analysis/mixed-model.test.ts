// The random-intercept mixed model of analysis/mixed-model.ts against lmerTest 3.1 (lme4 1.1, R 4.2.2) with
// REML and Satterthwaite's df (Kuznetsova et al. 2017): textbook data shipped with R (nlme's Orthodont,
// lme4's sleepstudy, Dyestuff and Dyestuff2) and small unbalanced trial designs generated in R and listed
// here as literals; then the balanced closed forms (ANOVA mean squares; the cluster-means t-test).
// The reference values were printed by the R script at the end of this file; R is not needed to run it.
import { describe, expect, test } from 'vitest';
import { clusterSummaryTest } from '../../src/analysis/cluster-analysis.js';
import { fitRandomInterceptModel, fixedEffectsDesign, testContrast, type RandomInterceptFit } from '../../src/analysis/mixed-model.js';

/** |actual − expected| ≤ tol · |expected|. */
function expectRel(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tol * Math.abs(expected));
}

interface Reference {
  readonly beta: readonly number[];
  readonly se: readonly number[];
  readonly df: readonly number[];
  readonly t: readonly number[];
  readonly p: readonly number[];
  readonly sigma2Cluster: number;
  readonly sigma2Residual: number;
  readonly remlCriterion: number;
}

/** Every coefficient's estimate, SE, Satterthwaite df, t and p, the variance components and REMLcrit. */
function expectMatches(fit: RandomInterceptFit, ref: Reference, tol = 1e-6): void {
  expect(fit.beta.length).toBe(ref.beta.length);
  for (let k = 0; k < ref.beta.length; k++) {
    const L = new Float64Array(ref.beta.length);
    L[k] = 1;
    const test = testContrast(fit, L);
    expectRel(fit.beta[k], ref.beta[k], tol);
    expectRel(fit.standardErrors[k], ref.se[k], tol);
    expectRel(test.df, ref.df[k], tol);
    expectRel(test.t, ref.t[k], tol);
    expectRel(test.p, ref.p[k], 10 * tol);
  }
  if (ref.sigma2Cluster < 1e-10) {
    expect(fit.boundary).toBe(true);
    expect(fit.sigma2Cluster).toBe(0);
  } else {
    expect(fit.boundary).toBe(false);
    expectRel(fit.sigma2Cluster, ref.sigma2Cluster, tol);
  }
  expectRel(fit.sigma2Residual, ref.sigma2Residual, tol);
  expectRel(fit.remlCriterion, ref.remlCriterion, 1e-8);
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));
const ones = (n: number): number[] => range(n, () => 1);

// ---------------------------------------------------------------------------------------------------------
// Textbook data: the values of R's data sets, in R's row order (the R script checks that order).

/** nlme::Orthodont$distance: 27 subjects (16 boys, then 11 girls) at ages 8, 10, 12, 14. */
const ORTHODONT_DISTANCE = [
  26.0, 25.0, 29.0, 31.0, 21.5, 22.5, 23.0, 26.5, 23.0, 22.5, 24.0, 27.5, 25.5, 27.5, 26.5, 27.0, 20.0, 23.5,
  22.5, 26.0, 24.5, 25.5, 27.0, 28.5, 22.0, 22.0, 24.5, 26.5, 24.0, 21.5, 24.5, 25.5, 23.0, 20.5, 31.0, 26.0,
  27.5, 28.0, 31.0, 31.5, 23.0, 23.0, 23.5, 25.0, 21.5, 23.5, 24.0, 28.0, 17.0, 24.5, 26.0, 29.5, 22.5, 25.5,
  25.5, 26.0, 23.0, 24.5, 26.0, 30.0, 22.0, 21.5, 23.5, 25.0, 21.0, 20.0, 21.5, 23.0, 21.0, 21.5, 24.0, 25.5,
  20.5, 24.0, 24.5, 26.0, 23.5, 24.5, 25.0, 26.5, 21.5, 23.0, 22.5, 23.5, 20.0, 21.0, 21.0, 22.5, 21.5, 22.5,
  23.0, 25.0, 23.0, 23.0, 23.5, 24.0, 20.0, 21.0, 22.0, 21.5, 16.5, 19.0, 19.0, 19.5, 24.5, 25.0, 28.0, 28.0
];
/** lme4::sleepstudy$Reaction: 18 subjects, days 0 … 9. */
const SLEEPSTUDY_REACTION = [
  249.5600, 258.7047, 250.8006, 321.4398, 356.8519, 414.6901, 382.2038, 290.1486, 430.5853, 466.3535, 222.7339,
  205.2658, 202.9778, 204.7070, 207.7161, 215.9618, 213.6303, 217.7272, 224.2957, 237.3142, 199.0539, 194.3322,
  234.3200, 232.8416, 229.3074, 220.4579, 235.4208, 255.7511, 261.0125, 247.5153, 321.5426, 300.4002, 283.8565,
  285.1330, 285.7973, 297.5855, 280.2396, 318.2613, 305.3495, 354.0487, 287.6079, 285.0000, 301.8206, 320.1153,
  316.2773, 293.3187, 290.0750, 334.8177, 293.7469, 371.5811, 234.8606, 242.8118, 272.9613, 309.7688, 317.4629,
  309.9976, 454.1619, 346.8311, 330.3003, 253.8644, 283.8424, 289.5550, 276.7693, 299.8097, 297.1710, 338.1665,
  332.0265, 348.8399, 333.3600, 362.0428, 265.4731, 276.2012, 243.3647, 254.6723, 279.0244, 284.1912, 305.5248,
  331.5229, 335.7469, 377.2990, 241.6083, 273.9472, 254.4907, 270.8021, 251.4519, 254.6362, 245.4523, 235.3110,
  235.7541, 237.2466, 312.3666, 313.8058, 291.6112, 346.1222, 365.7324, 391.8385, 404.2601, 416.6923, 455.8643,
  458.9167, 236.1032, 230.3167, 238.9256, 254.9220, 250.7103, 269.7744, 281.5648, 308.1020, 336.2806, 351.6451,
  256.2968, 243.4543, 256.2046, 255.5271, 268.9165, 329.7247, 379.4445, 362.9184, 394.4872, 389.0527, 250.5265,
  300.0576, 269.8939, 280.5891, 271.8274, 304.6336, 287.7466, 266.5955, 321.5418, 347.5655, 221.6771, 298.1939,
  326.8785, 346.8555, 348.7402, 352.8287, 354.4266, 360.4326, 375.6406, 388.5417, 271.9235, 268.4369, 257.2424,
  277.6566, 314.8222, 317.2135, 298.1353, 348.1229, 340.2800, 366.5131, 225.2640, 234.5235, 238.9008, 240.4730,
  267.5373, 344.1937, 281.1481, 347.5855, 365.1630, 372.2288, 269.8804, 272.4428, 277.8989, 281.7895, 279.1705,
  284.5120, 259.2658, 304.6306, 350.7807, 369.4692, 269.4117, 273.4740, 297.5968, 310.6316, 287.1726, 329.6076,
  334.4818, 343.2199, 369.1417, 364.1236
];
/** lme4::Dyestuff$Yield and Dyestuff2$Yield: 6 batches of 5. */
const DYESTUFF_YIELD = [
  1545, 1440, 1440, 1520, 1580, 1540, 1555, 1490, 1560, 1495, 1595, 1550, 1605, 1510, 1560, 1445, 1440, 1595,
  1465, 1545, 1595, 1630, 1515, 1635, 1625, 1520, 1455, 1450, 1480, 1445
];
const DYESTUFF2_YIELD = [
  7.298, 3.846, 2.434, 9.566, 7.990, 5.220, 6.556, 0.608, 11.788, -0.892, 0.110, 10.386, 13.434, 5.510, 8.166,
  2.212, 4.852, 7.092, 9.288, 4.980, 0.282, 9.014, 4.458, 9.446, 7.198, 1.722, 4.782, 8.106, 0.758, 3.758
];

// ---------------------------------------------------------------------------------------------------------
// Generated unbalanced trial designs (R, set.seed as in the script; rounded to 2 decimals).

/** Cluster-randomised: 10 clusters of sizes 1, 3, 6, 2, 9, 4, 7, 1, 5, 8 (two singletons), arm by cluster. */
const CR_CLUSTER = [
  1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 8, 9, 9, 9, 9,
  9, 10, 10, 10, 10, 10, 10, 10, 10
];
const CR_ARM = [
  0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
  0, 1, 1, 1, 1, 1, 1, 1, 1
];
const CR_BASELINE = [
  13.69, 10.22, 8.51, 13.32, 11.44, 6.67, 11.15, 10.95, 8.91, 12.26, 6.70, 9.37, 9.63, 12.94, 8.27, 13.05, 12.11,
  12.06, 11.68, 10.43, 8.65, 10.27, 9.86, 8.11, 7.96, 10.56, 11.09, 10.26, 10.56, 9.41, 7.35, 14.13, 10.48, 9.30,
  8.74, 10.57, 10.24, 11.13, 11.14, 9.82, 10.46, 11.51, 11.73, 11.68, 6.47, 11.37
];
const CR_Y = [
  15.36, 8.20, 16.24, 10.80, 11.83, 11.04, 12.98, 11.04, 10.63, 13.22, 3.37, 4.66, 15.24, 14.12, 10.22, 14.97,
  16.50, 14.73, 16.06, 14.03, 8.96, 6.95, 8.45, 9.76, 10.94, 9.94, 10.47, 6.79, 7.50, 6.89, 7.81, 9.30, 13.72,
  7.58, 10.66, 13.47, 8.44, 14.25, 14.01, 9.93, 13.76, 14.28, 11.68, 16.00, 13.90, 14.03
];
/** The same design with a smaller cluster variance: REML puts σ²_u on its bound. */
const CRB_Y = [
  14.89, 8.32, 16.37, 10.92, 10.74, 9.95, 11.89, 9.94, 9.53, 12.12, 4.81, 6.10, 14.10, 12.97, 9.07, 13.82, 15.35,
  13.59, 14.91, 12.88, 7.82, 7.42, 8.92, 10.23, 11.41, 10.94, 11.48, 7.79, 8.51, 7.90, 8.82, 10.31, 13.65, 6.55,
  9.63, 12.44, 7.41, 13.23, 13.44, 9.36, 13.19, 13.70, 11.11, 15.43, 13.33, 13.46
];
/** Paired teams: 4 organisations, each an intervention and a control team, sizes 4, 6, 3, 5, 7, 2, 5, 5. */
const PT_TEAM = [
  1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8
];
const PT_PAIR = [
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4
];
const PT_ARM = [
  1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0
];
const PT_Y = [
  20.57, 20.73, 21.96, 21.15, 21.86, 20.20, 22.31, 19.84, 21.18, 20.16, 23.91, 23.92, 23.99, 20.16, 20.10, 23.69,
  20.29, 22.92, 21.15, 21.36, 21.55, 19.90, 19.21, 19.53, 19.65, 13.50, 16.71, 22.50, 22.01, 21.93, 23.25, 22.25,
  23.10, 22.22, 22.41, 24.54, 25.55
];
/** Individually randomised within 5 agencies (arm alternates within each agency). */
const IR_AGENCY = [
  1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5
];
const IR_ARM = [
  0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0
];
const IR_Y = [
  4.11, 3.01, 6.15, 4.40, 5.29, 2.46, 5.37, 3.75, 4.50, 4.27, 5.67, 4.13, 3.78, 6.39, 4.92, 0.41, 3.42, 0.94,
  1.63, 3.24, 1.42, 1.72, 3.25, 2.51, 1.62, 1.86, 2.93, 3.64, 3.89, 1.63, 3.76
];

describe('textbook data against lmerTest (REML, Satterthwaite)', () => {
  test('Orthodont: distance ~ age + Sex + (1 | Subject) matches estimates, SEs, variance components and df', () => {
    const n = ORTHODONT_DISTANCE.length;
    const fit = fitRandomInterceptModel(
      {
        y: ORTHODONT_DISTANCE,
        X: [ones(n), range(n, (i) => [8, 10, 12, 14][i % 4]), range(n, (i) => (i >= 64 ? 1 : 0))],
        cluster: range(n, (i) => Math.floor(i / 4)),
        names: ['(Intercept)', 'age', 'SexFemale'],
      },
      { effect: 'SexFemale' },
    );
    expectMatches(fit, {
      beta: [17.70671296, 0.6601851852, -2.321022727],
      se: [0.8339224743, 0.06160591625, 0.7614168505],
      df: [99.35236499, 79.99999998, 24.99999982],
      t: [21.23304445, 10.71626274, -3.048294408],
      p: [1.043199066e-38, 3.952235278e-17, 0.005375056049],
      sigma2Cluster: 3.266783743, sigma2Residual: 2.049456015, remlCriterion: 437.5125078,
    });
    // A between-subject effect in a balanced design: Satterthwaite's df is subjects − 2.
    expect(fit.effect.name).toBe('SexFemale');
    expect(fit.effect.df).toBeCloseTo(25, 6);
  });

  test('sleepstudy: Reaction ~ Days + (1 | Subject) matches, including the intercept\'s fractional df', () => {
    const n = SLEEPSTUDY_REACTION.length;
    const fit = fitRandomInterceptModel({ y: SLEEPSTUDY_REACTION, X: [ones(n), range(n, (i) => i % 10)], cluster: range(n, (i) => Math.floor(i / 10)) });
    expectMatches(fit, {
      beta: [251.4051048, 10.46728596],
      se: [9.746716339, 0.8042214282],
      df: [22.81019831, 161.0000002],
      t: [25.79382595, 13.01542783],
      p: [2.241353121e-18, 6.412600659e-27],
      sigma2Cluster: 1378.178539, sigma2Residual: 960.4565768, remlCriterion: 1786.465085,
    });
  });

  test('Dyestuff: an intercept-only model matches, and equals the ANOVA estimators of a balanced one-way layout', () => {
    const fit = fitRandomInterceptModel({ y: DYESTUFF_YIELD, X: [ones(30)], cluster: range(30, (i) => Math.floor(i / 5)) });
    expectMatches(fit, {
      beta: [1527.5],
      se: [19.38341194],
      df: [5.000000147],
      t: [78.80449554],
      p: [6.234472364e-09],
      sigma2Cluster: 1764.049949, sigma2Residual: 2451.250011, remlCriterion: 319.6542768,
    });
    // Balanced: σ²_e = MSW, σ²_u = (MSB − MSW)/m, and the intercept's SE is √(MSB/(K m)), df K − 1.
    const means = range(6, (j) => DYESTUFF_YIELD.slice(5 * j, 5 * j + 5).reduce((a, b) => a + b, 0) / 5);
    const grand = means.reduce((a, b) => a + b, 0) / 6;
    const msb = (5 * means.reduce((a, m) => a + (m - grand) ** 2, 0)) / 5;
    const msw = DYESTUFF_YIELD.reduce((a, y, i) => a + (y - means[Math.floor(i / 5)]) ** 2, 0) / 24;
    expectRel(fit.sigma2Residual, msw, 1e-9);
    expectRel(fit.sigma2Cluster, (msb - msw) / 5, 1e-8);
    expectRel(fit.standardErrors[0], Math.sqrt(msb / 30), 1e-9);
    expectRel(fit.effect.df, 5, 1e-8);
    expectRel(fit.icc, (msb - msw) / (msb + 4 * msw), 1e-8);
  });

  test('Dyestuff2: MSB < MSW puts σ²_u on its bound; the fit is least squares with df n − p, as lmerTest gives', () => {
    const fit = fitRandomInterceptModel({ y: DYESTUFF2_YIELD, X: [ones(30)], cluster: range(30, (i) => Math.floor(i / 5)) });
    expectMatches(fit, {
      beta: [5.6656],
      se: [0.6783880312],
      df: [29],
      t: [8.351562438],
      p: [3.318292749e-09],
      sigma2Cluster: 0, sigma2Residual: 13.80630963, remlCriterion: 161.8282778,
    });
    expect(fit.icc).toBe(0);
    expect(fit.effect.df).toBeCloseTo(29, 9);
  });
});

describe('unbalanced trial designs against lmerTest', () => {
  const crDesign = fixedEffectsDesign({ arm: CR_ARM, baseline: CR_BASELINE });

  test('cluster-randomised with a baseline covariate and singleton clusters: y ~ arm + base + (1 | cl)', () => {
    const fit = fitRandomInterceptModel({ y: CR_Y, X: crDesign.X, cluster: CR_CLUSTER, names: crDesign.names });
    expectMatches(fit, {
      beta: [3.979621632, 3.443728397, 0.5173485778],
      se: [2.077307956, 1.103739382, 0.1922605105],
      df: [41.24324164, 3.921535511, 38.64634074],
      t: [1.915759106, 3.120055743, 2.690872798],
      p: [0.06234570976, 0.03649544735, 0.01047212196],
      sigma2Cluster: 1.60889409, sigma2Residual: 4.98727798, remlCriterion: 208.6820165,
    });
    expect(fit.effect.name).toBe('arm');
    expect(fit.clusters).toBe(10);
  });

  test('cluster-randomised without a covariate: the arm\'s df is fractional and below clusters − 2', () => {
    const d = fixedEffectsDesign({ arm: CR_ARM });
    const fit = fitRandomInterceptModel({ y: CR_Y, X: d.X, cluster: CR_CLUSTER, names: d.names });
    expectMatches(fit, {
      beta: [9.210200302, 3.678981237],
      se: [1.05839999, 1.469852709],
      df: [4.526653362, 4.17128174],
      t: [8.702003387, 2.502959116],
      p: [0.0005404839256, 0.06401274979],
      sigma2Cluster: 3.802820542, sigma2Residual: 5.140107753, remlCriterion: 213.6121619,
    });
  });

  test('a boundary fit with a covariate falls back to least squares (σ²_u = 0, df n − p)', () => {
    const fit = fitRandomInterceptModel({ y: CRB_Y, X: crDesign.X, cluster: CR_CLUSTER, names: crDesign.names });
    expectMatches(fit, {
      beta: [4.005779633, 2.488077962, 0.5424204277],
      se: [1.918571991, 0.6823151688, 0.1855224202],
      df: [43, 43, 43],
      t: [2.087896441, 3.646523009, 2.923745967],
      p: [0.04276634909, 0.0007129575606, 0.005497795238],
      sigma2Cluster: 5.03133531e-14, sigma2Residual: 5.023143625, remlCriterion: 202.6566109,
    });
    expect(fit.effect.df).toBeCloseTo(43, 9);
  });

  test('paired teams with fixed pair effects: y ~ arm + pair + (1 | team)', () => {
    const d = fixedEffectsDesign({ arm: PT_ARM, factor: PT_PAIR, factorName: 'pair' });
    expect(d.names).toEqual(['(Intercept)', 'arm', 'pair2', 'pair3', 'pair4']);
    const fit = fitRandomInterceptModel({ y: PT_Y, X: d.X, cluster: PT_TEAM, names: d.names });
    expectMatches(fit, {
      beta: [20.2018405, 1.644979834, 1.651910887, -3.197348474, 1.951669579],
      se: [1.548635578, 1.396927571, 1.971563599, 1.979924805, 1.960542713],
      df: [2.862964662, 2.96175589, 2.937417205, 2.982486549, 2.873724073],
      t: [13.04492858, 1.177569881, 0.8378684249, -1.61488379, 0.9954741439],
      p: [0.001226037598, 0.3248674735, 0.4647959232, 0.2052762475, 0.3957817211],
      sigma2Cluster: 3.572025861, sigma2Residual: 1.332248107, remlCriterion: 118.4266537,
    });
  });

  test('individually randomised within agencies: the arm varies within clusters and gets nearly the residual df', () => {
    const d = fixedEffectsDesign({ arm: IR_ARM });
    const fit = fitRandomInterceptModel({ y: IR_Y, X: d.X, cluster: IR_AGENCY, names: d.names });
    expectMatches(fit, {
      beta: [3.397582058, -0.385343551],
      se: [0.6153599917, 0.37699945],
      df: [4.69947837, 25.04698451],
      t: [5.52129177, -1.022132926],
      p: [0.003236959042, 0.316489517],
      sigma2Cluster: 1.559138346, sigma2Residual: 1.08605217, remlCriterion: 99.16894417,
    });
  });
});

describe('the balanced cluster-means equivalence', () => {
  test('with equal clusters and no covariate, the arm\'s t and df equal the cluster-means t-test (df = clusters − 2)', () => {
    // 8 clusters of 5, arm by cluster; values chosen so that clusters differ more than chance (MSB > MSW).
    const clusterShift = [0, 3, -2, 4, 1, 6, -1, 5];
    const within = [0.3, -1.2, 0.8, 1.5, -0.4];
    const y: number[] = [];
    const cluster: number[] = [];
    const arm: number[] = [];
    for (let j = 0; j < 8; j++) {
      for (let i = 0; i < 5; i++) {
        y.push(10 + clusterShift[j] + within[(i + j) % 5] * (1 + 0.1 * j));
        cluster.push(j);
        arm.push(j % 2);
      }
    }
    const d = fixedEffectsDesign({ arm });
    const fit = fitRandomInterceptModel({ y, X: d.X, cluster, names: d.names });
    const ct = clusterSummaryTest({ y, arm, cluster });
    expect(fit.boundary).toBe(false);
    expectRel(fit.effect.estimate, ct.meanDifference, 1e-12);
    expectRel(fit.effect.t, ct.t, 1e-8);
    expectRel(fit.effect.df, 6, 1e-8);
    expectRel(fit.effect.p, ct.p, 1e-7);
    expectRel(fit.effect.high, ct.high, 1e-8);
  });
});

describe('robustness', () => {
  test('the fit does not depend on the order of the rows or on the cluster labels', () => {
    const n = CR_Y.length;
    const order = range(n, (i) => (i * 17) % n); // 17 is coprime with 46: a permutation
    const X = fixedEffectsDesign({ arm: order.map((i) => CR_ARM[i]), baseline: order.map((i) => CR_BASELINE[i]) });
    const a = fitRandomInterceptModel({ y: CR_Y, X: crX().X, cluster: CR_CLUSTER });
    const b = fitRandomInterceptModel({ y: order.map((i) => CR_Y[i]), X: X.X, cluster: order.map((i) => `agency-${CR_CLUSTER[i]}`) });
    for (let k = 0; k < 3; k++) expectRel(b.beta[k], a.beta[k], 1e-9);
    expectRel(b.sigma2Cluster, a.sigma2Cluster, 1e-7);
    expectRel(b.effect.df, a.effect.df, 1e-6);
  });

  test('a large offset in the outcome and the covariate changes only the intercept (the sums are centred)', () => {
    const a = fitRandomInterceptModel({ y: CR_Y, X: crX().X, cluster: CR_CLUSTER });
    const shifted = fixedEffectsDesign({ arm: CR_ARM, baseline: CR_BASELINE.map((b) => b + 1e5) });
    const b = fitRandomInterceptModel({ y: CR_Y.map((v) => v + 1e6), X: shifted.X, cluster: CR_CLUSTER });
    expectRel(b.beta[1], a.beta[1], 1e-9);
    expectRel(b.beta[2], a.beta[2], 1e-9);
    expectRel(b.beta[0], a.beta[0] + 1e6 - 1e5 * a.beta[2], 1e-12);
    expectRel(b.sigma2Cluster, a.sigma2Cluster, 1e-7);
    expectRel(b.effect.df, a.effect.df, 1e-6);
    expectRel(b.standardErrors[1], a.standardErrors[1], 1e-8);
  });

  test('designs that cannot separate the variances are refused, saying why', () => {
    const y = [1.2, 3.4, 2.2, 5.1, 4.4, 6.0, 2.9, 3.3];
    const d = fixedEffectsDesign({ arm: [0, 0, 0, 0, 1, 1, 1, 1] });
    expect(() => fitRandomInterceptModel({ y, X: d.X, cluster: [0, 0, 0, 0, 0, 0, 0, 0] })).toThrow(/one cluster/);
    expect(() => fitRandomInterceptModel({ y, X: d.X, cluster: [0, 1, 2, 3, 4, 5, 6, 7] })).toThrow(/clusters of one/);
    expect(() => fitRandomInterceptModel({ y, X: d.X, cluster: [0, 0, 0, 0, 1, 1, 1, 1] })).toThrow(/take up every cluster's mean/);
    expect(() => fitRandomInterceptModel({ y: [1, 1, 2, 2, 5, 5, 7, 7], X: d.X, cluster: [0, 0, 1, 1, 2, 2, 3, 3] })).toThrow(/barely varies within clusters/);
    expect(() => fitRandomInterceptModel({ y: [1, 1, 1, 1, 2, 2, 2, 2], X: d.X, cluster: [0, 1, 0, 1, 2, 3, 2, 3] })).toThrow(/fits the data exactly/);
  });

  test('a rank-deficient design is refused with a message that says so', () => {
    const d = fixedEffectsDesign({ arm: CR_ARM });
    expect(() => fitRandomInterceptModel({ y: CR_Y, X: [...d.X, d.X[1].map((v) => 2 * v)], cluster: CR_CLUSTER })).toThrow(/rank-deficient/);
  });

  test('mismatched lengths and unknown effects are refused', () => {
    expect(() => fitRandomInterceptModel({ y: [1, 2, 3], X: [[1, 1]], cluster: [0, 0, 1] })).toThrow(/column 0 of X has 2 rows/);
    expect(() => fitRandomInterceptModel({ y: CR_Y, X: crX().X, cluster: CR_CLUSTER, names: crX().names }, { effect: 'dose' })).toThrow(/no column named 'dose'/);
  });

  test('a contrast over two columns is tested with its own Satterthwaite df', () => {
    const fit = fitRandomInterceptModel({ y: CR_Y, X: crX().X, cluster: CR_CLUSTER, names: crX().names });
    const c = testContrast(fit, [0, 1, 10]); // the arm effect plus ten baseline points
    expectRel(c.estimate, fit.beta[1] + 10 * fit.beta[2], 1e-12);
    const v = fit.covariance[4] + 20 * fit.covariance[5] + 100 * fit.covariance[8];
    expectRel(c.standardError, Math.sqrt(v), 1e-12);
    expect(c.df).toBeGreaterThan(0);
    expect(Number.isFinite(c.df)).toBe(true);
  });
});

function crX(): { X: Float64Array[]; names: string[] } {
  return fixedEffectsDesign({ arm: CR_ARM, baseline: CR_BASELINE });
}

/*
The reference values above were printed by this R script (R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, nlme 3.1-162,
Debian packages r-cran-lmertest r-cran-lme4 r-cran-nlme), run as `Rscript ref.R`; the data sets were printed
by `Rscript data.R`. bobyqa with rhoend = 1e-12 tightens lme4's optimum so that the references carry more
digits than the tolerances here.

--- ref.R
suppressMessages({library(lmerTest); library(nlme, exclude = "lmList")})
ctl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e5))
show <- function(label, m, effect) {
  s <- summary(m); cf <- s$coefficients; vc <- as.data.frame(VarCorr(m))
  cat("//", label, "\n")
  cat(sprintf("beta: [%s],\n", paste(sprintf("%.10g", cf[, "Estimate"]), collapse = ", ")))
  cat(sprintf("se: [%s],\n", paste(sprintf("%.10g", cf[, "Std. Error"]), collapse = ", ")))
  cat(sprintf("df: [%s],\n", paste(sprintf("%.10g", cf[, "df"]), collapse = ", ")))
  cat(sprintf("t: [%s],\n", paste(sprintf("%.10g", cf[, "t value"]), collapse = ", ")))
  cat(sprintf("p: [%s],\n", paste(sprintf("%.10g", cf[, "Pr(>|t|)"]), collapse = ", ")))
  cat(sprintf("sigma2Cluster: %.10g, sigma2Residual: %.10g, remlCriterion: %.10g,\n", vc$vcov[1], vc$vcov[2], REMLcrit(m)))
}
js <- function(name, x) cat(sprintf("const %s = [%s];\n", name, paste(format(x, trim = TRUE), collapse = ", ")))
show("Orthodont: distance ~ age + Sex + (1 | Subject)", lmer(distance ~ age + Sex + (1 | Subject), data = Orthodont, REML = TRUE, control = ctl))
show("sleepstudy: Reaction ~ Days + (1 | Subject)", lmer(Reaction ~ Days + (1 | Subject), data = sleepstudy, REML = TRUE, control = ctl))
show("Dyestuff: Yield ~ 1 + (1 | Batch)", lmer(Yield ~ 1 + (1 | Batch), data = Dyestuff, REML = TRUE, control = ctl))
show("Dyestuff2 (boundary): Yield ~ 1 + (1 | Batch)", lmer(Yield ~ 1 + (1 | Batch), data = Dyestuff2, REML = TRUE, control = ctl))
# An unbalanced cluster-randomised design: 10 clusters, sizes 1 to 9 (two singletons), arm by cluster, baseline covariate.
set.seed(16)
sizes <- c(1, 3, 6, 2, 9, 4, 7, 1, 5, 8)
cl <- rep(seq_along(sizes), sizes); armc <- rep(c(0, 1, 1, 0, 1, 0, 0, 1, 0, 1), sizes)
u <- rnorm(length(sizes), 0, 2.5)[cl]
base <- round(rnorm(length(cl), 10, 2), 2)
yy <- round(5 + 0.8 * armc + 0.5 * base + u + rnorm(length(cl), 0, 2), 2)
js("CR_CLUSTER", cl); js("CR_ARM", armc); js("CR_BASELINE", base); js("CR_Y", yy)
d <- data.frame(y = yy, arm = armc, base = base, cl = factor(cl))
show("unbalanced cluster-randomised: y ~ arm + base + (1 | cl)", lmer(y ~ arm + base + (1 | cl), data = d, REML = TRUE, control = ctl))
# The same design with a smaller cluster variance (seed 16 again): REML puts sigma2_u on its bound.
set.seed(16); ub <- rnorm(length(sizes), 0, 1.5)[cl]; invisible(rnorm(length(cl))); yb <- round(5 + 0.8 * armc + 0.5 * base + ub + rnorm(length(cl), 0, 2), 2)
js("CRB_Y", yb)
show("boundary: y ~ arm + base + (1 | cl) with CRB_Y", lmer(y ~ arm + base + (1 | cl), data = transform(d, y = yb), REML = TRUE, control = ctl))
show("unbalanced cluster-randomised, no covariate: y ~ arm + (1 | cl)", lmer(y ~ arm + (1 | cl), data = d, REML = TRUE, control = ctl))
# Paired teams: 4 organisations, each with an intervention and a control team of unequal sizes; pair as fixed effect.
set.seed(17)
tsz <- c(4, 6, 3, 5, 7, 2, 5, 5)
team <- rep(1:8, tsz); pr <- rep(rep(1:4, each = 2), tsz); armp <- rep(rep(c(1, 0), 4), tsz)
yp <- round(20 + 1.2 * armp + c(0, 2, -1, 1)[pr] + rnorm(8, 0, 1)[team] + rnorm(length(team), 0, 1.5), 2)
js("PT_TEAM", team); js("PT_PAIR", pr); js("PT_ARM", armp); js("PT_Y", yp)
dp <- data.frame(y = yp, arm = armp, pair = factor(pr), team = factor(team))
show("paired teams: y ~ arm + pair + (1 | team)", lmer(y ~ arm + pair + (1 | team), data = dp, REML = TRUE, control = ctl))
# Individually randomised within agencies (arm varies within cluster): 5 agencies.
set.seed(18)
asz <- c(6, 9, 4, 7, 5)
ag <- rep(1:5, asz); armi <- unlist(lapply(asz, function(m) rep(c(0, 1), length.out = m)))
yi <- round(3 + 0.6 * armi + rnorm(5, 0, 0.8)[ag] + rnorm(length(ag), 0, 1), 2)
js("IR_AGENCY", ag); js("IR_ARM", armi); js("IR_Y", yi)
di <- data.frame(y = yi, arm = armi, ag = factor(ag))
show("individually randomised within agencies: y ~ arm + (1 | ag)", lmer(y ~ arm + (1 | ag), data = di, REML = TRUE, control = ctl))
--- data.R
suppressMessages({library(lme4); library(nlme, exclude = "lmList")})
o <- Orthodont
stopifnot(all(o$age == rep(c(8,10,12,14), 27)), all(as.integer(factor(as.character(o$Subject), levels = unique(as.character(o$Subject)))) == rep(1:27, each = 4)), all(o$Sex == rep(c("Male","Female"), c(64, 44))))
s <- sleepstudy
stopifnot(all(s$Days == rep(0:9, 18)), all(as.integer(factor(s$Subject, levels = unique(s$Subject))) == rep(1:18, each = 10)))
stopifnot(all(as.integer(Dyestuff$Batch) == rep(1:6, each = 5)), all(as.integer(Dyestuff2$Batch) == rep(1:6, each = 5)))
w <- function(name, x) cat(sprintf("const %s = [%s];\n", name, paste(format(x, trim = TRUE, digits = 15), collapse = ", ")))
w("ORTHODONT_DISTANCE", o$distance); w("SLEEPSTUDY_REACTION", s$Reaction); w("DYESTUFF_YIELD", Dyestuff$Yield); w("DYESTUFF2_YIELD", Dyestuff2$Yield)
*/
