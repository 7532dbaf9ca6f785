// Markdown descriptions of the model's parameters, tables, output measures and tick order, built from the
// single sources of truth (PARAMETERS, a complete scenario document, the metrics' measure lists, TICK_ORDER).
// Part of output/: it reads scenario/ and metrics/, and takes the tick order as data (engine/step.ts's
// TICK_ORDER). scripts/docs.mjs writes what it builds into the generated regions of docs/ODD.md, and
// test/docs/odd.test.ts fails when the two drift apart. Pure: no I/O and no node: imports.
import { EFFECT_TARGETS, forEachLeaf, type Group, type Leaf } from '../scenario/spec.js';
import { PARAMETERS } from '../scenario/parameters.js';
import { RESOURCE_SUBSCALES, type Tables } from '../scenario/tables.js';
import { USER_MEASURES } from '../metrics/user-measures.js';
import { COUNT_MEASURES, NETWORK_MEASURES, WORKER_MEASURES, type GroupMeasure } from '../metrics/groups.js';

/** What the describers read from a complete scenario document (e.g. scenarios/base.json, or Scenario.document). */
export interface DescribedDocument {
  /** The complete parameter tree: every leaf as { value, unit, range, source }. */
  readonly parameters: unknown;
  readonly tables: Tables;
}

/** One entry of the tick order, as engine/step.ts's TICK_ORDER declares it. */
export interface DescribedTickProcess {
  readonly name: string;
  readonly step: string;
  readonly apply?: { readonly name: string };
}

/** Names of the generated regions of docs/ODD.md, in the order they appear there. */
export const GENERATED_REGIONS = ['tick-order', 'parameters', 'tables', 'measures'] as const;
export type GeneratedRegion = (typeof GENERATED_REGIONS)[number];

const SPEC = PARAMETERS as unknown as Group;

// ---------------------------------------------------------------------------------------------------
// Markdown helpers

/** Make text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: readonly ('l' | 'r')[]): string {
  const sep = head.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

function fmtNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : 'NaN';
  return String(x);
}

const pct = (x: number): string => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

// ---------------------------------------------------------------------------------------------------
// Parameters

interface LeafDocument {
  readonly value?: unknown;
  readonly unit?: string;
  readonly range?: readonly [number, number];
  readonly source?: string;
}

function leafDocument(parameters: unknown, path: string): LeafDocument {
  let node: unknown = parameters;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`the scenario document has no parameter ${path}`);
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null || !('value' in node)) throw new Error(`parameter ${path} has no value in the scenario document`);
  return node as LeafDocument;
}

function formatValue(leaf: Leaf, value: unknown): string {
  if (leaf.kind === 'effects') {
    const effects = (value ?? {}) as Record<string, number>;
    const parts = EFFECT_TARGETS.filter((t) => effects[t] !== undefined).map((t) => `${t} ${fmtNumber(effects[t])}`);
    return parts.length ? code(parts.join(', ')) : 'none';
  }
  if (typeof value === 'number') return code(fmtNumber(value));
  return code(String(value));
}

function formatRange(path: string, leaf: Leaf, doc: LeafDocument, groupNames: readonly string[]): string {
  switch (leaf.kind) {
    case 'number': {
      const [lo, hi] = doc.range ?? [leaf.min, leaf.max];
      return `[${fmtNumber(lo)}, ${fmtNumber(hi)}]${leaf.integer ? ' integer' : ''}`;
    }
    case 'boolean':
      return 'true, false';
    case 'choice':
      if (leaf.options.length) return leaf.options.join(', ');
      // Barrier targets: cultural groups apply to service users only (scenario/compile.ts allows workers "all" only).
      return (path.startsWith('barriers.worker.') ? ['all'] : ['all', 'minority', ...groupNames]).map((g) => `"${g}"`).join(', ');
    case 'effects': {
      const [lo, hi] = doc.range ?? [0, 1];
      return `[${fmtNumber(lo)}, ${fmtNumber(hi)}] per target`;
    }
  }
}

/** May an arm change this parameter? No when it shapes the population that every arm shares (scenario/compile.ts). */
export function isPopulationShaping(path: string, leaf: Leaf): boolean {
  return (leaf.kind === 'number' && leaf.structural === true) || path.startsWith('population.');
}

