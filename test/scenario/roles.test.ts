// What each parameter is for (src/scenario/roles.ts, MODEL.md §8): every leaf of the parameter tree has a
// declaration and no declaration names a path that does not exist; every measure named is a real series
// measure; mechanisms say why and where from; the lookup names a missing path; the declarations hold to the
// paper where today's model does not (issue 14), and they reach the JSON Schema and docs/ODD.md.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PARAMETERS, USER_BARRIERS, WORKER_BARRIERS } from '../../src/scenario/parameters.js';
import { forEachLeaf, leafAt, type Group } from '../../src/scenario/spec.js';
import { GROUP_MEASURES } from '../../src/metrics/groups.js';
import { ROLE_KINDS, type MechanismRole, type ParameterRole } from '../../src/scenario/role-spec.js';
import { PARAMETER_ROLES, ParameterRoleError, auditRole, barrierEffectRole, listParameterRoles, parameterRole } from '../../src/scenario/roles.js';
import { EFFECT_TARGETS } from '../../src/scenario/spec.js';
import { buildScenarioJsonSchema } from '../../src/scenario/schema.js';
import { ROLE_KEYWORD } from '../../src/scenario/file-json-schema.js';
import { buildRoleSection, ROLES_REGION } from '../../src/output/describe-roles.js';
import { readGeneratedRegion, replaceGeneratedRegions } from '../../src/output/describe-model.js';

const SPEC = PARAMETERS as unknown as Group;
const leaves: string[] = [];
forEachLeaf(SPEC, (path) => leaves.push(path));
const measures = new Set<string>(GROUP_MEASURES);
const mechanism = (path: string): MechanismRole => {
  const role = parameterRole(path);
  if (role.role !== 'mechanism') throw new Error(`${path} is a ${role.role}, not a mechanism`);
  return role;
};
const namedMeasures = (role: ParameterRole): string[] =>
  role.role === 'mechanism' ? Object.keys(role.moves) : role.role === 'measurement' ? [...role.measures] : [];

describe('parameter roles cover the parameter tree', () => {
  test('every leaf of PARAMETERS has a declaration (a parameter added without one fails here)', () => {
    expect(leaves.length).toBeGreaterThan(200);
    expect(leaves.filter((p) => !Object.prototype.hasOwnProperty.call(PARAMETER_ROLES, p))).toEqual([]);
  });

  test('no declaration names a path that is not a leaf of PARAMETERS', () => {
    expect(Object.keys(PARAMETER_ROLES).filter((p) => leafAt(SPEC, p) === undefined)).toEqual([]);
    expect(Object.keys(PARAMETER_ROLES)).toHaveLength(leaves.length);
  });

  test('listParameterRoles gives every leaf in declaration order with its role', () => {
    const listed = listParameterRoles();
    expect(listed.map((r) => r.path)).toEqual(leaves);
    for (const { path, role } of listed) expect(role).toBe(PARAMETER_ROLES[path]);
  });

  test('the barriers are declared per barrier, for users and for workers', () => {
    for (const b of USER_BARRIERS) expect(parameterRole(`barriers.user.${b}.prevalence`).because).toMatch(/barrier/);
    for (const b of WORKER_BARRIERS) expect(parameterRole(`barriers.worker.${b}.onsetRate`).because).toMatch(/barrier/);
    expect(parameterRole('barriers.user.selfStigma.enabled')).not.toEqual(parameterRole('barriers.user.poorAccess.enabled'));
  });
});

describe('every declaration is well-formed', () => {
  test.each(leaves)('%s has a known role kind and a plain reason', (path) => {
    const role = parameterRole(path);
    expect(ROLE_KINDS).toContain(role.role);
    expect(role.because.trim().length, `${path}: because`).toBeGreaterThan(20);
  });

  test('every measure a declaration names is a series measure (GroupMeasure)', () => {
    const unknown = Object.entries(PARAMETER_ROLES).flatMap(([path, role]) => namedMeasures(role).filter((m) => !measures.has(m)).map((m) => `${path}: ${m}`));
    expect(unknown).toEqual([]);
  });

  test('every mechanism moves at least one outcome, in a known direction, with its reason and its source', () => {
    const problems: string[] = [];
    for (const [path, role] of Object.entries(PARAMETER_ROLES)) {
      if (role.role !== 'mechanism') continue;
      const moves = Object.entries(role.moves);
      if (moves.length === 0 || moves.length > 4) problems.push(`${path}: ${moves.length} outcomes (1–4 allowed)`);
      for (const [m, d] of moves) if (!['up', 'down', 'either'].includes(d as string)) problems.push(`${path}: ${m} ${d}`);
      if (!role.because.trim()) problems.push(`${path}: no because`);
      if (!/(Webber et al\. 201[69]|Lin 2001|Granovetter 1973|Burt 2002|Roy et al\. 2022|Feld 1981|McPherson, Smith-Lovin & Cook 2001)/.test(role.source)) problems.push(`${path}: source "${role.source}"`);
      if (role.scope !== undefined && !['all', 'minority'].includes(role.scope)) problems.push(`${path}: scope ${role.scope}`);
    }
    expect(problems).toEqual([]);
  });

  test('measurement declarations list each measure once', () => {
    for (const [path, role] of Object.entries(PARAMETER_ROLES))
      if (role.role === 'measurement') expect(new Set(role.measures).size, path).toBe(role.measures.length);
  });

  test('every kind of role is used where the tree has such parameters', () => {
    const kinds = new Set(Object.values(PARAMETER_ROLES).map((r) => r.role));
    expect([...kinds].sort()).toEqual(['measurement', 'mechanism', 'size']);
  });
});

