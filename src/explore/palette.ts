// The explorer's colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
// distinguishable with the common colour-vision deficiencies. Part of explore/; used by the charts, the
// network view and the page's CSS (which repeats the arm colours). Arm colours come from the one rule every
// chart follows (charts/arm-colours.ts): A is a scenario's first arm, B its second, so an arm has the same
// colour here as in `cpi-sim chart`. Arms also differ by line dash, ties by width, so colour is never the
// only cue.
import { armColour, OKABE_ITO_COLOURS } from '../charts/arm-colours.js';

export const OKABE_ITO = { ...OKABE_ITO_COLOURS, grey: '#999999' } as const;

/** The explorer's arms in order: A shows a scenario's first arm, B its second (explorer-document.ts). */
export const EXPLORER_ARMS = ['A', 'B'] as const;

/** Arm A and arm B, by their places among the explorer's arms, as charts colour a scenario's first two arms. */
export const ARM_COLOURS = { A: armColour('A', EXPLORER_ARMS), B: armColour('B', EXPLORER_ARMS) } as const;

/** Nodes of the network view by kind. */
export const NODE_COLOURS = {
  user: OKABE_ITO.blue,
  worker: OKABE_ITO.black,
  peerWorker: OKABE_ITO.reddishPurple,
  communityNode: OKABE_ITO.skyBlue,
  serviceNode: OKABE_ITO.yellow,
  person: '#BBBBBB',
} as const;

/** Edges of the network view: ties by origin, then partnerships and attendance. */
export const EDGE_COLOURS = {
  existing: '#8C8C8C',
  intervention: OKABE_ITO.bluishGreen,
  new: OKABE_ITO.orange,
  lost: OKABE_ITO.reddishPurple,
  partnership: OKABE_ITO.black,
  attendance: OKABE_ITO.skyBlue,
} as const;
