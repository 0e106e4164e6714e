import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloseLostChoices, CloseRequest } from '../../../src/model/index.js';
import { decide, requiredState } from '../../../src/rules/index.js';
import { DAY, NOW, audits, ctx, event, lead, mustFail, mustOk, ofKind, onlyLead, policy, state } from './fixtures.js';

const requestChoices: CloseLostChoices = {
  reasonId: 'delayed-purchase',
  completeOverdueEvents: true,
  completeAllEvents: true,
  notes: 'Job situation changed, back in 12 months',
  contactGroups: ['future-prospects'],
  followUpAt: NOW + 365 * DAY,
};

function pendingRequest(overrides: Partial<CloseRequest> = {}): CloseRequest {
  return {
    id: 'activity:req-cmd:close-request',
    type: 'activity',
    dealershipId: 'dealer-1',
    kind: 'close-request',
    leadId: 'lead:1',
    actorId: 'rita',
    deviceId: 'device-rita',
    commandId: 'req-cmd',
    at: NOW - DAY,
    choices: requestChoices,
    managerId: 'mike',
    status: 'pending',
    decidedBy: '',
    decidedAt: 0,
    declineReason: '',
    decisionCommandId: '',
    ...overrides,
  };
}

const permissionPolicy = () => policy({ definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] });
const requestedState = (overrides = {}) =>
  state({
    policy: permissionPolicy(),
    lead: lead({ closeRequestId: 'activity:req-cmd:close-request' }),
    request: pendingRequest(),
    events: [event('event:overdue', NOW - 3 * DAY), event('event:future', NOW + 10 * DAY)],
    ...overrides,
  });
const approve = { type: 'decide-close-request' as const, requestId: 'activity:req-cmd:close-request', decision: 'approve' as const };
const decline = {
  type: 'decide-close-request' as const,
  requestId: 'activity:req-cmd:close-request',
  decision: 'decline' as const,
  declineReason: 'Try the finance offer first',
};

