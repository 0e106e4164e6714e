/**
 * One refused command, one rejection entry: a command writes several documents (a close lost:
 * the lead, its audit entry, close note, notices, follow-up event), each collection pushes its
 * own, and the server refuses them row by row. The sync records them as ONE entry in the lead's
 * activity that lists every refused document, whatever order the collections' answers come back
 * in; refused documents without a commandId (policy, users) keep an entry each. Against the real
 * server and its validate_doc_update, with dealerships installed by the setup command.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import type { ActivityDoc, LeadDoc } from '../../../src/model/index.js';
import { startSync, type CommandRejection, type SyncHandle } from '../../../src/sync/sync.js';
import { setupDealership } from '../../../server/setup.js';
import { eventually, http, makeLead, testServer, uniqueName } from './helpers.js';

const LIMIT = { timeout: 60_000 };
const DAY = 86_400_000;

let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const run of cleanups.reverse()) await run().catch(() => undefined);
  cleanups = [];
});

type User = 'sam' | 'mia' | 'ada';

/** Sam: salesperson; Mia: manager told of lost leads; Ada: dealership admin. */
async function dealership(policy: Record<string, unknown>): Promise<string> {
  const d = uniqueName('refused-command-motors');
  await setupDealership({
    url: testServer().adminUrl,
    dealershipId: d,
    users: [
      { name: 'sam', password: 'pw-sam', roles: ['salesperson'] },
      { name: 'mia', password: 'pw-mia', roles: ['manager', 'receive-closed-lead-as-lost-notification'] },
      { name: 'ada', password: 'pw-ada', roles: ['admin'] },
    ],
    policy,
  });
  const docs = [1, 2].map((n) => {
    const { id, ...rest } = makeLead(d, n, { updatedBy: 'admin' });
    return { _id: id, ...rest };
  });
  assert.equal((await http('POST', `${d}/_bulk_docs`, { docs })).status, 201);
  return d;
}

/**
 * The server's compiled policy requires Close Lead Lost Permission; the policy document devices
 * read does not (an admin edited it without re-running setup): a salesperson's device lets him
 * close lost, as one holding an old policy offline would, and the server refuses it.
 */
async function tightenedOnTheServerOnly(d: string): Promise<void> {
  const policy = (await http('GET', `${d}/policy`)).body;
  const relaxed = (policy.definedRoles as string[]).filter((r) => r !== 'close-lead-lost-permission');
  assert.equal((await http('PUT', `${d}/policy`, { ...policy, definedRoles: relaxed })).status, 201);
}

async function device(d: string, user: User, fetchFn?: typeof fetch): Promise<{ store: LeadStore; sync: SyncHandle; rejections: CommandRejection[] }> {
  const store = await createStore({ dealershipId: d, name: uniqueName(`dev-${user}`), storage: 'memory', userId: user });
  cleanups.push(() => store.close());
  const sync = startSync(store, {
    url: testServer().url,
    auth: { kind: 'basic', username: user, password: `pw-${user}` },
    ...(fetchFn ? { fetch: fetchFn } : {}),
  });
  cleanups.push(() => sync.stop());
  const rejections: CommandRejection[] = [];
  sync.rejections$.subscribe((r) => rejections.push(r));
  await sync.awaitInSync();
  await firstValueFrom(store.actor$.pipe(filter(Boolean)));
  return { store, sync, rejections };
}

const lead = async (store: LeadStore, id: string): Promise<LeadDoc | null> => firstValueFrom(store.lead$(id));
const activity = async (store: LeadStore, leadId: string): Promise<ActivityDoc[]> => firstValueFrom(store.activity$(leadId));
const rejectionsIn = async (store: LeadStore, leadId: string): Promise<CommandRejection[]> =>
  (await activity(store, leadId)).filter((e) => e.kind === 'rejection') as CommandRejection[];
/** Every rejection the store holds, whatever lead (or none) it is on. */
const allRejections = async (store: LeadStore): Promise<CommandRejection[]> =>
  (await store.database.collections.activity!.find({ selector: { kind: 'rejection' } }).exec()).map((d) => d.toJSON() as unknown as CommandRejection);
const onServer = async (d: string, id: string): Promise<number> => (await http('GET', `${d}/${encodeURIComponent(id)}`)).status;

const urlOf = (input: Parameters<typeof fetch>[0]): string => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/**
 * A fetch that answers `forbidden` for the `_bulk_docs` rows `refuse` picks (the server never sees
 * them) and forwards the rest; `hold` may delay a push (to order the collections' answers).
 */
