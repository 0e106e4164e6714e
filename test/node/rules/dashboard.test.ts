// Day boundaries are local: pin a zone with daylight saving so the DST case below is real.
process.env.TZ = 'Europe/London';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { actionAt, inRange, leadSearchText, nextEventAt, rangeBounds } from '../../../src/rules/index.js';
import { lead } from './fixtures.js';

const local = (y: number, m: number, d: number, h = 0, min = 0, s = 0, ms = 0) => new Date(y, m - 1, d, h, min, s, ms).getTime();
const NOW = local(2025, 6, 15, 14, 30);

describe('dashboard dates', () => {
  test("dashboard: a lead's action date is its oldest incomplete calendar event, else its last update", () => {
    const events = [
      { dueAt: 500, completedAt: 0 },
      { dueAt: 300, completedAt: 0 },
      { dueAt: 100, completedAt: 99 },
    ];
    assert.equal(nextEventAt(events), 300);
    assert.equal(nextEventAt([]), 0);
    assert.equal(nextEventAt([{ dueAt: 5, completedAt: 1 }]), 0);
    assert.equal(actionAt({ nextEventAt: 0, updatedAt: 77 }, events), 300);
    assert.equal(actionAt({ nextEventAt: 0, updatedAt: 77 }, []), 77);
    assert.equal(actionAt({ nextEventAt: 42, updatedAt: 77 }), 42);
    assert.equal(actionAt({ nextEventAt: 0, updatedAt: 77 }), 77);
  });

  test('dashboard ranges: Today is the local day; Now ± 3 days is whole local days', () => {
    assert.deepEqual(rangeBounds({ kind: 'today' }, NOW), { from: local(2025, 6, 15), to: local(2025, 6, 15, 23, 59, 59, 999) });
    assert.deepEqual(rangeBounds({ kind: 'now-3' }, NOW), { from: local(2025, 6, 12), to: local(2025, 6, 18, 23, 59, 59, 999) });
  });

  test('dashboard ranges: Overdue is 3 to 20 days past, Stalled 21 days or more', () => {
    assert.deepEqual(rangeBounds({ kind: 'overdue' }, NOW), { from: local(2025, 5, 26), to: local(2025, 6, 12, 23, 59, 59, 999) });
    assert.deepEqual(rangeBounds({ kind: 'stalled' }, NOW), { from: 0, to: local(2025, 5, 25, 23, 59, 59, 999) });
    const table = [
      [local(2025, 6, 13, 9), 'overdue', false],
      [local(2025, 6, 12, 9), 'overdue', true],
      [local(2025, 5, 26, 0), 'overdue', true],
      [local(2025, 5, 25, 23, 59), 'overdue', false],
      [local(2025, 5, 25, 23, 59), 'stalled', true],
      [local(2024, 1, 1), 'stalled', true],
      [local(2025, 5, 26, 0), 'stalled', false],
    ] as const;
    for (const [at, kind, expected] of table) assert.equal(inRange({ actionAt: at }, { kind }, NOW), expected, `${new Date(at).toISOString()} ${kind}`);
  });

  test('dashboard ranges: days across a daylight-saving change are still whole local days', () => {
    const afterSpringForward = local(2025, 3, 31, 12);
    const { from, to } = rangeBounds({ kind: 'now-3' }, afterSpringForward);
    assert.equal(from, local(2025, 3, 28));
    assert.equal(to, local(2025, 4, 3, 23, 59, 59, 999));
    assert.equal(to - from + 1, 7 * 86_400_000 - 3_600_000, 'one 23-hour day inside');
  });

  test('dashboard ranges: a custom range is used as given (swapped when reversed)', () => {
    assert.deepEqual(rangeBounds({ kind: 'custom', from: 10, to: 20 }, NOW), { from: 10, to: 20 });
    assert.deepEqual(rangeBounds({ kind: 'custom', from: 20, to: 10 }, NOW), { from: 10, to: 20 });
  });

  test('dashboard search: customer, email, phone, vehicle and source in lower case', () => {
    const l = lead({ customer: { name: 'Jane DOE', email: '', phone: '0123' }, vehicle: 'RAV4', source: 'Walk-in' });
    assert.equal(leadSearchText(l), 'jane doe 0123 rav4 walk-in');
  });
});
