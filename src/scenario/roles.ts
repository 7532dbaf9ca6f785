// What every parameter of the parameter tree is for (MODEL.md §8; issue 14): a mechanism names the outcomes
// the paper or the theory says it should move and which way, a measurement names the measures it may change,
// a size describes the setting. Part of scenario/; the types are in role-spec.ts. The declarations follow the
// CPI paper (Webber et al. 2016), the pilot (Webber et al. 2019) and social capital theory (Lin 2001,
// Granovetter 1973, Burt 2002), not today's code: `cpi-sim audit` checks the engine against them.
import type { GroupMeasure } from '../metrics/groups.js';
import { BARRIER_LABELS, PARAMETERS, USER_BARRIERS, WORKER_BARRIERS, type UserBarrier, type WorkerBarrier } from './parameters.js';
import type { MeasurementRole, MechanismRole, OutcomeDirection, OutcomeScope, ParameterRole, SizeRole } from './role-spec.js';
import { EFFECT_TARGETS, forEachLeaf, type EffectTarget, type Group } from './spec.js';
import { suggest } from './errors.js';

type Moves = Partial<Record<GroupMeasure, OutcomeDirection>>;

const W16 = 'Webber et al. 2016';
const W19 = 'Webber et al. 2019';
const LIN = 'Lin 2001';
const GRAN = 'Granovetter 1973';
const BURT = 'Burt 2002';
const ROY = 'Roy et al. 2022';

const mechanism = (moves: Moves, because: string, source: string, scope?: OutcomeScope): MechanismRole =>
  scope ? { role: 'mechanism', moves, scope, because, source } : { role: 'mechanism', moves, because, source };
const measurement = (measures: readonly GroupMeasure[], because: string): MeasurementRole => ({ role: 'measurement', measures, because });
const size = (because: string): SizeRole => ({ role: 'size', because });

/** The spread of an agent attribute between agents: the paper and the theory speak of levels, not spreads. */
const spread = (what: string): SizeRole =>
  size(`How much ${what} varies between agents: it describes the population; neither the paper nor the theory says which way the spread should move an outcome.`);

/** An attribute declared as mean and sd: the mean is a mechanism, the sd describes the population. */
const attribute = (path: string, what: string, mean: ParameterRole): Record<string, ParameterRole> => ({
  [`${path}.mean`]: mean,
  [`${path}.sd`]: spread(what),
});

const flip = (moves: Moves): Moves =>
  Object.fromEntries(Object.entries(moves).map(([m, d]) => [m, d === 'up' ? 'down' : d === 'down' ? 'up' : d])) as Moves;

// ---------------------------------------------------------------------------------------------------
// Barriers (MODEL.md §4): each barrier's leaves share one claim of the paper, read in each leaf's direction.

interface BarrierClaim {
  /** What the barrier holds back, as the paper names it; the outcomes move this way when the barrier is on. */
  readonly moves: Moves;
  readonly says: string;
  readonly scope?: OutcomeScope;
}

const USER_BARRIER_CLAIMS: Readonly<Record<UserBarrier, BarrierClaim>> = {
  selfStigma: {
    moves: { new_ties: 'down', social_confidence: 'down' },
    says: 'self-stigma holds back the social confidence and the new relationships of the service user\'s circle',
  },
  discrimination: {
    moves: { new_ties: 'down', social_inclusion: 'down' },
    says: 'discrimination from family or community holds back new relationships and acceptance in the community',
  },
  noCulturallyAppropriateServices: {
    moves: { participation: 'down', new_ties: 'down' },
    says: 'where no culturally appropriate services exist, users of minority groups take part less and meet fewer people',
    scope: 'minority',
  },
  physicalHealth: { moves: { participation: 'down' }, says: 'physical health problems keep the user from activities' },
  complicatedLife: {
    moves: { participation: 'down', dropped_out: 'up' },
    says: 'a complicated external life gets in the way of taking part and of staying in the partnership',
  },
  unhelpfulAttitudes: {
    moves: { partnership_strength: 'down', dropped_out: 'up' },
    says: "unhelpful attitudes (the user's own or the organisation's) weaken the partnership and the engagement",
  },
  unconduciveConnections: { moves: { new_ties: 'down' }, says: 'connections not conducive to recovery hold the user back from new relationships' },
  insufficientInformation: {
    moves: { participation: 'down' },
    says: 'without information about what exists the user finds, and goes to, fewer activities',
  },
  poorAccess: { moves: { participation: 'down' }, says: 'poor access (transport, cost, distance) keeps the user from activities' },
};

const WORKER_BARRIER_CLAIMS: Readonly<Record<WorkerBarrier, BarrierClaim>> = {
  lackLocalKnowledge: {
    moves: { worker_knowledge: 'down', new_ties: 'down' },
    says: 'a worker who lacks local knowledge knows fewer community resources to link users to',
  },
  insufficientTime: {
    moves: { networking_hours: 'down', partnership_strength: 'down' },
    says: 'insufficient time or resources (caseload) leaves less contact for each user and less time for networking',
  },
  bureaucraticProcedures: {
    moves: { networking_hours: 'down', partnership_strength: 'down' },
    says: 'inefficient or bureaucratic procedures take the time contact and networking need',
  },
  unhelpfulAttitudes: {
    moves: { partnership_strength: 'down', new_ties: 'down' },
    says: 'unhelpful attitudes of the agency, the worker or the community weaken the partnership and what it achieves',
  },
};

