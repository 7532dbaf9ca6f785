/// <reference lib="dom" />
// The teaching explorer's page (bundled into dist/explorer/app.js by scripts/build-explorer.mjs). Part of
// explore/browser/. It holds the settings (arm A, arm B's own values, seed, horizon), turns them into one
// scenario document (explorer-document.ts), sends that document to the worker, which runs the same engine
// as the CLI, and draws what comes back: the numbers table, the vega-lite chart and two sigma.js network
// views. Drawing paces the worker: each drawn week is acknowledged (protocol.ts).
// Stages at start: (1) settings for zod and text size, (2) the scenario the server opened and the bundled
// shipped ones, (3) the views, (4) the worker, (5) the controls and the first run.
import { z } from 'zod';
import { compileScenario, type Scenario } from '../../scenario/compile.js';
import type { ScenarioFile } from '../../scenario/schema.js';
import { GROUP_MEASURES } from '../../metrics/groups.js';
import { USER_MEASURES } from '../../metrics/user-measures.js';
import { formatNumber } from '../../output/format-number.js';
import { buildControlGroups } from '../controls.js';
import { applyPresetValues, buildExplorerDocument, describeArmA, describeArmB, documentValue, explorerFileName, initialSettings, type ExplorerSettings } from '../explorer-document.js';
import { countPersons, MAX_EXPLORER_PERSONS } from '../explorer-limits.js';
import { PRESETS } from '../presets.js';
import { buildChartRows, measureDefinition, TABLE_MEASURES, type ChartRow } from '../chart-spec.js';
import { describeDifference } from '../replicate-summary.js';
import type { AgencyNetwork } from '../agency-network.js';
import type { FromWorker, ReadyMessage, TickMessage, ToWorker } from '../protocol.js';
import { EDGE_COLOURS, NODE_COLOURS } from '../palette.js';
import { ControlsView } from './controls-view.js';
import { ChartView } from './chart-view.js';
import { NetworkView } from './network-view.js';
import { byId, download, downloadDataUrl, h, shortNumber } from './dom.js';
import { compileShipped, SHIPPED_LESSONS, SHIPPED_SCENARIOS } from './shipped-scenarios.js';
import { formatClaimNumber, lessonSettings, parseLesson, type Lesson } from '../lessons.js';

// 1. zod's fast path compiles with `new Function`, which the Content-Security-Policy forbids.
z.config({ jitless: true });

const LARGE_KEY = 'cpi-sim-explorer-large-text';
/** Runs per arm unless the address says (?runs=N, 1 to 100): enough that a lesson's effects stand clear of chance. */
const DEFAULT_RUNS = 20;

function runsFromAddress(): number {
  const asked = Number(new URLSearchParams(location.search).get('runs'));
  return Number.isInteger(asked) && asked >= 1 && asked <= 100 ? asked : DEFAULT_RUNS;
}
const SERVED = '(opened)';

interface ScenarioChoice {
  readonly id: string;
  readonly label: string;
  readonly scenario: Scenario;
}

/** Weeks handed to the views since week 0: the last one, and when the first and the last were. */
interface Drawn {
  readonly tick: number;
  readonly first: number;
  readonly last: number;
}

class ExplorerApp {
  private readonly worker: Worker;
  private readonly chart = new ChartView(byId('chart'));
  private readonly networks: NetworkView[];
  private readonly choices: ScenarioChoice[];
  private readonly defaults: ScenarioFile;
  private choice!: ScenarioChoice;
  private settings!: ExplorerSettings;
  private controls!: ControlsView;
  private document!: ScenarioFile;
  private generation = 0;
  private ready: ReadyMessage | undefined;
  private playing = false;
  private done = false;
  private large: boolean;
  private networkOpen = true;
  private agency = 0;
  /** Chart rows that arrived since the views were last updated. */
  private pendingRows: ChartRow[] = [];
  private latest: TickMessage | undefined;
  /** Runs per arm (the page's "Runs per arm", or ?runs=N): their average and its band are what the page shows. */
  private replicates = runsFromAddress();
  /** The guided lessons the page offers, and the one being followed (with its step). */
  private readonly lessons: readonly Lesson[];
  private lesson: { readonly lesson: Lesson; readonly step: number } | undefined;
  private latestNetworks: readonly AgencyNetwork[] | undefined;
  private drawScheduled = false;
  /** The horizon the chart was built for. */
  private chartTicks = -1;
  private networkShownAt = 0;
  private networkShownTick = -1;
  /** Weeks whose networks were drawn since week 0. */
  private networkPaints = 0;
  private drawn: Drawn = { tick: 0, first: 0, last: 0 };

