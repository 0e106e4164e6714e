/**
 * The per-document backstop: judges one document write on its own (old version, new version,
 * writer, company policy). The store runs it in its collection hooks; the sync layer bundles it
 * into CouchDB's validate_doc_update, so this file and its imports use ONLY ES5 run-time
 * built-ins (indexOf, for loops, Object.keys, typeof, isFinite — no includes/find/Set/Map/
 * Object.assign/startsWith/Number.isFinite…). A test runs it with those deleted.
 *
 * Decisions (see docs/rules.md):
 * - `writer.isAdmin` is the server/database admin (setup, seeding, repairs): it skips the
 *   authorship, permission and append-only checks, never the shape or dealership checks. The
 *   dealership admin is the 'admin' role: a manager who may also write policy and user documents.
 * - Deleting a document is refused to everyone but `isAdmin`: nothing a person did is removed.
 * - A lead write counts as "closing lost" when the new version is closed lost and the old one was
 *   not, or its reason, notes or follow-up changed. It then needs the permission (when the
 *   company defined 'close-lead-lost-permission': managers and admins only), closedBy = the
 *   writer, the company's mandatory fields, and a reason from the company's list (retired
 *   reasons included: a request approved after a reason was retired still closes).
 * - When the permission role is defined, a member may change a lead's closeRequestId (request,
 *   withdraw); a user outside it may not change it at all; managers may.
 * - A calendar event may be completed (by the writer), and a completion may only move earlier
 *   (what mergeEvents keeps), never be undone. While incomplete it may be rescheduled (dueAt,
 *   title, notes) by its creator, its assignee or a manager, or by any salesperson: the rule
 *   allows the lead's salesperson, whom the server cannot see from the event alone. A new or
 *   moved due date must be a whole epoch-ms date within LIMITS' date range. Its other fields
 *   never change.
 * - The mandatory progress note applies to passes made through the progress form ('progress')
 *   and Bulk Manage ('bulk'); side-effect ticks (test drive, appraisal, responses, sold) carry
 *   their own form's notes.
 * - Writing the same content again (an idempotent replay) is always allowed.
 * - The documents a close-lost writes besides the lead are judged by who may make that close,
 *   as closeLostMode (roles.ts) decides it: when the company defined
 *   'close-lead-lost-permission', only a manager (or admin) writes a new close-lost audit entry
 *   (one whose changes are not `mode: 'request'`), a 'close-lost' note, a 'lead-closed-lost'
 *   notification or a close's 'closed-lost-follow-up' event (id `event:<cmd>:follow-up`); a
 *   request's audit entry and its 'close-request-submitted' notices need the role or a manager,
 *   as the close request itself does. Otherwise a close the server refuses on the lead would
 *   still land its audit, note, notices and follow-up, and other devices would show them.
 * - A 'lead-closed-lost' notification is always by its closer: data.closedBy is the writer,
 *   data.leadId the lead it is on, never to the writer, with a reason the lead could carry. The
 *   server sees one document at a time, so it cannot tell whether the lead was closed with it;
 *   when anyone may close lost (no permission role), these checks are all it can make.
 */
import type { CompanyPolicy, RuleError } from '../model/index.js';
import { LIMITS } from '../model/limits.js';

export interface DocumentWriter {
  userId: string;
  /** Plain role names (src/model Role). */
  roles: string[];
  /** The server/database admin. */
  isAdmin: boolean;
}

type Doc = Record<string, any>;
type Problem = RuleError | null;

const INTEREST_VALUES = ['not-set', 'cold', 'warm', 'hot'];
const EVENT_TYPE_VALUES = ['follow-up', 'closed-lost-follow-up', 'post-sale-follow-up', 'appointment', 'test-drive', 'call'];
const ACTIVITY_KINDS = ['audit', 'note', 'progress-pass', 'close-request', 'notification', 'merge', 'rejection'];
const TOPICS = ['lead-closed-lost', 'close-request-submitted', 'close-request-approved', 'close-request-declined'];
const ROLE_VALUES = ['salesperson', 'manager', 'admin', 'close-lead-lost-permission', 'receive-closed-lead-as-lost-notification', 'bulk-manage'];
const REQUEST_DECISION_FIELDS = ['status', 'decidedBy', 'decidedAt', 'declineReason', 'decisionCommandId'];
const EVENT_COMPLETION_FIELDS = ['completedAt', 'completedBy', 'updatedAt', 'commandId'];
const EVENT_SCHEDULE_FIELDS = ['dueAt', 'title', 'notes'];
const EVENT_CHANGING_FIELDS = EVENT_COMPLETION_FIELDS.concat(EVENT_SCHEDULE_FIELDS);

