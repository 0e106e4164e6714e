import { expect, fixture as mount, html } from '@open-wc/testing';
import '../shared/enable-sync.js';
import '../lead-store/define.js';
import './define.js';
import type { SyncStatusElement } from './sync-status.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { formatDateTime } from '../shared/i18n.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { eventually } from '../../test/browser/support/eventually.js';
import { ADMIN, SERVER_URL, UNREACHABLE_URL, createRemoteDatabase, endSyncedTest, installDesign, remoteDoc } from '../../test/browser/support/test-server.js';

let fx: Fixture | undefined;
let remoteDb = '';

/** A database on the test server; `setUp: false` leaves it as forecourt-setup never ran on it (no _design/forecourt). */
const createRemote = ({ setUp = true } = {}): Promise<string> => createRemoteDatabase('fc-status', setUp ? {} : { design: false });

/** <sync-status> inside a <lead-store> that syncs the fixture's store with `url` (basic auth as the server admin). */
async function mountSyncing(url: string, database: string): Promise<{ host: LeadStoreElement; el: SyncStatusElement }> {
  fx = await fixture();
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${fx.store} .credentials=${ADMIN} server-url=${url} server-database=${database} auth="basic"><sync-status></sync-status></lead-store>`,
  );
  const el = host.querySelector('sync-status')!;
  await until(() => el.sync, 'the sync');
  return { host, el };
}

const part = (el: SyncStatusElement, name: string) => shadow(el).querySelector(`[part~="${name}"]`);
const stateText = (el: SyncStatusElement) => text(part(el, 'state'));
/** What a sighted person reads: the state, then the details, in order. */
const shown = (el: SyncStatusElement) => text(part(el, 'base'));

/**
 * The status is announced politely: the state's name (and an error's explanation) sit in one
 * role="status" region (implicitly aria-live="polite") that nothing turns assertive or off; the
 * count of waiting changes and the last-sync time are readable but outside it, so each upload
 * and each minute of the clock does not interrupt a screen-reader user.
 */
function expectPoliteAnnouncement(el: SyncStatusElement, announced: (Element | null)[] = []): void {
  const regions = shadow(el).querySelectorAll('[role="status"], [role="alert"], [aria-live]');
  expect(regions.length, 'one live region').to.equal(1);
  const region = regions[0]!;
  expect(region.getAttribute('role')).to.equal('status');
  expect(region.getAttribute('aria-live') ?? 'polite').to.equal('polite');
  expect(region.closest('[aria-hidden="true"]')).to.equal(null);
  for (const node of [part(el, 'state'), ...announced]) {
    expect(node, 'an announced node').to.not.equal(null);
    expect(region.contains(node), `"${text(node)}" is announced`).to.equal(true);
  }
  for (const quiet of [part(el, 'pending'), part(el, 'last-sync')]) {
    if (quiet) expect(region.contains(quiet), `"${text(quiet)}" is not announced`).to.equal(false);
  }
}

/** The count a person reads, e.g. "5 changes waiting to upload" (or "1 change …") → 5; 0 when no count is shown. */
const shownPending = (el: SyncStatusElement): number => {
  const t = text(part(el, 'pending'));
  if (!t) return 0;
  const m = /^(\d+) changes? waiting to upload$/.exec(t);
  if (m) expect(t.startsWith('1 ') ? t.includes(' change ') : t.includes(' changes '), `singular for one, plural otherwise: "${t}"`).to.equal(true);
  expect(m, `pending text "${t}"`).to.not.equal(null);
  return Number(m![1]);
};

/** Every document of the store's synced collections, id → revision. */
async function localRevisions(f: Fixture): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of ['leads', 'events', 'activity', 'users', 'policies']) {
    for (const doc of await f.store.database.collections[name]!.find().exec()) out.set(doc.primary, doc.revision);
  }
  return out;
}

afterEach(async () => {
  await endSyncedTest(fx, remoteDb);
  fx = undefined;
  remoteDb = '';
});

describe('<sync-status>', () => {
  it('says "Local only" when the store does not sync, and is accessible', async () => {
    fx = await fixture();
    const host = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}><sync-status></sync-status></lead-store>`);
    const el = host.querySelector('sync-status')!;
    await until(() => el.store === fx!.store, 'provided');
    expect(el.state).to.equal('none');
    expect(stateText(el)).to.equal('Local only');
    expect(shown(el)).to.equal('Local only');
    expectPoliteAnnouncement(el);
    await expect(el).to.be.accessible();
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<SyncStatusElement>(html`<sync-status dealership=${DEALERSHIP} database=${fx.database}></sync-status>`);
    await until(() => el.store === fx!.store, 'alone');
    expect(stateText(el)).to.equal('Local only');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-sync-store');
    document.body.append(wrapper);
    const el = document.createElement('sync-status');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-sync-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx!.store, 'the late provider');
  });
});

