import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CloseLostChoices, CloseLostField } from '../../../src/model/index.js';
import { decide, defaultCloseLostChoices, inRange, matchesStatus } from '../../../src/rules/index.js';
import { DAY, NOW, audits, ctx, event, lead, mustFail, mustOk, ofKind, onlyLead, policy, state } from './fixtures.js';

const choices = (overrides: Partial<CloseLostChoices> = {}): CloseLostChoices => ({
  ...defaultCloseLostChoices(policy()),
  reasonId: 'price',
  ...overrides,
});
const closeLost = (c: Partial<CloseLostChoices> = {}) => ({ type: 'close-lost' as const, leadId: 'lead:1', choices: choices(c) });

describe('close lost', () => {
  test("contract 1: a 'Close Lost' action closes the lead with a reason from the company's standard list", () => {
    const cs = mustOk(decide(closeLost({ reasonId: 'bought-elsewhere' }), state(), ctx('sam')));
    const l = onlyLead(cs);
    assert.equal(l.status, 'closed');
    assert.equal(l.outcome, 'lost');
    assert.equal(l.closeReasonId, 'bought-elsewhere');
    assert.equal(l.closedAt, NOW);
    assert.equal(l.closedBy, 'sam');
    assert.deepEqual(cs.outcome, { outcome: 'closed', leadId: 'lead:1', completedEvents: '0' });
  });

  test('close lost: reason from the company list is required unless the company made it optional', () => {
    const table: Array<{ mandatory: CloseLostField[]; reasonId: string; code: string | null }> = [
      { mandatory: ['reason'], reasonId: '', code: 'close/reason-required' },
      { mandatory: ['reason'], reasonId: 'price', code: null },
      { mandatory: [], reasonId: '', code: null },
      { mandatory: [], reasonId: 'made-up', code: 'close/reason-unknown' },
      { mandatory: ['reason'], reasonId: 'made-up', code: 'close/reason-unknown' },
    ];
    for (const row of table) {
      const s = state({ policy: policy({ mandatory: { closeLost: row.mandatory, progressNote: false } }) });
      const r = decide(closeLost({ reasonId: row.reasonId }), s, ctx('sam'));
      if (row.code === null) assert.equal(r.ok, true, JSON.stringify(row));
      else mustFail(r, row.code as never);
    }
  });

  test('close lost: a retired reason is not offered any more and is refused', () => {
    const p = policy();
    p.lostReasons = p.lostReasons.map((r) => (r.id === 'price' ? { ...r, retired: true } : r));
    mustFail(decide(closeLost({ reasonId: 'price' }), state({ policy: p }), ctx('sam')), 'close/reason-unknown');
  });

  test("contract 1: 'Mark all overdue calendar events as complete' is ticked by default and completes only overdue events", () => {
    assert.equal(defaultCloseLostChoices(policy()).completeOverdueEvents, true);
    assert.equal(defaultCloseLostChoices(policy()).completeAllEvents, false);
    const events = [
      event('event:overdue', NOW - 2 * DAY),
      event('event:future', NOW + 5 * DAY),
      event('event:done', NOW - 9 * DAY, { completedAt: NOW - 8 * DAY, completedBy: 'sam' }),
    ];
    const cs = mustOk(decide(closeLost(), state({ events }), ctx('sam')));
    assert.deepEqual(
      cs.events.map((e) => e.id),
      ['event:overdue'],
    );
    assert.equal(cs.events[0]!.completedAt, NOW);
    assert.equal(cs.events[0]!.completedBy, 'sam');
    assert.equal(onlyLead(cs).nextEventAt, NOW + 5 * DAY, 'the future event stays open and is the next action');
  });

  test('close lost: unticking the overdue option keeps calendar events incomplete', () => {
    const events = [event('event:overdue', NOW - 2 * DAY)];
    const cs = mustOk(decide(closeLost({ completeOverdueEvents: false }), state({ events }), ctx('sam')));
    assert.deepEqual(cs.events, []);
    assert.equal(onlyLead(cs).nextEventAt, NOW - 2 * DAY);
  });

  test("contract 1: 'Mark all incomplete calendar events as complete' closes future events too", () => {
    const events = [event('event:overdue', NOW - 2 * DAY), event('event:future', NOW + 5 * DAY)];
    const cs = mustOk(decide(closeLost({ completeAllEvents: true }), state({ events }), ctx('sam')));
    assert.deepEqual(cs.events.map((e) => e.id).sort(), ['event:future', 'event:overdue']);
    assert.equal(onlyLead(cs).nextEventAt, 0);
  });

  test('close lost: overdue unticked while all is ticked is a conflict (the overdue box cannot be changed while all is ticked)', () => {
    mustFail(decide(closeLost({ completeAllEvents: true, completeOverdueEvents: false }), state(), ctx('sam')), 'close/events-options-conflict');
  });

  test('contract 1: notes relating to closing the lead go to the lead notes', () => {
    const cs = mustOk(decide(closeLost({ notes: 'Bought a Kia down the road' }), state(), ctx('sam')));
    const notes = ofKind(cs, 'note');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.text, 'Bought a Kia down the road');
    assert.equal(notes[0]!.context, 'close-lost');
    assert.equal(notes[0]!.id, 'activity:cmd-1:note');
    assert.equal(onlyLead(cs).closeNotes, 'Bought a Kia down the road');
    assert.equal(ofKind(mustOk(decide(closeLost({ notes: '  ' }), state(), ctx('sam'))), 'note').length, 0, 'blank notes add no note');
  });

  test("contract 1: contact groups are preselected from the company default, 'Live Leads' unless the company changed it", () => {
    assert.deepEqual(defaultCloseLostChoices(policy()).contactGroups, ['live-leads']);
    assert.deepEqual(defaultCloseLostChoices(policy({ defaultLostContactGroups: ['future-prospects', 'newsletter'] })).contactGroups, [
      'future-prospects',
      'newsletter',
    ]);
    const cs = mustOk(decide(closeLost(), state({ lead: lead({ contactGroups: ['newsletter'] }) }), ctx('sam')));
    assert.deepEqual(onlyLead(cs).contactGroups, ['newsletter', 'live-leads'], 'the customer is added to the groups, not moved');
  });

  test('close lost: a contact group the company does not have is refused', () => {
    mustFail(decide(closeLost({ contactGroups: ['live-leads', 'vip'] }), state(), ctx('sam')), 'close/contact-group-unknown');
  });

  test("contract 1: an optional follow-up date creates a calendar event of type 'Closed Lost Lead Follow Up'", () => {
    const followUpAt = NOW + 365 * DAY;
    const cs = mustOk(decide(closeLost({ followUpAt }), state(), ctx('sam')));
    assert.equal(cs.events.length, 1);
    const e = cs.events[0]!;
    assert.equal(e.id, 'event:cmd-1:follow-up');
    assert.equal(e.eventType, 'closed-lost-follow-up');
    assert.equal(e.title, 'Closed Lost Lead Follow Up');
    assert.equal(e.dueAt, followUpAt);
    assert.equal(e.completedAt, 0);
    assert.equal(e.assigneeId, 'sam');
    assert.equal(onlyLead(cs).closeFollowUpAt, followUpAt);
    assert.equal(onlyLead(cs).nextEventAt, followUpAt);
    assert.equal(mustOk(decide(closeLost(), state(), ctx('sam'))).events.length, 0, 'no date, no event');
  });

  test('close lost: the follow-up date is refused in the past or when not a date; today is accepted', () => {
    mustFail(decide(closeLost({ followUpAt: NOW - 2 * DAY }), state(), ctx('sam')), 'input/date-in-past');
    mustFail(decide(closeLost({ followUpAt: Number.NaN }), state(), ctx('sam')), 'input/date-invalid');
    mustFail(decide(closeLost({ followUpAt: '2025-07-01' as unknown as number }), state(), ctx('sam')), 'input/date-invalid');
    const todayMidnight = new Date(new Date(NOW).getFullYear(), new Date(NOW).getMonth(), new Date(NOW).getDate()).getTime();
    assert.equal(decide(closeLost({ followUpAt: todayMidnight }), state(), ctx('sam')).ok, true);
  });

  test('contract 2: a closed lead leaves the Open view; the Status filter offers Open, Closed and All', () => {
    const closed = onlyLead(mustOk(decide(closeLost(), state(), ctx('sam'))));
    const open = lead();
    const table = [
      { l: open, status: 'open', expected: true },
      { l: open, status: 'closed', expected: false },
      { l: open, status: 'all', expected: true },
      { l: closed, status: 'open', expected: false },
      { l: closed, status: 'closed', expected: true },
      { l: closed, status: 'all', expected: true },
    ] as const;
    for (const row of table) assert.equal(matchesStatus(row.l, row.status), row.expected, `${row.l.status} in ${row.status}`);
  });

  test("contract 2: a closed lead with a follow-up shows up, under Closed, in the 'Now ± 3 days' range when that follow-up is due", () => {
    const followUpAt = NOW + 60 * DAY;
    const closed = onlyLead(mustOk(decide(closeLost({ followUpAt }), state(), ctx('sam'))));
    assert.equal(closed.actionAt, followUpAt);
    assert.equal(matchesStatus(closed, 'closed'), true);
    assert.equal(inRange(closed, { kind: 'now-3' }, NOW), false, 'not yet, two months before');
    assert.equal(inRange(closed, { kind: 'now-3' }, followUpAt - 2 * DAY), true, 'two days before it is due');
    assert.equal(inRange(closed, { kind: 'now-3' }, followUpAt), true, 'on the day');
  });

  test('close lost: a closed lead cannot be closed again', () => {
    mustFail(decide(closeLost(), state({ lead: lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price' }) }), ctx('sam')), 'lead/closed');
  });

  test('close lost: an unknown lead or a lead of another dealership is refused', () => {
    mustFail(decide({ ...closeLost(), leadId: 'lead:nope' }, state(), ctx('sam')), 'lead/not-found');
    mustFail(decide(closeLost(), state({ lead: lead({ dealershipId: 'dealer-2' }) }), ctx('sam')), 'auth/other-dealership');
  });

  test("contract 3: 'Close Lost Mandatory Fields' — the company decides which dialog fields must be filled", () => {
    const table: Array<{ mandatory: CloseLostField[]; c: Partial<CloseLostChoices>; codes: string[] }> = [
      {
        mandatory: ['reason', 'notes', 'followUp'],
        c: { reasonId: '', notes: '', followUpAt: null },
        codes: ['close/reason-required', 'close/notes-required', 'close/follow-up-required'],
      },
      { mandatory: ['notes'], c: { reasonId: '', notes: ' ' }, codes: ['close/notes-required'] },
      { mandatory: ['followUp'], c: { followUpAt: null }, codes: ['close/follow-up-required'] },
      { mandatory: ['notes', 'followUp'], c: { notes: 'n', followUpAt: NOW + DAY }, codes: [] },
    ];
    for (const row of table) {
      const s = state({ policy: policy({ mandatory: { closeLost: row.mandatory, progressNote: false } }) });
      const r = decide(closeLost(row.c), s, ctx('sam'));
      if (row.codes.length === 0) {
        assert.equal(r.ok, true, JSON.stringify(row));
        continue;
      }
      mustFail(r, row.codes[0] as never);
      if (!r.ok && row.codes.length > 1) {
        const all = (r.error.details?.errors as Array<{ code: string }>).map((e) => e.code);
        assert.deepEqual(all, row.codes);
      }
    }
  });

  test('close lost: notes over the length limit are refused', () => {
    mustFail(decide(closeLost({ notes: 'x'.repeat(4001) }), state(), ctx('sam')), 'input/text-too-long');
  });

  test("contract 3: 'Receive Closed Lead As Lost Notification' — closing a lead as lost notifies the managers in that role, carrying the reason", () => {
    const s = state({ policy: policy({ definedRoles: ['receive-closed-lead-as-lost-notification'] }) });
    const cs = mustOk(decide(closeLost({ reasonId: 'finance-declined' }), s, ctx('sam')));
    const notes = ofKind(cs, 'notification');
    assert.deepEqual(
      notes.map((n) => n.recipientId),
      ['nora', 'olga'],
    );
    for (const n of notes) {
      assert.equal(n.topic, 'lead-closed-lost');
      assert.equal(n.data.reasonId, 'finance-declined');
      assert.equal(n.data.reasonLabel, 'Finance declined');
      assert.equal(n.readAt, 0);
      assert.equal(n.leadId, 'lead:1');
    }
  });

  test('close lost: the closing user is never notified of their own close', () => {
    const s = state({ policy: policy({ definedRoles: ['receive-closed-lead-as-lost-notification'] }) });
    const cs = mustOk(decide(closeLost(), s, ctx('nora')));
    assert.deepEqual(
      ofKind(cs, 'notification').map((n) => n.recipientId),
      ['olga'],
    );
  });

  test('close lost: nobody is notified when the company has not defined the notification role', () => {
    const cs = mustOk(decide(closeLost(), state(), ctx('sam')));
    assert.equal(ofKind(cs, 'notification').length, 0);
  });

  test("contract 3: 'Close Lead Lost Permission' — when the company has not defined it, anyone may close a lead as lost", () => {
    for (const who of ['sam', 'rita', 'mike', 'ada']) {
      const cs = mustOk(decide(closeLost(), state(), ctx(who)));
      assert.equal(cs.outcome.outcome, 'closed', who);
    }
  });

  test("contract 3: 'Close Lead Lost Permission' — when it exists, a user in the role submits a close-lost request to their manager", () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    const cs = mustOk(decide(closeLost({ notes: 'gone quiet', followUpAt: NOW + 30 * DAY }), s, ctx('rita')));
    assert.deepEqual(cs.outcome, { outcome: 'requested', leadId: 'lead:1', requestId: 'activity:cmd-1:close-request' });
    const l = onlyLead(cs);
    assert.equal(l.status, 'open', 'the lead stays open while the request is pending');
    assert.equal(l.closeRequestId, 'activity:cmd-1:close-request');
    assert.deepEqual(cs.events, [], 'no event is created or completed before approval');
    const [request] = ofKind(cs, 'close-request');
    assert.equal(request!.status, 'pending');
    assert.equal(request!.managerId, 'mike');
    assert.equal(request!.actorId, 'rita');
    assert.deepEqual(request!.choices, choices({ notes: 'gone quiet', followUpAt: NOW + 30 * DAY }));
    const notified = ofKind(cs, 'notification');
    assert.deepEqual(
      notified.map((n) => [n.recipientId, n.topic]),
      [['mike', 'close-request-submitted']],
    );
    assert.equal(ofKind(cs, 'note').length, 0, 'the notes are kept in the request until it is approved');
  });

  test('close lost: a request from a user without a named manager goes to every manager of the dealership', () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    const cs = mustOk(decide(closeLost(), s, ctx('tom')));
    assert.deepEqual(
      ofKind(cs, 'notification').map((n) => n.recipientId),
      ['mike', 'nora', 'olga'],
    );
    assert.equal(ofKind(cs, 'close-request')[0]!.managerId, '');
  });

  test('close lost: when the permission role exists, users outside it have no Close Lost action and are refused', () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    mustFail(decide(closeLost(), s, ctx('sam')), 'auth/not-permitted');
    mustFail(decide(closeLost(), s, ctx('bea')), 'auth/not-permitted');
  });

  test('close lost: when the permission role exists, managers close directly', () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    assert.equal(mustOk(decide(closeLost(), s, ctx('mike'))).outcome.outcome, 'closed');
    assert.equal(mustOk(decide(closeLost(), s, ctx('ada'))).outcome.outcome, 'closed');
  });

  test('close lost: while a request is pending the lead is marked close requested and a second request is refused', () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }), lead: lead({ closeRequestId: 'activity:cmd-0:close-request' }) });
    mustFail(decide(closeLost(), s, ctx('rita')), 'lead/close-requested');
    mustFail(decide(closeLost(), s, ctx('mike')), 'lead/close-requested');
  });

  test('close lost: the request is validated like a close (mandatory fields, reason, dates)', () => {
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    mustFail(decide(closeLost({ reasonId: '' }), s, ctx('rita')), 'close/reason-required');
  });

  test('close lost: every command emits exactly one audit entry with actor, device, time, action and changes', () => {
    const cs = mustOk(decide(closeLost({ reasonId: 'price' }), state(), ctx('sam', 'cmd-9')));
    const [audit, ...more] = audits(cs);
    assert.equal(more.length, 0);
    assert.equal(audit!.id, 'activity:cmd-9:audit');
    assert.equal(audit!.actorId, 'sam');
    assert.equal(audit!.deviceId, 'device-sam');
    assert.equal(audit!.at, NOW);
    assert.equal(audit!.action, 'close-lost');
    assert.deepEqual(audit!.changes.status, ['open', 'closed']);
    assert.deepEqual(audit!.changes.closeReasonId, ['', 'price']);
  });

  test('close lost: the lead is stamped for every merged field it changes and its derived fields are recomputed', () => {
    const l = onlyLead(mustOk(decide(closeLost({ followUpAt: NOW + DAY }), state(), ctx('sam', 'cmd-5'))));
    const stamp = { at: NOW, deviceId: 'device-sam', by: 'sam' };
    for (const f of ['status', 'outcome', 'closeReasonId', 'closedAt', 'closedBy', 'contactGroups', 'closeFollowUpAt', 'nextEventAt'] as const) {
      assert.deepEqual(l.clock[f], stamp, f);
    }
    assert.equal(l.clock.customer, undefined, 'unchanged fields keep their stamps');
    assert.equal(l.updatedAt, NOW);
    assert.equal(l.updatedBy, 'sam');
    assert.equal(l.commandId, 'cmd-5');
    assert.equal(l.actionAt, NOW + DAY);
  });

  test('close lost: the same command decided twice gives the same ChangeSet (deterministic ids, no clock, no randomness)', () => {
    const s = state({ events: [event('event:a', NOW - DAY)], policy: policy({ definedRoles: ['receive-closed-lead-as-lost-notification'] }) });
    assert.deepEqual(
      decide(closeLost({ followUpAt: NOW + DAY, notes: 'n' }), s, ctx('sam')),
      decide(closeLost({ followUpAt: NOW + DAY, notes: 'n' }), s, ctx('sam')),
    );
  });

  test('close lost: UI-only memo fields in the choices are not stored', () => {
    const c = { ...choices(), overdueBeforeAll: false } as CloseLostChoices;
    const s = state({ policy: policy({ definedRoles: ['close-lead-lost-permission'] }) });
    const req = ofKind(mustOk(decide({ type: 'close-lost', leadId: 'lead:1', choices: c }, s, ctx('rita'))), 'close-request')[0]!;
    assert.deepEqual(Object.keys(req.choices).sort(), ['completeAllEvents', 'completeOverdueEvents', 'contactGroups', 'followUpAt', 'notes', 'reasonId']);
  });
});
