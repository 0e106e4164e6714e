/**
 * Atomic application of a command's writes across collections. RxDB has no multi-collection
 * transaction, so a write-ahead journal stands in for one: the complete documents (and the
 * revision each one had before) are written to one local document first, then each collection
 * is written, then the journal entry is removed. A crash between the two leaves the journal
 * behind, and the next open finishes the writes. A crash before the journal leaves nothing.
 */
import type { RxDatabase } from 'rxdb';
import type { CollectionName } from './schemas.js';
import { COLLECTION_NAMES } from './schemas.js';
import { listLocal, removeLocal } from './local.js';

export type Writes = Partial<Record<CollectionName, Array<Record<string, any>>>>;

export interface JournalEntry {
  commandId: string;
  writes: Writes;
  /** `<collection>/<id>` → the revision before the command, or null for a new document. */
  before: Record<string, string | null>;
  at: number;
}

export const JOURNAL_PREFIX = 'journal:';
export const journalId = (commandId: string): string => JOURNAL_PREFIX + commandId;

/** Marks ids whose write the store itself vouches for: the collection hooks let them through. */
export class TrustedWrites {
  private readonly ids = new Map<string, number>();
  has(collection: string, id: string): boolean {
    return this.ids.has(collection + '/' + id);
  }
  async run<T>(collection: string, ids: readonly string[], write: () => Promise<T>): Promise<T> {
    const keys = ids.map((id) => collection + '/' + id);
    for (const k of keys) this.ids.set(k, (this.ids.get(k) ?? 0) + 1);
    try {
      return await write();
    } finally {
      for (const k of keys) {
        const n = (this.ids.get(k) ?? 1) - 1;
        if (n <= 0) this.ids.delete(k);
        else this.ids.set(k, n);
      }
    }
  }
}

/** The revision of each document before the writes (null when absent), to detect later writers on replay. */
export async function revisionsBefore(db: RxDatabase, writes: Writes): Promise<Record<string, string | null>> {
  const before: Record<string, string | null> = {};
  for (const name of COLLECTION_NAMES) {
    const docs = writes[name];
    if (!docs?.length) continue;
    const found = await db.collections[name]!.findByIds(docs.map((d) => d.id as string)).exec();
    for (const d of docs) before[name + '/' + d.id] = found.get(d.id)?.revision ?? null;
  }
  return before;
}

export interface ApplyOptions {
  trusted: TrustedWrites;
  /** Replay: skip documents some other write changed since the journal was written (or this command already wrote). */
  replay?: boolean;
  /** Test-only: called after each collection's write with its name (may throw to simulate a crash). */
  afterCollection?: (name: CollectionName) => Promise<void>;
}

export async function applyWrites(db: RxDatabase, entry: JournalEntry, options: ApplyOptions): Promise<void> {
  for (const name of COLLECTION_NAMES) {
    let docs = entry.writes[name];
    if (!docs?.length) continue;
    const collection = db.collections[name]!;
    if (options.replay) {
      const current = await collection.findByIds(docs.map((d) => d.id as string)).exec();
      docs = docs.filter((d) => (current.get(d.id)?.revision ?? null) === (entry.before[name + '/' + d.id] ?? null));
      if (docs.length === 0) continue;
    }
    const writeDocs = docs;
    const result = await options.trusted.run(name, writeDocs.map((d) => d.id as string), () => collection.bulkUpsert(writeDocs));
    if (result.error.length > 0) {
      const first = result.error[0]!;
      throw new Error(`store: writing ${name}/${first.documentId} failed (status ${first.status})`);
    }
    await options.afterCollection?.(name);
  }
}

/** Finishes every command a crash left half-applied. Returns the replayed commandIds. */
export async function replayJournal(db: RxDatabase, trusted: TrustedWrites): Promise<string[]> {
  const entries = await listLocal<JournalEntry>(db, JOURNAL_PREFIX);
  const replayed: string[] = [];
  for (const { id, data } of entries) {
    await applyWrites(db, data, { trusted, replay: true });
    await removeLocal(db, id);
    replayed.push(data.commandId);
  }
  return replayed;
}
