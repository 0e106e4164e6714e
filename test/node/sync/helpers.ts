/** Shared helpers of the sync tests: the test server, fresh databases, bare RxDB databases. */
import { createRxDatabase, type RxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { COLLECTIONS, COLLECTION_NAMES } from '../../../src/store/schemas.js';
import { hashFunction } from '../../../src/store/hash.js';
import { BY_TYPE_FILTER_SOURCE, DESIGN_DOC_ID } from '../../../server/design-doc.js';

export function testServer(): { url: string; adminName: string; adminPassword: string; adminUrl: string } {
  const url = process.env.FORECOURT_TEST_COUCH_URL;
  const admin = process.env.FORECOURT_TEST_COUCH_ADMIN;
  if (!url || !admin) throw new Error('FORECOURT_TEST_COUCH_URL / FORECOURT_TEST_COUCH_ADMIN are not set: run through scripts/test.mjs');
  const [adminName, adminPassword] = admin.split(':') as [string, string];
  const u = new URL(url);
  u.username = adminName;
  u.password = adminPassword;
  return { url, adminName, adminPassword, adminUrl: u.toString().replace(/\/$/, '') };
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** A raw HTTP call as `user` ('admin' = the server admin); returns status and parsed body. */
export async function http(
  method: string,
  path: string,
  body?: unknown,
  user: { name: string; password: string } | 'admin' | null = 'admin',
): Promise<{ status: number; body: any }> {
  const s = testServer();
  const cred = user === 'admin' ? { name: s.adminName, password: s.adminPassword } : user;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cred) headers.authorization = `Basic ${Buffer.from(`${cred.name}:${cred.password}`).toString('base64')}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${s.url}/${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A fresh database with only the by_type filter (no validation): for handler tests. */
export async function createPlainDb(name: string): Promise<void> {
  const created = await http('PUT', encodeURIComponent(name));
  if (created.status !== 201) throw new Error(`PUT ${name}: ${created.status} ${JSON.stringify(created.body)}`);
  const design = await http('PUT', `${encodeURIComponent(name)}/${DESIGN_DOC_ID}`, { filters: { by_type: BY_TYPE_FILTER_SOURCE } });
  if (design.status !== 201) throw new Error(`design doc: ${design.status} ${JSON.stringify(design.body)}`);
}

/** An RxDB database with the store's five collections (memory storage), without the store. */
export async function bareDatabase(name: string): Promise<RxDatabase> {
  const db = await createRxDatabase({
    name,
    storage: getRxStorageMemory() as RxStorage<any, any>,
    multiInstance: false,
    hashFunction,
  });
  await db.addCollections(Object.fromEntries(COLLECTION_NAMES.map((n) => [n, { schema: COLLECTIONS[n] }])) as any);
  return db;
}

/** Polls until `check` returns true (sync is asynchronous); fails with `what` after `ms`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

import type { LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { leadDoc } from '../support/documents.js';

/** A complete, valid lead document. */
export function makeLead(dealershipId: string, n: number, over: Partial<LeadDoc> = {}): LeadDoc {
  const at = 1_700_000_000_000 + n;
  const stamp = { at, deviceId: 'seed', by: 'seed' };
  return leadDoc({
    id: `lead:seed-${n}`,
    dealershipId,
    customer: { name: `Customer ${n}`, email: `c${n}@example.com`, phone: '555-0100' },
    vehicle: '2024 Toyota RAV4',
    source: 'Website',
    salespersonId: 'sam',
    createdAt: at,
    actionAt: at,
    updatedAt: at,
    search: `customer ${n}`,
    clock: { customer: stamp, vehicle: stamp, interest: stamp, status: stamp },
    commandId: `seed-${n}`,
    updatedBy: 'seed',
    ...over,
  });
}

/** Just enough of a LeadStore for the replication: database, dealership, device, actor. */
export function bareStore(database: RxDatabase, dealershipId: string, userId = 'admin'): LeadStore {
  return {
    database,
    dealershipId,
    deviceId: `device-${database.name}`,
    currentActor: () => ({ userId, dealershipId, roles: ['admin'], managerId: '', deviceId: `device-${database.name}` }),
  } as unknown as LeadStore;
}
