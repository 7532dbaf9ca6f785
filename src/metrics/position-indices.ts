// Lin's position-generator indices (Lin 2001; Lin & Dumin 1986) over the positions of a person's alters:
// extensity (distinct positions reached), upper reachability (highest prestige reached), range (highest
// minus lowest prestige) and average accessed prestige (mean prestige of the distinct positions reached).
// Part of metrics/: pure readers.

export interface PositionIndices {
  readonly extensity: number;
  readonly upperReachability: number;
  readonly range: number;
  readonly averagePrestige: number;
}

export const EMPTY_POSITION_INDICES: PositionIndices = { extensity: 0, upperReachability: 0, range: 0, averagePrestige: 0 };

/** Reusable working memory for measurePositionIndices: one slot per position in the table. */
export interface PositionScratch {
  readonly mark: Int32Array;
  stamp: number;
}
export const createPositionScratch = (positions: number): PositionScratch => ({ mark: new Int32Array(positions), stamp: 0 });

/**
 * Lin's indices from the position indices of a person's alters (repeats allowed) and the prestige table.
 * With no alters every index is 0 (no position is reached). `scratch` avoids allocation in hot loops.
 */
export function measurePositionIndices(alterPositions: ArrayLike<number>, prestige: ArrayLike<number>, scratch?: PositionScratch): PositionIndices {
  if (alterPositions.length === 0) return EMPTY_POSITION_INDICES;
  const sc = scratch ?? createPositionScratch(prestige.length);
  const stamp = ++sc.stamp;
  let distinct = 0;
  let max = -Infinity;
  let min = Infinity;
  let sum = 0;
  for (let i = 0; i < alterPositions.length; i++) {
    const p = alterPositions[i];
    if (sc.mark[p] === stamp) continue;
    sc.mark[p] = stamp;
    distinct++;
    const x = prestige[p];
    if (x > max) max = x;
    if (x < min) min = x;
    sum += x;
  }
  return { extensity: distinct, upperReachability: max, range: max - min, averagePrestige: sum / distinct };
}
