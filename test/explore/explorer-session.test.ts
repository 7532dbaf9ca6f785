// The worker side of the explorer (src/explore/explorer-session.ts), driven as the page drives it, with a
// fake clock: configure sends ready and week 0; play runs ahead of the page by at most MAX_TICKS_AHEAD
// weeks until the page acknowledges; the chosen speed spaces the weeks; step, pause and reset do what they
// say; the numbers at the end are ExplorerRun's; a bad document or a population too big comes back as an
// error message; messages of an older document are ignored.
import { describe, expect, test } from 'vitest';
import { compileScenario, loadScenario } from '../../src/index.js';
import { ExplorerSession } from '../../src/explore/explorer-session.js';
import { ExplorerRun } from '../../src/explore/explorer-run.js';
import { buildExplorerDocument, initialSettings } from '../../src/explore/explorer-document.js';
import { MAX_TICKS_AHEAD, type FromWorker, type TickMessage } from '../../src/explore/protocol.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';
import { replicateSeed } from '../../src/engine/run-replicates.js';
import { MAX_EXPLORER_PERSONS } from '../../src/explore/explorer-limits.js';
import type { ScenarioFile } from '../../src/scenario/schema.js';

/** A host with a clock that moves only when told, and timers fired by the test. */
function fakeHost() {
  const sent: FromWorker[] = [];
  let now = 0;
  let timers: Array<{ id: number; at: number; run: () => void }> = [];
  let next = 1;
  return {
    sent,
    host: {
      post: (m: FromWorker) => void sent.push(m),
      setTimeout: (run: () => void, ms: number) => {
        const id = next++;
        timers.push({ id, at: now + ms, run });
        return id;
      },
      clearTimeout: (id: unknown) => void (timers = timers.filter((t) => t.id !== id)),
      now: () => now,
    },
    /** Fire the earliest timer (moving the clock to it); false when none is pending. */
    fire(): boolean {
      if (timers.length === 0) return false;
      timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.run();
      return true;
    },
    pending: () => timers.length,
    delays: () => timers.map((t) => t.at - now),
    ticks: () => sent.filter((m): m is TickMessage => m.type === 'tick'),
    last: <T extends FromWorker['type']>(type: T) => [...sent].reverse().find((m) => m.type === type) as Extract<FromWorker, { type: T }> | undefined,
  };
}

const teaching = loadScenario('teaching-barriers');
const doc = (ticks = 6): ScenarioFile => buildExplorerDocument(teaching.document, { ...initialSettings(teaching), ticks });

