import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import type { ActivityDoc, ChangeSet, CloseRequest, Command, CompanyPolicy, DecisionState, NotificationEntry } from '../../../src/model/index.js';
import { decide, defaultCloseLostChoices } from '../../../src/rules/index.js';
import { validateDocumentWrite } from '../../../src/rules/documents.js';
import type { DocumentWriter } from '../../../src/rules/documents.js';
import { DAY, NOW, USERS, ctx, event, lead, mustOk, policy, state } from './fixtures.js';

const writer = (userId: string, isAdmin = false): DocumentWriter => ({ userId, roles: [...(USERS.find((u) => u.userId === userId)?.roles ?? [])], isAdmin });
const serverAdmin: DocumentWriter = { userId: 'couch-admin', roles: [], isAdmin: true };
const withPermission = policy({ definedRoles: ['close-lead-lost-permission'] });

const base = { type: 'activity' as const, dealershipId: 'dealer-1', leadId: 'lead:1', deviceId: 'd', commandId: 'c', at: NOW };
const audit: ActivityDoc = { ...base, id: 'activity:c:audit', kind: 'audit', actorId: 'sam', action: 'add-note', changes: { a: 1 } };
const note: ActivityDoc = { ...base, id: 'activity:c:note', kind: 'note', actorId: 'sam', text: 'Called', context: 'note' };
const pass: ActivityDoc = {
  ...base,
  id: 'activity:c:pass:finance',
  kind: 'progress-pass',
  actorId: 'sam',
  stepId: 'finance',
  action: 'checked',
  note: '',
  via: 'progress',
};
const merge: ActivityDoc = {
  ...base,
  id: 'activity:c:merge:interest',
  kind: 'merge',
  actorId: 'sam',
  field: 'interest',
  keptValue: 'hot',
  lostValue: 'cold',
  lostStamp: { at: 1, deviceId: 'd', by: 'mike' },
};
const rejection: ActivityDoc = { ...base, id: 'activity:c:rejection', kind: 'rejection', actorId: 'sam', docId: 'lead:1', error: 'forbidden', reason: 'no' };
const notice: NotificationEntry = {
  ...base,
  id: 'activity:c:notify:lead-closed-lost:nora',
  kind: 'notification',
  actorId: 'sam',
  recipientId: 'nora',
  topic: 'lead-closed-lost',
  data: { reasonId: 'price' },
  readAt: 0,
};
const request: CloseRequest = {
  ...base,
  id: 'activity:c:close-request',
  kind: 'close-request',
  actorId: 'rita',
  choices: { ...defaultCloseLostChoices(policy()), reasonId: 'price' },
  managerId: 'mike',
  status: 'pending',
  decidedBy: '',
  decidedAt: 0,
  declineReason: '',
  decisionCommandId: '',
};
const decided = (status: CloseRequest['status'], by: string): CloseRequest => ({ ...request, status, decidedBy: by, decidedAt: NOW, decisionCommandId: 'd' });
const closedLost = (by: string, extra = {}) =>
  lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW, closedBy: by, updatedBy: by, ...extra });
const mandatory = (closeLost: CompanyPolicy['mandatory']['closeLost'], progressNote = false) => policy({ mandatory: { closeLost, progressNote } });

interface Row {
  name: string;
  old?: unknown;
  doc: unknown;
  by: DocumentWriter;
  policy?: CompanyPolicy;
  code: string | null;
}

/** Every row judged here, replayed in an ES5-only sandbox by the last test. */
const judged: Array<{ row: Row; policy: CompanyPolicy; code: string | null }> = [];

function run(rows: Row[]): void {
  for (const row of rows) {
    judged.push({ row, policy: row.policy ?? policy(), code: row.code });
    const got = validateDocumentWrite(row.old ?? null, row.doc, row.by, row.policy ?? policy());
    assert.equal(got ? got.code : null, row.code, `${row.name}: ${got?.message ?? 'allowed'}`);
    if (got) assert.ok(got.message.length > 5, row.name);
  }
}

