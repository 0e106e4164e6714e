/**
 * Atomicity across collections: a command interrupted half-way is finished on the next open
 * (journal replay), and one interrupted before its journal is written leaves nothing. RxDB's
 * memory storage keeps a database's data per name for the life of the process, so a close and
 * a reopen under the same name stand in for a reload here (the browser test does it on IndexedDB).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { Command } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore } from '../../../src/store/store.js';
import { listLocal } from '../../../src/store/local.js';
import { type JournalEntry, replayJournal, writeEntry } from '../../../src/store/journal.js';
import { DAY, DEALER, NOW, closeLostChoices, openTestStore, snapshot, uniqueName } from './fixtures.js';

/** A write that bypasses commands, as sync or an import does. */
const importMoved = (store: LeadStore, event: Record<string, unknown>): Promise<void> => store.importDocuments({ events: [event as never] });

const reopen = (name: string): Promise<LeadStore> =>
  createStore({ dealershipId: DEALER, name, storage: 'memory', deviceId: 'device-test', now: () => NOW, userId: 'sam' });

const command: Command = { type: 'close-lost', leadId: 'lead:1', choices: closeLostChoices() };

describe('journal: a command is applied whole or not at all', () => {
  test('interrupted after the journal and the leads write: reopening finishes the events and activity', async () => {
    const name = uniqueName('journal-replay');
    const crashing = await openTestStore({ name, crashAt: 'leads' });
    await assert.rejects(crashing.execute(command, { commandId: 'crash-1' }), /simulated crash/);
    assert.equal(crashing.database.closed, true);

    const store = await reopen(name);
    try {
      const lead = await firstValueFrom(store.lead$('lead:1'));
      assert.equal(lead?.status, 'closed', 'the lead write (done before the crash) is there');
      const events = await firstValueFrom(store.events$('lead:1'));
      assert.equal(events.find((e) => e.id === 'event:overdue')?.completedAt, NOW, 'the event writes were replayed');
      assert.ok(
        events.some((e) => e.eventType === 'closed-lost-follow-up'),
        'the follow-up was replayed',
      );
      const audit = await store.database.collections['activity']!.findOne('activity:crash-1:audit').exec();
      assert.ok(audit, 'the audit entry was replayed');
      assert.deepEqual(await listLocal(store.database, 'journal:'), [], 'the journal entry is gone');
      const again = await store.execute(command, { commandId: 'crash-1' });
      assert.equal(!again.ok && again.error.code, 'command/duplicate');
    } finally {
      await store.remove();
    }
  });

  test('interrupted before the journal is written: reopening shows none of it', async () => {
    const name = uniqueName('journal-none');
    const crashing = await openTestStore({ name, crashAt: 'before-journal' });
    const before = await snapshot(crashing);
    await assert.rejects(crashing.execute(command, { commandId: 'crash-2' }), /simulated crash/);

    const store = await reopen(name);
    try {
      assert.deepEqual(await snapshot(store), before, 'nothing of the command was written');
      const retry = await store.execute(command, { commandId: 'crash-2' });
      assert.ok(retry.ok, 'the same command can run again since none of it was applied');
    } finally {
      await store.remove();
    }
  });

  test('replay drops an entry whose lead someone else changed before it was written (its decision was overtaken): none of it is written', async () => {
    const store = await openTestStore();
    try {
      const leads = store.database.collections['leads']!;
      const revOf = async (id: string): Promise<string> => (await leads.findOne(id).exec())!.revision;
      const stale = { ...(await firstValueFrom(store.lead$('lead:2')))!, interest: 'warm' as const, commandId: 'left-behind' };
      const audit = {
        id: 'activity:left-behind:audit',
        type: 'activity',
        dealershipId: DEALER,
        kind: 'audit',
        leadId: 'lead:2',
        actorId: 'sam',
        deviceId: 'd',
        commandId: 'left-behind',
        at: NOW,
        action: 'set-interest',
        changes: {},
      };
      const entry: JournalEntry = {
        commandId: 'left-behind',
        writes: { leads: [stale], activity: [audit] },
        before: { 'leads/lead:2': await revOf('lead:2'), 'activity/activity:left-behind:audit': null },
        at: NOW,
      };
      // A later command changes lead:2 after the journal entry was written.
      const later = await store.execute({ type: 'set-interest', leadId: 'lead:2', interest: 'hot' });
      assert.ok(later.ok);
      await writeEntry(store.database, entry);

      assert.deepEqual(await replayJournal(store.database), [], 'nothing replayed');
      assert.equal((await firstValueFrom(store.lead$('lead:2')))?.interest, 'hot', 'the later write is kept');
      assert.equal(await store.database.collections['activity']!.findOne(audit.id).exec(), null, "the overtaken command's audit is not written");
      assert.deepEqual(await listLocal(store.database, 'journal:'), [], 'the entry is gone');
    } finally {
      await store.remove();
    }
  });

  test('replay of an entry whose lead was written finishes the rest, merging an event another writer changed meanwhile', async () => {
    const store = await openTestStore();
    try {
      const leads = store.database.collections['leads']!;
      const events = store.database.collections['events']!;
      const lead1 = (await firstValueFrom(store.lead$('lead:1')))!;
      const event = (await events.findOne('event:future').exec())!;
      const written = { ...lead1, interest: 'warm' as const, commandId: 'half' };
      const completion = { ...(event.toJSON() as Record<string, unknown>), completedAt: NOW, completedBy: 'sam', updatedAt: NOW, commandId: 'half' };
      const entry: JournalEntry = {
        commandId: 'half',
        writes: { leads: [written], events: [completion] },
        before: { 'leads/lead:1': (await leads.findOne('lead:1').exec())!.revision, 'events/event:future': event.revision },
        at: NOW,
      };
      await writeEntry(store.database, entry);
      // The lead was written before a crash; then someone else (sync, say) moved the event.
      await store.importDocuments({ leads: [written] });
      await importMoved(store, { ...(event.toJSON() as Record<string, unknown>), dueAt: NOW + 9 * DAY, updatedAt: NOW + 1, commandId: 'sync' });

      assert.deepEqual(await replayJournal(store.database), ['half']);
      const after = (await events.findOne('event:future').exec())!.toJSON();
      assert.equal(after.completedAt, NOW, "the entry's completion is written");
      assert.equal(after.dueAt, NOW + 9 * DAY, "the other writer's new date is kept");
      assert.deepEqual(await listLocal(store.database, 'journal:'), []);
    } finally {
      await store.remove();
    }
  });
});
