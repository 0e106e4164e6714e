/** reschedule-event: a new due date, title or notes on an incomplete calendar event. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditEntry, Command } from '../../../src/model/index.js';
import { decide, rescheduleAvailability } from '../../../src/rules/index.js';
import { DAY, NOW, actorOf, audits, ctx, event, lead, mustFail, mustOk, onlyLead, state } from './fixtures.js';

const move = (extra: Partial<Extract<Command, { type: 'reschedule-event' }>> = {}): Command => ({
  type: 'reschedule-event',
  leadId: 'lead:1',
  eventId: 'event:b',
  dueAt: NOW + 5 * DAY,
  ...extra,
});
/** Created by mike (a manager), assigned to rita, on sam's lead. */
const theEvent = (extra = {}) => event('event:b', NOW + DAY, { createdBy: 'mike', assigneeId: 'rita', title: 'Call back', notes: 'evenings', ...extra });
const withEvents = (...events: ReturnType<typeof event>[]) => state({ events: events.length ? events : [theEvent(), event('event:c', NOW + 3 * DAY)] });

describe('reschedule-event', () => {
  test("reschedule: moves the event's due date (title and notes unchanged when omitted) and the lead's action date follows", () => {
    const cs = mustOk(decide(move(), withEvents(), ctx('sam', 'rs-1')));
    assert.equal(cs.events.length, 1);
    const moved = cs.events[0]!;
    assert.deepEqual([moved.id, moved.dueAt, moved.title, moved.notes, moved.completedAt], ['event:b', NOW + 5 * DAY, 'Call back', 'evenings', 0]);
    assert.equal(moved.updatedAt, NOW);
    assert.equal(moved.commandId, 'rs-1');
    assert.equal(moved.createdBy, 'mike', 'the creator stays');
    const l = onlyLead(cs);
    assert.equal(l.nextEventAt, NOW + 3 * DAY, 'the oldest incomplete event is now event:c');
    assert.equal(l.actionAt, NOW + 3 * DAY);
    assert.deepEqual(cs.outcome, { outcome: 'rescheduled', leadId: 'lead:1', eventId: 'event:b' });
  });

  test('reschedule: a new title and notes, the audit keeps before and after of what changed', () => {
    const cs = mustOk(decide(move({ dueAt: NOW + DAY, title: '  Finance call ', notes: '' }), withEvents(), ctx('rita', 'rs-2')));
    const moved = cs.events[0]!;
    assert.equal(moved.title, 'Finance call');
    assert.equal(moved.notes, '');
    const audit = audits(cs)[0] as AuditEntry;
    assert.equal(audit.action, 'reschedule-event');
    assert.deepEqual(audit.changes['event'], { title: ['Call back', 'Finance call'], notes: ['evenings', ''] });
    assert.equal(audit.changes['eventId'], 'event:b');
  });

  test("reschedule: allowed to the event's creator, its assignee, the lead's salesperson and a manager; refused to others", () => {
    for (const who of ['mike', 'rita', 'sam', 'nora', 'ada']) mustOk(decide(move(), withEvents(), ctx(who)));
    mustFail(decide(move(), withEvents(), ctx('tom')), 'auth/not-permitted');
    mustFail(decide(move(), withEvents(), ctx('bea')), 'auth/not-permitted');
    assert.equal(rescheduleAvailability(theEvent(), lead(), actorOf('tom')).ok, false);
    assert.equal(rescheduleAvailability(theEvent(), lead(), actorOf('sam')).ok, true);
  });

  test('reschedule: a completed event is refused as event/completed; an unknown one as event/not-found', () => {
    const done = theEvent({ completedAt: NOW - DAY, completedBy: 'rita' });
    mustFail(decide(move(), withEvents(done), ctx('sam')), 'event/completed');
    assert.equal(rescheduleAvailability(done, lead(), actorOf('sam')).ok, false);
    mustFail(decide(move({ eventId: 'event:zz' }), withEvents(), ctx('sam')), 'event/not-found');
    mustFail(decide(move({ eventId: 'event:b' }), withEvents(event('event:b', NOW + DAY, { leadId: 'lead:2' })), ctx('sam')), 'event/not-found');
    mustFail(decide(move({ leadId: 'lead:9' }), withEvents(), ctx('sam')), 'lead/not-found');
  });

  test('reschedule: dates in the past, impossible dates, empty or long titles, long notes and no change at all are refused', () => {
    mustFail(decide(move({ dueAt: NOW - 2 * DAY }), withEvents(), ctx('sam')), 'input/date-in-past');
    mustFail(decide(move({ dueAt: Date.UTC(10000, 0, 1) }), withEvents(), ctx('sam')), 'input/date-invalid');
    mustFail(decide(move({ title: '   ' }), withEvents(), ctx('sam')), 'input/invalid');
    mustFail(decide(move({ title: 'x'.repeat(201) }), withEvents(), ctx('sam')), 'input/invalid');
    mustFail(decide(move({ notes: 'x'.repeat(4001) }), withEvents(), ctx('sam')), 'input/text-too-long');
    mustFail(decide(move({ dueAt: NOW + DAY }), withEvents(), ctx('sam')), 'input/invalid');
  });

  test('reschedule: works on a closed lead (its closed-lost follow-up must stay workable)', () => {
    const closed = lead({ status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: NOW - DAY, closedBy: 'sam' });
    const cs = mustOk(decide(move(), state({ lead: closed, events: [theEvent()] }), ctx('sam')));
    assert.equal(cs.events[0]!.dueAt, NOW + 5 * DAY);
    assert.equal(onlyLead(cs).status, 'closed');
  });
});
