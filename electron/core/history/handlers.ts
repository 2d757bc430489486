/** history.* operations (the contract is shared/api/history.ts): past answers and summaries. */
import type { HandlerMap } from '../service';

export const historyHandlers = {
  'history.list'(engine, { docId, collectionId, search, threadId, limit }) {
    const id = docId === undefined ? undefined : engine.library.resolveDocument(docId).id;
    // a collection by id or name (COLLECTION_NOT_FOUND when neither)
    const collection = collectionId === undefined ? undefined : engine.library.collections.resolve(collectionId).id;
    const items = engine.library.listAnswers({
      ...(id !== undefined ? { docId: id } : {}),
      ...(collection !== undefined ? { collectionId: collection } : {}),
      ...(search ? { search } : {}),
      ...(threadId !== undefined ? { threadId } : {}),
      limit: limit ?? 200,
    });
    return { items };
  },

  // A full id or a unique prefix of one (the CLI's `show 3f2a`): resolved here, by an indexed query.
  'history.get'(engine, { answerId }) {
    return engine.library.resolveAnswer(answerId);
  },
} satisfies HandlerMap<'history.list' | 'history.get'>;
