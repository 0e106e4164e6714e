/**
 * RxDB local documents of the database: device id, command journal, bulk progress. They never
 * replicate. RxDB has no "list local documents" call, so listing reads the local storage's
 * change feed (a handful of documents at any time).
 */
import type { RxDatabase } from 'rxdb';
import { getChangedDocumentsSince } from 'rxdb';
import { getLocalDocStateByParent } from 'rxdb/plugins/local-documents';

export async function readLocal<T>(db: RxDatabase, id: string): Promise<T | null> {
  const doc = await db.getLocal<T>(id);
  return doc ? (doc.toJSON().data as T) : null;
}

export async function writeLocal<T extends Record<string, any>>(db: RxDatabase, id: string, data: T): Promise<void> {
  await db.upsertLocal<T>(id, data);
}

export async function removeLocal(db: RxDatabase, id: string): Promise<void> {
  const doc = await db.getLocal(id);
  if (!doc) return;
  try {
    await doc.remove();
  } catch (err) {
    // Another tab removed it first (a 409 conflict): it is gone either way.
    if ((err as { status?: number }).status !== 409 && (err as { code?: string }).code !== 'CONFLICT') throw err;
  }
}

/** Every live local document whose id starts with `prefix`, in id order. */
export async function listLocal<T>(db: RxDatabase, prefix: string): Promise<Array<{ id: string; data: T }>> {
  const state = await getLocalDocStateByParent(db);
  const found = new Map<string, T>();
  let checkpoint: unknown;
  for (;;) {
    const page = await getChangedDocumentsSince(state.storageInstance, 200, checkpoint as any);
    for (const doc of page.documents) {
      if (!doc.id.startsWith(prefix)) continue;
      if (doc._deleted) found.delete(doc.id);
      else found.set(doc.id, doc.data as T);
    }
    if (page.documents.length < 200) break;
    checkpoint = page.checkpoint;
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, data]) => ({ id, data }));
}
