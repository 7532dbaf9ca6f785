// The explorer's colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
// distinguishable with the common colour-vision deficiencies. Part of explore/; used by the charts, the
// network view and the page's CSS (which repeats the arm colours). Arms also differ by line dash, ties by
// width, so colour is never the only cue.
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#999999',
} as const;

/** Arm A and arm B. */
export const ARM_COLOURS = { A: OKABE_ITO.blue, B: OKABE_ITO.vermillion } as const;

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
