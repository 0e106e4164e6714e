import { expect, fixture as mount, html } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../lead-progress/define.js';
import '../lead-dashboard/define.js';
import './define.js';
import type { SalesReportElement } from './sales-report.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { LeadProgressElement } from '../lead-progress/lead-progress.component.js';
import type { LeadDashboardElement } from '../lead-dashboard/lead-dashboard.component.js';
import type { LeadDoc } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { setLocale } from '../shared/i18n.js';
import { $, pick, ReportHarness, rows, type MountOptions } from '../shared/testing/report-harness.js';
import { addSalesReportTranslations } from './define.js';
import { fixture as leadFixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { SALES_LEADS } from '../../test/node/reports/sales-fixture.js';

const harness = new ReportHarness<SalesReportElement>('sales-report', 'salesperson', 'fc-sales', SALES_LEADS);
let store: LeadStore | undefined;
let fx: Fixture | undefined;

afterEach(async () => {
  document.body.replaceChildren();
  setLocale(null);
  await store?.remove();
  await fx?.remove();
  store = undefined;
  fx = undefined;
});

const salesStore = (): Promise<LeadStore> => harness.openStore();
const mountReport = (s: LeadStore, attrs: MountOptions<SalesReportElement> = {}): Promise<SalesReportElement> => harness.mount(s, attrs);

describe('<sales-report>', () => {
  it('totals equal the hand-computed fixture, by salesperson: one sale per sold lead, still open or closed won', async () => {
    store = await salesStore();
    const el = await mountReport(store);
    expect(text($(el, '[part="summary"]'))).to.equal(
      '6 sales recorded: 4 still open for delivery or follow-up, 2 closed as won. 1 left out: sold, then closed as lost.',
    );
    expect([...shadow(el).querySelectorAll('thead th')].map((th) => text(th))).to.deep.equal(['Salesperson', 'Sales', 'Share', 'Still open', 'Closed won']);
    expect(rows(el)).to.deep.equal([
      ['Sam', '3', '50%', '2', '1'],
      ['Rex', '2', '33.3%', '1', '1'],
      ['lee', '1', '16.7%', '1', '0'],
    ]);
    expect(text(shadow(el).querySelector('tfoot tr'))).to.equal('Total 6 100% 4 2');
    const bars = [...shadow(el).querySelectorAll('.bar-label')].map((b) => text(b));
    expect(bars).to.deep.equal(['Sam: 3 (50%)', 'Rex: 2 (33.3%)', 'lee: 1 (16.7%)']);
    expect(text($(el, 'caption'))).to.equal('Sales by salesperson, still open and closed as won');
    await expect(el).to.be.accessible();
  });

  it('the CSV download carries the same figures, and fires report-exported', async () => {
    store = await salesStore();
    const el = await mountReport(store);
    const link = $<HTMLAnchorElement>(el, '[part="download"]');
    expect(text(link)).to.equal('Download sales CSV');
    expect(link.getAttribute('download')).to.equal('sales-report-salesperson.csv');
    expect(link.href.startsWith('blob:')).to.equal(true);
    const csv = await (await fetch(link.href)).text();
    expect(csv).to.equal(['Salesperson,Sales,Share (%),Still open,Closed won', 'Sam,3,50.0,2,1', 'Rex,2,33.3,1,1', 'lee,1,16.7,1,0', ''].join('\r\n'));
    const exported: Array<{ csv: string; filename: string }> = [];
    document.addEventListener('report-exported', (e) => exported.push(e.detail), { once: true });
    link.addEventListener('click', (e) => e.preventDefault(), { once: true }); // no real download in the test
    link.click();
    expect(exported).to.deep.equal([{ csv, filename: 'sales-report-salesperson.csv' }]);
  });

  it('by source and by period (month, week, quarter), from the options form', async () => {
    store = await salesStore();
    const el = await mountReport(store);
    await pick(el, '#dimension', 'source');
    expect(rows(el)).to.deep.equal([
      ['Website', '4', '66.7%', '4', '0'],
      ['AutoTrader', '1', '16.7%', '0', '1'],
      ['Walk-in', '1', '16.7%', '0', '1'],
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
    await pick(el, '#period', 'quarter');
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([
      ['Q1 2025', '2'],
      ['Q2 2025', '4'],
    ]);
    await expect(el).to.be.accessible();
  });

  it('a sale window: April only, by the time of the sale', async () => {
    store = await salesStore();
    const el = await mountReport(store, { from: '2025-04-01', to: '2025-04-30' });
    expect(text($(el, '[part="summary"]'))).to.equal(
      '2 sales recorded: 2 still open for delivery or follow-up, 0 closed as won. 1 left out: sold, then closed as lost.',
    );
    expect(rows(el).map((r) => r[0])).to.deep.equal(['Rex', 'Sam']);
  });

  it('an empty period says so, and stays accessible', async () => {
    store = await salesStore();
    const el = await mountReport(store, { from: '2024-01-01', to: '2024-12-31' });
    expect(text($(el, '[part="message"]'))).to.equal('No sales were recorded in this period.');
    expect(shadow(el).querySelector('table')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('live: marking a lead Sold through <lead-progress> on the same page counts it at once, and the lead stays open (still in the Open dashboard)', async () => {
    fx = await leadFixture({ steps: ['present-deal'] });
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store}
        ><lead-dashboard status="open"></lead-dashboard><lead-progress lead-id=${fx.leadId}></lead-progress><sales-report></sales-report
      ></lead-store>`,
    );
    const report = host.querySelector('sales-report')!;
    const progress = host.querySelector<LeadProgressElement>('lead-progress')!;
    const dashboard = host.querySelector<LeadDashboardElement>('lead-dashboard')!;
    await until(() => report.report, 'the report');
    expect(report.report!.total).to.equal(0);
    expect(text($(report, '[part="message"]'))).to.equal('No sales were recorded in this period.');
    await until(() => dashboard.page?.rows.some((r) => r.id === fx!.leadId), 'the lead in the Open dashboard');
    const changed: number[] = [];
    report.addEventListener('sales-report-changed', (e) => changed.push(e.detail.report.total));

    await until(() => shadow(progress).querySelector('.step[data-step="sold"]'), 'the Sold step');
    $<HTMLButtonElement>(progress, '.step[data-step="sold"]').click();
    await progress.updateComplete;
    $<HTMLButtonElement>(progress, '[data-action="save"]').click();

    await until(() => report.report?.total === 1, 'the sale counted');
    await report.updateComplete;
    expect(rows(report)).to.deep.equal([['Sam', '1', '100%', '1', '0']]);
    expect(text($(report, '[part="summary"]'))).to.equal('1 sale recorded: 1 still open for delivery or follow-up, 0 closed as won.');
    expect(changed).to.include(1);
    // The seed: the sale is recorded "but leave your lead open to arrange 'Delivery' or 'Follow Up'".
    const lead = await firstValueFrom(fx.store.lead$(fx.leadId).pipe(filter((l): l is LeadDoc => !!l && l.soldAt > 0)));
    expect([lead.status, lead.outcome, lead.progressStepId]).to.deep.equal(['open', '', 'sold']);
    await until(() => dashboard.page?.rows.find((r) => r.id === fx!.leadId)?.progressStepId === 'sold', 'the sold lead still in the Open dashboard');
    expect(dashboard.getAttribute('status')).to.equal('open');
    await expect(report).to.be.accessible();
  });

  it('live: clearing the Sold step through <lead-progress> takes the sale out of the report (a cleared Sold step is no sale)', async () => {
    fx = await leadFixture({ steps: ['sold'] });
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store}><lead-progress lead-id=${fx.leadId}></lead-progress><sales-report></sales-report></lead-store>`,
    );
    const report = host.querySelector('sales-report')!;
    const progress = host.querySelector<LeadProgressElement>('lead-progress')!;
    await until(() => report.report?.total === 1, 'the sale from the fixture');
    await until(() => shadow(progress).querySelector('.step[data-step="sold"][data-mark="saved"]'), 'the saved Sold step');
    $<HTMLButtonElement>(progress, '.step[data-step="sold"]').click();
    await progress.updateComplete;
    expect($<HTMLButtonElement>(progress, '.step[data-step="sold"]').dataset['mark']).to.equal('pending-clear');
    $<HTMLButtonElement>(progress, '[data-action="save"]').click();
    await until(() => report.report?.total === 0, 'the sale gone');
  });

  it('keyboard: the options and the download are reachable with Tab', async () => {
    store = await salesStore();
    await harness.expectTabOrder(store);
  });

  it('renders a hostile source and an unassigned lead as text, and defuses formulas in the CSV', async () => {
    store = await salesStore();
    await store.importDocuments({
      leads: [
        { ...SALES_LEADS[0]!, id: 'lead:hostile', source: '=HYPERLINK("http://x")<img src=x>' },
        { ...SALES_LEADS[0]!, id: 'lead:unassigned', salespersonId: '' },
      ],
    });
    const el = await mountReport(store, { dimension: 'source' });
    await until(() => rows(el).some((r) => r[0]!.startsWith('=HYPERLINK')), 'the hostile source');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(el.csvText).to.contain(`"'=HYPERLINK(""http://x"")<img src=x>"`);
    el.dimension = 'salesperson';
    await el.updateComplete;
    expect(rows(el).map((r) => r[0])).to.include('Unassigned');
  });

  it('speaks the page language: a translation added by the host, numbers through Intl', async () => {
    store = await salesStore();
    addSalesReportTranslations('fr', { 'sales.label': 'Ventes', 'sales.dimension.salesperson': 'Vendeur' });
    setLocale('fr');
    const el = await mountReport(store);
    expect(text($(el, 'h2'))).to.equal('Ventes');
    expect(text(shadow(el).querySelector('thead th'))).to.equal('Vendeur');
    expect(rows(el)[1]![2]).to.equal('33,3 %');
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    store = await salesStore();
    await harness.expectWorksAlone(store, 6);
  });

  it('picks up a late provider', async () => {
    store = await salesStore();
    await harness.expectLateProvider(store, 'late-sales-store', 6);
  });
});
