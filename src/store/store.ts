/**
 * The local-first store: an RxDB database with the five collections, commands decided by the
 * rules and applied atomically (./journal.ts), reactive reads, bulk commands that survive a
 * reload, and one shared instance per database name in a page or process (./registry.ts).
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { BehaviorSubject, type Observable, type Subscription, firstValueFrom, filter } from 'rxjs';
import type {
  Actor,
  ActivityDoc,
  BulkItemResult,
  CalendarEventDoc,
  ChangeSet,
  CloseRequest,
  Command,
  CommandContext,
  CommandResult,
  CompanyPolicy,
  DecisionState,
  ErrorCode,
  LeadDoc,
  NotificationEntry,
  Result,
  RuleError,
  UserDoc,
} from '../model/index.js';
import { ForecourtError, LIMITS, defaultPolicy, hasRole } from '../model/index.js';
import type { DashboardPage, DashboardQuery, LeadStore, PendingBulk, StoreOptions } from './api.js';
import { type DashboardEngine, rxdbDashboard } from './dashboard-query.js';
import { hashFunction } from './hash.js';
import { randomId } from './ids.js';
import { type JournalEntry, TrustedWrites, type Writes, applyWrites, journalId, replayJournal, revisionsBefore } from './journal.js';
import { listLocal, readLocal, removeLocal, writeLocal } from './local.js';
import * as q from './queries.js';
import { type DocWriter, type RulesPort, defaultRules } from './rules-port.js';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from './schemas.js';
import { bulkTarget, isCommandShape } from './command-shape.js';
import { checkShape } from './shape.js';

addRxPlugin(RxDBLocalDocumentsPlugin);

/** Options tests (and only tests) add to StoreOptions. */
export interface StoreInternalOptions extends StoreOptions {
  rules?: RulesPort;
  /**
   * Simulates a crash inside execute(): the database closes and execute() rejects.
   * 'before-journal': after deciding, before anything is written; a collection name: right after
   * that collection's documents are written (the journal is written by then).
   */
  crashAt?: 'before-journal' | CollectionName;
}

interface BulkRecord {
  bulkId: string;
  userId: string;
  startedAt: number;
  items: Array<{ command: Command; commandId: string }>;
  /** More than one lead: a Bulk Manage run. */
  multi: boolean;
  results: BulkItemResult[];
}

const BULK_PREFIX = 'bulk:';
const DEVICE_DOC = 'device';
/** How many bulk items may run between two saves of the bulk's progress. */
const BULK_SAVE_EVERY = 20;

const failure = (commandId: string, code: ErrorCode, message: string, field?: string): CommandResult => ({
  ok: false,
  commandId,
  error: { code, message, ...(field ? { field } : {}) },
});

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function stripMeta(doc: Record<string, any>): Record<string, any> {
  const { _rev, _meta, _attachments, _deleted, ...rest } = doc;
  return rest;
}

class Store implements LeadStore {
  readonly actor$ = new BehaviorSubject<Actor | null>(null);
  readonly policy$: Observable<CompanyPolicy>;
  readonly users$: Observable<UserDoc[]>;
  private actorUserId: string | null = null;
  private actorSub: Subscription | null = null;
  private policySub: Subscription;
  private latestPolicy: CompanyPolicy;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly trusted: TrustedWrites;
  private readonly rules: RulesPort;
  private readonly clock: () => number;
  private readonly engine: DashboardEngine;
  /** Set by the registry: releases one handle and says whether the database should close. */
  release: () => boolean = () => true;

  constructor(
    readonly database: RxDatabase,
    readonly dealershipId: string,
    readonly deviceId: string,
    trusted: TrustedWrites,
    private readonly options: StoreInternalOptions,
  ) {
    this.trusted = trusted;
    this.rules = options.rules ?? defaultRules;
    this.clock = options.now ?? Date.now;
    this.engine = options.dashboard ?? rxdbDashboard;
    this.policy$ = q.policy$(database, dealershipId);
    this.users$ = q.users$(database);
    this.latestPolicy = defaultPolicy(dealershipId);
    this.policySub = this.policy$.subscribe((p) => (this.latestPolicy = p));
    this.installHooks();
  }

  now(): number {
    return this.clock();
  }

