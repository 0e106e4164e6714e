/**
 * Atomic, optimistic-concurrency-safe application of a command's writes across collections.
 *
 * RxDB has no multi-collection transaction, and two tabs (or a tab and the sync) write the same
 * database. So a command is applied in this order:
 * 1. The journal: the complete documents and, per document, the revision the command was decided
 *    on (null for a new one) go to one local document first. A crash after this leaves it
 *    behind, and the next open (or the next command on the same lead, from any tab) finishes it.
 * 2. The anchor: the first document the command updates (its lead, for every lead command; else
 *    e.g. the notification, the policy, a user), or its first new document when it updates none.
 *    It is written only if its revision is still the one decided on (RxDB's bulkWrite with
 *    `previous`: a 409 when it changed meanwhile). A single-document write is atomic, so on a
 *    conflict nothing of the command is written: the journal entry is dropped and the caller
 *    decides the command again on the new state. Every command that changes a lead's events or
 *    close request writes the lead, so the lead serialises them.
 * 3. The rest, collection by collection. A document changed meanwhile by a writer that is not a
 *    command (sync, import, a finished journal) is merged with the rules' merges, never overwritten.
 * 4. The journal entry is removed.
 * Writing the same content again counts as written, so a tab finishing another tab's entry while
 * that tab is still at it is harmless. Writes go straight to the storage: the collection hooks
 * (the backstop for direct writes) never see them; the store judged them before.
 */
import type { RxCollection, RxDatabase, RxDocumentData } from 'rxdb';
import { createRevision, now as rxNow } from 'rxdb';
import { getLocalDocStateByParent } from 'rxdb/plugins/local-documents';
import type { ActivityDoc, CalendarEventDoc, LeadDoc } from '../model/index.js';
import { mergeActivity, mergeEvents, mergeLeads } from '../rules/merge.js';
import { stableJson } from '../rules/lead.js';
import type { CollectionName } from './schemas.js';
import { COLLECTION_NAMES } from './schemas.js';
import { listLocal } from './local.js';

type Doc = Record<string, any>;
export type Writes = Partial<Record<CollectionName, Doc[]>>;

export interface JournalEntry {
  commandId: string;
  writes: Writes;
  /** `<collection>/<id>` → the revision the command was decided on, or null for a new document. */
  before: Record<string, string | null>;
  at: number;
}

export const JOURNAL_PREFIX = 'journal:';
export const journalId = (commandId: string): string => JOURNAL_PREFIX + commandId;
const keyOf = (collection: string, id: string): string => collection + '/' + id;

/** The document's own fields, without RxDB's `_rev`, `_meta`, `_deleted`, `_attachments`. */
export function stripMeta(doc: Doc): Doc {
  const { _rev, _meta, _attachments, _deleted, ...rest } = doc;
  return rest;
}

const sameContent = (a: Doc | undefined, b: Doc): boolean => !!a && stableJson(stripMeta(a)) === stableJson(stripMeta(b));

// ---- raw storage access: no caches, so another tab's latest write is what is read ----------

export async function readRaw(collection: RxCollection, ids: readonly string[]): Promise<Map<string, RxDocumentData<Doc>>> {
  if (ids.length === 0) return new Map();
  const found = await collection.storageInstance.findDocumentsById([...ids], false);
  return new Map(found.map((d: RxDocumentData<Doc>) => [d.id as string, d]));
}

export interface Row {
  previous?: RxDocumentData<Doc>;
  document: Doc;
}

/** Writes rows to a collection's storage; returns the rows refused with a 409 and what is stored now. */
export async function writeRows(collection: RxCollection, rows: Row[]): Promise<Array<{ row: Row; inDb: RxDocumentData<Doc> | undefined }>> {
  if (rows.length === 0) return [];
  const storageRows = rows.map(({ previous, document }) => ({
    ...(previous ? { previous } : {}),
    document: { ...document, _deleted: false, _attachments: {}, _meta: { ...(previous?._meta ?? {}), lwt: 0 }, _rev: '' },
  }));
  const result = await collection.storageInstance.bulkWrite(storageRows as any, 'forecourt-command');
  const conflicts: Array<{ row: Row; inDb: RxDocumentData<Doc> | undefined }> = [];
  for (const error of result.error) {
    if (error.status !== 409) throw new Error(`store: writing ${collection.name}/${error.documentId} failed (status ${error.status})`);
    const row = rows.find((r) => r.document.id === error.documentId)!;
    conflicts.push({ row, inDb: (error as { documentInDb?: RxDocumentData<Doc> }).documentInDb });
  }
  return conflicts;
}

