/** history.*: past answers and summaries (readable offline). */
import * as z from 'zod';
import { AnswerSchema } from './domain';
import { AnswerIdSchema, DocIdSchema, defineOp } from './op';

export const historyOps = {
  'history.list': defineOp({
    summary: 'Past answers and summaries, newest first; optionally of one document (answers over several documents are in the history of each), of a collection, and/or matching words.',
    input: () => z.strictObject({
      docId: DocIdSchema.optional(),
      /** Answers asked over this collection (id). */
      collectionId: z.string().min(1).max(200).optional(),
      search: z.string().trim().max(2000).optional(),
      threadId: z.string().min(1).max(200).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    }),
    output: () => z.object({ items: z.array(AnswerSchema) }),
  }),
  'history.get': defineOp({
    summary: 'One past answer or summary.',
    input: () => z.strictObject({ answerId: AnswerIdSchema }),
    output: () => AnswerSchema,
  }),
} as const;