describe('ExplorerSession', () => {
  test('configure sends ready, week 0 and the state; play runs at most MAX_TICKS_AHEAD weeks ahead of the page', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    const horizon = MAX_TICKS_AHEAD + 4;
    s.handle({ type: 'speed', ticksPerSecond: 0 });
    s.handle({ type: 'configure', generation: 1, document: doc(horizon) });
    expect(f.sent.map((m) => m.type)).toEqual(['ready', 'tick', 'state']);
    const ready = f.last('ready')!;
    expect(ready).toMatchObject({ generation: 1, name: 'teaching-barriers-explorer', ticks: horizon, seed: 7, arms: ['arm-a', 'arm-b'], agencies: 2, users: 40 });
    expect(ready.measures).toEqual(GROUP_MEASURES);
    expect(f.ticks()[0]).toMatchObject({ tick: 0, ticks: horizon, generation: 1 });
    expect(f.ticks()[0].values).toHaveLength(2);
    s.handle({ type: 'play' });
    while (f.fire());
    // Nothing acknowledged: the worker waits MAX_TICKS_AHEAD weeks ahead of the page.
    expect(f.ticks().at(-1)!.tick).toBe(MAX_TICKS_AHEAD);
    s.handle({ type: 'ack', generation: 1, tick: 1 });
    while (f.fire());
    expect(f.ticks().at(-1)!.tick).toBe(MAX_TICKS_AHEAD + 1);
    // Acknowledge everything as it comes: the run reaches the horizon and stops playing.
    for (let guard = 0; guard < 20 && !f.last('state')?.done; guard++) {
      s.handle({ type: 'ack', generation: 1, tick: f.ticks().at(-1)!.tick });
      while (f.fire());
    }
    expect(f.ticks().map((m) => m.tick)).toEqual([...Array(horizon + 1).keys()]);
    expect(f.last('state')).toMatchObject({ playing: false, done: true, tick: horizon });
    expect(f.pending()).toBe(0);
  });

  test('the numbers it sends are ExplorerRun’s, week by week', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'configure', generation: 3, document: doc() });
    for (let t = 0; t < 6; t++) s.handle({ type: 'step' });
    const run = new ExplorerRun(compileScenario([{ file: '<explorer>', json: doc() }]), { ticks: 6 });
    const ticks = f.ticks();
    expect(ticks.map((m) => m.tick)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const m of ticks) {
      if (m.tick > 0) run.advance();
      m.values.forEach((values, arm) => expect(Array.from(values)).toEqual(Array.from(run.row(arm, m.tick))));
    }
    // A step at the horizon sends no week.
    s.handle({ type: 'step' });
    expect(f.ticks()).toHaveLength(7);
    expect(f.last('state')).toMatchObject({ done: true, playing: false });
  });

  test('several runs per arm: run 0 is the scenario\'s seed, the others `cpi-sim run --replicates` seeds; the summary averages them', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'configure', generation: 1, document: doc(), replicates: 3 });
    expect(f.last('ready')).toMatchObject({ replicates: 3 });
    for (let t = 0; t < 6; t++) s.handle({ type: 'step' });
    const scenario = compileScenario([{ file: '<explorer>', json: doc() }]);
    const runs = [0, 1, 2].map((r) => new ExplorerRun(scenario, { ticks: 6, seed: replicateSeed(scenario.seed, r) }));
    for (const r of runs) for (let t = 0; t < 6; t++) r.advance();
    const last = f.ticks().at(-1)!;
    expect(last.summary.runs).toBe(3);
    expect(Array.from(last.values[0])).toEqual(Array.from(runs[0].row(0, 6)));
    const m = GROUP_MEASURES.indexOf('new_ties');
    for (const arm of [0, 1]) expect(last.summary.arms[arm].mean[m]).toBeCloseTo(runs.reduce((a, r) => a + r.row(arm, 6)[m], 0) / 3, 12);
    expect(last.summary.difference!.mean[m]).toBeCloseTo(last.summary.arms[1].mean[m] - last.summary.arms[0].mean[m], 12);
    // The runs differ from one another (their own luck), so the band has width.
    expect(new Set(runs.map((r) => r.row(0, 6)[m])).size).toBeGreaterThan(1);
    // Reset takes every run back to week 0.
    s.handle({ type: 'reset' });
    expect(f.ticks().at(-1)!.tick).toBe(0);
  });

  test('the runs asked for are capped so that their populations stay within what the explorer runs live', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'configure', generation: 1, document: doc(), replicates: 100_000 });
    const ready = f.last('ready') as { replicates: number; persons: number };
    expect(ready.replicates).toBe(Math.floor(MAX_EXPLORER_PERSONS / ready.persons));
  });

  test('at a chosen speed the weeks are spaced by 1000 / speed milliseconds', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'speed', ticksPerSecond: 4 });
    s.handle({ type: 'configure', generation: 1, document: doc() });
    s.handle({ type: 'play' });
    expect(f.delays()).toEqual([0]);
    f.fire();
    s.handle({ type: 'ack', generation: 1, tick: 1 });
    expect(f.delays()).toEqual([250]);
    f.fire();
    expect(f.ticks().at(-1)!.tick).toBe(2);
  });

  test('pause stops, reset goes back to week 0 paused, and acks of an older document are ignored', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'speed', ticksPerSecond: 0 });
    s.handle({ type: 'configure', generation: 1, document: doc(MAX_TICKS_AHEAD + 4) });
    s.handle({ type: 'play' });
    f.fire();
    s.handle({ type: 'pause' });
    expect(f.pending()).toBe(0);
    expect(f.last('state')).toMatchObject({ playing: false, tick: 1 });
    s.handle({ type: 'reset' });
    expect(f.ticks().at(-1)!.tick).toBe(0);
    expect(f.last('state')).toMatchObject({ playing: false, tick: 0, done: false });
    // A new document: generation 2. An ack for generation 1 does not let it run ahead.
    s.handle({ type: 'configure', generation: 2, document: doc(MAX_TICKS_AHEAD + 4), play: true });
    while (f.fire());
    expect(f.ticks().at(-1)).toMatchObject({ generation: 2, tick: MAX_TICKS_AHEAD });
    s.handle({ type: 'ack', generation: 1, tick: 99 });
    expect(f.pending()).toBe(0);
    s.handle({ type: 'ack', generation: 2, tick: MAX_TICKS_AHEAD });
    expect(f.pending()).toBe(1);
  });

  test('with the network view open, each week carries each arm’s network of the chosen agency', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    s.handle({ type: 'configure', generation: 1, document: doc() });
    expect(f.ticks()[0].networks).toBeUndefined();
    s.handle({ type: 'network', open: true, agency: 1 });
    const shown = f.last('network')!;
    expect(shown.networks).toHaveLength(2);
    expect(shown.networks.every((n) => n.agency === 1 && n.tick === 0)).toBe(true);
    s.handle({ type: 'step' });
    expect(f.ticks().at(-1)!.networks!.map((n) => [n.agency, n.tick])).toEqual([
      [1, 1],
      [1, 1],
    ]);
    s.handle({ type: 'network', open: false, agency: 1 });
    s.handle({ type: 'step' });
    expect(f.ticks().at(-1)!.networks).toBeUndefined();
  });

  test('a document that does not compile, or a population too big to watch, comes back as an error', () => {
    const f = fakeHost();
    const s = new ExplorerSession(f.host);
    const bad = { ...doc(), arms: [{ name: 'arm-a', set: { 'agencies.count': 3 } }] } as unknown as ScenarioFile;
    s.handle({ type: 'configure', generation: 4, document: bad });
    expect(f.last('error')).toMatchObject({ generation: 4 });
    expect(f.last('error')!.message).toContain('arms share one population, and "agencies.count" shapes it');
    const big = JSON.parse(JSON.stringify(doc())) as { parameters: { population: { residentsPerLocality: { value: number } } } };
    big.parameters.population.residentsPerLocality.value = 1_000_000;
    s.handle({ type: 'configure', generation: 5, document: big as unknown as ScenarioFile });
    expect(f.last('error')!.message).toContain('too many to watch live; allowed: at most 100000');
    // Without a run, transport messages do nothing.
    s.handle({ type: 'step' });
    expect(f.ticks()).toHaveLength(0);
  });
});
