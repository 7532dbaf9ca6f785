/// <reference lib="dom" />
// The explorer's settings panel: one row per control (controls.ts), with arm A's and arm B's value side by
// side; a shared control (population sizes, seed, horizon) has one box for both arms and says so. Part of
// explore/browser/. Every widget is a native, labelled form control (keyboard operable); sliders commit on
// release or on each arrow key (`change`), the number boxes on Enter or leaving the box.
import { BARRIER_LABELS, checkControlValue, describeControl, sliderPosition, sliderValue, SLIDER_POSITIONS, type ControlGroup, type ControlValue, type ParameterControl } from '../controls.js';
import { documentValue, valueInA, valueInB, withValues, type ExplorerSettings } from '../explorer-document.js';
import { h } from './dom.js';

export type Arm = 'a' | 'b';

export interface ControlsViewOptions {
  readonly container: HTMLElement;
  readonly groups: readonly ControlGroup[];
  /** The complete scenario document the settings apply to. */
  readonly document: unknown;
  readonly settings: ExplorerSettings;
  readonly onChange: (settings: ExplorerSettings) => void;
}

interface ArmWidgets {
  readonly slider?: HTMLInputElement;
  readonly box?: HTMLInputElement;
  readonly checkbox?: HTMLInputElement;
  readonly error: HTMLElement;
}

interface Row {
  readonly control: ParameterControl;
  readonly element: HTMLElement;
  readonly arms: Partial<Record<Arm, ArmWidgets>>;
  readonly follow?: HTMLButtonElement;
}

const idOf = (path: string) => `c-${path.replace(/[^A-Za-z0-9]/g, '-')}`;
const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
const ARM_NAME: Record<Arm, string> = { a: 'arm A', b: 'arm B' };

export class ControlsView {
  private readonly options: ControlsViewOptions;
  private settings: ExplorerSettings;
  private readonly rows: Row[] = [];

  constructor(options: ControlsViewOptions) {
    this.options = options;
    this.settings = options.settings;
    options.container.replaceChildren(...options.groups.map((g) => this.renderGroup(g)));
    this.update(options.settings);
  }

  /** Show new settings (after a preset, or a change made elsewhere). */
  update(settings: ExplorerSettings): void {
    this.settings = settings;
    for (const row of this.rows) this.showRow(row);
  }

  private renderGroup(group: ControlGroup): HTMLElement {
    const body: HTMLElement[] = [];
    let barrier: string | undefined;
    let block: HTMLElement | undefined;
    for (const control of group.controls) {
      const m = /^barriers\.(user|worker)\.([A-Za-z]+)\./.exec(control.path);
      if (m) {
        const key = `${m[1]}.${m[2]}`;
        if (key !== barrier) {
          barrier = key;
          const headingId = `${idOf(control.path)}-barrier`;
          block = h('div', { class: 'barrier', role: 'group', 'aria-labelledby': headingId }, h('h4', { id: headingId }, BARRIER_LABELS[key] ?? m[2]));
          body.push(block);
        }
        block!.append(this.renderRow(control, true));
      } else body.push(this.renderRow(control, false));
    }
    const head = h(
      'div',
      { class: 'row head', 'aria-hidden': 'true' },
      h('span', {}, 'Setting'),
      h('span', { class: 'arm-a' }, 'Arm A'),
      h('span', { class: 'arm-b' }, group.id === 'shared' ? '' : 'Arm B'),
    );
    return h('details', { class: 'group', id: `group-${group.id}`, open: true }, h('summary', {}, group.title), h('p', { class: 'note' }, group.note), head, ...body);
  }

  private renderRow(control: ParameterControl, inBarrier: boolean): HTMLElement {
    const id = idOf(control.path);
    const shortLabel = inBarrier ? control.label.slice(control.label.indexOf(': ') + 2) : control.label;
    const tip = h('span', { class: 'tip', role: 'tooltip', id: `${id}-tip` }, describeControl(control));
    const info = h('button', { type: 'button', class: 'info', 'aria-label': `About ${control.label}`, 'aria-describedby': `${id}-tip` }, 'i');
    const label = h('span', { class: 'label', id: `${id}-label` }, shortLabel, control.kind === 'number' && control.unit ? h('span', { class: 'unit' }, ` (${control.unit})`) : undefined);
    const element = h('div', { class: `row${control.shared ? ' shared' : ''}`, 'data-path': control.path }, h('span', { class: 'setting' }, label, info, tip));
    const arms: Partial<Record<Arm, ArmWidgets>> = {};
    let follow: HTMLButtonElement | undefined;
    if (control.shared) {
      arms.a = this.renderArm(control, 'a', element);
      element.append(h('span', { class: 'both' }, 'both arms'));
    } else {
      arms.a = this.renderArm(control, 'a', element);
      arms.b = this.renderArm(control, 'b', element);
      follow = h('button', { type: 'button', class: 'follow', 'aria-label': `${control.label}: make arm B follow arm A`, title: 'Arm B follows arm A again' }, '= A');
      follow.addEventListener('click', () => this.commit(control, 'b', undefined));
      (element.lastElementChild as HTMLElement).append(follow);
    }
    const row: Row = { control, element, arms, follow };
    this.rows.push(row);
    return element;
  }

