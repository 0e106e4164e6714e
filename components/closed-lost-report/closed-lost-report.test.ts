import { expect } from '@open-wc/testing';
import './define.js';
import type { ClosedLostReportElement } from './closed-lost-report.component.js';
import type { LeadStore } from '../../src/store/api.js';
import { $, pick, ReportHarness, rows, type MountOptions } from '../shared/testing/report-harness.js';
import { shadow, text, until } from '../../test/browser/components/fixture.js';
import { REPORT_LEADS, REPORT_POLICY } from '../../test/node/reports/fixture.js';

const harness = new ReportHarness<ClosedLostReportElement>('closed-lost-report', 'reason', 'fc-report', REPORT_LEADS);
let store: LeadStore | undefined;

afterEach(async () => {
  document.body.replaceChildren();
  await store?.remove();
  store = undefined;
});

const reportStore = (): Promise<LeadStore> => harness.openStore();
const mountReport = (s: LeadStore, attrs: MountOptions<ClosedLostReportElement> = {}): Promise<ClosedLostReportElement> => harness.mount(s, attrs);

describe('<closed-lost-report>', () => {
  it('totals equal the hand-computed fixture, by reason; reasons hidden from reports are left out', async () => {
    store = await reportStore();
    const el = await mountReport(store);
    expect(text($(el, '[part="summary"]'))).to.equal('6 leads closed as lost. 1 left out: their reasons are hidden from reports.');
    expect(rows(el)).to.deep.equal([
      ['Price too high', '3', '50%'],
      ['No reason given', '1', '16.7%'],
      ['Bought elsewhere', '1', '16.7%'],
      ['gone', '1', '16.7%'],
    ]);
    expect(text(shadow(el).querySelector('tfoot tr'))).to.equal('Total 6 100%');
    expect(text(shadow(el).querySelector('[part="chart"]'))).to.not.contain('Duplicate');
    const bars = [...shadow(el).querySelectorAll('.bar-label')].map((b) => text(b));
    expect(bars[0]).to.equal('Price too high: 3 (50%)');
    await expect(el).to.be.accessible();
  });

  it('by salesperson, broken down by reason, and the CSV download carries the same figures', async () => {
    store = await reportStore();
    const el = await mountReport(store, { dimension: 'salesperson' });
    expect([...shadow(el).querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal([
      'Salesperson',
      'Leads',
      'Share',
      'Price too high',
      'No reason given',
      'Bought elsewhere',
      'gone',
    ]);
    expect(rows(el)).to.deep.equal([
      ['Sam', '3', '50%', '2', '0', '1', '0'],
      ['Rex', '2', '33.3%', '1', '1', '0', '0'],
      ['Mia', '1', '16.7%', '0', '0', '0', '1'],
    ]);
    const link = $<HTMLAnchorElement>(el, '[part="download"]');
    expect(link.getAttribute('download')).to.equal('closed-lost-report-salesperson.csv');
    expect(link.href.startsWith('blob:')).to.equal(true);
    const csv = await (await fetch(link.href)).text();
    expect(csv).to.equal(
      [
        'Salesperson,Leads,Share (%),Price too high,No reason given,Bought elsewhere,gone',
        'Sam,3,50.0,2,0,1,0',
        'Rex,2,33.3,1,1,0,0',
        'Mia,1,16.7,0,0,0,1',
        '',
      ].join('\r\n'),
    );
    await expect(el).to.be.accessible();
  });

  it('by source and by period (month, week), from the options form', async () => {
    store = await reportStore();
    const el = await mountReport(store);
    await pick(el, '#dimension', 'source');
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([
      ['Website', '4'],
      ['AutoTrader', '1'],
      ['Walk-in', '1'],
    ]);
    await pick(el, '#dimension', 'period');
    expect(el.getAttribute('dimension')).to.equal('period');
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([
      ['March 2025', '2'],
      ['April 2025', '2'],
      ['May 2025', '2'],
    ]);
    await pick(el, '#period', 'week');
    expect(rows(el).map((r) => r[1])).to.deep.equal(['1', '1', '1', '1', '2']);
    expect(rows(el)[0]![0]).to.equal('Week of Mar 3, 2025');
    await expect(el).to.be.accessible();
  });

  it('a closing window: April only', async () => {
    store = await reportStore();
    const el = await mountReport(store, { from: '2025-04-01', to: '2025-04-30' });
    expect(text($(el, '[part="summary"]'))).to.equal('2 leads closed as lost. 1 left out: their reasons are hidden from reports.');
    expect(rows(el).map((r) => r[0])).to.deep.equal(['No reason given', 'Bought elsewhere']);
  });

  it('an empty period says so, and stays accessible', async () => {
    store = await reportStore();
    const el = await mountReport(store, { from: '2024-01-01', to: '2024-12-31' });
    expect(text($(el, '[part="message"]'))).to.equal('No leads were closed as lost in this period.');
    expect(shadow(el).querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('live: a lead closed as lost now, and a reason hidden from reports in the settings, change the figures', async () => {
    store = await reportStore();
    const el = await mountReport(store);
    const result = await store.execute({
      type: 'close-lost',
      leadId: 'lead:r7',
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    expect(result.ok).to.equal(true);
    await until(() => el.report?.total === 7, 'the new close counted');
    expect(rows(el)[0]).to.deep.equal(['Price too high', '4', '57.1%']);
    await store.setActor('ada');
    const { id: _i, type: _t, dealershipId: _d, updatedAt: _u, updatedBy: _b, stamp: _s, ...policy } = REPORT_POLICY;
    const hidden = await store.execute({
      type: 'update-policy',
      policy: { ...policy, lostReasons: policy.lostReasons.map((r) => (r.id === 'price' ? { ...r, hiddenFromReports: true } : r)) },
    });
    expect(hidden.ok).to.equal(true);
    await until(() => el.report?.total === 3, 'price left out');
    expect(text($(el, '[part="summary"]'))).to.equal('3 leads closed as lost. 5 left out: their reasons are hidden from reports.');
  });

  it('keyboard: the options and the download are reachable with Tab', async () => {
    store = await reportStore();
    await harness.expectTabOrder(store);
  });

  it('renders a hostile source and salesperson name as text, and defuses formulas in the CSV', async () => {
    store = await reportStore();
    await store.importDocuments({
      leads: [{ ...REPORT_LEADS[0]!, id: 'lead:hostile', source: '=HYPERLINK("http://x")<img src=x>' }],
    });
    const el = await mountReport(store, { dimension: 'source' });
    await until(() => rows(el).some((r) => r[0]!.startsWith('=HYPERLINK')), 'the hostile source');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(el.csvText).to.contain(`"'=HYPERLINK(""http://x"")<img src=x>"`);
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    store = await reportStore();
    await harness.expectWorksAlone(store, 6);
  });

  it('picks up a late provider', async () => {
    store = await reportStore();
    await harness.expectLateProvider(store, 'late-report-store', 6);
  });
});