function barrierRoles(who: 'user' | 'worker', name: string, claim: BarrierClaim): Record<string, ParameterRole> {
  const p = `barriers.${who}.${name}`;
  const label = BARRIER_LABELS[`${who}.${name}`];
  const people = who === 'user' ? 'service users' : 'workers';
  // A user barrier that is on more often is counted among the user's active barriers; worker barriers are not.
  const more: Moves = who === 'user' ? { ...claim.moves, active_barriers: 'up' } : claim.moves;
  const says = `${label} is a barrier of the CPI model, a counter-rotating circle: ${claim.says} (${W16}).`;
  const m = (moves: Moves, lead: string) => mechanism(moves, `${lead} ${says}`, W16, claim.scope);
  return {
    [`${p}.enabled`]: m(more, 'Switched on, the barrier acts.'),
    [`${p}.prevalence`]: m(more, `More ${people} start with the barrier.`),
    [`${p}.onsetRate`]: m(more, 'The barrier switches on more often.'),
    [`${p}.resolutionRate`]: m(flip(more), 'The barrier clears sooner, so it holds back less.'),
    [`${p}.scale`]: m(more, 'A larger scale means more of the barrier (0 switches it off).'),
    [`${p}.target`]:
      who === 'user'
        ? mechanism(
            { active_barriers: 'either' },
            `Which service users can have the barrier decides how many carry it: the paper ties some barriers to groups (no culturally appropriate services applies to minority groups). ${label}.`,
            W16,
          )
        : measurement(
            [],
            `Workers have no cultural group, so the one target a worker barrier allows is "all": it changes nothing. ${label}.`,
          ),
    [`${p}.effects`]: m(claim.moves, 'Larger effects make an active barrier hold back more.'),
  };
}

// A barrier's effects, key by key (the audit screens each key alone): an effect lowers one process, so it
// declares the outcome of that process, the first thing it holds back, beside the barrier's claim. Not "engaged"
// for intake or retention: graduation lowers that count too, so waiting and dropped-out users are read instead.
const EFFECT_TARGET_OUTCOMES: Readonly<Record<EffectTarget, Moves>> = {
  intake: { waiting: 'up' },
  partnership: { partnership_strength: 'down' },
  trust: { partnership_trust: 'down' },
  userMomentum: { progress: 'down' },
  workerMomentum: { progress: 'down' },
  assessment: { fidelity_rating: 'down' },
  objectiveDevelopment: { fidelity_rating: 'down' },
  inspiration: { fidelity_rating: 'down' },
  signposting: { fidelity_rating: 'down' },
  skillRecognition: { fidelity_rating: 'down' },
  attendance: { participation: 'down' },
  selfDirectedAttendance: { participation: 'down' },
  tieFormation: { new_ties: 'down' },
  confidenceGrowth: { social_confidence: 'down' },
  discovery: { worker_knowledge: 'down' },
  knowledgeSharing: { agency_knowledge: 'down' },
  timeBudget: { networking_hours: 'down' },
  retention: { dropped_out: 'up' },
};

const EFFECT_KEY = /^barriers\.(user|worker)\.([A-Za-z]+)\.effects\.([A-Za-z]+)$/;

/**
 * The declaration of one key of a barrier's effects ("barriers.user.selfStigma.effects.tieFormation"): the
 * barrier's claim and the outcome of the process the key acts on, or undefined for a path that is not one.
 */
export function barrierEffectRole(path: string): MechanismRole | undefined {
  const m = EFFECT_KEY.exec(path);
  if (!m) return undefined;
  const [, who, name, key] = m;
  const claim = who === 'user' ? USER_BARRIER_CLAIMS[name as UserBarrier] : WORKER_BARRIER_CLAIMS[name as WorkerBarrier];
  if (!claim || !(EFFECT_TARGETS as readonly string[]).includes(key)) return undefined;
  const own = EFFECT_TARGET_OUTCOMES[key as EffectTarget];
  const label = BARRIER_LABELS[`${who}.${name}`];
  // Intake only delays the start of a partnership; it holds back no process within one. The barrier's claim is
  // about partnerships and read as means over the users in one, whose mix intake changes: keeping the users
  // with the barrier waiting raises the mean of those who started (teaching-barriers audit: +1.2%
  // partnership_strength), a composition effect, not the barrier acting. So an intake key declares its own count.
  if (key === 'intake')
    return mechanism(
      own,
      `A larger intake effect keeps users with the barrier waiting to start longer. ${label} is a barrier of the CPI model, a counter-rotating circle: ${claim.says} (${W16}); what it does inside a partnership is declared by its other effects.`,
      W16,
      claim.scope,
    );
  return mechanism(
    { ...claim.moves, ...own },
    `A larger ${key} effect makes an active barrier hold back that process more, and with it ${Object.keys(own).join(', ')}. ${label} is a barrier of the CPI model, a counter-rotating circle: ${claim.says} (${W16}).`,
    W16,
    claim.scope,
  );
}

// ---------------------------------------------------------------------------------------------------
// Pre-requisite weights: a weight says how much an attribute adds; more weight never takes away (MODEL.md §8).

const prerequisiteWeight = (what: string, moves: Moves, into: string): MechanismRole =>
  mechanism(
    moves,
    `${what} is a pre-requisite of the partnership (${W16}); giving it more weight in ${into} adds to it and never takes from it, whatever the other attributes are.`,
    W16,
  );

// ---------------------------------------------------------------------------------------------------
// The declarations, in PARAMETERS order.

