// Plain names for the grant writer's report (output/report-html.ts): each arm of a resolved scenario as a
// reader would say it ("High fidelity CPI", "Usual care") with whether it delivers CPI, and each parameter as
// its declaration describes it (scenario/parameters.ts) under a readable heading, the code path kept for the
// appendix. Part of output/; pure. A scenario declares arms by name and description only, so titles are
// derived from the name and from what the arm does.
import { BARRIER_LABELS, PARAMETERS } from '../scenario/parameters.js';
import { leafAt, type Group } from '../scenario/spec.js';

const SPEC = PARAMETERS as unknown as Group;

/** An arm as the report names and describes it. */
export interface ReportArm {
  /** The code name (arms in scenarios, CSV files and charts). */
  readonly name: string;
  /** The readable name used in the body of the report. */
  readonly title: string;
  readonly description: string;
  /** Whether CPI is delivered in this arm (intervention.enabled). */
  readonly cpi: boolean;
  /** What the arm changes from the scenario, one entry per parameter. */
  readonly changes: ReadonlyArray<{ readonly path: string; readonly label: string; readonly value: string }>;
}

/** "noCulturallyAppropriateServices" → "no culturally appropriate services". */
const camelToWords = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// Words a scenario's kebab-case names abbreviate that a reader knows in capitals.
const ACRONYMS: Readonly<Record<string, string>> = { cpi: 'CPI', nhs: 'NHS', uk: 'UK' };

/** "high-fidelity" → "High fidelity", "cpi" → "CPI". */
export function humaniseName(name: string): string {
  const words = name.split('-').filter(Boolean).map((w) => ACRONYMS[w] ?? w);
  return capitalise(words.join(' '));
}

/** A leaf's value from an arm's `set` (bare, or a partial leaf with a value). */
const bareValue = (v: unknown) => (v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v);

/** A parameter value as the report prints it: yes/no, numbers as written, effects as "target fraction" pairs. */
export function parameterValueText(value: unknown, format: (n: number) => string = String): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return format(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${camelToWords(k)} ${typeof v === 'number' ? format(v) : String(v)}`);
    return parts.length ? parts.join(', ') : 'none';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The arms of a resolved scenario document (scenario.json of a results folder), titled for readers. When some
 * arms deliver CPI and others do not, the CPI arms' titles say so ("High fidelity CPI" against "Usual care"),
 * unless the name already does.
 */
export function labelArms(document: unknown, format?: (n: number) => string): ReportArm[] {
  const doc = (document ?? {}) as { parameters?: { intervention?: { enabled?: { value?: unknown } } }; arms?: Array<{ name: string; description?: string; set?: Record<string, unknown> }> };
  const enabled = doc.parameters?.intervention?.enabled?.value !== false;
  const arms = (doc.arms ?? []).map((a) => {
    const set = a.set ?? {};
    const cpi = 'intervention.enabled' in set ? bareValue(set['intervention.enabled']) !== false : enabled;
    const changes = Object.entries(set).map(([path, v]) => ({ path, label: parameterLabel(path), value: parameterValueText(bareValue(v), format) }));
    return { name: a.name, description: a.description ?? '', cpi, changes };
  });
  const contrast = arms.some((a) => a.cpi) && arms.some((a) => !a.cpi);
  return arms.map((a) => {
    const title = humaniseName(a.name);
    return { ...a, title: contrast && a.cpi && !/\bCPI\b/.test(title) ? `${title} CPI` : title };
  });
}

/** What a parameter is, from its declaration, e.g. "Mean agency fidelity to the CPI model". */
export function parameterLabel(path: string): string {
  const leaf = leafAt(SPEC, path);
  return capitalise(leaf ? leaf.doc : camelToWords(path.split('.').pop() ?? path));
}

// Headings for the parameter groups, in words a reader of the CPI literature uses.
const SECTION_TITLES: Readonly<Record<string, string>> = {
  intervention: 'The intervention',
  population: 'The local population and its community places',
  serviceUsers: 'People referred (service users)',
  agencies: 'Agencies',
  workers: 'Workers',
  peerWorkers: 'Peer workers',
  intake: 'Referral and forming a partnership',
  partnership: 'The partnership between worker and service user',
  processes: 'CPI practice (the shared processes)',
  attendance: 'Going to community places and meeting people',
  ties: 'Social ties: contact and fading',
  flows: 'Pausing, dropping out and completing CPI',
  barriers: 'Barriers in general',
  outcomes: 'How outcomes are scored',
  observe: 'What the model records',
};

/** The heading a parameter is listed under: its group, or the barrier it belongs to. */
export function parameterSection(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'barriers' && parts.length >= 4) {
    const who = parts[1] === 'user' ? 'service users' : 'workers and agencies';
    return `Barrier for ${who}: ${BARRIER_LABELS[`${parts[1]}.${parts[2]}`] ?? camelToWords(parts[2])}`;
  }
  return SECTION_TITLES[parts[0]] ?? capitalise(camelToWords(parts[0]));
}
