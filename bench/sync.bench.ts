/**
 * Sync figures in headless Chromium (IndexedDB through Dexie) against the embedded server:
 * cold pull of 10,000 leads with ours and with rxdb's replicateCouchDB (pull only, and two-way as
 * ours is), against a local bulk insert of the same data (the floor); push of 1,000 commands;
 * live latency between two clients.
 *   node bench/runner.mjs bench/sync.bench.ts
 */
import { createRxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { filter, firstValueFrom } from 'rxjs';
import type { LeadDoc } from '../src/model/index.js';
import { createStore } from '../src/store/store.js';
import { COLLECTIONS, COLLECTION_NAMES, LEAD_SCHEMA } from '../src/store/schemas.js';
import type { LeadStore } from '../src/store/api.js';
import { hashFunction } from '../src/store/hash.js';
import { startSync } from '../src/sync/sync.js';

declare const __FORECOURT_TEST_SERVER__: string;
const server = JSON.parse(__FORECOURT_TEST_SERVER__) as { url: string; admin: string };
const [adminName, adminPassword] = server.admin.split(':') as [string, string];
const headers = { Authorization: `Basic ${btoa(server.admin)}`, 'Content-Type': 'application/json' };
const BY_TYPE = "function(doc, req) { return doc.type === req.query.type || (doc._deleted === true && doc._id.indexOf(req.query.type + ':') === 0); }";
const N = 10_000;
const COMMANDS = 1_000;
const LATENCY_SAMPLES = 40;
const T = Date.UTC(2025, 0, 6, 9);
const D = `bench-${Date.now().toString(36)}`;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const log = (line: string) => console.log(line);

function lead(n: number): LeadDoc {
  const stamp = { at: T + n, deviceId: 'seed', by: 'admin' };
  return {
    id: `lead:bench-${String(n).padStart(5, '0')}`,
    type: 'lead',
    dealershipId: D,
    customer: { name: `Customer ${n}`, email: `c${n}@example.com`, phone: '555-0100' },
    vehicle: '2024 Toyota RAV4',
    source: 'Website',
    salespersonId: adminName,
    createdAt: T + n,
    status: 'open',
    outcome: '',
    closeReasonId: '',
    closedAt: 0,
    closedBy: '',
    closeNotes: '',
    closeFollowUpAt: 0,
    closeRequestId: '',
    soldAt: 0,
    steps: {},
    progressStepId: '',
    interest: 'not-set',
    contactGroups: [],
    nextEventAt: 0,
    actionAt: T + n,
    updatedAt: T + n,
    search: `customer ${n}`,
    clock: { status: stamp },
    commandId: `seed-${n}`,
    updatedBy: 'admin',
  };
}

const toCouch = ({ id, ...rest }: LeadDoc) => ({ _id: id, ...rest });
const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => `${x.toFixed(0)} ms`;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;

async function seedServer(leads: LeadDoc[]): Promise<void> {
  await fetch(`${server.url}/${D}`, { method: 'PUT', headers });
  await fetch(`${server.url}/${D}/_design/forecourt`, { method: 'PUT', headers, body: JSON.stringify({ filters: { by_type: BY_TYPE } }) });
  const user = {
    _id: `user:${adminName}`,
    type: 'user',
    dealershipId: D,
    userId: adminName,
    name: 'Bench',
    email: '',
    roles: ['manager'],
    managerId: '',
    active: true,
    updatedAt: T,
  };
  await fetch(`${server.url}/${D}/_bulk_docs`, { method: 'POST', headers, body: JSON.stringify({ docs: [user] }) });
  for (let i = 0; i < leads.length; i += 1000) {
    const res = await fetch(`${server.url}/${D}/_bulk_docs`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ docs: leads.slice(i, i + 1000).map(toCouch) }),
    });
    if (res.status !== 201) throw new Error(`seeding failed: ${res.status}`);
  }
}

