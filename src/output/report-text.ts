// The report's words and numbers as HTML: escaping, the inline Markdown of scenario texts, numbers rounded to
// what their intervals support (with a true minus sign), figures that carry their machine-readable value, and
// lists, durations and sums of money in words. Shared by the report's sections (output/report-html.ts,
// output/report-planning-html.ts) and the acceptability chart's labels. Part of output/; pure, browser-safe.
import { formatNumber } from './format-number.js';

// Texts come from a results folder's scenario.json, which a reader may have edited (read with --trust): a
// number or null where a text belongs is written as its text, not a crash.
export const esc = (value: string) => String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Escaped text with the inline Markdown that scenario authors write rendered: `code`, **strong** and *em*.
 * Anything else stays as text.
 */
export function renderInlineMarkdown(text: string): string {
  return esc(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*(?=$|[\s).,;:!?])/g, '$1<em>$2</em>');
}

/** A number as the report prints it where no interval sets the precision: 3 significant digits, whole numbers from 100 on. */
export function formatFigure(v: number): string {
  if (v !== v) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
  return text.replace(/^-/, '−');
}

/**
 * The decimals a figure deserves: one significant digit of its interval's half-width (a mean known to ±5
 * is printed to whole units, one known to ±0.04 to two decimals), and never more than `max`. Without an
 * interval (every run gave the same value) as few as show `value` to `max` decimals: 0, not 0.0.
 */
export function decimalsFor(halfWidth: number, max: number, value = 0): number {
  if (!(halfWidth > 0) || !Number.isFinite(halfWidth)) {
    for (let d = 0; d < max; d++) if (Number(value.toFixed(d)) === Number(value.toFixed(max))) return d;
    return max;
  }
  return Math.min(max, Math.max(0, -Math.floor(Math.log10(halfWidth))));
}

/** A number to a fixed number of decimals, with a true minus sign and no "−0". */
export function formatFixed(v: number, decimals: number): string {
  if (v !== v) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const text = v.toFixed(decimals);
  return (/^-0(\.0*)?$/.test(text) ? text.slice(1) : text).replace(/^-/, '−');
}

export const isZeroText = (t: string) => /^[−+]?0(\.0*)?$/.test(t);
export const withSign = (t: string) => (t.startsWith('−') || isZeroText(t) ? t : `+${t}`);

/** A figure with its machine-readable value, for readers and for tests that hold the text to the analysis. */
export function figure(key: string, v: number, text = formatFigure(v)): string {
  return `<data class="fig" data-key="${esc(key)}" value="${formatNumber(v)}">${esc(text)}</data>`;
}

export function weeksText(ticks: number): string {
  const months = Math.round((ticks * 7) / 30.44);
  return `${ticks} weeks (about ${months} month${months === 1 ? '' : 's'})`;
}

export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "A, B and C". */
export const listText = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { GBP: '£', EUR: '€', USD: '$' };

/**
 * A sum of money in words: "£1,934", "−£20", "£12.50", or "CHF 1,934" for a currency without a symbol here;
 * whole units from 100 on. `significant` rounds first (λ = £3,868.2 → "£3,870" with 3), for values read off a
 * grid, where more digits would claim a precision the grid does not have.
 */
export function moneyText(value: number, currency: string, significant?: number): string {
  if (value !== value) return 'n/a';
  const v = significant !== undefined && value !== 0 && Number.isFinite(value) ? Number(value.toPrecision(significant)) : value;
  const abs = Math.abs(v);
  const digits = abs >= 100 || Number.isInteger(abs) ? 0 : 2;
  const text = Number.isFinite(abs) ? abs.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '∞';
  const symbol = CURRENCY_SYMBOLS[currency];
  return `${v < 0 ? '−' : ''}${symbol ?? `${currency} `}${text}`;
}
