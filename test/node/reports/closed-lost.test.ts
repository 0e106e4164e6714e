import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { firstValueFrom, filter } from 'rxjs';
import { closedLostReport, calendarDay, csvCell, periodOf, reportInputs$, reportToCsv } from '../../../src/reports/index.js';
import { closedLostReasonReport } from '../../../src/rules/index.js';
import { createStore } from '../../../src/store/store.js';
import { APRIL_2025, REPORT_DEALER, REPORT_LEADS, REPORT_POLICY, REPORT_USERS } from './fixture.js';

const report = (options: Parameters<typeof closedLostReport>[3]) => closedLostReport(REPORT_LEADS, REPORT_POLICY, REPORT_USERS, options);
const counts = (groups: { key: string; count: number }[]): Array<[string, number]> => groups.map((g) => [g.key, g.count]);

describe('closed-lost reason report: why customers did not buy (hand-computed fixture)', () => {
  test('by reason: only leads closed as lost count; reasons hidden from reports are left out and counted apart', () => {
    const r = report({ dimension: 'reason', timeZone: 'UTC' });
    assert.equal(r.total, 6);
    assert.equal(r.hidden, 1);
    // price 3; then the count-1 reasons by label: '' (no reason), 'Bought elsewhere', 'gone' (unknown id).
    assert.deepEqual(counts(r.groups), [
      ['price', 3],
      ['', 1],
      ['bought-elsewhere', 1],
      ['gone', 1],
    ]);
    assert.deepEqual(
      r.reasons.map((x) => [x.reasonId, x.label, x.count]),
      [
        ['price', 'Price too high', 3],
        ['', '', 1],
        ['bought-elsewhere', 'Bought elsewhere', 1],
        ['gone', 'gone', 1],
      ],
    );
    assert.equal(r.reasons[0]!.share, 0.5);
    assert.ok(!r.groups.some((g) => g.key === 'duplicate'));
    assert.ok(!r.groups.some((g) => g.key === 'no-response'), 'a reason nobody chose is not a row');
  });

  test("agrees with the rules' reason report on which leads count", () => {
    const rules = closedLostReasonReport(REPORT_LEADS, REPORT_POLICY);
    const mine = report({ dimension: 'reason' });
    assert.deepEqual(Object.fromEntries(mine.reasons.map((r) => [r.reasonId, r.count])), Object.fromEntries(rules.map((r) => [r.reasonId, r.count])));
    const april = closedLostReasonReport(REPORT_LEADS, REPORT_POLICY, APRIL_2025);
    assert.deepEqual(
      Object.fromEntries(report({ dimension: 'reason', window: APRIL_2025 }).reasons.map((r) => [r.reasonId, r.count])),
      Object.fromEntries(april.map((r) => [r.reasonId, r.count])),
    );
  });

  test('by salesperson, each broken down by reason, with names from the users', () => {
    const r = report({ dimension: 'salesperson' });
    assert.deepEqual(
      r.groups.map((g) => [g.key, g.label, g.count]),
      [
        ['sam', 'Sam', 3],
        ['rex', 'Rex', 2],
        ['mia', 'Mia', 1],
      ],
    );
    assert.deepEqual(r.groups[0]!.byReason, { price: 2, '': 0, 'bought-elsewhere': 1, gone: 0 });
    assert.deepEqual(r.groups[1]!.byReason, { price: 1, '': 1, 'bought-elsewhere': 0, gone: 0 });
    assert.deepEqual(r.groups[2]!.byReason, { price: 0, '': 0, 'bought-elsewhere': 0, gone: 1 });
    assert.equal(
      r.groups.reduce((s, g) => s + g.count, 0),
      r.total,
    );
  });

  test('by source', () => {
    assert.deepEqual(counts(report({ dimension: 'source' }).groups), [
      ['Website', 4],
      ['AutoTrader', 1],
      ['Walk-in', 1],
    ]);
  });

  test('by period: month, ISO week and quarter, oldest first, cut in the given time zone', () => {
    assert.deepEqual(counts(report({ dimension: 'period', period: 'month', timeZone: 'UTC' }).groups), [
      ['2025-03', 2],
      ['2025-04', 2],
      ['2025-05', 2],
    ]);
    // 2025-04-30 23:30 UTC is already 1 May in Tokyo.
    assert.deepEqual(counts(report({ dimension: 'period', period: 'month', timeZone: 'Asia/Tokyo' }).groups), [
      ['2025-03', 2],
      ['2025-04', 1],
      ['2025-05', 3],
    ]);
    assert.deepEqual(counts(report({ dimension: 'period', period: 'week', timeZone: 'UTC' }).groups), [
      ['2025-W10', 1],
      ['2025-W12', 1],
      ['2025-W14', 1],
      ['2025-W18', 1],
      ['2025-W20', 2],
    ]);
    assert.deepEqual(counts(report({ dimension: 'period', period: 'quarter', timeZone: 'UTC' }).groups), [
      ['2025-Q1', 2],
      ['2025-Q2', 4],
    ]);
    const march = report({ dimension: 'period', timeZone: 'UTC' }).groups[0]!;
    assert.equal(march.start, Date.UTC(2025, 2, 1));
  });

  test('inside a window: April only', () => {
    const r = report({ dimension: 'reason', window: APRIL_2025 });
    assert.equal(r.total, 2);
    assert.equal(r.hidden, 1);
    assert.deepEqual(counts(r.groups), [
      ['', 1],
      ['bought-elsewhere', 1],
    ]);
  });

  test('nothing closed lost: an empty report, no division by zero', () => {
    const r = closedLostReport([], REPORT_POLICY, REPORT_USERS, { dimension: 'salesperson' });
    assert.deepEqual([r.total, r.hidden, r.groups.length, r.reasons.length], [0, 0, 0, 0]);
  });

  test('ISO weeks at year ends and calendar days in a zone', () => {
    assert.equal(periodOf({ year: 2024, month: 12, day: 30 }, 'week').key, '2025-W01');
    assert.equal(periodOf({ year: 2021, month: 1, day: 3 }, 'week').key, '2020-W53');
    assert.deepEqual(calendarDay(Date.UTC(2025, 0, 1, 3), 'America/New_York'), { year: 2024, month: 12, day: 31 });
  });
});

