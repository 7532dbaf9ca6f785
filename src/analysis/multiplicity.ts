// Adjusted p-values for several outcomes or arms of one trial: Holm's (1979) step-down procedure and the
// Bonferroni correction, as R's p.adjust computes them. Part of analysis/ (pure). Holm controls the
// family-wise error rate under any dependence, like Bonferroni, and rejects at least as much.

/**
 * Holm's adjusted p-values, in the input's order: with the m p-values sorted ascending,
 * p̃_(i) = min(1, max_{j ≤ i} (m − j + 1) p_(j)); H_i is rejected at level α iff p̃_i ≤ α. The running
 * maximum makes them monotone in p, so tied p-values get tied adjusted values. NaN entries stay NaN and are
 * not counted in m (as R's p.adjust does with NA).
 */
export function holmAdjust(ps: ArrayLike<number>): Float64Array {
  const out = new Float64Array(ps.length).fill(Number.NaN);
  const idx: number[] = [];
  for (let i = 0; i < ps.length; i++) {
    if (Number.isNaN(ps[i])) continue;
    if (!(ps[i] >= 0 && ps[i] <= 1)) throw new RangeError(`holmAdjust: p[${i}] = ${ps[i]} is not a probability`);
    idx.push(i);
  }
  // A stable sort keeps tied p-values in input order; their adjusted values are equal either way.
  idx.sort((a, b) => ps[a] - ps[b]);
  const m = idx.length;
  let running = 0;
  for (let r = 0; r < m; r++) {
    running = Math.max(running, Math.min(1, (m - r) * ps[idx[r]]));
    out[idx[r]] = running;
  }
  return out;
}

/** Bonferroni's adjusted p-values min(1, m p_i), in the input's order; NaN entries stay NaN and are not counted. */
export function bonferroniAdjust(ps: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < ps.length; i++) {
    if (Number.isNaN(ps[i])) continue;
    if (!(ps[i] >= 0 && ps[i] <= 1)) throw new RangeError(`bonferroniAdjust: p[${i}] = ${ps[i]} is not a probability`);
    m++;
  }
  const out = new Float64Array(ps.length);
  for (let i = 0; i < ps.length; i++) out[i] = Number.isNaN(ps[i]) ? Number.NaN : Math.min(1, m * ps[i]);
  return out;
}
