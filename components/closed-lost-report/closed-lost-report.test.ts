import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../lead-store/define.js';
import './define.js';
import type { ClosedLostReportElement } from './closed-lost-report.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { LeadStore } from '../../src/store/api.js';
import { createStore } from '../../src/store/store.js';
import { shadow, text, until } from '../../test/browser/components/fixture.js';
import { REPORT_DEALER, REPORT_LEADS, REPORT_POLICY, REPORT_USERS } from '../../test/node/reports/fixture.js';

let store: LeadStore | undefined;
let database = '';
let counter = 0;

afterEach(async () => {
  document.body.replaceChildren();
  await store?.remove();
  store = undefined;
});

async function reportStore(): Promise<LeadStore> {
  database = `fc-report-${Date.now().toString(36)}-${counter++}`;
  const s = await createStore({ dealershipId: REPORT_DEALER, name: database, storage: 'indexeddb' });
  await s.importDocuments({ policy: REPORT_POLICY, users: REPORT_USERS, leads: REPORT_LEADS });
  await s.setActor('mia');
  return s;
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const rows = (el: Element): string[][] =>
  [...shadow(el).querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c)));

async function mountReport(s: LeadStore, attrs: Partial<Pick<ClosedLostReportElement, 'dimension' | 'period' | 'from' | 'to'>> = {}): Promise<ClosedLostReportElement> {
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${s}
      ><closed-lost-report
        time-zone="UTC"
        dimension=${attrs.dimension ?? 'reason'}
        period=${attrs.period ?? 'month'}
        from=${attrs.from ?? ''}
        to=${attrs.to ?? ''}
      ></closed-lost-report
    ></lead-store>`,
  );
  const el = host.querySelector('closed-lost-report')!;
  await until(() => el.report && shadow(el).querySelector('[part="summary"]'), 'the report');
  return el;
}

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
    const pick = async (selector: string, value: string): Promise<void> => {
      const select = $<HTMLSelectElement>(el, selector);
      select.value = value;
      select.dispatchEvent(new Event('change'));
      await el.updateComplete;
    };
    await pick('#dimension', 'source');
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([['Website', '4'], ['AutoTrader', '1'], ['Walk-in', '1']]);
    await pick('#dimension', 'period');
    expect(el.getAttribute('dimension')).to.equal('period');
    expect(rows(el).map((r) => r.slice(0, 2))).to.deep.equal([['March 2025', '2'], ['April 2025', '2'], ['May 2025', '2']]);
    await pick('#period', 'week');
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
    const el = await mountReport(store);
    $<HTMLSelectElement>(el, '#dimension').focus();
    const seen: string[] = [];
    // A date input tabs through its own day/month/year fields: record each element once.
    for (let i = 0; i < 12 && seen[seen.length - 1] !== 'download'; i += 1) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement;
      const name = active?.id || active?.getAttribute('part') || '';
      if (seen[seen.length - 1] !== name) seen.push(name);
    }
    expect(seen).to.deep.equal(['from', 'to', 'download']);
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
    const el = await mount<ClosedLostReportElement>(
      html`<closed-lost-report dealership=${REPORT_DEALER} database=${database} time-zone="UTC"></closed-lost-report>`,
    );
    await until(() => el.report, 'ready alone');
    expect(el.store).to.equal(store);
    expect(el.report!.total).to.equal(6);
  });

  it('picks up a late provider', async () => {
    const s = await reportStore();
    store = s;
    const wrapper = document.createElement('late-report-store');
    document.body.append(wrapper);
    const el = document.createElement('closed-lost-report');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-report-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = s;
    await until(() => el.store === s && el.report?.total === 6, 'the late provider');
  });
});
