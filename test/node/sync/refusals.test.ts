/**
 * The sync of issue 3 where it meets refusals, crashes and deletions, against the real server
 * (PouchDB Server started by scripts/test.mjs) with dealerships installed by the setup command,
 * so the server's validate_doc_update judges every write with the writer's real roles:
 * - a change the server forbids (403 `forbidden`) and a per-row `unauthorized` in a `_bulk_docs`
 *   answer are reverted to the server's state, recorded as a local rejection in the lead's
 *   activity, block nothing, and leave the status live;
 * - a store dropped without stop() (a crash) with changes not pushed yet: the store reopened on
 *   the same storage pushes them, and its pulls resume from their checkpoints; a push the server
 *   wrote but whose answer was lost is pushed again without a second write or a rejection;
 * - a deletion made on another client (not on the server directly) reaches this one;
 * - a signed-in user outside the database's members (403) is 'unauthorized' until new credentials.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import type { RxDatabase } from 'rxdb';
import { createStore, type StoreInternalOptions } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import type { ActivityDoc, LeadDoc, RejectionEntry } from '../../../src/model/index.js';
import type { CommandRejection } from '../../../src/sync/sync.js';
import { startSync, type SyncHandle, type SyncState } from '../../../src/sync/sync.js';
import { setupDealership } from '../../../server/setup.js';
import { bareDatabase, bareStore, eventually, http, makeLead, testServer, uniqueName } from './helpers.js';

// RxDB's free package allows 13 open collections per process (5 per store): every test closes
// what it opened, crashed instances included. A stop() or close() that never ends fails the test
// by name (instead of draining the event loop) and the rest are still closed.
let cleanups: { what: string; run: () => Promise<unknown> }[] = [];
afterEach(async () => {
  const hung: string[] = [];
  for (const c of cleanups.reverse()) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = await Promise.race([
      c.run().then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 10_000))),
    ]);
    clearTimeout(timer);
    if (!done) hung.push(c.what);
  }
  cleanups = [];
  assert.deepEqual(hung, [], 'every sync stopped and every store closed');
});

type User = 'sam' | 'mia';

async function dealership(policy: Record<string, unknown> = {}): Promise<string> {
  const d = uniqueName('refusal-motors');
  await setupDealership({
    url: testServer().adminUrl,
    dealershipId: d,
    users: [
      { name: 'sam', password: 'pw-sam', roles: ['salesperson'] },
      { name: 'mia', password: 'pw-mia', roles: ['manager'] },
    ],
    policy,
  });
  return d;
}

async function seedLeads(d: string, n: number): Promise<void> {
  const docs = Array.from({ length: n }, (_, i) => {
    const { id, ...rest } = makeLead(d, i + 1, { updatedBy: 'admin' });
    return { _id: id, ...rest };
  });
  const res = await http('POST', `${d}/_bulk_docs`, { docs });
  assert.equal(res.status, 201);
}

async function openStore(d: string, user: User, name = uniqueName(`dev-${user}`), extra: Partial<StoreInternalOptions> = {}): Promise<LeadStore> {
  const store = await createStore({ dealershipId: d, name, storage: 'memory', userId: user, ...extra });
  cleanups.push({ what: `close store ${name}`, run: () => store.close() });
  return store;
}

function sync(store: LeadStore, user: User, fetchFn?: typeof fetch): SyncHandle {
  const handle = startSync(store, {
    url: testServer().url,
    auth: { kind: 'basic', username: user, password: `pw-${user}` },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  cleanups.push({ what: `stop the sync of ${store.database.name}`, run: () => handle.stop() });
  return handle;
}

/** A store of `user` in sync with the dealership, its user document pulled (so commands have an actor). */
async function device(d: string, user: User, fetchFn?: typeof fetch): Promise<{ store: LeadStore; sync: SyncHandle }> {
  const store = await openStore(d, user);
  const handle = sync(store, user, fetchFn);
  await handle.awaitInSync();
  await firstValueFrom(store.actor$.pipe(filter(Boolean)));
  return { store, sync: handle };
}

/** Every state the status went through (to show it never went to error). */
function statesOf(handle: SyncHandle): SyncState[] {
  const seen: SyncState[] = [];
  handle.status$.subscribe((s) => seen.push(s.state));
  return seen;
}

