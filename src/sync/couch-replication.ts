/**
 * One collection replicated to a CouchDB database on RxDB's generic replication protocol, with a
 * handler forecourt owns (see FINDINGS.md for why rxdb's replicateCouchDB cannot serve):
 * - pull: the database's `_changes`, filtered to this collection's type by the design document's
 *   `forecourt/by_type` filter, with checkpoints (a reload resumes where it stopped); `_design/`
 *   rows never come through; deletion stubs get their body from the local document; a page is
 *   only short at the end of the feed (RxDB stops pulling at the first short page);
 * - push: `_bulk_docs` with normal revision checks, the base revision taken from RxDB's assumed
 *   master state (or from our own last push); `conflict` rows come back as conflicts for the
 *   conflict handler; a refused row (`forbidden`, `unauthorized`, any other row error) comes back
 *   as the server's state (or as a deletion when the server never had it), is reported, and never
 *   blocks the queue;
 * - errors keep their HTTP status in `code` (`COUCH_401`…), which survives RxDB's serialisation.
 */
import type { RxCollection, RxConflictHandler, RxReplicationWriteToMasterRow, WithDeleted } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Connection } from './connection.js';
import { COLLECTION_TYPES, fromCouchDoc, toCouchDoc, type CouchDoc, type RxSideDoc, type SyncedCollection } from './couch-docs.js';

export interface CouchCheckpoint {
  sequence: string | number;
}

export interface RefusedRow {
  collection: SyncedCollection;
  /** What the client tried to write. */
  doc: Record<string, unknown>;
  error: string;
  reason: string;
}

interface ChangesRow {
  seq: string | number;
  id: string;
  deleted?: boolean;
  doc?: CouchDoc | null;
}
interface ChangesResponse {
  results: ChangesRow[];
  last_seq: string | number;
  pending?: number;
}
interface BulkDocsRow {
  id: string;
  rev?: string;
  ok?: boolean;
  error?: string;
  reason?: string;
}
interface AllDocsResponse {
  rows: { key: string; id?: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null; error?: string }[];
}

export const DESIGN_DOC_ID = '_design/forecourt';
export const BY_TYPE_FILTER = 'forecourt/by_type';

export interface CouchReplicationOptions {
  collection: RxCollection;
  name: SyncedCollection;
  connection: Connection;
  /** Stable per store, server and database: a new identifier pulls everything again. */
  replicationIdentifier: string;
  live: boolean;
  conflictHandler: RxConflictHandler<any>;
  /** Ids whose last push the server refused: their conflict is resolved to the server's state. */
  refused: Set<string>;
  onRefused: (rows: RefusedRow[]) => Promise<void> | void;
  /** Local-only documents (never pushed). */
  keepLocal?: (doc: Record<string, unknown>) => boolean;
  batchSize?: number;
  pushBatchSize?: number;
  onSynced?: () => void;
}