function problem(code: RuleError['code'], message: string, field?: string): RuleError {
  const e: RuleError = { code: code, message: message };
  if (field) e.field = field;
  return e;
}

function has(list: readonly string[], value: unknown): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
  return false;
}

function prefixed(value: unknown, prefix: string): boolean {
  return typeof value === 'string' && value.length > prefix.length && value.substring(0, prefix.length) === prefix;
}

const isNum = (v: unknown): boolean => typeof v === 'number' && isFinite(v);
/** A whole epoch-ms date within the accepted range (Number.isInteger is not ES5). */
const isDate = (v: unknown): boolean => isNum(v) && Math.floor(v as number) === v && (v as number) >= LIMITS.earliestDate && (v as number) < LIMITS.latestDate;
const isStr = (v: unknown, max?: number): boolean => typeof v === 'string' && (max === undefined || v.length <= max);
const isObj = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/** JSON with sorted keys, ignoring '_' fields (revisions, RxDB meta), so equal content compares equal. */
function canonical(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) {
    const parts: string[] = [];
    for (let i = 0; i < v.length; i++) parts.push(canonical(v[i]));
    return '[' + parts.join(',') + ']';
  }
  const o = v as Doc;
  const keys = Object.keys(o).sort();
  const parts: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k.charAt(0) === '_' || o[k] === undefined) continue;
    parts.push(JSON.stringify(k) + ':' + canonical(o[k]));
  }
  return '{' + parts.join(',') + '}';
}

const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/** The keys whose values differ between two documents (ignoring '_' fields). */
function changedKeys(a: Doc, b: Doc): string[] {
  const out: string[] = [];
  const keys = Object.keys(a).concat(Object.keys(b));
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    if (k.charAt(0) === '_' || has(out, k)) continue;
    if (!same(a[k], b[k])) out.push(k);
  }
  return out;
}

function onlyChanged(a: Doc, b: Doc, allowed: readonly string[]): string | null {
  const changed = changedKeys(a, b);
  for (let i = 0; i < changed.length; i++) if (!has(allowed, changed[i])) return changed[i] as string;
  return null;
}

/** Checks each [field, ok] pair; the first failure is the problem. */
function fields(doc: Doc, checks: Array<[string, (v: any) => boolean]>): Problem {
  for (let i = 0; i < checks.length; i++) {
    const check = checks[i] as [string, (v: any) => boolean];
    if (!check[1](doc[check[0]])) return problem('doc/invalid', "Field '" + check[0] + "' is missing or malformed.", check[0]);
  }
  return null;
}

const isManagerRoles = (roles: readonly string[]): boolean => has(roles, 'manager') || has(roles, 'admin');

function suffixed(value: unknown, suffix: string): boolean {
  return typeof value === 'string' && value.length > suffix.length && value.substring(value.length - suffix.length) === suffix;
}

/** The id ending of a close's follow-up event (ids.followUp: `event:<commandId>:follow-up`). */
const CLOSE_FOLLOW_UP_SUFFIX = ':follow-up';

/** closeLostMode(...) === 'close': anyone while the permission role is undefined, else managers and admins. */
function closesLostDirectly(writer: DocumentWriter, policy: CompanyPolicy): boolean {
  return !has(policy.definedRoles, 'close-lead-lost-permission') || isManagerRoles(writer.roles);
}

/** May write a close request (and what goes with it): a member of the permission role or a manager, as for the request document. */
const mayRequestClose = (writer: DocumentWriter): boolean => has(writer.roles, 'close-lead-lost-permission') || isManagerRoles(writer.roles);
const str =
  (max?: number) =>
  (v: unknown): boolean =>
    isStr(v, max);
const num = (v: unknown): boolean => isNum(v);
const strList = (v: unknown): boolean => {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false;
  return true;
};
const stamp = (v: any): boolean => isObj(v) && isNum(v.at) && isStr(v.deviceId) && isStr(v.by);

