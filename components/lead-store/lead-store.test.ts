import { expect, fixture as mount, html } from '@open-wc/testing';
import '../shared/enable-sync.js';
import './define.js';
import '../lead-progress/define.js';
import '../sync-status/define.js';
import type { LeadStoreElement } from './lead-store.component.js';
import type { LeadProgressElement } from '../lead-progress/lead-progress.component.js';
import type { SyncStatusElement } from '../sync-status/sync-status.component.js';
import { createStore } from '../../src/store/store.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { eventually } from '../../test/browser/support/eventually.js';
import { ADMIN, SERVER_URL, adminFetch, createRemoteDatabase, endSyncedTest, remoteDoc } from '../../test/browser/support/test-server.js';

/** The page's fetch, kept before any test wraps window.fetch: the test's own requests go through it unobserved. */
const realFetch = window.fetch.bind(window);

/**
 * The test server as the page's own site. A browser sends a CouchDB session cookie (no SameSite
 * attribute: Lax) only to a server of the page's own site: the page is served from localhost, so the
 * server is addressed as localhost too. (Addressed as 127.0.0.1, another site, the login succeeds but
 * the cookie never comes back and the status ends at "Sign-in needed".)
 */
const SAME_SITE_URL = SERVER_URL.replace('127.0.0.1', 'localhost');

let fx: Fixture;
let remoteDb = '';

/** The test's fixture, and a new database on the test server for it to sync with. */
async function fixtureWithRemote(): Promise<void> {
  fx = await fixture();
  remoteDb = await createRemoteDatabase('fc-el');
}

/** The customer's name on the server's copy of a lead, once it is there (read as the server admin). */
async function leadOnServer(db: string, leadId: string): Promise<string> {
  const lead = await until(() => remoteDoc<{ customer: { name: string } }>(db, leadId), 'the lead on the server', 15000);
  return lead.customer.name;
}