describe('parameterRole', () => {
  test('returns the declaration of a parameter', () => {
    expect(parameterRole('ties.weakThreshold')).toEqual({ role: 'measurement', measures: ['weak_ties', 'strong_ties'], because: expect.any(String) });
    expect(parameterRole('agencies.count').role).toBe('size');
  });

  test('throws a ParameterRoleError naming a path with no declaration, with a hint', () => {
    expect(() => parameterRole('processes.mainstreamPreferenc')).toThrow(ParameterRoleError);
    try {
      parameterRole('processes.mainstreamPreferenc');
    } catch (e) {
      expect((e as ParameterRoleError).path).toBe('processes.mainstreamPreferenc');
      expect((e as Error).message).toContain('"processes.mainstreamPreferenc" has no declared role');
      expect((e as Error).message).toContain('did you mean "processes.mainstreamPreference"');
    }
    // A group is not a parameter, and inherited object keys are not declarations.
    expect(() => parameterRole('processes')).toThrow(ParameterRoleError);
    expect(() => parameterRole('toString')).toThrow(ParameterRoleError);
  });
});

describe('the declarations follow the paper, not today\'s model (issue 14)', () => {
  test('steering to the community raises new and lasting ties', () => {
    expect(mechanism('processes.mainstreamPreference').moves).toMatchObject({ new_ties: 'up', network_size: 'up' });
  });

  test('what workers know at the start raises new and lasting ties', () => {
    expect(mechanism('workers.initialKnowledge').moves).toMatchObject({ new_ties: 'up', network_size: 'up' });
  });

  test('weights on pre-requisites never lower what they feed', () => {
    for (const w of ['empathyWeight', 'canDoWeight', 'enthusiasmWeight', 'ownershipWeight', 'contactWeight'])
      expect(mechanism(`partnership.${w}`).moves.partnership_strength, w).toBe('up');
    expect(mechanism('attendance.confidenceWeight').moves.new_ties).toBe('up');
    expect(mechanism('partnership.supportivenessWeight').moves.progress).toBe('up');
  });

  test("lived experience adds to the partnership, and peer workers' attributes act as workers' do", () => {
    expect(mechanism('partnership.livedExperienceBonus').moves).toEqual({ partnership_strength: 'up' });
    for (const a of ['empathy', 'canDo', 'networking']) {
      expect(mechanism(`peerWorkers.${a}.mean`).moves, a).toEqual(mechanism(`workers.${a}.mean`).moves);
      expect(parameterRole(`peerWorkers.${a}.sd`).role).toBe(parameterRole(`workers.${a}.sd`).role);
    }
    // A peer worker's capacity also covers the users it gives peer support to, alongside their worker (issue 15).
    expect(mechanism('peerWorkers.caseloadCapacity').moves).toEqual({ partnership_strength: 'up', partnership_trust: 'up' });
  });

  test('no culturally appropriate services acts on minority users', () => {
    for (const leaf of ['enabled', 'prevalence', 'onsetRate', 'resolutionRate', 'scale', 'effects'])
      expect(mechanism(`barriers.user.noCulturallyAppropriateServices.${leaf}`).scope, leaf).toBe('minority');
    expect(mechanism('barriers.user.selfStigma.enabled').scope).toBeUndefined();
  });

  test('a barrier switched on moves its outcomes one way, and a faster resolution the other', () => {
    const on = mechanism('barriers.user.selfStigma.enabled').moves;
    const off = mechanism('barriers.user.selfStigma.resolutionRate').moves;
    expect(on).toMatchObject({ new_ties: 'down', active_barriers: 'up' });
    expect(off).toMatchObject({ new_ties: 'up', active_barriers: 'down' });
    expect(Object.keys(off).sort()).toEqual(Object.keys(on).sort());
  });

  test("each key of a barrier's effects declares the barrier's claim and the outcome of the process it lowers", () => {
    expect(barrierEffectRole('barriers.user.discrimination.effects.confidenceGrowth')?.moves).toEqual({ new_ties: 'down', social_inclusion: 'down', social_confidence: 'down' });
    expect(barrierEffectRole('barriers.user.complicatedLife.effects.retention')?.moves).toMatchObject({ dropped_out: 'up', participation: 'down' });
    // Intake changes who is in a partnership, not what happens in one: it declares only its own count.
    expect(barrierEffectRole('barriers.user.unhelpfulAttitudes.effects.intake')?.moves).toEqual({ waiting: 'up' });
    expect(barrierEffectRole('barriers.worker.lackLocalKnowledge.effects.discovery')?.moves).toMatchObject({ worker_knowledge: 'down', new_ties: 'down' });
    expect(barrierEffectRole('barriers.user.noCulturallyAppropriateServices.effects.attendance')?.scope).toBe('minority');
    for (const b of USER_BARRIERS)
      for (const k of EFFECT_TARGETS) {
        const role = barrierEffectRole(`barriers.user.${b}.effects.${k}`)!;
        for (const m of Object.keys(role.moves)) expect(measures.has(m), `${b}.${k}: ${m}`).toBe(true);
      }
    // Not an effect key: the parameter's own declaration, and an unknown path still throws.
    expect(barrierEffectRole('barriers.user.selfStigma.onsetRate')).toBeUndefined();
    expect(barrierEffectRole('barriers.user.noSuchBarrier.effects.intake')).toBeUndefined();
    expect(auditRole('barriers.user.selfStigma.onsetRate')).toBe(parameterRole('barriers.user.selfStigma.onsetRate'));
    expect(() => auditRole('barriers.user.selfStigma.effects.noSuchTarget')).toThrow(ParameterRoleError);
  });

  test('proxy weights and cut-offs are measurements, and observation changes nothing', () => {
    forEachLeaf(SPEC, (path) => {
      if (path.startsWith('outcomes.')) expect(parameterRole(path).role, path).toBe('measurement');
    });
    expect(parameterRole('observe.wholeNetworkEvery')).toMatchObject({ role: 'measurement', measures: [] });
    expect(parameterRole('outcomes.wellbeingConfidence')).toMatchObject({ measures: ['wellbeing'] });
  });

  test('sizes of the setting say so', () => {
    for (const p of ['population.localities', 'population.residentsPerLocality', 'serviceUsers.referrals', 'agencies.count'])
      expect(parameterRole(p).role, p).toBe('size');
  });
});