  private col(name: CollectionName): RxCollection {
    return this.database.collections[name]!;
  }

  // ---- actor ----------------------------------------------------------------------------

  async setActor(userId: string | null): Promise<void> {
    this.actorSub?.unsubscribe();
    this.actorSub = null;
    this.actorUserId = userId;
    if (userId === null) {
      this.actor$.next(null);
      return;
    }
    let first!: () => void;
    const ready = new Promise<void>((r) => (first = r));
    this.actorSub = q.userDoc$(this.database, userId).subscribe((user) => {
      this.actor$.next(this.toActor(user));
      first();
    });
    await ready;
  }

  currentActor(): Actor | null {
    return this.actor$.value;
  }

  private toActor(user: UserDoc | null | undefined): Actor | null {
    if (!user || !user.active) return null;
    return {
      userId: user.userId,
      dealershipId: user.dealershipId,
      roles: [...user.roles],
      managerId: user.managerId,
      deviceId: this.deviceId,
    };
  }

  private writer(): DocWriter {
    const actor = this.actor$.value;
    return { userId: actor?.userId ?? '', roles: actor ? [...actor.roles] : [], isAdmin: false };
  }

  // ---- hooks: the backstop for direct writes through the collection API -----------------

  private installHooks(): void {
    for (const name of COLLECTION_NAMES) {
      const collection = this.col(name);
      const judge = (oldDoc: Record<string, any> | null, newDoc: Record<string, any>): void => {
        const error =
          (newDoc['_deleted'] ? null : checkShape(COLLECTIONS[name], newDoc, name)) ??
          this.rules.validateDocumentWrite(oldDoc, newDoc, this.writer(), this.latestPolicy);
        if (error) throw new ForecourtError(error);
      };
      collection.preInsert(async (data: any) => {
        if (this.trusted.has(name, data.id)) return;
        // An upsert of an existing document reaches preInsert first; preSave judges it as an update.
        if (await collection.findOne(data.id).exec()) return;
        judge(null, stripMeta(data));
      }, false);
      // RxDB 17 passes the previous data to preSave (an RxDocument to preRemove): accept both.
      const plainOf = (doc: any): Record<string, any> => stripMeta(typeof doc?.toJSON === 'function' ? doc.toJSON() : doc);
      collection.preSave((data: any, old: any) => {
        if (this.trusted.has(name, data.id)) return;
        judge(plainOf(old), stripMeta(data));
      }, false);
      collection.preRemove((data: any, old: any) => {
        if (this.trusted.has(name, data.id)) return;
        judge(plainOf(old), { ...stripMeta(data), _deleted: true });
      }, false);
    }
  }

  // ---- commands -------------------------------------------------------------------------

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  execute(command: Command, options: { commandId?: string } = {}): Promise<CommandResult> {
    const commandId = options.commandId ?? randomId();
    return this.enqueue(() => this.run(command, commandId, true));
  }

  async check(command: Command): Promise<Result<Record<string, string>>> {
    const result = await this.run(command, randomId(), false);
    return result.ok ? { ok: true, value: result.outcome } : { ok: false, error: result.error };
  }

