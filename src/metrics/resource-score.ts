// The resource-generator score (Van der Gaag & Snijders 2005; the RG-UK of Webber & Huxley 2007, the CPI
// pilot's primary outcome): the number of distinct resource items a person can reach through their alters,
// in total and per subscale. Part of metrics/: pure readers. Items are bits of a 32-bit mask.

export interface ResourceScore {
  readonly total: number;
  /** One count per subscale, in the order of the subscale masks given. */
  readonly subscales: readonly number[];
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Score from the alters' resource masks and the subscales' item masks. */
export function measureResourceScore(alterResources: ArrayLike<number>, subscaleMasks: ArrayLike<number>): ResourceScore {
  let union = 0;
  for (let i = 0; i < alterResources.length; i++) union |= alterResources[i];
  const subscales: number[] = [];
  for (let k = 0; k < subscaleMasks.length; k++) subscales.push(popcount(union & subscaleMasks[k]));
  return { total: popcount(union), subscales };
}
