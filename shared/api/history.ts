/** history.*: past answers and summaries (readable offline). */
import * as z from './zod';
import { AnswerSchema } from './domain';
import { AnswerIdSchema, DocIdSchema, defineOp } from './op';

export const historyOps = {
  'history.list': defineOp({
    summary: 'Past answers and summaries, newest first; optionally of one document (answers over several documents are in the history of each), of a collection, and/or matching words.',
    input: () => z.strictObject({
      docId: z.optional(DocIdSchema),
      /** Answers asked over this collection (id). */
      collectionId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
      search: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
      threadId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
      limit: z.optional(z.int().check(z.gte(1), z.lte(1000))),
    }),
    output: () => z.object({ items: z.array(AnswerSchema) }),
  }),
  'history.get': defineOp({
    summary: 'One past answer or summary.',
    input: () => z.strictObject({ answerId: AnswerIdSchema }),
    output: () => AnswerSchema,
  }),
} as const;
