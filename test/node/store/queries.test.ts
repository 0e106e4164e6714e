/** Reactive reads, the dashboard query, the shared registry, the device id and the backstop hooks. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import { ForecourtError, defaultPolicy } from '../../../src/model/index.js';
import { createStore, openSharedStore } from '../../../src/store/store.js';
import { DAY, DEALER, NOW, USERS, closeLostChoices, lead, openTestStore, uniqueName } from './fixtures.js';

describe('store reads', () => {
  test('policy$ is the default policy while none is stored', async () => {
    const store = await createStore({ dealershipId: DEALER, name: uniqueName('policy'), storage: 'memory', now: () => NOW });
    try {
      assert.deepEqual(await firstValueFrom(store.policy$), defaultPolicy(DEALER));
    } finally {
      await store.remove();
    }
  });

  test('events$ by due date, activity$ newest first', async () => {
    const store = await openTestStore();
    try {
      const events = await firstValueFrom(store.events$('lead:1'));
      assert.deepEqual(
        events.map((e) => e.id),
        ['event:overdue', 'event:future'],
      );
      await store.execute({ type: 'add-note', leadId: 'lead:1', text: 'first' }, { commandId: 'n1' });
      const later = await createStore({ dealershipId: DEALER, name: store.database.name, storage: 'memory' });
      assert.equal(later, store, 'the same instance');
      const activity = await firstValueFrom(store.activity$('lead:1'));
      assert.ok(activity.length >= 2);
      for (let i = 1; i < activity.length; i++) assert.ok(activity[i - 1]!.at >= activity[i]!.at);
      await later.close();
    } finally {
      await store.remove();
    }
  });

  test('the actor follows role changes of their user document', async () => {
    const store = await openTestStore({ actor: 'sam' });
    try {
      assert.deepEqual(store.currentActor()?.roles, ['salesperson']);
      const promoted = { ...USERS[0]!, roles: ['salesperson', 'manager'] as const, updatedAt: NOW };
      await store.importDocuments({ users: [{ ...promoted, roles: [...promoted.roles] }] });
      const actor = await firstValueFrom(store.actor$.pipe(filter((a) => !!a && a.roles.includes('manager'))));
      assert.equal(actor?.userId, 'sam');
      await store.importDocuments({ users: [{ ...USERS[0]!, active: false }] });
      assert.equal(await firstValueFrom(store.actor$.pipe(filter((a) => a === null))), null, 'a deactivated user acts no more');
    } finally {
      await store.remove();
    }
  });

  test('dashboard$ (seed: a closed lead leaves Open; with a follow-up it shows under Closed in Now ± 3 days)', async () => {
    const store = await openTestStore();
    try {
      const open = await firstValueFrom(store.dashboard$({ status: 'open' }));
      assert.equal(open.total, 3);
      const closed = await store.execute({ type: 'close-lost', leadId: 'lead:2', choices: closeLostChoices({ followUpAt: NOW + 2 * DAY }) });
      assert.ok(closed.ok);
      const afterOpen = await firstValueFrom(store.dashboard$({ status: 'open' }));
      assert.deepEqual(afterOpen.rows.map((r) => r.id).sort(), ['lead:1', 'lead:3']);
      assert.deepEqual(afterOpen.counts.status, { open: 2, closed: 1, all: 3 });
      const dueSoon = await firstValueFrom(store.dashboard$({ status: 'closed', range: { kind: 'now-3' } }));
      assert.deepEqual(
        dueSoon.rows.map((r) => r.id),
        ['lead:2'],
      );
      const all = await firstValueFrom(store.dashboard$({ status: 'all', sort: { field: 'customer', direction: 'desc' } }));
      assert.deepEqual(
        all.rows.map((r) => r.customer.name),
        ['Customer 3', 'Customer 2', 'Customer 1'],
      );
    } finally {
      await store.remove();
    }
  });

  test('dashboard$ counts each facet with every other filter applied', async () => {
    const store = await openTestStore();
    try {
      await store.importDocuments({ leads: [lead(4, { interest: 'hot' }), lead(5, { interest: 'hot', salespersonId: 'sam' })] });
      const page = await firstValueFrom(store.dashboard$({ status: 'open', interest: ['hot'], salespersonIds: ['sam'] }));
      assert.deepEqual(
        page.rows.map((r) => r.id),
        ['lead:5'],
      );
      assert.equal(page.total, 1);
      // Interest counts ignore the interest filter but keep the salesperson one: sam has lead:1, lead:3 (not-set) and lead:5 (hot).
      assert.equal(page.counts.interest.hot, 1);
      assert.equal(page.counts.interest['not-set'], 2);
      // Salesperson counts ignore the salesperson filter but keep the interest one: hot leads are lead:4 (bob) and lead:5 (sam).
      assert.deepEqual(page.counts.salesperson, { bob: 1, sam: 1 });
      const text = await firstValueFrom(store.dashboard$({ status: 'all', text: 'FOCUS' }));
      assert.deepEqual(text.rows.map((r) => r.id).sort(), ['lead:2', 'lead:4']);
      const live = store.dashboard$({ status: 'open', limit: 1, offset: 1, sort: { field: 'actionAt', direction: 'asc' } });
      const second = await firstValueFrom(live);
      assert.equal(second.rows.length, 1);
      assert.equal(second.total, 5);
    } finally {
      await store.remove();
    }
  });
});

describe('one shared instance per database name', () => {
  test('opening twice, even at once, gives the same instance and never throws (RxDB DB8)', async () => {
    const name = uniqueName('shared');
    const options = { dealershipId: DEALER, name, storage: 'memory' as const };
    const [a, b] = await Promise.all([openSharedStore(options), openSharedStore(options)]);
    const c = await createStore(options);
    assert.equal(a, b);
    assert.equal(a, c);
    await a.close();
    await b.close();
    assert.equal(c.database.closed, false, 'open while a handle remains');
    const closingC = c.close();
    // Reopening while the close is still under way waits for it instead of tripping DB8.
    const d = await openSharedStore(options);
    await closingC;
    assert.equal(c.database.closed, true, 'the last handle closes it');
    assert.notEqual(d, a, 'a new instance after the last close');
    assert.equal(d.database.closed, false);
    await d.remove();
  });

  test('a name already open for another dealership is refused', async () => {
    const name = uniqueName('other-dealer');
    const store = await openSharedStore({ dealershipId: DEALER, name, storage: 'memory' });
    try {
      await assert.rejects(openSharedStore({ dealershipId: 'dealer-2', name, storage: 'memory' }), ForecourtError);
    } finally {
      await store.remove();
    }
  });

  test('the device id is random, then kept in the local database', async () => {
    const name = uniqueName('device');
    const first = await createStore({ dealershipId: DEALER, name, storage: 'memory' });
    const deviceId = first.deviceId;
    assert.match(deviceId, /^device-[0-9a-f]{16}$/);
    await first.close();
    const second = await createStore({ dealershipId: DEALER, name, storage: 'memory' });
    try {
      assert.equal(second.deviceId, deviceId);
    } finally {
      await second.remove();
    }
  });
});

describe('backstop hooks on direct collection writes', () => {
  test('a malformed direct insert is refused with a ForecourtError; the same through importDocuments (seeding) is not judged', async () => {
    const store = await openTestStore();
    try {
      const broken = { ...lead(9), actionAt: Number.NaN };
      await assert.rejects(store.database.collections['leads']!.insert(broken), (err: unknown) => err instanceof ForecourtError && err.code === 'doc/invalid');
      assert.equal(await store.database.collections['leads']!.findOne('lead:9').exec(), null);
      const badUpdate = store.database.collections['leads']!.findOne('lead:1')
        .exec()
        .then((d) => d!.incrementalPatch({ status: 'gone' as never }));
      await assert.rejects(badUpdate, (err: unknown) => err instanceof ForecourtError && err.code === 'doc/invalid');
      await store.importDocuments({ leads: [lead(9)] });
      assert.ok(await store.database.collections['leads']!.findOne('lead:9').exec());
    } finally {
      await store.remove();
    }
  });

  test('a direct write that breaks a rule (closing lost without a reason, deleting) is refused by the document validation', async () => {
    const store = await openTestStore({ actor: 'sam' });
    try {
      const leads = store.database.collections['leads']!;
      const before = (await leads.findOne('lead:1').exec())!.toJSON(true);
      const closeWithoutReason = leads
        .findOne('lead:1')
        .exec()
        .then((d) => d!.incrementalPatch({ status: 'closed', outcome: 'lost', closedAt: NOW, closedBy: 'sam', updatedBy: 'sam', updatedAt: NOW }));
      await assert.rejects(closeWithoutReason, (err: unknown) => err instanceof ForecourtError && err.code.startsWith('close/'));
      await assert.rejects(
        leads
          .findOne('lead:1')
          .exec()
          .then((d) => d!.remove()),
        (err: unknown) => err instanceof ForecourtError && err.code === 'doc/immutable',
      );
      assert.deepEqual((await leads.findOne('lead:1').exec())!.toJSON(true), before, 'the lead is unchanged');
    } finally {
      await store.remove();
    }
  });
});