// ---- leads ---------------------------------------------------------------------------------

function leadShape(doc: Doc): Problem {
  const bad = fields(doc, [
    ['customer', (v) => isObj(v) && isStr(v.name, LIMITS.nameLength) && isStr(v.email, LIMITS.nameLength) && isStr(v.phone, LIMITS.nameLength)],
    ['vehicle', str(LIMITS.titleLength)],
    ['source', str(LIMITS.titleLength)],
    ['salespersonId', str()],
    ['createdAt', num],
    ['status', (v) => v === 'open' || v === 'closed'],
    ['outcome', (v) => v === '' || v === 'lost' || v === 'won'],
    ['closeReasonId', str()],
    ['closedAt', num],
    ['closedBy', str()],
    ['closeNotes', str(LIMITS.noteLength)],
    ['closeFollowUpAt', num],
    ['closeRequestId', str()],
    ['soldAt', num],
    ['steps', isObj],
    ['progressStepId', str()],
    ['interest', (v) => has(INTEREST_VALUES, v)],
    ['contactGroups', strList],
    ['nextEventAt', num],
    ['actionAt', num],
    ['updatedAt', num],
    ['search', str()],
    ['clock', isObj],
    ['commandId', str()],
    ['updatedBy', str()],
  ]);
  if (bad) return bad;
  const stepIds = Object.keys(doc.steps);
  for (let i = 0; i < stepIds.length; i++) {
    const s = doc.steps[stepIds[i] as string];
    if (!isObj(s) || typeof s.checked !== 'boolean' || !stamp(s.stamp) || !isStr(s.passId)) {
      return problem('doc/invalid', "Step '" + stepIds[i] + "' is malformed.", 'steps');
    }
  }
  const clocked = Object.keys(doc.clock);
  for (let i = 0; i < clocked.length; i++) {
    if (!stamp(doc.clock[clocked[i] as string])) return problem('doc/invalid', "The clock of '" + clocked[i] + "' is malformed.", 'clock');
  }
  return null;
}

const isClosedLost = (d: Doc | null): boolean => !!d && d.status === 'closed' && d.outcome === 'lost';

function leadWrite(oldDoc: Doc | null, doc: Doc, writer: DocumentWriter, policy: CompanyPolicy): Problem {
  const shape = leadShape(doc);
  if (shape) return shape;
  if (writer.isAdmin) return null;
  if (doc.updatedBy !== writer.userId) return problem('doc/forbidden', 'A lead must be written as updated by its writer.', 'updatedBy');
  const manager = isManagerRoles(writer.roles);
  const permissionDefined = has(policy.definedRoles, 'close-lead-lost-permission');

  if (oldDoc && oldDoc.status === 'closed' && doc.status === 'open' && !manager) {
    return problem('auth/not-manager', 'Only a manager can reopen a closed lead.', 'status');
  }
  if (permissionDefined && !manager && (oldDoc ? oldDoc.closeRequestId : '') !== doc.closeRequestId) {
    if (!has(writer.roles, 'close-lead-lost-permission')) {
      return problem('auth/not-permitted', "Requesting a close needs the 'Close Lead Lost Permission' role.", 'closeRequestId');
    }
  }
  const closingLost =
    isClosedLost(doc) &&
    (!oldDoc ||
      !isClosedLost(oldDoc) ||
      oldDoc.closeReasonId !== doc.closeReasonId ||
      oldDoc.closeNotes !== doc.closeNotes ||
      oldDoc.closeFollowUpAt !== doc.closeFollowUpAt);
  if (!closingLost) return null;
  if (permissionDefined && !manager) {
    return problem('auth/not-permitted', 'Only a manager closes a lead as lost; others submit a request.', 'status');
  }
  if (doc.closedBy !== writer.userId) return problem('doc/forbidden', 'closedBy must be the person closing the lead.', 'closedBy');
  const mandatory = policy.mandatory.closeLost;
  if (has(mandatory, 'reason') && doc.closeReasonId === '') return problem('close/reason-required', 'A close reason is required.', 'closeReasonId');
  if (has(mandatory, 'notes') && doc.closeNotes.trim() === '') return problem('close/notes-required', 'Close notes are required.', 'closeNotes');
  if (has(mandatory, 'followUp') && !(doc.closeFollowUpAt > 0)) {
    return problem('close/follow-up-required', 'A follow-up date is required.', 'closeFollowUpAt');
  }
  if (doc.closeReasonId !== '') {
    let known = false;
    for (let i = 0; i < policy.lostReasons.length; i++) if ((policy.lostReasons[i] as { id: string }).id === doc.closeReasonId) known = true;
    if (!known) return problem('close/reason-unknown', "'" + doc.closeReasonId + "' is not one of the company's lost reasons.", 'closeReasonId');
  }
  return null;
}