  private async run(command: Command, commandId: string, write: boolean, bulkId?: string): Promise<CommandResult> {
    if (typeof commandId !== 'string' || commandId === '' || commandId.length > 150 || /[\s/]/.test(commandId)) {
      return failure(String(commandId), 'input/invalid', 'The commandId must be a short string without spaces or slashes.', 'commandId');
    }
    if (!isCommandShape(command)) return failure(commandId, 'command/unknown', 'Not a known command.');
    const users = (await this.col('users').find().exec()).map((d) => d.toJSON() as UserDoc);
    const actor = this.actorUserId === null ? null : this.toActor(users.find((u) => u.userId === this.actorUserId));
    if (!actor) return failure(commandId, 'auth/no-actor', 'No known, active user is acting: call setActor() first.');
    if (await this.alreadyRun(commandId)) {
      return failure(commandId, 'command/duplicate', `Command ${commandId} has already been applied.`);
    }

    let state: DecisionState;
    let decided: Result<ChangeSet>;
    const ctx: CommandContext = { actor, now: this.now(), commandId, ...(bulkId ? { bulkId } : {}) };
    try {
      state = await this.loadState(command, users);
      decided = this.rules.decide(command, state, ctx);
    } catch (err) {
      return failure(commandId, 'input/invalid', `The command could not be decided: ${(err as Error).message}`);
    }
    if (!decided.ok) return { ok: false, commandId, error: decided.error };

    const changeSet = clone(decided.value);
    const writes = this.writesOf(changeSet, command, ctx);
    const refused = await this.judgeWrites(writes, state.policy);
    if (refused) return { ok: false, commandId, error: refused };
    if (await this.collides(writes, commandId)) {
      return failure(commandId, 'command/duplicate', `Command ${commandId} has already been applied.`);
    }
    if (!write) return { ok: true, commandId, outcome: changeSet.outcome };

    if (this.options.crashAt === 'before-journal') await this.crash();
    const entry: JournalEntry = { commandId, writes, before: await revisionsBefore(this.database, writes), at: ctx.now };
    await this.database.insertLocal(journalId(commandId), entry);
    await applyWrites(this.database, entry, {
      trusted: this.trusted,
      afterCollection: async (name) => {
        if (this.options.crashAt === name) await this.crash();
      },
    });
    await removeLocal(this.database, journalId(commandId));
    return { ok: true, commandId, outcome: changeSet.outcome };
  }

  private async crash(): Promise<never> {
    await this.database.close();
    throw new Error('simulated crash');
  }

  private async alreadyRun(commandId: string): Promise<boolean> {
    if (await this.col('activity').findOne(`activity:${commandId}:audit`).exec()) return true;
    return (await this.database.getLocal(journalId(commandId))) !== null;
  }

  /** A document this command would create already exists: the command ran before. */
  private async collides(writes: Writes, commandId: string): Promise<boolean> {
    const own = (writes.activity ?? []).map((d) => d.id as string).filter((id) => id.startsWith(`activity:${commandId}:`));
    if (own.length === 0) return false;
    const found = await this.col('activity').findByIds(own).exec();
    return found.size > 0;
  }

  private async loadState(command: Command, users: UserDoc[]): Promise<DecisionState> {
    const need = this.rules.requiredState(command);
    const policyDoc = await this.col('policies').findOne('policy').exec();
    const state: DecisionState = {
      policy: policyDoc ? (policyDoc.toJSON() as CompanyPolicy) : defaultPolicy(this.dealershipId),
      users,
    };
    const findActivity = async (id: unknown): Promise<ActivityDoc | undefined> => {
      if (typeof id !== 'string' || id === '' || id.length > 200) return undefined;
      const doc = await this.col('activity').findOne(id).exec();
      return doc ? (doc.toJSON() as ActivityDoc) : undefined;
    };
    const request = await findActivity(need.requestId);
    if (request?.kind === 'close-request') state.request = request;
    const notification = await findActivity(need.notificationId);
    if (notification?.kind === 'notification') state.notification = notification;

    const leadId = need.leadId ?? state.request?.leadId;
    if (typeof leadId === 'string' && leadId !== '' && leadId.length <= 200) {
      const lead = await this.col('leads').findOne(leadId).exec();
      if (lead) {
        state.lead = lead.toJSON() as LeadDoc;
        const events = await this.col('events').find({ selector: { leadId }, sort: [{ leadId: 'asc' }, { dueAt: 'asc' }] }).exec();
        state.events = events.map((e) => e.toJSON() as CalendarEventDoc);
        if (!state.request && state.lead.closeRequestId) {
          const pending = await findActivity(state.lead.closeRequestId);
          if (pending?.kind === 'close-request') state.request = pending;
        }
      }
    }
    return state;
  }

  /** The ChangeSet as writes per collection, with the command's audit entry guaranteed. */
  private writesOf(cs: ChangeSet, command: Command, ctx: CommandContext): Writes {
    const activity = [...(cs.activity ?? [])];
    if (!activity.some((a) => a.kind === 'audit')) {
      activity.push({
        id: `activity:${ctx.commandId}:audit`,
        type: 'activity',
        dealershipId: this.dealershipId,
        kind: 'audit',
        leadId: cs.leads?.[0]?.id ?? ('leadId' in command ? command.leadId : ''),
        actorId: ctx.actor.userId,
        deviceId: this.deviceId,
        commandId: ctx.commandId,
        at: ctx.now,
        action: command.type,
        changes: { outcome: cs.outcome ?? {} },
      });
    }
    return {
      leads: cs.leads ?? [],
      events: cs.events ?? [],
      activity,
      users: cs.users ?? [],
      policies: cs.policy ? [cs.policy] : [],
    } as Writes;
  }

