// The order of one tick (MODEL.md §3), declared once in engine/step.ts: intake, barriers, partnership,
// shared processes, attendance, worker networking, tie decay and replacement, flows, with only housekeeping (clearing
// this week's participation counters) before attendance. Checks the declared order and that step()
// applies exactly those processes in that order and records the tick.
import { describe, expect, test } from 'vitest';
import { step, TICK_ORDER } from '../../src/engine/step.js';
import { applyIntake } from '../../src/processes/intake.js';
import { applyBarrierDynamics } from '../../src/processes/barriers.js';
import { applyPartnershipDynamics, applyWorkerTime } from '../../src/processes/partnership.js';
import { applySharedProcesses } from '../../src/processes/shared-processes.js';
import { applyAttendance, applyParticipationWindow } from '../../src/processes/attendance.js';
import { applyWorkerNetworking } from '../../src/processes/worker-networking.js';
import { applyTieDecay } from '../../src/processes/tie-decay.js';
import { applyTieReplacement } from '../../src/processes/tie-replacement.js';
import { applyFlows } from '../../src/processes/flows.js';
import { changedColumns, makeState, snapshot } from './fixture.js';

/** MODEL.md §3 steps 1–8 (step 9, observation, is in engine/run.ts and draws nothing). */
const MODEL_ORDER = ['intake', 'worker-time', 'barriers', 'partnership', 'shared-processes', 'attendance', 'worker-networking', 'tie-decay', 'tie-replacement', 'flows'];

describe('TICK_ORDER', () => {
  test('its processes, housekeeping aside, are MODEL.md §3 steps 1 to 8 in order', () => {
    const model = TICK_ORDER.filter((p) => !p.step.includes('housekeeping'));
    expect(model.map((p) => p.name)).toEqual(MODEL_ORDER);
    expect(model.map((p) => Number.parseInt(p.step, 10))).toEqual([1, 2, 2, 3, 4, 5, 6, 7, 7, 8]);
  });

  test('each entry applies the process it is named after', () => {
    const byName = Object.fromEntries(TICK_ORDER.map((p) => [p.name, p.apply]));
    expect(byName).toEqual({
      'participation-window': applyParticipationWindow,
      intake: applyIntake,
      'worker-time': applyWorkerTime,
      barriers: applyBarrierDynamics,
      partnership: applyPartnershipDynamics,
      'shared-processes': applySharedProcesses,
      attendance: applyAttendance,
      'worker-networking': applyWorkerNetworking,
      'tie-decay': applyTieDecay,
      'tie-replacement': applyTieReplacement,
      flows: applyFlows,
    });
  });

  test('the only housekeeping stage clears the participation counters before anyone attends', () => {
    const names = TICK_ORDER.map((p) => p.name);
    const housekeeping = TICK_ORDER.filter((p) => p.step.includes('housekeeping')).map((p) => p.name);
    expect(housekeeping).toEqual(['participation-window']);
    expect(names.indexOf('participation-window')).toBeLessThan(names.indexOf('shared-processes'));
    expect(names.indexOf('participation-window')).toBeLessThan(names.indexOf('attendance'));
  });

  test('the order is frozen', () => {
    expect(Object.isFrozen(TICK_ORDER)).toBe(true);
  });
});

describe('step', () => {
  test('step() sets s.tick to the week it simulated', () => {
    const s = makeState([], { barriers: true });
    expect(s.tick).toBe(0);
    step(s, 1);
    expect(s.tick).toBe(1);
    step(s, 2);
    expect(s.tick).toBe(2);
  });

  test('step() leaves the state exactly as applying the processes one by one in MODEL.md order does', () => {
    const set = [
      ['flows.disengagementRate', 0.05],
      ['flows.reentryRate', 0.3],
      ['workers.turnoverRate', 0.05],
      ['peerWorkers.rate', 0.5],
    ] as const;
    const a = makeState(set, { barriers: true });
    const b = makeState(set, { barriers: true });
    for (let t = 1; t <= 6; t++) {
      step(a, t);
      applyParticipationWindow(b, t);
      applyIntake(b, t);
      applyWorkerTime(b, t);
      applyBarrierDynamics(b, t);
      applyPartnershipDynamics(b, t);
      applySharedProcesses(b, t);
      applyAttendance(b, t);
      applyWorkerNetworking(b, t);
      applyTieDecay(b, t);
      applyTieReplacement(b, t);
      applyFlows(b, t);
      b.tick = t;
    }
    expect(changedColumns(snapshot(a), snapshot(b))).toEqual([]);
    // And the week did something: a run of six weeks is not a no-op.
    const fresh = makeState(set, { barriers: true });
    expect(changedColumns(snapshot(fresh), snapshot(a)).length).toBeGreaterThan(5);
  });
});
