// Deterministic, compact number text for every file cpi-sim writes (CSV cells, GraphML values, the
// summary). Part of output/. Integers print as integers; other numbers keep at most 10 significant digits
// with trailing zeros trimmed, so the same run always gives the same bytes and files stay small.

/** Below this magnitude a non-integer is floating-point noise (e.g. 1 - 0.9 - 0.1) and prints as 0. */
const NOISE = 1e-12;

/** Round to 10 significant digits (the value the files show). */
export function roundSignificant(v: number): number {
  return Number.isFinite(v) && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v;
}

/**
 * Text for one number: "" for NaN (a missing value), "Inf"/"-Inf" for infinities (R's spelling, which
 * pandas also reads), integers as written, everything else to 10 significant digits. Very small
 * magnitudes use JavaScript's exponent form (1.5e-7), which R, pandas and spreadsheets all read.
 */
export function formatNumber(v: number): string {
  if (v !== v) return '';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  if (Number.isInteger(v)) return v === 0 ? '0' : String(v);
  if (Math.abs(v) < NOISE) return '0';
  const r = Number(v.toPrecision(10));
  return r === 0 ? '0' : String(r);
}
