import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import type { Command, LeadDoc, ProgressPass } from '../../../src/model/index.js';
import { periodLabel, saleOf, salesInputs$, salesReport, salesReportToCsv, type SalesReportOptions } from '../../../src/reports/index.js';
import { defaultCloseWonChoices, latestPassPerStep } from '../../../src/rules/index.js';
import { createStore } from '../../../src/store/store.js';
import type { LeadStore } from '../../../src/store/api.js';
import { APRIL_2025, REPORT_DEALER, REPORT_POLICY, REPORT_USERS, SALES_LEADS } from './sales-fixture.js';

const report = (options: SalesReportOptions) => salesReport(SALES_LEADS, REPORT_USERS, options);
const counts = (groups: { key: string; count: number }[]): Array<[string, number]> => groups.map((g) => [g.key, g.count]);
const at = (y: number, m: number, d: number, h = 12): number => Date.UTC(y, m - 1, d, h);

/** A memory store whose clock the test sets before each command. */
async function clockedStore(): Promise<{ store: LeadStore; clock: { now: number } }> {
  const clock = { now: at(2025, 1, 2) };
  const store = await createStore({
    dealershipId: REPORT_DEALER,
    name: `sales-${Date.now()}-${Math.random().toString(36).slice(2)}`,
    storage: 'memory',
    now: () => clock.now,
  });
  await store.importDocuments({ policy: REPORT_POLICY, users: REPORT_USERS });
  await store.setActor('sam');
  return { store, clock };
}

