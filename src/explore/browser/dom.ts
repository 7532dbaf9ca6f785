/// <reference lib="dom" />
// Small DOM helpers for the explorer's page. Part of explore/browser/. Elements are built with
// createElement and textContent only (never innerHTML), so scenario text cannot inject markup.

type Attributes = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** Create an element with attributes (false/undefined ones left out) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== undefined && child !== false) el.append(child);
  return el;
}

/** The element with this id (the page's skeleton is in index.html). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id}`);
  return el as T;
}

/** Save a blob as a download (a local blob: URL: nothing leaves the machine). */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Save a data: URL (vega's PNG export) as a download. */
export function downloadDataUrl(name: string, dataUrl: string): void {
  const [head, body] = dataUrl.split(',', 2);
  const type = /^data:([^;,]+)/.exec(head)?.[1] ?? 'application/octet-stream';
  const bytes = head.endsWith(';base64') ? Uint8Array.from(atob(body), (c) => c.charCodeAt(0)) : new TextEncoder().encode(decodeURIComponent(body));
  download(name, new Blob([bytes], { type }));
}

/** A short number for the screen: up to three decimals, trailing zeros dropped. */
export function shortNumber(v: number): string {
  if (v !== v) return '–';
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(Math.abs(v) >= 100 ? 1 : 3)));
}
