// The explorer's presets: named sets of control values a lecturer applies to arm A (the whole scenario) or to
// arm B. Part of explore/; pure data and browser-safe. A preset sets only the values it names ("typical"
// names every control an arm may change), and only values that have a control, so the screen shows all a
// preset did. Values other than the model's defaults are assumed, for teaching.
import { USER_BARRIERS, WORKER_BARRIERS } from '../scenario/parameters.js';
import { buildControlGroups, type ControlValue } from './controls.js';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  /** The values set, by parameter path. `defaults` is a complete document holding the model's defaults (scenarios/base.json). */
  readonly values: (defaults: { seed: number; ticks: number; parameters: unknown }) => Readonly<Record<string, ControlValue>>;
}

const everyBarrier = (field: string, value: ControlValue): Record<string, ControlValue> =>
  Object.fromEntries([...USER_BARRIERS.map((b) => `barriers.user.${b}.${field}`), ...WORKER_BARRIERS.map((b) => `barriers.worker.${b}.${field}`)].map((p) => [p, value]));

export const PRESETS: readonly Preset[] = [
  {
    id: 'no-barriers',
    label: 'No barriers',
    description: 'Every service-user and worker barrier switched off.',
    values: () => everyBarrier('enabled', false),
  },
  {
    id: 'typical',
    label: 'Typical',
    description: "The model's defaults (scenarios/base.json) for every control an arm may change: barriers on at their default rates, average fidelity, caseload and turnover.",
    values: (defaults) =>
      Object.fromEntries(
        buildControlGroups(defaults)
          .flatMap((g) => g.controls)
          .filter((c) => !c.shared)
          .map((c) => [c.path, c.value]),
      ),
  },
  {
    id: 'under-resourced',
    label: 'Under-resourced team',
    description:
      'Assumed for teaching: twice the caseload, half the time for CPI work, high turnover (about 65% a year), little skill sharing, and common time and bureaucracy barriers for workers.',
    values: () => ({
      'workers.caseloadCapacity': 20,
      'workers.timeBudgetHours': 10,
      'workers.turnoverRate': 0.02,
      'agencies.skillSharing.mean': 0.2,
      'barriers.worker.insufficientTime.enabled': true,
      'barriers.worker.insufficientTime.prevalence': 0.7,
      'barriers.worker.insufficientTime.onsetRate': 0.03,
      'barriers.worker.bureaucraticProcedures.enabled': true,
      'barriers.worker.bureaucraticProcedures.prevalence': 0.5,
      'barriers.worker.bureaucraticProcedures.onsetRate': 0.02,
    }),
  },
  {
    id: 'high-fidelity',
    label: 'High fidelity',
    description: "CPI delivered with high fidelity to the model in every agency (mean 0.85, as pilot-england's high-fidelity arm).",
    values: () => ({ 'intervention.enabled': true, 'agencies.fidelity.mean': 0.85 }),
  },
];
