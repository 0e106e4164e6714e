/**
 * The documents forecourt stores locally (RxDB) and on the server (CouchDB), one shape for both.
 * Every document carries what the server's validate_doc_update needs to judge it on its own:
 * its type, its dealership, and (for anything a person did) the actor and the command.
 *
 * Ids are prefixed by type (`lead:…`, `event:…`, `activity:…`, `user:…`, `policy`) so that one
 * CouchDB database per dealership can hold them all and a `_changes` filter can split them.
 * Times are epoch milliseconds (numbers), so they index and compare cheaply.
 */

/** Who changed a field, when, from which device: the last-writer-wins key of a merge. */
export interface Stamp {
  /** Epoch ms of the change on the writing device. */
  at: number;
  /** The device that wrote it; breaks ties between equal `at` deterministically. */
  deviceId: string;
  /** The user who wrote it. */
  by: string;
}

export type LeadStatus = 'open' | 'closed';
export type LeadOutcome = '' | 'lost' | 'won';
export type Interest = 'not-set' | 'cold' | 'warm' | 'hot';
export const INTERESTS: readonly Interest[] = ['not-set', 'cold', 'warm', 'hot'];

/** One road-to-the-sale step's state on a lead. A cleared step stays as a tombstone so merges keep it cleared. */
export interface StepState {
  checked: boolean;
  /** When this state was written; the checked step with the greatest `stamp` is the lead's progress. */
  stamp: Stamp;
  /** The activity document of the pass (or the clearing) that wrote this state. */
  passId: string;
}

/** The fields of a lead that merge per field (last writer by Stamp wins, the loser goes to the activity). */
export const LEAD_MERGED_FIELDS = [
  'customer',
  'vehicle',
  'source',
  'salespersonId',
  'status',
  'outcome',
  'closeReasonId',
  'closedAt',
  'closedBy',
  'closeRequestId',
  'soldAt',
  'interest',
  'contactGroups',
  'closeNotes',
  'closeFollowUpAt',
  'nextEventAt',
] as const;
export type LeadMergedField = (typeof LEAD_MERGED_FIELDS)[number];

export interface Customer {
  name: string;
  email: string;
  phone: string;
}

export interface LeadDoc {
  id: string; // 'lead:<uuid>'
  type: 'lead';
  dealershipId: string;
  customer: Customer;
  /** Vehicle of interest, e.g. "2024 Toyota RAV4 Hybrid XLE". */
  vehicle: string;
  /** Lead source, e.g. "Website", "Walk-in", "AutoTrader". */
  source: string;
  salespersonId: string;
  createdAt: number;
  status: LeadStatus;
  outcome: LeadOutcome;
  /** The close reason id (lost) while closed lost; '' otherwise. The history stays in the activity. */
  closeReasonId: string;
  closedAt: number; // 0 while open
  closedBy: string; // '' while open
  /** The close notes while closed (the note itself is also an activity note); '' otherwise. Lets the server check a mandatory note. */
  closeNotes: string;
  /** The follow-up chosen when closing (epoch ms), 0 if none. Lets the server check a mandatory follow-up. */
  closeFollowUpAt: number;
  /** The pending close-lost request's activity id; '' when none is pending. */
  closeRequestId: string;
  /** When progress 'Sold' recorded a sale (0 if never); the lead stays open until Close Won. */
  soldAt: number;
  /** Road-to-the-sale state per step id. */
  steps: Record<string, StepState>;
  /** Derived: the checked step with the greatest stamp ('' if none). Kept for indexing. */
  progressStepId: string;
  interest: Interest;
  contactGroups: string[];
  /** Derived: due time of the oldest incomplete calendar event, 0 when none. */
  nextEventAt: number;
  /** Derived: the dashboard's action date = nextEventAt if set, else updatedAt. Indexed. */
  actionAt: number;
  updatedAt: number;
  /** Derived: lower-cased customer name, email, phone, vehicle and source, for free-text search. */
  search: string;
  /** Per-field stamps of the last write, for deterministic merging. */
  clock: Partial<Record<LeadMergedField, Stamp>>;
  /** The last command that wrote this document. */
  commandId: string;
  updatedBy: string;
}

export type CalendarEventType = 'follow-up' | 'closed-lost-follow-up' | 'post-sale-follow-up' | 'appointment' | 'test-drive' | 'call';

/** The close fields of an open lead (a new one, or one reopened): one definition for every writer. */
export const OPEN_LEAD_CLOSE_STATE = {
  status: 'open',
  outcome: '',
  closeReasonId: '',
  closedAt: 0,
  closedBy: '',
  closeNotes: '',
  closeFollowUpAt: 0,
} as const satisfies Partial<LeadDoc>;

/** What a new lead starts with besides its customer and dates: open, no request, no sale, no progress (fresh objects each call). */
export function newLeadState() {
  return {
    ...OPEN_LEAD_CLOSE_STATE,
    closeRequestId: '',
    soldAt: 0,
    steps: {},
    progressStepId: '',
    interest: 'not-set',
    contactGroups: [],
    nextEventAt: 0,
  } satisfies Partial<LeadDoc>;
}

