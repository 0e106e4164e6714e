/**
 * Commands: what a person asks the store to do. Each has a `commandId` (idempotency key: the
 * same id twice is refused as 'command/duplicate' and writes nothing) and is decided by a pure
 * rule in src/rules into a ChangeSet, which the store applies atomically.
 */
import type { ActivityDoc, CalendarEventDoc, CalendarEventType, CloseLostChoices, Customer, Interest, LeadDoc, UserDoc } from './documents.js';
import type { CompanyPolicy } from './policy.js';

export type { CloseLostChoices };

export interface CloseWonChoices {
  completeOverdueEvents: boolean;
  completeAllEvents: boolean;
  notes: string;
  contactGroups: string[];
  /** Optional post-sale follow-up (epoch ms) or null. */
  followUpAt: number | null;
}

/** A progress update as the form submits it, in click order. */
export interface ProgressUpdate {
  /** Steps to tick: new passes (a re-tick of a saved step is a new pass). Click order = time order. */
  check: string[];
  /** Saved steps to clear. */
  clear: string[];
  note: string;
}

export type ResponseKind = 'test-drive' | 'appraisal' | 'email-response' | 'sms-response';

export type Command =
  | { type: 'create-lead'; lead: { customer: Customer; vehicle: string; source: string; salespersonId: string; interest?: Interest; leadId?: string } }
  | { type: 'close-lost'; leadId: string; choices: CloseLostChoices }
  | { type: 'decide-close-request'; requestId: string; decision: 'approve' | 'decline'; declineReason?: string }
  /** The requester takes back their own pending close-lost request (the lead stays open). */
  | { type: 'withdraw-close-request'; requestId: string }
  | { type: 'close-won'; leadId: string; choices: CloseWonChoices }
  | { type: 'mark-sold'; leadId: string }
  | { type: 'reopen'; leadId: string; note?: string }
  | { type: 'update-progress'; leadId: string; update: ProgressUpdate }
  | { type: 'set-interest'; leadId: string; interest: Interest }
  | { type: 'add-note'; leadId: string; text: string }
  | { type: 'schedule-event'; leadId: string; event: { eventType: CalendarEventType; title: string; dueAt: number; notes?: string; assigneeId?: string } }
  | { type: 'complete-events'; leadId: string; eventIds: string[] }
  /**
   * Moves an incomplete calendar event to a new due date, optionally with a new title or notes
   * (omitted: unchanged). By its creator, its assignee, the lead's salesperson or a manager.
   */
  | { type: 'reschedule-event'; leadId: string; eventId: string; dueAt: number; title?: string; notes?: string }
  /** Test drive, appraisal, email or SMS response; ticks its progress step when `updateProgress`. */
  | { type: 'record-response'; leadId: string; kind: ResponseKind; notes: string; updateProgress: boolean }
  | { type: 'assign'; leadId: string; salespersonId: string }
  | { type: 'mark-notification-read'; notificationId: string }
  | { type: 'update-policy'; policy: Omit<CompanyPolicy, 'id' | 'type' | 'dealershipId' | 'updatedAt' | 'updatedBy' | 'stamp'> }
  | { type: 'upsert-user'; user: Omit<UserDoc, 'id' | 'type' | 'dealershipId' | 'updatedAt'> };

export type CommandType = Command['type'];

/** Everything a rule may read to decide a command. The store loads it; rules never do I/O. */
export interface DecisionState {
  policy: CompanyPolicy;
  users: UserDoc[];
  lead?: LeadDoc;
  /** The lead's calendar events. */
  events?: CalendarEventDoc[];
  /** The close request a decision is about, or the lead's pending one. */
  request?: Extract<ActivityDoc, { kind: 'close-request' }>;
  /** For mark-notification-read. */
  notification?: Extract<ActivityDoc, { kind: 'notification' }>;
}

/** When, where and by whom: the context of one command. */
export interface CommandContext {
  actor: import('./actor.js').Actor;
  now: number;
  commandId: string;
  /** Set when the command is one lead of a Bulk Manage run: needs 'bulk-manage'; progress passes are marked via 'bulk'. */
  bulkId?: string;
}

/**
 * What a decided command writes. Every document is complete (not a patch) so that applying a
 * ChangeSet twice gives the same result. Ids derive from the commandId, so replays collide.
 */
export interface ChangeSet {
  leads: LeadDoc[];
  events: CalendarEventDoc[];
  /** Inserts, except a close request changing status or a notification marked read. */
  activity: ActivityDoc[];
  users: UserDoc[];
  policy: CompanyPolicy | null;
  /** What the caller learns: e.g. { outcome: 'closed' | 'requested', leadId, requestId }. */
  outcome: Record<string, string>;
}

export type CommandResult =
  { ok: true; commandId: string; outcome: Record<string, string> } | { ok: false; commandId: string; error: import('./errors.js').RuleError };

/** One lead's result in a bulk command. */
export interface BulkItemResult {
  leadId: string;
  result: CommandResult;
}
