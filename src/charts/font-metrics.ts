// Advance widths of a TrueType font (the 'head', 'hhea', 'hmtx' and 'cmap' tables, OpenType spec §5), so
// that vega can measure label and title text in Node as a browser's canvas would. Without a canvas vega
// guesses 0.8 em per character, which for DejaVu Sans is about 40% too wide: long titles then widen the
// picture, and labels are cut short for room they would not need. Kerning is ignored (a pixel or two).
// Part of charts/; the parser is pure over the file's bytes.

export interface FontMetrics {
  readonly unitsPerEm: number;
  /** Advance width of a code point in font units (.notdef's for a character the font lacks). */
  advance(codePoint: number): number;
  /** Width of a text in pixels at a font size. */
  measure(text: string, fontSize: number): number;
}

/** Read the tables the measurement needs from a TrueType file's bytes. */
export function parseFontMetrics(bytes: Uint8Array, name = 'font'): FontMetrics {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    const tag = String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
    tables.set(tag, view.getUint32(at + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`${name}: no '${tag}' table; not a TrueType font cpi-sim can measure`);
    return at;
  };
  // 1. Units per em, and the horizontal metrics: numberOfHMetrics advances, the last one repeated.
  const unitsPerEm = view.getUint16(table('head') + 18);
  const hMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number) => view.getUint16(hmtx + 4 * Math.min(glyph, hMetrics - 1));
  // 2. The character map: a Windows Unicode subtable, format 12 (full range) or 4 (BMP).
  const cmap = table('cmap');
  let format4 = -1;
  let format12 = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = view.getUint16(rec);
    const encoding = view.getUint16(rec + 2);
    const sub = cmap + view.getUint32(rec + 4);
    const format = view.getUint16(sub);
    if (format === 12 && (platform === 3 || platform === 0)) format12 = sub;
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) format4 = sub;
  }
  if (format4 < 0 && format12 < 0) throw new Error(`${name}: no Unicode character map (cmap format 4 or 12)`);
  const glyphOf = (c: number): number => {
    if (format12 >= 0) {
      const groups = view.getUint32(format12 + 12);
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = format12 + 16 + 12 * mid;
        const start = view.getUint32(g);
        const end = view.getUint32(g + 4);
        if (c < start) hi = mid - 1;
        else if (c > end) lo = mid + 1;
        else return view.getUint32(g + 8) + (c - start);
      }
      return 0;
    }
    if (c > 0xffff) return 0;
    const segs = view.getUint16(format4 + 6) / 2;
    const ends = format4 + 14;
    const starts = ends + 2 * segs + 2;
    const deltas = starts + 2 * segs;
    const ranges = deltas + 2 * segs;
    for (let i = 0; i < segs; i++) {
      if (view.getUint16(ends + 2 * i) < c) continue;
      const start = view.getUint16(starts + 2 * i);
      if (start > c) return 0;
      const delta = view.getInt16(deltas + 2 * i);
      const range = view.getUint16(ranges + 2 * i);
      if (range === 0) return (c + delta) & 0xffff;
      const glyph = view.getUint16(ranges + 2 * i + range + 2 * (c - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  const advance = (c: number): number => {
    let w = cache.get(c);
    if (w === undefined) cache.set(c, (w = glyphAdvance(glyphOf(c))));
    return w;
  };
  return {
    unitsPerEm,
    advance,
    measure(text: string, fontSize: number): number {
      let units = 0;
      for (const ch of text) units += advance(ch.codePointAt(0)!);
      return (units * fontSize) / unitsPerEm;
    },
  };
}
