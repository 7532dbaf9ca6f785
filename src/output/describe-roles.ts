// "What each parameter is for" (MODEL.md §8): a Markdown table of every parameter's declared role, built from
// PARAMETER_ROLES (src/scenario/roles.ts) in PARAMETERS order. Part of output/; scripts/docs.mjs writes it into
// the generated region `roles` of docs/ODD.md and test/scenario/roles.test.ts fails when the two drift apart.
// Pure: no I/O and no node: imports.
import type { OutcomeDirection, ParameterRole, RoleKind } from '../scenario/role-spec.js';
import { ROLE_KINDS } from '../scenario/role-spec.js';
import { listParameterRoles } from '../scenario/roles.js';
import { cell } from './describe-model.js';

/** The name of the generated region of docs/ODD.md that holds the role table. */
export const ROLES_REGION = 'roles';

const ARROWS: Readonly<Record<OutcomeDirection, string>> = { up: '↑', down: '↓', either: '↕' };

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';

/** What a role expects of the model, in one table cell. */
function expectation(role: ParameterRole): string {
  switch (role.role) {
    case 'mechanism': {
      const moves = Object.entries(role.moves).map(([m, d]) => `${code(m)} ${ARROWS[d as OutcomeDirection]}`);
      return moves.join(', ') + (role.scope === 'minority' ? ' (minority users)' : '');
    }
    case 'measurement':
      return role.measures.length ? `may change ${role.measures.map(code).join(', ')} only` : 'changes nothing';
    case 'size':
    case 'horizon':
      return '—';
  }
}

/** The heading a parameter is listed under: its top-level group, or two levels for the per-barrier trees. */
function section(path: string): string {
  const parts = path.split('.');
  return parts.length >= 4 ? parts.slice(0, 2).join('.') : parts[0];
}

/**
 * The role table: one row per parameter (path, role, what it should move or may change, why, source), under
 * a `###` heading per parameter group, after a count of each kind of role.
 */
export function buildRoleSection(): string {
  const roles = listParameterRoles();
  const counts = new Map<RoleKind, number>(ROLE_KINDS.map((k) => [k, 0]));
  const sections = new Map<string, string[][]>();
  for (const { path, role } of roles) {
    counts.set(role.role, (counts.get(role.role) ?? 0) + 1);
    const rows = sections.get(section(path)) ?? [];
    rows.push([code(path), role.role, cell(expectation(role)), cell(role.because), role.role === 'mechanism' ? cell(role.source) : '—']);
    sections.set(section(path), rows);
  }
  const plural = (k: RoleKind, n: number) => `${n} ${k}${n === 1 ? '' : 's'}`;
  const out = [`${roles.length} parameters: ${ROLE_KINDS.map((k) => plural(k, counts.get(k) ?? 0)).join(', ')}.`];
  for (const [key, rows] of sections) {
    const head = ['Parameter', 'Role', 'Should move (↑ up, ↓ down, ↕ either) or may change', 'Because', 'Source'];
    out.push('', `### ${code(key)}`, '', [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  }
  return out.join('\n');
}