function refusingRows(refuse: (doc: Record<string, unknown>) => boolean, hold: (ids: string[]) => Promise<void> = async () => {}) {
  const wrapped: typeof fetch = async (input, init) => {
    if (!urlOf(input).endsWith('/_bulk_docs') || init?.method !== 'POST' || typeof init.body !== 'string') return fetch(input, init);
    const body = JSON.parse(init.body) as { docs: Record<string, unknown>[] };
    await hold(body.docs.map((doc) => doc._id as string));
    const refusedIds = body.docs.filter(refuse).map((doc) => doc._id as string);
    if (refusedIds.length === 0) return fetch(input, init);
    const kept = body.docs.filter((doc) => !refuse(doc));
    const answered = kept.length
      ? ((await (await fetch(input, { ...init, body: JSON.stringify({ ...body, docs: kept }) })).json()) as Record<string, unknown>[])
      : [];
    const rows = body.docs.map((doc) =>
      refusedIds.includes(doc._id as string)
        ? { id: doc._id, error: 'forbidden', reason: `test/refused: ${String(doc._id)} is refused here.` }
        : answered.shift(),
    );
    return new Response(JSON.stringify(rows), { status: 201, headers: { 'content-type': 'application/json' } });
  };
  return wrapped;
}

describe('one refused command, one rejection entry', () => {
  test(
    'a close lost the server refuses: one entry on the lead lists the lead, audit entry, close note, notice and follow-up; the lead is what it names; none of them reaches the server or another device',
    LIMIT,
    async () => {
      const d = await dealership({ definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] });
      await tightenedOnTheServerOnly(d);
      const sam = await device(d, 'sam');
      const mia = await device(d, 'mia');

      const choices = {
        reasonId: 'price',
        completeOverdueEvents: true,
        completeAllEvents: false,
        notes: 'Found it cheaper',
        contactGroups: [],
        followUpAt: Date.now() + 9 * DAY,
      };
      const closed = await sam.store.execute({ type: 'close-lost', leadId: 'lead:seed-1', choices });
      assert.ok(closed.ok, JSON.stringify(closed));
      const cmd = closed.commandId;
      const written = ['lead:seed-1', `activity:${cmd}:audit`, `activity:${cmd}:note`, `activity:${cmd}:notify:lead-closed-lost:mia`, `event:${cmd}:follow-up`];

      await sam.sync.awaitInSync();
      await eventually('the refused close is reverted locally', async () => (await lead(sam.store, 'lead:seed-1'))?.status === 'open');
      await eventually('the rejection is recorded', async () => (await rejectionsIn(sam.store, 'lead:seed-1')).length > 0);
      const recorded = await rejectionsIn(sam.store, 'lead:seed-1');
      assert.equal(recorded.length, 1, `one entry for one refused close: ${JSON.stringify(recorded)}`);
      const entry = recorded[0]!;
      assert.deepEqual(entry.refused.map((r) => r.docId).sort(), [...written].sort(), 'it lists every refused document');
      for (const r of entry.refused) {
        assert.equal(r.error, 'forbidden', r.docId);
        assert.match(r.reason, /^auth\/not-permitted: /, r.docId);
      }
      assert.deepEqual(
        [entry.commandId, entry.docId, entry.error, entry.action, entry.actorId],
        [cmd, 'lead:seed-1', 'forbidden', 'close-lost', 'sam'],
        'the entry names the command, and the lead as what was refused',
      );
      assert.match(entry.reason, /^auth\/not-permitted: Only a manager closes a lead as lost; others submit a request\.$/, "the lead's own refusal");
      assert.deepEqual(
        sam.rejections.map((r) => r.id),
        [entry.id],
        'rejections$ reported it once',
      );
      assert.equal(await onServer(d, entry.id), 404, 'the rejection stays local');
      for (const id of written.slice(1)) assert.equal(await onServer(d, id), 404, `${id} never reached the server`);
      await eventually('the refused documents are gone locally', async () => {
        const left = (await activity(sam.store, 'lead:seed-1')).filter((e) => e.kind !== 'rejection' && e.commandId === cmd);
        const events = await sam.store.database.collections.events!.find({ selector: { leadId: 'lead:seed-1' } }).exec();
        return left.length === 0 && events.length === 0;
      });

      // The manager's device, in sync after the refusal, holds nothing of the close.
      assert.ok((await sam.store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' })).ok);
      await sam.sync.awaitInSync();
      await eventually("the next change reaches the manager's device", async () => (await lead(mia.store, 'lead:seed-1'))?.interest === 'hot');
      await mia.sync.awaitInSync();
      const seen = (await activity(mia.store, 'lead:seed-1')).filter((e) => e.commandId === cmd);
      assert.deepEqual(
        seen.map((e) => e.id),
        [],
        'nothing of the refused close on the other device',
      );
      assert.equal((await lead(mia.store, 'lead:seed-1'))?.status, 'open');
      assert.deepEqual(await allRejections(mia.store), [], 'rejections stay on the device that made the change');
      assert.equal((await rejectionsIn(sam.store, 'lead:seed-1')).length, 1, 'the allowed change added no rejection');
    },
  );

  test('two refused commands on one lead: two entries, each listing its own documents', LIMIT, async () => {
    const d = await dealership({});
    const sam = await device(
      d,
      'sam',
      refusingRows((doc) => doc._id === 'lead:seed-1' || doc.leadId === 'lead:seed-1'),
    );
    const interest = await sam.store.execute({ type: 'set-interest', leadId: 'lead:seed-1', interest: 'hot' });
    assert.ok(interest.ok);
    await sam.sync.awaitInSync();
    const note = await sam.store.execute({ type: 'add-note', leadId: 'lead:seed-1', text: 'Called back' });
    assert.ok(note.ok);
    await sam.sync.awaitInSync();

    await eventually('both rejections are recorded', async () => (await rejectionsIn(sam.store, 'lead:seed-1')).length >= 2);
    const byCommand = new Map((await rejectionsIn(sam.store, 'lead:seed-1')).map((r) => [r.commandId, r]));
    assert.equal(byCommand.size, 2);
    assert.deepEqual(
      byCommand
        .get(interest.commandId)!
        .refused.map((r) => r.docId)
        .sort(),
      [`activity:${interest.commandId}:audit`, 'lead:seed-1'],
    );
    assert.deepEqual(
      byCommand
        .get(note.commandId)!
        .refused.map((r) => r.docId)
        .sort(),
      [`activity:${note.commandId}:audit`, `activity:${note.commandId}:note`, 'lead:seed-1'],
    );
    assert.deepEqual([...byCommand.values()].map((r) => [r.docId, r.action]).sort(), [
      ['lead:seed-1', 'add-note'],
      ['lead:seed-1', 'set-interest'],
    ]);
    assert.equal(sam.rejections.length, 2, 'rejections$ reported each once');
  });

  test('refusals of one command that come back apart extend its one entry: the lead, refused last, becomes what it names', LIMIT, async () => {
    const d = await dealership({});
    // The lead's push waits until the rejection of the command's activity is recorded: the
    // activity is refused and recorded first, the lead afterwards.
    let activityRecorded: () => void = () => {};
    const recorded = new Promise<void>((resolve) => (activityRecorded = resolve));
    const fetchFn = refusingRows(
      (doc) => doc._id === 'lead:seed-1' || doc.leadId === 'lead:seed-1',
      async (ids) => {
        if (ids.includes('lead:seed-1')) await recorded;
      },
    );
    const sam = await device(d, 'sam', fetchFn);
    sam.sync.rejections$.subscribe(() => activityRecorded());
    const note = await sam.store.execute({ type: 'add-note', leadId: 'lead:seed-1', text: 'Called back' });
    assert.ok(note.ok);
    await sam.sync.awaitInSync();

    await eventually('the entry names the lead', async () => (await rejectionsIn(sam.store, 'lead:seed-1'))[0]?.docId === 'lead:seed-1');
    const entries = await rejectionsIn(sam.store, 'lead:seed-1');
    assert.equal(entries.length, 1, JSON.stringify(entries));
    const entry = entries[0]!;
    assert.deepEqual(entry.refused.map((r) => r.docId).sort(), [`activity:${note.commandId}:audit`, `activity:${note.commandId}:note`, 'lead:seed-1']);
    assert.deepEqual([entry.commandId, entry.action, entry.error], [note.commandId, 'add-note', 'forbidden']);
    assert.equal(entry.reason, 'test/refused: lead:seed-1 is refused here.');
    assert.deepEqual(
      sam.rejections.map((r) => r.id),
      [entry.id, entry.id],
      'emitted when recorded and again when extended',
    );
    assert.notEqual(sam.rejections[0]!.docId, 'lead:seed-1', 'first recorded without the lead');
  });

  test('refused documents without a commandId (the policy, a user) keep an entry each', LIMIT, async () => {
    const d = await dealership({});
    const ada = await device(
      d,
      'ada',
      refusingRows((doc) => doc.type === 'policy' || doc.type === 'user'),
    );
    const policy = await firstValueFrom(ada.store.policy$.pipe(filter(Boolean)));
    const { id: _i, type: _t, dealershipId: _d, updatedAt: _u, updatedBy: _b, stamp: _s, ...editable } = policy;
    assert.ok((await ada.store.execute({ type: 'update-policy', policy: { ...editable, companyName: 'Renamed Motors' } })).ok);
    assert.ok(
      (await ada.store.execute({ type: 'upsert-user', user: { userId: 'zoe', name: 'Zoe', email: '', roles: ['salesperson'], managerId: '', active: true } }))
        .ok,
    );
    await ada.sync.awaitInSync();

    await eventually('both rejections are recorded', async () => (await allRejections(ada.store)).length >= 2);
    const entries = await allRejections(ada.store);
    assert.deepEqual(entries.map((e) => [e.docId, e.commandId, e.leadId, e.refused.length]).sort(), [
      ['policy', '', '', 1],
      ['user:zoe', '', '', 1],
    ]);
    assert.equal(ada.rejections.length, 2);
  });
});
