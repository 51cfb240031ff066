/**
 * 建设时间轴 (issue #5): the zone's milestones — mass start events, openings, completions, signings — from the
 * events administrators enter and from the projects' own dates (开工, 竣工, 投产).
 */
import { z } from 'zod';
import { codeList, type Label } from '../codelists.ts';
import { bilingual, csvList, isoDateSchema } from './common.ts';

/** What an administrator or leader records. */
export const timelineEventKinds = codeList([
  { code: 'mass_start', zh: '集中开工', en: 'Mass start' },
  { code: 'opening', zh: '开园·开业·通车', en: 'Opening' },
  { code: 'completion', zh: '竣工', en: 'Completion' },
  { code: 'signing', zh: '签约', en: 'Signing' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type TimelineEventKind = (typeof timelineEventKinds.codes)[number];

/** What the timeline shows: the recorded kinds and the projects' own dates (开工, 投产). */
export const timelineKinds = codeList([
  { code: 'mass_start', zh: '集中开工', en: 'Mass start' },
  { code: 'start', zh: '开工', en: 'Construction start' },
  { code: 'signing', zh: '签约', en: 'Signing' },
  { code: 'opening', zh: '开园·开业·通车', en: 'Opening' },
  { code: 'completion', zh: '竣工', en: 'Completion' },
  { code: 'operation', zh: '投产', en: 'Operation' },
  { code: 'other', zh: '其他', en: 'Other' },
] as const);
export type TimelineKind = (typeof timelineKinds.codes)[number];

export const timelineFieldLabels = {
  eventDate: { zh: '日期', en: 'Date' },
  title: { zh: '标题', en: 'Title' },
  description: { zh: '说明', en: 'Description' },
  kind: { zh: '类型', en: 'Kind' },
  projectIds: { zh: '相关项目', en: 'Related projects' },
  year: { zh: '年份', en: 'Year' },
  version: { zh: '版本', en: 'Version' },
} as const satisfies Record<string, Label>;

const eventFields = {
  eventDate: isoDateSchema,
  title: z
    .string()
    .trim()
    .min(2, bilingual('标题至少 2 个字', 'The title needs at least 2 characters'))
    .max(100, bilingual('标题最多 100 个字', 'The title has at most 100 characters')),
  description: z
    .string()
    .trim()
    .max(1000, bilingual('说明最多 1000 个字', 'The description has at most 1000 characters'))
    .nullable()
    .optional()
    .transform((s) => (s ? s : null)),
  kind: z.enum(timelineEventKinds.codes, bilingual('请选择类型', 'Choose the kind')),
  /** Projects the event concerns (e.g. those started at a 集中开工 ceremony); shown as links. */
  projectIds: z
    .array(z.uuid(bilingual('项目编号无效', 'Invalid project id')))
    .max(500, bilingual('相关项目最多 500 个', 'At most 500 related projects'))
    .optional(),
};

export const TimelineEventInputSchema = z.object(eventFields);
export type TimelineEventInput = z.infer<typeof TimelineEventInputSchema>;

export const TimelineEventUpdateInputSchema = z.object({
  ...z.object(eventFields).partial().shape,
  version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
});
export type TimelineEventUpdateInput = z.infer<typeof TimelineEventUpdateInputSchema>;

export const TimelineEventDeleteInputSchema = z.object({
  version: z.number().int().min(1, bilingual('缺少版本号', 'Version is required')),
});

export const TimelineEventSchema = z.object({
  id: z.uuid(),
  eventDate: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  kind: z.enum(timelineEventKinds.codes),
  /** The related projects the reader may see. */
  projectIds: z.array(z.uuid()),
  isDemo: z.boolean(),
  version: z.number().int(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const TimelineQuerySchema = z.object({
  year: z.coerce
    .number(bilingual('年份应为四位数字', 'The year has four digits'))
    .int(bilingual('年份应为四位数字', 'The year has four digits'))
    .min(1900, bilingual('年份应为四位数字', 'The year has four digits'))
    .max(2999, bilingual('年份应为四位数字', 'The year has four digits'))
    .optional(),
  kind: csvList(z.enum(timelineKinds.codes)),
});
export type TimelineQuery = z.infer<typeof TimelineQuerySchema>;

export const TimelineProjectSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  totalInvestment: z.number(),
});
export type TimelineProject = z.infer<typeof TimelineProjectSchema>;

export const TimelineEntrySchema = z.object({
  /** Stable across reloads: event:<id>, start:<date> for a group, start|completion|operation:<project id>. */
  key: z.string(),
  date: z.string(),
  kind: z.enum(timelineKinds.codes),
  /** `event`: entered by a manager; `projects`: from the projects' dates. */
  source: z.enum(['event', 'projects']),
  title: z.string(),
  description: z.string().nullable(),
  /** Largest investment first. */
  projects: z.array(TimelineProjectSchema),
  /** The listed projects' total investment (万元); null when none is listed. */
  totalInvestment: z.number().nullable(),
  event: TimelineEventSchema.nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

export const TimelineSchema = z.object({
  /** Oldest first, as a 建设时间轴 reads. */
  items: z.array(TimelineEntrySchema),
  /** Every year that has an entry (before the year and kind filters), newest first: the year picker's list. */
  years: z.array(z.number().int()),
});
export type Timeline = z.infer<typeof TimelineSchema>;
