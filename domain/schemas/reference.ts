import { z } from 'zod';

export const ReferenceItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  level: z.number().int(),
  parentCode: z.string().nullable(),
});
export type ReferenceItem = z.infer<typeof ReferenceItemSchema>;
export const ReferenceListSchema = z.array(ReferenceItemSchema);