async function run(store: LeadStore, command: Command): Promise<Record<string, string>> {
  const result = await store.execute(command);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.error.code} ${result.error.message}`);
  return result.outcome;
}

async function newLead(store: LeadStore, name: string): Promise<string> {
  const created = await run(store, {
    type: 'create-lead',
    lead: {
      customer: { name, email: `${name.toLowerCase()}@example.test`, phone: '555-0199' },
      vehicle: '2025 Kia EV6',
      source: 'Website',
      salespersonId: 'sam',
    },
  });
  return created['leadId']!;
}

const lead = (store: LeadStore, leadId: string): Promise<LeadDoc> => firstValueFrom(store.lead$(leadId).pipe(filter((l): l is LeadDoc => !!l)));
const passes = async (store: LeadStore, leadId: string): Promise<ProgressPass[]> =>
  (await firstValueFrom(store.activity$(leadId))).filter((a): a is ProgressPass => a.kind === 'progress-pass');

const tick = (leadId: string, ...check: string[]): Command => ({ type: 'update-progress', leadId, update: { check, clear: [], note: '' } });
const clear = (leadId: string, ...ids: string[]): Command => ({ type: 'update-progress', leadId, update: { check: [], clear: ids, note: '' } });
const closeWon = (leadId: string): Command => ({ type: 'close-won', leadId, choices: defaultCloseWonChoices(REPORT_POLICY) });
const closeLost = (leadId: string): Command => ({
  type: 'close-lost',
  leadId,
  choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
});

/** The months the store's leads count as sales in (UTC), as the report groups them. */
async function salesByMonth(store: LeadStore) {
  const inputs = await firstValueFrom(salesInputs$(store));
  return salesReport(inputs.leads, inputs.users, { dimension: 'period', period: 'month', timeZone: 'UTC' });
}

describe("sales report: the seed sentences, through the store's own commands", () => {
  test("seed: Sold records a sale in reporting and the lead stays open (to arrange 'Delivery' or 'Follow Up')", async () => {
    const { store, clock } = await clockedStore();
    try {
      const table: Array<{ how: string; act: (leadId: string) => Command }> = [
        { how: 'the progress form ticks Sold', act: (id) => tick(id, 'sold') },
        { how: 'mark-sold', act: (id) => ({ type: 'mark-sold', leadId: id }) },
      ];
      for (const [i, row] of table.entries()) {
        clock.now = at(2025, 3, 1);
        const leadId = await newLead(store, `Buyer${i}`);
        clock.now = at(2025, 3, 10 + i);
        await run(store, row.act(leadId));
        const sold = await lead(store, leadId);
        assert.equal(sold.status, 'open', `${row.how}: the lead stays open`);
        assert.equal(saleOf(sold)?.at, at(2025, 3, 10 + i), `${row.how}: a sale at the tick`);
        // Open, so Delivery and Follow Up can still be ticked; the sale keeps its time.
        clock.now = at(2025, 3, 20 + i);
        await run(store, tick(leadId, 'delivery', 'follow-up'));
        const after = await lead(store, leadId);
        assert.equal(after.status, 'open');
        assert.equal(after.progressStepId, 'follow-up');
        assert.equal(saleOf(after)?.at, at(2025, 3, 10 + i), `${row.how}: Delivery and Follow Up do not move the sale`);
      }
      const r = await salesByMonth(store);
      assert.deepEqual([r.total, r.open, r.won], [2, 2, 0]);
      assert.deepEqual(counts(r.groups), [['2025-03', 2]]);
    } finally {
      await store.remove();
    }
  });

  test('seed: reporting uses the most recent time the Sold step was selected (a lead counts once)', async () => {
    const { store, clock } = await clockedStore();
    try {
      // Each row: the commands at their times, and the month the lead's one sale falls in.
      const table: Array<{ name: string; steps: Array<[number, (leadId: string) => Command]>; month: string | null; status: 'open' | 'won' | 'lost' }> = [
        { name: 'ticked once in March', steps: [[at(2025, 3, 3), (id) => tick(id, 'sold')]], month: '2025-03', status: 'open' },
        {
          name: 'ticked in March, ticked again (a new pass) in May',
          steps: [
            [at(2025, 3, 3), (id) => tick(id, 'sold')],
            [at(2025, 5, 3), (id) => tick(id, 'sold')],
          ],
          month: '2025-05',
          status: 'open',
        },
        {
          name: 'ticked in March, cleared in April, ticked in May',
          steps: [
            [at(2025, 3, 3), (id) => tick(id, 'sold')],
            [at(2025, 4, 3), (id) => clear(id, 'sold')],
            [at(2025, 5, 3), (id) => tick(id, 'sold')],
          ],
          month: '2025-05',
          status: 'open',
        },
        {
          name: 'marked sold in March, then later steps ticked in April',
          steps: [
            [at(2025, 3, 3), (id) => ({ type: 'mark-sold', leadId: id })],
            [at(2025, 4, 3), (id) => tick(id, 'delivery')],
          ],
          month: '2025-03',
          status: 'open',
        },
        {
          name: 'sold in March, closed won in May: the sale keeps March',
          steps: [
            [at(2025, 3, 3), (id) => tick(id, 'sold')],
            [at(2025, 5, 3), closeWon],
          ],
          month: '2025-03',
          status: 'won',
        },
        { name: 'closed won in May without the Sold tick: Close Won records the sale', steps: [[at(2025, 5, 3), closeWon]], month: '2025-05', status: 'won' },
      ];
      const expected = new Map<string, number>();
      for (const [i, row] of table.entries()) {
        clock.now = at(2025, 2, 1);
        const leadId = await newLead(store, `Row${i}`);
        for (const [time, command] of row.steps) {
          clock.now = time;
          await run(store, command(leadId));
        }
        const l = await lead(store, leadId);
        assert.equal(l.status === 'open' ? 'open' : l.outcome, row.status, row.name);
        const sold = latestPassPerStep(await passes(store, leadId))['sold'];
        if (sold) assert.equal(saleOf(l)?.at, sold.at, `${row.name}: the sale is the Sold step's most recent pass`);
        if (row.month) expected.set(row.month, (expected.get(row.month) ?? 0) + 1);
      }
      const r = await salesByMonth(store);
      assert.equal(r.total, table.length, 'one sale per lead, whatever the passes');
      assert.deepEqual(counts(r.groups), [...expected].sort());
      assert.deepEqual([r.open, r.won], [4, 2]);
    } finally {
      await store.remove();
    }
  });

  test('a cleared Sold step is no sale', async () => {
    const { store, clock } = await clockedStore();
    try {
      const table: Array<{ name: string; steps: Array<[number, (leadId: string) => Command]> }> = [
        {
          name: 'ticked in March, cleared in April',
          steps: [
            [at(2025, 3, 3), (id) => tick(id, 'sold')],
            [at(2025, 4, 3), (id) => clear(id, 'sold')],
          ],
        },
        {
          name: 'marked sold, then cleared with Delivery ticked in the same save',
          steps: [
            [at(2025, 3, 3), (id) => ({ type: 'mark-sold', leadId: id })],
            [at(2025, 4, 3), (id) => ({ type: 'update-progress', leadId: id, update: { check: ['delivery'], clear: ['sold'], note: '' } })],
          ],
        },
        {
          name: 'ticked twice, cleared once',
          steps: [
            [at(2025, 3, 3), (id) => tick(id, 'sold')],
            [at(2025, 3, 4), (id) => tick(id, 'sold')],
            [at(2025, 4, 3), (id) => clear(id, 'sold')],
          ],
        },
      ];
      for (const [i, row] of table.entries()) {
        clock.now = at(2025, 2, 1);
        const leadId = await newLead(store, `Cleared${i}`);
        for (const [time, command] of row.steps) {
          clock.now = time;
          await run(store, command(leadId));
        }
        const l = await lead(store, leadId);
        assert.equal(saleOf(l), null, row.name);
        assert.equal(latestPassPerStep(await passes(store, leadId))['sold'], undefined, `${row.name}: the rules agree the step is not passed`);
      }
      const r = await salesByMonth(store);
      assert.deepEqual([r.total, r.groups.length, r.lostAfterSale], [0, 0, 0]);
    } finally {
      await store.remove();
    }
  });

  test('sold, then closed as lost: left out of the sales and counted apart; reopened, it counts again', async () => {
    const { store, clock } = await clockedStore();
    try {
      clock.now = at(2025, 3, 1);
      const leadId = await newLead(store, 'Fell through');
      clock.now = at(2025, 3, 3);
      await run(store, tick(leadId, 'sold'));
      clock.now = at(2025, 3, 9);
      await run(store, closeLost(leadId));
      let r = await salesByMonth(store);
      assert.deepEqual([r.total, r.lostAfterSale], [0, 1]);
      await store.setActor('mia');
      clock.now = at(2025, 3, 12);
      await run(store, { type: 'reopen', leadId });
      r = await salesByMonth(store);
      assert.deepEqual([r.total, r.open, r.lostAfterSale], [1, 1, 0]);
      assert.deepEqual(counts(r.groups), [['2025-03', 1]]);
    } finally {
      await store.remove();
    }
  });
});

