/**
 * Bad input returns a typed error and writes nothing: every case compares the whole database
 * (documents with revisions, and the local journal/bulk documents) before and after.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command, ErrorCode, LIMITS as LimitsType } from '../../../src/model/index.js';
import { LIMITS } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { DAY, NOW, closeLostChoices, openTestStore, snapshot } from './fixtures.js';

const limits: typeof LimitsType = LIMITS;

async function refusedUnchanged(store: LeadStore, command: unknown, code: ErrorCode | ErrorCode[], commandId?: string): Promise<void> {
  const before = await snapshot(store);
  const result = await store.execute(command as Command, commandId ? { commandId } : {});
  assert.equal(result.ok, false, `expected a refusal with ${String(code)}`);
  if (!result.ok) {
    const codes = Array.isArray(code) ? code : [code];
    assert.ok(codes.includes(result.error.code), `got ${result.error.code}: ${result.error.message}`);
    assert.equal(typeof result.error.message, 'string');
  }
  assert.deepEqual(await snapshot(store), before, 'the database is unchanged');
}

const closeLost = (leadId: string, choices: Record<string, unknown> = {}): unknown => ({ type: 'close-lost', leadId, choices: closeLostChoices(choices) });

describe('bad input writes nothing', () => {
  test('an unknown lead', async () => {
    const store = await openTestStore();
    try {
      await refusedUnchanged(store, closeLost('lead:nope'), 'lead/not-found');
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:nope', interest: 'hot' }, 'lead/not-found');
      await refusedUnchanged(store, { type: 'add-note', leadId: 'x'.repeat(500), text: 'hi' }, 'lead/not-found');
    } finally {
      await store.remove();
    }
  });

  test("a missing or unknown close reason (seed: reason from the company's standard list)", async () => {
    const store = await openTestStore();
    try {
      await refusedUnchanged(store, closeLost('lead:1', { reasonId: '' }), 'close/reason-required');
      await refusedUnchanged(store, closeLost('lead:1', { reasonId: 'bored' }), 'close/reason-unknown');
      await refusedUnchanged(store, { type: 'close-lost', leadId: 'lead:1' }, ['input/invalid', 'close/reason-required']);
    } finally {
      await store.remove();
    }
  });

  test('closing a lead that is already closed', async () => {
    const store = await openTestStore();
    try {
      const first = await store.execute(closeLost('lead:2') as Command);
      assert.ok(first.ok);
      await refusedUnchanged(store, closeLost('lead:2'), 'lead/closed');
      await refusedUnchanged(
        store,
        {
          type: 'close-won',
          leadId: 'lead:2',
          choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
        },
        'lead/closed',
      );
    } finally {
      await store.remove();
    }
  });

  test("a response on a closed lead, 'Update Lead Progress' ticked or not: reopen first", async () => {
    const store = await openTestStore();
    try {
      const first = await store.execute(closeLost('lead:2') as Command);
      assert.ok(first.ok);
      for (const updateProgress of [true, false]) {
        await refusedUnchanged(store, { type: 'record-response', leadId: 'lead:2', kind: 'test-drive', notes: 'Drove it', updateProgress }, 'lead/closed');
      }
    } finally {
      await store.remove();
    }
  });

  test('the wrong role: no permission role, not a manager, not an admin, no actor', async () => {
    const store = await openTestStore({ policy: { definedRoles: ['close-lead-lost-permission'] } });
    try {
      // sam is outside 'Close Lead Lost Permission' once the company defines it.
      await refusedUnchanged(store, closeLost('lead:1'), 'auth/not-permitted');
      await refusedUnchanged(store, { type: 'reopen', leadId: 'lead:1' }, ['auth/not-manager', 'lead/open']);
      await refusedUnchanged(store, { type: 'assign', leadId: 'lead:1', salespersonId: 'rita' }, 'auth/not-manager');
      await refusedUnchanged(
        store,
        { type: 'upsert-user', user: { userId: 'sam', name: 'Sam', email: '', roles: ['admin'], managerId: '', active: true } },
        'auth/not-admin',
      );
      await store.setActor(null);
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, 'auth/no-actor');
      await store.setActor('ghost');
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, 'auth/no-actor');
    } finally {
      await store.remove();
    }
  });

  test('malformed and impossible dates: NaN, a string, Infinity, the year 10000, the past', async () => {
    const store = await openTestStore();
    try {
      const year10000 = Date.UTC(10000, 0, 1);
      for (const followUpAt of [Number.NaN, '2025-07-01', Number.POSITIVE_INFINITY, year10000]) {
        await refusedUnchanged(store, closeLost('lead:1', { followUpAt }), ['input/date-invalid', 'doc/invalid']);
      }
      await refusedUnchanged(store, closeLost('lead:1', { followUpAt: NOW - 5 * DAY }), 'input/date-in-past');
      for (const dueAt of [Number.NaN, 'tomorrow', year10000, -1]) {
        await refusedUnchanged(store, { type: 'schedule-event', leadId: 'lead:2', event: { eventType: 'call', title: 'Call', dueAt } }, [
          'input/date-invalid',
          'input/date-in-past',
          'doc/invalid',
        ]);
      }
    } finally {
      await store.remove();
    }
  });

  test('oversized notes and text', async () => {
    const store = await openTestStore();
    try {
      const long = 'x'.repeat(limits.noteLength + 1);
      await refusedUnchanged(store, closeLost('lead:1', { notes: long }), 'input/text-too-long');
      await refusedUnchanged(store, { type: 'add-note', leadId: 'lead:1', text: long }, 'input/text-too-long');
      await refusedUnchanged(
        store,
        { type: 'update-progress', leadId: 'lead:1', update: { check: ['test-drive'], clear: [], note: long } },
        'input/text-too-long',
      );
    } finally {
      await store.remove();
    }
  });

  test('a duplicate command id is refused and writes nothing', async () => {
    const store = await openTestStore();
    try {
      const first = await store.execute({ type: 'set-interest', leadId: 'lead:1', interest: 'warm' }, { commandId: 'cmd-1' });
      assert.ok(first.ok);
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, 'command/duplicate', 'cmd-1');
      // The same id on another lead (a different command reusing the key) is refused too.
      await refusedUnchanged(store, { type: 'add-note', leadId: 'lead:2', text: 'again' }, 'command/duplicate', 'cmd-1');
    } finally {
      await store.remove();
    }
  });

  test('not a command at all: null, an unknown type, a bad command id', async () => {
    const store = await openTestStore();
    try {
      await refusedUnchanged(store, null, 'command/unknown');
      await refusedUnchanged(store, { type: 'drop-database' }, 'command/unknown');
      await refusedUnchanged(store, 'close-lost', 'command/unknown');
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:1', interest: 'scorching' }, 'interest/unknown');
      await refusedUnchanged(store, { type: 'set-interest', leadId: 'lead:1', interest: 'hot' }, 'input/invalid', 'has spaces');
    } finally {
      await store.remove();
    }
  });

  test('check() decides without writing', async () => {
    const store = await openTestStore();
    try {
      const before = await snapshot(store);
      const okResult = await store.check(closeLost('lead:1') as Command);
      assert.deepEqual(okResult.ok && okResult.value['outcome'], 'closed');
      const refused = await store.check(closeLost('lead:1', { reasonId: '' }) as Command);
      assert.equal(!refused.ok && refused.error.code, 'close/reason-required');
      assert.deepEqual(await snapshot(store), before);
    } finally {
      await store.remove();
    }
  });
});
