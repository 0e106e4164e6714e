/**
 * What the browser tests of the reports (<closed-lost-report>, <sales-report>) share: a store
 * seeded with the hand-computed report fixture, a report mounted inside <lead-store> with its
 * options as attributes, reading its shadow DOM, and the checks every report passes the same way
 * (the Tab order, no provider, a late provider). Each test file keeps its own assertions on its
 * figures and texts. Kept out of components/shared/*.ts so the elements' manifest never lists it.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../lead-store/define.js';
import type { LeadStoreElement } from '../../lead-store/lead-store.component.js';
import type { LeadDoc } from '../../../src/model/index.js';
import type { LeadStore } from '../../../src/store/api.js';
import { createStore } from '../../../src/store/store.js';
import { shadow, text, until } from '../../../test/browser/components/fixture.js';
import { REPORT_DEALER, REPORT_POLICY, REPORT_USERS } from '../../../test/node/reports/fixture.js';

/** What the tests read and set on a report element. */
export interface ReportUnderTest extends HTMLElement {
  readonly report: { total: number } | null;
  readonly store: LeadStore | undefined;
  dimension: string;
  period: string;
  from: string;
  to: string;
  readonly updateComplete: Promise<boolean>;
}

/** The options a test mounts a report with, typed as the element's own. */
export type MountOptions<E extends ReportUnderTest> = Partial<Pick<E, 'dimension' | 'period' | 'from' | 'to'>>;

export const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;

/** The table body's cells, as text, row by row. */
export const rows = (el: Element): string[][] => [...shadow(el).querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c)));

/** Chooses `value` in the select at `selector` as a person would, and waits for the render. */
export async function pick(el: ReportUnderTest, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(el, selector);
  select.value = value;
  select.dispatchEvent(new Event('change'));
  await el.updateComplete;
}

export class ReportHarness<E extends ReportUnderTest> {
  /** The name of the database the last `openStore()` created. */
  database = '';
  private counter = 0;

  /**
   * @param tag the element's tag
   * @param dimension the dimension the tests mount it with when they name none
   * @param prefix the start of each test database's name
   * @param leads the fixture's leads (with the report fixture's dealership, policy and users)
   */
  constructor(
    private readonly tag: string,
    private readonly dimension: string,
    private readonly prefix: string,
    private readonly leads: LeadDoc[],
  ) {}

  /** A new IndexedDB store holding the fixture, acting as Mia (a manager). */
  async openStore(): Promise<LeadStore> {
    this.database = `${this.prefix}-${Date.now().toString(36)}-${this.counter++}`;
    const s = await createStore({ dealershipId: REPORT_DEALER, name: this.database, storage: 'indexeddb' });
    await s.importDocuments({ policy: REPORT_POLICY, users: REPORT_USERS, leads: this.leads });
    await s.setActor('mia');
    return s;
  }

  /** The report inside a `<lead-store>` providing `s`, in UTC, once its figures are shown. */
  async mount(s: LeadStore, attrs: MountOptions<E> = {}): Promise<E> {
    const el = this.create({
      'time-zone': 'UTC',
      dimension: attrs.dimension ?? this.dimension,
      period: attrs.period ?? 'month',
      from: attrs.from ?? '',
      to: attrs.to ?? '',
    });
    await mount<LeadStoreElement>(html`<lead-store .store=${s}>${el}</lead-store>`);
    await until(() => el.report && shadow(el).querySelector('[part="summary"]'), 'the report');
    return el;
  }

  /** The element with these attributes, set before it is connected (as markup would). */
  private create(attributes: Record<string, string>): E {
    const el = document.createElement(this.tag) as E;
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    return el;
  }

  /** The options and the download are reachable with Tab, in that order. */
  async expectTabOrder(s: LeadStore): Promise<void> {
    const el = await this.mount(s);
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
  }

  /** Alone on the page, the report opens the page's store from its own attributes. */
  async expectWorksAlone(s: LeadStore, total: number): Promise<void> {
    const el = this.create({ dealership: REPORT_DEALER, database: this.database, 'time-zone': 'UTC' });
    await mount(html`${el}`);
    await until(() => el.report, 'ready alone');
    expect(el.store).to.equal(s);
    expect(el.report!.total).to.equal(total);
  }

  /** A report placed before its provider is defined picks the provider up once it is. */
  async expectLateProvider(s: LeadStore, providerTag: string, total: number): Promise<void> {
    const wrapper = document.createElement(providerTag);
    document.body.append(wrapper);
    const el = document.createElement(this.tag) as E;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../../lead-store/lead-store.component.js');
    customElements.define(providerTag, class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = s;
    await until(() => el.store === s && el.report?.total === total, 'the late provider');
  }
}
