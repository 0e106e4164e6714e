/**
 * The real test server (PouchDB Server, started by scripts/test.mjs; its URL and admin come from
 * the `__FORECOURT_TEST_SERVER__` define of scripts/bundle-browser-tests.mjs) as the browser tests
 * use it: its admin's credentials and headers, and databases made, read and removed with raw HTTP
 * as that admin, set up as forecourt-setup would (the `_changes` filter the sync pulls through,
 * optionally more of the design document and a `_security`).
 *
 * Requests go through the page's own fetch as it was when this module loaded, so a test that wraps
 * `window.fetch` to watch what the page sends never sees the test's own admin requests.
 */
import { expect } from '@open-wc/testing';
import { stopSharedSync } from '../../../components/shared/shared-sync.js';
import type { LeadStore } from '../../../src/store/api.js';
import { DEALERSHIP } from '../components/fixture.js';

declare const __FORECOURT_TEST_SERVER__: string;
const config = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = config.admin.split(':') as [string, string];

/** The server's base URL, e.g. `http://127.0.0.1:5984`. */
export const SERVER_URL = config.url;

/** The server admin, as credentials for `<lead-store .credentials>` or the sync's basic auth. */
export const ADMIN = { username: adminName, password: adminPassword } as const;

/** Basic auth as the server admin. */
export const adminHeaders: Readonly<Record<string, string>> = { Authorization: `Basic ${btoa(config.admin)}` };
/** Basic auth as the server admin, with a JSON body (a PUT without it stores an empty document). */
export const adminJsonHeaders: Readonly<Record<string, string>> = { ...adminHeaders, 'Content-Type': 'application/json' };

/** The `_security` member roles of a dealership's database: its salespeople and managers. */
export const DEALERSHIP_MEMBERS = [`${DEALERSHIP}:salesperson`, `${DEALERSHIP}:manager`];

/** Port 9 (discard) on the loopback: nothing listens, every request fails at once, as offline. */
export const UNREACHABLE_URL = 'http://127.0.0.1:9';

/**
 * The `_changes` filter the sync pulls through: BY_TYPE_FILTER_SOURCE of server/design-doc.ts, which
 * cannot load in a page (it builds the validation with esbuild). Without it PouchDB Server stops.
 */
export const BY_TYPE_FILTER =
  "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";

const realFetch = window.fetch.bind(window);

/** A request to the server as its admin; `path` starts with `/`. */
export function adminFetch(path: string, init: RequestInit = {}): Promise<Response> {
  return realFetch(`${SERVER_URL}${path}`, { ...init, headers: { ...(init.body === undefined ? adminHeaders : adminJsonHeaders), ...init.headers } });
}

/** A name no other test uses: `prefix-<time>-<random>`. */
export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

export interface RemoteDatabaseOptions {
  /**
   * More fields of `_design/forecourt` (a validate_doc_update, the forecourt block), beside the
   * `_changes` filter; `false` leaves the database as forecourt-setup never ran on it (no design).
   */
  design?: Record<string, unknown> | false;
  /** When given, `_security` lets only these roles in (as members). */
  memberRoles?: string[];
}

/** Creates a database on the test server (named `prefix-…`) and sets it up; resolves with its name. */
export async function createRemoteDatabase(prefix: string, options: RemoteDatabaseOptions = {}): Promise<string> {
  const name = uniqueName(prefix);
  const created = await adminFetch(`/${name}`, { method: 'PUT' });
  expect(created.status, `PUT /${name}`).to.be.oneOf([201, 202]);
  if (options.memberRoles) {
    const security = { admins: { names: [], roles: [] }, members: { names: [], roles: options.memberRoles } };
    const res = await adminFetch(`/${name}/_security`, { method: 'PUT', body: JSON.stringify(security) });
    expect(res.ok, `PUT /${name}/_security`).to.equal(true);
  }
  if (options.design !== false) await installDesign(name, options.design);
  return name;
}

/** Installs `_design/forecourt` with the `_changes` filter (and `fields`) on an existing database. */
export async function installDesign(database: string, fields: Record<string, unknown> = {}): Promise<void> {
  const design = { language: 'javascript', filters: { by_type: BY_TYPE_FILTER }, ...fields };
  const res = await adminFetch(`/${database}/_design/forecourt`, { method: 'PUT', body: JSON.stringify(design) });
  expect(res.status, `PUT /${database}/_design/forecourt`).to.be.oneOf([201, 202]);
}

/** Deletes a database of the test server (nothing when `database` is empty). */
export async function deleteRemoteDatabase(database: string): Promise<void> {
  if (database) await adminFetch(`/${database}`, { method: 'DELETE' });
}

/** A document as the server holds it (`_id`, `_rev` and the body), or null when it has none. */
export async function remoteDoc<T = Record<string, unknown>>(database: string, id: string): Promise<T | null> {
  const res = await adminFetch(`/${database}/${encodeURIComponent(id)}`);
  return res.ok ? ((await res.json()) as T) : null;
}

/** What a test opened locally: a fixture (with its store) or a store of its own. */
export type LocalStore = LeadStore | { store: LeadStore; remove(): Promise<void> };

/**
 * After a test whose stores synced: empties the page, stops each store's shared sync (3 s at most
 * each: a stuck stop must not hide the test's own result), deletes the local databases and then the
 * remote one.
 */
export async function endSyncedTest(local: LocalStore | undefined | readonly (LocalStore | undefined)[], remoteDatabase = ''): Promise<void> {
  document.body.replaceChildren();
  const locals = (Array.isArray(local) ? local : [local]).filter((l): l is LocalStore => l !== undefined);
  for (const l of locals) await Promise.race([stopSharedSync('store' in l ? l.store : l), new Promise((r) => setTimeout(r, 3000))]);
  for (const l of locals) await l.remove();
  await deleteRemoteDatabase(remoteDatabase);
}
