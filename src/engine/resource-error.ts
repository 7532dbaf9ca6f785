// The typed error for sizes the engine or the machine cannot hold (a population, a design, replicates or
// particles too many), raised by the pre-flight before anything is built or written. Part of engine/.
// The message names where the sizes come from, the estimate, the limit and what to do instead.
import type { ResourceEstimate } from './resource-estimate.js';

export class ResourceError extends Error {
  /** Where the sizes come from: a scenario, sweep, design or calibration file, or "command line". */
  readonly source: string;
  /** The estimate that was refused (absent when a count alone was refused). */
  readonly estimate?: ResourceEstimate;
  constructor(source: string, message: string, estimate?: ResourceEstimate) {
    super(`${source}: too big to run: ${message}`);
    this.name = 'ResourceError';
    this.source = source;
    this.estimate = estimate;
  }
}
