/** collection.*: named sets of documents (a document can be in several; "All documents" is the library itself). */
import * as z from './zod';
import { CollectionSchema } from './domain';
import { DocIdSchema, EmptyInputSchema, defineOp } from './op';
import { CollectionRefSchema, MAX_SCOPE_DOCS } from './scope';

export const CollectionNameSchema = z.lazy(() => z.string().check(
  z.trim(),
  z.minLength(1, 'type a name for the collection'),
  z.maxLength(120, 'the name is too long (at most 120 characters)'),
  z.refine((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20), 'the name may not contain control characters'),
));

const DocRefsSchema = z.lazy(() => z.array(DocIdSchema).check(z.maxLength(MAX_SCOPE_DOCS)));
const CollectionOutput = z.lazy(() => z.object({ collection: CollectionSchema }));

export const collectionOps = {
  'collection.list': defineOp({
    summary: 'The collections, by name.',
    input: () => EmptyInputSchema,
    output: () => z.object({ collections: z.array(CollectionSchema) }),
  }),
  'collection.get': defineOp({
    summary: 'One collection (by name or id) with its documents.',
    input: () => z.strictObject({ collection: CollectionRefSchema }),
    output: () => CollectionOutput,
  }),
  'collection.create': defineOp({
    summary: 'Make a named collection, optionally with documents (ids, prefixes or titles).',
    input: () => z.strictObject({ name: CollectionNameSchema, docIds: z.optional(DocRefsSchema) }),
    output: () => CollectionOutput,
  }),
  'collection.add': defineOp({
    summary: 'Add documents to a collection (documents already in it stay once).',
    input: () => z.strictObject({ collection: CollectionRefSchema, docIds: z.unwrapLazy(DocRefsSchema).check(z.minLength(1, 'name at least one document')) }),
    output: () => CollectionOutput,
  }),
  'collection.remove': defineOp({
    summary: 'Take documents out of a collection (the documents stay in the library).',
    input: () => z.strictObject({ collection: CollectionRefSchema, docIds: z.unwrapLazy(DocRefsSchema).check(z.minLength(1, 'name at least one document')) }),
    output: () => CollectionOutput,
  }),
  'collection.rename': defineOp({
    summary: 'Give a collection another name.',
    input: () => z.strictObject({ collection: CollectionRefSchema, name: CollectionNameSchema }),
    output: () => CollectionOutput,
  }),
  'collection.delete': defineOp({
    summary: 'Delete a collection (its documents stay in the library).',
    input: () => z.strictObject({ collection: CollectionRefSchema }),
    output: () => z.object({ deleted: z.boolean() }),
  }),
} as const;
