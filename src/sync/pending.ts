/**
 * Which local documents are not on the server yet, for the status's pendingCount and for
 * "is this on the server yet?". A document is on the server when its local state equals the
 * replication's assumed master state (RxDB's meta instance), the same test RxDB's upstream uses.
 * Candidates: documents written locally (not by the downstream), documents just pushed, and at
 * start the documents changed since the upstream checkpoint.
 */
import { getChangedDocumentsSince, getHeightOfRevision, type RxCollection } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { Subject } from 'rxjs';
import { sameDocument } from './couch-docs.js';

/** 'local': a document that is never pushed (e.g. a rejection entry). */
export type DocSyncState = 'on-server' | 'pending' | 'local' | 'absent';

export class PendingTracker {
  /** Emits the ids whose on-server state may have changed. */
  readonly changed$ = new Subject<string[]>();
  readonly pending = new Set<string>();
  private readonly queue = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly subs: { unsubscribe(): void }[] = [];

  constructor(
    private readonly collection: RxCollection,
    private readonly replication: RxReplicationState<any, any>,
    private readonly metaIdentifier: string,
    private readonly localOnly: (doc: Record<string, unknown>) => boolean,
  ) {}

  async start(): Promise<void> {
    this.subs.push(
      this.collection.storageInstance.changeStream().subscribe((bulk) => {
        const ids = bulk.events.map((e) => e.documentId);
        if (bulk.context.startsWith('replication-downstream')) {
          // The downstream writes the server's state: these are on the server now.
          const touched = ids.filter((id) => this.pending.delete(id));
          if (touched.length) this.changed$.next(touched);
          this.changed$.next(ids);
        } else {
          this.enqueue(ids);
        }
      }),
      this.replication.sent$.subscribe((doc) => this.enqueue([(doc as { id: string }).id])),
      this.replication.active$.subscribe((active) => {
        if (!active) this.enqueue([...this.pending]);
      }),
    );
    await this.replication.startPromise;
    const meta = this.replication.metaInstance;
    if (!meta) return;
    const checkpointDoc = (await meta.findDocumentsById(['up|1'], false))[0] as { checkpointData?: unknown } | undefined;
    let checkpoint = checkpointDoc?.checkpointData as any;
    for (;;) {
      const page = await getChangedDocumentsSince(this.collection.storageInstance, 1000, checkpoint);
      if (page.documents.length === 0) break;
      this.enqueue(page.documents.map((d) => (d as { id: string }).id));
      checkpoint = page.checkpoint;
      if (page.documents.length < 1000) break;
    }
  }

  private enqueue(ids: string[]): void {
    if (this.closed || ids.length === 0) return;
    for (const id of ids) this.queue.add(id);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), 30);
  }

  private flush(): void {
    this.timer = null;
    const ids = [...this.queue];
    this.queue.clear();
    this.running = this.running.then(() => this.verify(ids)).catch(() => undefined);
  }

  /** Local state vs assumed master state, for some ids. */
  async onServer(ids: string[]): Promise<Map<string, DocSyncState>> {
    const out = new Map<string, DocSyncState>();
    const meta = this.replication.metaInstance;
    if (this.closed || !meta || this.collection.closed) return out;
    const [forks, metas] = await Promise.all([
      this.collection.storageInstance.findDocumentsById(ids, true),
      meta.findDocumentsById(
        ids.map((id) => `${id}|0`),
        true,
      ),
    ]);
    const forkById = new Map(forks.map((d) => [(d as { id: string }).id, d as any]));
    const metaById = new Map(metas.map((m) => [(m as { itemId: string }).itemId, m as any]));
    for (const id of ids) {
      const fork = forkById.get(id);
      const m = metaById.get(id);
      if (!fork) {
        out.set(id, 'absent');
        continue;
      }
      if (this.localOnly(fork)) {
        out.set(id, 'local');
        continue;
      }
      const master = m?.docData;
      const equal = !!master && ((master._rev && fork._meta?.[this.metaIdentifier] === getHeightOfRevision(fork._rev)) || sameDocument(master, fork));
      out.set(id, equal ? 'on-server' : 'pending');
    }
    return out;
  }

  private async verify(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const result = await this.onServer(ids);
    const changed: string[] = [];
    for (const [id, state] of result) {
      const wasPending = this.pending.has(id);
      const pending = state === 'pending';
      if (pending && !wasPending) this.pending.add(id);
      if (!pending && wasPending) this.pending.delete(id);
      changed.push(id);
    }
    if (changed.length) this.changed$.next(changed);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.unsubscribe();
    this.changed$.complete();
  }
}