const qs = (params: Record<string, string | number | boolean>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`)
    .join('&');

export interface CouchReplication {
  state: RxReplicationState<any, CouchCheckpoint>;
  /** The RxDB identifier the fork's `_meta` uses for this replication. */
  metaIdentifier: string;
}

export function replicateCollectionToCouch(o: CouchReplicationOptions): CouchReplication {
  const { collection, connection } = o;
  const type = COLLECTION_TYPES[o.name];
  const batchSize = o.batchSize ?? 1000;
  /** Revisions our own pushes created, for a doc whose assumed master state (set by that push) has none. */
  const pushedRevs = new Map<string, string>();

  async function localBodies(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    const found = await collection.storageInstance.findDocumentsById(ids, true);
    return new Map(found.map((d) => [(d as { id: string }).id, d as unknown as Record<string, unknown>]));
  }

  /** A server deletion arrives as a stub: give it a body that passes the schema, the local one. */
  async function withBodies(rows: ChangesRow[]): Promise<RxSideDoc[]> {
    const stubs = rows.filter((r) => r.doc && r.doc._deleted && r.doc.type !== type).map((r) => r.id);
    const locals = stubs.length ? await localBodies(stubs) : new Map<string, Record<string, unknown>>();
    const out: RxSideDoc[] = [];
    for (const row of rows) {
      const doc = row.doc;
      if (!doc) continue;
      if (doc._deleted && doc.type !== type) {
        const local = locals.get(row.id);
        if (!local) continue; // never seen here: nothing to delete
        out.push(fromCouchDoc({ ...local, _id: row.id, _rev: doc._rev, _deleted: true } as CouchDoc));
      } else {
        out.push(fromCouchDoc(doc));
      }
    }
    return out;
  }

  async function pull(checkpoint: CouchCheckpoint | undefined, size: number) {
    let since: string | number = checkpoint ? checkpoint.sequence : 0;
    const rows: ChangesRow[] = [];
    for (;;) {
      const page = await connection.request<ChangesResponse>(`_changes?${qs({ filter: BY_TYPE_FILTER, type, include_docs: true, since, limit: size })}`);
      since = page.last_seq;
      for (const row of page.results) if (!row.id.startsWith('_design/')) rows.push(row);
      const atEnd = page.results.length < size && !(typeof page.pending === 'number' && page.pending > 0);
      // RxDB ends a pull at the first page shorter than the batch: only the feed's end may be short.
      if (atEnd || rows.length >= size) break;
    }
    const documents = await withBodies(rows);
    o.onSynced?.();
    return { documents: documents as unknown as WithDeleted<any>[], checkpoint: { sequence: since } };
  }

  async function push(rows: RxReplicationWriteToMasterRow<any>[]): Promise<WithDeleted<any>[]> {
    const byId = new Map<string, RxReplicationWriteToMasterRow<any>>();
    const docs = rows.map((row) => {
      const doc = row.newDocumentState as Record<string, unknown>;
      const id = doc.id as string;
      byId.set(id, row);
      const assumed = row.assumedMasterState as Record<string, unknown> | undefined;
      const rev = assumed ? ((assumed._rev as string | undefined) ?? pushedRevs.get(id)) : undefined;
      return toCouchDoc(doc, rev);
    });
    const results = await connection.request<BulkDocsRow[]>('_bulk_docs', { method: 'POST', body: { docs } });
    const lookUp: string[] = [];
    const refusedRows: RefusedRow[] = [];
    for (const r of results) {
      if (r.ok && r.rev) {
        pushedRevs.set(r.id, r.rev);
        continue;
      }
      const row = byId.get(r.id);
      if (!row) continue;
      lookUp.push(r.id);
      if (r.error !== 'conflict') {
        o.refused.add(r.id);
        refusedRows.push({ collection: o.name, doc: row.newDocumentState, error: r.error ?? 'unknown', reason: r.reason ?? '' });
      }
    }
    const conflicts: WithDeleted<any>[] = [];
    if (lookUp.length > 0) {
      const found = await connection.request<AllDocsResponse>('_all_docs?include_docs=true', {
        method: 'POST',
        body: { keys: lookUp },
      });
      for (const r of found.rows) {
        const row = byId.get(r.key);
        if (!row) continue;
        const local = row.newDocumentState as Record<string, unknown>;
        if (r.doc) conflicts.push(fromCouchDoc(r.doc) as WithDeleted<any>);
        else if (r.value?.deleted) conflicts.push({ ...local, _rev: r.value.rev, _deleted: true } as WithDeleted<any>);
        else if (o.refused.has(r.key)) {
          // A refused insert: the server never had it, so it goes away locally.
          conflicts.push({ ...local, _deleted: true } as WithDeleted<any>);
        }
      }
    }
    if (refusedRows.length > 0) await o.onRefused(refusedRows);
    o.onSynced?.();
    return conflicts;
  }

  // RxDB reads the collection's conflict handler when the replication starts.
  collection.conflictHandler = o.conflictHandler;
  const replicationIdentifier = o.replicationIdentifier;
  const state = replicateRxCollection<any, CouchCheckpoint>({
    collection,
    replicationIdentifier,
    live: o.live,
    retryTime: 250, // the Connection holds requests back while the server is unreachable
    waitForLeadership: false,
    autoStart: false,
    toggleOnDocumentVisible: false,
    pull: { handler: pull, batchSize },
    push: {
      handler: push,
      batchSize: o.pushBatchSize ?? 200,
      ...(o.keepLocal ? { modifier: (doc: any) => (o.keepLocal!(doc) ? null : doc) } : {}),
    },
  });
  return { state, metaIdentifier: 'rxdbreplication' + replicationIdentifier };
}
