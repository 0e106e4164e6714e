import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attributesFromQuery, localDay, parseLocalDay, queryFromAttributes } from '../../../src/dashboard/filter-state.js';
import { rowWindow, scrollToRow } from '../../../src/dashboard/viewport.js';
import { Selection } from '../../../src/dashboard/selection.js';
import { bulkCommands, summarizeBulk } from '../../../src/dashboard/bulk.js';
import type { DashboardQuery } from '../../../src/store/api.js';

describe('filter state as attributes', () => {
  test('no attributes mean Status Open and nothing else', () => {
    assert.deepEqual(queryFromAttributes({}), { status: 'open' });
  });

  test('every filter survives a round trip through attributes', () => {
    const from = new Date(2025, 0, 5).getTime();
    const to = new Date(2025, 0, 9, 23, 59, 59, 999).getTime();
    const query: DashboardQuery = {
      status: 'closed',
      progress: ['', 'test-drive'],
      interest: ['hot', 'cold'],
      salespersonIds: ['sp-1', 'sp,2'],
      sources: ['Walk-in', 'Auto Trader, UK'],
      range: { kind: 'custom', from, to },
      text: 'rav4 smith',
      sort: { field: 'customer', direction: 'desc' },
    };
    const attrs = attributesFromQuery(query);
    assert.equal(attrs.progress, 'none,test-drive');
    assert.equal(attrs['range-from'], '2025-01-05');
    assert.equal(attrs['range-to'], '2025-01-09');
    assert.deepEqual(queryFromAttributes(attrs), query);
  });

  test('named ranges, and malformed values fall back to no filter', () => {
    assert.deepEqual(queryFromAttributes({ range: 'now-3' }).range, { kind: 'now-3' });
    const q = queryFromAttributes({ status: 'bogus', interest: 'hot,lukewarm', range: 'someday', 'sort-by': 'nope', 'range-from': 'x' });
    assert.deepEqual(q, { status: 'open', interest: ['hot'] });
    assert.equal(queryFromAttributes({ range: 'custom', 'range-from': '2025-02-30' }).range, undefined);
  });

  test('an open-ended custom range keeps its one bound', () => {
    const q = queryFromAttributes({ range: 'custom', 'range-from': '2025-03-01' });
    assert.equal(q.range?.kind, 'custom');
    assert.equal(attributesFromQuery(q)['range-to'], '');
    assert.equal(attributesFromQuery(q)['range-from'], '2025-03-01');
  });

  test('local days', () => {
    assert.equal(localDay(parseLocalDay('2024-02-29')!), '2024-02-29');
    assert.equal(parseLocalDay('2023-02-29'), null);
  });
});

describe('virtual rows', () => {
  test('renders the visible rows plus the buffer, clamped to the list', () => {
    assert.deepEqual(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, total: 100_000, buffer: 10 }), { start: 0, end: 21 });
    const w = rowWindow({ scrollTop: 40_000, viewportHeight: 400, rowHeight: 40, total: 100_000, buffer: 10 });
    assert.deepEqual(w, { start: 990, end: 1021 });
    assert.ok(w.end - w.start <= 400 / 40 + 1 + 20);
    assert.deepEqual(rowWindow({ scrollTop: 1e9, viewportHeight: 400, rowHeight: 40, total: 50, buffer: 10 }), { start: 39, end: 50 });
    assert.deepEqual(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, total: 0, buffer: 10 }), { start: 0, end: 0 });
  });

  test('scrolls just enough to show a row', () => {
    assert.equal(scrollToRow(5, 0, 400, 40), 0);
    assert.equal(scrollToRow(10, 0, 400, 40), 40);
    assert.equal(scrollToRow(2, 200, 400, 40), 80);
  });
});

describe('selection for Bulk Manage', () => {
  const order = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
  test('click toggles, shift-click selects the range from the anchor in the current order', () => {
    const s = new Selection();
    s.toggle('b');
    s.extend('d', order);
    assert.deepEqual(s.values().sort(), ['b', 'c', 'd']);
    s.toggle('c');
    assert.deepEqual(s.values().sort(), ['b', 'd']);
    s.extend('a', order);
    assert.deepEqual(s.values().sort(), ['a', 'b', 'c', 'd']);
  });

  test('select all, then forget deleted leads', () => {
    const s = new Selection();
    s.selectAll(order.map((r) => r.id));
    assert.equal(s.size, 5);
    assert.equal(
      s.retain((id) => id !== 'c'),
      true,
    );
    assert.equal(s.has('c'), false);
    s.clear();
    assert.equal(s.size, 0);
  });
});

describe('bulk commands', () => {
  test('close lost applies the same choices to each lead, each with its own copy', () => {
    const choices = { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: 'n', contactGroups: ['live-leads'], followUpAt: null };
    const commands = bulkCommands(['l1', 'l2'], { kind: 'close-lost', choices });
    assert.equal(commands.length, 2);
    assert.deepEqual(
      commands.map((c) => c.type === 'close-lost' && c.leadId),
      ['l1', 'l2'],
    );
    const [a, b] = commands;
    assert.ok(a?.type === 'close-lost' && b?.type === 'close-lost');
    assert.notEqual(a.choices.contactGroups, b.choices.contactGroups);
    assert.deepEqual(a.choices, choices);
  });

  test('update progress ticks one step with the note; allocate assigns', () => {
    assert.deepEqual(bulkCommands(['l1'], { kind: 'update-progress', stepId: 'test-drive', note: 'x' }), [
      { type: 'update-progress', leadId: 'l1', update: { check: ['test-drive'], clear: [], note: 'x' } },
    ]);
    assert.deepEqual(bulkCommands(['l1'], { kind: 'allocate', salespersonId: 'sp-2' }), [{ type: 'assign', leadId: 'l1', salespersonId: 'sp-2' }]);
  });

  test('the summary counts successes and requests, and groups refusals by reason', () => {
    const summary = summarizeBulk([
      { leadId: 'l1', result: { ok: true, commandId: 'b:0', outcome: { outcome: 'closed' } } },
      { leadId: 'l2', result: { ok: true, commandId: 'b:1', outcome: { outcome: 'requested' } } },
      { leadId: 'l3', result: { ok: false, commandId: 'b:2', error: { code: 'lead/closed', message: 'closed' } } },
      { leadId: 'l4', result: { ok: false, commandId: 'b:3', error: { code: 'lead/closed', message: 'closed' } } },
      { leadId: 'l5', result: { ok: false, commandId: 'b:4', error: { code: 'lead/close-requested', message: 'req' } } },
    ]);
    assert.equal(summary.total, 5);
    assert.equal(summary.succeeded, 2);
    assert.equal(summary.requested, 1);
    assert.deepEqual(
      summary.refused.map((r) => [r.code, r.leadIds]),
      [
        ['lead/closed', ['l3', 'l4']],
        ['lead/close-requested', ['l5']],
      ],
    );
  });
});