/** Every parameter path, in PARAMETERS order. */
export function parameterPaths(): string[] {
  const paths: string[] = [];
  forEachLeaf(SPEC, (p) => paths.push(p));
  return paths;
}

/** The heading a parameter is listed under: its top-level group, or two levels for the per-barrier trees. */
function parameterSection(path: string): string {
  const parts = path.split('.');
  return parts.length >= 4 ? parts.slice(0, 2).join('.') : parts[0];
}

/**
 * The parameter table: one row per leaf of PARAMETERS (in declaration order) with its path, description,
 * default value, unit, range and source, read from a complete scenario document. Split by parameter group
 * under `###` headings; † marks the parameters that shape the shared population.
 */
export function buildParameterTable(document: DescribedDocument): string {
  const groups = document.tables.culturalGroups.items.map((g) => g.name);
  const sections = new Map<string, string[][]>();
  forEachLeaf(SPEC, (path, leaf) => {
    const doc = leafDocument(document.parameters, path);
    const row = [
      code(path) + (isPopulationShaping(path, leaf) ? ' †' : ''),
      cell(leaf.doc),
      cell(formatValue(leaf, doc.value)),
      cell(doc.unit ?? '—'),
      cell(formatRange(path, leaf, doc, groups)),
      cell(doc.source ?? '—'),
    ];
    const key = parameterSection(path);
    const rows = sections.get(key) ?? [];
    rows.push(row);
    sections.set(key, rows);
  });
  const out: string[] = [
    '† shapes the population that all arms of a scenario share: an arm may not change it (set it for the whole scenario instead).',
  ];
  for (const [key, rows] of sections) {
    out.push('', `### ${code(key)}`, '', table(['Parameter', 'Description', 'Default', 'Unit', 'Range', 'Source'], rows));
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Tables

const SUBSCALE_TITLES: Readonly<Record<(typeof RESOURCE_SUBSCALES)[number], string>> = {
  domestic: 'Domestic resources',
  expertAdvice: 'Expert advice',
  personalSkills: 'Personal skills',
  problemSolving: 'Problem-solving resources',
};

function sourceLines(t: { source: string; units?: string }): string {
  return `Source: ${t.source.trim()}${t.units ? `  \nUnits: ${t.units.trim()}` : ''}`;
}

/**
 * The scenario tables: positions with prestige (Lin's position generator), resource items by RG-UK subscale,
 * interests, community node kinds, cultural groups and agency kinds, each with its source and units.
 */
export function buildTablesSummary(document: DescribedDocument): string {
  const t = document.tables;
  const out: string[] = [];

  // 1. Positions: weights also shown as shares of residents and of service users.
  const share = t.positions.items.reduce((a, p) => a + p.share, 0);
  const userShare = t.positions.items.reduce((a, p) => a + p.userShare, 0);
  const meanPrestige = t.positions.items.reduce((a, p) => a + p.prestige * p.share, 0) / share;
  const meanUserPrestige = t.positions.items.reduce((a, p) => a + p.prestige * p.userShare, 0) / userShare;
  out.push(
    `### Positions (Lin's position generator): ${t.positions.items.length} occupations`,
    '',
    sourceLines(t.positions),
    '',
    table(
      ['Position', 'Prestige', 'Share (weight)', 'Residents', 'User share (weight)', 'Service users'],
      t.positions.items.map((p) => [cell(p.name), fmtNumber(p.prestige), fmtNumber(p.share), pct(p.share / share), fmtNumber(p.userShare), pct(p.userShare / userShare)]),
      ['l', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `Mean prestige: residents ${meanPrestige.toFixed(1)}, service users ${meanUserPrestige.toFixed(1)}.`,
  );

  // 2. Resources by subscale.
  out.push('', `### Resource items (RG-UK style): ${t.resources.items.length} items in ${RESOURCE_SUBSCALES.length} subscales`, '', sourceLines(t.resources));
  for (const sub of RESOURCE_SUBSCALES) {
    const items = t.resources.items.filter((r) => r.subscale === sub);
    out.push(
      '',
      `#### ${SUBSCALE_TITLES[sub]} (${code(sub)}, ${items.length} items)`,
      '',
      items.length
        ? table(
            ['Item', 'Probability', 'Prestige gradient'],
            items.map((r) => [cell(r.name), fmtNumber(r.probability), fmtNumber(r.prestigeGradient)]),
            ['l', 'r', 'r'],
          )
        : 'No items.',
    );
  }

  // 3. Interests.
  out.push('', `### Interests: ${t.interests.items.length}`, '', sourceLines(t.interests), '', t.interests.items.map((i) => cell(i)).join(', ') + '.');

  // 4. Node kinds.
  out.push(
    '',
    `### Community node kinds: ${t.nodeKinds.items.length}`,
    '',
    sourceLines(t.nodeKinds),
    '',
    table(
      ['Kind', 'Mainstream', 'Interests', 'Share', 'Mean members', 'User member share', 'Position mixing', 'Cultural appropriateness', 'Accessibility (mean ± sd)'],
      t.nodeKinds.items.map((k) => [
        cell(k.name),
        k.mainstream ? 'yes' : 'no (service-based)',
        cell(k.interests.join(', ')),
        fmtNumber(k.share),
        fmtNumber(k.meanMembers),
        fmtNumber(k.userMemberShare),
        fmtNumber(k.positionMixing),
        fmtNumber(k.culturalAppropriateness),
        `${fmtNumber(k.accessibility.mean)} ± ${fmtNumber(k.accessibility.sd)}`,
      ]),
      ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );

  // 5. Cultural groups and agency kinds.
  out.push(
    '',
    `### Cultural groups: ${t.culturalGroups.items.length}`,
    '',
    sourceLines(t.culturalGroups),
    '',
    table(
      ['Group', 'Share (weight)', 'Minority'],
      t.culturalGroups.items.map((g) => [cell(g.name), fmtNumber(g.share), g.minority ? 'yes' : 'no']),
      ['l', 'r', 'l'],
    ),
    '',
    `### Agency kinds: ${t.agencyKinds.items.length}`,
    '',
    sourceLines(t.agencyKinds),
    '',
    table(
      ['Kind', 'Share (weight)'],
      t.agencyKinds.items.map((k) => [cell(k.name), fmtNumber(k.share)]),
      ['l', 'r'],
    ),
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Measures

/** A one-line definition of every output measure (series.csv's `measure` column; users.csv's columns). */
export const MEASURE_DEFINITIONS: Readonly<Record<GroupMeasure, string>> = {
  // Per service user (MODEL.md §5); in series.csv the mean over the group's users.
  network_size: 'live person–person ties of the user (baseline and new)',
  new_ties: 'live ties formed since baseline',
  ties_formed: 'ties formed since baseline, counting those that have dissolved again (cumulative)',
  ties_lost: 'ties dissolved since baseline: baseline ties no longer alive plus new ties that formed and dissolved again',
  weak_ties: 'live ties with strength below ties.weakThreshold',
  strong_ties: 'live ties with strength at or above ties.weakThreshold',
  family_ties: 'live family ties',
  friend_ties: 'live friend ties',
  acquaintance_ties: 'live acquaintance ties (every tie formed during the run is an acquaintance)',
  via_intervention_ties: 'live ties formed at a node the user reached through the intervention (sign-posting, a facilitated visit, or found on their own after a partnership)',
  outside_services_ties: 'live ties formed at a mainstream node with a person who is not a service user',
  deepened_ties: 'live baseline ties whose strength is above its value at baseline',
  extensity: "Lin's extensity: number of distinct positions among the user's alters",
  upper_reachability: "Lin's upper reachability: highest prestige among the alters' positions (0 with no alters)",
  prestige_range: "Lin's range: highest minus lowest prestige among the alters' positions",
  average_prestige: "Lin's average accessed prestige: mean prestige of the distinct positions reached",
  rg_total: 'resource-generator score (RG-UK style): distinct resource items held by at least one alter',
  rg_domestic: 'resource-generator subscale score: distinct domestic-resource items held by at least one alter',
  rg_expert_advice: 'resource-generator subscale score: distinct expert-advice items held by at least one alter',
  rg_personal_skills: 'resource-generator subscale score: distinct personal-skill items held by at least one alter',
  rg_problem_solving: 'resource-generator subscale score: distinct problem-solving items held by at least one alter',
  social_confidence: 'social confidence (0–1)',
  ownership: 'ownership (0–1): how far the user drives their own recovery ("building currency")',
  participation: "node attendances per week, averaged over the last outcomes.participationWindowWeeks weeks; weeks of the window before the user's referral week (all of it at baseline) count at the user's expected baseline attendance",
  mainstream_share: 'share of attendances in the participation window that were at mainstream nodes (empty without attendances)',
  interest_match_share: "share of attendances in the participation window at nodes serving one of the user's interests or goal (empty without attendances)",
  wellbeing: 'wellbeing proxy on the 14–70 range of WEMWBS (a proxy, not the scale): 14 + 56 × a weighted sum of confidence, network size, participation and active barriers',
  social_inclusion: 'social inclusion proxy, 0–1, standing in for the Social Inclusion Scale (Wilson & Secker 2015): weighted network size, ties outside services, participation and freedom from stigma and discrimination',
  contribution: 'contribution to others: live ties of strength ≥ outcomes.contributionMinStrength to alters who lack a resource item the user holds',
  active_barriers: "number of the user's active barriers",
  fidelity_rating: 'fidelity rating (0–1): mean over the five shared processes of min(1, events received / outcomes.fidelityFullDose)',
  partnership_strength: 'strength of the partnership (0–1); engaged users only',
  partnership_trust: 'trust in the partnership (0–1); engaged users only',
  progress: "this week's progress: partnership strength × the coupled worker and user momentum; engaged users only",
  ego_clustering: "share of pairs of the user's alters that are tied to each other (only at whole-network ticks)",
  worker_hours:
    "hours of worker time the user has received since referral (cumulative): each engaged week, the hours their worker planned for them (workers.contactHoursPerUser + workers.barrierHoursPerBarrier × active barriers) × the share of the worker's plan their time covered; staff and peer workers alike; 0 under usual care, whose contact is not modelled",
  peer_worker_hours: 'the part of worker_hours given by a peer worker as the user\'s worker (cumulative)',
  worker_contacts: 'weeks in which the user received worker time (cumulative; one contact a week)',
  peer_support_weeks: 'weeks in which a peer worker gave the user peer support alongside their worker (cumulative; peer support has no hours in the model)',
  // Counts of the group's users.
  users: 'service users in the group',
  not_referred: 'users whose referral has not yet arrived',
  waiting: 'users referred and waiting for a worker with capacity (all referred users under usual care)',
  engaged: 'users in a CPI partnership',
  paused: 'users who have left their partnership and may re-enter',
  graduated: 'users who have graduated (the circle has "spun off the page")',
  dropped_out: 'users paused for longer than flows.dropoutAfterWeeks',
  peer_workers: 'users who are peer workers now (a peer worker who leaves the post stops counting)',
  // Workers and agencies ("all" and agency groups only).
  workers_active: 'active workers, peer workers included',
  worker_knowledge: 'community nodes known per active worker (mean)',
  agency_knowledge: "community nodes in the agency's shared knowledge (group all: mean over agencies)",
  knowledge_lost: "community nodes lost from the agency's reach when workers left: known to the leaver and neither in the agency's shared knowledge nor known to another active worker of the agency (cumulative; group all: total over agencies)",
  worker_leavers: 'workers who have left (cumulative)',
  networking_hours: 'hours per active worker left for networking this week (mean)',
  // Whole network (group "all" only, at whole-network ticks).
  network_ties: 'live person–person ties among residents and service users',
  network_density: 'ties / (N (N − 1) / 2) over the N residents and service users',
  network_components: 'connected components of the person network, isolates included',
  largest_component_share: 'share of persons in the largest connected component',
  bridging_locality: 'live ties joining persons of different localities',
  bridging_strata: 'live ties joining persons of different prestige strata',
};

/** Every output measure with its family, in series order. */
export function measureFamilies(): Array<{ readonly measure: GroupMeasure; readonly family: string }> {
  return [
    ...USER_MEASURES.map((measure) => ({ measure, family: 'user' })),
    ...COUNT_MEASURES.map((measure) => ({ measure, family: 'count' })),
    ...WORKER_MEASURES.map((measure) => ({ measure, family: 'worker' })),
    ...NETWORK_MEASURES.map((measure) => ({ measure, family: 'network' })),
  ];
}

const FAMILIES: Readonly<Record<string, { readonly title: string; readonly note: string }>> = {
  user: {
    title: 'Per service user',
    note: "Columns of users.csv (an empty cell is a missing value). In series.csv, the mean over the group's users who have a value: the partnership measures average over engaged users only.",
  },
  count: { title: 'Counts', note: 'Numbers of the users in the group.' },
  worker: { title: 'Workers and agencies', note: 'Groups `all` and `agency-NN` only; no rows for the fidelity groups.' },
  network: {
    title: 'Whole network',
    note: 'Group `all` only, at tick 0, at the last tick and every `observe.wholeNetworkEvery` ticks; no rows at other ticks.',
  },
};

/** Every output measure with a one-line definition, grouped by family. */
export function buildMeasureList(): string {
  const out: string[] = [];
  for (const family of ['user', 'count', 'worker', 'network']) {
    const rows = measureFamilies()
      .filter((m) => m.family === family)
      .map((m) => [code(m.measure), cell(MEASURE_DEFINITIONS[m.measure])]);
    if (out.length) out.push('');
    out.push(`### ${FAMILIES[family].title}`, '', FAMILIES[family].note, '', table(['Measure', 'Definition'], rows));
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Tick order

/** The file that implements each process of the tick. */
export const PROCESS_FILES: Readonly<Record<string, string>> = {
  'participation-window': 'src/processes/attendance.ts',
  intake: 'src/processes/intake.ts',
  'worker-time': 'src/processes/partnership.ts',
  barriers: 'src/processes/barriers.ts',
  partnership: 'src/processes/partnership.ts',
  'shared-processes': 'src/processes/shared-processes.ts',
  attendance: 'src/processes/attendance.ts',
  'worker-networking': 'src/processes/worker-networking.ts',
  'tie-decay': 'src/processes/tie-decay.ts',
  'tie-replacement': 'src/processes/tie-replacement.ts',
  flows: 'src/processes/flows.ts',
};

/** The order of one tick as a table, from engine/step.ts's TICK_ORDER, followed by observation. */
export function buildTickOrder(order: readonly DescribedTickProcess[]): string {
  const rows = order.map((p, i) => [
    String(i + 1),
    code(p.name),
    cell(p.step),
    p.apply?.name ? code(p.apply.name) : '—',
    PROCESS_FILES[p.name] ? code(PROCESS_FILES[p.name]) : '—',
  ]);
  rows.push([
    String(order.length + 1),
    code('observe'),
    '9 Observe (no random draws)',
    code('measureUsers') + ', ' + code('measureGroups'),
    code('src/engine/run.ts') + ', ' + code('src/metrics/'),
  ]);
  return table(['#', 'Process', 'MODEL.md §3 step', 'Function', 'File'], rows, ['r', 'l', 'l', 'l', 'l']);
}

// ---------------------------------------------------------------------------------------------------
// Generated regions

/** Every generated region's content. */
export function buildGeneratedRegions(document: DescribedDocument, order: readonly DescribedTickProcess[]): Record<GeneratedRegion, string> {
  return {
    'tick-order': buildTickOrder(order),
    parameters: buildParameterTable(document),
    tables: buildTablesSummary(document),
    measures: buildMeasureList(),
  };
}

export const regionStart = (name: string): string => `<!-- generated:${name}:start -->`;
export const regionEnd = (name: string): string => `<!-- generated:${name}:end -->`;
const NOTICE = '<!-- Generated from the code by `npm run build && npm run docs`; do not edit by hand. -->';

/** The text between a region's markers (markers excluded), or undefined when the markers are missing. */
export function readGeneratedRegion(text: string, name: string): string | undefined {
  const start = text.indexOf(regionStart(name));
  const end = text.indexOf(regionEnd(name));
  if (start < 0 || end < start) return undefined;
  return text.slice(start + regionStart(name).length, end);
}

/** Replace the body of each named region; throws when a region's markers are missing. */
export function replaceGeneratedRegions(text: string, regions: Readonly<Partial<Record<string, string>>>): string {
  let out = text;
  for (const [name, content] of Object.entries(regions)) {
    if (content === undefined) continue;
    const start = out.indexOf(regionStart(name));
    const end = out.indexOf(regionEnd(name));
    if (start < 0 || end < start) throw new Error(`docs: the markers ${regionStart(name)} … ${regionEnd(name)} are missing`);
    out = out.slice(0, start) + regionStart(name) + `\n${NOTICE}\n\n${content}\n\n` + out.slice(end);
  }
  return out;
}