describe('document backstop', () => {
  test('documents: malformed documents are refused (type, id prefix, required fields and types, text limits)', () => {
    const { customer: _c, ...noCustomer } = lead();
    run([
      { name: 'not an object', doc: 'lead', by: writer('sam'), code: 'doc/invalid' },
      { name: 'unknown type', doc: { ...lead(), type: 'car' }, by: writer('sam'), code: 'doc/invalid' },
      { name: 'lead id prefix', doc: lead({ id: 'event:1' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'activity id prefix', doc: { ...note, id: 'note:1' }, by: writer('sam'), code: 'doc/invalid' },
      { name: 'policy id', doc: { ...policy(), id: 'policy:x' }, by: writer('ada'), code: 'doc/invalid' },
      { name: 'missing customer', doc: noCustomer, by: writer('sam'), code: 'doc/invalid' },
      { name: 'bad interest', doc: lead({ interest: 'tepid' as never }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'bad step', doc: lead({ steps: { finance: { checked: 'yes' } as never } }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'date as text', doc: lead({ updatedAt: '2025-01-01' as never }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'note too long', doc: { ...note, text: 'x'.repeat(4001) }, by: writer('sam'), code: 'doc/invalid' },
      { name: 'vehicle too long', doc: lead({ vehicle: 'x'.repeat(201) }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'unknown activity kind', doc: { ...note, kind: 'gossip' }, by: writer('sam'), code: 'doc/invalid' },
      { name: 'event type', doc: event('event:1', NOW, { eventType: 'party' as never, createdBy: 'sam' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'user role', doc: { ...USERS[0]!, roles: ['king'] }, by: writer('ada'), code: 'doc/invalid' },
      { name: 'user id', doc: { ...USERS[0]!, id: 'user:other' }, by: writer('ada'), code: 'doc/invalid' },
      { name: 'missing dealership', doc: lead({ dealershipId: '' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'a well-formed lead', doc: lead(), by: writer('sam'), code: null },
    ]);
  });

  test('documents: another dealership is refused, and id, type and dealership never change', () => {
    run([
      { name: 'other dealership', doc: lead({ dealershipId: 'dealer-2' }), by: writer('sam'), code: 'auth/other-dealership' },
      { name: 'even for a server admin', doc: lead({ dealershipId: 'dealer-2' }), by: serverAdmin, code: 'auth/other-dealership' },
      { name: 'type change', old: { ...note, type: 'event' }, doc: note, by: writer('sam'), code: 'doc/immutable' },
    ]);
  });

  test("documents: the writer must be the document's actor or updatedBy (unless server admin)", () => {
    run([
      { name: 'lead by someone else', doc: lead({ updatedBy: 'mike' }), by: writer('sam'), code: 'doc/forbidden' },
      { name: 'note in another name', doc: note, by: writer('mike'), code: 'doc/forbidden' },
      { name: 'event in another name', doc: event('event:1', NOW + DAY, { createdBy: 'mike' }), by: writer('sam'), code: 'doc/forbidden' },
      { name: 'server admin may seed', doc: lead({ updatedBy: 'mike' }), by: serverAdmin, code: null },
      { name: 'own note', doc: note, by: writer('sam'), code: null },
    ]);
  });

  test("documents: audit, note, progress-pass, merge and rejection entries are append-only (another person's notes included)", () => {
    run([
      { name: 'audit changed', old: audit, doc: { ...audit, changes: {} }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'own note edited', old: note, doc: { ...note, text: 'edited' }, by: writer('sam'), code: 'doc/immutable' },
      { name: "another person's note edited", old: note, doc: { ...note, text: 'edited', actorId: 'mike' }, by: writer('mike'), code: 'doc/immutable' },
      { name: 'pass changed', old: pass, doc: { ...pass, action: 'cleared' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'merge changed', old: merge, doc: { ...merge, keptValue: 'cold' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'rejection changed', old: rejection, doc: { ...rejection, reason: 'ok' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'note deleted', old: note, doc: { ...note, _deleted: true }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'same content again (replay)', old: { ...note, _rev: '1-a' }, doc: { ...note, _rev: '2-b' }, by: writer('sam'), code: null },
      { name: 'server admin may repair', old: note, doc: { ...note, text: 'fixed' }, by: serverAdmin, code: null },
    ]);
  });

  test('documents: a close request leaves pending once, to approved or declined by a manager, or withdrawn by its requester', () => {
    run([
      { name: 'created by a member of the role', doc: request, by: writer('rita'), policy: withPermission, code: null },
      { name: 'created decided', doc: decided('approved', 'rita'), by: writer('rita'), code: 'doc/invalid' },
      { name: 'created by a user outside the role', doc: { ...request, actorId: 'sam' }, by: writer('sam'), code: 'auth/not-permitted' },
      { name: 'approved by a manager', old: request, doc: decided('approved', 'mike'), by: writer('mike'), code: null },
      { name: 'declined by an admin', old: request, doc: { ...decided('declined', 'ada'), declineReason: 'no' }, by: writer('ada'), code: null },
      { name: 'approved by a non-manager', old: request, doc: decided('approved', 'tom'), by: writer('tom'), code: 'auth/not-manager' },
      { name: 'approved by its own requester', old: request, doc: decided('approved', 'rita'), by: writer('rita'), code: 'auth/not-manager' },
      { name: 'decided twice', old: decided('approved', 'mike'), doc: decided('declined', 'nora'), by: writer('nora'), code: 'request/already-decided' },
      { name: 'back to pending', old: decided('declined', 'mike'), doc: request, by: writer('mike'), code: 'request/already-decided' },
      {
        name: 'choices changed with the decision',
        old: request,
        doc: { ...decided('approved', 'mike'), choices: { ...request.choices, reasonId: 'duplicate' } },
        by: writer('mike'),
        code: 'doc/immutable',
      },
      { name: 'decidedBy someone else', old: request, doc: decided('approved', 'nora'), by: writer('mike'), code: 'doc/forbidden' },
      { name: 'withdrawn by its requester', old: request, doc: decided('withdrawn', 'rita'), by: writer('rita'), code: null },
      { name: 'withdrawn by a manager', old: request, doc: decided('withdrawn', 'mike'), by: writer('mike'), code: 'auth/not-permitted' },
    ]);
  });

  test('documents: a notification changes only its readAt, and only by its recipient', () => {
    run([
      { name: 'read by the recipient', old: notice, doc: { ...notice, readAt: NOW }, by: writer('nora'), code: null },
      { name: 'read by someone else', old: notice, doc: { ...notice, readAt: NOW }, by: writer('olga'), code: 'auth/not-permitted' },
      { name: 'data changed', old: notice, doc: { ...notice, readAt: NOW, data: {} }, by: writer('nora'), code: 'doc/immutable' },
      { name: 'created already read', doc: { ...notice, readAt: NOW }, by: writer('sam'), code: 'doc/invalid' },
    ]);
  });

  test("documents: closing lost without permission is refused when the company defined 'close-lead-lost-permission'", () => {
    const open = lead();
    run([
      { name: 'anyone closes when the role is not defined', old: open, doc: closedLost('sam'), by: writer('sam'), code: null },
      { name: 'user outside the role closes', old: open, doc: closedLost('sam'), by: writer('sam'), policy: withPermission, code: 'auth/not-permitted' },
      { name: 'member of the role closes', old: open, doc: closedLost('rita'), by: writer('rita'), policy: withPermission, code: 'auth/not-permitted' },
      {
        name: 'member sets closeRequestId',
        old: open,
        doc: lead({ closeRequestId: 'activity:c:close-request', updatedBy: 'rita' }),
        by: writer('rita'),
        policy: withPermission,
        code: null,
      },
      {
        name: 'member clears it (withdraw)',
        old: lead({ closeRequestId: 'activity:c:close-request' }),
        doc: lead({ updatedBy: 'rita' }),
        by: writer('rita'),
        policy: withPermission,
        code: null,
      },
      {
        name: 'outsider sets closeRequestId',
        old: open,
        doc: lead({ closeRequestId: 'activity:c:close-request', updatedBy: 'sam' }),
        by: writer('sam'),
        policy: withPermission,
        code: 'auth/not-permitted',
      },
      { name: 'manager closes', old: open, doc: closedLost('mike'), by: writer('mike'), policy: withPermission, code: null },
      { name: 'admin closes', old: open, doc: closedLost('ada'), by: writer('ada'), policy: withPermission, code: null },
      { name: 'closed in another name', old: open, doc: closedLost('mike', { updatedBy: 'sam' }), by: writer('sam'), code: 'doc/forbidden' },
      {
        name: 'an outsider edits an already closed lead without touching the close',
        old: closedLost('mike'),
        doc: closedLost('mike', { updatedBy: 'sam', interest: 'hot' }),
        by: writer('sam'),
        policy: withPermission,
        code: null,
      },
      {
        name: 'an outsider changes the reason of a closed lead',
        old: closedLost('mike'),
        doc: closedLost('mike', { updatedBy: 'sam', closeReasonId: 'no-response' }),
        by: writer('sam'),
        policy: withPermission,
        code: 'auth/not-permitted',
      },
      {
        name: 'closing won needs no permission',
        old: open,
        doc: lead({ status: 'closed', outcome: 'won', closedBy: 'sam', closedAt: NOW }),
        by: writer('sam'),
        policy: withPermission,
        code: null,
      },
    ]);
  });

  test('documents: closing lost needs the mandatory fields and a reason from the company list', () => {
    const open = lead();
    run([
      { name: 'reason required by default', old: open, doc: closedLost('sam', { closeReasonId: '' }), by: writer('sam'), code: 'close/reason-required' },
      {
        name: 'reason optional when the company removed it',
        old: open,
        doc: closedLost('sam', { closeReasonId: '' }),
        by: writer('sam'),
        policy: mandatory([]),
        code: null,
      },
      {
        name: 'notes required',
        old: open,
        doc: closedLost('sam', { closeNotes: ' ' }),
        by: writer('sam'),
        policy: mandatory(['reason', 'notes']),
        code: 'close/notes-required',
      },
      { name: 'notes given', old: open, doc: closedLost('sam', { closeNotes: 'gone' }), by: writer('sam'), policy: mandatory(['reason', 'notes']), code: null },
      { name: 'follow-up required', old: open, doc: closedLost('sam'), by: writer('sam'), policy: mandatory(['followUp']), code: 'close/follow-up-required' },
      {
        name: 'follow-up given',
        old: open,
        doc: closedLost('sam', { closeFollowUpAt: NOW + DAY }),
        by: writer('sam'),
        policy: mandatory(['followUp']),
        code: null,
      },
      { name: 'reason not in the list', old: open, doc: closedLost('sam', { closeReasonId: 'aliens' }), by: writer('sam'), code: 'close/reason-unknown' },
      {
        name: 'a retired reason still closes (approved request)',
        old: open,
        doc: closedLost('sam'),
        by: writer('sam'),
        policy: policy({ lostReasons: policy().lostReasons.map((r) => ({ ...r, retired: true })) }),
        code: null,
      },
      { name: 'created closed lost without a reason', doc: closedLost('sam', { closeReasonId: '' }), by: writer('sam'), code: 'close/reason-required' },
    ]);
  });

  test('documents: a progress pass without a note is refused when the company made the note mandatory', () => {
    const strict = mandatory(['reason'], true);
    run([
      { name: 'no note, mandatory', doc: pass, by: writer('sam'), policy: strict, code: 'progress/note-required' },
      { name: 'bulk, no note, mandatory', doc: { ...pass, via: 'bulk' }, by: writer('sam'), policy: strict, code: 'progress/note-required' },
      { name: 'with a note', doc: { ...pass, note: 'called' }, by: writer('sam'), policy: strict, code: null },
      { name: 'no note, optional', doc: pass, by: writer('sam'), code: null },
      { name: 'side effect of a test drive', doc: { ...pass, via: 'test-drive' }, by: writer('sam'), policy: strict, code: null },
    ]);
  });

  test('documents: reopening by a non-manager is refused', () => {
    run([
      { name: 'salesperson reopens', old: closedLost('sam'), doc: lead({ updatedBy: 'sam' }), by: writer('sam'), code: 'auth/not-manager' },
      { name: 'manager reopens', old: closedLost('sam'), doc: lead({ updatedBy: 'mike' }), by: writer('mike'), code: null },
    ]);
  });

  test('documents: policy and user documents are written by admins only', () => {
    const zoe = { ...USERS[0]!, id: 'user:zoe', userId: 'zoe' };
    run([
      { name: 'policy by a manager', doc: { ...policy(), companyName: 'X' }, old: policy(), by: writer('mike'), code: 'auth/not-admin' },
      { name: 'policy by an admin', doc: { ...policy(), companyName: 'X' }, old: policy(), by: writer('ada'), code: null },
      { name: 'policy by the server admin', doc: policy(), by: serverAdmin, code: null },
      {
        name: 'user by a salesperson (promoting themselves)',
        old: USERS[0],
        doc: { ...USERS[0]!, roles: ['admin'] },
        by: writer('sam'),
        code: 'auth/not-admin',
      },
      { name: 'user by an admin', doc: zoe, by: writer('ada'), code: null },
    ]);
  });

  test('documents: a calendar event may only be completed or rescheduled, and a completion only moves earlier', () => {
    const open = event('event:1', NOW + DAY);
    const done = { ...open, completedAt: NOW, completedBy: 'mike', updatedAt: NOW };
    run([
      { name: 'completed by the writer', old: open, doc: { ...done, completedBy: 'sam' }, by: writer('sam'), code: null },
      { name: 'completed in another name', old: open, doc: done, by: writer('sam'), code: 'doc/forbidden' },
      { name: 'creator changed', old: open, doc: { ...open, createdBy: 'mike' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'event type changed', old: open, doc: { ...open, eventType: 'call' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'un-completed', old: done, doc: open, by: writer('sam'), code: 'doc/immutable' },
      { name: 'an earlier completion (merge)', old: done, doc: { ...done, completedAt: NOW - 5, completedBy: 'sam' }, by: writer('sam'), code: null },
      { name: 'a later completion', old: done, doc: { ...done, completedAt: NOW + 5, completedBy: 'sam' }, by: writer('sam'), code: 'doc/immutable' },
      { name: 'deleted', old: open, doc: { id: open.id, _deleted: true }, by: writer('sam'), code: 'doc/immutable' },
    ]);
  });

  test('documents: an incomplete event is rescheduled (due date, title, notes) by its creator, assignee, a salesperson or a manager, to a possible date', () => {
    const mine = event('event:1', NOW + DAY, { createdBy: 'mike', assigneeId: 'rita' });
    const moved = (extra = {}) => ({ ...mine, dueAt: NOW + 3 * DAY, updatedAt: NOW, commandId: 'c-2', ...extra });
    const done = { ...mine, completedAt: NOW, completedBy: 'rita', updatedAt: NOW };
    const clerk = { userId: 'cleo', roles: ['receive-closed-lead-as-lost-notification'], isAdmin: false };
    run([
      { name: 'moved by its creator', old: mine, doc: moved(), by: writer('mike'), code: null },
      { name: 'moved by its assignee', old: mine, doc: moved({ title: 'Call about finance', notes: 'after 5pm' }), by: writer('rita'), code: null },
      { name: "moved by a salesperson (possibly the lead's)", old: mine, doc: moved(), by: writer('sam'), code: null },
      { name: 'moved by a manager', old: mine, doc: moved(), by: writer('nora'), code: null },
      { name: 'moved by a user who is none of them', old: mine, doc: moved(), by: clerk, code: 'auth/not-permitted' },
      {
        name: 'moved by a non-salesperson who is its assignee',
        old: { ...mine, assigneeId: 'cleo' },
        doc: moved({ assigneeId: 'cleo' }),
        by: clerk,
        code: null,
      },
      { name: 'moved by a non-salesperson who created it', old: { ...mine, createdBy: 'cleo' }, doc: moved({ createdBy: 'cleo' }), by: clerk, code: null },
      { name: 'a completed event moved', old: done, doc: { ...done, dueAt: NOW + 3 * DAY }, by: writer('mike'), code: 'doc/immutable' },
      { name: 'moved and completed at once', old: mine, doc: moved({ completedAt: NOW, completedBy: 'rita' }), by: writer('rita'), code: null },
      { name: 'moved to the year 10000', old: mine, doc: moved({ dueAt: Date.UTC(10000, 0, 1) }), by: writer('mike'), code: 'input/date-invalid' },
      { name: 'moved to a fraction of a millisecond', old: mine, doc: moved({ dueAt: NOW + 0.5 }), by: writer('mike'), code: 'input/date-invalid' },
      { name: 'moved before 2000', old: mine, doc: moved({ dueAt: Date.UTC(1999, 11, 31) }), by: writer('mike'), code: 'input/date-invalid' },
      { name: 'created in the year 10000', doc: event('event:2', Date.UTC(10000, 0, 1)), by: writer('sam'), code: 'input/date-invalid' },
      { name: 'created at a negative date, even by the server admin', doc: event('event:2', -1), by: serverAdmin, code: 'input/date-invalid' },
      {
        name: 'an old event with an odd date is still completed',
        old: event('event:3', 5),
        doc: { ...event('event:3', 5), completedAt: NOW, completedBy: 'sam' },
        by: writer('sam'),
        code: null,
      },
    ]);
  });

  test('documents: every document decide() writes passes the backstop for its actor', () => {
    const s = (o: Partial<DecisionState> = {}) => state(o);
    const permission = policy({
      definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'],
      mandatory: { closeLost: ['reason', 'notes'], progressNote: true },
    });
    const events = [event('event:a', NOW - DAY), event('event:b', NOW + DAY)];
    const choices = { ...defaultCloseLostChoices(permission), reasonId: 'price', notes: 'gone', completeAllEvents: true, followUpAt: NOW + 9 * DAY };
    const requested = mustOk(decide({ type: 'close-lost', leadId: 'lead:1', choices }, s({ policy: permission, events }), ctx('rita', 'r-1')));
    const req = requested.activity.find((a) => a.kind === 'close-request') as CloseRequest;
    const cases: Array<[Command, DecisionState, string]> = [
      [
        { type: 'create-lead', lead: { customer: { name: 'A', email: '', phone: '' }, vehicle: 'V', source: 'S', salespersonId: 'sam' } },
        s({ lead: undefined }),
        'sam',
      ],
      [{ type: 'close-lost', leadId: 'lead:1', choices }, s({ policy: permission, events }), 'mike'],
      [{ type: 'close-lost', leadId: 'lead:1', choices }, s({ policy: permission, events }), 'rita'],
      [
        { type: 'decide-close-request', requestId: req.id, decision: 'approve' },
        s({ policy: permission, events, request: req, lead: requested.leads[0] }),
        'nora',
      ],
      [
        { type: 'decide-close-request', requestId: req.id, decision: 'decline', declineReason: 'no' },
        s({ policy: permission, request: req, lead: requested.leads[0] }),
        'mike',
      ],
      [{ type: 'withdraw-close-request', requestId: req.id }, s({ policy: permission, request: req, lead: requested.leads[0] }), 'rita'],
      [{ type: 'update-progress', leadId: 'lead:1', update: { check: ['finance', 'sold'], clear: [], note: 'ok' } }, s({ policy: permission }), 'sam'],
      [{ type: 'record-response', leadId: 'lead:1', kind: 'test-drive', notes: '', updateProgress: true }, s({ policy: permission }), 'sam'],
      [
        {
          type: 'close-won',
          leadId: 'lead:1',
          choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: NOW + DAY },
        },
        s({ events }),
        'sam',
      ],
      [{ type: 'reopen', leadId: 'lead:1' }, s({ lead: closedLost('sam') }), 'mike'],
      [{ type: 'complete-events', leadId: 'lead:1', eventIds: ['event:a'] }, s({ events }), 'sam'],
      [{ type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: 'Call', dueAt: NOW + DAY } }, s(), 'sam'],
      [{ type: 'reschedule-event', leadId: 'lead:1', eventId: 'event:b', dueAt: NOW + 4 * DAY, title: 'Call back', notes: 'n' }, s({ events }), 'sam'],
      [{ type: 'reschedule-event', leadId: 'lead:1', eventId: 'event:b', dueAt: NOW + 4 * DAY }, s({ events }), 'mike'],
      [{ type: 'mark-notification-read', notificationId: notice.id }, s({ notification: notice }), 'nora'],
      [{ type: 'update-policy', policy: (({ id: _a, type: _b, dealershipId: _c, updatedAt: _d, updatedBy: _e, stamp: _f, ...p }) => p)(policy()) }, s(), 'ada'],
      [{ type: 'upsert-user', user: { userId: 'zoe', name: 'Zoe', email: '', roles: ['salesperson'], managerId: '', active: true } }, s(), 'ada'],
    ];
    for (const [command, st, who] of cases) {
      const cs: ChangeSet = mustOk(decide(command, st, ctx(who, `k-${command.type}`)));
      const olds = new Map<string, unknown>([
        ...(st.lead ? [[st.lead.id, st.lead] as const] : []),
        ...(st.events ?? []).map((e) => [e.id, e] as const),
        ...(st.request ? [[st.request.id, st.request] as const] : []),
        ...(st.notification ? [[st.notification.id, st.notification] as const] : []),
        ['policy', st.policy],
      ]);
      const docs = [...cs.leads, ...cs.events, ...cs.activity, ...cs.users, ...(cs.policy ? [cs.policy] : [])];
      for (const doc of docs) {
        const got = validateDocumentWrite(olds.get(doc.id) ?? null, doc, writer(who), st.policy);
        assert.equal(got, null, `${command.type} by ${who}: ${doc.id}: ${got?.code} ${got?.message}`);
      }
    }
  });

  test("documents: a close-lost's audit entry, note, notices and follow-up need the same permission as the close, when the company defined 'close-lead-lost-permission'", () => {
    const notify = withPermission.definedRoles.concat('receive-closed-lead-as-lost-notification');
    const strict = policy({ definedRoles: notify as CompanyPolicy['definedRoles'] });
    const closeAudit = (by: string, changes: Record<string, unknown> = { status: ['open', 'closed'], reasonId: 'price' }): ActivityDoc => ({
      ...audit,
      actorId: by,
      action: 'close-lost',
      changes,
    });
    const requestAudit = (by: string) =>
      closeAudit(by, { closeRequestId: ['', 'activity:c:close-request'], mode: 'request', requestId: 'activity:c:close-request' });
    const closeNote = (by: string): ActivityDoc => ({ ...note, actorId: by, text: 'Went elsewhere', context: 'close-lost' });
    const lostNotice = (by: string, to = 'nora', data: Record<string, string> = {}): NotificationEntry => ({
      ...notice,
      id: `activity:c:notify:lead-closed-lost:${to}`,
      actorId: by,
      recipientId: to,
      data: { leadId: 'lead:1', customerName: 'Jane Doe', reasonId: 'price', reasonLabel: 'Price', closedBy: by, ...data },
    });
    const submitted = (by: string): NotificationEntry => ({
      ...notice,
      id: 'activity:c:notify:close-request-submitted:mike',
      actorId: by,
      recipientId: 'mike',
      topic: 'close-request-submitted',
      data: { leadId: 'lead:1', requestId: 'activity:c:close-request', requestedBy: by },
    });
    const followUp = (by: string, extra = {}) =>
      event('event:c:follow-up', NOW + 9 * DAY, {
        eventType: 'closed-lost-follow-up',
        title: 'Closed Lost Lead Follow Up',
        createdBy: by,
        createdAt: NOW,
        commandId: 'c',
        updatedAt: NOW,
        ...extra,
      });
    run([
      { name: 'audit of a direct close by a salesperson', doc: closeAudit('sam'), by: writer('sam'), policy: strict, code: 'auth/not-permitted' },
      {
        name: 'audit of a direct close by a member of the role (who must request)',
        doc: closeAudit('rita'),
        by: writer('rita'),
        policy: strict,
        code: 'auth/not-permitted',
      },
      { name: 'audit of a direct close by a manager', doc: closeAudit('mike'), by: writer('mike'), policy: strict, code: null },
      { name: 'audit of a direct close by an admin', doc: closeAudit('ada'), by: writer('ada'), policy: strict, code: null },
      { name: 'audit of a direct close when the role is not defined', doc: closeAudit('sam'), by: writer('sam'), code: null },
      { name: 'audit of a request by a member of the role', doc: requestAudit('rita'), by: writer('rita'), policy: strict, code: null },
      { name: 'audit of a request by a salesperson outside the role', doc: requestAudit('sam'), by: writer('sam'), policy: strict, code: 'auth/not-permitted' },
      { name: 'audit of another action by a salesperson', doc: { ...closeAudit('sam'), action: 'close-won' }, by: writer('sam'), policy: strict, code: null },
      { name: 'close note by a salesperson', doc: closeNote('sam'), by: writer('sam'), policy: strict, code: 'auth/not-permitted' },
      { name: 'close note by a member of the role', doc: closeNote('rita'), by: writer('rita'), policy: strict, code: 'auth/not-permitted' },
      { name: 'close note by a manager (a close or an approval)', doc: closeNote('mike'), by: writer('mike'), policy: strict, code: null },
      { name: 'close note when the role is not defined', doc: closeNote('sam'), by: writer('sam'), code: null },
      { name: 'an ordinary note by a salesperson', doc: { ...closeNote('sam'), context: 'note' }, by: writer('sam'), policy: strict, code: null },
      { name: "'closed as lost' notice by a salesperson", doc: lostNotice('sam'), by: writer('sam'), policy: strict, code: 'auth/not-permitted' },
      { name: "'closed as lost' notice by a member of the role", doc: lostNotice('rita'), by: writer('rita'), policy: strict, code: 'auth/not-permitted' },
      { name: "'closed as lost' notice by a manager", doc: lostNotice('mike'), by: writer('mike'), policy: strict, code: null },
      {
        name: "'closed as lost' notice of an approval",
        doc: lostNotice('nora', 'olga', { requestId: 'activity:r:close-request' }),
        by: writer('nora'),
        policy: strict,
        code: null,
      },
      { name: "'close request submitted' notice by a member of the role", doc: submitted('rita'), by: writer('rita'), policy: strict, code: null },
      {
        name: "'close request submitted' notice by a salesperson outside the role",
        doc: submitted('sam'),
        by: writer('sam'),
        policy: strict,
        code: 'auth/not-permitted',
      },
      { name: "a close's follow-up by a salesperson", doc: followUp('sam'), by: writer('sam'), policy: strict, code: 'auth/not-permitted' },
      { name: "a close's follow-up by a member of the role", doc: followUp('rita'), by: writer('rita'), policy: strict, code: 'auth/not-permitted' },
      { name: "a close's follow-up by a manager", doc: followUp('mike'), by: writer('mike'), policy: strict, code: null },
      { name: "a close's follow-up when the role is not defined", doc: followUp('sam'), by: writer('sam'), code: null },
      {
        name: "a 'Closed Lost Lead Follow Up' a salesperson schedules (schedule-event)",
        doc: followUp('sam', { id: 'event:c' }),
        by: writer('sam'),
        policy: strict,
        code: null,
      },
      {
        name: "a close won's follow-up by a salesperson",
        doc: followUp('sam', { eventType: 'post-sale-follow-up' }),
        by: writer('sam'),
        policy: strict,
        code: null,
      },
      { name: 'the server admin seeds a close by a salesperson', doc: closeAudit('sam'), by: serverAdmin, policy: strict, code: null },
      {
        name: 'the recipient reads a notice of a close (an update)',
        old: lostNotice('mike'),
        doc: { ...lostNotice('mike'), readAt: NOW },
        by: writer('nora'),
        policy: strict,
        code: null,
      },
    ]);
  });

  test("documents: a 'closed as lost' notice is the closer's, about its lead, to someone else, with a reason the lead could carry (whether or not the role is defined)", () => {
    const lostNotice = (data: Record<string, string> = {}, extra: Partial<NotificationEntry> = {}): NotificationEntry => ({
      ...notice,
      data: { leadId: 'lead:1', customerName: 'Jane Doe', reasonId: 'price', reasonLabel: 'Price', closedBy: 'sam', ...data },
      ...extra,
    });
    run([
      { name: 'sent by its closer', doc: lostNotice(), by: writer('sam'), code: null },
      { name: 'in the name of another closer', doc: lostNotice({ closedBy: 'mike' }), by: writer('sam'), code: 'doc/forbidden' },
      { name: 'written as another actor', doc: lostNotice({ closedBy: 'mike' }, { actorId: 'mike' }), by: writer('sam'), code: 'doc/forbidden' },
      { name: 'about another lead than the one it is on', doc: lostNotice({ leadId: 'lead:2' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'on no lead', doc: lostNotice({ leadId: '' }, { leadId: '' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'without its data', doc: lostNotice({}, { data: {} }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'to its own closer', doc: lostNotice({}, { recipientId: 'sam' }), by: writer('sam'), code: 'doc/invalid' },
      { name: 'with a reason not in the list', doc: lostNotice({ reasonId: 'aliens' }), by: writer('sam'), code: 'close/reason-unknown' },
      { name: 'without a reason, which the company requires', doc: lostNotice({ reasonId: '' }), by: writer('sam'), code: 'close/reason-required' },
      { name: 'without a reason, which the company made optional', doc: lostNotice({ reasonId: '' }), by: writer('sam'), policy: mandatory([]), code: null },
    ]);
  });

  test('documents: a close lost decided on a device with an old policy leaves nothing new on the server once the company requires the permission (only its event completions pass)', () => {
    const old = policy({ definedRoles: ['receive-closed-lead-as-lost-notification'] });
    const tightened = policy({ definedRoles: ['receive-closed-lead-as-lost-notification', 'close-lead-lost-permission'] });
    const events = [event('event:a', NOW - DAY), event('event:b', NOW + DAY)];
    const choices = { ...defaultCloseLostChoices(old), reasonId: 'price', notes: 'Found it cheaper', completeAllEvents: true, followUpAt: NOW + 9 * DAY };
    for (const who of ['sam', 'rita']) {
      const cs = mustOk(decide({ type: 'close-lost', leadId: 'lead:1', choices }, state({ policy: old, events }), ctx(who, `stale-${who}`)));
      const created = [...cs.leads, ...cs.events.filter((e) => !events.some((x) => x.id === e.id)), ...cs.activity];
      assert.deepEqual(
        created.map((d) => ('kind' in d ? d.kind : d.type)).sort(),
        ['audit', 'event', 'lead', 'note', 'notification', 'notification'],
        `${who}: the close writes the lead, its audit, note, notices and follow-up`,
      );
      const olds = new Map<string, unknown>([['lead:1', lead()], ...events.map((e) => [e.id, e] as const)]);
      for (const doc of created) {
        const got = validateDocumentWrite(olds.get(doc.id) ?? null, doc, writer(who), tightened);
        assert.equal(got?.code, 'auth/not-permitted', `${who}: ${doc.id} is refused`);
        judged.push({
          row: { name: `stale close by ${who}: ${doc.id}`, old: olds.get(doc.id) ?? null, doc, by: writer(who), code: 'auth/not-permitted' },
          policy: tightened,
          code: 'auth/not-permitted',
        });
      }
      for (const doc of cs.events.filter((e) => events.some((x) => x.id === e.id))) {
        assert.equal(validateDocumentWrite(olds.get(doc.id), doc, writer(who), tightened), null, `${who}: completing ${doc.id} is an ordinary completion`);
      }
    }
  });

  test('documents: validateDocumentWrite runs with only ES5 built-ins (as in CouchDB), judging every row above the same way', async () => {
    const entry = fileURLToPath(new URL('../../../src/rules/documents.ts', import.meta.url));
    const bundled = await build({
      entryPoints: [entry],
      bundle: true,
      format: 'iife',
      globalName: 'forecourtRules',
      target: 'es2015',
      platform: 'neutral',
      write: false,
      logLevel: 'silent',
    });
    const es5 = ts.transpileModule(bundled.outputFiles[0]!.text, { compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.None } }).outputText;
    const sandbox = vm.createContext({});
    vm.runInContext(
      `(function () {
        var gone = {
          'Array.prototype': ['includes', 'find', 'findIndex', 'fill', 'flat', 'flatMap', 'entries', 'keys', 'values', 'copyWithin'],
          'Array': ['from', 'of'],
          'Object': ['entries', 'values', 'assign', 'fromEntries', 'is', 'getOwnPropertySymbols'],
          'String.prototype': ['startsWith', 'endsWith', 'includes', 'padStart', 'padEnd', 'repeat', 'codePointAt', 'trimStart', 'trimEnd', 'normalize'],
          'Number': ['isFinite', 'isInteger', 'isNaN', 'isSafeInteger'],
          'Math': ['trunc', 'sign', 'imul', 'log10'],
          'this': ['Set', 'Map', 'WeakMap', 'WeakSet', 'Symbol', 'Promise', 'Proxy', 'Reflect']
        };
        var global = this;
        for (var path in gone) {
          var target = path === 'this' ? global : path.split('.').reduce(function (o, k) { return o[k]; }, global);
          for (var i = 0; i < gone[path].length; i++) { delete target[gone[path][i]]; if (gone[path][i] in target) throw new Error('could not delete ' + path + '.' + gone[path][i]); }
        }
      })();`,
      sandbox,
    );
    assert.equal(
      vm.runInContext('typeof Set + typeof Array.prototype.includes + typeof Object.assign + typeof Number.isFinite', sandbox),
      'undefinedundefinedundefinedundefined',
    );
    vm.runInContext(es5, sandbox);
    assert.ok(judged.length > 80, `${judged.length} rows to replay`);
    for (const { row, policy: p, code } of judged) {
      sandbox.input = JSON.stringify([row.old ?? null, row.doc, row.by, p]);
      const out = vm.runInContext('var a = JSON.parse(input); JSON.stringify(forecourtRules.validateDocumentWrite(a[0], a[1], a[2], a[3]))', sandbox) as string;
      const got = JSON.parse(out) as { code: string } | null;
      assert.equal(got ? got.code : null, code, `${row.name} in the ES5 sandbox`);
    }
  });
});
