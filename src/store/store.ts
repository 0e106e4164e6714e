/**
 * The local-first store: an RxDB database with the five collections, commands decided by the
 * rules and applied atomically (./journal.ts), reactive reads, bulk commands that survive a
 * reload, and one shared instance per database name in a page or process (the registry at the end of this file).
 */
import {
  addRxPlugin,
  createRxDatabase,
  normalizeMangoQuery,
  prepareQuery,
  type MangoQuery,
  type RxCollection,
  type RxDatabase,
  type RxDocumentData,
  type RxStorage,
} from 'rxdb';
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
import { type DashboardEngine, defaultDashboardEngine } from './dashboard-query.js';
import { hashFunction } from './hash.js';
import { randomId } from './ids.js';
import {
  type JournalEntry,
  type Writes,
  applyEntry,
  finishEntry,
  readEntry,
  readRaw,
  removeEntry,
  replayJournal,
  stripMeta,
  writeEntry,
  writeRows,
} from './journal.js';
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
  /**
   * Opens another, unshared instance of the database, as a second tab would (tests): it skips the
   * one-instance-per-name registry, and with the memory storage it joins the process-wide memory
   * state of the same name under a storage named after this tag (RxDB refuses one name twice per storage).
   */
  separateInstance?: string;
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
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How many times a command is decided again when what it was decided on changed meanwhile. */
const MAX_ATTEMPTS = 10;
/** Documents per storage write when importing: larger chunks gained nothing on IndexedDB (bench/store-import.bench.ts). */
const IMPORT_CHUNK = 2000;

/** The state a command is decided on, and the revision of each document in it (`<collection>/<id>`). */
interface Loaded {
  state: DecisionState;
  /** The stored versions read (with `_rev`), by `<collection>/<id>`. */
  raw: Map<string, RxDocumentData<Record<string, any>>>;
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
  private readonly rules: RulesPort;
  private readonly clock: () => number;
  private readonly engine: DashboardEngine;
  /** Set by the registry: releases one handle and says whether the database should close. */
  release: () => boolean = () => true;

