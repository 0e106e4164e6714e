import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardIndex } from '../../../src/dashboard/dashboard-index.js';
import { DEFAULT_PROGRESS_STEPS } from '../../../src/model/index.js';
import type { LeadDoc } from '../../../src/model/index.js';
import type { DashboardQuery, DashboardSortField } from '../../../src/store/api.js';
import { DAY, makeLead, NOW, pick, randomQuery, rng, SALESPEOPLE, SOURCES, STEPS } from './fixtures.js';
import { referenceQuery } from './reference.js';
import type { ReferenceLabels } from './reference.js';

function build(leads: readonly LeadDoc[]): DashboardIndex {
  const index = new DashboardIndex();
  index.apply(leads.map((lead) => ({ op: 'upsert', lead })));
  return index;
}

function same(index: DashboardIndex, leads: readonly LeadDoc[], q: DashboardQuery, labels?: ReferenceLabels): void {
  const expected = referenceQuery(leads, q, NOW, labels);
  const actual = index.query(q, NOW);
  const where = JSON.stringify(q);
  assert.equal(actual.total, expected.total, `total for ${where}`);
  assert.deepEqual(
    actual.rows.map((r) => r.id),
    expected.ids,
    `rows for ${where}`,
  );
  assert.deepEqual(actual.counts, expected.counts, `counts for ${where}`);
}

const leads = (() => {
  const r = rng(42);
  return Array.from({ length: 1500 }, (_, n) => makeLead(r, n));
})();

describe('dashboard index against a brute-force reference', () => {
  test('400 random queries (filters, ranges, text, sorts, windows) give the same rows and counts', () => {
    const index = build(leads);
    const r = rng(7);
    for (let i = 0; i < 400; i++) same(index, leads, randomQuery(r));
  });

  const one: [string, DashboardQuery][] = [
    ['status Open is the default', { status: 'open' }],
    ['status Closed', { status: 'closed' }],
    ['status All', { status: 'all' }],
    ['progress filter, with "no progress yet"', { status: 'all', progress: ['', 'test-drive'] }],
    ['interest filter', { status: 'open', interest: ['hot', 'warm'] }],
    ['salesperson filter', { status: 'open', salespersonIds: ['sp-2'] }],
    ['source filter', { status: 'all', sources: ['Website', 'Walk-in'] }],
    ['range Now ± 3 days', { status: 'all', range: { kind: 'now-3' } }],
    ['range Today', { status: 'all', range: { kind: 'today' } }],
    ['range Overdue', { status: 'open', range: { kind: 'overdue' } }],
    ['range Stalled', { status: 'open', range: { kind: 'stalled' } }],
    ['range custom', { status: 'all', range: { kind: 'custom', from: NOW - 10 * DAY, to: NOW - 2 * DAY } }],
    ['free text, one term, any case', { status: 'all', text: 'TOYOTA' }],
    ['free text, several terms all required', { status: 'all', text: 'ann  smith' }],
    ['free text on phone and email', { status: 'all', text: '555-001' }],
    [
      'every filter at once',
      {
        status: 'open',
        progress: STEPS.slice(0, 5),
        interest: ['hot', 'cold'],
        salespersonIds: SALESPEOPLE.slice(1),
        sources: SOURCES.slice(0, 3),
        range: { kind: 'overdue' },
        text: 'a',
      },
    ],
    ['offset and limit window the sorted rows; total is the whole match', { status: 'all', offset: 10, limit: 25 }],
  ];
  for (const [name, q] of one) {
    test(name, () => {
      const index = build(leads);
      same(index, leads, q);
      assert.ok(referenceQuery(leads, q, NOW).total > 0, 'the fixture exercises this filter');
    });
  }

  const fields: DashboardSortField[] = ['customer', 'vehicle', 'source', 'salesperson', 'progress', 'interest', 'actionAt', 'status', 'createdAt'];
  for (const field of fields) {
    for (const direction of ['asc', 'desc'] as const) {
      test(`sort by ${field} ${direction}`, () => {
        same(build(leads), leads, { status: 'all', sort: { field, direction } });
      });
    }
  }

  test('salesperson sorts by display name and progress by the company step order', () => {
    const index = build(leads);
    const names = { 'sp-1': 'Zoe', 'sp-2': 'adam', 'sp-3': 'Mia', 'sp-4': 'Bea' };
    const stepOrder = DEFAULT_PROGRESS_STEPS.map((s) => s.id).reverse();
    index.setSortLabels({ salespersonNames: new Map(Object.entries(names)), stepOrder });
    for (const direction of ['asc', 'desc'] as const) {
      same(index, leads, { status: 'all', sort: { field: 'salesperson', direction } }, { names, stepOrder });
      same(index, leads, { status: 'all', sort: { field: 'progress', direction } }, { names, stepOrder });
    }
  });

  test('typing that extends, shortens and replaces the text matches the reference each time', () => {
    const index = build(leads);
    for (const text of ['t', 'to', 'toy', 'toyota', 'toyota ', 'toyota r', 'toyo', '', 'ford', 'ford x', 'f x', 'smith 55']) {
      same(index, leads, { status: 'all', text });
    }
  });

  test('counts list every value some lead has, with 0 when the other filters exclude it', () => {
    const index = build(leads);
    const page = index.query({ status: 'open', text: 'zzz-no-match' }, NOW);
    assert.equal(page.total, 0);
    assert.deepEqual(Object.keys(page.counts.source).sort(), [...SOURCES].sort());
    assert.ok(Object.values(page.counts.source).every((n) => n === 0));
  });
});

