/**
 * Which documents an operation runs over (issue 10): named documents, a collection, or the whole library
 * ("All documents"). One schema for questions, comparisons, extraction and batch runs; the engine resolves it
 * to documents in electron/core/collections/scope.ts.
 */
import * as z from './zod';
import { DocIdSchema } from './op';

/** Most documents one scope may name explicitly (a collection or the library may hold more). */
export const MAX_SCOPE_DOCS = 500;

export const CollectionRefSchema = z.lazy(() => z.string().check(z.trim(), z.minLength(1, 'a collection name or id is required'), z.maxLength(200)));

export const ScopeSchema = z.lazy(() => z.union([
  /** These documents (ids, id prefixes or titles, as `pagewise` accepts them). */
  z.strictObject({ docIds: z.array(DocIdSchema).check(z.minLength(1, 'name at least one document'), z.maxLength(MAX_SCOPE_DOCS)) }),
  /** A collection, by name or id. */
  z.strictObject({ collection: CollectionRefSchema }),
  /** Every document in the library. */
  z.strictObject({ all: z.literal(true) }),
]));
export type Scope = z.infer<typeof ScopeSchema>;
