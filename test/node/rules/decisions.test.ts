/**
 * Two decisions of one close request made before either device heard of the other: the request
 * keeps one (the earlier), and every document of the other decision (audit, notifications, an
 * approval's close note) reads as overruled, whatever order the documents arrive in.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityDoc, ChangeSet, CloseLostChoices, CloseRequest, Command, NotificationEntry } from '../../../src/model/index.js';
import {
  decide,
  decisionRequestId,
  mergeActivity,
  mergeLeads,
  overruledBy,
  overruledDecisions,
  reopenAfterOverruledApproval,
} from '../../../src/rules/index.js';
import { DAY, NOW, ctx, lead, mustOk, ofKind, onlyLead, policy, state } from './fixtures.js';

const REQUEST_ID = 'activity:req-cmd:close-request';
const choices: CloseLostChoices = {
  reasonId: 'price',
  completeOverdueEvents: true,
  completeAllEvents: false,
  notes: 'Found it cheaper elsewhere',
  contactGroups: [],
  followUpAt: null,
};

const pending: CloseRequest = {
  id: REQUEST_ID,
  type: 'activity',
  dealershipId: 'dealer-1',
  kind: 'close-request',
  leadId: 'lead:1',
  actorId: 'rita',
  deviceId: 'device-rita',
  commandId: 'req-cmd',
  at: NOW - DAY,
  choices,
  managerId: 'mike',
  status: 'pending',
  decidedBy: '',
  decidedAt: 0,
  declineReason: '',
  decisionCommandId: '',
};

/** The state both devices decided on: rita's request pending, nora and olga in the notification role. */
const requested = () =>
  state({
    policy: policy({ definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] }),
    lead: lead({ closeRequestId: REQUEST_ID, clock: { closeRequestId: { at: NOW - DAY, deviceId: 'device-rita', by: 'rita' } } }),
    request: pending,
  });

interface Decision {
  name: string;
  by: string;
  command: Command;
}
const APPROVE: Decision = { name: 'approve', by: 'mike', command: { type: 'decide-close-request', requestId: REQUEST_ID, decision: 'approve' } };
const DECLINE: Decision = {
  name: 'decline',
  by: 'nora',
  command: { type: 'decide-close-request', requestId: REQUEST_ID, decision: 'decline', declineReason: 'Call the customer once more' },
};
const WITHDRAW: Decision = { name: 'withdraw', by: 'rita', command: { type: 'withdraw-close-request', requestId: REQUEST_ID } };

/** One device's decision, made at `at` on the shared state (it has not heard of the other). */
function made(d: Decision, commandId: string, at: number): ChangeSet {
  return mustOk(decide(d.command, requested(), ctx(d.by, commandId, at)));
}
const requestIn = (cs: ChangeSet): CloseRequest => ofKind(cs, 'close-request')[0]!;
/** Every decision document of a change set (what the reader judges), by id. */
const judged = (cs: ChangeSet): ActivityDoc[] => cs.activity.filter((a) => decisionRequestId(a) === REQUEST_ID);