describe('closed-lost report as CSV', () => {
  const labels = { group: 'Salesperson', count: 'Leads', share: 'Share (%)', noReason: 'No reason given' };

  test('one row per group, a column per reason, totals equal to the fixture', () => {
    const csv = reportToCsv(report({ dimension: 'salesperson' }), labels);
    assert.equal(
      csv,
      [
        'Salesperson,Leads,Share (%),Price too high,No reason given,Bought elsewhere,gone',
        'Sam,3,50.0,2,0,1,0',
        'Rex,2,33.3,1,1,0,0',
        'Mia,1,16.7,0,0,0,1',
        '',
      ].join('\r\n'),
    );
  });

  test('by reason: no per-reason columns, the empty reason gets its label', () => {
    const csv = reportToCsv(report({ dimension: 'reason' }), { ...labels, group: 'Reason' });
    assert.equal(csv.split('\r\n')[2], 'No reason given,1,16.7');
  });

  test('quotes commas and quotes, and defuses spreadsheet formulas in labels', () => {
    assert.equal(csvCell('Smith, "Jr"'), '"Smith, ""Jr"""');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell(42), '42');
  });
});

describe('closed-lost report from the local store', () => {
  test('reads closed-lost leads, the policy and the users offline, and follows a new close', async () => {
    const store = await createStore({ dealershipId: REPORT_DEALER, name: `report-${Date.now()}`, storage: 'memory' });
    try {
      await store.importDocuments({ policy: REPORT_POLICY, users: REPORT_USERS, leads: REPORT_LEADS });
      const first = await firstValueFrom(reportInputs$(store));
      assert.equal(first.leads.length, 7, 'every lead closed lost, the hidden one too (L6 won and L7 open are not read)');
      const r = closedLostReport(first.leads, first.policy, first.users, { dimension: 'reason' });
      assert.equal(r.total, 6);
      await store.setActor('sam');
      const result = await store.execute({
        type: 'close-lost',
        leadId: 'lead:r7',
        choices: { reasonId: 'no-response', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
      });
      assert.equal(result.ok, true);
      const next = await firstValueFrom(reportInputs$(store).pipe(filter((i) => i.leads.length === 8)));
      const after = closedLostReport(next.leads, next.policy, next.users, { dimension: 'reason' });
      assert.equal(after.total, 7);
      assert.equal(after.reasons.find((x) => x.reasonId === 'no-response')?.count, 1);
    } finally {
      await store.remove();
    }
  });
});

describe('report windows in a time zone', () => {
  test('a day starts at local midnight of the zone, across DST too', async () => {
    const { startOfDayIn, dayWindow } = await import('../../../src/reports/index.js');
    assert.equal(startOfDayIn({ year: 2025, month: 6, day: 15 }, 'UTC'), Date.UTC(2025, 5, 15));
    assert.equal(startOfDayIn({ year: 2025, month: 6, day: 15 }, 'America/New_York'), Date.UTC(2025, 5, 15, 4));
    assert.equal(startOfDayIn({ year: 2025, month: 1, day: 15 }, 'America/New_York'), Date.UTC(2025, 0, 15, 5));
    assert.equal(startOfDayIn({ year: 2025, month: 3, day: 30 }, 'Europe/London'), Date.UTC(2025, 2, 30, 0), 'the day BST starts (at 01:00)');
    assert.equal(startOfDayIn({ year: 2025, month: 3, day: 31 }, 'Europe/London'), Date.UTC(2025, 2, 30, 23));
    assert.deepEqual(dayWindow('2025-04-01', '2025-04-30', 'UTC'), APRIL_2025);
    assert.equal(dayWindow('', '', 'UTC'), null);
    assert.deepEqual(dayWindow('2025-04-01', '', 'UTC'), { from: APRIL_2025.from, to: Number.MAX_SAFE_INTEGER });
    assert.equal(dayWindow('2025-02-30', 'nope', 'UTC'), null, 'malformed days are ignored');
  });
});