describe('close request', () => {
  test("contract 3: the manager approves and the lead closes with the request's choices", () => {
    const cs = mustOk(decide(approve, requestedState(), ctx('mike', 'dec-1')));
    const l = onlyLead(cs);
    assert.equal(l.status, 'closed');
    assert.equal(l.outcome, 'lost');
    assert.equal(l.closeReasonId, 'delayed-purchase');
    assert.equal(l.closeNotes, requestChoices.notes);
    assert.equal(l.closeFollowUpAt, requestChoices.followUpAt);
    assert.equal(l.closeRequestId, '');
    assert.deepEqual(l.contactGroups, ['future-prospects']);
    assert.deepEqual(
      cs.events.map((e) => e.id).sort(),
      ['event:dec-1:follow-up', 'event:future', 'event:overdue'],
      'all incomplete completed, follow-up created',
    );
    assert.equal(cs.events.find((e) => e.id === 'event:dec-1:follow-up')!.eventType, 'closed-lost-follow-up');
    assert.equal(ofKind(cs, 'note')[0]!.text, requestChoices.notes);
    const [decided] = ofKind(cs, 'close-request');
    assert.equal(decided!.status, 'approved');
    assert.equal(decided!.decidedBy, 'mike');
    assert.equal(decided!.decidedAt, NOW);
    assert.equal(decided!.decisionCommandId, 'dec-1');
    assert.deepEqual(decided!.choices, requestChoices, 'the request itself is unchanged apart from the decision');
    assert.equal(cs.outcome.outcome, 'closed');
  });

  test('close request: approval applies exactly the request choices even if the follow-up date has passed meanwhile', () => {
    const req = pendingRequest({ choices: { ...requestChoices, followUpAt: NOW - 5 * DAY } });
    const cs = mustOk(decide(approve, requestedState({ request: req }), ctx('mike', 'dec-1')));
    assert.equal(cs.events.find((e) => e.id === 'event:dec-1:follow-up')!.dueAt, NOW - 5 * DAY);
  });

  test('close request: approval notifies the requester and the notification role, never the approver', () => {
    const cs = mustOk(decide(approve, requestedState(), ctx('nora', 'dec-1')));
    const got = ofKind(cs, 'notification').map((n) => [n.recipientId, n.topic]);
    assert.deepEqual(got, [
      ['olga', 'lead-closed-lost'],
      ['rita', 'close-request-approved'],
    ]);
    assert.equal(onlyLead(cs).closedBy, 'nora', 'the approver is the one who closed it');
  });

  test('contract 3: the manager declines, the lead stays open and the requester is told', () => {
    const cs = mustOk(decide(decline, requestedState(), ctx('mike', 'dec-2')));
    const l = onlyLead(cs);
    assert.equal(l.status, 'open');
    assert.equal(l.closeRequestId, '');
    assert.equal(l.closeReasonId, '');
    assert.deepEqual(cs.events, [], 'no event is touched');
    const [decided] = ofKind(cs, 'close-request');
    assert.equal(decided!.status, 'declined');
    assert.equal(decided!.declineReason, 'Try the finance offer first');
    const notes = ofKind(cs, 'notification');
    assert.deepEqual(
      notes.map((n) => [n.recipientId, n.topic]),
      [['rita', 'close-request-declined']],
    );
    assert.equal(notes[0]!.data.declineReason, 'Try the finance offer first');
    assert.equal(cs.outcome.outcome, 'declined');
  });

  test('close request: a request is decided once; a second decision is refused', () => {
    for (const status of ['approved', 'declined', 'withdrawn'] as const) {
      mustFail(decide(approve, requestedState({ request: pendingRequest({ status }) }), ctx('mike')), 'request/already-decided');
    }
  });

  test('close request: only a manager or admin decides a request', () => {
    mustFail(decide(approve, requestedState(), ctx('rita')), 'auth/not-manager');
    mustFail(decide(decline, requestedState(), ctx('sam')), 'auth/not-manager');
    assert.equal(decide(approve, requestedState(), ctx('ada')).ok, true);
    assert.equal(decide(approve, requestedState(), ctx('olga')).ok, true, 'any manager of the dealership, not only the named one');
  });

  test('close request: unknown request and over-long decline reason are refused', () => {
    mustFail(decide({ ...approve, requestId: 'activity:x:close-request' }, requestedState(), ctx('mike')), 'request/not-found');
    mustFail(decide({ ...decline, declineReason: 'x'.repeat(501) }, requestedState(), ctx('mike')), 'input/text-too-long');
  });

  test('close request: the requester may withdraw their pending request; nobody else can', () => {
    const withdraw = { type: 'withdraw-close-request' as const, requestId: 'activity:req-cmd:close-request' };
    mustFail(decide(withdraw, requestedState(), ctx('tom')), 'auth/not-permitted');
    mustFail(decide(withdraw, requestedState(), ctx('mike')), 'auth/not-permitted');
    const cs = mustOk(decide(withdraw, requestedState(), ctx('rita', 'w-1')));
    assert.equal(ofKind(cs, 'close-request')[0]!.status, 'withdrawn');
    assert.equal(onlyLead(cs).closeRequestId, '');
    assert.equal(onlyLead(cs).status, 'open');
    assert.equal(audits(cs).length, 1);
  });

  test('close request: the store is told to load the request (then its lead) to decide it', () => {
    assert.deepEqual(requiredState(approve), { requestId: approve.requestId });
    assert.deepEqual(requiredState({ type: 'close-lost', leadId: 'lead:1', choices: requestChoices }), { leadId: 'lead:1' });
    assert.deepEqual(requiredState({ type: 'mark-notification-read', notificationId: 'activity:n' }), { notificationId: 'activity:n' });
  });

  test('close request: each decision emits exactly one audit entry on the lead', () => {
    for (const cmd of [approve, decline]) {
      const a = audits(mustOk(decide(cmd, requestedState(), ctx('mike', 'dec-9'))));
      assert.equal(a.length, 1);
      assert.equal(a[0]!.leadId, 'lead:1');
      assert.equal(a[0]!.action, 'decide-close-request');
      assert.equal(a[0]!.changes.requestedBy, 'rita');
    }
  });
});
