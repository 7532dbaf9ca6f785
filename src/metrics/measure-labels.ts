// Short names and units of every series measure, for people rather than code: axis titles, printed
// summaries, the report (the long definitions are MEASURE_DEFINITIONS in output/describe-model.ts and
// docs/ODD.md, Appendix C). Part of metrics/; pure, browser-safe. Keyed by GroupMeasure, so a measure added
// to metrics/ without a label here fails to compile.
import type { GroupMeasure } from './groups.js';

export interface MeasureLabel {
  /** A short name, capitalised, for titles and axes. */
  readonly label: string;
  /** The unit, when there is one. */
  readonly unit?: string;
}

const ties = (label: string): MeasureLabel => ({ label, unit: 'ties' });
const people = (label: string): MeasureLabel => ({ label, unit: 'people' });
const share = (label: string): MeasureLabel => ({ label, unit: 'share' });
const unitInterval = (label: string): MeasureLabel => ({ label, unit: '0–1' });
const items = (label: string): MeasureLabel => ({ label, unit: 'items' });

export const MEASURE_LABELS: Readonly<Record<GroupMeasure, MeasureLabel>> = {
  network_size: ties('Network size'),
  new_ties: ties('New ties'),
  ties_formed: ties('Ties formed (cumulative)'),
  ties_lost: ties('Ties lost (cumulative)'),
  weak_ties: ties('Weak ties'),
  strong_ties: ties('Strong ties'),
  family_ties: ties('Family ties'),
  friend_ties: ties('Friend ties'),
  acquaintance_ties: ties('Acquaintance ties'),
  via_intervention_ties: ties('Ties via the intervention'),
  outside_services_ties: ties('Ties outside services'),
  deepened_ties: ties('Deepened ties'),
  extensity: { label: 'Extensity (Lin)', unit: 'distinct positions' },
  upper_reachability: { label: 'Upper reachability (Lin)', unit: 'prestige, 0–100' },
  prestige_range: { label: 'Range of prestige (Lin)', unit: 'prestige points' },
  average_prestige: { label: 'Average accessed prestige (Lin)', unit: 'prestige, 0–100' },
  rg_total: items('Access to social capital (RG total)'),
  rg_domestic: items('RG domestic resources'),
  rg_expert_advice: items('RG expert advice'),
  rg_personal_skills: items('RG personal skills'),
  rg_problem_solving: items('RG problem solving'),
  social_confidence: unitInterval('Social confidence'),
  ownership: unitInterval('Ownership'),
  participation: { label: 'Participation', unit: 'attendances per week' },
  mainstream_share: share('Attendances at mainstream nodes'),
  interest_match_share: share('Attendances matching interests'),
  wellbeing: { label: 'Wellbeing (WEMWBS proxy)', unit: '14–70' },
  social_inclusion: unitInterval('Social inclusion (proxy)'),
  contribution: ties('Contribution to others'),
  active_barriers: { label: 'Active barriers', unit: 'barriers' },
  fidelity_rating: unitInterval('Fidelity rating'),
  partnership_strength: unitInterval('Partnership strength'),
  partnership_trust: unitInterval('Partnership trust'),
  progress: { label: 'Weekly progress' },
  ego_clustering: share('Ego-network clustering'),
  worker_hours: { label: 'Worker time received (cumulative)', unit: 'hours' },
  peer_worker_hours: { label: 'Peer worker time received (cumulative)', unit: 'hours' },
  worker_contacts: { label: 'Weeks with worker contact (cumulative)', unit: 'contacts' },
  peer_support_weeks: { label: 'Weeks of peer support (cumulative)', unit: 'weeks' },
  users: people('Service users'),
  not_referred: people('Not yet referred'),
  waiting: people('Waiting'),
  engaged: people('Engaged'),
  paused: people('Paused'),
  graduated: people('Graduated'),
  dropped_out: people('Dropped out'),
  peer_workers: people('Peer workers'),
  workers_active: { label: 'Active workers', unit: 'workers' },
  worker_knowledge: { label: 'Community nodes known per worker', unit: 'nodes' },
  agency_knowledge: { label: 'Agency shared knowledge', unit: 'nodes' },
  knowledge_lost: { label: 'Knowledge lost (cumulative)', unit: 'nodes' },
  worker_leavers: { label: 'Worker leavers (cumulative)', unit: 'workers' },
  networking_hours: { label: 'Networking time per worker', unit: 'hours per week' },
  network_ties: ties('Ties in the whole network'),
  network_density: { label: 'Network density' },
  network_components: { label: 'Connected components', unit: 'components' },
  largest_component_share: share('Largest component'),
  bridging_locality: ties('Ties bridging localities'),
  bridging_strata: ties('Ties bridging prestige strata'),
};

/** The label of a measure; an unknown one (a future measure read from a file) is shown by its name. */
export function labelMeasure(measure: string): MeasureLabel {
  return Object.hasOwn(MEASURE_LABELS, measure) ? MEASURE_LABELS[measure as GroupMeasure] : { label: measure };
}

/** "Access to …" → "access to …", leaving initialisms such as "RG …" alone. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/**
 * "Label (unit)" for an axis title, with an optional prefix such as "Change in"; a label that already ends
 * in parentheses takes the unit inside them: "Extensity (Lin, distinct positions)".
 */
export function axisTitle(label: MeasureLabel, prefix?: string): string {
  const text = prefix ? `${prefix} ${lowerFirst(label.label)}` : label.label;
  if (!label.unit) return text;
  return text.endsWith(')') ? `${text.slice(0, -1)}, ${label.unit})` : `${text} (${label.unit})`;
}
