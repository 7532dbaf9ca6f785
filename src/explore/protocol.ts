// The messages between the explorer's page and its Web Worker. Part of explore/; types only.
// The page sends a scenario document (the one "Export scenario" writes) and transport commands; the worker
// compiles it, runs both arms tick by tick (ExplorerSession) and sends each tick's numbers and, while the
// network view is open, each arm's network of one agency. Every message carries the generation of the
// document it belongs to, so the page drops what a superseded document's run still sends.
import type { ScenarioFile } from '../scenario/schema.js';
import type { AgencyNetwork } from './agency-network.js';
import type { RunsSummary } from './replicate-summary.js';

export type ToWorker =
  /** A new scenario: compile it, build its population, send `ready` and week 0; keep playing if asked. */
  | {
      readonly type: 'configure';
      readonly generation: number;
      readonly document: ScenarioFile;
      readonly play?: boolean;
      /** Runs per arm (default 1): run 0 has the scenario's seed (what `cpi-sim run` reproduces), run r the seed `cpi-sim run --replicates` gives replicate r. */
      readonly replicates?: number;
    }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  /** Pause and advance one week. */
  | { readonly type: 'step' }
  /** Back to week 0 with the same scenario (paused). */
  | { readonly type: 'reset' }
  /** Weeks per second while playing; 0 as fast as the page draws them. */
  | { readonly type: 'speed'; readonly ticksPerSecond: number }
  /** Show (or stop computing) the network of one agency (0-based). */
  | { readonly type: 'network'; readonly open: boolean; readonly agency: number }
  /** The page has drawn this week: the worker keeps at most MAX_TICKS_AHEAD weeks ahead of the page. */
  | { readonly type: 'ack'; readonly generation: number; readonly tick: number };

export interface ReadyMessage {
  readonly type: 'ready';
  readonly generation: number;
  readonly name: string;
  readonly title: string;
  readonly seed: number;
  readonly ticks: number;
  readonly arms: readonly string[];
  readonly agencies: number;
  readonly users: number;
  readonly persons: number;
  /** The series' measures, in the order of each tick's values. */
  readonly measures: readonly string[];
  /** Milliseconds to compile the scenario and build its population(s). */
  readonly buildMs: number;
  /** Runs per arm: as asked, or fewer when their populations together would exceed MAX_EXPLORER_PERSONS. */
  readonly replicates: number;
}

export interface TickMessage {
  readonly type: 'tick';
  readonly generation: number;
  /** The week just observed: 0 after a (re)start. */
  readonly tick: number;
  readonly ticks: number;
  /** Per arm, group `all`'s measures at this week in run 0, the scenario's seed (ReadyMessage.measures order; NaN where not measured). */
  readonly values: readonly Float64Array[];
  /** Over every run: per arm the mean and its 95% interval, and the paired difference B − A. */
  readonly summary: RunsSummary;
  /** Per arm, the chosen agency's network (while the network view is open). */
  readonly networks?: readonly AgencyNetwork[];
  /** Milliseconds the worker spent on this week (both arms, observation, networks). */
  readonly stepMs: number;
}

export interface NetworkMessage {
  readonly type: 'network';
  readonly generation: number;
  readonly tick: number;
  readonly networks: readonly AgencyNetwork[];
}

export interface StateMessage {
  readonly type: 'state';
  readonly generation: number;
  readonly playing: boolean;
  readonly tick: number;
  readonly done: boolean;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly generation: number;
  readonly message: string;
}

export type FromWorker = ReadyMessage | TickMessage | NetworkMessage | StateMessage | ErrorMessage;

/** How many weeks the worker may run ahead of what the page has drawn. */
export const MAX_TICKS_AHEAD = 8;