export interface CalendarEventDoc {
  id: string; // 'event:<…>'
  type: 'event';
  dealershipId: string;
  leadId: string;
  eventType: CalendarEventType;
  title: string;
  notes: string;
  dueAt: number;
  /** 0 while incomplete. Once set it stays set (merge keeps the earliest completion). */
  completedAt: number;
  completedBy: string;
  assigneeId: string;
  createdAt: number;
  createdBy: string;
  commandId: string;
  updatedAt: number;
}

export type ActivityKind =
  | 'audit' // one per command: who, when, what, from which device
  | 'note' // a note on the lead (progress notes and close notes included)
  | 'progress-pass' // one pass through a step (checked) or its removal (cleared)
  | 'close-request' // a close-lost request; decided once (status leaves 'pending' once)
  | 'notification' // to one recipient; only `readAt` may change, by the recipient
  | 'merge' // a concurrent edit lost on a field: the losing value, kept visible
  | 'rejection'; // a change the server refused (written locally by sync)

export interface ActivityBase {
  id: string; // 'activity:<commandId>:<suffix>'
  type: 'activity';
  dealershipId: string;
  kind: ActivityKind;
  /** '' for activity not about one lead. */
  leadId: string;
  actorId: string;
  deviceId: string;
  commandId: string;
  at: number;
}

export interface AuditEntry extends ActivityBase {
  kind: 'audit';
  /** The command's type, e.g. 'close-lost'. */
  action: string;
  /** What changed, as plain data: field → [before, after], ids created, counts… */
  changes: Record<string, unknown>;
}

export interface NoteEntry extends ActivityBase {
  kind: 'note';
  text: string;
  /** Where the note came from: 'note' | 'progress' | 'close-lost' | 'close-won' | 'reopen' | … */
  context: string;
}

export interface ProgressPass extends ActivityBase {
  kind: 'progress-pass';
  stepId: string;
  action: 'checked' | 'cleared';
  /** The note saved with this update ('' if none); lets the server check a mandatory progress note. */
  note: string;
  /** What ticked it: 'progress' (the progress form) or a side effect: 'test-drive', 'appraisal', 'email-response', 'sms-response', 'sold', 'bulk'. */
  via: string;
}

export type CloseRequestStatus = 'pending' | 'approved' | 'declined' | 'withdrawn';

export interface CloseLostChoices {
  reasonId: string;
  completeOverdueEvents: boolean;
  completeAllEvents: boolean;
  notes: string;
  contactGroups: string[];
  /** Epoch ms of the optional follow-up, or null. */
  followUpAt: number | null;
}

export interface CloseRequest extends ActivityBase {
  kind: 'close-request';
  choices: CloseLostChoices;
  /** The manager it goes to ('' = any manager of the dealership). */
  managerId: string;
  status: CloseRequestStatus;
  decidedBy: string;
  decidedAt: number;
  declineReason: string;
  /** The command that decided it ('' while pending). */
  decisionCommandId: string;
}

export type NotificationTopic = 'lead-closed-lost' | 'close-request-submitted' | 'close-request-approved' | 'close-request-declined';

export interface NotificationEntry extends ActivityBase {
  kind: 'notification';
  recipientId: string;
  topic: NotificationTopic;
  /** Plain data the message is built from: reasonId, requestId, declineReason, customer name… */
  data: Record<string, string>;
  readAt: number; // 0 = unread
}

export interface MergeEntry extends ActivityBase {
  kind: 'merge';
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  lostStamp: Stamp;
}

export interface RejectionEntry extends ActivityBase {
  kind: 'rejection';
  /** The id of the refused document (the lead's, when the command's lead write was refused). */
  docId: string;
  /** The server's error: 'forbidden' | 'unauthorized' | … */
  error: string;
  reason: string;
  /** Every refused document of the command, when the sync grouped them (one entry per command). */
  refused?: { docId: string; collection: string; error: string; reason: string }[];
  /** The command's action (e.g. 'close-lost'), when its audit entry was refused too. */
  action?: string;
}

export type ActivityDoc = AuditEntry | NoteEntry | ProgressPass | CloseRequest | NotificationEntry | MergeEntry | RejectionEntry;

/** Base roles of a user; capability roles are in `CapabilityRole`. */
export type BaseRole = 'salesperson' | 'manager' | 'admin';
export type CapabilityRole = 'close-lead-lost-permission' | 'receive-closed-lead-as-lost-notification' | 'bulk-manage';
export type Role = BaseRole | CapabilityRole;

export interface UserDoc {
  id: string; // 'user:<userId>'
  type: 'user';
  dealershipId: string;
  /** The login name (CouchDB `_users` name). */
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  /** The user's own manager, '' = any manager of the dealership. */
  managerId: string;
  active: boolean;
  updatedAt: number;
}

export type ForecourtDoc = LeadDoc | CalendarEventDoc | ActivityDoc | UserDoc | import('./policy.js').CompanyPolicy;
