/**
 * startSync(): replicates a store's five collections to one CouchDB database (default: the
 * dealership's id) and reports one status. One live long-poll per store wakes the collection
 * replications; credentials stay in memory and the host can replace them at any time.
 */
import { createRevision, type RxCollection } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import {
  BehaviorSubject,
  Subject,
  combineLatest,
  defer,
  distinctUntilChanged,
  filter,
  firstValueFrom,
  from,
  map,
  merge,
  of,
  switchMap,
  type Observable,
} from 'rxjs';
import type { CalendarEventDoc, RejectionEntry } from '../model/index.js';
import type { LeadStore } from '../store/api.js';
import { makeConflictHandler, mergeEntries, type Mergers } from './conflicts.js';
import { Connection, type ConnectionStatus } from './connection.js';
import { CouchClient, type SyncAuth } from './couch-client.js';
import { collectionOfId, SYNCED_COLLECTIONS, type SyncedCollection } from './couch-docs.js';
import { replicateCollectionToCouch, type RefusedRow } from './couch-replication.js';
import { LiveNotifier } from './notifier.js';
import { PendingTracker } from './pending.js';
import { defaultMergers } from './mergers.js';
import { watchOverruledApprovals } from './decision-reconcile.js';

export type { SyncAuth } from './couch-client.js';

export type SyncState = 'connecting' | 'live' | 'offline' | 'paused' | 'unauthorized' | 'error';

export interface SyncStatus {
  state: SyncState;
  /** Local changes not on the server yet. */
  pendingCount: number;
  /** Epoch ms of the last request the server answered (0 = never). */
  lastSyncedAt: number;
  error?: string;
  /**
   * What kind of failure `error` is, for a UI to word in its own language: the server's status
   * (`COUCH_401`, `COUCH_403`, `COUCH_500`…), `COUCH_NETWORK`, `COUCH_NOT_SET_UP` (no
   * `_design/forecourt`: run forecourt-setup), `COUCH_COOKIE_BLOCKED` (a cookie session the
   * browser will not send to a server on another site) or `other`.
   */
  errorCode?: string;
}

export interface SyncOptions {
  /** The server, e.g. https://couch.example.com (credentials go in `auth`, not in the URL). */
  url: string;
  /** The CouchDB database; default the store's dealershipId. */
  database?: string;
  auth: SyncAuth;
  /** Follow changes live (default true); false syncs once and stops. */
  live?: boolean;
  fetch?: typeof fetch;
  /** Documents per pull page (default 1000). */
  batchSize?: number;
  /** Documents per `_bulk_docs` (default 200). */
  pushBatchSize?: number;
  /** For tests: other merge functions than src/rules'. */
  mergers?: Mergers;
}

export interface SyncHandle {
  readonly status$: Observable<SyncStatus>;
  /** The latest status. */
  status(): SyncStatus;
  /** Is this document's current local state on the server? Updates as sync proceeds. */
  isOnServer$(docId: string): Observable<boolean>;
  /** Supplies or refreshes credentials; a sync held back as 'unauthorized' resumes with them. */
  setCredentials(auth: SyncAuth): void;
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  /**
   * Every change the server refused, as recorded in the lead's activity (local only): one entry
   * per refused command, emitted again (same id) when more of its documents are refused later.
   */
  readonly rejections$: Observable<CommandRejection>;
  /** Resolves once every local change is on the server and the server's known changes are here. */
  awaitInSync(): Promise<void>;
  /** RxDB's replication states, for tests and diagnostics. */
  readonly replications: Readonly<Record<SyncedCollection, RxReplicationState<any, any>>>;
}

const isRejection = (doc: Record<string, unknown>) => doc.kind === 'rejection';

function leadIdOf(name: SyncedCollection, doc: Record<string, unknown>): string {
  if (name === 'leads') return String(doc.id ?? '');
  if (name === 'events' || name === 'activity') return String(doc.leadId ?? '');
  return '';
}

/** Writes documents straight to a collection's storage (as the replication does): sync's own bookkeeping, not a user's command. */
async function writeLocal(collection: RxCollection, docs: Record<string, unknown>[]): Promise<void> {
  if (docs.length === 0 || collection.closed) return;
  const ids = docs.map((d) => d.id as string);
  const existing = new Map((await collection.storageInstance.findDocumentsById(ids, true)).map((d) => [(d as { id: string }).id, d]));
  const rows = docs
    .filter((d) => {
      const prev = existing.get(d.id as string);
      return !prev || prev._deleted;
    })
    .map((d) => {
      const previous = existing.get(d.id as string);
      return {
        ...(previous ? { previous } : {}),
        document: {
          ...d,
          _deleted: false,
          _attachments: {},
          _meta: { lwt: Date.now() },
          _rev: createRevision(collection.database.token, previous),
        } as any,
      };
    });
  if (rows.length) await collection.storageInstance.bulkWrite(rows, 'forecourt-sync-local');
}