// ---- calendar events -------------------------------------------------------------------------

function eventWrite(oldDoc: Doc | null, doc: Doc, writer: DocumentWriter, policy: CompanyPolicy): Problem {
  const bad = fields(doc, [
    ['leadId', (v) => prefixed(v, 'lead:')],
    ['eventType', (v) => has(EVENT_TYPE_VALUES, v)],
    ['title', str(LIMITS.titleLength)],
    ['notes', str(LIMITS.noteLength)],
    ['dueAt', num],
    ['completedAt', (v) => isNum(v) && v >= 0],
    ['completedBy', str()],
    ['assigneeId', str()],
    ['createdAt', num],
    ['createdBy', str()],
    ['commandId', str()],
    ['updatedAt', num],
  ]);
  if (bad) return bad;
  if ((!oldDoc || oldDoc.dueAt !== doc.dueAt) && !isDate(doc.dueAt)) {
    return problem('input/date-invalid', 'The due date is not a valid date.', 'dueAt');
  }
  if (writer.isAdmin) return null;
  if (!oldDoc) {
    if (doc.createdBy !== writer.userId) return problem('doc/forbidden', 'An event must be created by its writer.', 'createdBy');
    if (doc.completedAt !== 0 && doc.completedBy !== writer.userId) return problem('doc/forbidden', 'completedBy must be the writer.', 'completedBy');
    if (doc.eventType === 'closed-lost-follow-up' && suffixed(doc.id, CLOSE_FOLLOW_UP_SUFFIX) && !closesLostDirectly(writer, policy)) {
      return problem(
        'auth/not-permitted',
        "Only a manager closes a lead as lost, and with it schedules the close's follow-up; others submit a request.",
        'eventType',
      );
    }
    return null;
  }
  const other = onlyChanged(oldDoc, doc, EVENT_CHANGING_FIELDS);
  if (other) return problem('doc/immutable', "An event's '" + other + "' cannot change; only its schedule and completion can.", other);
  if (onlyChanged(oldDoc, doc, EVENT_COMPLETION_FIELDS)) {
    if (oldDoc.completedAt !== 0) return problem('doc/immutable', 'A completed event cannot be rescheduled.', 'dueAt');
    // The lead's salesperson may reschedule too, but the lead is another document: any salesperson passes here.
    const me = writer.userId;
    if (me !== oldDoc.createdBy && me !== oldDoc.assigneeId && !isManagerRoles(writer.roles) && !has(writer.roles, 'salesperson')) {
      return problem('auth/not-permitted', "Only the event's creator or assignee, a salesperson or a manager can reschedule it.", 'dueAt');
    }
  }
  if (oldDoc.completedAt === 0) {
    if (doc.completedAt !== 0 && doc.completedBy !== writer.userId) return problem('doc/forbidden', 'completedBy must be the writer.', 'completedBy');
    return null;
  }
  if (doc.completedAt === 0) return problem('doc/immutable', 'A completed event stays completed.', 'completedAt');
  if (doc.completedAt > oldDoc.completedAt || (doc.completedAt === oldDoc.completedAt && doc.completedBy !== oldDoc.completedBy)) {
    return problem('doc/immutable', 'A completion can only be replaced by an earlier one.', 'completedAt');
  }
  return null;
}

// ---- activity --------------------------------------------------------------------------------

function choicesShape(c: any): boolean {
  return (
    isObj(c) &&
    isStr(c.reasonId) &&
    typeof c.completeOverdueEvents === 'boolean' &&
    typeof c.completeAllEvents === 'boolean' &&
    isStr(c.notes, LIMITS.noteLength) &&
    strList(c.contactGroups) &&
    (c.followUpAt === null || isNum(c.followUpAt))
  );
}