  /** The same document validation the hooks and the server apply, before anything is written. */
  private async judgeWrites(writes: Writes, policy: CompanyPolicy): Promise<RuleError | null> {
    const writer: DocWriter = this.writer();
    for (const name of COLLECTION_NAMES) {
      const docs = writes[name];
      if (!docs?.length) continue;
      const current = await this.col(name).findByIds(docs.map((d) => d.id as string)).exec();
      for (const doc of docs) {
        const old = current.get(doc.id);
        const error = checkShape(COLLECTIONS[name], doc, name) ?? this.rules.validateDocumentWrite(old ? stripMeta(old.toJSON()) : null, doc, writer, policy);
        if (error) return error;
      }
    }
    return null;
  }

  // ---- bulk -----------------------------------------------------------------------------

  async executeBulk(
    commands: Command[],
    options: { bulkId?: string; onProgress?: (done: number, total: number) => void } = {},
  ): Promise<BulkItemResult[]> {
    const bulkId = options.bulkId ?? randomId();
    const list = Array.isArray(commands) ? commands : [];
    const items = list.map((command, i) => ({ command, commandId: `${bulkId}:${i}` }));
    const refuseAll = (code: ErrorCode, message: string): BulkItemResult[] =>
      items.map(({ command, commandId }) => ({ leadId: bulkTarget(command), result: failure(commandId, code, message) }));

    const actor = await this.freshActor();
    if (!actor) return refuseAll('auth/no-actor', 'No known, active user is acting: call setActor() first.');
    if (/[\s/]/.test(bulkId) || bulkId === '' || bulkId.length > 100) return refuseAll('input/invalid', 'Invalid bulkId.');
    if (list.length > LIMITS.bulkLeads) return refuseAll('input/invalid', `At most ${LIMITS.bulkLeads} leads at once.`);
    const targets = new Set(list.map(bulkTarget));
    if (targets.size > 1 && !hasRole(actor, 'bulk-manage')) {
      return refuseAll('auth/bulk-manage-required', 'Managing several leads at once needs the Bulk Manage role.');
    }
    if (await readLocal(this.database, BULK_PREFIX + bulkId)) {
      return refuseAll('command/duplicate', `Bulk ${bulkId} has already been started: resume it instead.`);
    }
    const record: BulkRecord = { bulkId, userId: actor.userId, startedAt: this.now(), items, multi: targets.size > 1, results: [] };
    await writeLocal(this.database, BULK_PREFIX + bulkId, record);
    return this.continueBulk(record, false, options.onProgress);
  }

  async resumeBulk(bulkId: string, options: { onProgress?: (done: number, total: number) => void } = {}): Promise<BulkItemResult[]> {
    const record = await readLocal<BulkRecord>(this.database, BULK_PREFIX + bulkId);
    if (!record) return [];
    const actor = await this.freshActor();
    if (!actor || actor.userId !== record.userId) {
      return record.items.slice(record.results.length).map(({ command, commandId }) => ({
        leadId: bulkTarget(command),
        result: failure(commandId, actor ? 'auth/not-permitted' : 'auth/no-actor', 'Only the user who started a bulk command can resume it.'),
      }));
    }
    return this.continueBulk(record, true, options.onProgress);
  }

  async pendingBulks(): Promise<PendingBulk[]> {
    const records = await listLocal<BulkRecord>(this.database, BULK_PREFIX);
    return records.map(({ data }) => ({
      bulkId: data.bulkId,
      userId: data.userId,
      total: data.items.length,
      done: data.results.length,
      startedAt: data.startedAt,
    }));
  }

