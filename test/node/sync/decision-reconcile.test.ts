/**
 * Two managers decide one close-lost request offline, one declines, the other approves, and
 * both sync through the real server (its validation, real roles). The server keeps the decision
 * that reached it first; the lead must say the same: when the decline stood, the approving
 * device writes the lead back open (a merge entry records the dropped close) and everyone,
 * the server included, ends with an open lead; when the approval stood, the lead stays closed.
 * Either way the other decision reads as not applied.
 */
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import type { ActivityDoc, CloseRequest, LeadDoc } from '../../../src/model/index.js';
import { overruledDecisions } from '../../../src/rules/decisions.js';
import { startSync, type SyncHandle } from '../../../src/sync/sync.js';
import { setupDealership } from '../../../server/setup.js';
import { eventually, http, makeLead, testServer, uniqueName } from './helpers.js';

type User = 'sam' | 'mia' | 'ada';
type Device = { store: LeadStore; sync: SyncHandle };

let open: Device[] = [];
async function closeDevice(d: Device): Promise<void> {
  await d.sync.stop();
  await d.store.close();
  open = open.filter((o) => o !== d);
}
afterEach(async () => {
  for (const o of [...open]) await closeDevice(o);
});

async function dealership(): Promise<string> {
  const d = uniqueName('decide-motors');
  await setupDealership({
    url: testServer().adminUrl,
    dealershipId: d,
    users: [
      { name: 'sam', password: 'pw-sam', roles: ['salesperson', 'close-lead-lost-permission'] },
      { name: 'mia', password: 'pw-mia', roles: ['manager'] },
      { name: 'ada', password: 'pw-ada', roles: ['manager'] },
    ],
    policy: { definedRoles: ['close-lead-lost-permission'] },
  });
  const { id, ...rest } = makeLead(d, 1, { updatedBy: 'admin' });
  assert.equal((await http('POST', `${d}/_bulk_docs`, { docs: [{ _id: id, ...rest }] })).status, 201);
  return d;
}

async function device(d: string, user: User): Promise<Device> {
  const store = await createStore({ dealershipId: d, name: uniqueName(`dev-${user}`), storage: 'memory', userId: user, deviceId: `${user}-device` });
  const sync = startSync(store, { url: testServer().url, auth: { kind: 'basic', username: user, password: `pw-${user}` } });
  const dev = { store, sync };
  open.push(dev);
  await sync.awaitInSync();
  await firstValueFrom(store.actor$.pipe(filter(Boolean)));
  return dev;
}

const LEAD = 'lead:seed-1';
const CLOSE = { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'Too dear', contactGroups: [], followUpAt: null };

const lead = async (store: LeadStore): Promise<LeadDoc> => (await firstValueFrom(store.lead$(LEAD)))!;
const activity = (store: LeadStore): Promise<ActivityDoc[]> => firstValueFrom(store.activity$(LEAD));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * sam requests the close (then leaves); mia and ada hear of it, go offline, and decide it: ada
 * declines, mia approves (`approvalFirst`: mia decides earlier by the clock).
 */
async function decidedTwice(d: string, approvalFirst = false): Promise<{ mia: Device; ada: Device; requestId: string }> {
  // The free RxDB opens 13 collections per process: sam's device closes before the managers' open.
  const sam = await device(d, 'sam');
  const requested = await sam.store.execute({ type: 'close-lost', leadId: LEAD, choices: CLOSE });
  assert.ok(requested.ok, JSON.stringify(requested));
  const requestId = requested.outcome['requestId']!;
  await sam.sync.awaitInSync();
  await closeDevice(sam);

  const mia = await device(d, 'mia');
  const ada = await device(d, 'ada');
  mia.sync.pause();
  ada.sync.pause();
  const decline = async () => {
    const declined = await ada.store.execute(
      { type: 'decide-close-request', requestId, decision: 'decline', declineReason: 'One more call' },
      { commandId: 'ada-declines' },
    );
    assert.ok(declined.ok, JSON.stringify(declined));
  };
  const approve = async () => {
    const approved = await mia.store.execute({ type: 'decide-close-request', requestId, decision: 'approve' }, { commandId: 'mia-approves' });
    assert.ok(approved.ok, JSON.stringify(approved));
  };
  for (const decideIt of approvalFirst ? [approve, decline] : [decline, approve]) {
    await decideIt();
    await pause(5);
  }
  assert.equal((await lead(mia.store)).status, 'closed', "mia's device closes the lead: it has not heard of the decline");
  return { mia, ada, requestId };
}