/** One refused document of a command, as its rejection entry lists it. */
export interface RefusedDocument {
  docId: string;
  collection: SyncedCollection;
  /** The server's error: 'forbidden' | 'unauthorized' | … */
  error: string;
  reason: string;
}

/** A rejection entry as the sync records it: every refused document of its command, and the command's action when its audit entry was refused too. */
export type CommandRejection = Omit<RejectionEntry, 'refused'> & { refused: RefusedDocument[]; action?: string };

/** How long the refusals of one command are given to come back from the other collections' pushes. */
const REFUSED_SETTLE_MS = 100;
const REFUSED_SETTLE_MAX_MS = 5000;

/** The rejection entry of one command on one lead: the same id whenever more of its documents are refused. */
function commandRejectionId(commandId: string, leadId: string): string {
  const safe = (v: string) => v.replace(/[^A-Za-z0-9_-]/g, '.');
  const id = `activity:reject.${safe(commandId)}.${safe(leadId)}:rejection`;
  if (id.length <= 200) return id;
  // FNV-1a of the exact pair: an id within the schema's 200 characters.
  let h = 0x811c9dc5;
  const text = `${commandId}\u0000${leadId}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `activity:reject.${safe(commandId).slice(0, 100)}.${h.toString(16)}:rejection`;
}

/** Writes (or replaces) one local-only document straight to storage, as writeLocal does. */
async function putLocal(collection: RxCollection, doc: Record<string, unknown>): Promise<void> {
  if (collection.closed) return;
  const previous = (await collection.storageInstance.findDocumentsById([doc.id as string], true))[0];
  await collection.storageInstance.bulkWrite(
    [
      {
        ...(previous ? { previous } : {}),
        document: { ...doc, _deleted: false, _attachments: {}, _meta: { lwt: Date.now() }, _rev: createRevision(collection.database.token, previous) } as any,
      },
    ],
    'forecourt-sync-local',
  );
}

/** Each running sync's client, for helpers that talk to the same server with the same credentials (pushPolicyToServer). */
const clients = new WeakMap<SyncHandle, CouchClient>();

/** The client of a running sync (undefined once stopped). */
export function clientOfSync(handle: SyncHandle): CouchClient | undefined {
  return clients.get(handle);
}

/** Pulled first: who the user is, the company policy, then the leads the dashboard shows. */
const FIRST_PULLED: readonly SyncedCollection[] = ['users', 'policies', 'leads'];
const PULLED_AFTER_LEADS: readonly SyncedCollection[] = ['events', 'activity'];

/**
 * RxDB's cancel() without its start queue (see stop()); `_cancel` is RxDB 17's own cancel step.
 * The start queue is then cleared too: a one-shot start stuck on a first sync that can no longer
 * happen would otherwise hold it for good, and the collection's close (store.remove(), a page
 * leaving) calls cancel() through that queue, so it hung (the push-policy browser test, 1 run in 2).
 */
async function cancelNow(replication: RxReplicationState<any, any>): Promise<unknown> {
  const internals = replication as unknown as { _cancel(): Promise<unknown>; startQueue: Promise<unknown> };
  const cancelled = await internals._cancel();
  internals.startQueue = Promise.resolve();
  return cancelled;
}

export function startSync(store: LeadStore, options: SyncOptions): SyncHandle {
  const database = options.database ?? store.dealershipId;
  const live = options.live ?? true;
  const client = new CouchClient({ url: options.url, database, auth: options.auth, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const connection = new Connection(client);
  const refused = new Set<string>();
  const rejections$ = new Subject<CommandRejection>();
  const mergers = options.mergers ?? defaultMergers;
  const collections = store.database.collections as Record<SyncedCollection, RxCollection>;
  let bookkeeping: Promise<void> = Promise.resolve();
  const later = (task: () => Promise<void>) => {
    bookkeeping = bookkeeping.then(task).catch(() => undefined);
  };
  const currentUserId = () => store.currentActor()?.userId ?? client.username;

  /**
   * Records what the server refused in the lead's activity (local only, never pushed). One
   * command's refused documents (the lead, its audit entry, note, notices, events) make ONE
   * entry, listing them all in `refused`, however the collections' pushes came back: rows that
   * carry a commandId wait until every replication is idle (and nothing more was refused for a
   * moment), then go into the entry of their command and lead (id derived from both), created or
   * extended. The entry's docId, error and reason are the lead's when the lead was refused (the
   * command's main change), else the first refused document's; `action` is the refused audit
   * entry's action when it is among them. Rows without a commandId keep an entry each, recorded
   * at once. rejections$ emits an entry each time it is written (same id when extended).
   */
  const groupedRows = new Map<string, { commandId: string; leadId: string; rows: RefusedRow[] }>();
  let refusedCount = 0;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
  const allIdle = () =>
    firstValueFrom(combineLatest(SYNCED_COLLECTIONS.map((n) => replications[n].active$)).pipe(filter((a) => a.every((active) => !active)))).catch(
      () => undefined, // a replication that was cancelled (stop) is idle for good
    );
  const settled = async () => {
    const deadline = Date.now() + REFUSED_SETTLE_MAX_MS;
    for (;;) {
      const seen = refusedCount;
      await sleep(REFUSED_SETTLE_MS);
      await Promise.race([allIdle(), sleep(deadline - Date.now())]);
      if (refusedCount === seen || Date.now() >= deadline) return;
    }
  };
  const refusedDocument = (r: RefusedRow): RefusedDocument => ({ docId: String(r.doc.id), collection: r.collection, error: r.error, reason: r.reason });
  const newEntry = (id: string, leadId: string, commandId: string, at: number, first: RefusedRow): CommandRejection => ({
    id,
    type: 'activity',
    dealershipId: store.dealershipId,
    kind: 'rejection',
    leadId,
    actorId: currentUserId(),
    deviceId: store.deviceId,
    commandId,
    at,
    docId: String(first.doc.id),
    error: first.error,
    reason: first.reason,
    refused: [refusedDocument(first)],
  });

  let flushQueued = false;
  const flushGroups = async () => {
    await settled();
    flushQueued = false;
    const groups = [...groupedRows.values()];
    groupedRows.clear();
    const at = Date.now();
    for (const g of groups) {
      const id = commandRejectionId(g.commandId, g.leadId);
      const stored = (await collections.activity.storageInstance.findDocumentsById([id], false))[0] as unknown as CommandRejection | undefined;
      const previous = stored && Array.isArray(stored.refused) ? stored : undefined;
      const refused: RefusedDocument[] = previous ? previous.refused.map((d) => ({ ...d })) : [];
      for (const r of g.rows) {
        const doc = refusedDocument(r);
        const i = refused.findIndex((d) => d.docId === doc.docId);
        if (i >= 0) refused[i] = doc;
        else refused.push(doc);
      }
      const lead = g.rows.find((r) => r.collection === 'leads');
      const entry: CommandRejection = {
        ...newEntry(id, g.leadId, g.commandId, previous?.at ?? at, g.rows[0]!),
        ...(previous ? { docId: previous.docId, error: previous.error, reason: previous.reason, actorId: previous.actorId } : {}),
        ...(lead ? { docId: String(lead.doc.id), error: lead.error, reason: lead.reason } : {}),
        refused,
      };
      const action = g.rows.find((r) => r.collection === 'activity' && r.doc.kind === 'audit' && typeof r.doc.action === 'string')?.doc.action;
      if (typeof action === 'string') entry.action = action;
      else if (previous?.action) entry.action = previous.action;
      await putLocal(collections.activity, entry as unknown as Record<string, unknown>);
      rejections$.next(entry);
    }
  };

  const recordRefused = async (rows: RefusedRow[]) => {
    const at = Date.now();
    const own = rows.filter((r) => !(r.collection === 'activity' && isRejection(r.doc)));
    const single: CommandRejection[] = [];
    own.forEach((r, i) => {
      const commandId = typeof r.doc.commandId === 'string' ? r.doc.commandId : '';
      const leadId = leadIdOf(r.collection, r.doc);
      if (commandId === '') {
        const key = `reject.${String(r.doc.id).replace(/[^A-Za-z0-9_-]/g, '.')}.${at}.${i}`;
        single.push(newEntry(`activity:${key}:rejection`, leadId, '', at, r));
        return;
      }
      const groupKey = `${commandId}\u0000${leadId}`;
      const group = groupedRows.get(groupKey) ?? { commandId, leadId, rows: [] };
      group.rows.push(r);
      groupedRows.set(groupKey, group);
      refusedCount += 1;
    });
    if (own.length > single.length && !flushQueued) {
      flushQueued = true;
      later(flushGroups);
    }
    await writeLocal(collections.activity, single as unknown as Record<string, unknown>[]);
    for (const e of single) rejections$.next(e);
  };

  const conflictContext = {
    refused,
    mergers,
    currentUserId,
    eventsOf: async (leadId: string) => (await collections.events.find({ selector: { leadId } }).exec()).map((d) => d.toJSON() as CalendarEventDoc),
    onLost: (lead: Parameters<typeof mergeEntries>[0], lost: Parameters<typeof mergeEntries>[1]) => {
      const entries = mergeEntries(lead, lost, currentUserId(), store.deviceId, Date.now());
      later(() => writeLocal(collections.activity, entries as unknown as Record<string, unknown>[]));
    },
  };

  const replications = {} as Record<SyncedCollection, RxReplicationState<any, any>>;
  const trackers = {} as Record<SyncedCollection, PendingTracker>;
  for (const name of SYNCED_COLLECTIONS) {
    const collection = collections[name];
    const { state, metaIdentifier } = replicateCollectionToCouch({
      collection,
      name,
      connection,
      replicationIdentifier: `forecourt|${client.dbUrl}|${name}`,
      live,
      conflictHandler: makeConflictHandler(name, conflictContext),
      refused,
      onRefused: recordRefused,
      ...(name === 'activity' ? { keepLocal: isRejection } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
      ...(options.pushBatchSize ? { pushBatchSize: options.pushBatchSize } : {}),
    });
    replications[name] = state;
    trackers[name] = new PendingTracker(collection, state, metaIdentifier, name === 'activity' ? isRejection : () => false);
  }

  // ---- status ---------------------------------------------------------------------------
  const paused$ = new BehaviorSubject(false);
  const initialDone$ = new BehaviorSubject(false);
  const listening$ = new BehaviorSubject(false);
  const pendingCount$ = new BehaviorSubject(0);
  const otherError$ = new BehaviorSubject<string>('');
  const status$ = new BehaviorSubject<SyncStatus>({ state: 'connecting', pendingCount: 0, lastSyncedAt: 0 });

  const subs = [
    combineLatest([connection.status$, paused$, initialDone$, listening$, pendingCount$, otherError$])
      .pipe(
        map(([conn, paused, initialDone, listening, pendingCount, otherError]: [ConnectionStatus, boolean, boolean, boolean, number, string]): SyncStatus => {
          let state: SyncState;
          let error = conn.error;
          let errorCode = conn.code;
          if (paused || conn.state === 'paused') state = 'paused';
          else if (conn.state === 'unauthorized') state = 'unauthorized';
          else if (conn.state === 'offline') state = 'offline';
          else if (conn.state === 'error') state = 'error';
          else if (otherError) {
            state = 'error';
            error = otherError;
            errorCode = 'other';
          } else if (!initialDone || (live && !listening)) state = 'connecting';
          else state = 'live';
          const failing = state !== 'live' && state !== 'connecting';
          return {
            state,
            pendingCount,
            lastSyncedAt: conn.lastOkAt,
            ...(error && failing ? { error } : {}),
            ...(errorCode && failing ? { errorCode } : {}),
          };
        }),
        distinctUntilChanged(
          (a, b) =>
            a.state === b.state && a.pendingCount === b.pendingCount && a.lastSyncedAt === b.lastSyncedAt && a.error === b.error && a.errorCode === b.errorCode,
        ),
      )
      .subscribe(status$),
    merge(...SYNCED_COLLECTIONS.map((n) => trackers[n].changed$)).subscribe(() => {
      let total = 0;
      for (const n of SYNCED_COLLECTIONS) total += trackers[n].pending.size;
      pendingCount$.next(total);
    }),
    merge(...SYNCED_COLLECTIONS.map((n) => replications[n].error$)).subscribe((err: any) => {
      const inner = err?.parameters?.errors?.[0] ?? err?.parameters?.writeError ?? err;
      if (typeof inner?.code === 'string' && inner.code.startsWith('COUCH_')) return; // the connection reports those
      otherError$.next(String(inner?.message ?? err?.message ?? err));
    }),
    connection.status$.pipe(filter((s) => s.state === 'ok' && s.lastOkAt > 0)).subscribe(() => {
      if (otherError$.value) otherError$.next('');
    }),
    // A request this device approved, decided by another decision: the lead goes back open.
    watchOverruledApprovals(store, later),
  ];

  const notifier = live
    ? new LiveNotifier(
        connection,
        (names) => {
          for (const n of names) replications[n].reSync();
        },
        (l) => listening$.next(l),
      )
    : null;

  if (notifier) {
    subs.push(
      connection.recovered$.subscribe(() => {
        notifier.restart();
        for (const n of SYNCED_COLLECTIONS) replications[n].reSync();
      }),
    );
  }

  let stopped = false;
  let onStop: () => void = () => {};
  const stopping = new Promise<void>((resolve) => (onStop = resolve));
  const startGroup = async (names: readonly SyncedCollection[]) => {
    if (stopped) return;
    await Promise.all(names.map((n) => replications[n].start()));
    await Promise.all(names.map((n) => trackers[n].start()));
  };
  const started = (async () => {
    await startGroup(FIRST_PULLED);
    // Events and activity (usually the bulk of a dealership) wait for the leads' first pull, so
    // the dashboard fills without them competing for IndexedDB and the server; when the server
    // cannot be reached there is nothing to compete for and everything starts at once.
    await Promise.race([replications.leads.awaitInitialReplication(), firstValueFrom(connection.status$.pipe(filter((s) => s.state !== 'ok'))), stopping]);
    await startGroup(PULLED_AFTER_LEADS);
    if (!stopped) notifier?.start();
  })();
  started
    .then(() => Promise.all(SYNCED_COLLECTIONS.map((n) => replications[n].awaitInitialReplication())))
    .then(() => {
      if (!stopped) initialDone$.next(true);
    })
    .catch((err) => {
      if (!stopped) otherError$.next(String(err?.message ?? err));
    });

  function isOnServer$(docId: string): Observable<boolean> {
    const name = collectionOfId(docId);
    if (!name) return of(false);
    const tracker = trackers[name];
    return defer(() =>
      merge(of([docId]), tracker.changed$.pipe(filter((ids) => ids.includes(docId)))).pipe(
        switchMap(() => from(started.then(() => tracker.onServer([docId])))),
        map((m) => m.get(docId) === 'on-server'),
        distinctUntilChanged(),
      ),
    );
  }

  const handle: SyncHandle = {
    status$: status$.asObservable(),
    status: () => status$.value,
    isOnServer$,
    rejections$: rejections$.asObservable(),
    replications,
    setCredentials(auth: SyncAuth) {
      connection.setAuth(auth);
      for (const n of SYNCED_COLLECTIONS) replications[n].reSync();
    },
    // Pausing holds the connection (in-flight requests are aborted, new ones wait) and leaves
    // RxDB's replications running: RxDB's own pause() races its push. A push it gave up on as
    // paused was marked as sent when resume() came before its check, so that change never
    // reached the server (the convergence test lost an event that way), and a resumed upstream
    // could stay active for good.
    pause() {
      if (stopped || paused$.value) return;
      paused$.next(true);
      connection.pause();
    },
    resume() {
      if (stopped || !paused$.value) return;
      paused$.next(false);
      connection.resume();
      for (const n of SYNCED_COLLECTIONS) replications[n].reSync();
    },
    async awaitInSync() {
      await started;
      connection.retryNow(); // asked to sync now: do not wait out a backoff
      // Ask the server now rather than trusting the live feed to have said everything.
      for (const n of SYNCED_COLLECTIONS) replications[n].reSync();
      for (let round = 0; round < 3; round++) {
        await Promise.all(SYNCED_COLLECTIONS.map((n) => replications[n].awaitInSync()));
        await bookkeeping;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clients.delete(handle);
      onStop();
      connection.stop();
      // A one-shot (live: false) replication's start() resolves only after its first sync, which
      // can no longer happen once the connection is stopped, and RxDB's cancel() queues behind
      // start(): give a start under way a moment, then cancel each replication directly.
      await Promise.race([started.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
      await Promise.all(SYNCED_COLLECTIONS.map((n) => cancelNow(replications[n])));
      await notifier?.stop();
      await bookkeeping;
      for (const n of SYNCED_COLLECTIONS) trackers[n].close();
      for (const s of subs) s.unsubscribe();
      status$.complete();
      rejections$.complete();
    },
  };
  clients.set(handle, client);
  return handle;
}