  constructor(
    readonly database: RxDatabase,
    readonly dealershipId: string,
    readonly deviceId: string,
    private readonly options: StoreInternalOptions,
  ) {
    this.rules = options.rules ?? defaultRules;
    this.clock = options.now ?? Date.now;
    this.engine = options.dashboard ?? defaultDashboardEngine;
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
        // An upsert of an existing document reaches preInsert first; preSave judges it as an update.
        if (await collection.findOne(data.id).exec()) return;
        judge(null, stripMeta(data));
      }, false);
      // RxDB 17 passes the previous data to preSave (an RxDocument to preRemove): accept both.
      const plainOf = (doc: any): Record<string, any> => stripMeta(typeof doc?.toJSON === 'function' ? doc.toJSON() : doc);
      collection.preSave((data: any, old: any) => {
        judge(plainOf(old), stripMeta(data));
      }, false);
      collection.preRemove((data: any, old: any) => {
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
    // Decided against the documents as read, written only if they are still current; when another
    // writer (another tab) got there first, decided again on what it wrote. See ./journal.ts.
    let journal: RxDocumentData<Record<string, any>> | undefined;
    for (let attempt = 0; ; attempt++) {
      let loaded: Loaded;
      try {
        loaded = await this.loadState(command, commandId);
      } catch (err) {
        return failure(commandId, 'input/invalid', `The command could not be decided: ${(err as Error).message}`);
      }
      const { state } = loaded;
      const actor = this.actorUserId === null ? null : this.toActor(state.users.find((u) => u.userId === this.actorUserId));
      if (!actor) return failure(commandId, 'auth/no-actor', 'No known, active user is acting: call setActor() first.');
      if (attempt === 0 && (await this.alreadyRun(commandId))) {
        return failure(commandId, 'command/duplicate', `Command ${commandId} has already been applied.`);
      }

      let decided: Result<ChangeSet>;
      const ctx: CommandContext = { actor, now: this.now(), commandId, ...(bulkId ? { bulkId } : {}) };
      try {
        decided = this.rules.decide(command, state, ctx);
      } catch (err) {
        return failure(commandId, 'input/invalid', `The command could not be decided: ${(err as Error).message}`);
      }
      if (!decided.ok) return { ok: false, commandId, error: decided.error };

      const changeSet = clone(decided.value);
      const writes = this.writesOf(changeSet, command, ctx, attempt);
      const refused = await this.judgeWrites(writes, state.policy, loaded.raw, commandId);
      if (refused) return { ok: false, commandId, error: refused };
      if (!write) return { ok: true, commandId, outcome: changeSet.outcome };

      if (this.options.crashAt === 'before-journal') await this.crash();
      const before: Record<string, string | null> = {};
      for (const name of COLLECTION_NAMES) for (const d of writes[name] ?? []) before[`${name}/${d.id}`] = loaded.raw.get(`${name}/${d.id}`)?._rev ?? null;
      const entry: JournalEntry = { commandId, writes, before, at: ctx.now };
      // The journal holds this attempt only: an overtaken attempt's entry is removed before the next is decided.
      journal = await writeEntry(this.database, entry, journal);
      const applied = await applyEntry(this.database, entry, {
        known: loaded.raw,
        afterCollection: async (name) => {
          if (this.options.crashAt === name) await this.crash();
        },
      });
      journal = await removeEntry(this.database, commandId, journal);
      if (applied === 'applied') return { ok: true, commandId, outcome: changeSet.outcome };
      if (attempt + 1 >= MAX_ATTEMPTS) {
        return failure(commandId, 'command/conflict', `The documents of this command kept changing (${MAX_ATTEMPTS} attempts): try again.`);
      }
      // Random, growing pauses, so two tabs retrying the same lead fall out of step.
      await sleep(Math.random() * Math.min(100, 4 * 2 ** attempt));
    }
  }

  private async crash(): Promise<never> {
    await this.database.close();
    throw new Error('simulated crash');
  }

  private async alreadyRun(commandId: string): Promise<boolean> {
    if ((await readRaw(this.col('activity'), [`activity:${commandId}:audit`])).size > 0) return true;
    return (await readEntry(this.database, commandId)) !== null;
  }

  /** Documents straight from the storage (another tab's latest write included), with their revisions. */
  private async queryRaw(name: CollectionName, query: MangoQuery<any>): Promise<Array<RxDocumentData<Record<string, any>>>> {
    const collection = this.col(name);
    const schema = collection.schema.jsonSchema;
    const normalized = normalizeMangoQuery(schema, query);
    // As RxQuery does: without it the planner cannot use the indexes, which all start with _deleted.
    normalized.selector = { ...normalized.selector, _deleted: { $eq: false } } as typeof normalized.selector;
    const result = await collection.storageInstance.query(prepareQuery(schema, normalized));
    return result.documents as Array<RxDocumentData<Record<string, any>>>;
  }

  private async loadState(command: Command, commandId: string): Promise<Loaded> {
    const need = this.rules.requiredState(command);
    const rawDocs = new Map<string, RxDocumentData<Record<string, any>>>();
    const keep = <T>(name: CollectionName, raw: RxDocumentData<Record<string, any>>): T => {
      rawDocs.set(`${name}/${raw['id']}`, raw);
      return stripMeta(raw) as T;
    };
    const users = (await this.queryRaw('users', { selector: {}, sort: [{ id: 'asc' }] })).map((d) => keep<UserDoc>('users', d));
    const policyDoc = (await readRaw(this.col('policies'), ['policy'])).get('policy');
    const state: DecisionState = {
      policy: policyDoc ? keep<CompanyPolicy>('policies', policyDoc) : defaultPolicy(this.dealershipId),
      users,
    };
    const findActivity = async (id: unknown): Promise<ActivityDoc | undefined> => {
      if (typeof id !== 'string' || id === '' || id.length > 200) return undefined;
      const raw = (await readRaw(this.col('activity'), [id])).get(id);
      return raw ? keep<ActivityDoc>('activity', raw) : undefined;
    };
    const request = await findActivity(need.requestId);
    if (request?.kind === 'close-request') state.request = request;
    const notification = await findActivity(need.notificationId);
    if (notification?.kind === 'notification') state.notification = notification;

    const leadId = need.leadId ?? state.request?.leadId;
    if (typeof leadId === 'string' && leadId !== '' && leadId.length <= 200) {
      const lead = await this.settledLead(leadId, commandId);
      if (lead) {
        state.lead = keep<LeadDoc>('leads', lead);
        const events = await this.queryRaw('events', { selector: { leadId }, sort: [{ leadId: 'asc' }, { dueAt: 'asc' }] });
        state.events = events.map((e) => keep<CalendarEventDoc>('events', e));
        if (!state.request && state.lead.closeRequestId) {
          const pending = await findActivity(state.lead.closeRequestId);
          if (pending?.kind === 'close-request') state.request = pending;
        }
      }
    }
    return { state, raw: rawDocs };
  }

  /**
   * The lead, once the command that wrote it last has finished writing (its journal entry is
   * gone): deciding on a lead whose events or activity another tab is still writing would judge
   * a half-applied command. An entry still there after about a second was left by a tab that
   * crashed or stalled: it is finished here (harmless if that tab is still at it).
   */
  private async settledLead(leadId: string, commandId: string): Promise<RxDocumentData<Record<string, any>> | undefined> {
    for (let round = 0; ; round++) {
      const lead = (await readRaw(this.col('leads'), [leadId])).get(leadId);
      if (!lead || lead['commandId'] === commandId || round >= 60) return lead;
      const pending = await readEntry(this.database, lead['commandId'] as string);
      if (!pending) return lead;
      if (round < 30) await sleep(Math.min(2 ** round, 50));
      else await finishEntry(this.database, pending);
    }
  }

  /** The ChangeSet as writes per collection, with the command's audit entry guaranteed. */
  private writesOf(cs: ChangeSet, command: Command, ctx: CommandContext, redecided: number): Writes {
    const activity = [...(cs.activity ?? [])];
    if (redecided > 0) {
      // Visible in the audit: this command met a concurrent write and was decided again on it.
      const i = activity.findIndex((a) => a.kind === 'audit');
      const audit = activity[i];
      if (audit?.kind === 'audit') activity[i] = { ...audit, changes: { ...audit.changes, redecided } };
    }
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

  /**
   * The same document validation the hooks and the server apply, before anything is written;
   * and 'command/duplicate' when a document this command creates already exists (it ran before).
   * Documents the command was decided on are judged against that version, others are read.
   */
  private async judgeWrites(
    writes: Writes,
    policy: CompanyPolicy,
    known: Map<string, RxDocumentData<Record<string, any>>>,
    commandId: string,
  ): Promise<RuleError | null> {
    const writer: DocWriter = this.writer();
    for (const name of COLLECTION_NAMES) {
      const docs = writes[name];
      if (!docs?.length) continue;
      const unknown = docs.map((d) => d.id as string).filter((id) => !known.has(`${name}/${id}`));
      const read = await readRaw(this.col(name), unknown);
      if (name === 'activity' && [...read.keys()].some((id) => id.startsWith(`activity:${commandId}:`))) {
        return { code: 'command/duplicate', message: `Command ${commandId} has already been applied.` };
      }
      for (const doc of docs) {
        const old = known.get(`${name}/${doc.id}`) ?? read.get(doc.id);
        const error = checkShape(COLLECTIONS[name], doc, name) ?? this.rules.validateDocumentWrite(old ? stripMeta(old) : null, doc, writer, policy);
        if (error) return error;
      }
    }
    return null;
  }

  // ---- bulk -----------------------------------------------------------------------------

  async executeBulk(commands: Command[], options: { bulkId?: string; onProgress?: (done: number, total: number) => void } = {}): Promise<BulkItemResult[]> {
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

  private async continueBulk(record: BulkRecord, resuming: boolean, onProgress?: (done: number, total: number) => void): Promise<BulkItemResult[]> {
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
    const doc = await this.col('users')
      .findOne('user:' + this.actorUserId)
      .exec();
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
    // Straight to the storage, one write per chunk and collection: no hooks (imports are not
    // judged), no RxDocument per imported document. A document already there is overwritten.
    for (const name of COLLECTION_NAMES) {
      const list = byCollection[name] ?? [];
      const collection = this.col(name);
      for (let i = 0; i < list.length; i += IMPORT_CHUNK) {
        let rows = list.slice(i, i + IMPORT_CHUNK).map((document) => ({ document }));
        for (let attempt = 0; rows.length > 0; attempt++) {
          if (attempt >= 10) throw new Error(`store: importing ${name} kept conflicting`);
          rows = (await writeRows(collection, rows)).map(({ row, inDb }) => ({ ...(inDb ? { previous: inDb } : {}), document: row.document }));
        }
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
    let storage = (kind === 'indexeddb' ? getRxStorageDexie() : getRxStorageMemory()) as RxStorage<any, any>;
    // Object.create keeps the storage's prototype methods (Dexie's is a class) and its shared state.
    if (options.separateInstance) storage = Object.create(storage, { name: { value: `${storage.name}-${options.separateInstance}` } });
    const database = await createRxDatabase({
      name,
      storage,
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
      await replayJournal(database);
      const store = new Store(database, options.dealershipId, deviceId, options);
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
  const separate = (options as StoreInternalOptions).separateInstance;
  if (separate) return Store.open(options.name ?? `forecourt-${options.dealershipId}`, options as StoreInternalOptions);
  return openSharedStore(options);
}