function merged(collection: CollectionName, ours: Doc, theirs: Doc): Doc {
  switch (collection) {
    case 'leads':
      return mergeLeads(ours as LeadDoc, stripMeta(theirs) as LeadDoc).merged;
    case 'events':
      return mergeEvents(ours as CalendarEventDoc, stripMeta(theirs) as CalendarEventDoc);
    case 'activity':
      return mergeActivity(ours as ActivityDoc, stripMeta(theirs) as ActivityDoc);
    default:
      return ours; // users and the policy are never written behind another writer's back: they are anchors
  }
}

// ---- the journal's local documents ---------------------------------------------------------

async function localInstance(db: RxDatabase) {
  return (await getLocalDocStateByParent(db)).storageInstance;
}

export interface StoredEntry {
  raw: RxDocumentData<Doc>;
  entry: JournalEntry;
}

/** The journal entry of a command as stored now, or null. */
export async function readEntry(db: RxDatabase, commandId: string): Promise<StoredEntry | null> {
  const [raw] = await (await localInstance(db)).findDocumentsById([journalId(commandId)], false);
  return raw ? { raw, entry: raw.data as JournalEntry } : null;
}

/**
 * Writes a local document from what is stored now. `known` is a guess of the stored version
 * (undefined: none) that saves a read; a wrong guess costs a 409 and a read. Returns what was written.
 */
async function writeLocalRaw(
  db: RxDatabase,
  id: string,
  change: (current: RxDocumentData<Doc> | undefined) => Doc | null,
  known?: { current: RxDocumentData<Doc> | undefined },
): Promise<RxDocumentData<Doc> | undefined> {
  const instance = await localInstance(db);
  for (let attempt = 0; attempt < 10; attempt++) {
    const current = attempt === 0 && known ? known.current : (await instance.findDocumentsById([id], true))[0];
    const next = change(current);
    if (!next) return current;
    const document = { ...next, id, _attachments: {}, _meta: { lwt: rxNow() }, _rev: createRevision(db.token, current) } as unknown as RxDocumentData<Doc>;
    const result = await instance.bulkWrite([{ ...(current ? { previous: current } : {}), document }] as any, 'forecourt-journal');
    if (result.error.length === 0) return document;
    if (result.error[0]!.status !== 409) throw new Error(`store: journal write failed (status ${result.error[0]!.status})`);
  }
  throw new Error('store: the journal kept changing');
}

/** Writes a command's entry. `previous`: what this command last wrote there (undefined: nothing, the usual case). */
export async function writeEntry(db: RxDatabase, entry: JournalEntry, previous?: RxDocumentData<Doc>): Promise<RxDocumentData<Doc>> {
  const written = await writeLocalRaw(db, journalId(entry.commandId), () => ({ data: entry, _deleted: false }), { current: previous });
  return written!;
}

/** Removes a command's own journal entry, whatever its revision; `written` is the version it wrote (saves a read). */
export async function removeEntry(db: RxDatabase, commandId: string, written?: RxDocumentData<Doc>): Promise<RxDocumentData<Doc> | undefined> {
  return writeLocalRaw(
    db,
    journalId(commandId),
    (current) => (current && !current._deleted ? { data: current['data'], _deleted: true } : null),
    written ? { current: written } : undefined,
  );
}

/** Removes the entry only if it is still the version read (another tab may have replaced it meanwhile). */
async function removeEntryIfUnchanged(db: RxDatabase, stored: StoredEntry): Promise<void> {
  const instance = await localInstance(db);
  const raw = stored.raw;
  await instance.bulkWrite(
    [{ previous: raw, document: { ...raw, _deleted: true, _meta: { lwt: rxNow() }, _rev: createRevision(db.token, raw) } }] as any,
    'forecourt-journal',
  );
}

// ---- applying an entry ---------------------------------------------------------------------

/** The anchor: the first updated document (collections in order), else the first new one. */
function anchorOf(entry: JournalEntry): { collection: CollectionName; doc: Doc } | null {
  let first: { collection: CollectionName; doc: Doc } | null = null;
  for (const collection of COLLECTION_NAMES) {
    for (const doc of entry.writes[collection] ?? []) {
      if ((entry.before[keyOf(collection, doc.id)] ?? null) !== null) return { collection, doc };
      first ??= { collection, doc };
    }
  }
  return first;
}