  constructor(choices: ScenarioChoice[], initial: ScenarioChoice, large: boolean, lessons: readonly Lesson[] = []) {
    this.choices = choices;
    this.lessons = lessons;
    this.defaults = compileShipped('base').document;
    this.large = large;
    document.documentElement.classList.toggle('large', large);
    byId<HTMLInputElement>('large-text').checked = large;
    // 3. Views.
    this.networks = [new NetworkView(byId('network-a'), large), new NetworkView(byId('network-b'), large)];
    this.renderLegend();
    this.renderNumbers();
    // 4. The worker.
    this.worker = new Worker('worker.js', { name: 'cpi-sim engine', type: 'module' });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker.onerror = (event) => this.showError(`The engine stopped: ${event.message}`);
    this.wire();
    // 5. Controls and the first run.
    const select = byId<HTMLSelectElement>('scenario-select');
    select.replaceChildren(...choices.map((c) => h('option', { value: c.id }, c.label)));
    select.value = initial.id;
    const lessonSelect = byId<HTMLSelectElement>('lesson-select');
    lessonSelect.append(...lessons.map((l) => h('option', { value: l.name }, l.title)));
    lessonSelect.addEventListener('change', () => this.startLesson(this.lessons.find((l) => l.name === lessonSelect.value)));
    byId('lesson-back').addEventListener('click', () => this.lesson && this.lesson.step > 0 && this.showLessonStep(this.lesson.step - 1));
    byId('lesson-next').addEventListener('click', () => this.lesson && this.lesson.step < this.lesson.lesson.steps.length - 1 && this.showLessonStep(this.lesson.step + 1));
    this.open(initial);
  }

  /** Follow a lesson from its first step (on its scenario, with its runs per arm), or stop following one. */
  private startLesson(lesson: Lesson | undefined): void {
    this.lesson = undefined;
    byId('lesson').hidden = lesson === undefined;
    if (!lesson) return this.announce('No lesson: explore freely');
    const choice = this.choices.find((c) => c.id === SERVED && c.scenario.name === lesson.scenario) ?? this.choices.find((c) => c.scenario.name === lesson.scenario);
    if (!choice) return this.showError(`The lesson "${lesson.title}" runs the scenario ${lesson.scenario}, which this page does not offer`);
    if (choice !== this.choice) {
      byId<HTMLSelectElement>('scenario-select').value = choice.id;
      this.open(choice);
    }
    this.replicates = lesson.replicates;
    const runs = byId<HTMLSelectElement>('runs');
    if (!Array.from(runs.options).some((o) => o.value === String(this.replicates))) runs.append(h('option', { value: this.replicates }, String(this.replicates)));
    runs.value = String(this.replicates);
    this.lesson = { lesson, step: 0 };
    this.showLessonStep(0);
  }

  /** Put a lesson's step on the screen: its settings (both arms from week 0), its words, Back and Next. */
  private showLessonStep(index: number): void {
    const lesson = this.lesson!.lesson;
    const step = lesson.steps[index];
    this.lesson = { lesson, step: index };
    const settings = lessonSettings(lesson, index, this.choice.scenario.document, this.defaults);
    this.controls.update(settings);
    this.change(settings, `${lesson.title}, step ${index + 1} of ${lesson.steps.length}: ${step.title}. Both arms start again from week 0`);
    byId('lesson-progress').textContent = `${lesson.title}: step ${index + 1} of ${lesson.steps.length}`;
    byId('lesson-title').textContent = step.title;
    byId('lesson-narrative').textContent = step.narrative;
    byId('lesson-question').textContent = step.question;
    byId('lesson-look').textContent = step.lookAt.text;
    byId<HTMLButtonElement>('lesson-back').disabled = index === 0;
    byId<HTMLButtonElement>('lesson-next').disabled = index === lesson.steps.length - 1;
    this.renderClaim();
  }

