/** Every command through the store: where its changes land, and its one audit entry. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { ActivityDoc, AuditEntry, Command, CommandResult, LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { DAY, DEALER, NOW, closeLostChoices, openTestStore } from './fixtures.js';

async function run(store: LeadStore, command: Command, commandId?: string): Promise<Extract<CommandResult, { ok: true }>> {
  const result = await store.execute(command, commandId ? { commandId } : {});
  if (!result.ok) assert.fail(`${command.type} refused: ${result.error.code} ${result.error.message}`);
  return result;
}

const leadOf = async (store: LeadStore, id: string): Promise<LeadDoc> => {
  const doc = await firstValueFrom(store.lead$(id));
  assert.ok(doc, `${id} exists`);
  return doc;
};
const activityOfCommand = async (store: LeadStore, commandId: string): Promise<ActivityDoc[]> =>
  (await store.database.collections['activity']!.find({ selector: { commandId } }).exec()).map((d) => d.toJSON() as ActivityDoc);

async function assertOneAudit(store: LeadStore, commandId: string, action: string, actorId: string): Promise<AuditEntry> {
  const audits = (await activityOfCommand(store, commandId)).filter((a): a is AuditEntry => a.kind === 'audit');
  assert.equal(audits.length, 1, 'one audit entry per command');
  const audit = audits[0]!;
  assert.equal(audit.action, action, 'what');
  assert.equal(audit.actorId, actorId, 'who');
  assert.equal(audit.at, NOW, 'when');
  assert.equal(audit.deviceId, 'device-test', 'from which device');
  assert.equal(audit.dealershipId, DEALER);
  return audit;
}

describe('store commands', () => {
  test('create-lead writes the lead and its audit entry', async () => {
    const store = await openTestStore();
    try {
      const r = await run(store, {
        type: 'create-lead',
        lead: { customer: { name: 'Nina Patel', email: 'nina@example.test', phone: '0711' }, vehicle: '2024 Kia EV6', source: 'Website', salespersonId: 'sam' },
      });
      const created = await leadOf(store, r.outcome['leadId']!);
      assert.equal(created.customer.name, 'Nina Patel');
      assert.equal(created.status, 'open');
      assert.equal(created.commandId, r.commandId);
      await assertOneAudit(store, r.commandId, 'create-lead', 'sam');
    } finally {
      await store.remove();
    }
  });

  test("close-lost (seed: close a lead as lost) closes the lead, completes overdue events only, adds the follow-up, the note and the managers' notification", async () => {
    const store = await openTestStore();
    try {
      const r = await run(store, { type: 'close-lost', leadId: 'lead:1', choices: closeLostChoices() });
      assert.equal(r.outcome['outcome'], 'closed');
      const closed = await leadOf(store, 'lead:1');
      assert.equal(closed.status, 'closed');
      assert.equal(closed.outcome, 'lost');
      assert.equal(closed.closeReasonId, 'price');
      assert.equal(closed.closedBy, 'sam');
      assert.deepEqual(closed.contactGroups, ['live-leads']);
      const events = await firstValueFrom(store.events$('lead:1'));
      const byId = new Map(events.map((e) => [e.id, e]));
      assert.equal(byId.get('event:overdue')!.completedAt, NOW, 'the overdue event is completed');
      assert.equal(byId.get('event:future')!.completedAt, 0, 'the future event stays open');
      const followUp = events.find((e) => e.eventType === 'closed-lost-follow-up');
      assert.ok(followUp, 'a Closed Lost Lead Follow Up event');
      assert.equal(followUp.dueAt, NOW + 30 * DAY);
      const activity = await activityOfCommand(store, r.commandId);
      assert.ok(activity.some((a) => a.kind === 'note' && a.text === 'Went with a cheaper dealer.'));
      const notes = activity.filter((a) => a.kind === 'notification');
      assert.deepEqual(
        notes.map((n) => n.kind === 'notification' && n.recipientId),
        ['maria'],
      );
      await assertOneAudit(store, r.commandId, 'close-lost', 'sam');
      const inbox = await firstValueFrom(store.notifications$('maria'));
      assert.equal(inbox.length, 1);
    } finally {
      await store.remove();
    }
  });

  test('close-lost with the permission role defined becomes a request that a manager approves', async () => {
    const store = await openTestStore({ actor: 'rita', policy: { definedRoles: ['close-lead-lost-permission'] } });
    try {
      const r = await run(store, { type: 'close-lost', leadId: 'lead:2', choices: closeLostChoices({ followUpAt: null }) });
      assert.equal(r.outcome['outcome'], 'requested');
      const requestId = r.outcome['requestId']!;
      const lead2 = await leadOf(store, 'lead:2');
      assert.equal(lead2.status, 'open');
      assert.equal(lead2.closeRequestId, requestId);
      const pending = await firstValueFrom(store.closeRequests$({ status: 'pending', managerId: 'maria' }));
      assert.deepEqual(
        pending.map((p) => p.id),
        [requestId],
      );
      await assertOneAudit(store, r.commandId, 'close-lost', 'rita');

      await store.setActor('maria');
      const d = await run(store, { type: 'decide-close-request', requestId, decision: 'approve' });
      assert.equal((await leadOf(store, 'lead:2')).status, 'closed');
      const decided = await firstValueFrom(store.closeRequests$({}));
      assert.equal(decided[0]!.status, 'approved');
      await assertOneAudit(store, d.commandId, 'decide-close-request', 'maria');
      assert.ok((await firstValueFrom(store.notifications$('rita'))).some((n) => n.topic === 'close-request-approved'));
    } finally {
      await store.remove();
    }
  });

  test('a declined close request leaves the lead open and tells the requester; withdraw-close-request takes one back', async () => {
    const store = await openTestStore({ actor: 'rita', policy: { definedRoles: ['close-lead-lost-permission'] } });
    try {
      const first = await run(store, { type: 'close-lost', leadId: 'lead:2', choices: closeLostChoices({ followUpAt: null }) });
      await store.setActor('maria');
      const d = await run(store, {
        type: 'decide-close-request',
        requestId: first.outcome['requestId']!,
        decision: 'decline',
        declineReason: 'Call them once more',
      });
      assert.equal(d.outcome['outcome'], 'declined');
      const lead2 = await leadOf(store, 'lead:2');
      assert.equal(lead2.status, 'open');
      assert.equal(lead2.closeRequestId, '');
      assert.ok((await firstValueFrom(store.notifications$('rita'))).some((n) => n.topic === 'close-request-declined'));

      await store.setActor('rita');
      const second = await run(store, { type: 'close-lost', leadId: 'lead:3', choices: closeLostChoices({ followUpAt: null }) });
      const w = await run(store, { type: 'withdraw-close-request', requestId: second.outcome['requestId']! });
      assert.equal((await leadOf(store, 'lead:3')).closeRequestId, '');
      await assertOneAudit(store, w.commandId, 'withdraw-close-request', 'rita');
    } finally {
      await store.remove();
    }
  });

  test('close-won, then reopen by a manager', async () => {
    const store = await openTestStore();
    try {
      const r = await run(store, {
        type: 'close-won',
        leadId: 'lead:1',
        choices: { completeOverdueEvents: true, completeAllEvents: true, notes: '', contactGroups: ['past-customers'], followUpAt: NOW + 7 * DAY },
      });
      const won = await leadOf(store, 'lead:1');
      assert.equal(won.outcome, 'won');
      assert.equal(won.soldAt, NOW);
      const events = await firstValueFrom(store.events$('lead:1'));
      assert.ok(
        events.filter((e) => e.eventType !== 'post-sale-follow-up').every((e) => e.completedAt === NOW),
        'all incomplete events completed',
      );
      assert.ok(events.some((e) => e.eventType === 'post-sale-follow-up'));
      await assertOneAudit(store, r.commandId, 'close-won', 'sam');

      await store.setActor('maria');
      const o = await run(store, { type: 'reopen', leadId: 'lead:1', note: 'Wants a second car' });
      const reopened = await leadOf(store, 'lead:1');
      assert.equal(reopened.status, 'open');
      assert.equal(reopened.outcome, '');
      await assertOneAudit(store, o.commandId, 'reopen', 'maria');
    } finally {
      await store.remove();
    }
  });

  test("update-progress and mark-sold: the lead's progress and one progress pass per ticked step", async () => {
    const store = await openTestStore();
    try {
      const r = await run(store, {
        type: 'update-progress',
        leadId: 'lead:2',
        update: { check: ['phone-call-made', 'test-drive'], clear: [], note: 'Booked a drive' },
      });
      const l = await leadOf(store, 'lead:2');
      assert.equal(l.progressStepId, 'test-drive');
      const passes = (await activityOfCommand(store, r.commandId)).filter((a) => a.kind === 'progress-pass');
      assert.equal(passes.length, 2);
      await assertOneAudit(store, r.commandId, 'update-progress', 'sam');

      const s = await run(store, { type: 'mark-sold', leadId: 'lead:2' });
      const sold = await leadOf(store, 'lead:2');
      assert.equal(sold.soldAt, NOW);
      assert.equal(sold.status, 'open', 'Sold keeps the lead open');
      await assertOneAudit(store, s.commandId, 'mark-sold', 'sam');
    } finally {
      await store.remove();
    }
  });

  test('set-interest, add-note, assign', async () => {
    const store = await openTestStore({ actor: 'maria' });
    try {
      const i = await run(store, { type: 'set-interest', leadId: 'lead:3', interest: 'hot' });
      assert.equal((await leadOf(store, 'lead:3')).interest, 'hot');
      await assertOneAudit(store, i.commandId, 'set-interest', 'maria');

      const n = await run(store, { type: 'add-note', leadId: 'lead:3', text: 'Prefers email' });
      const activity = await firstValueFrom(store.activity$('lead:3'));
      assert.ok(activity.some((a) => a.kind === 'note' && a.text === 'Prefers email'));
      await assertOneAudit(store, n.commandId, 'add-note', 'maria');

      const a = await run(store, { type: 'assign', leadId: 'lead:3', salespersonId: 'rita' });
      assert.equal((await leadOf(store, 'lead:3')).salespersonId, 'rita');
      await assertOneAudit(store, a.commandId, 'assign', 'maria');
    } finally {
      await store.remove();
    }
  });

  test('schedule-event, complete-events, record-response', async () => {
    const store = await openTestStore();
    try {
      const s = await run(store, { type: 'schedule-event', leadId: 'lead:2', event: { eventType: 'call', title: 'Call back', dueAt: NOW + DAY } });
      const events = await firstValueFrom(store.events$('lead:2'));
      assert.deepEqual(
        events.map((e) => e.id),
        [s.outcome['eventId']],
      );
      assert.equal((await leadOf(store, 'lead:2')).nextEventAt, NOW + DAY);
      await assertOneAudit(store, s.commandId, 'schedule-event', 'sam');

      const c = await run(store, { type: 'complete-events', leadId: 'lead:2', eventIds: [s.outcome['eventId']!] });
      assert.equal((await firstValueFrom(store.events$('lead:2')))[0]!.completedAt, NOW);
      await assertOneAudit(store, c.commandId, 'complete-events', 'sam');

      const t = await run(store, { type: 'record-response', leadId: 'lead:2', kind: 'test-drive', notes: 'Loved it', updateProgress: true });
      assert.equal((await leadOf(store, 'lead:2')).progressStepId, 'test-drive');
      await assertOneAudit(store, t.commandId, 'record-response', 'sam');
    } finally {
      await store.remove();
    }
  });

  test("reschedule-event moves an incomplete event, the lead's action date follows, and a completed one is refused with nothing written", async () => {
    const store = await openTestStore();
    try {
      // lead:1 has event:overdue (NOW - 2 days) and event:future (NOW + 5 days), created by and assigned to sam.
      const r = await run(store, { type: 'reschedule-event', leadId: 'lead:1', eventId: 'event:overdue', dueAt: NOW + 7 * DAY, notes: 'Customer is away' });
      const events = await firstValueFrom(store.events$('lead:1'));
      const moved = events.find((e) => e.id === 'event:overdue')!;
      assert.deepEqual([moved.dueAt, moved.notes, moved.title, moved.commandId], [NOW + 7 * DAY, 'Customer is away', 'Follow up overdue', r.commandId]);
      const l = await leadOf(store, 'lead:1');
      assert.equal(l.nextEventAt, NOW + 5 * DAY, 'the oldest incomplete event is now event:future');
      assert.equal(l.actionAt, NOW + 5 * DAY);
      const audit = await assertOneAudit(store, r.commandId, 'reschedule-event', 'sam');
      assert.deepEqual(audit.changes['event'], { dueAt: [NOW - 2 * DAY, NOW + 7 * DAY], notes: ['', 'Customer is away'] });

      await run(store, { type: 'complete-events', leadId: 'lead:1', eventIds: ['event:future'] });
      const before = await store.database.collections['events']!.findOne('event:future').exec();
      const refused = await store.execute({ type: 'reschedule-event', leadId: 'lead:1', eventId: 'event:future', dueAt: NOW + 9 * DAY });
      assert.equal(!refused.ok && refused.error.code, 'event/completed');
      assert.equal((await store.database.collections['events']!.findOne('event:future').exec())!.revision, before!.revision, 'the event is untouched');
      assert.deepEqual(await activityOfCommand(store, refused.commandId), [], 'no audit of the refused command');
    } finally {
      await store.remove();
    }
  });

  test('mark-notification-read by its recipient', async () => {
    const store = await openTestStore();
    try {
      await run(store, { type: 'close-lost', leadId: 'lead:2', choices: closeLostChoices({ followUpAt: null }) });
      await store.setActor('maria');
      const [note] = await firstValueFrom(store.notifications$('maria'));
      assert.ok(note);
      const m = await run(store, { type: 'mark-notification-read', notificationId: note.id });
      assert.equal((await firstValueFrom(store.notifications$('maria')))[0]!.readAt, NOW);
      await assertOneAudit(store, m.commandId, 'mark-notification-read', 'maria');
    } finally {
      await store.remove();
    }
  });

  test('update-policy and upsert-user by an admin land in policies and users; policy$ and the actor follow', async () => {
    const store = await openTestStore({ actor: 'ada' });
    try {
      const current = await firstValueFrom(store.policy$);
      const { id, type, dealershipId, updatedAt, updatedBy, stamp, ...editable } = current;
      const p = await run(store, {
        type: 'update-policy',
        policy: { ...editable, companyName: 'Forecourt Motors Ltd', mandatory: { closeLost: ['reason', 'notes'], progressNote: true } },
      });
      const updated = await firstValueFrom(store.policy$);
      assert.equal(updated.companyName, 'Forecourt Motors Ltd');
      assert.deepEqual(updated.mandatory.closeLost, ['reason', 'notes']);
      await assertOneAudit(store, p.commandId, 'update-policy', 'ada');

      const u = await run(store, {
        type: 'upsert-user',
        user: { userId: 'sam', name: 'Sam', email: 'sam@example.test', roles: ['salesperson', 'bulk-manage'], managerId: 'maria', active: true },
      });
      const users = await firstValueFrom(store.users$);
      assert.deepEqual(users.find((x) => x.userId === 'sam')!.roles, ['salesperson', 'bulk-manage']);
      await assertOneAudit(store, u.commandId, 'upsert-user', 'ada');

      await store.setActor('sam');
      assert.deepEqual(store.currentActor()!.roles, ['salesperson', 'bulk-manage'], 'the actor has the new role');
    } finally {
      await store.remove();
    }
  });
});
