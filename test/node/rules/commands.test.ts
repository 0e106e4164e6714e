import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloseWonChoices, Command, LeadDoc, NotificationEntry, ResponseKind } from '../../../src/model/index.js';
import { LIMITS } from '../../../src/model/index.js';
import {
  closedLostReasonReport,
  decide,
  defaultCloseWonChoices,
  matchesInterest,
  progressAvailability,
  responseProgressStep,
} from '../../../src/rules/index.js';
import { DAY, NOW, actorOf, audits, ctx, event, lead, mustFail, mustOk, ofKind, onlyLead, policy, state } from './fixtures.js';

const won = (c: Partial<CloseWonChoices> = {}): Command => ({ type: 'close-won', leadId: 'lead:1', choices: { ...defaultCloseWonChoices(policy()), ...c } });

describe('close won', () => {
  test("contract 4: progress 'Sold' records a sale but keeps the lead open; 'Close Won' closes it", () => {
    const sold = onlyLead(mustOk(decide({ type: 'mark-sold', leadId: 'lead:1' }, state(), ctx('sam', 's-1'))));
    assert.equal(sold.status, 'open');
    assert.equal(sold.soldAt, NOW);
    assert.equal(sold.progressStepId, 'sold');
    const closed = onlyLead(mustOk(decide(won(), state({ lead: sold }), ctx('sam', 'w-1', NOW + DAY))));
    assert.equal(closed.status, 'closed');
    assert.equal(closed.outcome, 'won');
    assert.equal(closed.soldAt, NOW, 'the sale keeps its date');
    assert.equal(closed.closeReasonId, '');
  });

  test('contract 4: Close as Won has the same two calendar-event options and a post-sale follow-up', () => {
    const events = [event('event:overdue', NOW - DAY), event('event:future', NOW + 9 * DAY)];
    const cs = mustOk(decide(won({ followUpAt: NOW + 30 * DAY }), state({ events }), ctx('sam', 'w-1')));
    assert.deepEqual(
      cs.events.map((e) => [e.id, e.eventType, e.completedAt]),
      [
        ['event:overdue', 'follow-up', NOW],
        ['event:w-1:follow-up', 'post-sale-follow-up', 0],
      ],
    );
    const all = mustOk(decide(won({ completeAllEvents: true }), state({ events }), ctx('sam', 'w-2')));
    assert.deepEqual(
      all.events.map((e) => e.id),
      ['event:overdue', 'event:future'],
    );
    mustFail(decide(won({ completeAllEvents: true, completeOverdueEvents: false }), state(), ctx('sam')), 'close/events-options-conflict');
    assert.deepEqual(defaultCloseWonChoices(policy()).contactGroups, ['past-customers']);
  });

  test('close won: a lead never marked sold records the sale when it closes won', () => {
    assert.equal(onlyLead(mustOk(decide(won(), state(), ctx('sam')))).soldAt, NOW);
  });

  test('close won: refused on a closed lead and while a close-lost request is pending', () => {
    mustFail(decide(won(), state({ lead: lead({ status: 'closed', outcome: 'lost' }) }), ctx('sam')), 'lead/closed');
    mustFail(decide(won(), state({ lead: lead({ closeRequestId: 'activity:r:close-request' }) }), ctx('sam')), 'lead/close-requested');
  });
});

describe('reopen', () => {
  const closed = () =>
    lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW - DAY, closedBy: 'sam', closeNotes: 'n', closeFollowUpAt: NOW + DAY });

  test('reopen: allowed to managers; clears the close reason on the lead and keeps it in the audit', () => {
    const cs = mustOk(decide({ type: 'reopen', leadId: 'lead:1', note: 'Customer came back' }, state({ lead: closed() }), ctx('mike')));
    const l = onlyLead(cs);
    assert.deepEqual([l.status, l.outcome, l.closeReasonId, l.closedAt, l.closedBy, l.closeNotes, l.closeFollowUpAt], ['open', '', '', 0, '', '', 0]);
    const [audit] = audits(cs);
    assert.deepEqual(audit!.changes.closeReasonId, ['price', '']);
    assert.equal(audit!.changes.previousReasonId, 'price');
    assert.equal(ofKind(cs, 'note')[0]!.context, 'reopen');
  });

  test('reopen: refused to non-managers and on an open lead', () => {
    mustFail(decide({ type: 'reopen', leadId: 'lead:1' }, state({ lead: closed() }), ctx('sam')), 'auth/not-manager');
    mustFail(decide({ type: 'reopen', leadId: 'lead:1' }, state(), ctx('mike')), 'lead/open');
  });
});