export const PARAMETER_ROLES: Readonly<Record<string, ParameterRole>> = Object.freeze({
  'intervention.enabled': mechanism(
    { new_ties: 'up', rg_total: 'up', social_confidence: 'up', wellbeing: 'up' },
    'CPI helps people build their social networks, reach social capital and gain social confidence; in the pilot, access to social capital rose with fidelity and mental wellbeing improved across all participants.',
    `${W16}; ${W19}`,
  ),

  // population: the setting. Only the claims of the theory about homophily and tie strength are mechanisms.
  'population.localities': size('The number of neighbourhoods in the area: the scale of the setting.'),
  'population.residentsPerLocality': size('Residents per neighbourhood: the scale of the setting.'),
  'population.communityNodesPerLocality': size('How many community groups, clubs and activities the area has: a feature of the setting, not of the intervention.'),
  'population.interestsPerPerson': size('How many interests people hold: it describes the population.'),
  'population.residentNetworkSize': size("The general population's ego-network size: it describes the population the service users live among."),
  'population.networkSizeDispersion': size('How much ego-network sizes vary: it describes the population.'),
  'population.residentFamilyShare': size("The family share of residents' networks: it describes the population."),
  'population.residentFriendShare': size("The friend share of residents' networks: it describes the population."),
  'population.localTieShare': mechanism(
    { bridging_locality: 'down' },
    'People tie to others like them, here to neighbours: the more ties stay within a locality, the fewer bridge localities (the homophily principle).',
    LIN,
  ),
  'population.sameGroupShare': size('How far ties stay within a cultural group: it describes the population (no outcome is read by cultural group of the alter).'),
  'population.familyPositionHomophily': mechanism(
    { extensity: 'down', prestige_range: 'down', bridging_strata: 'down' },
    'The like-me principle: family ties among people of the same position reach fewer and less varied positions, so a more homophilous network gives less access to social resources.',
    LIN,
  ),
  'population.friendPositionHomophily': mechanism(
    { extensity: 'down', prestige_range: 'down', bridging_strata: 'down' },
    'The like-me principle: strong ties link people of like positions; the more friendships stay within a stratum, the fewer and less varied the positions reached.',
    `${LIN}; McPherson, Smith-Lovin & Cook 2001`,
  ),
  'population.acquaintancePositionHomophily': mechanism(
    { extensity: 'down', prestige_range: 'down', bridging_strata: 'down' },
    'Weak ties reach further: acquaintances cross positions, giving access to resources the inner circle lacks; the more they stay within a stratum, the less they reach.',
    `${GRAN}; ${LIN}; Lin, Ensel & Vaughn 1981`,
  ),
  'population.positionStrata': size('How finely the prestige scale is cut into strata: a resolution of the model, not a claim of the paper.'),
  ...attribute(
    'population.familyStrength',
    'the strength of family ties',
    mechanism({ ties_lost: 'down' }, 'Strong inner-circle ties last: they are lost at a few per cent a year, far less than weak ties.', `${ROY}; ${BURT}`),
  ),
  ...attribute(
    'population.friendStrength',
    'the strength of friend ties',
    mechanism({ ties_lost: 'down' }, 'Stronger ties last longer: weak bridging ties decay fast, strong ones slowly.', BURT),
  ),
  ...attribute(
    'population.acquaintanceStrength',
    'the strength of acquaintance ties',
    mechanism({ ties_lost: 'down' }, 'Stronger ties last longer: weak bridging ties decay fast, strong ones slowly.', BURT),
  ),
  'population.minimumTieStrength': mechanism(
    { ties_lost: 'down' },
    'Baseline ties are established ones; the stronger the weakest of them, the fewer decay away (weak ties decay fast, strong ones slowly).',
    BURT,
  ),

  // serviceUsers
  'serviceUsers.referrals': size('How many service users are referred: the size of the study.'),
  'serviceUsers.networkSize': mechanism(
    { network_size: 'up', rg_total: 'up' },
    'A bigger network reaches more people and so more of the resources they hold: access to social capital grows with the number of alters.',
    LIN,
  ),
  'serviceUsers.familyShare': size("The family share of service users' baseline networks: it describes the population."),
  'serviceUsers.friendShare': size("The friend share of service users' baseline networks: it describes the population."),
  'serviceUsers.resourceMultiplier': size('How many resources service users hold compared with residents: it describes the population.'),
  'serviceUsers.interestMultiplier': size('How many interests service users hold compared with residents: it describes the population.'),
  ...attribute(
    'serviceUsers.enthusiasm',
    'enthusiasm',
    mechanism(
      { partnership_strength: 'up', new_ties: 'up' },
      "Enthusiasm is the service user's pre-requisite for the partnership; with it the user's circle spins and new people and activities follow.",
      W16,
    ),
  ),
  ...attribute(
    'serviceUsers.ownership',
    'ownership at referral',
    mechanism(
      { participation: 'up', new_ties: 'up' },
      'Ownership is a pre-requisite of the partnership; a user with ownership goes to activities and finds new ones without the worker.',
      W16,
    ),
  ),
  ...attribute(
    'serviceUsers.socialConfidence',
    'social confidence at referral',
    mechanism(
      { social_confidence: 'up', new_ties: 'up', wellbeing: 'up' },
      'Social confidence is part of the service user\'s circle: a more confident user makes new relationships more easily and feels better.',
      W16,
    ),
  ),

  // agencies
  'agencies.count': size('How many agencies deliver CPI: the size of the study.'),
  'agencies.workersPerAgency': mechanism(
    { new_ties: 'up' },
    'Insufficient time or resources (caseload) is a barrier to the work: more workers for the same referrals give each user more of the intervention, sooner.',
    W16,
  ),
  'agencies.localitiesPerAgency': size('How many neighbourhoods an agency serves: the scale of the setting.'),
  'agencies.serviceNodesPerAgency': mechanism(
    { new_ties: 'up' },
    'The agency offers a physical environment (drop-ins, groups) that facilitates connections between users and with staff.',
    W16,
  ),
  'agencies.initialSharedKnowledge': mechanism(
    { agency_knowledge: 'up', new_ties: 'up' },
    "The agency's local knowledge links users to geographical and interest communities the worker may not know.",
    W16,
  ),
  ...attribute(
    'agencies.supportiveness',
    'agency supportiveness',
    mechanism(
      { new_ties: 'up', social_confidence: 'up' },
      'A supportive agency underpins the intervention: it keeps the worker\'s circle spinning and opens its knowledge to the partnership.',
      W16,
    ),
  ),
  ...attribute(
    'agencies.skillSharing',
    'agency skill sharing',
    mechanism(
      { agency_knowledge: 'up', knowledge_lost: 'down', new_ties: 'up' },
      "Skill sharing puts what workers know into the agency's knowledge, which keeps the intervention alive when a worker leaves.",
      W16,
    ),
  ),
  ...attribute(
    'agencies.bureaucracy',
    'agency bureaucracy',
    mechanism(
      { partnership_strength: 'down', new_ties: 'down' },
      'Inefficient or bureaucratic procedures are a barrier: they take the time that contact and networking need.',
      W16,
    ),
  ),
  ...attribute(
    'agencies.fidelity',
    'agency fidelity',
    mechanism(
      { rg_total: 'up', new_ties: 'up' },
      'Delivered as the model intends, CPI does more: in the pilot, access to social capital (RG-UK) was higher at high fidelity.',
      `${W19}; ${W16}`,
    ),
  ),
  ...attribute(
    'agencies.communityEngagement',
    'agency community engagement',
    mechanism(
      { worker_knowledge: 'up', new_ties: 'up' },
      "An agency engaged with its community brings local knowledge: its workers learn more community resources to link users to.",
      W16,
    ),
  ),

  // workers
  ...attribute(
    'workers.empathy',
    'worker empathy',
    mechanism({ partnership_strength: 'up', new_ties: 'up' }, "Empathy is a worker's pre-requisite for the partnership, and a good partnership is evident in what it achieves.", W16),
  ),
  ...attribute(
    'workers.canDo',
    'worker can-do attitude',
    mechanism({ partnership_strength: 'up', new_ties: 'up' }, "A can-do attitude is a worker's pre-requisite for the partnership, crucial against attitude barriers.", W16),
  ),
  ...attribute(
    'workers.networking',
    'worker networking skill',
    mechanism(
      { worker_knowledge: 'up', new_ties: 'up' },
      'A skilled networker develops and remembers their own networks and uses those contacts to connect users.',
      W16,
    ),
  ),
  'workers.caseloadCapacity': mechanism(
    { engaged: 'up', partnership_strength: 'either' },
    'A larger caseload engages more users at once, so fewer wait and partnerships at follow-up are older, but once the worker\'s time runs out it leaves less time for each: insufficient time (caseload) is a barrier to the work.',
    W16,
  ),
  'workers.timeBudgetHours': mechanism(
    { partnership_strength: 'up', new_ties: 'up' },
    'Insufficient time is a barrier: with more time a worker gives contact, tackles barriers and networks.',
    W16,
  ),
  'workers.contactHoursPerUser': mechanism(
    { partnership_strength: 'up', networking_hours: 'down' },
    'The partnership grows with contact, an evolving mutual relationship; the hours come out of the time left for networking.',
    W16,
  ),
  'workers.barrierHoursPerBarrier': mechanism(
    { active_barriers: 'down', networking_hours: 'down' },
    'Tackling barriers is likely to be the most time-consuming element of the work: time spent on them clears them, and comes out of networking time.',
    W16,
  ),
  'workers.networkingHoursPlanned': mechanism(
    { worker_knowledge: 'up', partnership_strength: 'down' },
    "The worker's circle: time spent networking finds community resources (the worker's knowledge); it is planned beside contact, so when time runs short the two share the cut and contact, and with it the partnership, gives way.",
    W16,
  ),
  'workers.bureaucracyHours': mechanism(
    { networking_hours: 'down', new_ties: 'down' },
    'Inefficient or bureaucratic procedures are a barrier: time lost to them is time not spent with users or networking.',
    W16,
  ),
  'workers.initialKnowledge': mechanism(
    { worker_knowledge: 'up', new_ties: 'up', network_size: 'up' },
    "A worker's knowledge of local community resources is how users are linked to activities where lasting ties form; lack of local knowledge is a barrier.",
    W16,
  ),
  'workers.discoveryPerHour': mechanism(
    { worker_knowledge: 'up', new_ties: 'up' },
    "The worker's circle: identify opportunities, develop and remember one's own networks, and use the contacts for users.",
    W16,
  ),
  'workers.sharingRate': mechanism(
    { agency_knowledge: 'up', knowledge_lost: 'down', new_ties: 'up' },
    "Knowledge shared into the agency stays when a worker leaves: agency-held knowledge keeps the intervention alive, and users are still linked to what their worker found.",
    W16,
  ),
  'workers.turnoverRate': mechanism(
    { knowledge_lost: 'up', new_ties: 'down' },
    "A worker who leaves takes unshared knowledge and breaks partnerships: only the agency's knowledge keeps the intervention going.",
    W16,
  ),
  'workers.replacementDelayWeeks': mechanism(
    { workers_active: 'down', new_ties: 'down', engaged: 'down' },
    'A post left empty is time and resources missing: insufficient time or resources is a barrier to the work, and users left without a worker wait and may give up.',
    W16,
  ),

  // peerWorkers: peer workers are workers with lived experience, so their attributes act as workers' do.
  'peerWorkers.rate': mechanism(
    { peer_workers: 'up', workers_active: 'up' },
    'Peer support: service users move from the right circle to the left and become workers themselves.',
    W16,
  ),
  'peerWorkers.maxPerAgency': mechanism({ peer_workers: 'up' }, 'Peer support: an agency with room for peer workers takes graduates on as workers.', W16),
  'peerWorkers.caseloadCapacity': mechanism(
    { partnership_strength: 'up', partnership_trust: 'up' },
    'Peer support: a peer worker works with users as their worker or alongside it, and lived experience is a quality of the partnership, so room for more users brings it to more partnerships.',
    W16,
  ),
  ...attribute(
    'peerWorkers.empathy',
    'peer worker empathy',
    mechanism(
      { partnership_strength: 'up', new_ties: 'up' },
      "A peer worker is a worker with lived experience: empathy is a worker's pre-requisite for the partnership, as for any worker.",
      W16,
    ),
  ),
  ...attribute(
    'peerWorkers.canDo',
    'peer worker can-do attitude',
    mechanism(
      { partnership_strength: 'up', new_ties: 'up' },
      "A peer worker is a worker with lived experience: a can-do attitude is a worker's pre-requisite for the partnership, as for any worker.",
      W16,
    ),
  ),
  ...attribute(
    'peerWorkers.networking',
    'peer worker networking skill',
    mechanism(
      { worker_knowledge: 'up', new_ties: 'up' },
      'A peer worker is a worker with lived experience: a skilled networker knows more community resources to connect users to, as any worker does.',
      W16,
    ),
  ),

  // intake
  'intake.referralRate': size('How fast referrals arrive: a feature of the referral pathway of the setting, not of the intervention.'),
  'intake.formationRate': mechanism(
    { engaged: 'up', new_ties: 'up' },
    'A referral becomes a partnership, and the intervention can only work through the partnership.',
    W16,
  ),
  'intake.giveUpRate': mechanism(
    { engaged: 'down', dropped_out: 'up' },
    'Users are free to leave: a referral left waiting for a partnership may give up, and fewer are engaged.',
    W16,
  ),

  // partnership
  'partnership.initialStrength': mechanism({ partnership_strength: 'up' }, 'A partnership that starts stronger is stronger while it evolves.', W16),
  'partnership.initialTrust': mechanism({ partnership_trust: 'up' }, 'Trust is part of the partnership from its start and builds as it evolves.', W16),
  'partnership.adjustmentRate': mechanism(
    { partnership_strength: 'either' },
    'The partnership is an evolving, mutual relationship: how fast it evolves changes how strong it is at follow-up, up or down depending on where it started.',
    W16,
  ),
  'partnership.trustRate': mechanism(
    { partnership_trust: 'either' },
    'Trust builds in the partnership over time: how fast it follows the partnership changes trust at follow-up, up or down depending on where it started.',
    W16,
  ),
  'partnership.empathyWeight': prerequisiteWeight('Worker empathy', { partnership_strength: 'up' }, 'the partnership'),
  'partnership.canDoWeight': prerequisiteWeight('A can-do attitude', { partnership_strength: 'up' }, 'the partnership'),
  'partnership.enthusiasmWeight': prerequisiteWeight('User enthusiasm', { partnership_strength: 'up' }, 'the partnership'),
  'partnership.ownershipWeight': prerequisiteWeight('User ownership', { partnership_strength: 'up' }, 'the partnership'),
  'partnership.contactWeight': mechanism(
    { partnership_strength: 'up' },
    'The partnership grows with contact; more weight on the contact received adds to the partnership and never takes from it.',
    W16,
  ),
  'partnership.contactReferenceHours': size(
    'The scale on which weekly contact hours count (the hours that give 1 - 1/e of full contact): a unit of the setting\'s practice, not a claim of the paper.',
  ),
  'partnership.livedExperienceBonus': mechanism(
    { partnership_strength: 'up' },
    'Lived experience is one of the qualities of the partnership: a peer worker brings it, as the worker or giving peer support alongside the worker, and it adds to the partnership.',
    W16,
  ),
  'partnership.processStrengthGain': mechanism(
    { partnership_strength: 'up', partnership_trust: 'up', dropped_out: 'down' },
    'The partnership is evident in the shared processes: each one delivered strengthens it, and a stronger partnership keeps the user.',
    W16,
  ),
  'partnership.processTrustGain': mechanism(
    { partnership_trust: 'up', dropped_out: 'down' },
    'An evolving, mutual relationship: trust builds with the work done together, and a user who trusts the partnership stays.',
    W16,
  ),
  'partnership.resumeShare': mechanism(
    { partnership_trust: 'up', partnership_strength: 'up' },
    'Users are free to leave and re-enter, and the partnership is an evolving relationship: coming back to the same worker resumes what was built.',
    W16,
  ),
  'partnership.momentumCoupling': mechanism(
    { progress: 'either' },
    'Two interlocking circles must spin together: how the worker\'s and the user\'s momentum combine changes the progress they make.',
    W16,
  ),
  'partnership.userOwnershipWeight': mechanism(
    { progress: 'up' },
    "Ownership drives the user's circle as the user builds currency: more weight on it adds to the user's momentum and never takes from it.",
    W16,
  ),
  'partnership.supportivenessWeight': mechanism(
    { progress: 'up' },
    "The agency's support underpins the worker's circle: more weight on it adds to the worker's momentum and never takes from it.",
    W16,
  ),

  // processes: the five shared processes and how sign-posting chooses
  'processes.assessmentRate': mechanism(
    { deepened_ties: 'up', fidelity_rating: 'up' },
    'Network and asset assessment, a shared process, finds the people and strengths the user already has, so existing relationships can be deepened.',
    W16,
  ),
  'processes.objectiveRate': mechanism(
    { interest_match_share: 'up', fidelity_rating: 'up' },
    "Objective development, a shared process, sets goals from the user's interests, so the activities they go to match them.",
    W16,
  ),
  'processes.inspirationRate': mechanism(
    { participation: 'up', fidelity_rating: 'up' },
    'Inspiration, a shared process, catalyses ideas and experiences: new interests lead to new activities.',
    W16,
  ),
  'processes.signpostingRate': mechanism(
    { participation: 'up', new_ties: 'up', rg_total: 'up' },
    'Sign-posting and facilitated engagement, a shared process, bring the user to new people and activities, where networks form.',
    W16,
  ),
  'processes.skillRecognitionRate': mechanism(
    { social_confidence: 'up', ownership: 'up' },
    'Skill recognition and feedback, a shared process, build social confidence and ownership.',
    W16,
  ),
  'processes.agencyKnowledgeWeight': mechanism(
    { new_ties: 'up' },
    "The agency's knowledge links users to communities the worker may not know: drawing on it more widens where users are sign-posted.",
    W16,
  ),
  'processes.mainstreamPreference': mechanism(
    { mainstream_share: 'up', new_ties: 'up', network_size: 'up' },
    'Activities should ideally be in the local community, not confined to services: repeated contact with the same people there gives lasting ties.',
    W16,
  ),
  'processes.goalMatchWeight': mechanism(
    { interest_match_share: 'up' },
    "Sign-posting follows the objectives set with the user: activities that match the user's goals and interests.",
    W16,
  ),
  'processes.confidenceGain': mechanism(
    { social_confidence: 'up', new_ties: 'up' },
    'Skill recognition builds social confidence, and a more confident user makes new relationships more easily.',
    W16,
  ),
  'processes.ownershipGain': mechanism(
    { ownership: 'up', participation: 'up' },
    'Skill recognition builds ownership, and a user with ownership goes to activities without the worker.',
    W16,
  ),
  'processes.reconnectionRate': mechanism(
    { deepened_ties: 'up' },
    'Deeper relationships are an outcome: the worker works with the person\'s relationships with family and community, renewing existing ties.',
    W16,
  ),
  'processes.reconnectionStrengthening': mechanism(
    { deepened_ties: 'up' },
    'Deeper relationships are an outcome: a renewed tie is a deeper one.',
    W16,
  ),
  'processes.reconnectionThreshold': mechanism(
    { deepened_ties: 'either' },
    'Deeper relationships are an outcome: the cut chooses which existing ties the worker helps renew, only the weakest or middling ones too, and the paper does not say where it lies, so deepened ties may move either way.',
    W16,
  ),

  // attendance: the service user's circle
  'attendance.engagedNodeRate': mechanism(
    { participation: 'up', new_ties: 'up' },
    "The service user's circle: going to new activities brings new people, and networks form as a by-product.",
    W16,
  ),
  'attendance.facilitatedRate': mechanism(
    { participation: 'up', new_ties: 'up' },
    'Facilitated engagement: going along with the worker gets the user to the activity, where new people are met.',
    W16,
  ),
  'attendance.ownershipThreshold': mechanism(
    { participation: 'down', new_ties: 'down' },
    'A user with enough ownership goes to activities without the worker: the higher the ownership that takes, the fewer go on their own.',
    W16,
  ),
  'attendance.lowOwnershipFactor': mechanism(
    { participation: 'up' },
    'Users with little ownership still go to some activities on their own: the more they do, the more they take part.',
    W16,
  ),
  'attendance.baselineNodeRate': mechanism(
    { participation: 'up' },
    'Participation is an outcome: going more often to the activities one already has is taking part more.',
    W16,
  ),
  'attendance.meetingsPerAttendance': mechanism(
    { new_ties: 'up', network_size: 'up' },
    'Networks form as a by-product of meeting people, a spark at any contact: more people met, more new ties.',
    W16,
  ),
  'attendance.activityGroupSize': mechanism(
    { strong_ties: 'down' },
    'Ties form around foci of activity, the more so the smaller the focus: in a smaller group the user meets the same people again and again, and repeated contact makes acquaintances stronger ties.',
    'Feld 1981',
  ),
  'attendance.meetingHomophily': mechanism(
    { extensity: 'down', prestige_range: 'down' },
    'The like-me principle: meeting mostly people of one\'s own position gives ties that reach fewer and less varied positions.',
    LIN,
  ),
  'attendance.tieFormationRate': mechanism(
    { new_ties: 'up', network_size: 'up' },
    'Social networks form as a by-product of contact: the readier a meeting turns into a tie, the more new ties.',
    W16,
  ),
  'attendance.sharedInterestWeight': mechanism(
    { new_ties: 'up' },
    'Homophily on activities and values: people who share an interest are readier to form a tie, so meeting at an activity that matches the user\'s interests and goals makes more new ties.',
    'McPherson, Smith-Lovin & Cook 2001; Feld 1981',
  ),
  'attendance.confidenceWeight': mechanism(
    { new_ties: 'up' },
    'Social confidence helps a user make new relationships: more weight on it adds to tie formation and never takes from it.',
    W16,
  ),
  'attendance.newTieStrength': mechanism(
    { new_ties: 'up' },
    'New weak ties decay fast and strong ones slowly: a new tie that starts stronger is more likely to last.',
    BURT,
  ),
  'attendance.meetingStrengthening': mechanism(
    { new_ties: 'up', strong_ties: 'up' },
    'Repeated contact with the same people turns new acquaintances into lasting, stronger ties.',
    `${GRAN}; ${BURT}`,
  ),
  'attendance.confidenceGainPerAttendance': mechanism(
    { social_confidence: 'up' },
    "The service user's circle: new people and activities build social confidence.",
    W16,
  ),
  'attendance.ownershipGainPerAttendance': mechanism(
    { ownership: 'up' },
    'Taking part builds currency: ownership grows with every activity the user goes to.',
    W16,
  ),
  'attendance.selfDiscoveryRate': mechanism(
    { participation: 'up', new_ties: 'up' },
    'A user with ownership finds new activities on their own, and new people with them.',
    W16,
  ),
  'attendance.dropNodeRate': mechanism(
    { participation: 'down', new_ties: 'down' },
    'Leaving an activity ends the repeated contact that makes ties and takes part away.',
    W16,
  ),
  'attendance.maxEngagedNodes': mechanism(
    { participation: 'up' },
    'Participation is an outcome: a user who can keep more activities going takes part more.',
    W16,
  ),

  // ties: maintenance and decay
  'ties.contactBase': mechanism({ ties_lost: 'down' }, 'Routine contact maintains a tie; ties without contact decay.', `${BURT}; ${ROY}`),
  'ties.contactSlope': mechanism({ ties_lost: 'down' }, 'Stronger ties see more contact, which maintains them; ties without contact decay.', `${BURT}; ${ROY}`),
  'ties.contactRestoration': mechanism(
    { ties_lost: 'down', network_size: 'up' },
    'Routine contact maintains a tie at the level the two people have built; ties without contact decay: the more a contact restores, the fewer ties are lost.',
    `${BURT}; ${ROY}`,
  ),
  'ties.turnoverRate': mechanism(
    { ties_lost: 'up' },
    'Inner-circle ties turn over at a few per cent a year whatever their strength (moves, deaths, fallings-out): the higher that hazard, the more ties are lost.',
    ROY,
  ),
  'ties.replacementWaitWeeks': mechanism(
    { extensity: 'down', prestige_range: 'down', bridging_strata: 'down' },
    'People replace lost ties with others like them (the like-me principle): the longer they hold out for one of their own position, the fewer replacements cross strata, and the fewer positions their networks reach.',
    `${LIN}; ${ROY}`,
  ),
  'ties.establishedDecay': mechanism(
    { ties_lost: 'up', network_size: 'down' },
    'Established ties decay slowly (inner-circle ties at a few per cent a year): the faster they decay, the more are lost.',
    `${ROY}; ${BURT}`,
  ),
  'ties.establishedAfterWeeks': mechanism(
    { new_ties: 'down' },
    'New ties decay fast until they are established: the longer that takes, the fewer new ties survive.',
    BURT,
  ),
  'ties.decayWeak': mechanism(
    { ties_lost: 'up', new_ties: 'down' },
    'Weak bridging ties decay fast (about 90% a year): faster decay loses more of them, new ties first.',
    BURT,
  ),
  'ties.decayStrong': mechanism(
    { ties_lost: 'up', network_size: 'down' },
    'Strong inner-circle ties are lost at a few per cent a year: faster decay loses more of the network.',
    ROY,
  ),
  'ties.decayShape': mechanism(
    { ties_lost: 'down' },
    'Decay falls with tie strength: the more steeply it falls, the fewer moderately strong ties are lost.',
    BURT,
  ),
  'ties.dissolveBelow': mechanism(
    { ties_lost: 'up', network_size: 'down' },
    'A tie that has decayed far enough is gone: the higher that floor, the more ties are lost.',
    BURT,
  ),
  'ties.weakThreshold': measurement(
    ['weak_ties', 'strong_ties'],
    'A cut-off that sorts ties into weak and strong (Granovetter 1973) when they are counted: it changes how ties are counted, not the ties.',
  ),

  // flows
  'flows.disengagementRate': mechanism(
    { engaged: 'down', new_ties: 'down' },
    'Users are free to leave: the more do, the fewer are engaged and the less the intervention does.',
    W16,
  ),
  'flows.weakPartnershipEffect': mechanism(
    { engaged: 'down' },
    'A weak partnership loses users: the more trust matters to staying, the more leave.',
    W16,
  ),
  'flows.reentryRate': mechanism({ engaged: 'up', dropped_out: 'down' }, 'Users are free to leave and to re-enter: the more come back, the more are engaged.', W16),
  'flows.reentryTrustEffect': mechanism(
    { engaged: 'up', dropped_out: 'down' },
    'Users are free to leave and re-enter: trust in the partnership that was brings them back.',
    W16,
  ),
  'flows.reentryElsewhere': mechanism(
    { engaged: 'either', partnership_trust: 'down' },
    'A user may re-engage elsewhere: with another agency and its workers engagement changes, and the partnership starts afresh instead of resuming.',
    W16,
  ),
  'flows.dropoutAfterWeeks': mechanism({ dropped_out: 'down' }, 'Users are free to leave and to re-enter: the longer the door stays open, the fewer drop out.', W16),
  'flows.graduationMinWeeks': mechanism({ graduated: 'down' }, 'The circle spins off the page when the user no longer needs services: a longer minimum stay means fewer graduate by follow-up.', W16),
  'flows.graduationNewTies': mechanism({ graduated: 'down' }, 'The circle spins off the page once the network has grown: the more new ties that needs, the fewer graduate.', W16),
  'flows.graduationConfidence': mechanism({ graduated: 'down' }, 'The circle spins off the page once the user is confident: the more confidence that needs, the fewer graduate.', W16),
  'flows.graduationOwnership': mechanism({ graduated: 'down' }, 'The circle spins off the page once the user owns their recovery: the more ownership that needs, the fewer graduate.', W16),

  // barriers
  'barriers.tacklingBoost': mechanism(
    { active_barriers: 'down' },
    'Time a worker spends tackling a barrier helps clear it: tackling barriers is likely to be the most time-consuming element of the work.',
    W16,
  ),
  ...Object.assign({}, ...USER_BARRIERS.map((b) => barrierRoles('user', b, USER_BARRIER_CLAIMS[b]))),
  ...Object.assign({}, ...WORKER_BARRIERS.map((b) => barrierRoles('worker', b, WORKER_BARRIER_CLAIMS[b]))),

  // outcomes: proxies and cut-offs of measurement only
  'outcomes.wellbeingBase': measurement(['wellbeing'], 'A term of the wellbeing proxy (standing in for WEMWBS): it changes how wellbeing is scored, nothing in the model.'),
  'outcomes.wellbeingConfidence': measurement(['wellbeing'], 'A weight of the wellbeing proxy: it changes how wellbeing is scored, nothing in the model.'),
  'outcomes.wellbeingNetwork': measurement(['wellbeing'], 'A weight of the wellbeing proxy: it changes how wellbeing is scored, nothing in the model.'),
  'outcomes.wellbeingParticipation': measurement(['wellbeing'], 'A weight of the wellbeing proxy: it changes how wellbeing is scored, nothing in the model.'),
  'outcomes.wellbeingBarrier': measurement(['wellbeing'], 'A weight of the wellbeing proxy: it changes how wellbeing is scored, nothing in the model.'),
  'outcomes.inclusionNetwork': measurement(['social_inclusion'], 'A weight of the social inclusion proxy (standing in for the Social Inclusion Scale): it changes how inclusion is scored, nothing in the model.'),
  'outcomes.inclusionOutside': measurement(['social_inclusion'], 'A weight of the social inclusion proxy: it changes how inclusion is scored, nothing in the model.'),
  'outcomes.inclusionParticipation': measurement(['social_inclusion'], 'A weight of the social inclusion proxy: it changes how inclusion is scored, nothing in the model.'),
  'outcomes.inclusionAcceptance': measurement(['social_inclusion'], 'A weight of the social inclusion proxy: it changes how inclusion is scored, nothing in the model.'),
  'outcomes.referenceNetworkSize': measurement(
    ['wellbeing', 'social_inclusion'],
    'Where the network terms of the wellbeing and inclusion proxies saturate: it changes how they are scored, nothing in the model.',
  ),
  'outcomes.referenceOutsideTies': measurement(
    ['social_inclusion'],
    'Where the ties-outside-services term of the inclusion proxy saturates: it changes how inclusion is scored, nothing in the model.',
  ),
  'outcomes.participationWindowWeeks': measurement(
    ['participation', 'mainstream_share', 'interest_match_share', 'wellbeing', 'social_inclusion'],
    'The weeks over which participation is averaged, and the proxies that read it: it changes what is observed, nothing in the model.',
  ),
  'outcomes.referenceAttendances': measurement(
    ['wellbeing', 'social_inclusion'],
    'Where the participation terms of the proxies saturate: it changes how they are scored, nothing in the model.',
  ),
  'outcomes.contributionMinStrength': measurement(['contribution'], 'The tie strength from which a tie counts as carrying a contribution to others: a cut-off of the measure.'),
  'outcomes.fidelityFullDose': measurement(['fidelity_rating'], 'How many events of a shared process count as fully delivered in the fidelity rating: a scale of the measure.'),
  'outcomes.fidelityModerate': measurement(
    [],
    'The cut-off of the moderate fidelity band: it sorts users into the fidelity groups and changes no measure of the users as a whole.',
  ),
  'outcomes.fidelityHigh': measurement(
    [],
    'The cut-off of the high fidelity band (as the pilot rated fidelity per participant): it sorts users into the fidelity groups and changes no measure of the users as a whole.',
  ),

  // observe
  'observe.wholeNetworkEvery': measurement(
    [],
    'How often the whole-network figures are computed; observation draws no random numbers and the last tick is always observed, so it changes nothing at follow-up.',
  ),

  // costs: read only by the cost-effectiveness analysis, after the run (issue 16)
  ...Object.fromEntries(
    ['currency', 'priceYear', 'staffWorkerHour', 'peerWorkerHour', 'agencyOverheadShare', 'perContact', 'peerSupportHoursPerWeek', 'serviceUseOffset.enabled', 'serviceUseOffset.perOutcomeUnit'].map((k) => [
      `costs.${k}`,
      measurement([], 'A unit cost or costing assumption: the cost-effectiveness analysis prices the worker time each user received with it after the run; it changes nothing simulated.'),
    ]),
  ),
} satisfies Record<string, ParameterRole>);