function activityShape(doc: Doc, policy: CompanyPolicy): Problem {
  const base = fields(doc, [
    ['kind', (v) => has(ACTIVITY_KINDS, v)],
    ['leadId', (v) => v === '' || prefixed(v, 'lead:')],
    ['actorId', str()],
    ['deviceId', str()],
    ['commandId', str()],
    ['at', num],
  ]);
  if (base) return base;
  switch (doc.kind) {
    case 'audit':
      return fields(doc, [
        ['action', str(LIMITS.titleLength)],
        ['changes', isObj],
      ]);
    case 'note':
      return fields(doc, [
        ['text', str(LIMITS.noteLength)],
        ['context', str(LIMITS.titleLength)],
      ]);
    case 'progress-pass': {
      const bad = fields(doc, [
        ['stepId', str()],
        ['action', (v) => v === 'checked' || v === 'cleared'],
        ['note', str(LIMITS.noteLength)],
        ['via', str(LIMITS.titleLength)],
      ]);
      if (bad) return bad;
      if (policy.mandatory.progressNote && (doc.via === 'progress' || doc.via === 'bulk') && doc.note.trim() === '') {
        return problem('progress/note-required', 'A progress note is required by the company.', 'note');
      }
      return null;
    }
    case 'close-request':
      return fields(doc, [
        ['choices', choicesShape],
        ['managerId', str()],
        ['status', (v) => v === 'pending' || v === 'approved' || v === 'declined' || v === 'withdrawn'],
        ['decidedBy', str()],
        ['decidedAt', num],
        ['declineReason', str(LIMITS.reasonLength)],
        ['decisionCommandId', str()],
      ]);
    case 'notification':
      return fields(doc, [
        ['recipientId', str()],
        ['topic', (v) => has(TOPICS, v)],
        ['data', isObj],
        ['readAt', (v) => isNum(v) && v >= 0],
      ]);
    case 'merge':
      return fields(doc, [
        ['field', str(LIMITS.titleLength)],
        ['lostStamp', stamp],
      ]);
    default:
      return fields(doc, [
        ['docId', str()],
        ['error', str(LIMITS.titleLength)],
        ['reason', str(LIMITS.noteLength)],
      ]);
  }
}

function requestDecision(oldDoc: Doc, doc: Doc, writer: DocumentWriter): Problem {
  if (oldDoc.status !== 'pending' || doc.status === 'pending') {
    return problem('request/already-decided', 'A close request is decided once: pending → approved, declined or withdrawn.', 'status');
  }
  const other = onlyChanged(oldDoc, doc, REQUEST_DECISION_FIELDS);
  if (other) return problem('doc/immutable', "A close request's '" + other + "' cannot change.", other);
  if (doc.decidedBy !== writer.userId) return problem('doc/forbidden', 'decidedBy must be the writer.', 'decidedBy');
  if (doc.status === 'withdrawn') {
    if (oldDoc.actorId !== writer.userId) return problem('auth/not-permitted', 'Only its requester can withdraw a close request.', 'status');
    return null;
  }
  if (!isManagerRoles(writer.roles)) return problem('auth/not-manager', 'Only a manager can approve or decline a close request.', 'status');
  return null;
}

const NOT_CLOSING_DIRECTLY = 'Only a manager closes a lead as lost; others submit a request.';
const NOT_REQUESTING = "Requesting a close needs the 'Close Lead Lost Permission' role.";