describe('close request decided on two devices', () => {
  const table: Array<{ first: Decision; second: Decision }> = [
    { first: APPROVE, second: DECLINE },
    { first: DECLINE, second: APPROVE },
    { first: APPROVE, second: WITHDRAW },
    { first: WITHDRAW, second: APPROVE },
    { first: DECLINE, second: WITHDRAW },
  ];
  for (const { first, second } of table) {
    test(`${first.name} (earlier) and ${second.name} (later): the request keeps the ${first.name}, and only the ${second.name}'s documents read as overruled, in any order`, () => {
      const a = made(first, 'dec-first', NOW);
      const b = made(second, 'dec-second', NOW + 60_000);
      const merged = mergeActivity(requestIn(a), requestIn(b)) as CloseRequest;
      assert.deepEqual(mergeActivity(requestIn(b), requestIn(a)), merged, 'the merge is the same both ways');
      assert.equal(merged.decisionCommandId, 'dec-first', 'the earlier decision stands');
      assert.equal(merged.decidedBy, first.by);

      assert.ok(judged(b).length > 0, `the ${second.name} wrote documents a reader judges`);
      const everything = [...a.activity, ...b.activity].filter((x) => x.kind !== 'close-request');
      // The reader's view on a device holding the merged request, whatever order the rest arrived in.
      for (const docs of [everything, [...everything].reverse()]) {
        const overruled = overruledDecisions([...docs, merged]);
        assert.deepEqual([...overruled.keys()], ['dec-second']);
        assert.equal(overruled.get('dec-second')!.decidedBy, first.by, 'with who decided first');
      }
      for (const doc of judged(a)) assert.equal(overruledBy(doc.commandId, merged), null, `${doc.id} stands`);
      for (const doc of judged(b)) assert.equal(overruledBy(doc.commandId, merged), merged, `${doc.id} did not stand`);
    });
  }

  test('before the request arrives decided, a decision reads as standing: unknown or still pending here', () => {
    const b = made(DECLINE, 'dec-second', NOW + 60_000);
    const docs = b.activity.filter((x) => x.kind !== 'close-request');
    assert.equal(overruledDecisions(docs).size, 0, 'no request known');
    assert.equal(overruledDecisions([...docs, pending]).size, 0, 'the request still pending here');
    assert.equal(overruledDecisions([...docs, requestIn(b)]).size, 0, 'decided by this very decision');
  });

  test("an approval's notices carry the request, so the notification role's 'closed as lost' is judged too; a direct close's are not", () => {
    const approved = made(APPROVE, 'dec-a', NOW);
    const notices = ofKind(approved, 'notification');
    assert.deepEqual(
      notices.map((n) => [n.recipientId, n.topic, n.data['requestId']]),
      [
        ['nora', 'lead-closed-lost', REQUEST_ID],
        ['olga', 'lead-closed-lost', REQUEST_ID],
        ['rita', 'close-request-approved', REQUEST_ID],
      ],
    );
    const direct = mustOk(
      decide(
        { type: 'close-lost', leadId: 'lead:1', choices },
        state({ policy: policy({ definedRoles: ['receive-closed-lead-as-lost-notification'] }) }),
        ctx('sam', 'c-1'),
      ),
    );
    const closed = ofKind(direct, 'notification');
    assert.ok(closed.length > 0);
    for (const n of closed) assert.equal(decisionRequestId(n), '', 'a direct close decides no request');
    // The request's own submission notices are not decisions either.
    const submitted: NotificationEntry = { ...closed[0]!, topic: 'close-request-submitted', data: { requestId: REQUEST_ID } };
    assert.equal(decisionRequestId(submitted), '');
  });

  test('approve (earlier) and decline (later): the lead merges closed, as the request says', () => {
    const a = made(APPROVE, 'dec-first', NOW);
    const b = made(DECLINE, 'dec-second', NOW + 60_000);
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const { merged } = mergeLeads(onlyLead(x), onlyLead(y));
      assert.deepEqual([merged.status, merged.outcome, merged.closedBy, merged.closeRequestId], ['closed', 'lost', 'mike', '']);
    }
  });

  test('decline (earlier) and approve (later): the approving device writes the lead back open, as the request says, once', () => {
    const a = made(DECLINE, 'dec-first', NOW);
    const b = made(APPROVE, 'dec-second', NOW + 60_000);
    const request = mergeActivity(requestIn(a), requestIn(b)) as CloseRequest;
    assert.equal(request.status, 'declined');
    const closed = mergeLeads(onlyLead(a), onlyLead(b)).merged;
    assert.equal(closed.status, 'closed', 'the merge alone keeps the approval: only it stamps the close fields');
    const mike = { userId: 'mike', deviceId: ctx('mike').actor.deviceId, now: NOW + 120_000 };
    const approvalDocs = b.activity;
    assert.equal(
      reopenAfterOverruledApproval(closed, request, approvalDocs, [], { ...mike, deviceId: 'another-device' }),
      null,
      "only the approval's own device",
    );
    assert.equal(reopenAfterOverruledApproval(closed, request, approvalDocs, [], { ...mike, userId: 'nora' }), null, "only the approval's own user");
    const undone = reopenAfterOverruledApproval(closed, request, approvalDocs, [], mike)!;
    assert.ok(undone);
    const l = undone.lead;
    assert.deepEqual(
      [l.status, l.outcome, l.closeReasonId, l.closedAt, l.closedBy, l.closeNotes, l.closeFollowUpAt, l.closeRequestId],
      ['open', '', '', 0, '', '', 0, ''],
    );
    assert.deepEqual([l.updatedBy, l.updatedAt], ['mike', NOW + 120_000]);
    assert.deepEqual([undone.entry.kind, undone.entry.field, undone.entry.keptValue, undone.entry.lostValue], ['merge', 'status', 'open', 'closed']);
    assert.deepEqual(undone.entry.lostStamp, closed.clock.status);
    assert.equal(reopenAfterOverruledApproval(l, request, approvalDocs, [], { ...mike, now: NOW + 180_000 }), null, 'running twice writes nothing new');
    for (const other of [onlyLead(a), onlyLead(b), closed]) {
      assert.equal(mergeLeads(l, other).merged.status, 'open', 'the reopened lead wins every later merge with either side');
      assert.equal(mergeLeads(other, l).merged.status, 'open');
    }
  });

  test('the contact groups an overruled approval added are removed, unless someone changed the groups since', () => {
    const st = requested();
    st.request = { ...pending, choices: { ...choices, contactGroups: ['lost-leads'] } };
    const approved = mustOk(decide(APPROVE.command, st, ctx('mike', 'dec-second', NOW + 60_000)));
    const request = mergeActivity(requestIn(made(DECLINE, 'dec-first', NOW)), requestIn(approved)) as CloseRequest;
    const closed = onlyLead(approved);
    assert.ok(closed.contactGroups.includes('lost-leads'));
    const mike = { userId: 'mike', deviceId: ctx('mike').actor.deviceId, now: NOW + 120_000 };
    const undone = reopenAfterOverruledApproval(closed, request, approved.activity, [], mike)!;
    assert.deepEqual(undone.lead.contactGroups, st.lead!.contactGroups);
    const edited = {
      ...closed,
      contactGroups: ['lost-leads', 'vip'],
      clock: { ...closed.clock, contactGroups: { at: NOW + 90_000, deviceId: 'd', by: 'sam' } },
    };
    assert.deepEqual(reopenAfterOverruledApproval(edited, request, approved.activity, [], mike)!.lead.contactGroups, ['lost-leads', 'vip']);
  });

  test('an overruled approval reopens nothing when the approval stood, or when a later action closed the lead', () => {
    const a = made(APPROVE, 'dec-first', NOW);
    const b = made(DECLINE, 'dec-second', NOW + 60_000);
    const request = mergeActivity(requestIn(a), requestIn(b)) as CloseRequest;
    const mike = { userId: 'mike', deviceId: ctx('mike').actor.deviceId, now: NOW + 120_000 };
    assert.equal(reopenAfterOverruledApproval(mergeLeads(onlyLead(a), onlyLead(b)).merged, request, a.activity, [], mike), null, 'the approval stood');

    const late = made(APPROVE, 'dec-late', NOW + 60_000);
    const declined = made(DECLINE, 'dec-early', NOW);
    const standing = mergeActivity(requestIn(late), requestIn(declined)) as CloseRequest;
    const reopened = reopenAfterOverruledApproval(onlyLead(late), standing, late.activity, [], mike)!.lead;
    // Someone closes the lead again later (a direct close): that close stands.
    const reclosed = { ...reopened, status: 'closed' as const, outcome: 'lost' as const, closedBy: 'mike', closedAt: NOW + 300_000 };
    reclosed.clock = { ...reopened.clock, status: { at: NOW + 300_000, deviceId: mike.deviceId, by: 'mike' } };
    assert.equal(reopenAfterOverruledApproval(reclosed, standing, late.activity, [], { ...mike, now: NOW + 400_000 }), null);
  });
});
