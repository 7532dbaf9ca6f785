// The explorer's worker side: takes the page's messages (protocol.ts), compiles the scenario document, runs
// both arms with ExplorerRun and sends every week's numbers back, paced by the chosen speed and by what the
// page has drawn. Part of explore/; browser-safe. The host (the Web Worker, or a test) supplies posting and
// the timer, so the pacing is tested under Node with a fake clock.
import { compileScenario } from '../scenario/compile.js';
import { ScenarioError } from '../scenario/errors.js';
import { GROUP_MEASURES } from '../metrics/groups.js';
import { ExplorerRun } from './explorer-run.js';
import { measureAgencyNetwork, type AgencyNetwork } from './agency-network.js';
import { MAX_TICKS_AHEAD, type FromWorker, type ToWorker } from './protocol.js';
import { countPersons, MAX_EXPLORER_PERSONS } from './explorer-limits.js';
import { replicateSeed } from '../engine/run-replicates.js';
import { summariseRuns } from './replicate-summary.js';

export interface ExplorerSessionHost {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

export class ExplorerSession {
  private readonly host: ExplorerSessionHost;
  private run: ExplorerRun | undefined;
  /** Every run per arm: run 0 is `run` (its networks are the ones shown), the others replicate it with their own seeds. */
  private runs: ExplorerRun[] = [];
  private generation = 0;
  private playing = false;
  private ticksPerSecond = 5;
  private networkOpen = false;
  private agency = 0;
  private acked = 0;
  private timer: unknown;
  private nextDue = 0;

  constructor(host: ExplorerSessionHost) {
    this.host = host;
  }

  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (err) {
      this.stop();
      const text = err instanceof ScenarioError ? err.message : `unexpected error in the explorer's worker: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
      this.host.post({ type: 'error', generation: this.generation, message: text });
    }
  }

  private dispatch(message: ToWorker): void {
    switch (message.type) {
      case 'configure':
        this.configure(message.generation, message.document, message.play === true, message.replicates ?? 1);
        return;
      case 'play':
        if (!this.run || this.run.done) return this.postState();
        this.playing = true;
        this.nextDue = this.host.now();
        this.postState();
        this.schedule();
        return;
      case 'pause':
        this.stop();
        this.postState();
        return;
      case 'step':
        this.stop();
        if (this.advanceAll()) this.postTick();
        this.postState();
        return;
      case 'reset':
        this.stop();
        if (!this.run) return;
        for (const r of this.runs) r.reset();
        this.acked = 0;
        this.postTick();
        this.postState();
        return;
      case 'speed':
        this.ticksPerSecond = Math.max(0, message.ticksPerSecond);
        if (this.playing) {
          this.clearTimer();
          this.nextDue = this.host.now();
          this.schedule();
        }
        return;
      case 'network':
        this.networkOpen = message.open;
        this.agency = message.agency;
        if (this.run && this.networkOpen) this.host.post({ type: 'network', generation: this.generation, tick: this.run.tick, networks: this.networks() });
        return;
      case 'ack':
        if (message.generation !== this.generation) return;
        this.acked = Math.max(this.acked, message.tick);
        this.schedule();
        return;
    }
  }

  private configure(generation: number, document: unknown, play: boolean, replicates: number): void {
    this.stop();
    this.run = undefined;
    this.runs = [];
    this.generation = generation;
    const t0 = this.host.now();
    const scenario = compileScenario([{ file: `<explorer: ${(document as { name?: string }).name ?? 'scenario'}>`, json: document }]);
    const persons = countPersons(scenario.params);
    if (persons > MAX_EXPLORER_PERSONS)
      throw new ScenarioError(scenario.name, [
        { path: 'parameters', message: `${persons} persons is too many to watch live; allowed: at most ${MAX_EXPLORER_PERSONS} (fewer localities, residents or referrals)` },
      ]);
    // As many runs as asked, while their populations together stay within what the explorer runs live.
    const runs = Math.max(1, Math.min(Math.floor(replicates) || 1, Math.floor(MAX_EXPLORER_PERSONS / Math.max(1, persons))));
    this.runs = Array.from({ length: runs }, (_, r) => new ExplorerRun(scenario, { seed: replicateSeed(scenario.seed, r) }));
    this.run = this.runs[0];
    this.agency = Math.min(this.agency, this.run.population.agencies - 1);
    this.acked = 0;
    this.host.post({
      type: 'ready',
      generation,
      name: scenario.name,
      title: scenario.title,
      seed: this.run.seed,
      ticks: this.run.ticks,
      arms: scenario.arms.map((a) => a.name),
      agencies: this.run.population.agencies,
      users: this.run.population.users,
      persons: this.run.population.persons,
      measures: GROUP_MEASURES,
      buildMs: this.host.now() - t0,
      replicates: runs,
    });
    this.postTick();
    if (play && !this.run.done) {
      this.playing = true;
      this.nextDue = this.host.now();
      this.schedule();
    }
    this.postState();
  }

  /** Every run one week on; false (nothing done) at the horizon. */
  private advanceAll(): boolean {
    if (!this.run || this.run.done) return false;
    for (const r of this.runs) r.advance();
    return true;
  }

  private networks(): AgencyNetwork[] {
    const run = this.run!;
    return run.arms.map((arm) => measureAgencyNetwork(arm.state, this.agency));
  }

  private postTick(stepMs = 0): void {
    const run = this.run!;
    const t0 = this.host.now();
    const values = run.arms.map((_, i) => run.row(i, run.tick).slice());
    const summary = summariseRuns(this.runs.map((r) => r.arms.map((_, i) => r.row(i, run.tick))));
    const networks = this.networkOpen ? this.networks() : undefined;
    this.host.post(
      { type: 'tick', generation: this.generation, tick: run.tick, ticks: run.ticks, values, summary, networks, stepMs: stepMs + this.host.now() - t0 },
      values.map((v) => v.buffer as ArrayBuffer),
    );
  }

  private postState(): void {
    this.host.post({ type: 'state', generation: this.generation, playing: this.playing, tick: this.run?.tick ?? 0, done: this.run?.done ?? false });
  }

  /** Plan the next week while playing: when it is due at the chosen speed and the page is not too far behind. */
  private schedule(): void {
    const run = this.run;
    if (!this.playing || !run || this.timer !== undefined) return;
    if (run.done) {
      this.playing = false;
      this.postState();
      return;
    }
    if (run.tick - this.acked >= MAX_TICKS_AHEAD) return; // the page's next ack calls schedule again
    const delay = this.ticksPerSecond > 0 ? Math.max(0, this.nextDue - this.host.now()) : 0;
    this.timer = this.host.setTimeout(() => {
      this.timer = undefined;
      if (!this.playing || this.run !== run) return;
      const t0 = this.host.now();
      this.advanceAll();
      this.postTick(this.host.now() - t0);
      if (this.ticksPerSecond > 0) this.nextDue = Math.max(this.nextDue + 1000 / this.ticksPerSecond, this.host.now() - 1000 / this.ticksPerSecond);
      this.schedule();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.host.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private stop(): void {
    this.playing = false;
    this.clearTimer();
  }
}
