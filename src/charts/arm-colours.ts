// One colour per arm everywhere: an arm's colour follows its place among its scenario's arms (the first arm,
// which the explorer shows as arm A, is blue; the second, arm B, vermillion; …), never which arms a chart
// happens to draw, so "high-fidelity" is the same colour in trajectories, network growth, barrier and
// sensitivity charts and the explorer. Colours are Okabe–Ito (Okabe & Ito 2008). What is not an arm
// (a difference between arms, a trial statistic, a factor's levels) takes a neutral colour from here,
// never an arm's. Part of charts/; pure data, browser-safe; src/explore/palette.ts takes its arm colours here.

/** The Okabe–Ito palette by name. */
export const OKABE_ITO_COLOURS = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

const C = OKABE_ITO_COLOURS;

/**
 * Arm colours by the arm's place in its scenario: the Okabe–Ito colours that read well as thin lines on
 * white. Yellow is too pale for a line and black is the neutral ink, so neither is an arm colour; a seventh
 * arm takes the first colour again (no shipped scenario has more than three).
 */
export const ARM_PALETTE = [C.blue, C.vermillion, C.bluishGreen, C.reddishPurple, C.skyBlue, C.orange] as const;

/**
 * Colours of what is not an arm: differences between arms (A − B) and trial statistics in dark grey ink
 * with a light grey band, reference rules in mid grey. None of them is in ARM_PALETTE.
 */
export const NEUTRAL_COLOURS = { ink: '#333333', band: '#8c8c8c', rule: '#4d4d4d', light: '#bdbdbd' } as const;

/**
 * The ordered levels of a sweep factor (low to high): greys from mid to black, which no reader takes for
 * an arm and which stay ordered in print and for every colour vision; bands of several levels overlap as
 * grey, never as a false hue. The palest end is cut off, so the lowest level still reads as a line.
 */
export const LEVEL_SCHEME = { name: 'greys', extent: [0.4, 1] } as const;

/** The colour of `arm`, from its place among `scenarioArms` (arms not listed there follow them, in order). */
export function armColour(arm: string, scenarioArms: readonly string[]): string {
  let at = scenarioArms.indexOf(arm);
  if (at < 0) at = scenarioArms.length;
  return ARM_PALETTE[at % ARM_PALETTE.length];
}

/** The colours of `arms` in their order, each from its place among `scenarioArms` (unlisted arms after them). */
export function armColours(arms: readonly string[], scenarioArms: readonly string[]): string[] {
  const order = [...scenarioArms, ...arms.filter((a) => !scenarioArms.includes(a))];
  return arms.map((a) => armColour(a, order));
}

/**
 * A colour mixed with white: `amount` 0 keeps it, 1 gives white. Shades of one arm's colour tell that arm's
 * own series apart (kinds of tie, Sobol' indices) without borrowing another arm's colour.
 */
export function tint(colour: string, amount: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!hex) throw new RangeError(`tint: "${colour}" is not a #rrggbb colour`);
  const channel = (i: number) => {
    const v = parseInt(hex[1].slice(2 * i, 2 * i + 2), 16);
    return Math.round(v + (255 - v) * Math.min(1, Math.max(0, amount)))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`.toUpperCase();
}

/** A colour mixed with black: `amount` 0 keeps it, 1 gives black. */
export function shade(colour: string, amount: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour);
  if (!hex) throw new RangeError(`shade: "${colour}" is not a #rrggbb colour`);
  const channel = (i: number) =>
    Math.round(parseInt(hex[1].slice(2 * i, 2 * i + 2), 16) * (1 - Math.min(1, Math.max(0, amount))))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(0)}${channel(1)}${channel(2)}`.toUpperCase();
}
