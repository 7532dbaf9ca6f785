// Small integer codes used in the typed-array state. Part of model/.

/** Engagement states of a service user (MODEL.md §1: referred → engaged ⇄ paused, engaged → graduated). */
export const UserState = {
  /** Not yet referred: the referral arrives later in the run. */
  notReferred: 0,
  /** Referred and waiting for a worker with capacity (or in usual care). */
  waiting: 1,
  engaged: 2,
  paused: 3,
  graduated: 4,
  droppedOut: 5,
} as const;
export const USER_STATE_NAMES = ['not_referred', 'waiting', 'engaged', 'paused', 'graduated', 'dropped_out'] as const;

/** Person–person tie kinds (MODEL.md §2). */
export const TieKind = { family: 0, friend: 1, acquaintance: 2, professional: 3 } as const;
export const TIE_KIND_NAMES = ['family', 'friend', 'acquaintance', 'professional'] as const;

/** Bit flags on a tie. */
export const TieFlag = {
  alive: 1,
  /** Formed at a node the user reached through the intervention (sign-posting or a facilitated visit). */
  viaIntervention: 2,
  /** Formed at a mainstream node with someone who is not a service user: a tie outside services. */
  outsideServices: 4,
  /** Present at baseline (tick 0). */
  baseline: 8,
  /** Older than ties.establishedAfterWeeks (set by the decay kernel once, so it need not read the age again). */
  established: 16,
  /**
   * A tie of the ordinary network formed during the run to replace a lost one (processes/tie-replacement.ts).
   * Such ties also carry `baseline`: they are the ordinary network the population keeps, not new ties.
   */
  replacement: 32,
} as const;

/** The five shared processes (MODEL.md §3.4), in the order they are applied. */
export const SHARED_PROCESSES = ['assessment', 'objectiveDevelopment', 'inspiration', 'signposting', 'skillRecognition'] as const;
export type SharedProcess = (typeof SHARED_PROCESSES)[number];
