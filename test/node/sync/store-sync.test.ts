/**
 * The real store (memory storage) syncing through the real server with its validation: a refused
 * change is reverted and recorded while the next valid change still syncs; two devices editing
 * one lead offline both keep their edits, the losing value visible in the activity.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import type { ActivityDoc, LeadDoc } from '../../../src/model/index.js';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';
import { setupDealership } from '../../../server/setup.js';
import { eventually, http, makeLead, testServer, uniqueName } from './helpers.js';

let open: { store: LeadStore; sync: SyncHandle }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.sync.stop();
    await o.store.close();
  }
  open = [];
});

async function dealership(policy: Record<string, unknown> = {}): Promise<string> {
  const d = uniqueName('sync-motors');
  await setupDealership({
    url: testServer().adminUrl,
    dealershipId: d,
    users: [
      { name: 'sam', password: 'pw-sam', roles: ['salesperson'] },
      { name: 'mia', password: 'pw-mia', roles: ['manager'] },
    ],
    policy,
  });
  return d;
}

async function device(d: string, user: 'sam' | 'mia'): Promise<{ store: LeadStore; sync: SyncHandle }> {
  const store = await createStore({ dealershipId: d, name: uniqueName(`dev-${user}`), storage: 'memory', userId: user });
  const sync = startSync(store, { url: testServer().url, auth: { kind: 'basic', username: user, password: `pw-${user}` } });
  open.push({ store, sync });
  await sync.awaitInSync();
  await firstValueFrom(store.actor$.pipe(filter(Boolean)));
  return { store, sync };
}

async function seedLeads(d: string, n: number): Promise<void> {
  const docs = Array.from({ length: n }, (_, i) => {
    const { id, ...rest } = makeLead(d, i + 1, { updatedBy: 'admin' });
    return { _id: id, ...rest };
  });
  const res = await http('POST', `${d}/_bulk_docs`, { docs });
  assert.equal(res.status, 201);
}

async function lead(store: LeadStore, id: string): Promise<LeadDoc> {
  return (await firstValueFrom(store.lead$(id)))!;
}
async function activity(store: LeadStore, leadId: string): Promise<ActivityDoc[]> {
  return firstValueFrom(store.activity$(leadId));
}

const CLOSE = { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'Too dear', contactGroups: ['live-leads'], followUpAt: null };

describe('the store syncing through the server', () => {
  test('a change the server refuses is reverted, recorded in the lead activity, and the next valid change still syncs', async () => {
    // The server's compiled policy defines the permission role; the policy document the device
    // reads says otherwise (an admin edited it without re-running setup), so the device lets a
    // salesperson close lost and the server refuses it.
    const d = await dealership({ definedRoles: ['close-lead-lost-permission'] });
    const policy = (await http('GET', `${d}/policy`)).body;
    assert.equal((await http('PUT', `${d}/policy`, { ...policy, definedRoles: [] })).status, 201);
    await seedLeads(d, 2);
    const { store, sync } = await device(d, 'sam');
    const rejections: string[] = [];
    sync.rejections$.subscribe((r) => rejections.push(r.docId));

    const closed = await store.execute({ type: 'close-lost', leadId: 'lead:seed-1', choices: CLOSE });
    assert.ok(closed.ok, JSON.stringify(closed));
    const interest = await store.execute({ type: 'set-interest', leadId: 'lead:seed-2', interest: 'hot' });
    assert.ok(interest.ok, JSON.stringify(interest));
    await sync.awaitInSync();

    await eventually('the refused close is reverted locally', async () => (await lead(store, 'lead:seed-1')).status === 'open');
    assert.equal((await http('GET', `${d}/lead:seed-1`)).body.status, 'open');
    assert.deepEqual(rejections, ['lead:seed-1']);
    const entries = await activity(store, 'lead:seed-1');
    const rejection = entries.find((e) => e.kind === 'rejection');
    assert.ok(rejection && rejection.kind === 'rejection');
    assert.equal(rejection.error, 'forbidden');
    assert.match(rejection.reason, /auth\/not-permitted/);
    assert.equal((await http('GET', `${d}/${encodeURIComponent(rejection.id)}`)).status, 404, 'rejections stay local');
    assert.equal((await http('GET', `${d}/lead:seed-2`)).body.interest, 'hot', 'the next valid change reached the server');
    await eventually('nothing pending', () => sync.status().pendingCount === 0);
    assert.equal(sync.status().state, 'live');
  });

  test('two devices edit one lead offline: different fields both kept, the same field merged by time with the loser in the activity', async () => {
    const d = await dealership();
    await seedLeads(d, 1);
    const a = await device(d, 'sam');
    const b = await device(d, 'mia');
    a.sync.pause();
    b.sync.pause();
    assert.ok((await a.store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' })).ok);
    assert.ok((await a.store.execute({ type: 'add-note', leadId: 'lead:seed-1', text: 'Wants the hybrid' })).ok);
    await new Promise((r) => setTimeout(r, 5));
    assert.ok((await b.store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'cold' })).ok);
    const progress = await b.store.execute({ type: 'update-progress', leadId: 'lead:seed-1', update: { check: ['phone-call-made'], clear: [], note: '' } });
    assert.ok(progress.ok, JSON.stringify(progress));

    a.sync.resume();
    await a.sync.awaitInSync();
    b.sync.resume();
    await b.sync.awaitInSync();
    await a.sync.awaitInSync();

    for (const [label, store] of [
      ['a', a.store],
      ['b', b.store],
    ] as const) {
      await eventually(`device ${label} converged`, async () => {
        const l = await lead(store, 'lead:seed-1');
        return l.interest === 'cold' && l.progressStepId === 'phone-call-made';
      });
      await eventually(`device ${label} sees the lost value`, async () =>
        (await activity(store, 'lead:seed-1')).some((e) => e.kind === 'merge' && e.field === 'interest' && e.lostValue === 'hot'),
      );
      assert.ok((await activity(store, 'lead:seed-1')).some((e) => e.kind === 'note' && e.text === 'Wants the hybrid'));
    }
    const server = (await http('GET', `${d}/lead:seed-1`)).body;
    assert.equal(server.interest, 'cold');
    assert.equal(server.progressStepId, 'phone-call-made');
  });
});