/** A 'lead-closed-lost' notice: written by the person closing the lead, about that lead, with a reason it could carry. */
function closedLostNotice(doc: Doc, writer: DocumentWriter, policy: CompanyPolicy): Problem {
  if (!closesLostDirectly(writer, policy)) return problem('auth/not-permitted', NOT_CLOSING_DIRECTLY + ' This notification announces such a close.', 'topic');
  const data = doc.data;
  if (doc.leadId === '' || data.leadId !== doc.leadId)
    return problem('doc/invalid', "A 'closed as lost' notification names the lead it is on (data.leadId).", 'data');
  if (data.closedBy !== writer.userId)
    return problem('doc/forbidden', "A 'closed as lost' notification is sent by the person closing the lead (data.closedBy).", 'data');
  if (doc.recipientId === writer.userId) return problem('doc/invalid', 'The person closing a lead is never notified of their own close.', 'recipientId');
  const reasonId = data.reasonId === undefined ? '' : data.reasonId;
  if (typeof reasonId !== 'string') return problem('doc/invalid', "A 'closed as lost' notification's reason is text.", 'data');
  if (reasonId === '') {
    if (has(policy.mandatory.closeLost, 'reason')) return problem('close/reason-required', 'A close reason is required.', 'data');
    return null;
  }
  for (let i = 0; i < policy.lostReasons.length; i++) if ((policy.lostReasons[i] as { id: string }).id === reasonId) return null;
  return problem('close/reason-unknown', "'" + reasonId + "' is not one of the company's lost reasons.", 'data');
}

/**
 * A new document that only a close-lost writes besides the lead (see the header): refused to a
 * writer who may not make that close, so a close the server refuses leaves nothing behind.
 */
function closeLostSideDocument(doc: Doc, writer: DocumentWriter, policy: CompanyPolicy): Problem {
  if (doc.kind === 'audit' && doc.action === 'close-lost') {
    if (doc.changes.mode === 'request') {
      return mayRequestClose(writer) ? null : problem('auth/not-permitted', NOT_REQUESTING, 'action');
    }
    return closesLostDirectly(writer, policy)
      ? null
      : problem('auth/not-permitted', NOT_CLOSING_DIRECTLY + ' This audit entry records such a close.', 'action');
  }
  if (doc.kind === 'note' && doc.context === 'close-lost' && !closesLostDirectly(writer, policy)) {
    return problem('auth/not-permitted', NOT_CLOSING_DIRECTLY + ' Close notes go with the request until a manager approves it.', 'context');
  }
  if (doc.kind === 'notification' && doc.topic === 'close-request-submitted' && !mayRequestClose(writer)) {
    return problem('auth/not-permitted', NOT_REQUESTING, 'topic');
  }
  if (doc.kind === 'notification' && doc.topic === 'lead-closed-lost') return closedLostNotice(doc, writer, policy);
  return null;
}

function activityWrite(oldDoc: Doc | null, doc: Doc, writer: DocumentWriter, policy: CompanyPolicy): Problem {
  const shape = activityShape(doc, policy);
  if (shape) return shape;
  if (writer.isAdmin) return null;
  if (!oldDoc) {
    if (doc.actorId !== writer.userId) return problem('doc/forbidden', 'Activity must be written by its actor.', 'actorId');
    if (doc.kind === 'close-request') {
      if (doc.status !== 'pending' || doc.decidedBy !== '' || doc.decidedAt !== 0) {
        return problem('doc/invalid', 'A close request starts pending.', 'status');
      }
      if (!has(writer.roles, 'close-lead-lost-permission') && !isManagerRoles(writer.roles)) {
        return problem('auth/not-permitted', "Requesting a close needs the 'Close Lead Lost Permission' role.", 'actorId');
      }
    }
    if (doc.kind === 'notification' && doc.readAt !== 0) return problem('doc/invalid', 'A notification starts unread.', 'readAt');
    return closeLostSideDocument(doc, writer, policy);
  }
  if (oldDoc.kind !== doc.kind) return problem('doc/immutable', "An activity's kind cannot change.", 'kind');
  if (doc.kind === 'close-request') return requestDecision(oldDoc, doc, writer);
  if (doc.kind === 'notification') {
    const other = onlyChanged(oldDoc, doc, ['readAt']);
    if (other) return problem('doc/immutable', "A notification's '" + other + "' cannot change.", other);
    if (doc.recipientId !== writer.userId) return problem('auth/not-permitted', 'Only its recipient can mark a notification read.', 'readAt');
    return null;
  }
  return problem('doc/immutable', 'Audit entries, notes, progress passes, merges and rejections are append-only.', 'kind');
}

// ---- users and policy ------------------------------------------------------------------------