async function main(): Promise<void> {
  const leads = Array.from({ length: N }, (_, i) => lead(i));
  await seedServer(leads);
  log(`seeded ${N} leads on ${server.url}/${D}`);
  const auth = { kind: 'basic' as const, username: adminName, password: adminPassword };

  // 1. floor: local bulk insert of the same leads into a fresh store
  const floorStore = await createStore({ dealershipId: D, name: unique('floor'), storage: 'indexeddb' });
  let t0 = performance.now();
  await floorStore.importDocuments({ leads });
  const floor = ms(t0);
  await floorStore.close();

  // 2. ours: cold pull into a fresh store
  const oursStore = await createStore({ dealershipId: D, name: unique('ours'), storage: 'indexeddb' });
  t0 = performance.now();
  const oursSync = startSync(oursStore, { url: server.url, auth, live: false });
  await oursSync.replications.leads.awaitInitialReplication();
  const ours = ms(t0);
  const oursCount = (await oursStore.database.collections.leads!.count().exec()) as number;
  await oursSync.stop();
  await oursStore.close();

  // 2b. ours into bare collections (no store around them: the handler's own cost)
  const bare = await createRxDatabase({ name: unique('bare'), storage: getRxStorageDexie() as RxStorage<any, any>, multiInstance: false, hashFunction });
  await bare.addCollections(Object.fromEntries(COLLECTION_NAMES.map((n) => [n, { schema: COLLECTIONS[n] }])) as any);
  const bareStore = { database: bare, dealershipId: D, deviceId: 'bench', currentActor: () => null } as unknown as LeadStore;
  t0 = performance.now();
  const bareSync = startSync(bareStore, { url: server.url, auth, live: false });
  await bareSync.replications.leads.awaitInitialReplication();
  const oursBare = ms(t0);
  await bareSync.stop();
  await bare.remove();

  // 3. rxdb's replicateCouchDB into a fresh leads collection
  const db = await createRxDatabase({ name: unique('rxdb'), storage: getRxStorageDexie() as RxStorage<any, any>, multiInstance: false, hashFunction });
  await db.addCollections({ leads: { schema: LEAD_SCHEMA } });
  t0 = performance.now();
  const theirs = replicateCouchDB({
    replicationIdentifier: unique('rxdb-couch'),
    collection: db.collections.leads!,
    url: `${server.url}/${D}/`,
    live: false,
    waitForLeadership: false,
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: headers.Authorization } }),
    pull: { batchSize: 500 },
  });
  await theirs.awaitInitialReplication();
  const rxdb = ms(t0);
  const rxdbCount = (await db.collections.leads!.count().exec()) as number;
  await theirs.cancel();
  await db.remove();

  // 3b. the same with push configured: a two-way replication, like ours, must also store every
  // pulled document's assumed master state (RxDB skips that when there is no push).
  const db2 = await createRxDatabase({ name: unique('rxdb2'), storage: getRxStorageDexie() as RxStorage<any, any>, multiInstance: false, hashFunction });
  await db2.addCollections({ leads: { schema: LEAD_SCHEMA } });
  t0 = performance.now();
  const theirs2 = replicateCouchDB({
    replicationIdentifier: unique('rxdb-couch'),
    collection: db2.collections.leads!,
    url: `${server.url}/${D}/`,
    live: false,
    waitForLeadership: false,
    fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), Authorization: headers.Authorization } }),
    pull: { batchSize: 500 },
    push: {},
  });
  await theirs2.awaitInitialReplication();
  const rxdbTwoWay = ms(t0);
  await theirs2.cancel();
  await db2.remove();

  log(`cold pull of ${N} leads into IndexedDB:`);
  log(`  local bulk insert (floor): ${fmt(floor)}`);
  log(`  ours:                      ${fmt(ours)} (${(ours / floor).toFixed(2)}× the floor, ${oursCount} leads)`);
  log(`  ours, bare collections:    ${fmt(oursBare)} (${(oursBare / floor).toFixed(2)}× the floor)`);
  log(`  rxdb replicateCouchDB:     ${fmt(rxdb)} (${(rxdb / floor).toFixed(2)}× the floor, ${rxdbCount} documents incl. the design doc)`);
  log(`  rxdb replicateCouchDB, two-way (push configured, as ours): ${fmt(rxdbTwoWay)} (${(rxdbTwoWay / floor).toFixed(2)}× the floor)`);
  log(`  ours / rxdb: ${(ours / rxdb).toFixed(2)} into the store, ${(oursBare / rxdb).toFixed(2)} into bare collections`);
  log(`  ours / rxdb two-way: ${(ours / rxdbTwoWay).toFixed(2)} into the store, ${(oursBare / rxdbTwoWay).toFixed(2)} into bare collections`);

  // 4. push of 1,000 commands, and 5. live latency between two clients
  const a = await createStore({ dealershipId: D, name: unique('a'), storage: 'indexeddb', userId: adminName });
  const b = await createStore({ dealershipId: D, name: unique('b'), storage: 'indexeddb', userId: adminName });
  const syncA = startSync(a, { url: server.url, auth });
  const syncB = startSync(b, { url: server.url, auth });
  await Promise.all([syncA.awaitInSync(), syncB.awaitInSync()]);
  await firstValueFrom(a.actor$.pipe(filter(Boolean)));
  await Promise.all([syncA, syncB].map((s) => firstValueFrom(s.status$.pipe(filter((st) => st.state === 'live' && st.pendingCount === 0)))));

  syncA.pause();
  t0 = performance.now();
  for (let i = 0; i < COMMANDS; i++) {
    const r = await a.execute(
      i % 2 === 0 ? { type: 'set-interest', leadId: leads[i]!.id, interest: 'warm' } : { type: 'add-note', leadId: leads[i]!.id, text: `bench note ${i}` },
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  const execute = ms(t0);
  await firstValueFrom(syncA.status$.pipe(filter((s) => s.pendingCount > 0)));
  const pending = syncA.status().pendingCount;
  t0 = performance.now();
  syncA.resume();
  await firstValueFrom(syncA.status$.pipe(filter((s) => s.pendingCount === 0)));
  const push = ms(t0);
  log(
    `push of ${COMMANDS} commands (${pending} documents): executing locally ${fmt(execute)}, pushing ${fmt(push)} (${((pending / push) * 1000).toFixed(0)} documents/s)`,
  );
  await syncA.awaitInSync();
  await syncB.awaitInSync();

  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const leadId = leads[2000 + i]!.id;
    const seen = firstValueFrom(b.lead$(leadId).pipe(filter((l) => l?.interest === 'hot')));
    const start = performance.now();
    await a.execute({ type: 'set-interest', leadId, interest: 'hot' });
    await seen;
    samples.push(performance.now() - start);
  }
  log(
    `live change latency, client A command to client B's query (${LATENCY_SAMPLES} samples): median ${fmt(percentile(samples, 0.5))}, p95 ${fmt(percentile(samples, 0.95))}`,
  );

  await syncA.stop();
  await syncB.stop();
  await a.close();
  await b.close();
}

main()
  .catch((err) => console.log(`bench failed: ${err instanceof Error ? err.stack : String(err)}`))
  .finally(() => (window as unknown as { benchDone: () => void }).benchDone());
