// Readable names for sweep factors (parameter paths, scenario/parameters.ts): a barrier parameter such as
// barriers.user.selfStigma.scale reads "self stigma (user): scale", any other path is shown as it is.
// Part of charts/; pure, browser-safe.

/** "noCulturallyAppropriateServices" → "no culturally appropriate services". */
export function camelToWords(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

const BARRIER_PATH = /^barriers\.(user|worker)\.([A-Za-z]+)\.(.+)$/;

/** Is this parameter path one of a barrier's (anything under `barriers.`)? */
export function isBarrierPath(path: string): boolean {
  return path.startsWith('barriers.');
}

/** A factor's label: barrier paths in words, e.g. "self stigma (user): scale", others unchanged. */
export function labelFactor(path: string): string {
  const m = BARRIER_PATH.exec(path);
  if (!m) return path === 'barriers.tacklingBoost' ? 'barrier tackling boost' : path;
  const [, who, barrier, rest] = m;
  const what = rest.startsWith('effects.') ? `effect on ${camelToWords(rest.slice('effects.'.length))}` : camelToWords(rest);
  return `${camelToWords(barrier)} (${who}): ${what}`;
}