  private async continueBulk(
    record: BulkRecord,
    resuming: boolean,
    onProgress?: (done: number, total: number) => void,
  ): Promise<BulkItemResult[]> {
    const total = record.items.length;
    const results = [...record.results];
    let unsaved = 0;
    for (let i = results.length; i < total; i++) {
      const { command, commandId } = record.items[i]!;
      // A bulk over several leads tells the rules so (they require Bulk Manage and mark passes 'bulk').
      let result = await this.enqueue(() => this.run(command, commandId, true, record.multi ? record.bulkId : undefined));
      // Resuming: an item applied after the last saved progress comes back as a duplicate.
      if (resuming && !result.ok && result.error.code === 'command/duplicate') {
        result = { ok: true, commandId, outcome: { outcome: 'already-applied' } };
      }
      results.push({ leadId: bulkTarget(command), result });
      onProgress?.(results.length, total);
      if (++unsaved >= BULK_SAVE_EVERY && results.length < total) {
        unsaved = 0;
        await writeLocal(this.database, BULK_PREFIX + record.bulkId, { ...record, results });
      }
    }
    await removeLocal(this.database, BULK_PREFIX + record.bulkId);
    return results;
  }

  private async freshActor(): Promise<Actor | null> {
    if (this.actorUserId === null) return null;
    const doc = await this.col('users').findOne('user:' + this.actorUserId).exec();
    return this.toActor(doc ? (doc.toJSON() as UserDoc) : null);
  }

  // ---- reads ----------------------------------------------------------------------------

  lead$(leadId: string): Observable<LeadDoc | null> {
    return q.lead$(this.database, leadId);
  }
  events$(leadId: string): Observable<CalendarEventDoc[]> {
    return q.events$(this.database, leadId);
  }
  activity$(leadId: string): Observable<ActivityDoc[]> {
    return q.activity$(this.database, leadId);
  }
  notifications$(recipientId: string): Observable<NotificationEntry[]> {
    return q.notifications$(this.database, recipientId);
  }
  closeRequests$(f: { status?: CloseRequest['status']; managerId?: string }): Observable<CloseRequest[]> {
    return q.closeRequests$(this.database, f);
  }
  dashboard$(query: DashboardQuery): Observable<DashboardPage> {
    return this.engine(this, query);
  }

  // ---- import ---------------------------------------------------------------------------

  async importDocuments(docs: {
    leads?: LeadDoc[];
    events?: CalendarEventDoc[];
    activity?: ActivityDoc[];
    users?: UserDoc[];
    policy?: CompanyPolicy;
  }): Promise<void> {
    const byCollection: Writes = {
      leads: docs.leads,
      events: docs.events,
      activity: docs.activity,
      users: docs.users,
      policies: docs.policy ? [docs.policy] : [],
    } as Writes;
    const CHUNK = 2000;
    for (const name of COLLECTION_NAMES) {
      const list = byCollection[name] ?? [];
      const collection = this.col(name);
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list.slice(i, i + CHUNK);
        await this.trusted.run(name, chunk.map((d) => d.id as string), async () => {
          const inserted = await collection.bulkInsert(chunk);
          const existing = new Set(inserted.error.filter((e) => e.status === 409).map((e) => e.documentId));
          const other = inserted.error.find((e) => e.status !== 409);
          if (other) throw new Error(`store: importing ${name}/${other.documentId} failed (status ${other.status})`);
          if (existing.size > 0) await collection.bulkUpsert(chunk.filter((d) => existing.has(d.id)));
        });
      }
    }
  }

  // ---- lifecycle ------------------------------------------------------------------------

  async close(): Promise<void> {
    if (!this.release()) return;
    await whileClosing(this.database.name, async () => {
      await this.shutDown();
      if (!this.database.closed) await this.database.close();
    });
  }

  async remove(): Promise<void> {
    while (!this.release()) {
      /* drop every handle: the database is going away */
    }
    await whileClosing(this.database.name, async () => {
      await this.shutDown();
      if (!this.database.closed) await this.database.remove();
    });
  }

  private async shutDown(): Promise<void> {
    // Let a command in flight finish before the database goes away.
    await this.queue;
    this.actorSub?.unsubscribe();
    this.policySub.unsubscribe();
    this.actor$.complete();
  }

  static async open(name: string, options: StoreInternalOptions): Promise<Store> {
    const kind = options.storage ?? (typeof indexedDB !== 'undefined' ? 'indexeddb' : 'memory');
    const database = await createRxDatabase({
      name,
      storage: (kind === 'indexeddb' ? getRxStorageDexie() : getRxStorageMemory()) as RxStorage<any, any>,
      multiInstance: kind === 'indexeddb',
      eventReduce: true,
      localDocuments: true,
      hashFunction,
    });
    try {
      await database.addCollections(
        Object.fromEntries(COLLECTION_NAMES.map((n) => [n, { schema: COLLECTIONS[n] }])) as Record<CollectionName, { schema: any }>,
      );
      const deviceId = options.deviceId ?? (await deviceIdOf(database));
      const trusted = new TrustedWrites();
      await replayJournal(database, trusted);
      const store = new Store(database, options.dealershipId, deviceId, trusted, options);
      // The first policy emission, so that hooks judge with the stored policy from the start.
      await firstValueFrom(store.policy$.pipe(filter(Boolean)));
      if (options.userId) await store.setActor(options.userId);
      return store;
    } catch (err) {
      if (!database.closed) await database.close();
      throw err;
    }
  }
}