function userWrite(doc: Doc): Problem {
  const bad = fields(doc, [
    ['userId', (v) => isStr(v, LIMITS.nameLength) && v !== ''],
    ['name', str(LIMITS.nameLength)],
    ['email', str(LIMITS.nameLength)],
    [
      'roles',
      (v) => {
        if (!strList(v)) return false;
        for (let i = 0; i < v.length; i++) if (!has(ROLE_VALUES, v[i])) return false;
        return true;
      },
    ],
    ['managerId', str()],
    ['active', (v) => typeof v === 'boolean'],
    ['updatedAt', num],
  ]);
  if (bad) return bad;
  if (doc.id !== 'user:' + doc.userId) return problem('doc/invalid', "A user's id is 'user:<userId>'.", 'id');
  return null;
}

function policyWrite(doc: Doc): Problem {
  const list = (v: unknown): boolean => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!isObj(v[i]) || !isStr(v[i].id) || !isStr(v[i].label, LIMITS.nameLength)) return false;
    return true;
  };
  return fields(doc, [
    ['companyName', str(LIMITS.nameLength)],
    ['lostReasons', list],
    ['contactGroups', list],
    ['defaultLostContactGroups', strList],
    ['defaultWonContactGroups', strList],
    ['progressSteps', list],
    ['soldStepId', str()],
    ['mandatory', (v) => isObj(v) && strList(v.closeLost) && typeof v.progressNote === 'boolean'],
    ['definedRoles', strList],
    ['updatedAt', num],
    ['updatedBy', str()],
    ['stamp', stamp],
  ]);
}

const ID_PREFIX: Record<string, string> = { lead: 'lead:', event: 'event:', activity: 'activity:', user: 'user:' };

/**
 * Judges one write. `oldDoc` is the stored version (null for an insert); `newDoc` the version
 * written. Returns null when the write is allowed, else the refusal (code + message).
 */
export function validateDocumentWrite(oldDoc: any, newDoc: any, writer: DocumentWriter, policy: CompanyPolicy): null | RuleError {
  if (!isObj(newDoc)) return problem('doc/invalid', 'A document must be an object.');
  if (!writer || typeof writer.userId !== 'string' || !Array.isArray(writer.roles)) {
    return problem('auth/no-actor', 'Nobody is signed in.');
  }
  if (newDoc._deleted === true) {
    return writer.isAdmin ? null : problem('doc/immutable', 'Documents are never deleted: nothing a person did is removed.');
  }
  const type = newDoc.type;
  if (type === 'policy') {
    if (newDoc.id !== 'policy') return problem('doc/invalid', "The policy's id is 'policy'.", 'id');
  } else if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(ID_PREFIX, type)) {
    return problem('doc/invalid', "Unknown document type '" + String(type) + "'.", 'type');
  } else if (!prefixed(newDoc.id, ID_PREFIX[type] as string)) {
    return problem('doc/invalid', 'A ' + type + " document's id starts with '" + ID_PREFIX[type] + "'.", 'id');
  }
  if (newDoc.id.length > 400) return problem('doc/invalid', 'The id is too long.', 'id');
  if (typeof newDoc.dealershipId !== 'string' || newDoc.dealershipId === '') {
    return problem('doc/invalid', "Field 'dealershipId' is missing.", 'dealershipId');
  }
  if (newDoc.dealershipId !== policy.dealershipId) return problem('auth/other-dealership', 'This document belongs to another dealership.', 'dealershipId');
  const old: Doc | null = isObj(oldDoc) && oldDoc._deleted !== true ? oldDoc : null;
  if (old) {
    if (old.id !== newDoc.id || old.type !== newDoc.type || old.dealershipId !== newDoc.dealershipId) {
      return problem('doc/immutable', "A document's id, type and dealership never change.", 'id');
    }
    if (same(old, newDoc)) return null;
  }
  switch (type) {
    case 'lead':
      return leadWrite(old, newDoc, writer, policy);
    case 'event':
      return eventWrite(old, newDoc, writer, policy);
    case 'activity':
      return activityWrite(old, newDoc, writer, policy);
    case 'user': {
      const bad = userWrite(newDoc);
      if (bad) return bad;
      return writer.isAdmin || has(writer.roles, 'admin') ? null : problem('auth/not-admin', 'Only an admin can change users.');
    }
    default: {
      const bad = policyWrite(newDoc);
      if (bad) return bad;
      return writer.isAdmin || has(writer.roles, 'admin') ? null : problem('auth/not-admin', 'Only an admin can change the company preferences.');
    }
  }
}
