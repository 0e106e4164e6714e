/**
 * The store on real IndexedDB (Dexie) in Chromium: one shared instance per name in a page, a
 * command's result seen through every handle, and journal recovery after a close and reopen.
 */
import { expect } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import type { Command } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore, openSharedStore } from '../../../src/store/store.js';
import { DEALER, NOW, USERS, closeLostChoices, event, lead, policy, uniqueName } from '../../node/store/fixtures.js';

async function seeded(name: string, extra: Record<string, unknown> = {}): Promise<LeadStore> {
  const store = await createStore({ dealershipId: DEALER, name, deviceId: 'device-browser', now: () => NOW, ...extra });
  await store.importDocuments({
    policy: policy(),
    users: USERS,
    leads: [lead(1), lead(2)],
    events: [event('overdue', 'lead:1', NOW - 2 * 86_400_000)],
  });
  await store.setActor('sam');
  return store;
}

const closeLost: Command = { type: 'close-lost', leadId: 'lead:1', choices: closeLostChoices() };

describe('store on IndexedDB', () => {
  it('uses IndexedDB (Dexie) by default in a browser', async () => {
    const store = await openSharedStore({ dealershipId: DEALER, name: uniqueName('storage') });
    try {
      expect(store.database.storage.name).to.equal('dexie');
      expect(store.database.multiInstance).to.equal(true);
    } finally {
      await store.remove();
    }
  });

  it('opening the same name twice on one page gives the same instance and does not throw', async () => {
    const name = uniqueName('twice');
    const [a, b] = await Promise.all([openSharedStore({ dealershipId: DEALER, name }), openSharedStore({ dealershipId: DEALER, name })]);
    const c = await createStore({ dealershipId: DEALER, name });
    try {
      expect(a).to.equal(b);
      expect(a).to.equal(c);
    } finally {
      await a.close();
      await b.close();
      await c.remove();
    }
  });

  it("a command's result is visible to a second handle opened with the same name", async () => {
    const name = uniqueName('shared');
    const first = await seeded(name);
    const second = await openSharedStore({ dealershipId: DEALER, name });
    try {
      const seen: Array<string | undefined> = [];
      const sub = second.lead$('lead:1').subscribe((l) => seen.push(l?.status));
      const result = await first.execute(closeLost);
      expect(result.ok).to.equal(true);
      const closed = await firstValueFrom(second.lead$('lead:1'));
      expect(closed?.status).to.equal('closed');
      expect(seen).to.include('closed');
      sub.unsubscribe();
    } finally {
      await second.close();
      await first.remove();
    }
  });

  it('a command interrupted after its journal and first collection write is completed on reopen', async () => {
    const name = uniqueName('journal');
    const crashing = await seeded(name, { crashAt: 'leads' });
    let error: unknown = null;
    try {
      await crashing.execute(closeLost, { commandId: 'browser-crash' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('simulated crash');
    expect(crashing.database.closed).to.equal(true);

    const store = await createStore({ dealershipId: DEALER, name, now: () => NOW, userId: 'sam' });
    try {
      expect((await firstValueFrom(store.lead$('lead:1')))?.status).to.equal('closed');
      const events = await firstValueFrom(store.events$('lead:1'));
      expect(events.find((e) => e.id === 'event:overdue')?.completedAt).to.equal(NOW);
      expect(await store.database.collections['activity']!.findOne('activity:browser-crash:audit').exec()).to.not.equal(null);
    } finally {
      await store.remove();
    }
  });

  it('a command interrupted before its journal leaves nothing after reopen', async () => {
    const name = uniqueName('journal-none');
    const crashing = await seeded(name, { crashAt: 'before-journal' });
    const leadBefore = await firstValueFrom(crashing.lead$('lead:1'));
    let error: unknown = null;
    try {
      await crashing.execute(closeLost, { commandId: 'browser-none' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('simulated crash');
    const store = await createStore({ dealershipId: DEALER, name, now: () => NOW, userId: 'sam' });
    try {
      expect(await firstValueFrom(store.lead$('lead:1'))).to.deep.equal(leadBefore);
      expect(await store.database.collections['activity']!.findOne('activity:browser-none:audit').exec()).to.equal(null);
    } finally {
      await store.remove();
    }
  });
});
