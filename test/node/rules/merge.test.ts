import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ActivityDoc, CalendarEventDoc, CloseRequest, LeadDoc, NotificationEntry, Stamp } from '../../../src/model/index.js';
import { LEAD_MERGED_FIELDS } from '../../../src/model/index.js';
import { decide, mergeActivity, mergeEvents, mergeLeads } from '../../../src/rules/index.js';
import { DAY, NOW, ctx, event, lead, mustOk, onlyLead, state } from './fixtures.js';

/** A small seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number) {
  let t = seed >>> 0;
  const next = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}

/** Random versions of one lead, drawn from small value sets so stamps and values often collide. */
function randomLead(r: ReturnType<typeof rng>): LeadDoc {
  const stamp = (): Stamp => ({ at: r.pick([1, 2, 3]), deviceId: r.pick(['d1', 'd2']), by: r.pick(['sam', 'mike']) });
  const values: Record<string, unknown[]> = {
    customer: [
      { name: 'Jane', email: '', phone: '' },
      { name: 'Janet', email: 'j@x', phone: '' },
    ],
    vehicle: ['RAV4', 'Golf'],
    source: ['Website', 'Walk-in'],
    salespersonId: ['sam', 'rita'],
    status: ['open', 'closed'],
    outcome: ['', 'lost', 'won'],
    closeReasonId: ['', 'price'],
    closedAt: [0, 5],
    closedBy: ['', 'sam'],
    closeRequestId: ['', 'activity:r'],
    soldAt: [0, 7],
    interest: ['not-set', 'hot'],
    contactGroups: [[], ['live-leads'], ['live-leads', 'newsletter']],
    closeNotes: ['', 'n'],
    closeFollowUpAt: [0, 9],
    nextEventAt: [0, 11],
  };
  const l = lead({
    updatedAt: r.pick([1, 2, 3]),
    commandId: r.pick(['c1', 'c2']),
    updatedBy: r.pick(['sam', 'mike']),
    createdAt: r.pick([0, 1]),
  }) as unknown as Record<string, unknown>;
  const clock: Record<string, Stamp> = {};
  for (const f of LEAD_MERGED_FIELDS) {
    l[f] = r.pick(values[f]!);
    if (r.next() < 0.85) clock[f] = stamp();
  }
  l.clock = clock;
  const steps: LeadDoc['steps'] = {};
  for (const id of ['a', 'b', 'c']) {
    if (r.next() < 0.7) steps[id] = { checked: r.next() < 0.7, stamp: stamp(), passId: `activity:${r.pick(['c1', 'c2'])}:pass:${id}` };
  }
  l.steps = steps;
  return l as unknown as LeadDoc;
}