async function lead(store: LeadStore, id: string): Promise<LeadDoc | null> {
  return firstValueFrom(store.lead$(id));
}
async function activity(store: LeadStore, leadId: string): Promise<ActivityDoc[]> {
  return firstValueFrom(store.activity$(leadId));
}
const rejectionsIn = async (store: LeadStore, leadId: string): Promise<RejectionEntry[]> =>
  (await activity(store, leadId)).filter((e): e is RejectionEntry => e.kind === 'rejection');

/** The document's data without bookkeeping (`_rev`, RxDB's `_meta`…), with `_id` as `id`. */
function data(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    if (k === '_id') out.id = v;
    else if (!k.startsWith('_')) out[k] = v;
  }
  return out;
}

const serverDoc = async (d: string, id: string) => http('GET', `${d}/${encodeURIComponent(id)}`);

async function serverActivity(d: string): Promise<any[]> {
  const rows = (await http('GET', `${d}/_all_docs?include_docs=true&startkey="activity:"&endkey="activity:\ufff0"`)).body.rows;
  return rows.map((r: any) => r.doc);
}

/** Deleted on the server (not merely missing): `_all_docs` by key says so. */
async function deletedOnServer(d: string, id: string): Promise<boolean> {
  const row = (await http('POST', `${d}/_all_docs`, { keys: [id] })).body.rows[0];
  return row?.value?.deleted === true;
}

/** A raw write as the server admin on top of the current revision (someone else's change). */
async function adminPatch(d: string, id: string, patch: Record<string, unknown>): Promise<void> {
  const current = (await serverDoc(d, id)).body;
  assert.equal((await http('PUT', `${d}/${encodeURIComponent(id)}`, { ...current, ...patch })).status, 201);
}

const urlOf = (input: Parameters<typeof fetch>[0]): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

const isBulkDocs = (input: Parameters<typeof fetch>[0], init?: RequestInit): boolean =>
  urlOf(input).endsWith('/_bulk_docs') && init?.method === 'POST' && typeof init.body === 'string';

/**
 * A fetch that answers one `_bulk_docs` row with a per-row refusal, once. PouchDB Server cannot
 * produce a per-row `unauthorized` for a signed-in member (its validate_doc_update throws
 * `{unauthorized}` only for an anonymous writer, who never gets past `_security`: the whole
 * request is a 401), while CouchDB 3 answers `{id, error: 'unauthorized', reason}` for a row whose
 * validate function throws `{unauthorized: …}`. So this takes the document out of the real
 * request (the server never writes it), forwards the rest, and puts the refusal back in its place
 * in the real answer.
 */