  /** The step's claim with the page's own runs' figure, once the runs reach its week. */
  private renderClaim(): void {
    const el = byId('lesson-claim');
    const claim = this.lesson?.lesson.steps[this.lesson.step].claim;
    const latest = this.latest?.generation === this.generation ? this.latest : undefined;
    const week = claim?.week ?? latest?.ticks ?? 0;
    if (!claim || !latest || latest.tick < week || !latest.summary.difference) {
      el.textContent = claim ? `Play to week ${claim.week ?? this.settings.ticks} to see: ${claim.text.replaceAll('{n}', '…')}` : '';
      return;
    }
    const m = GROUP_MEASURES.indexOf(claim.measure);
    const d = latest.summary.difference;
    const users = latest.summary.arms[0].mean[GROUP_MEASURES.indexOf('users')];
    // As checkLessonClaim frames it: a mean per service user × perPeople; a count × perPeople ÷ users.
    const isMean = (USER_MEASURES as readonly string[]).includes(claim.measure);
    const scale = claim.perPeople === undefined ? 1 : isMean ? claim.perPeople : claim.perPeople / users;
    const [mean, low, high] = [d.mean[m] * scale, d.low[m] * scale, d.high[m] * scale];
    const holds = claim.direction === 'lower' ? high < 0 : low > 0;
    // The interval's ends, nearer zero first when both lie on one side ("8.3 to 18 fewer").
    const [near, far] = Math.abs(low) <= Math.abs(high) ? [low, high] : [high, low];
    const range = low * high > 0 ? `${formatClaimNumber(near)} to ${formatClaimNumber(far)} ${mean < 0 ? 'fewer' : 'more'}` : `${formatClaimNumber(low)} fewer to ${formatClaimNumber(high)} more`;
    el.textContent = `${claim.text.replaceAll('{n}', formatClaimNumber(mean)).replace(/\.$/, '')} (95% interval over ${latest.summary.runs} runs: ${range}; ${
      holds ? 'it does not include zero, so this is more than chance' : 'it includes zero: with these runs, chance could explain it'
    }).`;
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** Open a scenario: its first two arms become A and B. */
  private open(choice: ScenarioChoice): void {
    this.choice = choice;
    this.settings = initialSettings(choice.scenario);
    byId('scenario-title').textContent = `${choice.scenario.title} (${choice.scenario.name})`;
    this.controls = new ControlsView({
      container: byId('controls'),
      groups: buildControlGroups(choice.scenario.document),
      document: choice.scenario.document,
      settings: this.settings,
      onChange: (s) => this.change(s),
    });
    this.renderPresets();
    this.configure('Scenario opened');
  }

  /** New settings: run them, or (when they make no valid scenario) say why and show the last good ones again. */
  private change(settings: ExplorerSettings, announcement = 'Settings changed: both arms start again from week 0'): void {
    const previous = this.settings;
    this.settings = settings;
    if (this.configure(announcement)) return;
    this.settings = previous;
    this.controls.update(previous);
  }

  /**
   * Send the screen's scenario document to the worker (both arms restart from week 0, playing on if they
   * were). Returns false, showing the reason, when the settings make no valid scenario.
   */
  private configure(announcement: string): boolean {
    const base = this.choice.scenario.document;
    let document: ScenarioFile;
    try {
      document = buildExplorerDocument(base, this.settings);
      const value = (path: string) => documentValue(document, path) as number;
      const persons = value('population.localities') * value('population.residentsPerLocality') + value('serviceUsers.referrals');
      if (persons > MAX_EXPLORER_PERSONS) throw new Error(`${persons} persons is too many to watch live (at most ${MAX_EXPLORER_PERSONS}): lower the referrals or the agencies`);
    } catch (err) {
      this.showError((err as Error).message);
      return false;
    }
    this.showError(undefined);
    this.document = document;
    this.generation++;
    this.ready = undefined;
    byId('arm-a-text').textContent = describeArmA(base, this.settings);
    byId('arm-b-text').textContent = describeArmB(base, this.settings);
    this.post({ type: 'configure', generation: this.generation, document, play: this.playing, replicates: this.replicates });
    this.announce(announcement);
    return true;
  }

  private receive(message: FromWorker): void {
    if (message.generation !== this.generation) return;
    switch (message.type) {
      case 'ready':
        this.ready = message;
        if (message.replicates < this.replicates) this.announce(`${message.replicates} run${message.replicates === 1 ? '' : 's'} per arm: a population this size leaves room for no more`);
        this.renderAgencies(message.agencies);
        // A new horizon needs a new x axis; otherwise week 0 (next) only empties the chart.
        if (message.ticks !== this.chartTicks) {
          this.chartTicks = message.ticks;
          void this.chart.show(message.ticks, this.large);
        }
        return;
      case 'tick':
        if (message.tick === 0) this.restart();
        this.pendingRows.push(
          ...buildChartRows(
            message.tick,
            message.summary.arms.map((s, i) => ({ arm: i === 0 ? 'A' : 'B', values: s.mean, low: s.low, high: s.high })),
          ),
        );
        this.latest = message;
        if (message.networks) this.latestNetworks = message.networks;
        this.requestDraw();
        return;
      case 'network':
        this.latestNetworks = message.networks;
        this.networkShownTick = -1;
        this.networkShownAt = 0;
        this.requestDraw();
        return;
      case 'state': {
        const wasPlaying = this.playing;
        this.playing = message.playing;
        this.done = message.done;
        const play = byId<HTMLButtonElement>('play');
        play.textContent = this.playing ? 'Pause' : this.done ? 'Play again' : 'Play';
        byId<HTMLButtonElement>('step').disabled = this.done;
        // Stopped: show the week on screen in full (the networks may have skipped weeks while playing).
        if (!this.playing) this.requestDraw();
        if (this.done && wasPlaying) this.announce(`Finished at week ${message.tick}`);
        else if (!this.playing && wasPlaying) this.announce(`Paused at week ${message.tick}`);
        else if (this.playing && !wasPlaying) this.announce('Playing');
        return;
      }
      case 'error':
        this.showError(message.message);
        return;
    }
  }

  /** Week 0 again: empty the chart and the networks. */
  private restart(): void {
    this.pendingRows = [];
    this.latestNetworks = undefined;
    this.networkShownTick = -1;
    this.networkPaints = 0;
    this.chart.clear();
    for (const n of this.networks) n.clear();
    this.drawn = { tick: 0, first: 0, last: 0 };
  }

  /**
   * Hand what arrived to the views as soon as the page is free (weeks that arrived together are handed over
   * together). Not on the next animation frame: the views paint at the display's pace (sigma and vega
   * schedule their own frames), so a slow display shows several weeks per frame instead of slowing the run.
   */
  private requestDraw(): void {
    if (this.drawScheduled) return;
    this.drawScheduled = true;
    setTimeout(() => {
      this.drawScheduled = false;
      this.draw();
    }, 0);
  }

  /** The new chart rows, the numbers, the networks; then tell the worker what was handed over. */
  private draw(): void {
    const latest = this.latest;
    if (!latest) return;
    this.chart.append(this.pendingRows);
    this.pendingRows = [];
    this.renderNumbers(latest);
    // The networks every week where painting them is cheap (a graphics card); where it is dear (software
    // rendering) only every few weeks while playing, so that they take at most about a third of the page's time.
    const paintMs = Math.max(...this.networks.map((n) => n.paintMs));
    const force = !this.playing || latest.tick === 0 || latest.tick === latest.ticks;
    if (this.networkOpen && this.latestNetworks && this.networkShownTick !== latest.tick && (force || performance.now() - this.networkShownAt >= 2 * paintMs)) {
      this.networkShownAt = performance.now();
      this.networkShownTick = latest.tick;
      this.networkPaints++;
      this.latestNetworks.forEach((n, i) => this.showNetwork(i, n));
    }
    byId('week').textContent = `Week ${latest.tick} of ${latest.ticks}`;
    const now = performance.now();
    if (latest.tick > this.drawn.tick) {
      this.drawn = { tick: latest.tick, first: this.drawn.tick === 0 ? now : this.drawn.first, last: now };
    }
    this.post({ type: 'ack', generation: latest.generation, tick: latest.tick });
  }

  private showNetwork(arm: number, network: AgencyNetwork): void {
    this.networks[arm].show(network);
    const c = network.counts;
    byId(`network-${arm === 0 ? 'a' : 'b'}-counts`).textContent =
      `${network.users} of ${network.usersTotal} users referred · ties: ${c.existing} existing, ${c.intervention} via the intervention, ${c.new} other new, ${c.lost} lost`;
  }

  private renderNumbers(message?: TickMessage): void {
    const body = byId('numbers-body');
    const s = message?.summary;
    const rows = TABLE_MEASURES.map(({ measure, label }) => {
      const m = GROUP_MEASURES.indexOf(measure);
      // The runs' averages (run 0's own values are in data-run0, for checks against `cpi-sim run`).
      const a = s ? s.arms[0].mean[m] : NaN;
      const b = s ? s.arms[1].mean[m] : NaN;
      const d = s?.difference ? s.difference.mean[m] : NaN;
      const cell = (arm: string, v: number, run0: number) => h('td', { 'data-measure': measure, 'data-arm': arm, 'data-value': formatNumber(v), 'data-run0': formatNumber(run0) }, shortNumber(v));
      return h(
        'tr',
        {},
        h('th', { scope: 'row', title: measureDefinition(measure) }, label),
        cell('A', a, message ? message.values[0][m] : NaN),
        cell('B', b, message ? message.values[1][m] : NaN),
        h('td', {}, d === d ? shortNumber(d) : '–'),
      );
    });
    body.replaceChildren(...rows);
    const runs = s?.runs ?? 1;
    byId('numbers-caption').textContent = message
      ? `Week ${message.tick} of ${message.ticks}: means over each arm's service users${runs > 1 ? `, averaged over ${runs} runs per arm` : ''} (counts for partnerships and graduates)`
      : 'Waiting for the first week';
    this.renderClaim();
    const nt = GROUP_MEASURES.indexOf('new_ties');
    byId('difference-words').textContent =
      message && s?.difference && message.tick > 0
        ? `New ties by week ${message.tick}: ${describeDifference({ mean: s.difference.mean[nt], low: s.difference.low[nt], high: s.difference.high[nt] }, runs, 'new ties', true)}.`
        : '';
  }

  private renderAgencies(count: number): void {
    const select = byId<HTMLSelectElement>('network-agency');
    const width = Math.max(2, String(count).length);
    select.replaceChildren(...Array.from({ length: count }, (_, a) => h('option', { value: a }, `agency-${String(a + 1).padStart(width, '0')}`)));
    this.agency = Math.min(this.agency, count - 1);
    select.value = String(this.agency);
    this.post({ type: 'network', open: this.networkOpen, agency: this.agency });
  }

  private renderLegend(): void {
    const dot = (colour: string, text: string) => h('li', {}, h('span', { class: 'dot', style: `background:${colour}` }), text);
    const line = (colour: string, width: number, text: string) => h('li', {}, h('span', { class: 'line', style: `border-top:${width}px solid ${colour}` }), text);
    byId('network-legend').replaceChildren(
      dot(NODE_COLOURS.user, 'service user'),
      dot(NODE_COLOURS.worker, 'worker'),
      dot(NODE_COLOURS.peerWorker, 'peer worker'),
      dot(NODE_COLOURS.communityNode, 'community node'),
      dot(NODE_COLOURS.serviceNode, 'service-based node'),
      dot(NODE_COLOURS.person, 'other person'),
      line(EDGE_COLOURS.existing, 2, 'tie existing at the start'),
      line(EDGE_COLOURS.intervention, 4, 'tie formed via the intervention'),
      line(EDGE_COLOURS.new, 3, 'other new tie'),
      line(EDGE_COLOURS.lost, 2, 'tie lost'),
      line(EDGE_COLOURS.partnership, 3, 'partnership'),
      line(EDGE_COLOURS.attendance, 2, 'attends'),
    );
  }

  private renderPresets(): void {
    const row = (arm: 'a' | 'b') =>
      h(
        'div',
        { class: 'preset-row', role: 'group', 'aria-label': `Presets for arm ${arm.toUpperCase()}` },
        h('span', {}, arm === 'a' ? 'Arm A (and B):' : 'Arm B only:'),
        ...PRESETS.map((p) => {
          const button = h('button', { type: 'button', title: p.description, 'aria-label': `${p.label}: apply to arm ${arm.toUpperCase()}`, 'data-preset': p.id, 'data-arm': arm }, p.label);
          button.addEventListener('click', () => this.applyPreset(p.id, arm));
          return button;
        }),
      );
    const same = h('button', { type: 'button', id: 'b-same-as-a', title: "Drop all of arm B's own values: B runs exactly as A" }, 'Make B the same as A');
    same.addEventListener('click', () => {
      const settings = { ...this.settings, b: {} };
      this.controls.update(settings);
      this.change(settings, 'Arm B is now the same as arm A; both start again from week 0');
    });
    byId('presets').replaceChildren(row('a'), row('b'), h('div', { class: 'preset-row' }, same));
  }

  private applyPreset(id: string, arm: 'a' | 'b'): void {
    const preset = PRESETS.find((p) => p.id === id)!;
    const next = applyPresetValues(this.choice.scenario.document, this.settings, arm, preset.values(this.defaults));
    this.controls.update(next);
    this.change(next, arm === 'a' ? `${preset.label} applied to arm A (and to B where B has no value of its own); both arms start again from week 0` : `Arm B is now arm A plus "${preset.label}"; both arms start again from the same week 0`);
  }


  private togglePlay(): void {
    if (this.playing) this.post({ type: 'pause' });
    else {
      if (this.done) this.post({ type: 'reset' });
      this.post({ type: 'play' });
    }
  }

  private setLarge(large: boolean): void {
    this.large = large;
    document.documentElement.classList.toggle('large', large);
    byId<HTMLInputElement>('large-text').checked = large;
    try {
      localStorage.setItem(LARGE_KEY, large ? '1' : '0');
    } catch {
      // Storage may be off (private windows): the setting then lasts for this page only.
    }
    if (this.ready) void this.chart.show(this.ready.ticks, large);
    for (const n of this.networks) {
      n.setLarge(large);
      n.resize();
    }
  }

  private wire(): void {
    byId('play').addEventListener('click', () => this.togglePlay());
    byId('step').addEventListener('click', () => this.post({ type: 'step' }));
    byId('reset').addEventListener('click', () => this.post({ type: 'reset' }));
    const runs = byId<HTMLSelectElement>('runs');
    if (Array.from(runs.options).some((o) => o.value === String(this.replicates))) runs.value = String(this.replicates);
    runs.addEventListener('change', () => {
      this.replicates = Number(runs.value);
      this.change(this.settings, `${this.replicates} run${this.replicates === 1 ? '' : 's'} per arm; both arms start again from week 0`);
    });
    const speed = byId<HTMLSelectElement>('speed');
    const sendSpeed = () => this.post({ type: 'speed', ticksPerSecond: Number(speed.value) });
    speed.addEventListener('change', sendSpeed);
    sendSpeed();
    byId<HTMLInputElement>('large-text').addEventListener('change', (e) => this.setLarge((e.target as HTMLInputElement).checked));
    byId<HTMLSelectElement>('scenario-select').addEventListener('change', (e) => {
      const choice = this.choices.find((c) => c.id === (e.target as HTMLSelectElement).value);
      if (choice) this.open(choice);
    });
    const open = byId<HTMLInputElement>('network-open');
    open.addEventListener('change', () => {
      this.networkOpen = open.checked;
      byId('network').hidden = !open.checked;
      byId<HTMLSelectElement>('network-agency').disabled = !open.checked;
      if (open.checked) for (const n of this.networks) n.resize();
      this.post({ type: 'network', open: this.networkOpen, agency: this.agency });
    });
    byId<HTMLSelectElement>('network-agency').addEventListener('change', (e) => {
      this.agency = Number((e.target as HTMLSelectElement).value);
      for (const n of this.networks) n.clear();
      this.post({ type: 'network', open: this.networkOpen, agency: this.agency });
    });
    byId('export-scenario').addEventListener('click', () => {
      download(explorerFileName(this.document, this.settings), new Blob([`${JSON.stringify(this.document, null, 2)}\n`], { type: 'application/json' }));
      this.announce('Scenario exported: run it with npx cpi-sim run FILE.json');
    });
    const chartName = () => `${this.document.name}-seed-${this.settings.seed}-week-${this.latest?.tick ?? 0}`;
    byId('export-png').addEventListener('click', async () => downloadDataUrl(`${chartName()}.png`, await this.chart.toPng()));
    byId('export-svg').addEventListener('click', async () => download(`${chartName()}.svg`, new Blob([await this.chart.toSvg()], { type: 'image/svg+xml' })));
    document.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement;
      if (e.altKey || e.ctrlKey || e.metaKey || t.closest('input, select, textarea, button, summary, [contenteditable]')) return;
      const key = e.key.toLowerCase();
      if (key === ' ') this.togglePlay();
      else if (key === 's') this.post({ type: 'step' });
      else if (key === 'r') this.post({ type: 'reset' });
      else if (key === 'l') this.setLarge(!this.large);
      else return;
      e.preventDefault();
    });
  }

  private announce(text: string): void {
    byId('status').textContent = text;
  }

  private showError(text: string | undefined): void {
    const el = byId('error');
    el.hidden = text === undefined;
    el.textContent = text ?? '';
  }

  /** A read-only view of the page for tests and the browser console (`cpiExplorer.numbers()`, …). */
  inspect() {
    return {
      state: () => ({
        ready: this.ready !== undefined && this.latest?.generation === this.generation,
        generation: this.generation,
        tick: this.latest?.generation === this.generation ? this.latest.tick : 0,
        ticks: this.ready?.ticks ?? this.settings.ticks,
        playing: this.playing,
        done: this.done,
        scenario: this.document.name,
        seed: this.settings.seed,
        /** Runs per arm the worker runs (the page's average and band are over them). */
        runs: this.latest?.generation === this.generation ? this.latest.summary.runs : (this.ready?.replicates ?? this.replicates),
      }),
      /** The rows the chart draws. */
      series: () => this.chart.data(),
      /** Every measure of group `all` at the week on screen, per arm, as series.csv writes it. */
      numbers: () =>
        Object.fromEntries(GROUP_MEASURES.map((m, i) => [m, { A: formatNumber(this.latest?.values[0][i] ?? NaN), B: formatNumber(this.latest?.values[1][i] ?? NaN) }])),
      /** The scenario document "Export scenario" writes. */
      document: () => JSON.parse(JSON.stringify(this.document)) as ScenarioFile,
      /** Weeks shown since week 0, and the rate at which they reached the views (from week 1 to the last). */
      stats: () => ({
        weeksShown: this.drawn.tick,
        ticksPerSecond: this.drawn.tick > 1 ? ((this.drawn.tick - 1) * 1000) / (this.drawn.last - this.drawn.first) : NaN,
        networkWeeksShown: this.networkPaints,
        networkPaintMs: Math.max(...this.networks.map((n) => n.paintMs)),
        buildMs: this.ready?.buildMs ?? NaN,
        stepMs: this.latest?.stepMs ?? NaN,
      }),
    };
  }
}

