/// <reference lib="dom" />
// The outcome chart on the page: the vega-lite spec of chart-spec.ts embedded with vega-embed, fed row by
// row as the weeks arrive. Part of explore/browser/. CSP-safe: vega-embed's `ast: true` makes vega parse
// expressions to trees run by vega-interpreter, never `new Function`; the actions menu (with its link to
// the online editor) is off, so the page makes no outside request.
import embed, { type Result } from 'vega-embed';
import { changeset } from 'vega';
import { buildExplorerChartSpec, type ChartRow } from '../chart-spec.js';

export class ChartView {
  private readonly container: HTMLElement;
  private result: Result | undefined;
  private rows: ChartRow[] = [];
  private embedding: Promise<void> = Promise.resolve();
  /** Rows received while the chart is being (re)built: added once it is ready. */
  private pending: ChartRow[] = [];

  constructor(container: HTMLElement) {
    this.container = container;
  }

  /** (Re)build the chart for a horizon and text size, keeping the rows it has. */
  show(ticks: number, large: boolean): Promise<void> {
    this.embedding = this.embedding.then(async () => {
      this.result?.finalize();
      this.result = undefined;
      const result = await embed(this.container, buildExplorerChartSpec({ ticks, large }) as never, {
        mode: 'vega-lite',
        renderer: 'svg',
        actions: false,
        ast: true,
      });
      this.result = result;
      this.rows.push(...this.pending);
      this.pending = [];
      await result.view.change('series', changeset().insert(this.rows.map((r) => ({ ...r })))).resize().runAsync();
    });
    return this.embedding;
  }

  /** Start again from week 0. */
  clear(): void {
    this.rows = [];
    this.pending = [];
    this.result?.view.change('series', changeset().remove(() => true)).resize().run();
  }

  /** Add a week's rows. */
  append(rows: readonly ChartRow[]): void {
    if (rows.length === 0) return;
    if (!this.result) {
      this.pending.push(...rows);
      return;
    }
    this.rows.push(...rows);
    // resize(): the axes' widths follow the data, and vega lays the panels out again only when asked.
    this.result.view.change('series', changeset().insert(rows.map((r) => ({ ...r })))).resize().run();
  }

  /** The rows the chart holds (what it draws). */
  data(): ChartRow[] {
    return this.result ? (this.result.view.data('series') as ChartRow[]).map((r) => ({ tick: r.tick, arm: r.arm, measure: r.measure, label: r.label, value: r.value, low: r.low, high: r.high })) : [];
  }

  /** The chart as an SVG document. */
  async toSvg(): Promise<string> {
    await this.embedding;
    if (!this.result) throw new Error('the chart is not ready');
    return this.result.view.toSVG();
  }

  /** The chart as a PNG data: URL, at twice the screen's resolution (for projectors and slides). */
  async toPng(): Promise<string> {
    await this.embedding;
    if (!this.result) throw new Error('the chart is not ready');
    return this.result.view.toImageURL('png', 2);
  }
}
