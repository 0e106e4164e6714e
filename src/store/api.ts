/**
 * The store's public contract: what elements, the sync layer, the demo and integrators use.
 * Implemented by `createStore()` in ./store.ts. Everything is local-first: commands complete
 * against the local database whether or not a server is reachable.
 */
import type { Observable } from 'rxjs';
import type { RxDatabase } from 'rxdb';
import type {
  Actor,
  ActivityDoc,
  BulkItemResult,
  CalendarEventDoc,
  CloseRequest,
  Command,
  CommandResult,
  CompanyPolicy,
  Interest,
  LeadDoc,
  NotificationEntry,
  Result,
  UserDoc,
} from '../model/index.js';

export interface StoreOptions {
  dealershipId: string;
  /** Local database name; default `forecourt-<dealershipId>`. */
  name?: string;
  /** 'indexeddb' (Dexie, the browser default) or 'memory' (Node, tests). */
  storage?: 'indexeddb' | 'memory';
  /** The acting user's id (a UserDoc's userId). Can be set later with setActor(). */
  userId?: string;
  /** Stable per device; default: a random id kept in the local database. */
  deviceId?: string;
  /** The clock, for tests. Default Date.now. */
  now?: () => number;
  /** The engine behind dashboard$(); default: the in-memory index of src/dashboard (see ./dashboard-query.ts). */
  dashboard?: import('./dashboard-query.js').DashboardEngine;
}

/** A bulk command still running or interrupted (e.g. by a reload), resumable with resumeBulk(). */
export interface PendingBulk {
  bulkId: string;
  /** Who started it; only they can resume it. */
  userId: string;
  total: number;
  done: number;
  startedAt: number;
}

export type StatusFilter = 'open' | 'closed' | 'all';
export type DateRangeKind = 'now-3' | 'today' | 'overdue' | 'stalled' | 'custom';
export type DashboardSortField = 'customer' | 'vehicle' | 'source' | 'salesperson' | 'progress' | 'interest' | 'actionAt' | 'status' | 'createdAt';

export interface DashboardQuery {
  status: StatusFilter;
  progress?: string[]; // step ids ('' = no progress yet)
  interest?: Interest[];
  salespersonIds?: string[];
  sources?: string[];
  range?: { kind: Exclude<DateRangeKind, 'custom'> } | { kind: 'custom'; from: number; to: number } | null;
  /** Free text, matched against customer, email, phone, vehicle and source. */
  text?: string;
  sort?: { field: DashboardSortField; direction: 'asc' | 'desc' };
  offset?: number;
  limit?: number;
}

export interface DashboardPage {
  /** Leads matching the whole query. */
  total: number;
  /** The requested window of them, sorted. */
  rows: LeadDoc[];
  /** Counts per filter value, each computed with every other filter applied. */
  counts: {
    status: Record<StatusFilter, number>;
    progress: Record<string, number>;
    interest: Record<Interest, number>;
    salesperson: Record<string, number>;
    source: Record<string, number>;
  };
}

export interface LeadStore {
  readonly dealershipId: string;
  readonly deviceId: string;
  /** The RxDB database: collections `leads`, `events`, `activity`, `users`, `policies`. For sync and tests. */
  readonly database: RxDatabase;
  /** The acting user, resolved from the users collection; null when none is set or known. */
  readonly actor$: Observable<Actor | null>;
  setActor(userId: string | null): Promise<void>;
  currentActor(): Actor | null;

  /**
   * Decides a command with the rules and applies all its changes atomically, or none. Never throws
   * for a rule. Safe across tabs: when another instance changed the lead (or whatever the command
   * was decided on) meanwhile, the command is decided again on the new state, so it may come back
   * refused by a rule (e.g. 'lead/closed'); 'command/conflict' when it kept changing.
   */
  execute(command: Command, options?: { commandId?: string }): Promise<CommandResult>;
  /** Runs the rule without writing: what the UI uses to explain why an action is unavailable. */
  check(command: Command): Promise<Result<Record<string, string>>>;
  /**
   * The same command for many leads, each decided, applied and audited on its own. Requires
   * 'bulk-manage'. Progress is reported per lead; a reload can resume it by bulkId.
   */
  executeBulk(commands: Command[], options?: { bulkId?: string; onProgress?: (done: number, total: number) => void }): Promise<BulkItemResult[]>;
  /** Finishes an interrupted bulk command (commands already applied are not applied twice); all its results. */
  resumeBulk(bulkId: string, options?: { onProgress?: (done: number, total: number) => void }): Promise<BulkItemResult[]>;
  /** Bulk commands started on this device and not finished. */
  pendingBulks(): Promise<PendingBulk[]>;

  /** The store's clock (StoreOptions.now), e.g. for date ranges. */
  now(): number;

  lead$(leadId: string): Observable<LeadDoc | null>;
  events$(leadId: string): Observable<CalendarEventDoc[]>;
  /** Newest first. */
  activity$(leadId: string): Observable<ActivityDoc[]>;
  readonly policy$: Observable<CompanyPolicy>;
  readonly users$: Observable<UserDoc[]>;
  notifications$(recipientId: string): Observable<NotificationEntry[]>;
  /** Newest first. With `managerId`: the requests that manager may decide (addressed to them or to any manager). */
  closeRequests$(filter: { status?: CloseRequest['status']; managerId?: string }): Observable<CloseRequest[]>;
  dashboard$(query: DashboardQuery): Observable<DashboardPage>;

  /** Imports ready-made documents (seeding, demo, benchmarks) in bulk, bypassing commands. */
  importDocuments(docs: { leads?: LeadDoc[]; events?: CalendarEventDoc[]; activity?: ActivityDoc[]; users?: UserDoc[]; policy?: CompanyPolicy }): Promise<void>;

  /** Releases this handle; the database closes when the last handle of a shared store is closed. */
  close(): Promise<void>;
  /** Closes the database and deletes its local data (tests, sign-out). */
  remove(): Promise<void>;
}