/** A <sync-status> under a <lead-store> that syncs the fixture's store with the remote database at `url`. */
async function mountSyncing(
  auth: LeadStoreElement['auth'],
  credentials: LeadStoreElement['credentials'] = null,
  url = SERVER_URL,
): Promise<{ host: LeadStoreElement; status: SyncStatusElement }> {
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${fx.store} .credentials=${credentials} server-url=${url} server-database=${remoteDb} auth=${auth}><sync-status></sync-status></lead-store>`,
  );
  return { host, status: host.querySelector('sync-status')! };
}

/** Waits (15 s at most) until the sync's state is `state`; a timeout says the state shown then. */
const reaches = (status: SyncStatusElement, state: SyncStatusElement['state'], what: string) =>
  eventually(
    () => status.state === state,
    () => `${what} (${status.state})`,
    15000,
  );

/** A request the page sent to the test server, as the server received it. */
interface Seen {
  method: string;
  path: string;
  authorization: string | null;
  /** fetch's `credentials` mode: 'include' sends the browser's cookies for the server, 'omit' none. */
  credentials: RequestCredentials | undefined;
  body: string;
}

/**
 * Observes every request the page sends to the test server from now on (window.fetch wrapped;
 * the test's own admin requests use `realFetch`). `answer` may reply in the server's place.
 */
function observeRequests(answer?: (seen: Seen) => Response | undefined): Seen[] {
  const seen: Seen[] = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.port === new URL(SERVER_URL).port) {
      const request: Seen = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        authorization: new Headers(init?.headers).get('authorization'),
        credentials: init?.credentials,
        body: typeof init?.body === 'string' ? init.body : '',
      };
      seen.push(request);
      const reply = answer?.(request);
      if (reply) return Promise.resolve(reply);
    }
    return realFetch(input, init);
  };
  return seen;
}

/** A CouchDB user (in _users) with the role `<db>:salesperson`, and `db` readable by that role only. */
async function dealershipUser(db: string): Promise<{ username: string; password: string }> {
  const username = `sam-${Math.random().toString(36).slice(2, 8)}`;
  const password = `pw-${Math.random().toString(36).slice(2, 10)}`;
  const user = { _id: `org.couchdb.user:${username}`, name: username, password, type: 'user', roles: [`${db}:salesperson`] };
  expect((await adminFetch(`/_users/${encodeURIComponent(user._id)}`, { method: 'PUT', body: JSON.stringify(user) })).status).to.equal(201);
  const security = { admins: { names: [], roles: [] }, members: { names: [], roles: [`${db}:salesperson`] } };
  expect((await adminFetch(`/${db}/_security`, { method: 'PUT', body: JSON.stringify(security) })).ok).to.equal(true);
  // Anonymous requests are refused from now on: only a signed-in member reads or writes.
  expect((await realFetch(`${SERVER_URL}/${db}/_design/forecourt`)).status).to.equal(401);
  return { username, password };
}

const stateOf = (status: Element) => text(shadow(status).querySelector('[part="state"]'));
const unauthorizedEvents = () => {
  const events: CustomEvent[] = [];
  document.addEventListener('sync-unauthorized', (e) => events.push(e as CustomEvent));
  return events;
};

afterEach(async () => {
  window.fetch = realFetch;
  await endSyncedTest(fx, remoteDb);
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
    await fixtureWithRemote();
    const asked = new Promise<CustomEvent>((r) => document.addEventListener('sync-unauthorized', r as EventListener, { once: true }));
    const { host, status } = await mountSyncing('basic');
    expect((await asked).detail.url).to.equal(SERVER_URL);
    await until(() => text(shadow(status).querySelector('[part="state"]')) === 'Local only', 'local only before credentials');
    host.credentials = ADMIN;
    await reaches(status, 'live', 'live once credentials are set');
    expect(text(shadow(status).querySelector('[part="state"]'))).to.equal('Live');
    await expect(status).to.be.accessible();
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
  });

  it('reports refused credentials as sync-unauthorized and "Sign-in needed"', async () => {
    await fixtureWithRemote();
    const asked = new Promise<CustomEvent>((r) => document.addEventListener('sync-unauthorized', r as EventListener, { once: true }));
    const { status } = await mountSyncing('basic', { ...ADMIN, password: 'wrong' });
    await asked;
    await until(() => status.state === 'unauthorized', 'unauthorized', 15000);
    expect(text(shadow(status).querySelector('[part="state"]'))).to.equal('Sign-in needed');
  });
});

describe('<lead-store> auth modes', () => {
  it('bearer: asks for a token, sends every request with "Authorization: Bearer <token>" and no cookies, and a new token replaces the old one', async function () {
    this.timeout(40000);
    await fixtureWithRemote();
    const seen = observeRequests();
    const asked = unauthorizedEvents();
    const { host, status } = await mountSyncing('bearer');
    await until(() => asked.length === 1, 'sync-unauthorized without a token');
    expect(asked[0]!.detail.url).to.equal(SERVER_URL);
    expect(stateOf(status)).to.equal('Local only');
    // A username and password are no bearer token: still nothing is sent.
    host.credentials = ADMIN;
    await until(() => asked.length === 2, 'sync-unauthorized for credentials of the wrong kind');
    expect(seen, 'no request before a token').to.deep.equal([]);

    host.credentials = { token: 'token-1' };
    // PouchDB Server has no JWT authentication and lets the (open) database through; CouchDB 3 would check the token.
    await reaches(status, 'live', 'live with a token');
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
    expect(seen.length).to.be.greaterThan(0);
    for (const r of seen) {
      expect(r.authorization, `${r.method} ${r.path}`).to.equal('Bearer token-1');
      expect(r.credentials, `${r.method} ${r.path}`).to.equal('omit');
    }
    expect(
      seen.some((r) => r.path.endsWith('/_session')),
      'no cookie session',
    ).to.equal(false);

    // The host refreshes the token: requests from then on carry the new one, the sync goes on.
    host.credentials = { token: 'token-2' };
    const from = seen.length;
    await until(() => seen.slice(from).some((r) => r.authorization === 'Bearer token-2'), 'a request with the new token');
    const firstNew = seen.findIndex((r, i) => i >= from && r.authorization === 'Bearer token-2');
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['finance'], clear: [], note: '' } });
    await until(
      async () => (await remoteDoc<{ progressStepId: string }>(remoteDb, fx.leadId))?.progressStepId === 'finance',
      'a change uploaded with the new token',
      15000,
    );
    expect(seen.slice(firstNew).map((r) => r.authorization)).to.deep.equal(seen.slice(firstNew).map(() => 'Bearer token-2'));
    expect(status.state).to.equal('live');
  });

  it('bearer: an expired token shows "Sign-in needed" and fires sync-unauthorized; a fresh one resumes the sync', async function () {
    this.timeout(40000);
    await fixtureWithRemote();
    // PouchDB Server has no JWT: answer as CouchDB 3 answers an expired token.
    const seen = observeRequests((r) =>
      r.authorization === 'Bearer expired'
        ? new Response(JSON.stringify({ error: 'unauthorized', reason: 'exp not in future' }), { status: 401, headers: { 'Content-Type': 'application/json' } })
        : undefined,
    );
    const asked = unauthorizedEvents();
    const { host, status } = await mountSyncing('bearer', { token: 'expired' });
    await reaches(status, 'unauthorized', 'unauthorized');
    expect(stateOf(status)).to.equal('Sign-in needed');
    await until(() => asked.length === 1, 'sync-unauthorized');
    expect(asked[0]!.detail.url).to.equal(SERVER_URL);
    host.credentials = { token: 'fresh' };
    await reaches(status, 'live', 'live with a fresh token');
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
    expect(seen.some((r) => r.authorization === 'Bearer fresh')).to.equal(true);
    expect(asked.length, 'asked once').to.equal(1);
  });

  it('cookie: signs in with POST /_session and then sends the session cookie, never the password, to a database only members may read', async function () {
    this.timeout(40000);
    await fixtureWithRemote();
    const member = await dealershipUser(remoteDb);
    const seen = observeRequests();
    const asked = unauthorizedEvents();
    const { status } = await mountSyncing('cookie', member, SAME_SITE_URL);
    await eventually(
      () => status.state === 'live',
      () => `live with a session (${status.state}: ${text(shadow(status).querySelector('[part="error"]'))})`,
      15000,
    );
    expect(stateOf(status)).to.equal('Live');
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
    expect(asked).to.deep.equal([]);

    const logins = seen.filter((r) => r.path === '/_session');
    expect(logins.length).to.be.greaterThan(0);
    for (const login of logins) {
      expect(login.method).to.equal('POST');
      expect(JSON.parse(login.body)).to.deep.equal({ name: member.username, password: member.password });
    }
    const data = seen.filter((r) => r.path !== '/_session');
    expect(data.length).to.be.greaterThan(0);
    for (const r of data) {
      expect(r.authorization, `${r.method} ${r.path}: no Authorization header`).to.equal(null);
      expect(r.body, `${r.method} ${r.path}: no password`).to.not.contain(member.password);
      expect(r.credentials, `${r.method} ${r.path}: the session cookie`).to.equal('include');
    }
    await expect(status).to.be.accessible();
  });

  it('cookie: a wrong password shows "Sign-in needed" and fires sync-unauthorized; the right one resumes the sync', async function () {
    this.timeout(40000);
    await fixtureWithRemote();
    const member = await dealershipUser(remoteDb);
    const asked = unauthorizedEvents();
    const { host, status } = await mountSyncing('cookie', { ...member, password: 'wrong' }, SAME_SITE_URL);
    await reaches(status, 'unauthorized', 'unauthorized');
    expect(stateOf(status)).to.equal('Sign-in needed');
    await until(() => asked.length === 1, 'sync-unauthorized');
    host.credentials = member;
    await reaches(status, 'live', 'live once signed in');
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
  });

  it('cookie against a server on another site: the sign-in succeeds but the browser never sends the cookie, and the status says so instead of asking for the password again', async function () {
    this.timeout(40000);
    await fixtureWithRemote();
    const member = await dealershipUser(remoteDb);
    // The page is served from localhost; 127.0.0.1 is another site, so the Lax session cookie stays home.
    const { status } = await mountSyncing('cookie', member);
    await reaches(status, 'error', 'error');
    const error = status.shadowRoot!.querySelector('[part="error"]')!.textContent!.trim();
    expect(error).to.match(/does not send the sign-in cookie/);
    expect(error).to.match(/password or token sign-in/);
    expect(status.state, 'not "Sign-in needed": a password typed again cannot help').to.not.equal('unauthorized');
    await expect(status).to.be.accessible();
  });

  it('none: syncs without asking for credentials and sends neither an Authorization header nor cookies', async function () {
    this.timeout(30000);
    await fixtureWithRemote();
    const seen = observeRequests();
    const asked = unauthorizedEvents();
    const { status } = await mountSyncing('none');
    await reaches(status, 'live', 'live anonymously');
    expect(await leadOnServer(remoteDb, fx.leadId)).to.equal('Dana Whitfield');
    expect(asked).to.deep.equal([]);
    expect(seen.length).to.be.greaterThan(0);
    for (const r of seen) {
      expect(r.authorization, `${r.method} ${r.path}`).to.equal(null);
      expect(r.credentials, `${r.method} ${r.path}`).to.equal('omit');
    }
  });

  it('none: a database only members may read shows "Sign-in needed" and fires sync-unauthorized', async function () {
    this.timeout(30000);
    await fixtureWithRemote();
    await dealershipUser(remoteDb);
    const asked = unauthorizedEvents();
    const { status } = await mountSyncing('none');
    await reaches(status, 'unauthorized', 'unauthorized');
    expect(stateOf(status)).to.equal('Sign-in needed');
    await until(() => asked.length === 1, 'sync-unauthorized');
    expect(asked[0]!.detail.url).to.equal(SERVER_URL);
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
      const el = await mount<LeadProgressElement>(
        html`<lead-progress dealership=${DEALERSHIP} database=${name} user="sam" lead-id="lead:none"></lead-progress>`,
      );
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
    await fixtureWithRemote();
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store} .credentials=${ADMIN} server-url=${SERVER_URL} server-database=${remoteDb} auth="basic"><lead-progress lead-id=${fx.leadId}></lead-progress></lead-store>`,
    );
    const el = host.querySelector('lead-progress')!;
    await until(() => el.sync && shadow(el).querySelector('.step'), 'steps with sync');
    const sync = el.sync as unknown as { pause(): void; resume(): void };
    sync.pause();
    shadow(el).querySelector<HTMLButtonElement>('.step[data-step="finance"]')!.click();
    await el.updateComplete;
    shadow(el).querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    const finance = () => shadow(el).querySelector('.step[data-step="finance"]')!;
    await eventually(
      () => finance().querySelector('[data-not-on-server]'),
      () => `marked not on the server (${text(finance())})`,
      10000,
    );
    expect(text(finance())).to.contain('not yet on the server');
    sync.resume();
    await until(() => finance().getAttribute('data-mark') === 'saved' && !finance().querySelector('[data-not-on-server]'), 'uploaded', 15000);
  });
});