describe('the roles reach the JSON Schema and docs/ODD.md', () => {
  const emitted = JSON.parse(readFileSync(new URL('../../scenarios/scenario.schema.json', import.meta.url), 'utf8'));
  const FIX = 'run `npm run build && npm run docs` and commit scenarios/scenario.schema.json and docs/ODD.md';

  test('the emitted scenario schema carries x-cpi-role for every parameter, in both forms, equal to its declaration', () => {
    expect(ROLE_KEYWORD).toBe('x-cpi-role');
    for (const schema of [emitted, buildScenarioJsonSchema() as Record<string, any>]) {
      expect(schema.oneOf).toHaveLength(2);
      for (const form of schema.oneOf) {
        const wrong: string[] = [];
        for (const path of leaves) {
          let node = form.properties.parameters;
          for (const key of path.split('.')) node = node?.properties?.[key];
          if (JSON.stringify(node?.[ROLE_KEYWORD]) !== JSON.stringify(parameterRole(path))) wrong.push(path);
        }
        expect(wrong, FIX).toEqual([]);
      }
    }
  });

  test('only parameters carry x-cpi-role in the schema', () => {
    let count = 0;
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object')
        for (const [k, v] of Object.entries(x)) {
          if (k === ROLE_KEYWORD) count++;
          else walk(v);
        }
    };
    walk(emitted);
    expect(count).toBe(2 * leaves.length);
  });

  const odd = readFileSync(new URL('../../docs/ODD.md', import.meta.url), 'utf8');
  const region = readGeneratedRegion(odd, ROLES_REGION);

  test('docs/ODD.md has the section "What each parameter is for" with the generated role table, up to date', () => {
    expect(odd).toMatch(/^## What each parameter is for$/m);
    expect(region, 'docs/ODD.md lacks the <!-- generated:roles:start/end --> markers').toBeTypeOf('string');
    expect(odd.indexOf('## What each parameter is for')).toBeLessThan(odd.indexOf('<!-- generated:roles:start -->'));
    expect(replaceGeneratedRegions(odd, { [ROLES_REGION]: buildRoleSection() }) === odd, FIX).toBe(true);
  });

  test('the ODD section lists every parameter once, with its role and what it should move', () => {
    const rows = [...(region ?? '').matchAll(/^\| `([^`]+)` \| (\w+) \| ([^|]*) \|/gm)];
    expect(rows.map((r) => r[1])).toEqual(leaves);
    for (const [, path, kind, cells] of rows) {
      const role = parameterRole(path);
      expect(kind, path).toBe(role.role);
      for (const m of namedMeasures(role)) expect(cells, path).toContain(`\`${m}\``);
    }
    expect(region).toContain('`barriers.user.noCulturallyAppropriateServices.enabled` | mechanism | `participation` ↓, `new_ties` ↓, `active_barriers` ↑ (minority users)');
    expect(region).toContain('`observe.wholeNetworkEvery` | measurement | changes nothing');
  });
});
