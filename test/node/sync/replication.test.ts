/**
 * The CouchDB handler against the real server (PouchDB Server started by scripts/test.mjs), on
 * bare RxDB databases with the store's schemas: push, pull, live, checkpoints, deletions,
 * design documents, 401 and offline. Rules-dependent behaviour is in the other sync tests.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom, filter } from 'rxjs';
import type { RxDatabase } from 'rxdb';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';
import { freePort } from '../../../server/embedded.mjs';
import { BY_TYPE_FILTER_SOURCE } from '../../../server/design-doc.js';
import { bareDatabase, bareStore, createPlainDb, eventually, http, makeLead, testServer, uniqueName } from './helpers.js';

// RxDB's free package allows 13 open collections per process: every test closes its clients.
let open: { db: RxDatabase; sync: SyncHandle | null }[] = [];
afterEach(async () => {
  for (const o of open) {
    await o.sync?.stop();
    if (!o.db.closed) await o.db.remove();
  }
  open = [];
});

async function client(dbName: string, opts: { auth?: Parameters<typeof startSync>[1]['auth']; url?: string; batchSize?: number; fetch?: typeof fetch } = {}) {
  const s = testServer();
  const db = await bareDatabase(uniqueName('local'));
  const store = bareStore(db, dbName);
  const sync = startSync(store, {
    url: opts.url ?? s.url,
    database: dbName,
    auth: opts.auth ?? { kind: 'basic', username: s.adminName, password: s.adminPassword },
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const entry = { db, sync: sync as SyncHandle | null };
  open.push(entry);
  return { db, sync, store, entry };
}

const leadCount = async (db: RxDatabase) => (await db.collections.leads!.find().exec()).length;

describe('CouchDB replication handler', () => {
  test('pushes local leads to the server and pulls them into a second client; live both ways', async () => {
    const name = uniqueName('repl');
    await createPlainDb(name);
    const a = await client(name);
    const b = await client(name);
    await a.db.collections.leads!.bulkInsert([makeLead(name, 1), makeLead(name, 2)]);
    await eventually(
      'both leads on the server',
      async () => (await http('GET', `${name}/_all_docs?startkey="lead:"&endkey="lead:\ufff0"`)).body.rows.length === 2,
    );
    await eventually('client b has both leads', async () => (await leadCount(b.db)) === 2);
    const pulled = (await b.db.collections.leads!.findOne('lead:seed-1').exec())!.toJSON() as any;
    assert.equal(pulled.customer.name, 'Customer 1');

    // b edits; a sees it live
    await (await b.db.collections.leads!.findOne('lead:seed-2').exec())!.incrementalPatch({ vehicle: 'Kia EV6' });
    await eventually("a sees b's edit", async () => (await a.db.collections.leads!.findOne('lead:seed-2').exec())?.vehicle === 'Kia EV6');
    const server = await http('GET', `${name}/lead:seed-2`);
    assert.equal(server.body.vehicle, 'Kia EV6');
    assert.equal(server.body._id, 'lead:seed-2');
    assert.equal(server.body.id, undefined, 'the RxDB primary key travels as _id only');
  });

  test('a raw HTTP write reaches a client live; design documents never become data', async () => {
    const name = uniqueName('raw');
    await createPlainDb(name);
    const a = await client(name);
    await firstValueFrom(a.sync.status$.pipe(filter((s) => s.state === 'live')));
    const put = await http('PUT', `${name}/lead:raw-1`, { ...makeLead(name, 7, { id: 'lead:raw-1' }), id: undefined });
    assert.equal(put.status, 201);
    await eventually('the raw write arrives', async () => (await a.db.collections.leads!.findOne('lead:raw-1').exec()) !== null);
    for (const col of Object.values(a.db.collections)) {
      const docs = await col.find().exec();
      assert.ok(
        docs.every((d: any) => !String(d.primary).startsWith('_design/')),
        `no design doc in ${col.name}`,
      );
    }
  });

  test('a deletion made on the server deletes the document locally', async () => {
    const name = uniqueName('del');
    await createPlainDb(name);
    const a = await client(name);
    await a.db.collections.leads!.insert(makeLead(name, 1));
    await eventually('on the server', async () => (await http('GET', `${name}/lead:seed-1`)).status === 200);
    const current = await http('GET', `${name}/lead:seed-1`);
    const del = await http('DELETE', `${name}/lead:seed-1?rev=${current.body._rev}`);
    assert.equal(del.status, 200);
    await eventually('deleted locally', async () => (await leadCount(a.db)) === 0);
  });

  test('the first pull is complete even when the filter leaves pages short (page-size trap)', async () => {
    const name = uniqueName('pages');
    await createPlainDb(name);
    // 40 leads interleaved with 60 other documents
    const docs: any[] = [];
    for (let i = 0; i < 40; i++) {
      docs.push({ ...makeLead(name, i), _id: `lead:seed-${i}`, id: undefined });
      docs.push({ _id: `event:e${i}`, type: 'event' }, { _id: `activity:x${i}:audit`, type: 'activity' });
      if (i % 10 === 0) docs.push({ _id: `_design/extra${i}`, views: {} });
    }
    assert.equal((await http('POST', `${name}/_bulk_docs`, { docs })).status, 201);
    const a = await client(name, { batchSize: 7 });
    await a.sync.replications.leads.awaitInitialReplication();
    assert.equal(await leadCount(a.db), 40);
  });

  test('a restart resumes from the checkpoint: only new changes are pulled', async () => {
    const name = uniqueName('ckpt');
    await createPlainDb(name);
    const docs = Array.from({ length: 30 }, (_, i) => ({ ...makeLead(name, i), _id: `lead:seed-${i}`, id: undefined }));
    await http('POST', `${name}/_bulk_docs`, { docs });
    const s = testServer();
    const db = await bareDatabase(uniqueName('local'));
    const store = bareStore(db, name);
    const first = startSync(store, { url: s.url, database: name, auth: { kind: 'basic', username: s.adminName, password: s.adminPassword } });
    await first.awaitInSync();
    assert.equal(await leadCount(db), 30);
    await first.stop();
    open.push({ db, sync: null });
    await http('POST', `${name}/_bulk_docs`, {
      docs: [3, 4].map((i) => ({ ...makeLead(name, 100 + i), _id: `lead:new-${i}`, id: undefined })),
    });
    const second = startSync(store, { url: s.url, database: name, auth: { kind: 'basic', username: s.adminName, password: s.adminPassword } });
    open[open.length - 1]!.sync = second;
    let received = 0;
    const sub = second.replications.leads.received$.subscribe(() => received++);
    await second.awaitInSync();
    sub.unsubscribe();
    assert.equal(await leadCount(db), 32);
    assert.equal(received, 2, 'only the two new leads came down');
  });

  test('wrong credentials: unauthorized, then new credentials let the backlog through', async () => {
    const name = uniqueName('auth');
    await createPlainDb(name);
    const s = testServer();
    const a = await client(name, { auth: { kind: 'basic', username: s.adminName, password: 'wrong' } });
    await a.db.collections.leads!.bulkInsert([makeLead(name, 1), makeLead(name, 2), makeLead(name, 3)]);
    const status = await firstValueFrom(a.sync.status$.pipe(filter((st) => st.state === 'unauthorized')));
    assert.match(status.error ?? '', /401/);
    await eventually('three pending', () => a.sync.status().pendingCount === 3);
    a.sync.setCredentials({ kind: 'basic', username: s.adminName, password: s.adminPassword });
    await a.sync.awaitInSync();
    const rows = (await http('GET', `${name}/_all_docs?startkey="lead:"&endkey="lead:\ufff0"`)).body.rows;
    assert.equal(rows.length, 3);
    await eventually('nothing pending and live', () => a.sync.status().pendingCount === 0 && a.sync.status().state === 'live');
  });

  test('cookie sessions authenticate and isOnServer$ follows a document', async () => {
    const name = uniqueName('cookie');
    await createPlainDb(name);
    const s = testServer();
    const a = await client(name, { auth: { kind: 'cookie', username: s.adminName, password: s.adminPassword } });
    a.sync.pause();
    await a.db.collections.leads!.insert(makeLead(name, 1));
    const seen: boolean[] = [];
    const sub = a.sync.isOnServer$('lead:seed-1').subscribe((v) => seen.push(v));
    await eventually('reported as not on the server', () => seen[seen.length - 1] === false);
    assert.equal(a.sync.status().state, 'paused');
    a.sync.resume();
    await eventually('reported on the server', () => seen[seen.length - 1] === true);
    sub.unsubscribe();
    assert.equal((await http('GET', `${name}/lead:seed-1`)).status, 200);
  });

  test('a database that was never set up: the status says an administrator must run forecourt-setup, nothing is pulled, and the backlog goes up once it is set up', async () => {
    const name = uniqueName('unset');
    assert.equal((await http('PUT', encodeURIComponent(name))).status, 201);
    const urls: string[] = [];
    const recording: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    const a = await client(name, { fetch: recording });
    await a.db.collections.leads!.insert(makeLead(name, 1));
    const status = await firstValueFrom(a.sync.status$.pipe(filter((st) => st.state === 'error')));
    assert.match(status.error ?? '', /not set up for forecourt.*forecourt-setup/);
    assert.deepEqual(
      urls.filter((u) => u.includes('_changes') || u.includes('_bulk_docs')),
      [],
      'no pull or push before the design document exists',
    );
    const design = await http('PUT', `${encodeURIComponent(name)}/_design/forecourt`, { filters: { by_type: BY_TYPE_FILTER_SOURCE } });
    assert.equal(design.status, 201);
    await eventually('the lead reaches the server once the database is set up', async () => (await http('GET', `${name}/lead:seed-1`)).status === 200, 30_000);
    await eventually('live', () => a.sync.status().state === 'live');
  });

  test('a bearer token (JWT) goes in the Authorization header of every request, and a refreshed one replaces it', async () => {
    const name = uniqueName('bearer');
    await createPlainDb(name);
    const s = testServer();
    const seen: string[] = [];
    // PouchDB Server knows no JWT: the test checks the header and lets the request through as the admin.
    const asServer: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push(headers.get('authorization') ?? '');
      headers.set('authorization', `Basic ${Buffer.from(`${s.adminName}:${s.adminPassword}`).toString('base64')}`);
      return fetch(input, { ...init, headers });
    };
    const a = await client(name, { auth: { kind: 'bearer', token: 'token-one' }, fetch: asServer });
    await a.db.collections.leads!.insert(makeLead(name, 1));
    await a.sync.awaitInSync();
    assert.ok(seen.length > 0 && !seen.some((h) => h !== 'Bearer token-one'), `every request carried the first token: ${[...new Set(seen)].join(', ')}`);
    seen.length = 0;
    a.sync.setCredentials({ kind: 'bearer', token: 'token-two' });
    await a.db.collections.leads!.insert(makeLead(name, 2));
    await a.sync.awaitInSync();
    assert.equal((await http('GET', `${name}/lead:seed-2`)).status, 200);
    assert.ok(
      seen.length > 0 && !seen.some((h) => h !== 'Bearer token-two'),
      `every later request carried the refreshed token: ${[...new Set(seen)].join(', ')}`,
    );
  });

  test('pausing and resuming over and over while changes are being pushed loses none of them', async () => {
    const name = uniqueName('toggle');
    await createPlainDb(name);
    // Slow answers keep pushes in flight when a pause aborts them.
    const slow: typeof fetch = async (input, init) => {
      await new Promise((r) => setTimeout(r, Math.random() * 40));
      return fetch(input, init);
    };
    const a = await client(name, { fetch: slow });
    await a.sync.awaitInSync();
    const COUNT = 60;
    for (let i = 1; i <= COUNT; i++) {
      await a.db.collections.leads!.insert(makeLead(name, i));
      if (i % 3 === 0) a.sync.pause();
      await new Promise((r) => setTimeout(r, Math.random() * 30));
      if (i % 3 === 0 || i % 7 === 0) a.sync.resume();
    }
    a.sync.resume();
    await a.sync.awaitInSync();
    await eventually('nothing pending', () => a.sync.status().pendingCount === 0, 30_000);
    const rows = (await http('GET', `${name}/_all_docs?startkey="lead:"&endkey="lead:\ufff0"`)).body.rows;
    assert.equal(rows.length, COUNT, 'every lead reached the server');
  });

  test('an unreachable server: offline, with the change kept pending', async () => {
    const port = await freePort();
    const a = await client('nowhere', { url: `http://127.0.0.1:${port}` });
    await a.db.collections.leads!.insert(makeLead('nowhere', 1));
    await firstValueFrom(a.sync.status$.pipe(filter((st) => st.state === 'offline')));
    await eventually('one pending', () => a.sync.status().pendingCount === 1);
  });
});
