// One tick (one week) of the CPI model: the processes in the order of MODEL.md §3, declared once here.
// Part of engine/. No I/O; randomness only through the run state's KeyedRandom.
import type { RunState } from '../model/run-state.js';
import { applyIntake } from '../processes/intake.js';
import { applyBarrierDynamics } from '../processes/barriers.js';
import { applyPartnershipDynamics, applyWorkerTime } from '../processes/partnership.js';
import { applySharedProcesses } from '../processes/shared-processes.js';
import { applyAttendance, applyParticipationWindow } from '../processes/attendance.js';
import { applyWorkerNetworking } from '../processes/worker-networking.js';
import { applyTieDecay } from '../processes/tie-decay.js';
import { applyTieReplacement } from '../processes/tie-replacement.js';
import { applyFlows } from '../processes/flows.js';

export interface TickProcess {
  /** Name used in docs/ODD.md and in RNG stream names. */
  readonly name: string;
  /** The MODEL.md §3 step it implements. */
  readonly step: string;
  readonly apply: (s: RunState, tick: number) => void;
}

/** The order of one tick. Observation (MODEL.md §3.9) follows, in engine/run.ts, and draws nothing. */
export const TICK_ORDER: readonly TickProcess[] = Object.freeze([
  { name: 'participation-window', step: '5 (housekeeping: this week’s attendance counters start at zero)', apply: applyParticipationWindow },
  { name: 'intake', step: '1 Referral and intake', apply: applyIntake },
  { name: 'worker-time', step: '2 Barrier dynamics, first part: workers plan the week (contact, barrier work, bureaucracy, networking hours)', apply: applyWorkerTime },
  { name: 'barriers', step: '2 Barrier dynamics', apply: applyBarrierDynamics },
  { name: 'partnership', step: '3 Partnership dynamics and the two circles', apply: applyPartnershipDynamics },
  { name: 'shared-processes', step: '4 Shared processes', apply: applySharedProcesses },
  { name: 'attendance', step: '5 Attendance and tie formation', apply: applyAttendance },
  { name: 'worker-networking', step: '6 Worker networking', apply: applyWorkerNetworking },
  { name: 'tie-decay', step: '7 Tie decay and maintenance: routine contact, decay, turnover, dissolution', apply: applyTieDecay },
  { name: 'tie-replacement', step: '7 Tie maintenance, second part: people replace the ordinary ties they lost', apply: applyTieReplacement },
  { name: 'flows', step: '8 Flows', apply: applyFlows },
]);

/** Advance the state by one week: `tick` is the week being simulated (1, 2, …). */
export function step(s: RunState, tick: number): void {
  for (const p of TICK_ORDER) p.apply(s, tick);
  s.tick = tick;
}