async function deviceIdOf(database: RxDatabase): Promise<string> {
  const stored = await readLocal<{ deviceId: string }>(database, DEVICE_DOC);
  if (stored?.deviceId) return stored.deviceId;
  const deviceId = 'device-' + randomId(8);
  try {
    await database.insertLocal(DEVICE_DOC, { deviceId });
    return deviceId;
  } catch {
    // Another tab stored one first: use theirs.
    const theirs = await readLocal<{ deviceId: string }>(database, DEVICE_DOC);
    return theirs?.deviceId ?? deviceId;
  }
}

// ---- the registry: one instance per database name in a page or process ------------------

interface RegistryEntry {
  store: Promise<Store>;
  handles: number;
}
const registry = new Map<string, RegistryEntry>();
/** Databases being closed: opening the same name waits, or RxDB would see it open twice. */
const closing = new Map<string, Promise<void>>();

async function whileClosing(name: string, task: () => Promise<void>): Promise<void> {
  const done = task();
  const settled = done.catch(() => undefined);
  closing.set(name, settled);
  try {
    await done;
  } finally {
    if (closing.get(name) === settled) closing.delete(name);
  }
}

/**
 * Opens the store for a database name, or joins the instance already open under that name in
 * this page or process (RxDB throws DB8 when one name is opened twice). Every call returns the
 * same instance and counts one handle; close() releases one, the last one closes the database.
 */
export async function openSharedStore(options: StoreOptions): Promise<LeadStore> {
  if (!options || typeof options.dealershipId !== 'string' || options.dealershipId === '') {
    throw new ForecourtError({ code: 'input/invalid', message: 'StoreOptions.dealershipId is required.', field: 'dealershipId' });
  }
  const name = options.name ?? `forecourt-${options.dealershipId}`;
  for (;;) {
    const entry = registry.get(name);
    if (!entry) break;
    let store: Store;
    try {
      store = await entry.store;
    } catch {
      if (registry.get(name) === entry) registry.delete(name);
      continue;
    }
    if (store.database.closed) {
      if (registry.get(name) === entry) registry.delete(name);
      continue;
    }
    if (store.dealershipId !== options.dealershipId) {
      throw new ForecourtError({
        code: 'input/invalid',
        message: `Database ${name} is open for dealership ${store.dealershipId}, not ${options.dealershipId}.`,
        field: 'dealershipId',
      });
    }
    entry.handles++;
    if (options.userId && store.currentActor()?.userId !== options.userId && !store.currentActor()) {
      await store.setActor(options.userId);
    }
    return store;
  }
  const entry: RegistryEntry = {
    store: (closing.get(name) ?? Promise.resolve()).then(() => Store.open(name, options as StoreInternalOptions)),
    handles: 1,
  };
  registry.set(name, entry);
  try {
    const store = await entry.store;
    store.release = () => {
      entry.handles = Math.max(0, entry.handles - 1);
      if (entry.handles > 0) return false;
      if (registry.get(name) === entry) registry.delete(name);
      return true;
    };
    return store;
  } catch (err) {
    if (registry.get(name) === entry) registry.delete(name);
    throw err;
  }
}

/** Creates (or joins) the store; StoreInternalOptions are for tests. */
export function createStore(options: StoreOptions | StoreInternalOptions): Promise<LeadStore> {
  return openSharedStore(options);
}
