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
import { type JournalEntry, TrustedWrites, journalId, replayJournal } from '../../../src/store/journal.js';
import { DEALER, NOW, closeLostChoices, openTestStore, snapshot, uniqueName } from './fixtures.js';

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
      assert.ok(events.some((e) => e.eventType === 'closed-lost-follow-up'), 'the follow-up was replayed');
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

  test('replay writes only documents nobody changed since the journal was written', async () => {
    const store = await openTestStore();
    try {
      const leads = store.database.collections['leads']!;
      const revOf = async (id: string): Promise<string> => (await leads.findOne(id).exec())!.revision;
      const stale = { ...(await firstValueFrom(store.lead$('lead:2')))!, interest: 'warm' as const };
      const untouched = { ...(await firstValueFrom(store.lead$('lead:3')))!, interest: 'cold' as const };
      const entry: JournalEntry = {
        commandId: 'left-behind',
        writes: { leads: [stale, untouched] },
        before: { 'leads/lead:2': await revOf('lead:2'), 'leads/lead:3': await revOf('lead:3') },
        at: NOW,
      };
      // A later command changes lead:2 after the journal entry was written.
      const later = await store.execute({ type: 'set-interest', leadId: 'lead:2', interest: 'hot' });
      assert.ok(later.ok);
      await store.database.insertLocal(journalId('left-behind'), entry);

      // The store's own trusted-writes set, as on open (the backstop hooks do not judge replays).
      const replayed = await replayJournal(store.database, (store as unknown as { trusted: TrustedWrites }).trusted);
      assert.deepEqual(replayed, ['left-behind']);
      assert.equal((await firstValueFrom(store.lead$('lead:2')))?.interest, 'hot', 'the later write is kept');
      assert.equal((await firstValueFrom(store.lead$('lead:3')))?.interest, 'cold', 'the unchanged document is written');
      assert.deepEqual(await listLocal(store.database, 'journal:'), []);
    } finally {
      await store.remove();
    }
  });
});
