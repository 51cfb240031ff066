import { z } from 'zod';
import { isoDateSchema, pageSchema } from './common.ts';

export const auditOutcomes = ['success', 'failure', 'denied'] as const;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  detail: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuerySchema>;
export const AuditPageSchema = pageSchema(AuditEntrySchema);

export const AuditVerifyResultSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenId: z.number().int().nullable(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResultSchema>;