async function syncInOrder(first: Device, second: Device): Promise<void> {
  first.sync.resume();
  await first.sync.awaitInSync();
  second.sync.resume();
  await second.sync.awaitInSync();
  await first.sync.awaitInSync();
}

describe('a close request decided twice offline: the lead says what the request says', () => {
  for (const approvalFirst of [false, true]) {
    test(`the decline reaches the server first${approvalFirst ? ' (the approval made earlier by the clock)' : ''}: the approving device writes the lead back open, on every device and the server, and the approval reads as not applied`, async () => {
      const d = await dealership();
      const { mia, ada, requestId } = await decidedTwice(d, approvalFirst);
      await syncInOrder(ada, mia);

      for (const [name, dev] of [
        ['mia', mia],
        ['ada', ada],
      ] as const) {
        await eventually(`${name}'s lead is open again`, async () => (await lead(dev.store)).status === 'open');
        const l = await lead(dev.store);
        assert.deepEqual([l.outcome, l.closedBy, l.closedAt, l.closeReasonId, l.closeRequestId], ['', '', 0, '', ''], `${name}: the close fields are cleared`);
        await eventually(`${name} holds the declined request and the merge entry`, async () => {
          const all = await activity(dev.store);
          const request = all.find((a) => a.id === requestId) as CloseRequest | undefined;
          return (
            request?.status === 'declined' && all.some((a) => a.kind === 'merge' && a.field === 'status' && a.keptValue === 'open' && a.lostValue === 'closed')
          );
        });
        const all = await activity(dev.store);
        const request = all.find((a) => a.id === requestId) as CloseRequest;
        assert.deepEqual([request.decidedBy, request.decisionCommandId], ['ada', 'ada-declines']);
        assert.deepEqual([...overruledDecisions(all).keys()], ['mia-approves'], `${name}: the approval is marked not applied`);
      }
      const server = (await http('GET', `${d}/${LEAD}`)).body;
      assert.deepEqual([server.status, server.outcome, server.closedBy, server.closeRequestId, server.updatedBy], ['open', '', '', '', 'mia']);
      assert.equal((await http('GET', `${d}/${encodeURIComponent(requestId)}`)).body.status, 'declined');

      // Idempotent: syncing again writes nothing new.
      const before = await lead(mia.store);
      const entries = (await activity(mia.store)).filter((a) => a.kind === 'merge').length;
      await mia.sync.awaitInSync();
      assert.equal((await lead(mia.store)).updatedAt, before.updatedAt);
      assert.equal((await activity(mia.store)).filter((a) => a.kind === 'merge').length, entries);
      await eventually('nothing pending', () => mia.sync.status().pendingCount === 0 && ada.sync.status().pendingCount === 0);
    });
  }

  test('the approval reaches the server first: the lead stays closed by the approver, and the decline reads as not applied', async () => {
    const d = await dealership();
    const { mia, ada, requestId } = await decidedTwice(d);
    await syncInOrder(mia, ada);

    for (const [name, dev] of [
      ['mia', mia],
      ['ada', ada],
    ] as const) {
      await eventually(`${name} holds the approved request and the closed lead`, async () => {
        const request = (await activity(dev.store)).find((a) => a.id === requestId) as CloseRequest | undefined;
        return request?.status === 'approved' && (await lead(dev.store)).status === 'closed';
      });
      const l = await lead(dev.store);
      assert.deepEqual([l.outcome, l.closedBy, l.closeRequestId], ['lost', 'mia', '']);
      const all = await activity(dev.store);
      assert.deepEqual([...overruledDecisions(all).keys()], ['ada-declines'], `${name}: the decline is marked not applied`);
      assert.ok(!all.some((a) => a.kind === 'merge' && a.field === 'status' && a.keptValue === 'open'), `${name}: nothing reopened the lead`);
    }
    const server = (await http('GET', `${d}/${LEAD}`)).body;
    assert.deepEqual([server.status, server.outcome, server.closedBy], ['closed', 'lost', 'mia']);
    assert.equal((await http('GET', `${d}/${encodeURIComponent(requestId)}`)).body.status, 'approved');
  });
});
