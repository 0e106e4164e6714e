/**
 * <close-request-inbox> on two managers' devices: two IndexedDB stores on one page (two database
 * names stand in for two devices), each under its own <lead-store> syncing with the real test
 * server. A close request is decided once: the second decision is refused (or, when it was made
 * before the first one arrived, loses at sync) and the inbox says who decided it. A decision made
 * offline stands locally and shows as waiting to upload.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../shared/enable-sync.js';
import './define.js';
import type { CloseRequestInboxElement } from './close-request-inbox.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CloseRequest } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { createStore } from '../../src/store/store.js';
import type { SyncHandle } from '../../src/sync/sync.js';
import { DEALERSHIP, shadow, text, until } from '../../test/browser/components/fixture.js';
import { leadOf, requestFixture, requestOf, type RequestFixture } from '../../test/browser/managers/helpers.js';
import { ADMIN, SERVER_URL, UNREACHABLE_URL, createRemoteDatabase, endSyncedTest, remoteDoc, uniqueName } from '../../test/browser/support/test-server.js';

let fx: RequestFixture | undefined;
const stores: LeadStore[] = [];
let d = '';

beforeEach(async () => {
  d = await createRemoteDatabase('inbox-motors');
});

afterEach(async () => {
  await endSyncedTest([fx, ...stores.splice(0)], d);
  fx = undefined;
});

const items = (el: Element): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('[part~="request"]')];
const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;

/** The request as the server holds it. */
const onServer = (requestId: string): Promise<CloseRequest | null> => remoteDoc<CloseRequest>(d, requestId);

