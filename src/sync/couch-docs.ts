/**
 * Converting documents between RxDB (`id`, RxDB's own `_rev` and `_meta`) and CouchDB (`_id`,
 * the server's `_rev`), and naming the collections and their document types.
 */
import { deepEqual } from 'rxdb';

export type SyncedCollection = 'leads' | 'events' | 'activity' | 'users' | 'policies';
export type DocType = 'lead' | 'event' | 'activity' | 'user' | 'policy';

export const COLLECTION_TYPES: Record<SyncedCollection, DocType> = {
  leads: 'lead',
  events: 'event',
  activity: 'activity',
  users: 'user',
  policies: 'policy',
};

export const SYNCED_COLLECTIONS = Object.keys(COLLECTION_TYPES) as SyncedCollection[];

/** The collection a document id belongs to (ids are prefixed by type), or null (e.g. `_design/…`). */
export function collectionOfId(id: string): SyncedCollection | null {
  if (id === 'policy') return 'policies';
  const colon = id.indexOf(':');
  if (colon <= 0) return null;
  const prefix = id.slice(0, colon);
  for (const name of SYNCED_COLLECTIONS) if (COLLECTION_TYPES[name] === prefix) return name;
  return null;
}

export interface CouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [field: string]: unknown;
}

/** An RxDB document as the replication sees it: its data, `_deleted`, and (from the server) CouchDB's `_rev`. */
export type RxSideDoc = { id: string; _deleted: boolean; _rev?: string; [field: string]: unknown };

const RX_INTERNAL = new Set(['_rev', '_meta', '_attachments', '_deleted']);

/** The body to send to CouchDB: `id` becomes `_id`; RxDB's bookkeeping stays home. */
export function toCouchDoc(doc: Record<string, unknown>, rev: string | undefined): CouchDoc {
  const out: CouchDoc = { _id: doc.id as string };
  if (rev) out._rev = rev;
  for (const key of Object.keys(doc)) {
    if (key === 'id' || RX_INTERNAL.has(key)) continue;
    out[key] = doc[key];
  }
  if (doc._deleted) out._deleted = true;
  return out;
}

/**
 * A server document as RxDB stores it: `_id` becomes `id`, CouchDB's `_rev` is kept (RxDB stores
 * it in the replication's assumed master state, the base revision of the next push). CouchDB's
 * other underscore fields (`_revisions`, `_conflicts`, `_attachments`) stay on the server.
 */
export function fromCouchDoc(doc: CouchDoc): RxSideDoc {
  const out: RxSideDoc = { id: doc._id, _deleted: !!doc._deleted };
  if (doc._rev) out._rev = doc._rev;
  for (const key of Object.keys(doc)) {
    if (key.startsWith('_') || key === 'id') continue;
    out[key] = doc[key];
  }
  return out;
}

/** The document's data without RxDB's or CouchDB's bookkeeping. */
export function content(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    if (RX_INTERNAL.has(key)) continue;
    out[key] = doc[key];
  }
  return out;
}

/** Same data and same deleted flag; revisions and RxDB meta ignored. */
export function sameDocument(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return !!a._deleted === !!b._deleted && deepEqual(content(a), content(b));
}