async function start(): Promise<void> {
  // 1. Text size: the last choice, or ?large=1.
  let large = new URLSearchParams(location.search).get('large') === '1';
  try {
    large ||= localStorage.getItem(LARGE_KEY) === '1';
  } catch {
    // No storage: default size.
  }
  // 2. Scenarios: the one the server opened, then the shipped ones small enough to watch live.
  const response = await fetch('scenario.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`the server did not give the scenario (HTTP ${response.status})`);
  const served = (await response.json()) as { name: string; document: unknown };
  const opened: ScenarioChoice = {
    id: SERVED,
    label: `${served.name} (opened with cpi-sim explore)`,
    scenario: compileScenario([{ file: served.name, json: served.document }]),
  };
  const shipped = Object.keys(SHIPPED_SCENARIOS)
    .sort()
    .filter((name) => name !== served.name)
    .map((name) => ({ id: name, label: name, scenario: compileShipped(name) }))
    .filter((c) => countPersons(c.scenario.params) <= MAX_EXPLORER_PERSONS);
  // 3. Lessons: the shipped ones, checked against the scenarios this page can run.
  const runnable = new Map([opened, ...shipped].map((c) => [c.scenario.name, c.scenario.document]));
  const lessons = Object.entries(SHIPPED_LESSONS).flatMap(([name, json]) => {
    try {
      return [parseLesson(json, `scenarios/lessons/${name}.json`, { names: [...runnable.keys()], documentOf: (n) => runnable.get(n)! })];
    } catch (err) {
      console.error(err);
      return [];
    }
  });
  const app = new ExplorerApp([opened, ...shipped], opened, large, lessons);
  (window as unknown as { cpiExplorer: unknown }).cpiExplorer = app.inspect();
}

start().catch((err: unknown) => {
  const el = document.getElementById('error');
  if (el) {
    el.hidden = false;
    el.textContent = `The explorer could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  console.error(err);
});