describe('side-effect progress and bulk', () => {
  test('contract 10: other actions tick progress as a side effect when their box is ticked: test drive, appraisal, email response, SMS response', () => {
    const table = [
      ['test-drive', 'test-drive'],
      ['appraisal', 'trade-in-appraisal'],
      ['email-response', 'phone-call-made'],
      ['sms-response', 'phone-call-made'],
    ] as const;
    for (const [kind, stepId] of table) {
      const cs = mustOk(decide({ type: 'record-response', leadId: 'lead:1', kind, notes: 'done', updateProgress: true }, state(), ctx('sam', `r-${kind}`)));
      const [pass] = ofKind(cs, 'progress-pass');
      assert.equal(pass!.stepId, stepId, kind);
      assert.equal(pass!.via, kind);
      assert.equal(onlyLead(cs).progressStepId, stepId);
      assert.equal(ofKind(cs, 'note')[0]!.context, kind);
      const unticked = mustOk(decide({ type: 'record-response', leadId: 'lead:1', kind, notes: 'done', updateProgress: false }, state(), ctx('sam')));
      assert.equal(ofKind(unticked, 'progress-pass').length, 0, `${kind} without the box ticks nothing`);
    }
  });

  test("record response: the box is refused when the company's road-to-the-sale lacks the step", () => {
    const p = policy({ progressSteps: [{ id: 'sold', label: 'Sold' }] });
    assert.equal(responseProgressStep('appraisal', p), null);
    mustFail(
      decide({ type: 'record-response', leadId: 'lead:1', kind: 'appraisal', notes: '', updateProgress: true }, state({ policy: p }), ctx('sam')),
      'progress/step-unknown',
    );
  });

  test('record response: refused on a closed lead with lead/closed and nothing to write, whether or not the box is ticked (as progressAvailability says)', () => {
    const closedLost = lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW - DAY, closedBy: 'sam' });
    const closedWon = lead({ status: 'closed', outcome: 'won', soldAt: NOW - DAY, closedAt: NOW - DAY, closedBy: 'sam' });
    const rows: Array<{ name: string; l: LeadDoc; kind: ResponseKind; updateProgress: boolean; notes?: string; who?: string }> = [
      { name: 'test drive, box ticked, closed lost', l: closedLost, kind: 'test-drive', updateProgress: true },
      { name: 'test drive, box unticked, closed lost', l: closedLost, kind: 'test-drive', updateProgress: false },
      { name: 'appraisal, box unticked, closed won', l: closedWon, kind: 'appraisal', updateProgress: false },
      { name: 'email response, box ticked, closed won', l: closedWon, kind: 'email-response', updateProgress: true },
      { name: 'SMS response, box unticked, notes only, closed lost', l: closedLost, kind: 'sms-response', updateProgress: false, notes: 'Texted back' },
      { name: 'a manager, box unticked: still reopen first', l: closedLost, kind: 'sms-response', updateProgress: false, who: 'mike' },
      {
        name: 'notes over the limit on a closed lead: the closed lead is the reason',
        l: closedLost,
        kind: 'appraisal',
        updateProgress: false,
        notes: 'x'.repeat(LIMITS.noteLength + 1),
      },
    ];
    for (const row of rows) {
      const who = row.who ?? 'sam';
      const command: Command = { type: 'record-response', leadId: 'lead:1', kind: row.kind, notes: row.notes ?? 'done', updateProgress: row.updateProgress };
      const result = decide(command, state({ lead: row.l }), ctx(who, 'r-closed'));
      assert.equal(result.ok, false, `${row.name}: refused, so nothing (lead, note, pass, audit) is written`);
      if (result.ok) continue;
      assert.deepEqual([result.error.code, result.error.field], ['lead/closed', 'leadId'], row.name);
      const availability = progressAvailability(row.l, actorOf(who));
      assert.equal(availability.ok ? 'ok' : availability.error.code, result.error.code, `${row.name}: the form and the store agree`);
    }
    // Open again (reopened by a manager), the same response is recorded, box unticked.
    const reopened = onlyLead(mustOk(decide({ type: 'reopen', leadId: 'lead:1' }, state({ lead: closedLost }), ctx('mike', 'reopen-1'))));
    const cs = mustOk(
      decide(
        { type: 'record-response', leadId: 'lead:1', kind: 'sms-response', notes: 'Texted back', updateProgress: false },
        state({ lead: reopened }),
        ctx('sam', 'r-open'),
      ),
    );
    assert.equal(ofKind(cs, 'note')[0]!.text, 'Texted back');
    assert.equal(ofKind(cs, 'progress-pass').length, 0);
  });

  test("contract 10: progress can be updated in bulk (needs 'Bulk Manage'; each lead audited on its own)", () => {
    const cmd: Command = { type: 'update-progress', leadId: 'lead:1', update: { check: ['phone-call-made'], clear: [], note: '' } };
    mustFail(decide(cmd, state(), ctx('sam', 'b-1', NOW, { bulkId: 'bulk-1' })), 'auth/bulk-manage-required');
    const cs = mustOk(decide(cmd, state(), ctx('bea', 'b-1', NOW, { bulkId: 'bulk-1' })));
    assert.equal(ofKind(cs, 'progress-pass')[0]!.via, 'bulk');
    assert.equal(audits(cs).length, 1);
    assert.equal(audits(cs)[0]!.changes.bulkId, 'bulk-1');
  });

  test("contract 3: Bulk Manage may close many leads at once and respects the permission role (a requester's bulk close becomes a request per lead)", () => {
    const p = policy({ definedRoles: ['close-lead-lost-permission', 'bulk-manage'] });
    const users = state().users.map((u) => (u.userId === 'rita' ? { ...u, roles: [...u.roles, 'bulk-manage' as const] } : u));
    const close: Command = {
      type: 'close-lost',
      leadId: 'lead:1',
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    };
    const ritaCtx = { ...ctx('rita', 'b-2', NOW, { bulkId: 'bulk-2' }), actor: { ...ctx('rita').actor, roles: users.find((u) => u.userId === 'rita')!.roles } };
    assert.equal(mustOk(decide(close, state({ policy: p, users }), ritaCtx)).outcome.outcome, 'requested');
    mustFail(decide(close, state({ policy: p }), ctx('bea', 'b-3', NOW, { bulkId: 'bulk-3' })), 'auth/not-permitted');
    mustFail(decide({ type: 'add-note', leadId: 'lead:1', text: 'x' }, state(), ctx('bea', 'b-4', NOW, { bulkId: 'b' })), 'command/unknown');
  });
});

