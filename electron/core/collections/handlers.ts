/** collection.* operations (the contract is shared/api/collections.ts): named sets of documents. */
import type { HandlerMap } from '../service';
import { resolveDocumentRefs } from './scope';

export const collectionHandlers = {
  'collection.list'(engine) {
    return { collections: engine.library.collections.list() };
  },

  'collection.get'(engine, { collection }) {
    return { collection: engine.library.collections.resolve(collection) };
  },

  'collection.create'(engine, { name, docIds }) {
    const ids = resolveDocumentRefs(engine.library, docIds ?? []).map((d) => d.id);
    return { collection: engine.library.collections.create(name, ids) };
  },

  'collection.add'(engine, { collection, docIds }) {
    const target = engine.library.collections.resolve(collection);
    const ids = resolveDocumentRefs(engine.library, docIds).map((d) => d.id);
    return { collection: engine.library.collections.add(target.id, ids) };
  },

  'collection.remove'(engine, { collection, docIds }) {
    const target = engine.library.collections.resolve(collection);
    // a member is named by the same references as anywhere else; an id no longer in the library is taken as is
    const ids = docIds.map((ref) => {
      const member = target.docIds.find((id) => id === ref || id.startsWith(ref.toLowerCase()));
      return member ?? engine.library.resolveDocument(ref).id;
    });
    return { collection: engine.library.collections.remove(target.id, ids) };
  },

  'collection.rename'(engine, { collection, name }) {
    const target = engine.library.collections.resolve(collection);
    return { collection: engine.library.collections.rename(target.id, name) };
  },

  'collection.delete'(engine, { collection }) {
    const target = engine.library.collections.resolve(collection);
    return { deleted: engine.library.collections.delete(target.id) };
  },
} satisfies HandlerMap<'collection.list' | 'collection.get' | 'collection.create' | 'collection.add' | 'collection.remove' | 'collection.rename' | 'collection.delete'>;