describe('merging leads', () => {
  test('merge: mergeLeads is commutative on random inputs (same merged lead, same losses)', () => {
    const r = rng(42);
    for (let i = 0; i < 500; i++) {
      const a = randomLead(r);
      const b = randomLead(r);
      const base = r.next() < 0.5 ? randomLead(r) : null;
      const ab = mergeLeads(a, b, { base });
      const ba = mergeLeads(b, a, { base });
      assert.deepEqual(ab.merged, ba.merged, `run ${i}`);
      const key = (l: { field: string }) => l.field;
      assert.deepEqual(
        [...ab.lost].sort((x, y) => (key(x) < key(y) ? -1 : 1)),
        [...ba.lost].sort((x, y) => (key(x) < key(y) ? -1 : 1)),
      );
    }
  });

  test('merge: mergeLeads is idempotent and associative on random inputs', () => {
    const r = rng(7);
    for (let i = 0; i < 500; i++) {
      const a = randomLead(r);
      const b = randomLead(r);
      const c = randomLead(r);
      const ab = mergeLeads(a, b).merged;
      assert.deepEqual(mergeLeads(ab, ab).merged, ab, `self ${i}`);
      assert.deepEqual(mergeLeads(ab, b).merged, ab, `again with b ${i}`);
      assert.deepEqual(mergeLeads(ab, a).merged, ab, `again with a ${i}`);
      assert.deepEqual(mergeLeads(ab, c).merged, mergeLeads(a, mergeLeads(b, c).merged).merged, `assoc ${i}`);
    }
  });

  test('merge: two people editing different fields of one lead offline both keep their edits', () => {
    const base = lead();
    const sam = onlyLead(mustOk(decide({ type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, state({ lead: base }), ctx('sam', 'c-sam', NOW))));
    const mike = onlyLead(mustOk(decide({ type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, state({ lead: base }), ctx('mike', 'c-mike', NOW + 5))));
    const { merged, lost } = mergeLeads(sam, mike, { base });
    assert.equal(merged.interest, 'hot');
    assert.equal(merged.salespersonId, 'rita');
    assert.deepEqual(lost, [], 'with the common ancestor, nothing is reported lost');
    assert.deepEqual(mergeLeads(mike, sam, { base }), { merged, lost });
    const unknownAncestor = mergeLeads(sam, mike)
      .lost.map((l) => l.field)
      .sort();
    assert.deepEqual(unknownAncestor, ['interest', 'salespersonId'], 'without it, every differing value is reported rather than dropped silently');
    assert.equal(merged.updatedAt, NOW + 5);
    assert.equal(merged.commandId, 'c-mike');
  });

  test('merge: the same field edited twice has a deterministic winner (later stamp) and the loser is reported', () => {
    const base = lead();
    const early = onlyLead(mustOk(decide({ type: 'set-interest', leadId: 'lead:1', interest: 'cold' }, state({ lead: base }), ctx('sam', 'c-1', NOW))));
    const late = onlyLead(mustOk(decide({ type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, state({ lead: base }), ctx('mike', 'c-2', NOW + 1))));
    const { merged, lost } = mergeLeads(early, late, { base });
    assert.equal(merged.interest, 'hot');
    assert.deepEqual(lost, [{ field: 'interest', keptValue: 'hot', lostValue: 'cold', lostStamp: { at: NOW, deviceId: 'device-sam', by: 'sam' } }]);
  });

  test('merge: equal times break ties by device id', () => {
    const x = lead({ interest: 'cold', clock: { interest: { at: 5, deviceId: 'tablet-a', by: 'sam' } } });
    const y = lead({ interest: 'warm', clock: { interest: { at: 5, deviceId: 'tablet-b', by: 'sam' } } });
    assert.equal(mergeLeads(x, y).merged.interest, 'warm');
    assert.equal(mergeLeads(y, x).merged.interest, 'warm');
  });

  test('merge: steps merge per step; a removal on one device and a new tick on another both survive; progress is re-derived', () => {
    const st = (at: number, checked: boolean, dev: string) => ({ checked, stamp: { at, deviceId: dev, by: 'sam' }, passId: `activity:${dev}${at}:pass` });
    const base = { 'test-drive': st(1, true, 'd0'), finance: st(2, true, 'd0') };
    const a = lead({ steps: { ...base, finance: st(10, false, 'd1') } });
    const b = lead({ steps: { ...base, 'present-deal': st(11, true, 'd2') } });
    const { merged, lost } = mergeLeads(a, b);
    assert.equal(merged.steps.finance!.checked, false);
    assert.equal(merged.steps['present-deal']!.checked, true);
    assert.equal(merged.progressStepId, 'present-deal');
    assert.deepEqual(
      lost.map((l) => l.field),
      ['steps.finance'],
    );
    const onlyClear = mergeLeads(a, lead({ steps: base }), { base: lead({ steps: base }) });
    assert.equal(onlyClear.merged.progressStepId, 'test-drive', 'rolls back after the merged removal');
    assert.deepEqual(onlyClear.lost, [], 'the other side did not touch finance');
  });

  test("merge: with the lead's events, nextEventAt and the action date are recomputed from them", () => {
    const a = lead({ nextEventAt: 5, updatedAt: 3 });
    const b = lead({ nextEventAt: 9, updatedAt: 4 });
    const events = [event('event:x', NOW + DAY), event('event:y', NOW - DAY, { completedAt: 1 })];
    const { merged } = mergeLeads(a, b, { events });
    assert.equal(merged.nextEventAt, NOW + DAY);
    assert.equal(merged.actionAt, NOW + DAY);
  });
});

describe('merging events and activity', () => {
  test('merge events: a completion, once set, is kept; the earliest completion wins', () => {
    const open = event('event:1', NOW, { updatedAt: 10 });
    const doneA = { ...open, completedAt: 50, completedBy: 'sam', updatedAt: 50 };
    const doneB = { ...open, completedAt: 40, completedBy: 'mike', updatedAt: 40 };
    const table: Array<[CalendarEventDoc, CalendarEventDoc, number, string]> = [
      [open, doneA, 50, 'sam'],
      [doneA, open, 50, 'sam'],
      [doneA, doneB, 40, 'mike'],
      [doneB, doneA, 40, 'mike'],
      [open, open, 0, ''],
    ];
    for (const [x, y, at, by] of table) {
      const m = mergeEvents(x, y);
      assert.equal(m.completedAt, at);
      assert.equal(m.completedBy, by);
      assert.deepEqual(m, mergeEvents(y, x));
    }
  });

  const request = (overrides: Partial<CloseRequest> = {}): CloseRequest => ({
    id: 'activity:r:close-request',
    type: 'activity',
    dealershipId: 'dealer-1',
    kind: 'close-request',
    leadId: 'lead:1',
    actorId: 'rita',
    deviceId: 'd',
    commandId: 'r',
    at: 1,
    choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    managerId: '',
    status: 'pending',
    decidedBy: '',
    decidedAt: 0,
    declineReason: '',
    decisionCommandId: '',
    ...overrides,
  });

  test('merge activity: a decided close request beats a pending one; of two decisions the first stands', () => {
    const pending = request();
    const approved = request({ status: 'approved', decidedBy: 'mike', decidedAt: 20, decisionCommandId: 'd-2' });
    const declined = request({ status: 'declined', decidedBy: 'nora', decidedAt: 10, decisionCommandId: 'd-1' });
    const table: Array<[ActivityDoc, ActivityDoc, string]> = [
      [pending, approved, 'approved'],
      [approved, pending, 'approved'],
      [approved, declined, 'declined'],
      [declined, approved, 'declined'],
      [pending, pending, 'pending'],
    ];
    for (const [x, y, status] of table) assert.equal((mergeActivity(x, y) as CloseRequest).status, status);
  });

  test('merge activity: a notification keeps the later read time; other activity is append-only and identical', () => {
    const n: NotificationEntry = {
      id: 'activity:c:notify:x:nora',
      type: 'activity',
      dealershipId: 'dealer-1',
      kind: 'notification',
      leadId: 'lead:1',
      actorId: 'sam',
      deviceId: 'd',
      commandId: 'c',
      at: 1,
      recipientId: 'nora',
      topic: 'lead-closed-lost',
      data: {},
      readAt: 0,
    };
    assert.equal((mergeActivity(n, { ...n, readAt: 9 }) as NotificationEntry).readAt, 9);
    assert.equal((mergeActivity({ ...n, readAt: 9 }, { ...n, readAt: 4 }) as NotificationEntry).readAt, 9);
    const note = {
      id: 'activity:c:note',
      type: 'activity',
      dealershipId: 'dealer-1',
      kind: 'note',
      leadId: 'lead:1',
      actorId: 'sam',
      deviceId: 'd',
      commandId: 'c',
      at: 1,
      text: 't',
      context: 'note',
    } as const;
    assert.deepEqual(mergeActivity(note, note), note);
    assert.deepEqual(
      mergeActivity(note, { ...note, text: 'u' }),
      mergeActivity({ ...note, text: 'u' }, note),
      'even a tampered copy merges the same way on every replica',
    );
  });
});
