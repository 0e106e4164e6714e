/**
 * Two people on two devices (two Chromium browser contexts, each with its own IndexedDB) syncing
 * through the real embedded server. Issue 3's and issue 6's end-to-end acceptance.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fromCouchDoc } from '../../../src/sync/couch-docs.js';
import { startE2E, waitForLead, waitInPage, type E2E } from './harness.js';
import { actorOf, decided, documentsOf, mia, newLead, people, policyFor, sam, userDocs } from './fixtures.js';
import type { LeadDoc } from '../../../src/model/index.js';

describe('sync between two browsers through the server', () => {
  const dealershipId = 'e2e-open-close';
  const users = people(false);
  const policy = policyFor(dealershipId, {});
  const docs = userDocs(dealershipId, users);
  const manager = actorOf(dealershipId, users[1]!, 'seed-device');
  const created = newLead(dealershipId, policy, docs, manager, 'Olivia Offline');
  let e2e: E2E;

  before(async () => {
    e2e = await startE2E({ dealershipId, users, policy });
    await e2e.seed(documentsOf(created));
  });
  after(async () => e2e?.close());

  test('a lead closed lost in one browser while it is offline appears closed in the other after reconnecting', async () => {
    const seller = await e2e.open(sam, created.lead.id, ['close-lost-dialog', 'lead-progress']);
    const boss = await e2e.open(mia, created.lead.id, ['lead-progress']);
    await waitForLead(seller, { status: 'open' });
    await waitForLead(boss, { status: 'open' });

    await seller.context.setOffline(true);
    await seller.page.getByRole('button', { name: 'Close Lost' }).click();
    await seller.page.getByLabel('Reason').selectOption('price');
    await seller.page.getByRole('button', { name: 'Close lead as lost' }).click();
    await waitForLead(seller, { status: 'closed', outcome: 'lost' });

    await new Promise((r) => setTimeout(r, 1500));
    const stillOpen = (await boss.page.evaluate('window.e2eLead')) as LeadDoc;
    assert.equal(stillOpen.status, 'open', 'the other device cannot know while the first is offline');

    await seller.context.setOffline(false);
    const closed = await waitForLead(boss, { status: 'closed' }, 30000);
    assert.equal(closed.closeReasonId, 'price');
    assert.equal(closed.closedBy, 'sam');
    assert.deepEqual([...seller.problems, ...boss.problems], [], 'no page errors and no CSP violations');
  });

  test('a change written to the server with raw HTTP reaches both browsers live', async () => {
    const seller = await e2e.open(sam, created.lead.id, ['lead-interest']);
    const boss = await e2e.open(mia, created.lead.id, ['lead-interest']);
    await waitForLead(seller, {});
    await waitForLead(boss, {});

    const current = await e2e.raw('GET', encodeURIComponent(created.lead.id), undefined, sam);
    assert.equal(current.status, 200);
    const lead = fromCouchDoc(current.body) as unknown as LeadDoc;
    const changes = decided(
      { type: 'add-note', leadId: lead.id, text: 'Called from the raw HTTP test' },
      { policy, users: docs, lead, events: [] },
      actorOf(dealershipId, users[0]!, 'curl'),
    );
    const written = await e2e.raw(
      'POST',
      '_bulk_docs',
      { docs: documentsOf(changes).map((d) => ({ ...d, _id: d.id, id: undefined, ...(d.id === lead.id ? { _rev: current.body._rev } : {}) })) },
      sam,
    );
    assert.equal(written.status, 201, JSON.stringify(written.body));
    assert.ok(
      (written.body as Array<{ error?: string }>).every((row) => !row.error),
      JSON.stringify(written.body),
    );

    for (const person of [seller, boss]) {
      await waitInPage(
        person,
        async ({ leadId, text }) => {
          const store = (window as unknown as { e2eStore: import('../../../src/store/api.js').LeadStore | null }).e2eStore;
          if (!store) return false;
          const notes = await store.database.activity!.find({ selector: { leadId, kind: 'note' } }).exec();
          return notes.some((note: { get(field: string): unknown }) => note.get('text') === text);
        },
        { leadId: lead.id, text: 'Called from the raw HTTP test' },
      );
    }
  });
});

describe('managers decide close-lost requests from another device', () => {
  const dealershipId = 'e2e-requests';
  const users = people(true);
  const policy = policyFor(dealershipId, { definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] });
  const docs = userDocs(dealershipId, users);
  const manager = actorOf(dealershipId, users[1]!, 'seed-device');
  const approved = newLead(dealershipId, policy, docs, manager, 'Amelia Approved');
  const declined = newLead(dealershipId, policy, docs, manager, 'Dylan Declined');
  let e2e: E2E;

  before(async () => {
    e2e = await startE2E({ dealershipId, users, policy });
    await e2e.seed([...documentsOf(approved), ...documentsOf(declined)]);
  });
  after(async () => e2e?.close());

  async function requestClose(leadId: string) {
    const seller = await e2e.open(sam, leadId, ['close-lost-dialog', 'lead-notifications']);
    await waitForLead(seller, { status: 'open' });
    await seller.page.getByRole('button', { name: 'Request Close Lost' }).click();
    await seller.page.getByLabel('Reason').selectOption('bought-elsewhere');
    await seller.page.getByRole('button', { name: 'Send request' }).click();
    await waitForLead(seller, { closeRequestId: { not: '' }, status: 'open' });
    return seller;
  }

  test('a request made in one browser is approved in the other and the lead closes in both', async () => {
    const seller = await requestClose(approved.lead.id);
    const boss = await e2e.open(mia, approved.lead.id, ['close-request-inbox']);
    await boss.page.getByRole('button', { name: 'Approve closing the lead of Amelia Approved as lost' }).click({ timeout: 30000 });
    await waitForLead(boss, { status: 'closed', closeReasonId: 'bought-elsewhere' });
    const closed = await waitForLead(seller, { status: 'closed' }, 30000);
    assert.equal(closed.closedBy, 'mia', 'the approving manager closes the lead');
    assert.equal(closed.closeRequestId, '');
    assert.deepEqual([...seller.problems, ...boss.problems], []);
  });

  test("a decline in the manager's browser reaches the requester, and the lead stays open", async () => {
    const seller = await requestClose(declined.lead.id);
    const boss = await e2e.open(mia, declined.lead.id, ['close-request-inbox']);
    await boss.page.getByRole('button', { name: 'Decline closing the lead of Dylan Declined as lost' }).click({ timeout: 30000 });
    await boss.page.getByRole('textbox').fill('Customer called back, still keen');
    await boss.page.getByRole('button', { name: 'Send decline' }).click();
    await seller.page.getByText(/declined closing the lead of Dylan Declined/).waitFor({ timeout: 30000 });
    const lead = await waitForLead(seller, { closeRequestId: '' });
    assert.equal(lead.status, 'open');
  });
});