export interface ApplyOptions {
  /**
   * The stored versions the command was decided on (`<collection>/<id>`), as read: written
   * against directly, without reading them again. A stale one costs a 409 and a read.
   */
  known?: ReadonlyMap<string, RxDocumentData<Doc>>;
  /** Test-only: called after each collection's write with its name (may throw to simulate a crash). */
  afterCollection?: (name: CollectionName) => Promise<void>;
}

/**
 * Applies a journal entry. 'overtaken': its anchor changed since the command was decided, and
 * nothing of the entry was written. 'applied': every document is written (merged where a
 * non-command writer changed it meanwhile).
 */
export async function applyEntry(db: RxDatabase, entry: JournalEntry, options: ApplyOptions = {}): Promise<'applied' | 'overtaken'> {
  const anchor = anchorOf(entry);
  if (!anchor) return 'applied';
  const anchorCollection = db.collections[anchor.collection]!;
  const anchorKey = keyOf(anchor.collection, anchor.doc.id);
  const guess = options.known?.get(anchorKey);
  const current =
    options.known && (guess?._rev ?? null) === (entry.before[anchorKey] ?? null)
      ? guess
      : (await readRaw(anchorCollection, [anchor.doc.id])).get(anchor.doc.id);
  if (!sameContent(current, anchor.doc)) {
    if ((current?._rev ?? null) !== (entry.before[anchorKey] ?? null)) return 'overtaken';
    const [conflict] = await writeRows(anchorCollection, [{ ...(current ? { previous: current } : {}), document: anchor.doc }]);
    if (conflict && !sameContent(conflict.inDb, anchor.doc)) return 'overtaken';
  }
  await options.afterCollection?.(anchor.collection);

  for (const collection of COLLECTION_NAMES) {
    const docs = (entry.writes[collection] ?? []).filter((d) => !(collection === anchor.collection && d.id === anchor.doc.id));
    if (docs.length === 0) continue;
    await writeRest(db.collections[collection]!, collection, docs, entry.before, options.known);
    if (collection !== anchor.collection) await options.afterCollection?.(collection);
  }
  return 'applied';
}

/** Writes documents past the anchor: unchanged since the decision → ours; changed by someone else → merged. */
async function writeRest(
  collection: RxCollection,
  name: CollectionName,
  docs: Doc[],
  before: Record<string, string | null>,
  known?: ReadonlyMap<string, RxDocumentData<Doc>>,
): Promise<void> {
  let pending = docs;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt >= 20) throw new Error(`store: ${name} kept changing while a command was written`);
    // First try: the versions the command was decided on (none for a new document), unread.
    const current =
      attempt === 0 && known
        ? new Map(pending.flatMap((d) => (known.has(keyOf(name, d.id)) ? [[d.id as string, known.get(keyOf(name, d.id))!] as const] : [])))
        : await readRaw(
            collection,
            pending.map((d) => d.id as string),
          );
    const rows: Row[] = [];
    for (const doc of pending) {
      const inDb = current.get(doc.id);
      if (sameContent(inDb, doc)) continue;
      if (!inDb) rows.push({ document: doc });
      else if (inDb._rev === before[keyOf(name, doc.id)]) rows.push({ previous: inDb, document: doc });
      else {
        const result = merged(name, doc, inDb);
        if (!sameContent(inDb, result)) rows.push({ previous: inDb, document: result });
      }
    }
    const conflicts = await writeRows(collection, rows);
    // A row refused for a conflict is read and judged again (merged now, since its revision moved on).
    pending = conflicts.map((c) => docs.find((d) => d.id === c.row.document.id)!);
  }
}

/**
 * Finishes a journal entry left by another command (a crashed tab, or one still at it): applied
 * if its decision still holds, dropped whole if its anchor was overtaken. Returns what happened.
 */
export async function finishEntry(db: RxDatabase, stored: StoredEntry): Promise<'applied' | 'overtaken'> {
  const outcome = await applyEntry(db, stored.entry);
  await removeEntryIfUnchanged(db, stored);
  return outcome;
}

/** Finishes every command a crash left behind. Returns the commandIds whose writes were applied. */
export async function replayJournal(db: RxDatabase): Promise<string[]> {
  const entries = await listLocal<JournalEntry>(db, JOURNAL_PREFIX);
  const replayed: string[] = [];
  for (const { data } of entries) {
    const stored = await readEntry(db, data.commandId);
    if (!stored) continue;
    if ((await finishEntry(db, stored)) === 'applied') replayed.push(data.commandId);
  }
  return replayed;
}