describe('dashboard index stays right as leads change', () => {
  test('inserts, updates and deletes one at a time keep every sort order and count right', () => {
    const r = rng(99);
    const current = new Map(leads.map((l) => [l.id, l]));
    const index = build(leads);
    const fields: DashboardSortField[] = ['customer', 'salesperson', 'progress', 'actionAt', 'status', 'createdAt'];
    for (const field of fields) index.query({ status: 'all', sort: { field, direction: 'asc' } }, NOW);
    index.query({ status: 'all', text: 'a' }, NOW); // builds the search corpus, patched from here on
    let next = 10_000;
    for (let step = 0; step < 300; step++) {
      const roll = r();
      if (roll < 0.3) {
        const lead = makeLead(r, next++);
        current.set(lead.id, lead);
        index.upsert(lead);
      } else if (roll < 0.5) {
        const id = pick(r, [...current.keys()]);
        current.delete(id);
        index.remove(id);
      } else {
        const id = pick(r, [...current.keys()]);
        const changed = makeLead(r, Number(id.slice(5)), { id, createdAt: current.get(id)!.createdAt });
        current.set(id, changed);
        index.upsert(changed);
      }
      if (step % 25 === 0) {
        const all = [...current.values()];
        for (const field of fields) same(index, all, { status: 'all', sort: { field, direction: pick(r, ['asc', 'desc'] as const) } });
        for (const text of ['a', 'smith', 'toyota 55', pick(r, all).customer.name]) same(index, all, { status: 'all', text });
      }
    }
    const all = [...current.values()];
    assert.equal(index.size, all.length);
    for (let i = 0; i < 100; i++) same(index, all, randomQuery(r));
  });

  test('a large batch (rebuilt rather than patched) gives the same answers', () => {
    const r = rng(5);
    const index = build(leads);
    index.query({ status: 'all', sort: { field: 'vehicle', direction: 'asc' } }, NOW);
    const changed = leads.map((l, n) => (n % 2 === 0 ? makeLead(r, n, { id: l.id }) : l));
    index.apply(changed.map((lead) => ({ op: 'upsert', lead })));
    for (let i = 0; i < 100; i++) same(index, changed, randomQuery(r));
  });

  test('a deleted id is gone and deleting an unknown id changes nothing', () => {
    const index = build(leads.slice(0, 10));
    index.remove('lead:000003');
    index.remove('lead:nope');
    assert.equal(index.size, 9);
    assert.equal(index.get('lead:000003'), undefined);
    assert.ok(!index.query({ status: 'all' }, NOW).rows.some((row) => row.id === 'lead:000003'));
  });

  test('each batch of changes bumps the version and notifies', () => {
    const index = build([]);
    const seen: number[] = [];
    const sub = index.changed$.subscribe((v) => seen.push(v));
    index.upsert(leads[0]!);
    index.remove(leads[0]!.id);
    sub.unsubscribe();
    assert.deepEqual(seen, [1, 2]);
  });
});

describe('seed: Close a lead as lost', () => {
  test('a lead closed lost with a follow-up shows under Closed in Now ± 3 days when the follow-up is due, and not under Open', () => {
    const r = rng(1);
    const followUpAt = NOW + 2 * DAY;
    const closedLost = makeLead(r, 900_001, {
      status: 'closed',
      outcome: 'lost',
      closeReasonId: 'price',
      closedAt: NOW - 5 * DAY,
      updatedAt: NOW - 5 * DAY,
      closeFollowUpAt: followUpAt,
      nextEventAt: followUpAt,
      actionAt: followUpAt,
    });
    const index = build([...leads, closedLost]);
    const ids = (q: DashboardQuery) => index.query(q, NOW).rows.map((row) => row.id);
    assert.ok(ids({ status: 'closed', range: { kind: 'now-3' } }).includes(closedLost.id), 'under Closed, Now ± 3 days');
    assert.ok(!ids({ status: 'open', range: { kind: 'now-3' } }).includes(closedLost.id), 'not under Open');
    assert.ok(!ids({ status: 'open' }).includes(closedLost.id), 'not under Open at all');
    assert.ok(ids({ status: 'all', range: { kind: 'now-3' } }).includes(closedLost.id), 'under All');
    // Before the follow-up is due (more than 3 days ahead) it is not in the range.
    assert.ok(!index.query({ status: 'closed', range: { kind: 'now-3' } }, NOW - 4 * DAY).rows.some((row) => row.id === closedLost.id));
  });
});