// ---------------------------------------------------------------------------------------------------
// Lookup

/** A parameter path with no declaration in PARAMETER_ROLES: a parameter was added without saying what it is for. */
export class ParameterRoleError extends Error {
  readonly path: string;
  constructor(path: string) {
    const hints = suggest(path, Object.keys(PARAMETER_ROLES));
    super(
      `src/scenario/roles.ts: parameter "${path}" has no declared role; declare what it is for in PARAMETER_ROLES ` +
        `(a mechanism, a measurement, a size or a horizon)${hints.length ? `; did you mean ${hints.map((h) => `"${h}"`).join(', ')}?` : ''}`,
    );
    this.name = 'ParameterRoleError';
    this.path = path;
  }
}

/** The declared role of a parameter (a dotted path of PARAMETERS); throws ParameterRoleError when there is none. */
export function parameterRole(path: string): ParameterRole {
  if (!Object.prototype.hasOwnProperty.call(PARAMETER_ROLES, path)) throw new ParameterRoleError(path);
  return PARAMETER_ROLES[path];
}

/** Every parameter path of PARAMETERS with its role, in declaration order; throws on the first path with none. */
export function listParameterRoles(): Array<{ readonly path: string; readonly role: ParameterRole }> {
  const out: Array<{ path: string; role: ParameterRole }> = [];
  forEachLeaf(PARAMETERS as unknown as Group, (path) => out.push({ path, role: parameterRole(path) }));
  return out;
}

/** The role the audit reads for a path: a parameter's own, or for one key of a barrier's effects its barrierEffectRole. */
export function auditRole(path: string): ParameterRole {
  return barrierEffectRole(path) ?? parameterRole(path);
}
