// Scenario tables: the position table (Lin's position generator), the resource catalogue (RG-UK style,
// Webber & Huxley 2007), interests, community node kinds, cultural groups and agency kinds.
// Part of scenario/. Zod schemas; each table carries its own source and units.
import { z } from 'zod';

/** The four subscales of the Resource Generator-UK (Webber & Huxley 2007). */
export const RESOURCE_SUBSCALES = ['domestic', 'expertAdvice', 'personalSkills', 'problemSolving'] as const;
export type ResourceSubscale = (typeof RESOURCE_SUBSCALES)[number];

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 _\-/()',.]*$/, 'a name of letters, digits, spaces and - _ / ( ) , . \'');
const share = z.number().min(0).max(1);
const attr = z.object({ mean: z.number().min(0).max(1), sd: z.number().min(0).max(1) }).strict();

export const positionSchema = z
  .object({
    name,
    prestige: z.number().min(0).max(100),
    share: z.number().min(0),
    userShare: z.number().min(0),
  })
  .strict();

export const resourceSchema = z
  .object({
    name,
    subscale: z.enum(RESOURCE_SUBSCALES),
    probability: share,
    prestigeGradient: z.number().min(-10).max(10),
  })
  .strict();

export const nodeKindSchema = z
  .object({
    name,
    mainstream: z.boolean(),
    interests: z.array(name).min(1),
    share: z.number().min(0),
    meanMembers: z.number().min(1).max(1_000_000),
    userMemberShare: share,
    positionMixing: share,
    culturalAppropriateness: share,
    accessibility: attr,
  })
  .strict();

export const culturalGroupSchema = z.object({ name, share: z.number().min(0), minority: z.boolean() }).strict();
export const agencyKindSchema = z.object({ name, share: z.number().min(0) }).strict();

const table = <T extends z.ZodTypeAny>(item: T, units: string) =>
  z
    .object({
      source: z.string().min(1),
      units: z.string().optional().describe(units),
      items: z.array(item).min(1),
    })
    .strict();

export const tablesSchema = z
  .object({
    positions: table(positionSchema, 'prestige: 0–100 occupational prestige score; share and userShare: relative weights'),
    resources: table(resourceSchema, 'probability: share of residents holding the item; prestigeGradient: change per 100 prestige points'),
    interests: table(name, 'names'),
    nodeKinds: table(nodeKindSchema, 'share: relative weight among mainstream or service kinds; meanMembers: people'),
    culturalGroups: table(culturalGroupSchema, 'share: relative weight in the population'),
    agencyKinds: table(agencyKindSchema, 'share: relative weight among agencies'),
  })
  .strict();

export type Tables = z.infer<typeof tablesSchema>;
export type Position = z.infer<typeof positionSchema>;
export type Resource = z.infer<typeof resourceSchema>;
export type NodeKind = z.infer<typeof nodeKindSchema>;
export type CulturalGroup = z.infer<typeof culturalGroupSchema>;