  private renderArm(control: ParameterControl, arm: Arm, row: HTMLElement): ArmWidgets {
    const name = `${control.label}, ${control.shared ? 'both arms' : ARM_NAME[arm]}`;
    const id = `${idOf(control.path)}-${arm}`;
    const error = h('span', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' });
    const cell = h('span', { class: `cell arm-${arm}` });
    let widgets: ArmWidgets;
    if (control.kind === 'boolean') {
      const checkbox = h('input', { type: 'checkbox', id, 'aria-label': name, 'aria-describedby': `${idOf(control.path)}-tip` });
      checkbox.addEventListener('change', () => this.commit(control, arm, checkbox.checked));
      cell.append(checkbox);
      widgets = { checkbox, error };
    } else {
      const box = h('input', {
        type: 'number',
        id,
        'aria-label': `${name} (number)`,
        'aria-describedby': `${idOf(control.path)}-tip ${id}-error`,
        min: control.range[0],
        max: control.range[1],
        step: control.integer ? 1 : 'any',
        inputmode: control.integer ? 'numeric' : 'decimal',
      });
      let slider: HTMLInputElement | undefined;
      if (control.widget === 'slider') {
        slider = h('input', { type: 'range', id: `${id}-slider`, 'aria-label': name, 'aria-describedby': `${idOf(control.path)}-tip`, min: 0, max: SLIDER_POSITIONS, step: 1 });
        const s = slider;
        s.addEventListener('input', () => {
          const v = sliderValue(control, Number(s.value));
          box.value = String(v);
          s.setAttribute('aria-valuetext', `${v} ${control.unit}`);
        });
        s.addEventListener('change', () => this.commit(control, arm, sliderValue(control, Number(s.value))));
        cell.append(s);
      }
      box.addEventListener('change', () => {
        const v = box.value.trim() === '' ? NaN : Number(box.value);
        const problem = checkControlValue(control, v);
        if (problem) {
          box.setAttribute('aria-invalid', 'true');
          error.textContent = problem;
          return;
        }
        this.commit(control, arm, v);
      });
      cell.append(box);
      widgets = { slider, box, error };
    }
    cell.append(error);
    row.append(cell);
    return widgets;
  }

  private showRow(row: Row): void {
    const { control } = row;
    const doc = this.options.document;
    for (const arm of ['a', 'b'] as const) {
      const w = row.arms[arm];
      if (!w) continue;
      const value = (arm === 'a' ? valueInA(doc, this.settings, control.path) : valueInB(doc, this.settings, control.path)) as ControlValue;
      if (w.checkbox) w.checkbox.checked = value === true;
      if (w.box) {
        w.box.value = String(value);
        w.box.removeAttribute('aria-invalid');
      }
      if (w.slider) {
        w.slider.value = String(sliderPosition(control, value as number));
        w.slider.setAttribute('aria-valuetext', `${value} ${control.unit}`);
      }
      w.error.textContent = '';
      // Both arms start from arm A's week 0 (baseline "shared"), so a starting prevalence of B's own would change
      // nothing: B's prevalence is shown, but set in column A.
      if (arm === 'b' && startsFromA(control.path, this.settings)) {
        const why = "Arm B starts from arm A's week 0 (the same people with the same barriers), so its starting prevalence is arm A's: set it in column A";
        for (const input of [w.box, w.slider, w.checkbox]) if (input) Object.assign(input, { disabled: true, title: why });
      }
    }
    if (control.shared) return;
    const own = control.path in this.settings.b;
    const differs = own && !same(valueInA(doc, this.settings, control.path), this.settings.b[control.path]);
    row.element.classList.toggle('differs', differs);
    row.element.classList.toggle('changed', control.path in this.settings.a && !same(this.settings.a[control.path], documentValue(doc, control.path)));
    if (row.follow) row.follow.disabled = !own;
  }

  /** A new value for an arm (undefined: arm B follows arm A again). */
  private commit(control: ParameterControl, arm: Arm, value: ControlValue | undefined): void {
    const next = withValues(this.options.document, this.settings, arm, { [control.path]: value });
    this.update(next);
    this.options.onChange(next);
  }
}

/** A value arm B cannot have of its own: a barrier's prevalence at start while both arms share their week 0. */
function startsFromA(path: string, settings: ExplorerSettings): boolean {
  return path.endsWith('.prevalence') && (settings.baseline ?? 'shared') === 'shared';
}
