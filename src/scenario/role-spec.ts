// What each parameter is for (MODEL.md §8): a mechanism that should move named outcomes in a named
// direction, a measurement that may change only named measures, or a size or horizon. Part of scenario/;
// the declarations themselves are in roles.ts, emitted into the JSON Schema (x-cpi-role) and docs/ODD.md,
// and checked by `cpi-sim audit` (src/audit/).
import type { GroupMeasure } from '../metrics/groups.js';

/** The direction a mechanism should move an outcome when the parameter rises (or, for a switch, is on). */
export type OutcomeDirection = 'up' | 'down' | 'either';

/** Users an outcome is read over: every referred user, or only users of a minority cultural group. */
export type OutcomeScope = 'all' | 'minority';

export interface MechanismRole {
  readonly role: 'mechanism';
  /** Outcomes (series measures of the scope's users, final tick) the parameter should move, and which way. */
  readonly moves: Readonly<Partial<Record<GroupMeasure, OutcomeDirection>>>;
  /** Whose outcomes: all users (default) or the minority users alone (a culturally specific mechanism). */
  readonly scope?: OutcomeScope;
  /** The sentence of the paper or the theory that says so, in plain words. */
  readonly because: string;
  /** Where: 'Webber et al. 2016', 'Lin 2001', 'Granovetter 1973', 'Burt 2002', 'Webber et al. 2019', … */
  readonly source: string;
}

export interface MeasurementRole {
  readonly role: 'measurement';
  /** The measures this parameter may change; it promises to change nothing else. Empty: none (observation only). */
  readonly measures: readonly GroupMeasure[];
  readonly because: string;
}

export interface SizeRole {
  readonly role: 'size';
  readonly because: string;
}

export interface HorizonRole {
  readonly role: 'horizon';
  readonly because: string;
}

export type ParameterRole = MechanismRole | MeasurementRole | SizeRole | HorizonRole;
export type RoleKind = ParameterRole['role'];
export const ROLE_KINDS: readonly RoleKind[] = ['mechanism', 'measurement', 'size', 'horizon'];
