/** Bulk Manage through the store: role, one audit per lead, refusals that do not stop the rest, resume after a crash. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { AuditEntry, Command } from '../../../src/model/index.js';
import { createStore } from '../../../src/store/store.js';
import { DEALER, NOW, closeLostChoices, openTestStore, snapshot, uniqueName } from './fixtures.js';

const closeAll = (ids: string[]): Command[] => ids.map((leadId) => ({ type: 'close-lost', leadId, choices: closeLostChoices({ followUpAt: null }) }));

async function audits(store: Awaited<ReturnType<typeof openTestStore>>): Promise<AuditEntry[]> {
  const docs = await store.database.collections['activity']!.find({ selector: { kind: 'audit' } }).exec();
  return docs.map((d) => d.toJSON() as AuditEntry);
}

describe('bulk commands', () => {
  test('bulk close lost (seed: Bulk Manage) closes each lead, audited on its own, with progress reported', async () => {
    const store = await openTestStore({ actor: 'bob' });
    try {
      const progress: Array<[number, number]> = [];
      const results = await store.executeBulk(closeAll(['lead:1', 'lead:2', 'lead:3']), { bulkId: 'b1', onProgress: (d, t) => progress.push([d, t]) });
      assert.deepEqual(
        results.map((r) => [r.leadId, r.result.ok]),
        [
          ['lead:1', true],
          ['lead:2', true],
          ['lead:3', true],
        ],
      );
      assert.deepEqual(progress, [
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      for (const id of ['lead:1', 'lead:2', 'lead:3']) assert.equal((await firstValueFrom(store.lead$(id)))?.status, 'closed');
      const closeAudits = (await audits(store)).filter((a) => a.action === 'close-lost');
      assert.deepEqual(closeAudits.map((a) => a.leadId).sort(), ['lead:1', 'lead:2', 'lead:3']);
      assert.deepEqual(await store.pendingBulks(), []);
    } finally {
      await store.remove();
    }
  });

  test('without the Bulk Manage role a bulk over several leads is refused and writes nothing', async () => {
    const store = await openTestStore({ actor: 'sam' });
    try {
      const before = await snapshot(store);
      const results = await store.executeBulk(closeAll(['lead:1', 'lead:2']));
      assert.deepEqual(
        results.map((r) => !r.result.ok && r.result.error.code),
        ['auth/bulk-manage-required', 'auth/bulk-manage-required'],
      );
      assert.deepEqual(await snapshot(store), before);
    } finally {
      await store.remove();
    }
  });

  test('a refused lead does not stop the others', async () => {
    const store = await openTestStore({ actor: 'bob' });
    try {
      const results = await store.executeBulk(closeAll(['lead:1', 'lead:missing', 'lead:3']));
      assert.deepEqual(
        results.map((r) => (r.result.ok ? 'ok' : r.result.error.code)),
        ['ok', 'lead/not-found', 'ok'],
      );
    } finally {
      await store.remove();
    }
  });

  test('a bulk interrupted by a crash is listed after reopening and resumes without applying anything twice', async () => {
    const name = uniqueName('bulk-resume');
    const crashing = await openTestStore({ name, actor: 'bob', crashAt: 'activity' });
    await assert.rejects(crashing.executeBulk(closeAll(['lead:1', 'lead:2', 'lead:3']), { bulkId: 'b-crash' }), /simulated crash/);

    const store = await createStore({ dealershipId: DEALER, name, storage: 'memory', deviceId: 'device-test', now: () => NOW, userId: 'bob' });
    try {
      const pending = await store.pendingBulks();
      assert.deepEqual(
        pending.map((p) => [p.bulkId, p.userId, p.total, p.done]),
        [['b-crash', 'bob', 3, 0]],
      );
      const results = await store.resumeBulk('b-crash');
      assert.deepEqual(
        results.map((r) => [r.leadId, r.result.ok]),
        [
          ['lead:1', true],
          ['lead:2', true],
          ['lead:3', true],
        ],
      );
      assert.equal(results[0]!.result.ok && results[0]!.result.outcome['outcome'], 'already-applied');
      const closeAudits = (await audits(store)).filter((a) => a.action === 'close-lost');
      assert.equal(closeAudits.length, 3, 'one audit per lead, none twice');
      assert.deepEqual(await store.pendingBulks(), []);
    } finally {
      await store.remove();
    }
  });
});
