// Axis titles for charts: the measures' short names and units (declared once, in metrics/measure-labels.ts)
// and the virtual-trial statistics' labels. Part of charts/; pure, browser-safe.
import type { TrialStatistic } from './chart-data.js';
import type { MeasureLabel } from '../metrics/measure-labels.js';

export { MEASURE_LABELS, axisTitle, labelMeasure, lowerFirst, type MeasureLabel } from '../metrics/measure-labels.js';

export const TRIAL_STATISTIC_LABELS: Readonly<Record<TrialStatistic, MeasureLabel>> = {
  partial_eta_squared: { label: 'Partial η² of the fidelity group' },
  p: { label: 'p-value of the fidelity group' },
  effect: { label: 'Adjusted effect (high − low/moderate fidelity)' },
  cohens_d: { label: "Cohen's d (high vs low/moderate fidelity)" },
};