describe('interest, notes, events, assignment', () => {
  test('contract 11: interest is Not Set, Cold, Warm or Hot, and filterable', () => {
    for (const interest of ['not-set', 'cold', 'warm', 'hot'] as const) {
      const l = onlyLead(mustOk(decide({ type: 'set-interest', leadId: 'lead:1', interest }, state(), ctx('sam'))));
      assert.equal(l.interest, interest);
      assert.equal(matchesInterest(l, [interest]), true);
      assert.equal(matchesInterest(l, []), true, 'no filter matches all');
    }
    mustFail(decide({ type: 'set-interest', leadId: 'lead:1', interest: 'tepid' as never }, state(), ctx('sam')), 'interest/unknown');
    assert.equal(matchesInterest(lead({ interest: 'cold' }), ['warm', 'hot']), false);
  });

  test('add note: a note goes to the lead notes and touches the lead; empty or too long is refused', () => {
    const cs = mustOk(decide({ type: 'add-note', leadId: 'lead:1', text: 'Called, no answer' }, state(), ctx('sam', 'n-1')));
    assert.equal(ofKind(cs, 'note')[0]!.id, 'activity:n-1:note');
    assert.equal(onlyLead(cs).updatedAt, NOW);
    mustFail(decide({ type: 'add-note', leadId: 'lead:1', text: ' ' }, state(), ctx('sam')), 'input/invalid');
    mustFail(decide({ type: 'add-note', leadId: 'lead:1', text: 'x'.repeat(4001) }, state(), ctx('sam')), 'input/text-too-long');
  });

  test("schedule event: creates the lead's next action; past dates and unknown types are refused", () => {
    const cs = mustOk(
      decide({ type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: 'Call back', dueAt: NOW + DAY } }, state(), ctx('sam', 'e-1')),
    );
    assert.equal(cs.events[0]!.id, 'event:e-1');
    assert.equal(cs.events[0]!.assigneeId, 'sam');
    assert.equal(onlyLead(cs).nextEventAt, NOW + DAY);
    assert.equal(onlyLead(cs).actionAt, NOW + DAY);
    mustFail(
      decide({ type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: 'x', dueAt: NOW - 2 * DAY } }, state(), ctx('sam')),
      'input/date-in-past',
    );
    mustFail(
      decide({ type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'party' as never, title: 'x', dueAt: NOW + DAY } }, state(), ctx('sam')),
      'input/invalid',
    );
    mustFail(
      decide({ type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: '', dueAt: NOW + DAY } }, state(), ctx('sam')),
      'input/invalid',
    );
    mustFail(
      decide(
        { type: 'schedule-event', leadId: 'lead:1', event: { eventType: 'call', title: 'x', dueAt: NOW + DAY, assigneeId: 'ghost' } },
        state(),
        ctx('sam'),
      ),
      'user/not-found',
    );
  });

  test('complete events: completes them once; unknown events are refused', () => {
    const events = [event('event:a', NOW - DAY), event('event:b', NOW + DAY, { completedAt: NOW - 5, completedBy: 'mike' })];
    const cs = mustOk(decide({ type: 'complete-events', leadId: 'lead:1', eventIds: ['event:a', 'event:b'] }, state({ events }), ctx('sam')));
    assert.deepEqual(
      cs.events.map((e) => [e.id, e.completedAt, e.completedBy]),
      [['event:a', NOW, 'sam']],
    );
    assert.deepEqual(audits(cs)[0]!.changes.alreadyComplete, ['event:b']);
    assert.equal(onlyLead(cs).nextEventAt, 0);
    mustFail(decide({ type: 'complete-events', leadId: 'lead:1', eventIds: ['event:zz'] }, state({ events }), ctx('sam')), 'event/not-found');
  });

  test('assign: a manager or bulk manager assigns a lead to an active user', () => {
    assert.equal(onlyLead(mustOk(decide({ type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, state(), ctx('mike')))).salespersonId, 'rita');
    assert.equal(decide({ type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, state(), ctx('bea')).ok, true);
    mustFail(decide({ type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, state(), ctx('sam')), 'auth/not-manager');
    const users = state().users.map((u) => (u.userId === 'rita' ? { ...u, active: false } : u));
    mustFail(decide({ type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, state({ users }), ctx('mike')), 'user/not-found');
  });
});

describe('notifications, policy, users', () => {
  const notice: NotificationEntry = {
    id: 'activity:c:notify:lead-closed-lost:nora',
    type: 'activity',
    dealershipId: 'dealer-1',
    kind: 'notification',
    leadId: 'lead:1',
    actorId: 'sam',
    deviceId: 'd',
    commandId: 'c',
    at: NOW - DAY,
    recipientId: 'nora',
    topic: 'lead-closed-lost',
    data: { reasonId: 'price' },
    readAt: 0,
  };

  test('notification: only its recipient marks it read; the first read time is kept', () => {
    const cs = mustOk(decide({ type: 'mark-notification-read', notificationId: notice.id }, state({ notification: notice }), ctx('nora')));
    assert.deepEqual(
      ofKind(cs, 'notification').map((n) => n.readAt),
      [NOW],
    );
    assert.equal(audits(cs).length, 1);
    const again = mustOk(
      decide({ type: 'mark-notification-read', notificationId: notice.id }, state({ notification: { ...notice, readAt: NOW - 5 } }), ctx('nora')),
    );
    assert.equal(ofKind(again, 'notification').length, 0);
    mustFail(decide({ type: 'mark-notification-read', notificationId: notice.id }, state({ notification: notice }), ctx('olga')), 'auth/not-permitted');
    mustFail(decide({ type: 'mark-notification-read', notificationId: 'activity:x' }, state({ notification: notice }), ctx('nora')), 'notification/not-found');
  });

  const { id: _i, type: _t, dealershipId: _d, updatedAt: _u, updatedBy: _b, stamp: _s, ...editable } = policy();

  test('update policy: only an admin changes the company preferences', () => {
    const cs = mustOk(decide({ type: 'update-policy', policy: { ...editable, definedRoles: ['close-lead-lost-permission'] } }, state(), ctx('ada', 'pol-1')));
    assert.deepEqual(cs.policy!.definedRoles, ['close-lead-lost-permission']);
    assert.equal(cs.policy!.updatedBy, 'ada');
    assert.deepEqual(cs.policy!.stamp, { at: NOW, deviceId: 'device-ada', by: 'ada' });
    assert.deepEqual(audits(cs)[0]!.changes.definedRoles, [[], ['close-lead-lost-permission']]);
    mustFail(decide({ type: 'update-policy', policy: editable }, state(), ctx('mike')), 'auth/not-admin');
  });

  test('update policy: lost reasons can be extended and hidden from reports but not removed; bad lists are refused', () => {
    const extended = [...editable.lostReasons, { id: 'moved-away', label: 'Moved away', hiddenFromReports: false, retired: false }];
    assert.equal(decide({ type: 'update-policy', policy: { ...editable, lostReasons: extended } }, state(), ctx('ada')).ok, true);
    const table = [
      { ...editable, lostReasons: editable.lostReasons.slice(1) },
      { ...editable, contactGroups: [...editable.contactGroups, { id: 'live-leads', label: 'Again' }] },
      { ...editable, defaultLostContactGroups: ['nowhere'] },
      { ...editable, soldStepId: 'not-a-step' },
      { ...editable, progressSteps: [] },
      { ...editable, mandatory: { closeLost: ['colour' as never], progressNote: false } },
      { ...editable, definedRoles: ['wizard' as never] },
    ];
    for (const p of table) mustFail(decide({ type: 'update-policy', policy: p }, state(), ctx('ada')), 'policy/invalid');
  });

  test('upsert user: only an admin adds or changes users; managers must be managers; no self lock-out', () => {
    const u = { userId: 'zoe', name: 'Zoe', email: 'zoe@h.test', roles: ['salesperson' as const], managerId: 'mike', active: true };
    const cs = mustOk(decide({ type: 'upsert-user', user: u }, state(), ctx('ada', 'u-1')));
    assert.equal(cs.users[0]!.id, 'user:zoe');
    assert.equal(cs.outcome.outcome, 'created');
    mustFail(decide({ type: 'upsert-user', user: u }, state(), ctx('mike')), 'auth/not-admin');
    mustFail(decide({ type: 'upsert-user', user: { ...u, managerId: 'sam' } }, state(), ctx('ada')), 'user/not-found');
    mustFail(decide({ type: 'upsert-user', user: { ...u, roles: ['king' as never] } }, state(), ctx('ada')), 'input/invalid');
    mustFail(decide({ type: 'upsert-user', user: { ...u, userId: 'ada', roles: ['manager'] } }, state(), ctx('ada')), 'input/invalid');
  });
});

describe('reports and general rules', () => {
  test('contract 5: a closed-lost reason report — why customers did not buy, from the reasons chosen', () => {
    const leads = [
      lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW }),
      lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW }),
      lead({ status: 'closed', outcome: 'lost', closeReasonId: 'bought-elsewhere', closedAt: NOW }),
      lead({ status: 'closed', outcome: 'lost', closeReasonId: 'duplicate', closedAt: NOW }),
      lead({ status: 'closed', outcome: 'won', closedAt: NOW }),
      lead(),
    ];
    const rows = closedLostReasonReport(leads, policy());
    assert.deepEqual(
      rows.map((r) => [r.reasonId, r.label, r.count]),
      [
        ['price', 'Price too high', 2],
        ['bought-elsewhere', 'Bought elsewhere', 1],
      ],
      'won and open leads, and reasons hidden from reports, are left out',
    );
    assert.equal(rows[0]!.share, 2 / 3);
    assert.deepEqual(closedLostReasonReport(leads, policy(), { from: NOW + 1, to: NOW + DAY }), []);
  });

  test('every command: another dealership, no actor, unknown command are refused', () => {
    mustFail(
      decide({ type: 'add-note', leadId: 'lead:1', text: 'x' }, state({ policy: policy({ dealershipId: 'dealer-2' }) }), ctx('sam')),
      'auth/other-dealership',
    );
    mustFail(decide({ type: 'add-note', leadId: 'lead:1', text: 'x' }, state(), { ...ctx('sam'), actor: null as never }), 'auth/no-actor');
    mustFail(decide({ type: 'fly' } as never, state(), ctx('sam')), 'command/unknown');
  });

  test('every command emits exactly one audit entry (actor, device, time, action)', () => {
    const commands: Command[] = [
      { type: 'set-interest', leadId: 'lead:1', interest: 'hot' },
      { type: 'add-note', leadId: 'lead:1', text: 'x' },
      { type: 'mark-sold', leadId: 'lead:1' },
      { type: 'assign', leadId: 'lead:1', salespersonId: 'sam' },
      { type: 'record-response', leadId: 'lead:1', kind: 'sms-response', notes: '', updateProgress: true },
      won(),
    ];
    for (const c of commands) {
      const a = audits(mustOk(decide(c, state(), ctx('mike', 'x-1'))));
      assert.equal(a.length, 1, c.type);
      assert.deepEqual([a[0]!.id, a[0]!.action, a[0]!.actorId, a[0]!.deviceId, a[0]!.at], ['activity:x-1:audit', c.type, 'mike', 'device-mike', NOW]);
    }
  });
});
