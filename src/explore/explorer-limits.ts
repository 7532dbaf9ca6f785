// How big a scenario the explorer runs live. Part of explore/; shared by the page, its worker and
// `cpi-sim explore`, which refuses a bigger scenario before starting the server.
import type { Params } from '../scenario/parameters.js';

/** The largest population (residents and service users) the explorer runs: beyond it a week takes too long to watch. */
export const MAX_EXPLORER_PERSONS = 100_000;

/** Residents and service users of a scenario's population. */
export function countPersons(params: Params): number {
  return params.population.localities * params.population.residentsPerLocality + params.serviceUsers.referrals;
}