describe('sales report (hand-computed fixture)', () => {
  test('by salesperson: one sale per sold lead, split into still open and closed won; names from the users', () => {
    const r = report({ dimension: 'salesperson' });
    assert.deepEqual([r.total, r.open, r.won, r.lostAfterSale], [6, 4, 2, 1]);
    assert.deepEqual(
      r.groups.map((g) => [g.key, g.label, g.count, g.open, g.won]),
      [
        ['sam', 'Sam', 3, 2, 1],
        ['rex', 'Rex', 2, 1, 1],
        ['lee', 'lee', 1, 1, 0],
      ],
    );
    assert.equal(r.groups[0]!.share, 0.5);
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

  test('by period: month, ISO week and quarter, oldest first, cut at the sale time in the given time zone', () => {
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
    assert.deepEqual(counts(report({ dimension: 'period', period: 'day', timeZone: 'UTC' }).groups).slice(0, 2), [
      ['2025-03-05', 1],
      ['2025-03-20', 1],
    ]);
    const march = report({ dimension: 'period', timeZone: 'UTC' }).groups[0]!;
    assert.equal(march.start, Date.UTC(2025, 2, 1));
    assert.deepEqual([march.open, march.won], [1, 1]);
  });

  test('inside a window: April only, by the sale time (the sold-then-lost lead of April is counted apart)', () => {
    const r = report({ dimension: 'salesperson', window: APRIL_2025 });
    assert.deepEqual([r.total, r.open, r.won, r.lostAfterSale], [2, 2, 0, 1]);
    assert.deepEqual(counts(r.groups), [
      ['rex', 1],
      ['sam', 1],
    ]);
  });

  test('no sales: an empty report, no division by zero', () => {
    const r = salesReport([], REPORT_USERS, { dimension: 'salesperson' });
    assert.deepEqual([r.total, r.open, r.won, r.lostAfterSale, r.groups.length], [0, 0, 0, 0, 0]);
  });

  test('periods in words for a locale', () => {
    const words = { weekOf: (date: string) => `Week of ${date}`, quarter: (q: number, y: number) => `Q${q} ${y}` };
    assert.equal(periodLabel(Date.UTC(2025, 2, 1), 'month', 'en-US', words), 'March 2025');
    assert.equal(periodLabel(Date.UTC(2025, 2, 3), 'week', 'en-US', words), 'Week of Mar 3, 2025');
    assert.equal(periodLabel(Date.UTC(2025, 3, 1), 'quarter', 'en-US', words), 'Q2 2025');
    assert.equal(periodLabel(Date.UTC(2025, 2, 5), 'day', 'en-GB', words), '5 Mar 2025');
  });
});

describe('sales report as CSV', () => {
  const labels = { group: 'Salesperson', count: 'Sales', share: 'Share (%)', open: 'Still open', won: 'Closed won' };

  test('one row per group with the open and won split, totals equal to the fixture', () => {
    assert.equal(
      salesReportToCsv(report({ dimension: 'salesperson' }), labels),
      ['Salesperson,Sales,Share (%),Still open,Closed won', 'Sam,3,50.0,2,1', 'Rex,2,33.3,1,1', 'lee,1,16.7,1,0', ''].join('\r\n'),
    );
  });

  test('formats group labels through the caller, and defuses formulas in a hostile source', () => {
    const hostile = [{ ...SALES_LEADS[0]!, source: '=HYPERLINK("http://x")' }];
    const csv = salesReportToCsv(salesReport(hostile, REPORT_USERS, { dimension: 'source' }), { ...labels, group: 'Source' });
    assert.equal(csv.split('\r\n')[1], `"'=HYPERLINK(""http://x"")",1,100.0,1,0`);
    const months = salesReportToCsv(report({ dimension: 'period', timeZone: 'UTC' }), { ...labels, group: 'Period', groupLabel: (g) => `M ${g.key}` });
    assert.equal(months.split('\r\n')[1], 'M 2025-03,2,33.3,1,1');
  });
});

describe('sales report from the local store', () => {
  test('reads the sold leads and the users offline, and follows a new sale', async () => {
    const { store, clock } = await clockedStore();
    try {
      await store.importDocuments({ leads: SALES_LEADS });
      const first = await firstValueFrom(salesInputs$(store));
      assert.equal(first.leads.length, 7, 'every lead with a sale recorded, the sold-then-lost one too (S4 and S9 are not read)');
      assert.equal(salesReport(first.leads, first.users, { dimension: 'salesperson' }).total, 6);
      clock.now = at(2025, 6, 2);
      await run(store, { type: 'mark-sold', leadId: 'lead:s4' });
      const next = await firstValueFrom(salesInputs$(store).pipe(filter((i) => i.leads.length === 8)));
      const after = salesReport(next.leads, next.users, { dimension: 'period', timeZone: 'UTC' });
      assert.equal(after.total, 7);
      assert.deepEqual(after.groups.at(-1), { key: '2025-06', label: '2025-06', count: 1, share: 1 / 7, open: 1, won: 0, start: Date.UTC(2025, 5, 1) });
    } finally {
      await store.remove();
    }
  });
});
