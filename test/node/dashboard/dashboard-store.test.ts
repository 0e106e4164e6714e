/** dashboard$ on the real store (memory storage) with generated data, and the seed's case through real commands. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom, filter } from 'rxjs';
import { dashboard$, dashboardResult$ } from '../../../src/dashboard/dashboard-query.js';
import { generateDealership } from '../../../src/seed/index.js';
import type { Dealership } from '../../../src/seed/index.js';
import { createStore } from '../../../src/store/store.js';
import type { DashboardPage, DashboardQuery, LeadStore } from '../../../src/store/api.js';
import { randomQuery, rng } from './fixtures.js';
import { referenceQuery } from './reference.js';

const DAY = 86_400_000;
const NOW = new Date(2025, 5, 18, 10, 30).getTime();
const DEALER = 'dash-store';

describe('dashboard$ on the store', () => {
  let store: LeadStore;
  let data: Dealership;
  let manager: string;

  before(async () => {
    data = generateDealership({ seed: 11, dealershipId: DEALER, leads: 600, now: NOW });
    store = await createStore({ dealershipId: DEALER, name: `dash-store-${process.pid}`, storage: 'memory', now: () => NOW });
    await store.importDocuments({ policy: data.policy, users: data.users, leads: data.leads, events: data.events });
    manager = data.users.find((u) => u.roles.includes('manager'))!.userId;
    await store.setActor(manager);
  });
  after(async () => {
    await store.remove();
  });

  const labels = () => ({
    names: Object.fromEntries(data.users.map((u) => [u.userId, u.name])),
    stepOrder: data.policy.progressSteps.map((s) => s.id),
  });

  test('pages match the brute-force reference on generated leads, rows are the lead documents', async () => {
    const r = rng(2024);
    for (let i = 0; i < 40; i++) {
      const q = randomQuery(r);
      const page = await firstValueFrom(dashboard$(store, q));
      const expected = referenceQuery(data.leads, { ...q, limit: q.limit ?? 50 }, NOW, labels());
      assert.equal(page.total, expected.total, JSON.stringify(q));
      assert.deepEqual(
        page.rows.map((l) => l.id),
        expected.ids,
        JSON.stringify(q),
      );
      assert.deepEqual(page.counts, expected.counts, JSON.stringify(q));
      const source = data.leads.find((l) => l.id === page.rows[0]?.id);
      if (source) assert.equal(page.rows[0]!.customer.name, source.customer.name);
    }
  });

  test('store.dashboard$() is this engine: salesperson sorts by name and status open → won → lost, as the element shows them', async () => {
    for (const field of ['salesperson', 'status', 'progress', 'source'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const q: DashboardQuery = { status: 'all', sort: { field, direction }, limit: 200 };
        const page = await firstValueFrom(store.dashboard$(q));
        const expected = referenceQuery(data.leads, q, NOW, labels());
        assert.deepEqual(
          page.rows.map((l) => l.id),
          expected.ids,
          JSON.stringify(q),
        );
        assert.deepEqual(page.counts, expected.counts, JSON.stringify(q));
      }
    }
  });

  test('seed: a lead closed lost with a follow-up shows under Closed in Now ± 3 days when the follow-up is due, and not under Open', async () => {
    const open = data.leads.find((l) => l.status === 'open' && l.closeRequestId === '')!;
    const query = (q: DashboardQuery) => firstValueFrom(dashboard$(store, { ...q, limit: 100_000 }));
    const has = (page: DashboardPage) => page.rows.some((l) => l.id === open.id);
    assert.ok(has(await query({ status: 'open' })), 'open before the close');

    const waitFor = (q: DashboardQuery, want: (page: DashboardPage) => boolean) =>
      firstValueFrom(dashboard$(store, { ...q, limit: 100_000 }).pipe(filter(want)));
    const closedSeen = waitFor({ status: 'closed', range: { kind: 'now-3' } }, has);
    const result = await store.execute({
      type: 'close-lost',
      leadId: open.id,
      choices: {
        reasonId: 'price',
        completeOverdueEvents: true,
        completeAllEvents: true,
        notes: 'Bought elsewhere',
        contactGroups: [],
        followUpAt: NOW + 2 * DAY,
      },
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(has(await closedSeen), 'under Closed in Now ± 3 days');
    assert.ok(!has(await query({ status: 'open' })), 'not under Open');
    assert.ok(!has(await query({ status: 'open', range: { kind: 'now-3' } })), 'not under Open in Now ± 3 days');
  });

  test('a change to a lead reaches a running query without a reload', async () => {
    const target = data.leads.filter((l) => l.status === 'open' && l.closeRequestId === '' && l.interest !== 'hot').at(-1)!;
    const seen = firstValueFrom(dashboardResult$(store, { status: 'open', interest: ['hot'] }).pipe(filter((r) => r.rows.some((row) => row.id === target.id))));
    const result = await store.execute({ type: 'set-interest', leadId: target.id, interest: 'hot' });
    assert.ok(result.ok, JSON.stringify(result));
    const page = await seen;
    assert.equal(page.rows.find((row) => row.id === target.id)?.interest, 'hot');
  });
});