/** One device: its own <lead-store> root around an inbox, syncing with the server (or `url`). */
async function device(store: LeadStore, user: string, scope: 'mine' | 'all', url = SERVER_URL): Promise<{ inbox: CloseRequestInboxElement; sync: SyncHandle }> {
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${store} user=${user} server-url=${url} server-database=${d} .credentials=${ADMIN}
      ><close-request-inbox scope=${scope}></close-request-inbox
    ></lead-store>`,
  );
  const sync = await until(() => host.handle?.sync as SyncHandle | undefined, 'the sync');
  return { inbox: host.querySelector('close-request-inbox')!, sync };
}

/** rex's request made on mia's device (pushed to the server) and ada's device that pulled it. */
async function twoManagers(): Promise<{
  mia: { inbox: CloseRequestInboxElement; sync: SyncHandle };
  ada: { inbox: CloseRequestInboxElement; sync: SyncHandle; store: LeadStore };
}> {
  fx = await requestFixture();
  const mia = await device(fx.store, 'mia', 'mine');
  await mia.sync.awaitInSync();
  const store = await createStore({ dealershipId: DEALERSHIP, name: uniqueName('ada-tablet'), storage: 'indexeddb' });
  stores.push(store);
  const ada = await device(store, 'ada', 'all');
  await until(() => items(mia.inbox).length === 1, 'the request on mia’s device');
  await until(() => items(ada.inbox).length === 1, 'the request on ada’s device', 15000);
  await firstValueFrom(ada.sync.status$.pipe(filter((s) => s.state === 'live')));
  return { mia, ada: { ...ada, store } };
}

describe('<close-request-inbox> on two managers’ devices syncing through the server', () => {
  it('the second decision is refused: ada’s inbox shows the request already approved by Mia, and her Decline writes nothing', async function () {
    this.timeout(40000);
    const { mia, ada } = await twoManagers();
    $<HTMLButtonElement>(mia.inbox, '[data-action="approve"]').click();
    await until(() => items(mia.inbox).length === 0, 'approved on mia’s device');
    await until(() => shadow(ada.inbox).querySelector('[part="decided"]'), 'ada’s inbox shows it decided', 15000);
    expect(text($(ada.inbox, '[part="decided"]'))).to.contain('Already approved by Mia');
    expect($(ada.inbox, '[data-action="decline"]').getAttribute('aria-disabled')).to.equal('true');
    let asked = false;
    ada.inbox.addEventListener('close-request-decide', () => (asked = true));
    expect(await ada.inbox.decide(fx!.requestId, 'decline', 'Too late'), 'the second decision').to.equal(false);
    await until(() => shadow(ada.inbox).querySelector('[role="alert"]'), 'the refusal');
    expect(text($(ada.inbox, '[role="alert"]'))).to.equal('Not done: This request has already been decided.');
    expect(asked).to.equal(false);
    const local = await requestOf(ada.store, fx!.requestId);
    expect([local.status, local.decidedBy, local.declineReason]).to.deep.equal(['approved', 'mia', '']);
    const remote = await onServer(fx!.requestId);
    expect([remote?.status, remote?.decidedBy]).to.deep.equal(['approved', 'mia']);
    expect((await leadOf(ada.store, fx!.leadId, (l) => l.status === 'closed')).closedBy).to.equal('mia');
    await expect(ada.inbox).to.be.accessible();
  });

  it('decided on both devices before either heard of the other: the later decision loses at sync, and that inbox shows who decided it', async function () {
    this.timeout(40000);
    const { mia, ada } = await twoManagers();
    ada.sync.pause();
    $<HTMLButtonElement>(mia.inbox, '[data-action="approve"]').click();
    await until(async () => (await onServer(fx!.requestId))?.status === 'approved', 'mia’s approval on the server', 15000);
    // ada, on a tablet with no signal, declines the same request: her store has not heard of mia's approval.
    expect(await ada.inbox.decide(fx!.requestId, 'decline', 'Call the customer once more'), 'accepted on the tablet').to.equal(true);
    expect((await requestOf(ada.store, fx!.requestId)).status).to.equal('declined');
    ada.sync.resume();
    await until(async () => (await requestOf(ada.store, fx!.requestId)).decidedBy === 'mia', 'mia’s decision reaches the tablet', 15000);
    await until(() => shadow(ada.inbox).querySelector('[part="decided"]'), 'the lost decision shown', 5000);
    const decided = text($(ada.inbox, '[part="decided"]'));
    expect(decided).to.contain('Already approved by Mia');
    expect(decided).to.contain('Your decline was not applied');
    expect(text($(ada.inbox, '[part="status"]'))).to.contain('Your decline was not applied');
    expect(text($(ada.inbox, '[part="customer"]'))).to.equal('Dana Whitfield');
    const remote = await onServer(fx!.requestId);
    expect([remote?.status, remote?.decidedBy, remote?.declineReason]).to.deep.equal(['approved', 'mia', '']);
    expect((await leadOf(ada.store, fx!.leadId)).status, 'the lead closed by mia’s approval').to.equal('closed');
    await expect(ada.inbox).to.be.accessible();
  });
});

describe('<close-request-inbox> offline', () => {
  it('a decision made while sync is paused stands locally and shows as waiting to upload until it is on the server', async function () {
    this.timeout(40000);
    fx = await requestFixture();
    const mia = await device(fx.store, 'mia', 'mine');
    await mia.sync.awaitInSync();
    await until(() => items(mia.inbox).length === 1, 'the request');
    mia.sync.pause();
    $<HTMLButtonElement>(mia.inbox, '[data-action="approve"]').click();
    await until(() => items(mia.inbox).length === 0, 'decided here');
    expect((await leadOf(fx.store, fx.leadId)).status, 'the lead closed locally').to.equal('closed');
    expect((await requestOf(fx.store, fx.requestId)).status).to.equal('approved');
    const upload = await until(() => shadow(mia.inbox).querySelector('[part~="pending-upload"]'), 'shown as waiting to upload');
    expect(text(upload)).to.equal('Approved on this device: Dana Whitfield. Waiting to upload to the server.');
    expect(text($(mia.inbox, '[part="status"]'))).to.equal('Approved: the lead of Dana Whitfield is closed as lost.');
    await expect(mia.inbox).to.be.accessible();
    await new Promise((r) => setTimeout(r, 300));
    expect((await onServer(fx.requestId))?.status, 'nothing left the paused device').to.equal('pending');
    mia.sync.resume();
    await until(async () => (await onServer(fx!.requestId))?.status === 'approved', 'uploaded', 15000);
    await until(() => !shadow(mia.inbox).querySelector('[part~="pending-upload"]'), 'no longer waiting', 5000);
  });

  it('with no server reachable, a decline stands locally and shows as waiting to upload', async function () {
    this.timeout(30000);
    fx = await requestFixture();
    const mia = await device(fx.store, 'mia', 'mine', UNREACHABLE_URL);
    await until(() => items(mia.inbox).length === 1, 'the request');
    expect(await mia.inbox.decide(fx.requestId, 'decline', 'Keep trying')).to.equal(true);
    const request = await requestOf(fx.store, fx.requestId);
    expect([request.status, request.declineReason]).to.deep.equal(['declined', 'Keep trying']);
    expect((await leadOf(fx.store, fx.leadId)).status).to.equal('open');
    const upload = await until(() => shadow(mia.inbox).querySelector('[part~="pending-upload"]'), 'shown as waiting to upload');
    expect(text(upload)).to.equal('Declined on this device: Dana Whitfield. Waiting to upload to the server.');
  });
});