function refusingRowOnce(docId: string, error: string, reason: string) {
  const seen = { batches: [] as string[][], refused: 0 };
  const wrapped: typeof fetch = async (input, init) => {
    if (!isBulkDocs(input, init)) return fetch(input, init);
    const body = JSON.parse(init!.body as string) as { docs: { _id: string }[] };
    const ids = body.docs.map((doc) => doc._id);
    seen.batches.push(ids);
    const at = ids.indexOf(docId);
    if (at < 0 || seen.refused > 0) return fetch(input, init);
    seen.refused += 1;
    const res = await fetch(input, { ...init, body: JSON.stringify({ ...body, docs: body.docs.filter((_, i) => i !== at) }) });
    const rows = (await res.json()) as unknown[];
    assert.ok(res.ok && Array.isArray(rows), `the real _bulk_docs answered ${res.status}`);
    rows.splice(at, 0, { id: docId, error, reason });
    return new Response(JSON.stringify(rows), { status: res.status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: wrapped, seen };
}

/** A fetch whose network can be cut: every request made while it is down fails as an unreachable server does. */
function cuttableNetwork() {
  const net = {
    down: false,
    /** URLs requested while up. */
    requests: [] as string[],
    /** Ids sent in `_bulk_docs` while up. */
    pushed: [] as string[],
    fetch: (async (input, init) => {
      if (net.down) throw new TypeError('fetch failed');
      net.requests.push(urlOf(input));
      if (isBulkDocs(input, init)) net.pushed.push(...(JSON.parse(init!.body as string) as { docs: { _id: string }[] }).docs.map((doc) => doc._id));
      return fetch(input, init);
    }) as typeof fetch,
  };
  return net;
}

/** The `since` of each filtered pull of `type`, in order, from the requested URLs. */
function pullsOf(urls: string[], type: string): string[] {
  return urls
    .map((u) => new URL(u))
    .filter((u) => u.pathname.endsWith('/_changes') && u.searchParams.get('filter') === 'forecourt/by_type' && u.searchParams.get('type') === type)
    .map((u) => u.searchParams.get('since') ?? '');
}

/** A test that hangs fails on its own instead of holding the run to the phase budget. */
const LIMIT = { timeout: 90_000 };

const CLOSE = { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'Too dear', contactGroups: ['live-leads'], followUpAt: null };

describe('refusals, crashes and deletions in sync', () => {
  test(
    'a change the server forbids (403): the lead reverted to the server state, it and its side documents recorded as one local rejection of the command and kept off the server, later changes to that lead still sync, never in error',
    LIMIT,
    async () => {
      // The server's compiled policy defines Close Lead Lost Permission; the policy document the
      // device reads does not (an admin edited it without re-running setup), so the device lets a
      // salesperson close lost and the server's validate_doc_update refuses it (403 forbidden).
      const d = await dealership({ definedRoles: ['close-lead-lost-permission'] });
      const policy = (await http('GET', `${d}/policy`)).body;
      assert.equal((await http('PUT', `${d}/policy`, { ...policy, definedRoles: [] })).status, 201);
      await seedLeads(d, 2);
      const before = (await serverDoc(d, 'lead:seed-1')).body;
      const { store, sync: handle } = await device(d, 'sam');
      const states = statesOf(handle);
      const rejections: RejectionEntry[] = [];
      handle.rejections$.subscribe((r) => rejections.push(r));

      const closed = await store.execute({ type: 'close-lost', leadId: 'lead:seed-1', choices: CLOSE });
      assert.ok(closed.ok, JSON.stringify(closed));
      assert.equal((await lead(store, 'lead:seed-1'))?.status, 'closed', 'the close applied locally first');

      await eventually('the refused close is reverted locally', async () => (await lead(store, 'lead:seed-1'))?.status === 'open');
      const server = (await serverDoc(d, 'lead:seed-1')).body;
      assert.equal(server._rev, before._rev, 'the server never took the close');
      assert.deepEqual(data((await lead(store, 'lead:seed-1')) as any), data(server), 'the local lead is the server state again');

      // The close's side documents (its audit entry and close note) are refused with it: the server
      // keeps no trace of a close that did not happen, and the refusal is recorded once for the
      // command, listing every document refused.
      const sideDocs = [`activity:${closed.commandId}:audit`, `activity:${closed.commandId}:note`];
      const allRefused = ['lead:seed-1', ...sideDocs].sort();
      await eventually('the rejection lists every refused document', async () => {
        const found = (await rejectionsIn(store, 'lead:seed-1')) as CommandRejection[];
        return found.length === 1 && (found[0]!.refused ?? []).length === allRefused.length;
      });
      const recorded = (await rejectionsIn(store, 'lead:seed-1')) as CommandRejection[];
      assert.equal(recorded.length, 1, `one entry for the refused command: ${JSON.stringify(recorded)}`);
      const entry = recorded[0]!;
      assert.equal(entry.docId, 'lead:seed-1', 'the entry is about the lead the command changed');
      assert.deepEqual(entry.refused.map((r) => r.docId).sort(), allRefused, JSON.stringify(entry));
      for (const r of entry.refused) {
        assert.equal(r.error, 'forbidden');
        assert.match(r.reason, /^auth\/not-permitted/);
      }
      assert.equal(entry.error, 'forbidden');
      assert.equal(entry.actorId, 'sam');
      assert.equal(entry.commandId, closed.commandId);
      assert.equal((await serverDoc(d, entry.id)).status, 404, 'the rejection stays local');
      assert.deepEqual([...new Set(rejections.map((r) => r.id))], [entry.id], 'rejections$ reported that one entry (again, with the same id, as it grew)');
      for (const id of sideDocs) assert.equal((await serverDoc(d, id)).status, 404, `${id} never reached the server`);
      await eventually('the refused side documents are gone locally', async () =>
        (await activity(store, 'lead:seed-1')).every((e) => e.kind === 'rejection' || e.commandId !== closed.commandId),
      );

      // Later, allowed changes: to the refused lead itself and to another one.
      assert.ok((await store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' })).ok);
      assert.ok((await store.execute({ type: 'add-note', leadId: 'lead:seed-2', text: 'Called back' })).ok);
      await handle.awaitInSync();
      const after = (await serverDoc(d, 'lead:seed-1')).body;
      assert.equal(after.interest, 'hot', 'a later change to the refused lead reached the server');
      assert.equal(after.status, 'open');
      const notes = (await serverActivity(d)).filter((doc: any) => doc.kind === 'note' && doc.leadId === 'lead:seed-2');
      assert.deepEqual(
        notes.map((n: any) => n.text),
        ['Called back'],
        'the note on the other lead reached the server',
      );
      assert.equal((await rejectionsIn(store, 'lead:seed-1')).length, 1, 'no further rejection');

      await eventually('live with nothing pending', () => handle.status().state === 'live' && handle.status().pendingCount === 0);
      assert.equal(handle.status().error, undefined);
      assert.ok(!states.includes('error') && !states.includes('unauthorized'), `states seen: ${states.join(' → ')}`);
    },
  );

  test(
    "a per-row 'unauthorized' in a _bulk_docs answer: that row reverted and recorded, the rest of the batch written, the status not 'unauthorized'",
    LIMIT,
    async () => {
      const d = await dealership();
      await seedLeads(d, 2);
      const { store, sync: first } = await device(d, 'sam');
      // Two changes while the sync is stopped: when it starts again they go up in one _bulk_docs.
      await first.stop();
      assert.ok((await store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' })).ok);
      assert.ok((await store.execute({ type: 'set-interest', leadId: 'lead:seed-2', interest: 'warm' })).ok);
      const refusing = refusingRowOnce('lead:seed-1', 'unauthorized', 'Your session cannot write this lead.');
      const handle = sync(store, 'sam', refusing.fetch);
      const states = statesOf(handle);
      const rejections: RejectionEntry[] = [];
      handle.rejections$.subscribe((r) => rejections.push(r));
      await handle.awaitInSync();

      assert.equal(refusing.seen.refused, 1, 'the refusal was answered');
      const batch = refusing.seen.batches.find((ids) => ids.includes('lead:seed-1'))!;
      assert.ok(batch.includes('lead:seed-2'), `both leads went up in one batch: ${JSON.stringify(refusing.seen.batches)}`);
      assert.equal((await serverDoc(d, 'lead:seed-2')).body.interest, 'warm', 'the other row of the batch was written');

      await eventually('the refused row is reverted locally', async () => (await lead(store, 'lead:seed-1'))?.interest === 'not-set');
      const server = (await serverDoc(d, 'lead:seed-1')).body;
      assert.equal(server.interest, 'not-set');
      assert.deepEqual(data((await lead(store, 'lead:seed-1')) as any), data(server));
      await eventually('the rejection is recorded', async () => (await rejectionsIn(store, 'lead:seed-1')).length > 0);
      const recorded = await rejectionsIn(store, 'lead:seed-1');
      assert.deepEqual(
        recorded.map((r) => [r.docId, r.error, r.reason, r.actorId]),
        [['lead:seed-1', 'unauthorized', 'Your session cannot write this lead.', 'sam']],
      );
      assert.deepEqual(
        rejections.map((r) => r.id),
        recorded.map((r) => r.id),
      );
      assert.equal((await serverDoc(d, recorded[0]!.id)).status, 404, 'the rejection stays local');
      assert.deepEqual(await rejectionsIn(store, 'lead:seed-2'), []);

      assert.ok((await store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'cold' })).ok);
      await handle.awaitInSync();
      assert.equal((await serverDoc(d, 'lead:seed-1')).body.interest, 'cold', 'a later change to the refused lead reached the server');
      await eventually('live with nothing pending', () => handle.status().state === 'live' && handle.status().pendingCount === 0);
      assert.ok(!states.includes('unauthorized') && !states.includes('error'), `a refused row is not a refused sign-in: ${states.join(' → ')}`);
    },
  );

  test(
    'a crash with changes not pushed yet: the store reopened on the same storage pushes them, and every pull resumes from its checkpoint',
    LIMIT,
    async () => {
      const d = await dealership();
      await seedLeads(d, 20);
      // RxDB's memory storage keeps a database's data per name for the life of the process, so a
      // second instance on the same name stands in for the reloaded page. The crashed instance is
      // never stopped nor closed: its network is cut for good, as a dead tab's would be, and it is
      // only cleaned up after the test.
      const name = uniqueName('crashing');
      const crashedNet = cuttableNetwork();
      const crashed = await openStore(d, 'sam', name);
      const crashedSync = sync(crashed, 'sam', crashedNet.fetch);
      await crashedSync.awaitInSync();
      await firstValueFrom(crashed.actor$.pipe(filter(Boolean)));
      assert.equal((await crashed.database.collections.leads!.find().exec()).length, 20);

      crashedNet.down = true;
      assert.ok((await crashed.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' })).ok);
      assert.ok((await crashed.execute({ type: 'add-note', leadId: 'lead:seed-2', text: 'Wants a test drive Saturday' })).ok);
      await eventually('offline with the changes pending', () => crashedSync.status().state === 'offline' && crashedSync.status().pendingCount >= 2);
      assert.equal((await serverDoc(d, 'lead:seed-1')).body.interest, 'not-set', 'not pushed before the crash');
      // Meanwhile someone else changes another lead on the server.
      await adminPatch(d, 'lead:seed-3', { vehicle: '2025 Honda CR-V' });

      const net = cuttableNetwork();
      const reopened = await openStore(d, 'sam', name, { separateInstance: 'after-crash' });
      assert.equal(reopened.deviceId, crashed.deviceId, 'the same device, reloaded');
      assert.equal((await lead(reopened, 'lead:seed-1'))?.interest, 'hot', 'the local change survived the crash');
      const handle = sync(reopened, 'sam', net.fetch);
      const received: string[] = [];
      handle.replications.leads.received$.subscribe((doc) => received.push(doc.id));
      await handle.awaitInSync();

      assert.equal((await serverDoc(d, 'lead:seed-1')).body.interest, 'hot', 'the pending lead change was pushed');
      assert.ok(
        (await serverActivity(d)).some((e) => e.kind === 'note' && e.leadId === 'lead:seed-2' && e.text === 'Wants a test drive Saturday'),
        'the pending note was pushed',
      );
      assert.equal((await lead(reopened, 'lead:seed-3'))?.vehicle, '2025 Honda CR-V', "the server's change came down");
      // The collections that had documents before the crash; events and activity had none (RxDB
      // keeps no checkpoint from an empty pull, so theirs start from 0 again and find nothing old).
      for (const type of ['lead', 'user', 'policy']) {
        const sinces = pullsOf(net.requests, type);
        assert.ok(sinces.length > 0, `${type} was pulled`);
        assert.ok(Number(sinces[0]) > 0, `${type}: the first pull after the crash starts from the checkpoint, not from scratch (since=${sinces[0]})`);
      }
      assert.ok(received.includes('lead:seed-3'));
      assert.deepEqual(
        received.filter((id) => id !== 'lead:seed-1' && id !== 'lead:seed-3'),
        [],
        'no lead pulled before the crash came down again (lead:seed-1 may come back as the echo of its own push)',
      );
      const pushedLeads = net.pushed.filter((id) => id.startsWith('lead:'));
      assert.ok(pushedLeads.includes('lead:seed-1'));
      assert.ok(
        pushedLeads.every((id) => id === 'lead:seed-1' || id === 'lead:seed-2'),
        `only the leads changed before the crash went up: ${pushedLeads.join(', ')}`,
      );
      await eventually('live with nothing pending', () => handle.status().state === 'live' && handle.status().pendingCount === 0);
      assert.deepEqual(await rejectionsIn(reopened, 'lead:seed-1'), []);
    },
  );

  test(
    'a crash after the server wrote a push but before its answer arrived: the reopened store pushes again without a conflict, a rejection or a lost change',
    LIMIT,
    async () => {
      const d = await dealership();
      await seedLeads(d, 3);
      const name = uniqueName('crash-mid-push');
      let cutAfterWrite = false;
      let dead = false;
      let writtenButUnanswered = 0;
      // The server takes the _bulk_docs with lead:seed-1, then the client dies before reading the
      // answer: from then on every answer is lost, those of requests already under way included.
      const dying: typeof fetch = async (input, init) => {
        if (dead) throw new TypeError('fetch failed');
        const carriesTheLead =
          cutAfterWrite &&
          isBulkDocs(input, init) &&
          (JSON.parse(init!.body as string) as { docs: { _id: string }[] }).docs.some((doc) => doc._id === 'lead:seed-1');
        const res = await fetch(input, init);
        if (carriesTheLead) {
          assert.equal(res.status, 201);
          await res.text();
          writtenButUnanswered += 1;
          dead = true;
          throw new TypeError('fetch failed');
        }
        if (dead) {
          void res.body?.cancel().catch(() => undefined);
          throw new TypeError('fetch failed');
        }
        return res;
      };
      const crashed = await openStore(d, 'sam', name);
      const crashedSync = sync(crashed, 'sam', dying);
      await crashedSync.awaitInSync();
      await firstValueFrom(crashed.actor$.pipe(filter(Boolean)));
      const revBefore = (await serverDoc(d, 'lead:seed-1')).body._rev as string;
      cutAfterWrite = true;
      assert.ok((await crashed.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'warm' })).ok);
      await eventually(
        'the server has the change the client never heard back about',
        async () => writtenButUnanswered === 1 && (await serverDoc(d, 'lead:seed-1')).body.interest === 'warm',
      );
      await eventually('the crashed instance still counts it as pending', () => crashedSync.status().pendingCount >= 1);

      const reopened = await openStore(d, 'sam', name, { separateInstance: 'after-crash' });
      const handle = sync(reopened, 'sam');
      const states = statesOf(handle);
      await handle.awaitInSync();
      await eventually('live with nothing pending', () => handle.status().state === 'live' && handle.status().pendingCount === 0);

      const server = (await serverDoc(d, 'lead:seed-1')).body;
      assert.equal(server.interest, 'warm');
      assert.equal(Number(server._rev.split('-')[0]), Number(revBefore.split('-')[0]) + 1, 'written once: the push again was not a second write');
      assert.deepEqual(data((await lead(reopened, 'lead:seed-1')) as any), data(server));
      const entries = await activity(reopened, 'lead:seed-1');
      assert.deepEqual(
        entries.filter((e) => e.kind === 'rejection' || e.kind === 'merge'),
        [],
        'no rejection and no merge loser',
      );
      assert.equal(entries.filter((e) => e.kind === 'audit' && e.action === 'set-interest').length, 1, 'one audit entry');
      assert.equal((await serverActivity(d)).filter((e) => e.kind === 'audit' && e.leadId === 'lead:seed-1').length, 1);
      assert.ok(!states.includes('error'), states.join(' → '));
    },
  );

  test(
    'a deletion made on another client reaches this one, live and after being offline, and a concurrent edit does not bring the lead back',
    LIMIT,
    async () => {
      const d = await dealership();
      await seedLeads(d, 3);
      const a = await device(d, 'sam');
      const states = statesOf(a.sync);
      // The other client: the validation lets only a server admin delete (nothing a person did is
      // removed), so it is an admin's repair tool on the same replication, not the server itself.
      const s = testServer();
      const adminDb: RxDatabase = await bareDatabase(uniqueName('admin-tool'));
      cleanups.push({ what: 'remove the admin database', run: () => adminDb.remove() });
      const admin = startSync(bareStore(adminDb, d), { url: s.url, auth: { kind: 'basic', username: s.adminName, password: s.adminPassword } });
      cleanups.push({ what: 'stop the admin sync', run: () => admin.stop() });
      await admin.awaitInSync();
      const leads = adminDb.collections.leads!;
      assert.equal((await leads.find().exec()).length, 3);

      // live
      await (await leads.findOne('lead:seed-1').exec())!.remove();
      await admin.awaitInSync();
      assert.equal((await serverDoc(d, 'lead:seed-1')).status, 404);
      assert.equal(await deletedOnServer(d, 'lead:seed-1'), true, 'the deletion went to the server as a deletion');
      await eventually('the deletion reaches the first client live', async () => (await lead(a.store, 'lead:seed-1')) === null);

      // while the first client is offline, and it edits the lead meanwhile
      a.sync.pause();
      assert.ok((await a.store.execute({ type: 'set-interest', leadId: 'lead:seed-2', interest: 'hot' })).ok);
      await (await leads.findOne('lead:seed-2').exec())!.remove();
      await admin.awaitInSync();
      a.sync.resume();
      await a.sync.awaitInSync();
      await eventually('the deletion reaches the first client after it reconnects', async () => (await lead(a.store, 'lead:seed-2')) === null);
      assert.equal(await deletedOnServer(d, 'lead:seed-2'), true, 'the edit made meanwhile did not bring the lead back on the server');
      assert.equal((await lead(a.store, 'lead:seed-3'))?.interest, 'not-set', 'the untouched lead stays');
      assert.equal((await a.store.database.collections.leads!.find().exec()).length, 1);
      await eventually('live with nothing pending', () => a.sync.status().state === 'live' && a.sync.status().pendingCount === 0);
      assert.ok(!states.includes('error'), states.join(' → '));
      assert.equal(admin.status().pendingCount, 0);
      assert.equal(await leads.findOne('lead:seed-2').exec(), null, "the first client's edit did not bring the lead back on the other client either");
    },
  );

  test(
    "a signed-in user of another dealership (403 from _security): status 'unauthorized' with the 403, nothing pulled, and new credentials let the sync through",
    LIMIT,
    async () => {
      const d = await dealership();
      await seedLeads(d, 2);
      const stranger = uniqueName('olga');
      await setupDealership({
        url: testServer().adminUrl,
        dealershipId: uniqueName('other-motors'),
        users: [{ name: stranger, password: 'pw-olga', roles: ['manager'] }],
      });
      // CouchDB 3 answers a signed-in user outside the database's _security members with 403
      // {error: 'forbidden'} (401 is for nobody signed in); PouchDB Server answers 401 there. This
      // fetch gives the client CouchDB's answer to the same refusal the real server made.
      let forbidden = 0;
      const asCouchDb: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        if (res.status !== 401 || !new Headers(init?.headers).get('authorization')?.startsWith('Basic ')) return res;
        const sentAs = atob(new Headers(init?.headers).get('authorization')!.slice('Basic '.length)).split(':')[0];
        if (sentAs !== stranger) return res;
        await res.text();
        forbidden += 1;
        return new Response(JSON.stringify({ error: 'forbidden', reason: 'You are not allowed to access this db.' }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        });
      };
      const store = await openStore(d, 'sam');
      const handle = startSync(store, { url: testServer().url, auth: { kind: 'basic', username: stranger, password: 'pw-olga' }, fetch: asCouchDb });
      cleanups.push({ what: 'stop the refused sync', run: () => handle.stop() });
      await eventually("status 'unauthorized'", () => handle.status().state === 'unauthorized', 10_000);
      assert.match(handle.status().error ?? '', /COUCH_403 forbidden/);
      assert.ok(forbidden > 0);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(handle.status().state, 'unauthorized', 'it waits for new credentials instead of retrying');
      const requestsWhileRefused = forbidden;
      await new Promise((r) => setTimeout(r, 700));
      assert.equal(forbidden, requestsWhileRefused, 'no request is sent while the credentials are refused');
      assert.equal((await store.database.collections.leads!.find().exec()).length, 0, 'nothing of the dealership came down');

      handle.setCredentials({ kind: 'basic', username: 'sam', password: 'pw-sam' });
      await handle.awaitInSync();
      assert.equal((await store.database.collections.leads!.find().exec()).length, 2);
      await eventually('live', () => handle.status().state === 'live' && handle.status().error === undefined);
    },
  );
});
