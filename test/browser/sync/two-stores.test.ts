/**
 * Two stores on IndexedDB in one page (two database names stand in for two devices) syncing
 * through the real server: a lead closed lost while one device is offline (sync paused) appears
 * closed on the other after it reconnects; a raw HTTP write reaches both live.
 */
import { expect } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import type { LeadDoc } from '../../../src/model/index.js';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';
import { leadDoc } from '../../node/support/documents.js';

declare const __FORECOURT_TEST_SERVER__: string;
const server = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = server.admin.split(':') as [string, string];
const headers = { Authorization: `Basic ${btoa(server.admin)}`, 'Content-Type': 'application/json' };
/** The filter of server/design-doc.ts (that module bundles with esbuild and cannot load in a page). */
const BY_TYPE = "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";
const T = Date.UTC(2025, 0, 6, 9);

const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function lead(d: string, n: number): Record<string, unknown> {
  const { id, ...doc } = leadDoc({
    id: `lead:b${n}`,
    dealershipId: d,
    customer: { name: `Browser ${n}`, email: '', phone: '555-0100' },
    vehicle: 'Honda Civic',
    salespersonId: 'mia',
    createdAt: T,
    actionAt: T,
    updatedAt: T,
    search: `browser ${n}`,
    clock: { status: { at: T, deviceId: 'seed', by: 'admin' } },
    commandId: `seed-${n}`,
    updatedBy: 'admin',
  });
  return { _id: id, ...doc };
}

describe('two IndexedDB stores syncing through the server', () => {
  let d = '';
  const open: { store: LeadStore; sync: SyncHandle }[] = [];

  beforeEach(async () => {
    d = unique('browser-motors');
    expect((await fetch(`${server.url}/${d}`, { method: 'PUT', headers })).status).to.equal(201);
    await fetch(`${server.url}/${d}/_design/forecourt`, { method: 'PUT', headers, body: JSON.stringify({ filters: { by_type: BY_TYPE } }) });
    const user = {
      _id: `user:${adminName}`,
      type: 'user',
      dealershipId: d,
      userId: adminName,
      name: 'Mia Manager',
      email: '',
      roles: ['manager'],
      managerId: '',
      active: true,
      updatedAt: T,
    };
    const docs = [user, lead(d, 1), lead(d, 2)];
    expect((await fetch(`${server.url}/${d}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ docs }) })).status).to.equal(201);
  });

  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.sync.stop();
      await o.store.close();
    }
  });

  async function device(): Promise<{ store: LeadStore; sync: SyncHandle }> {
    const store = await createStore({ dealershipId: d, name: unique('device'), storage: 'indexeddb', userId: adminName });
    const sync = startSync(store, { url: server.url, auth: { kind: 'basic', username: adminName, password: adminPassword } });
    open.push({ store, sync });
    await sync.awaitInSync();
    await firstValueFrom(store.actor$.pipe(filter(Boolean)));
    await firstValueFrom(sync.status$.pipe(filter((s) => s.state === 'live')));
    return { store, sync };
  }

  const leadOf = async (store: LeadStore, id: string) => (await firstValueFrom(store.lead$(id))) as LeadDoc;

  it('a lead closed lost while offline appears closed on the other device after reconnecting', async () => {
    const a = await device();
    const b = await device();
    a.sync.pause();
    const result = await a.store.execute({
      type: 'close-lost',
      leadId: 'lead:b1',
      choices: {
        reasonId: 'price',
        completeOverdueEvents: true,
        completeAllEvents: false,
        notes: 'Found cheaper',
        contactGroups: ['live-leads'],
        followUpAt: null,
      },
    });
    expect(result.ok).to.equal(true);
    await until('the close counted as pending', () => a.sync.status().pendingCount > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect((await leadOf(b.store, 'lead:b1')).status).to.equal('open', 'nothing left the paused device');
    a.sync.resume();
    await until('closed on the other device', async () => (await leadOf(b.store, 'lead:b1')).status === 'closed');
    const closed = await leadOf(b.store, 'lead:b1');
    expect(closed.outcome).to.equal('lost');
    expect(closed.closeReasonId).to.equal('price');
    await until('nothing pending', () => a.sync.status().pendingCount === 0);
  });

  it('a raw HTTP write reaches both devices live', async () => {
    const a = await device();
    const b = await device();
    const current = await (await fetch(`${server.url}/${d}/lead:b2`, { headers })).json();
    const put = await fetch(`${server.url}/${d}/lead:b2`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ ...current, vehicle: 'Honda Civic Type R', updatedAt: T + 1 }),
    });
    expect(put.status).to.equal(201);
    for (const device of [a, b]) {
      await until('the raw write arrives', async () => (await leadOf(device.store, 'lead:b2')).vehicle === 'Honda Civic Type R');
    }
  });
});
