import { expect, fixture as mount, html } from '@open-wc/testing';
import '../shared/enable-sync.js';
import './define.js';
import '../lead-progress/define.js';
import '../sync-status/define.js';
import type { LeadStoreElement } from './lead-store.component.js';
import type { LeadProgressElement } from '../lead-progress/lead-progress.component.js';
import { createStore } from '../../src/store/store.js';
import { stopSharedSync } from '../shared/shared-sync.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

declare const __FORECOURT_TEST_SERVER__: string;
const server = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = server.admin.split(':') as [string, string];
const adminAuth = { Authorization: `Basic ${btoa(server.admin)}` };

let fx: Fixture;
let remoteDb = '';

async function createRemote(): Promise<string> {
  const name = `fc-el-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const res = await fetch(`${server.url}/${name}`, { method: 'PUT', headers: adminAuth });
  expect(res.status).to.be.oneOf([201, 202]);
  // The by-type filter the sync's pull uses (the setup command installs it with the validation).
  const design = await fetch(`${server.url}/${name}/_design/forecourt`, {
    method: 'PUT',
    headers: { ...adminAuth, 'Content-Type': 'application/json' },
    body: JSON.stringify({ filters: { by_type: 'function (doc, req) { return doc.type === req.query.type || !!doc._deleted; }' } }),
  });
  expect(design.status).to.be.oneOf([201, 202]);
  return name;
}

afterEach(async () => {
  document.body.replaceChildren();
  // A stuck stop must not hide the test's own result: give it 3 s.
  if (fx) await Promise.race([stopSharedSync(fx.store), new Promise((r) => setTimeout(r, 3000))]);
  await fx?.remove();
  if (remoteDb) await fetch(`${server.url}/${remoteDb}`, { method: 'DELETE', headers: adminAuth });
  remoteDb = '';
});

describe('<lead-store>', () => {
  it('opens the store for its dealership, sets the acting user, provides it and fires store-ready', async () => {
    fx = await fixture();
    const ready = new Promise<CustomEvent>((r) => document.addEventListener('store-ready', r as EventListener, { once: true }));
    const host = await mount<LeadStoreElement>(
      html`<lead-store dealership=${DEALERSHIP} database=${fx.database} user="mia"><lead-progress lead-id=${fx.leadId}></lead-progress></lead-store>`,
    );
    const detail = (await ready).detail;
    expect(detail.store).to.equal(fx.store);
    expect(detail.sync).to.equal(null);
    expect(fx.store.currentActor()?.userId).to.equal('mia');
    const progress = host.querySelector('lead-progress')!;
    await until(() => progress.store === fx.store, 'provided to a descendant');
  });

  it('asks the host for credentials (sync-unauthorized) when basic auth has none, and syncs once they are set', async () => {
    fx = await fixture();
    remoteDb = await createRemote();
    const asked = new Promise<CustomEvent>((r) => document.addEventListener('sync-unauthorized', r as EventListener, { once: true }));
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store} server-url=${server.url} server-database=${remoteDb} auth="basic"><sync-status></sync-status></lead-store>`,
    );
    expect((await asked).detail.url).to.equal(server.url);
    const status = host.querySelector('sync-status')!;
    await until(() => text(shadow(status).querySelector('[part="state"]')) === 'Local only', 'local only before credentials');
    host.credentials = { username: adminName, password: adminPassword };
    await until(() => status.state === 'live', `live once credentials are set (${status.state})`, 15000);
    expect(text(shadow(status).querySelector('[part="state"]'))).to.equal('Live');
    await expect(status).to.be.accessible();
    const res = await fetch(`${server.url}/${remoteDb}/${encodeURIComponent(fx.leadId)}`, { headers: adminAuth });
    await until(async () => (await fetch(`${server.url}/${remoteDb}/${encodeURIComponent(fx.leadId)}`, { headers: adminAuth })).ok, 'the lead on the server', 15000);
    expect([200, 404]).to.include(res.status);
  });

  it('reports refused credentials as sync-unauthorized and "Sign-in needed"', async () => {
    fx = await fixture();
    remoteDb = await createRemote();
    const asked = new Promise<CustomEvent>((r) => document.addEventListener('sync-unauthorized', r as EventListener, { once: true }));
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store} .credentials=${{ username: adminName, password: 'wrong' }} server-url=${server.url} server-database=${remoteDb} auth="basic"><sync-status></sync-status></lead-store>`,
    );
    await asked;
    const status = host.querySelector('sync-status')!;
    await until(() => status.state === 'unauthorized', 'unauthorized', 15000);
    expect(text(shadow(status).querySelector('[part="state"]'))).to.equal('Sign-in needed');
  });
});

describe('stores opened by elements are released when the elements leave the page', () => {
  // A database of its own (not the fixture's), so that the element holds its only handle.
  const own = () => `fc-own-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const removeDatabase = async (name: string) => (await createStore({ dealershipId: DEALERSHIP, name, storage: 'indexeddb' })).remove();

  it('<lead-store dealership>: moving it keeps its store; removing it closes the database', async () => {
    const name = own();
    try {
      const host = await mount<LeadStoreElement>(html`<lead-store dealership=${DEALERSHIP} database=${name}></lead-store>`);
      const store = await until(() => host.handle?.store, 'the store');
      const elsewhere = document.createElement('div');
      document.body.append(elsewhere);
      elsewhere.append(host);
      await new Promise((r) => setTimeout(r, 50));
      expect(store.database.closed).to.equal(false);
      expect(host.handle?.store).to.equal(store);
      elsewhere.remove();
      await until(() => store.database.closed, 'the database closed once the element left');
    } finally {
      await removeDatabase(name);
    }
  });

  it('an element alone (no provider): removing it closes the store it opened, putting it back opens it again', async () => {
    const name = own();
    try {
      const el = await mount<LeadProgressElement>(html`<lead-progress dealership=${DEALERSHIP} database=${name} user="sam" lead-id="lead:none"></lead-progress>`);
      const store = await until(() => el.store, 'the store');
      el.remove();
      await until(() => store.database.closed, 'the database closed once the element left');
      document.body.append(el);
      const again = await until(() => el.store, 'a store again');
      expect(again.database.closed).to.equal(false);
      el.remove();
      await until(() => again.database.closed, 'closed again');
    } finally {
      await removeDatabase(name);
    }
  });
});

describe('<lead-progress> with sync', () => {
  it('shows which saved passes are not yet on the server, and clears the mark once they are', async function () {
    this.timeout(40000);
    fx = await fixture();
    remoteDb = await createRemote();
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store} .credentials=${{ username: adminName, password: adminPassword }} server-url=${server.url} server-database=${remoteDb} auth="basic"><lead-progress lead-id=${fx.leadId}></lead-progress></lead-store>`,
    );
    const el = host.querySelector('lead-progress')!;
    await until(() => el.sync && shadow(el).querySelector('.step'), 'steps with sync');
    const sync = el.sync as unknown as { pause(): void; resume(): void };
    sync.pause();
    shadow(el).querySelector<HTMLButtonElement>('.step[data-step="finance"]')!.click();
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    const finance = () => shadow(el).querySelector('.step[data-step="finance"]')!;
    await until(() => finance().querySelector('[data-not-on-server]'), `marked not on the server (${text(finance())})`, 10000);
    expect(text(finance())).to.contain('not yet on the server');
    sync.resume();
    await until(() => finance().getAttribute('data-mark') === 'saved' && !finance().querySelector('[data-not-on-server]'), 'uploaded', 15000);
  });
});