describe('<sync-status> with a server', () => {
  it('offline (server unreachable): "Offline", every local change waiting to upload, "Never synced"', async function () {
    this.timeout(30000);
    const { el } = await mountSyncing(UNREACHABLE_URL, 'riverside-motors');
    await eventually(
      () => el.state === 'offline',
      () => `offline (${el.state})`,
      15000,
    );
    expect(stateText(el)).to.equal('Offline');
    // Nothing ever reached a server: every document of the fixture (policy, users, the lead, its audit) waits.
    const local = (await localRevisions(fx!)).size;
    expect(local).to.be.greaterThan(3);
    await eventually(
      () => shownPending(el) === local,
      () => `"${local} changes waiting to upload" (shown: ${shown(el)})`,
      10000,
    );
    expect(text(part(el, 'last-sync'))).to.equal('Never synced');
    expect(shown(el)).to.equal(`Offline ${local} changes waiting to upload Never synced`);
    expect(shadow(el).querySelector('[data-state]')!.getAttribute('data-state')).to.equal('offline');
    expectPoliteAnnouncement(el);
    await expect(el).to.be.accessible();
  });

  it('live: "Live", nothing waiting, and the time it last synced', async function () {
    this.timeout(30000);
    remoteDb = await createRemote();
    const before = Date.now();
    const { el } = await mountSyncing(SERVER_URL, remoteDb);
    await eventually(
      () => el.state === 'live' && shownPending(el) === 0,
      () => `live with nothing waiting (${shown(el)})`,
      15000,
    );
    expect(stateText(el)).to.equal('Live');
    expect(part(el, 'pending')).to.equal(null);
    // The time is the clock's, to the minute, between mounting and now.
    const lastSync = text(part(el, 'last-sync'));
    const candidates = new Set([formatDateTime(before), formatDateTime(Date.now())].map((t) => `Last sync ${t}`));
    expect([...candidates]).to.include(lastSync);
    expect(shown(el)).to.equal(`Live ${lastSync}`);
    expectPoliteAnnouncement(el);
    await expect(el).to.be.accessible();
  });

  it('paused: "Paused"; changes made meanwhile are counted as waiting, and upload on resume', async function () {
    this.timeout(40000);
    remoteDb = await createRemote();
    const { el } = await mountSyncing(SERVER_URL, remoteDb);
    await eventually(
      () => el.state === 'live' && shownPending(el) === 0,
      () => `live with nothing waiting (${shown(el)})`,
      15000,
    );
    const lastSync = text(part(el, 'last-sync'));
    const sync = el.sync as unknown as { pause(): void; resume(): void };
    sync.pause();
    await eventually(
      () => el.state === 'paused',
      () => `paused (${el.state})`,
    );
    expect(stateText(el)).to.equal('Paused');
    expect(text(part(el, 'last-sync')), 'the last sync stays visible').to.equal(lastSync);
    expectPoliteAnnouncement(el);
    await expect(el).to.be.accessible();

    // A salesperson ticks a step while paused: the lead, the pass and the audit entry wait.
    const revisions = await localRevisions(fx!);
    await fx!.run({ type: 'update-progress', leadId: fx!.leadId, update: { check: ['finance'], clear: [], note: '' } });
    const after = await localRevisions(fx!);
    const changed = [...after].filter(([id, rev]) => revisions.get(id) !== rev).length;
    expect(changed).to.be.greaterThan(1);
    await eventually(
      () => shownPending(el) === changed,
      () => `"${changed} changes waiting to upload" (shown: ${shown(el)})`,
    );
    expect(stateText(el)).to.equal('Paused');
    expectPoliteAnnouncement(el);
    await expect(el).to.be.accessible();

    sync.resume();
    await eventually(
      () => el.state === 'live' && !part(el, 'pending'),
      () => `uploaded on resume (${shown(el)})`,
      15000,
    );
    const lead = await remoteDoc<{ progressStepId: string }>(remoteDb, fx!.leadId);
    expect(lead?.progressStepId).to.equal('finance');
  });

  it('error (the database was never set up): "Sync error" says an administrator must run forecourt-setup; it goes live once they have', async function () {
    this.timeout(40000);
    remoteDb = await createRemote({ setUp: false });
    const { el } = await mountSyncing(SERVER_URL, remoteDb);
    await eventually(
      () => el.state === 'error',
      () => `error (${el.state})`,
      15000,
    );
    expect(stateText(el)).to.equal('Sync error');
    const error = part(el, 'error');
    expect(text(error)).to.match(/not set up for forecourt/);
    expect(text(error)).to.match(/an administrator runs forecourt-setup/);
    expect(text(error), "worded for a person, not the sync's developer text").to.not.match(/COUCH_|_design|https?:/);
    expect(shadow(el).querySelector('[data-state]')!.getAttribute('data-state')).to.equal('error');
    expectPoliteAnnouncement(el, [error]);
    await expect(el).to.be.accessible();
    // Nothing was pushed to a database that cannot validate it: every local change still waits.
    const local = (await localRevisions(fx!)).size;
    await eventually(
      () => shownPending(el) === local,
      () => `"${local} changes waiting to upload" (shown: ${shown(el)})`,
      10000,
    );
    expect(el.state).to.equal('error');

    await installDesign(remoteDb);
    await eventually(
      () => el.state === 'live' && shownPending(el) === 0,
      () => `live once set up (${shown(el)})`,
      25000,
    );
    expect(part(el, 'error')).to.equal(null);
    expect(stateText(el)).to.equal('Live');
  });

  it('sign-in needed (credentials refused): "Sign-in needed", and what to do in plain words', async function () {
    this.timeout(30000);
    remoteDb = await createRemote();
    fx = await fixture();
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store} .credentials=${{ ...ADMIN, password: 'wrong' }} server-url=${SERVER_URL} server-database=${remoteDb} auth="basic"><sync-status></sync-status></lead-store>`,
    );
    const el = host.querySelector('sync-status')!;
    await eventually(
      () => el.state === 'unauthorized',
      () => `unauthorized (${el.state})`,
      15000,
    );
    expect(stateText(el)).to.equal('Sign-in needed');
    expect(text(part(el, 'error'))).to.equal('The server did not accept the sign-in: sign in again.');
    expectPoliteAnnouncement(el, [part(el, 'error')]);
    await expect(el).to.be.accessible();
  });
});
