import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../lead-progress/define.js';
import '../close-lost-dialog/define.js';
import '../close-won-dialog/define.js';
import './define.js';
import type { LeadDashboardElement } from './lead-dashboard.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { LeadDoc, UserDoc } from '../../src/model/index.js';
import type { DashboardQuery, LeadStore } from '../../src/store/api.js';
import { createStore } from '../../src/store/store.js';
import { generateDealership } from '../../src/seed/index.js';
import type { Dealership } from '../../src/seed/index.js';
import { referenceQuery } from '../../test/node/dashboard/reference.js';
import { press, shadow, text, until } from '../../test/browser/components/fixture.js';

const DAY = 86_400_000;
const DEALER = 'dash-browser';
let counter = 0;

interface Setup {
  store: LeadStore;
  data: Dealership;
  manager: UserDoc;
  remove(): Promise<void>;
}

/** A real store on IndexedDB with a generated dealership; a requester with Bulk Manage is added. */
async function setup(options: { leads?: number; actor?: 'manager' | 'salesperson' | 'requester' } = {}): Promise<Setup> {
  const now = Date.now();
  const data = generateDealership({ seed: 7, dealershipId: DEALER, leads: options.leads ?? 120, now });
  const manager = data.users.find((u) => u.roles.includes('manager'))!;
  const requester: UserDoc = {
    ...data.users.find((u) => u.roles.includes('close-lead-lost-permission'))!,
    id: 'user:reqbulk',
    userId: 'reqbulk',
    name: 'Req Bulk',
    roles: ['salesperson', 'close-lead-lost-permission', 'bulk-manage'],
  };
  data.users.push(requester);
  const name = `dash-${Date.now().toString(36)}-${counter++}`;
  const store = await createStore({ dealershipId: DEALER, name, storage: 'indexeddb' });
  await store.importDocuments({ policy: data.policy, users: data.users, leads: data.leads, events: data.events });
  const actor =
    options.actor === 'salesperson'
      ? data.users.find((u) => u.roles.includes('salesperson') && !u.roles.includes('bulk-manage'))!
      : options.actor === 'requester'
        ? requester
        : manager;
  await store.setActor(actor.userId);
  return { store, data, manager, remove: () => store.remove() };
}

let current: Setup | null = null;
afterEach(async () => {
  document.body.replaceChildren();
  await current?.remove();
  current = null;
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [...shadow(el).querySelectorAll<T>(selector)];
const rowIds = (el: Element) =>
  $$(el, '.body [role="row"][data-id]')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.dataset['id']!);

async function mountDashboard(s: Setup, attrs: Record<string, string> = {}): Promise<LeadDashboardElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${s.store}><lead-dashboard></lead-dashboard></lead-store>`);
  const el = host.querySelector('lead-dashboard')!;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  await until(() => el.page && el.page.counts && $$(el, '.body [role="row"]').length > 0, 'the dashboard rows');
  return el;
}

/** The leads as the store holds them now (after commands). */
async function leadsNow(store: LeadStore): Promise<LeadDoc[]> {
  const docs = await store.database['leads']!.find().exec();
  return docs.map((d) => d.toJSON() as LeadDoc);
}

function labels(data: Dealership) {
  return { names: Object.fromEntries(data.users.map((u) => [u.userId, u.name])), stepOrder: data.policy.progressSteps.map((s) => s.id) };
}

/** Checks the rendered rows and total against the brute-force reference. */
async function expectMatches(el: LeadDashboardElement, s: Setup, query: DashboardQuery): Promise<void> {
  await el.updateComplete;
  const expected = referenceQuery(await leadsNow(s.store), query, s.store.now(), labels(s.data));
  expect(el.page!.total, JSON.stringify(query)).to.equal(expected.total);
  const shown = rowIds(el);
  expect(shown, JSON.stringify(query)).to.deep.equal(expected.ids.slice(0, shown.length));
  expect(el.page!.counts, JSON.stringify(query)).to.deep.equal(expected.counts);
  expect($(el, '.total').textContent).to.contain(String(expected.total));
}

/** A date input's value `offset` days from today (local). */
function dayValue(offset: number): string {
  const d = new Date(Date.now() + offset * DAY);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const rowOf = (el: Element, id: string) => shadow(el).querySelector<HTMLElement>(`.body [role="row"][data-id="${CSS.escape(id)}"]`);
const focusedRowId = (el: Element) => (shadow(el).activeElement as HTMLElement | null)?.dataset['id'];

/** Sets a form control's value as typing or choosing would. */
function setValue(control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement, value: string): void {
  control.value = value;
  control.dispatchEvent(new Event(control instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
}

/** Opens a close dialog in the side panel with its own trigger, as a user would. */
async function openFromPanel(panel: Element, tag: 'close-lost-dialog' | 'close-won-dialog'): Promise<HTMLDialogElement> {
  const element = await until(() => panel.querySelector(tag), `<${tag}> in the panel`);
  const trigger = await until(
    () => element.shadowRoot?.querySelector<HTMLButtonElement>('[part="trigger"][aria-disabled="false"]'),
    `${tag}'s trigger available`,
  );
  trigger.focus();
  trigger.click();
  return until(() => element.shadowRoot!.querySelector<HTMLDialogElement>('dialog[open]'), `${tag} open`);
}

/** Submits an open close dialog and resolves with the lead-closed detail (failing with what the dialog says). */
async function submitClose(el: HTMLElement, dialog: HTMLDialogElement): Promise<{ leadId: string; outcome: string }> {
  let detail: { leadId: string; outcome: string } | null = null;
  el.addEventListener('lead-closed', (e) => (detail = e.detail), { once: true });
  dialog.querySelector<HTMLButtonElement>('[data-action="submit"]')!.click();
  return until(() => detail, 'lead-closed').catch((e: Error) => {
    throw new Error(`${e.message}; the dialog says: ${text(dialog)}`);
  });
}

function check(el: Element, facet: string, value: string): void {
  const box = $<HTMLInputElement>(el, `details[data-facet="${facet}"] input[data-value="${value}"]`);
  box.click();
}

describe('<lead-dashboard>', () => {
  it('shows Open leads by default, one row per lead with every column, only the visible rows plus a buffer, and is accessible', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    expect(el.getAttribute('status')).to.equal('open');
    await expectMatches(el, current, { status: 'open' });
    const rows = $$(el, '.body [role="row"]');
    const visible = Math.ceil($(el, '.body').clientHeight / el.rowHeight) + 1;
    expect(rows.length).to.be.at.most(visible + 20);
    const first = current.data.leads.find((l) => l.id === rows[0]!.dataset['id'])!;
    const cells = [...rows[0]!.querySelectorAll('[role="gridcell"]')].map((c) => text(c));
    expect(cells.join(' | ')).to.contain(first.customer.name).and.contain(first.vehicle).and.contain(first.source);
    expect(cells.join(' | ')).to.contain(current.data.users.find((u) => u.userId === first.salespersonId)!.name);
    const interest = { 'not-set': 'Not Set', cold: 'Cold', warm: 'Warm', hot: 'Hot' }[first.interest];
    expect(text(rows[0]!.querySelector('.progress'))).to.contain(`Interest: ${interest}`);
    await expect(el).to.be.accessible();
  });

  it('Status filter: Open, Closed and All, with counts', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    for (const status of ['closed', 'all', 'open'] as const) {
      $<HTMLInputElement>(el, `input[name="status"][value="${status}"]`).click();
      await expectMatches(el, current, { status });
      expect(el.getAttribute('status')).to.equal(status);
    }
    const label = text($<HTMLInputElement>(el, 'input[name="status"][value="closed"]').parentElement);
    expect(label).to.match(/Closed \(\d+\)/);
  });

  it('Progress, Interest, salesperson and source filters (each counted with the others applied)', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const lead = current.data.leads.find((l) => l.status === 'open' && l.progressStepId !== '')!;
    check(el, 'progress', lead.progressStepId);
    await expectMatches(el, current, { status: 'open', progress: [lead.progressStepId] });
    check(el, 'progress', '');
    await expectMatches(el, current, { status: 'open', progress: [lead.progressStepId, ''] });
    check(el, 'interest', 'hot');
    await expectMatches(el, current, { status: 'open', progress: [lead.progressStepId, ''], interest: ['hot'] });
    check(el, 'salesperson', lead.salespersonId);
    await expectMatches(el, current, { status: 'open', progress: [lead.progressStepId, ''], interest: ['hot'], salespersonIds: [lead.salespersonId] });
    $<HTMLButtonElement>(el, 'button.clear').click();
    check(el, 'source', lead.source);
    await expectMatches(el, current, { status: 'open', sources: [lead.source] });
    expect(el.getAttribute('source')).to.equal(encodeURIComponent(lead.source));
  });

  it('date ranges on the action date: Now ± 3 days, Today, Overdue, Stalled and custom', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all' });
    const select = $<HTMLSelectElement>(el, '#range');
    for (const kind of ['now-3', 'today', 'overdue', 'stalled'] as const) {
      select.value = kind;
      select.dispatchEvent(new Event('change'));
      await expectMatches(el, current, { status: 'all', range: { kind } });
    }
    select.value = 'custom';
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * DAY);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    for (const [id, value] of [
      ['#range-from', day(-10)],
      ['#range-to', day(-1)],
    ] as const) {
      const input = $<HTMLInputElement>(el, id);
      input.value = value;
      input.dispatchEvent(new Event('change'));
      await el.updateComplete;
    }
    const from = new Date(`${day(-10)}T00:00:00`).getTime();
    const to = new Date(`${day(-1)}T23:59:59.999`).getTime();
    await expectMatches(el, current, { status: 'all', range: { kind: 'custom', from, to } });
    expect(el.getAttribute('range-from')).to.equal(day(-10));
  });

  it('free-text search on name, email, phone, vehicle and source, as the user types', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all' });
    const lead = current.data.leads[3]!;
    const input = $<HTMLInputElement>(el, '#search');
    for (const text of [lead.customer.name.slice(0, 3), lead.customer.name, lead.customer.email, lead.vehicle.split(' ')[1]!, 'no-such-lead-xyz']) {
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await expectMatches(el, current, { status: 'all', text });
    }
    expect(text($(el, '.body'))).to.contain('No leads match');
  });

  it('sorts by every column, with aria-sort on the header', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all' });
    for (const field of ['customer', 'vehicle', 'source', 'salesperson', 'progress', 'actionAt', 'status'] as const) {
      const header = $(el, `[role="columnheader"][data-field="${field}"]`);
      header.querySelector<HTMLButtonElement>('button.sort')!.click();
      await el.updateComplete;
      const direction = 'asc';
      expect(header.getAttribute('aria-sort'), field).to.equal(direction === 'asc' ? 'ascending' : 'descending');
      await expectMatches(el, current, { status: 'all', sort: { field, direction } });
      header.querySelector<HTMLButtonElement>('button.sort')!.click();
      await expectMatches(el, current, { status: 'all', sort: { field, direction: direction === 'asc' ? 'desc' : 'asc' } });
    }
    $(el, 'button.sort.sub').click();
    await expectMatches(el, current, { status: 'all', sort: { field: 'interest', direction: 'asc' } });
  });

  it('filter state: preset by attributes, reflected back, and announced with filters-changed', async () => {
    current = await setup();
    const lead = current.data.leads.find((l) => l.status === 'closed')!;
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${current.store}><lead-dashboard status="closed" source=${encodeURIComponent(lead.source)} sort-by="customer" sort-direction="desc"></lead-dashboard></lead-store>`,
    );
    const el = host.querySelector('lead-dashboard')!;
    await until(() => el.page, 'the page');
    await expectMatches(el, current, { status: 'closed', sources: [lead.source], sort: { field: 'customer', direction: 'desc' } });
    const seen: CustomEvent[] = [];
    el.addEventListener('filters-changed', (e) => seen.push(e));
    check(el, 'interest', 'warm');
    await el.updateComplete;
    expect(el.getAttribute('interest')).to.equal('warm');
    expect(seen).to.have.length(1);
    expect(seen[0]!.bubbles && seen[0]!.composed).to.equal(true);
    expect(seen[0]!.detail.query).to.deep.equal({
      status: 'closed',
      sources: [lead.source],
      interest: ['warm'],
      sort: { field: 'customer', direction: 'desc' },
    });
    expect(seen[0]!.detail.attributes.interest).to.equal('warm');
    el.query = { status: 'all', text: 'a' };
    await el.updateComplete;
    expect(el.getAttribute('search')).to.equal('a');
    expect(el.hasAttribute('source')).to.equal(false);
    expect(seen).to.have.length(1);
  });

  it('seed: a lead closed lost with a follow-up shows under Closed in Now ± 3 days when the follow-up is due, and not under Open', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'closed', range: 'now-3' });
    const target = current.data.leads.find((l) => l.status === 'open' && l.closeRequestId === '')!;
    await current.store.setActor(current.manager.userId);
    const result = await current.store.execute({
      type: 'close-lost',
      leadId: target.id,
      choices: {
        reasonId: current.data.policy.lostReasons[0]!.id,
        completeOverdueEvents: true,
        completeAllEvents: true,
        notes: 'Lost to a competitor',
        contactGroups: [],
        followUpAt: Date.now() + 2 * DAY,
      },
    });
    expect(result.ok, JSON.stringify(result)).to.equal(true);
    el.setAttribute('search', target.customer.email);
    await until(() => rowIds(el).includes(target.id), 'the closed lead under Closed, Now ± 3 days');
    el.setAttribute('status', 'open');
    await el.updateComplete;
    expect(rowIds(el)).to.not.include(target.id);
    expect(el.page!.total).to.equal(0);
  });

  it('keyboard: arrows move between rows, Space selects, Enter opens the lead in the side panel', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const opened: string[] = [];
    el.addEventListener('lead-open', (e) => opened.push(e.detail.leadId));
    const first = $<HTMLElement>(el, '.body [role="row"][tabindex="0"]');
    first.focus();
    press(first, 'ArrowDown');
    await el.updateComplete;
    const ids = el.page!.rows.map((r) => r.id);
    expect((shadow(el).activeElement as HTMLElement).dataset['id']).to.equal(ids[1]);
    press(shadow(el).activeElement!, 'End');
    await until(() => (shadow(el).activeElement as HTMLElement | null)?.dataset['id'] === ids.at(-1), 'the last row focused');
    expect($$(el, '.body [role="row"]').length).to.be.at.most(Math.ceil($(el, '.body').clientHeight / el.rowHeight) + 21);
    press(shadow(el).activeElement!, 'Home');
    await until(() => (shadow(el).activeElement as HTMLElement | null)?.dataset['id'] === ids[0], 'the first row focused');
    press(shadow(el).activeElement!, ' ');
    await el.updateComplete;
    expect(shadow(el).activeElement!.getAttribute('aria-selected')).to.equal('true');
    expect(el.selection.has(ids[0]!)).to.equal(true);
    press(shadow(el).activeElement!, 'Enter');
    await el.updateComplete;
    expect(opened).to.deep.equal([ids[0]]);
    const panel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    expect(panel.querySelector('lead-progress')!.getAttribute('lead-id')).to.equal(ids[0]);
    await expect(el).to.be.accessible();
    press(panel.querySelector('h2')!, 'Escape');
    await el.updateComplete;
    expect(shadow(el).querySelector('aside')).to.equal(null);
  });

  it('row actions fire cancelable events; a host that prevents them gets no side panel', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const openRow = el.page!.rows.find((r) => r.status === 'open' && !r.closeRequested)!;
    const row = $(el, `.body [role="row"][data-id="${CSS.escape(openRow.id)}"]`);
    const id = row.dataset['id']!;
    const prevent = (e: Event) => e.preventDefault();
    el.addEventListener('lead-progress-requested', prevent);
    let seen = '';
    el.addEventListener('lead-progress-requested', (e) => (seen = e.detail.leadId));
    row.querySelectorAll<HTMLButtonElement>('.actions button')[1]!.click();
    await el.updateComplete;
    expect(seen).to.equal(id);
    expect(shadow(el).querySelector('aside')).to.equal(null);
    el.removeEventListener('lead-progress-requested', prevent);
    row.querySelectorAll<HTMLButtonElement>('.actions button')[1]!.click();
    await el.updateComplete;
    expect($(el, 'aside lead-progress').getAttribute('lead-id')).to.equal(id);
    row.querySelectorAll<HTMLButtonElement>('.actions button')[2]!.click();
    await el.updateComplete;
    const dialog = $(el, 'aside close-lost-dialog');
    expect(dialog.getAttribute('lead-id')).to.equal(id);
    await until(() => dialog.shadowRoot?.querySelector('dialog[open]'), 'the close-lost dialog opened');
  });

  it("seed 'Schedule a Close Lost Lead Follow Up': populate the Reason and a date for follow up and click OK — the lead will close and you are returned to the Lead Dashboard (panel closed, focus on the row, the confirmation announced)", async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const rows = el.page!.rows;
    const k = rows.findIndex((r, i) => i >= 2 && r.status === 'open' && !r.closeRequested);
    const target = rows[k]!;
    const next = rows[k + 1]!;
    // A keyboard user: the row focused, Enter opens it in the side panel.
    const row = rowOf(el, target.id)!;
    row.focus();
    press(row, 'Enter');
    const panel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    const dialog = await openFromPanel(panel, 'close-lost-dialog');
    setValue(dialog.querySelector<HTMLSelectElement>('#reason')!, current.data.policy.lostReasons.find((r) => !r.retired)!.id);
    setValue(dialog.querySelector<HTMLTextAreaElement>('#notes')!, 'Delaying the purchase for a year');
    setValue(dialog.querySelector<HTMLInputElement>('#follow-up')!, dayValue(2));
    expect(await submitClose(el, dialog)).to.include({ leadId: target.id, outcome: 'lost' });

    // Back on the dashboard: no panel, the brief confirmation in a status region.
    await until(() => !shadow(el).querySelector('aside'), 'the side panel closed');
    const notice = $(el, '[part="notice"]');
    expect(notice.getAttribute('role')).to.equal('status');
    expect(text(notice)).to.equal(`Lead of ${target.customer} closed as lost.`);
    // The lead leaves the Open view; the keyboard user is on the row now in its place.
    await until(() => !rowIds(el).includes(target.id), 'the closed lead out of the Open view');
    await until(() => focusedRowId(el) === next.id, 'focus on the row in the closed lead’s place');
    expect(document.activeElement).to.equal(el);
    press(shadow(el).activeElement!, 'ArrowUp');
    await until(() => focusedRowId(el) === rows[k - 1]!.id, 'the arrow keys go on from there');

    const lead = (await leadsNow(current.store)).find((l) => l.id === target.id)!;
    expect([lead.status, lead.outcome]).to.deep.equal(['closed', 'lost']);
    const events = await firstValueFrom(current.store.events$(target.id));
    expect(events.filter((e) => e.eventType === 'closed-lost-follow-up')).to.have.length(1);
    await expect(el).to.be.accessible();
  });

  it('a requester’s Close Lost from the side panel sends the request and returns to the dashboard too: the panel closes, the request is announced, focus is on the lead’s row, marked close requested', async () => {
    current = await setup({ actor: 'requester' });
    const el = await mountDashboard(current);
    const target = el.page!.rows.find((r) => r.status === 'open' && !r.closeRequested && rowOf(el, r.id))!;
    const row = rowOf(el, target.id)!;
    row.focus();
    press(row, 'Enter');
    const panel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    const dialog = await openFromPanel(panel, 'close-lost-dialog');
    expect(text(dialog)).to.contain('Request');
    setValue(dialog.querySelector<HTMLSelectElement>('#reason')!, current.data.policy.lostReasons.find((r) => !r.retired)!.id);
    setValue(dialog.querySelector<HTMLTextAreaElement>('#notes')!, 'Customer bought elsewhere');
    let requested: { leadId: string } | null = null;
    el.addEventListener('close-requested', (e) => (requested = e.detail), { once: true });
    dialog.querySelector<HTMLButtonElement>('[data-action="submit"]')!.click();
    await until(() => requested, 'close-requested');
    await until(() => !shadow(el).querySelector('aside'), 'the side panel closed');
    expect(text($(el, '[part="notice"]'))).to.equal(`Close request for ${target.customer} sent to a manager.`);
    await until(() => text(rowOf(el, target.id)).includes('close requested'), 'the row marked close requested');
    await until(() => focusedRowId(el) === target.id, 'focus on the lead’s row');
  });

  it('the side panel offers Close Won beside Close Lost while the lead is open (with the reason when a rule refuses, not at all once closed); closing as won returns to the dashboard on the lead’s row', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all' });
    // A lead waiting for a close-lost decision: both offered, both unavailable with the reason.
    const requested = el.page!.rows.find((r) => r.status === 'open' && r.closeRequested)!;
    expect(requested, 'a lead with a pending close-lost request in the generated data').to.not.equal(undefined);
    el.setAttribute('search', current.data.leads.find((l) => l.id === requested.id)!.customer.email);
    await until(() => rowOf(el, requested.id), 'the requested lead in view');
    rowOf(el, requested.id)!.querySelectorAll<HTMLButtonElement>('.actions button')[0]!.click();
    const requestedPanel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    for (const tag of ['close-lost-dialog', 'close-won-dialog']) {
      const dialog = await until(() => requestedPanel.querySelector(tag), tag);
      const trigger = await until(() => dialog.shadowRoot?.querySelector('[part="trigger"][aria-disabled="true"]'), `${tag} unavailable`);
      expect(trigger.getAttribute('aria-describedby')).to.equal('unavailable');
      expect(text(dialog.shadowRoot!.querySelector('[part="unavailable"]'))).to.equal('A close request for this lead is waiting for a manager.');
    }
    $<HTMLButtonElement>(el, 'aside button.close').click();
    await until(() => !shadow(el).querySelector('aside'), 'the panel closed');
    el.removeAttribute('search');
    await el.updateComplete;

    const target = el.page!.rows.find((r) => r.status === 'open' && !r.closeRequested && rowOf(el, r.id))!;
    // Its own view (the close moves its action date), so that its row stays in the window.
    el.setAttribute('search', current.data.leads.find((l) => l.id === target.id)!.customer.email);
    await until(() => rowIds(el).length === 1, 'the lead alone in view');
    const row = rowOf(el, target.id)!;
    row.focus();
    press(row, 'Enter');
    const panel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    expect(panel.querySelector('close-lost-dialog'), 'Close Lost offered').to.not.equal(null);
    const won = await until(() => panel.querySelector('close-won-dialog'), 'Close Won offered');
    expect(won.getAttribute('lead-id')).to.equal(target.id);
    await until(() => won.shadowRoot?.querySelector('[part="trigger"][aria-disabled="false"]'), 'Close Won available');
    expect(text(won.shadowRoot!.querySelector('[part="trigger"]'))).to.equal('Close Won');
    await expect(el).to.be.accessible();
    const dialog = await openFromPanel(panel, 'close-won-dialog');
    setValue(dialog.querySelector<HTMLTextAreaElement>('#notes')!, 'Delivered on Friday');
    expect(await submitClose(el, dialog)).to.include({ leadId: target.id, outcome: 'won' });
    await until(() => !shadow(el).querySelector('aside'), 'the side panel closed');
    expect(text($(el, '[part="notice"]'))).to.equal(`Lead of ${target.customer} closed as won.`);
    // Under All the lead stays in view: focus is on its own row, which says it is closed.
    await until(() => text(rowOf(el, target.id)).includes('Closed · won'), 'the row shows the close');
    await until(() => focusedRowId(el) === target.id, 'focus on the lead’s row');
    const lead = (await leadsNow(current.store)).find((l) => l.id === target.id)!;
    expect([lead.status, lead.outcome]).to.deep.equal(['closed', 'won']);

    // Opened again, the closed lead offers neither close.
    press(shadow(el).activeElement!, 'Enter');
    const again = await until(
      () => shadow(el).querySelector('aside[part="panel"] lead-progress') && shadow(el).querySelector('aside[part="panel"]'),
      'the panel again',
    );
    expect(again.querySelector('close-lost-dialog, close-won-dialog')).to.equal(null);
  });

  it("seed 'Update Progress': when updated the Progress shows in the Progress column — a step saved in the side panel's <lead-progress> shows in the lead's row, and the Progress filter finds it", async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const target = el.page!.rows.find((r) => r.status === 'open' && !r.closeRequested)!;
    const original = current.data.leads.find((l) => l.id === target.id)!;
    // Its own view: the save moves the lead's action date (its last update), hence its place in the sort.
    el.setAttribute('search', original.customer.email);
    await until(() => rowIds(el).length === 1, 'the lead alone in view');
    const step = current.data.policy.progressSteps.find((s) => !original.steps[s.id]?.checked && s.id !== target.progressStepId)!;
    expect(text(rowOf(el, target.id)!.querySelector('.progress'))).to.not.contain(step.label);
    rowOf(el, target.id)!.querySelectorAll<HTMLButtonElement>('.actions button')[1]!.click();
    const progress = await until(() => shadow(el).querySelector('aside[part="panel"] lead-progress'), '<lead-progress> in the panel');
    const button = await until(() => progress.shadowRoot?.querySelector<HTMLButtonElement>(`.step[data-step="${step.id}"]`), 'the step');
    button.click();
    setValue(await until(() => progress.shadowRoot!.querySelector<HTMLTextAreaElement>('#note'), 'the note'), 'Booked a test drive for Saturday');
    const saved = new Promise<CustomEvent>((r) => el.addEventListener('progress-saved', r as EventListener, { once: true }));
    progress.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="save"]')!.click();
    expect((await saved).detail.progressStepId).to.equal(step.id);
    await until(() => text(rowOf(el, target.id)?.querySelector('.progress')).endsWith(step.label), `${step.label} in the row's Progress column`);
    expect(el.page!.rows.find((r) => r.id === target.id)!.progressStepId).to.equal(step.id);
    $<HTMLButtonElement>(el, 'aside button.close').click();
    await until(() => !shadow(el).querySelector('aside'), 'the panel closed');
    check(el, 'progress', step.id);
    await until(() => rowIds(el).includes(target.id), 'the lead under the Progress filter');
    expect(el.page!.rows.every((r) => r.progressStepId === step.id)).to.equal(true);
  });

  it('hostile data renders as text: markup in a customer name, vehicle or source creates no element and shows as typed', async () => {
    current = await setup({ leads: 30 });
    const hostile = {
      name: '<img src=x onerror="window.__forecourtPwned=1">',
      vehicle: '</div></td><script>window.__forecourtPwned=2</script>',
      source: '"><svg onload="window.__forecourtPwned=3"></svg>',
    };
    await current.store.setActor(current.manager.userId);
    const created = await current.store.execute({
      type: 'create-lead',
      lead: {
        customer: { name: hostile.name, email: 'hostile@example.com', phone: '555-0199' },
        vehicle: hostile.vehicle,
        source: hostile.source,
        salespersonId: current.manager.userId,
      },
    });
    expect(created.ok, JSON.stringify(created)).to.equal(true);
    const leadId = (created as { outcome: Record<string, string> }).outcome['leadId']!;
    const el = await mountDashboard(current, { search: 'hostile@example.com' });
    await until(() => rowIds(el).includes(leadId), 'the hostile lead');
    const row = rowOf(el, leadId)!;
    expect(text(row.querySelector('.customer'))).to.equal(hostile.name);
    const cells = [...row.querySelectorAll('[role="gridcell"]')].map((c) => text(c));
    expect(cells).to.include(hostile.vehicle).and.to.include(hostile.source);
    expect(row.querySelector('.actions button')!.getAttribute('aria-label')).to.equal(`Open lead of ${hostile.name}`);
    // The source facet lists it as text too.
    const facet = $<HTMLDetailsElement>(el, 'details[data-facet="source"]');
    facet.open = true;
    expect(text(facet)).to.contain(hostile.source);
    // And the side panel.
    row.querySelectorAll<HTMLButtonElement>('.actions button')[0]!.click();
    const panel = await until(() => shadow(el).querySelector('aside[part="panel"]'), 'the side panel');
    expect(text(panel.querySelector('h2'))).to.equal(hostile.name);
    expect(text(panel.querySelector('.facts')))
      .to.contain(hostile.vehicle)
      .and.contain(hostile.source);
    await new Promise((r) => setTimeout(r, 100));
    expect(shadow(el).querySelectorAll('img, script, svg, iframe')).to.have.length(0);
    expect((window as { __forecourtPwned?: number }).__forecourtPwned).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('live: a change made elsewhere appears without a reload, keeping scroll position, focus and selection', async () => {
    current = await setup({ leads: 300 });
    const el = await mountDashboard(current, { status: 'all' });
    const body = $(el, '.body');
    body.scrollTop = el.rowHeight * 40;
    body.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const row = $$(el, '.body [role="row"]').find((r) => Number(r.getAttribute('aria-rowindex')) === 45)!;
    const id = row.dataset['id']!;
    row.click();
    await el.updateComplete;
    press(shadow(el).activeElement!, ' ');
    await el.updateComplete;
    expect(el.selection.has(id)).to.equal(true);
    const other = el.page!.rows[41]!;
    const before = el.page!.total;
    const changed = current.data.leads.find((l) => l.id === other.id)!;
    await current.store.importDocuments({
      leads: [{ ...changed, vehicle: 'Changed elsewhere', search: `${changed.search} changed elsewhere`, updatedAt: changed.updatedAt }],
    });
    await until(() => text(shadow(el).querySelector(`[data-id="${CSS.escape(other.id)}"]`)).includes('Changed elsewhere'), 'the live change');
    expect(el.page!.total).to.equal(before);
    expect(body.scrollTop).to.equal(el.rowHeight * 40);
    expect((shadow(el).activeElement as HTMLElement).dataset['id']).to.equal(id);
    expect(el.selection.has(id)).to.equal(true);
  });

  it('keyboard and live in a page without window focus or animation frames (a background tab): keys act on the row they were pressed on, live changes still arrive', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all' });
    const ids = el.page!.rows.map((r) => r.id);
    // A background tab: focus() fires no focus event and requestAnimationFrame never calls back.
    const raf = window.requestAnimationFrame;
    window.requestAnimationFrame = () => 0;
    try {
      const second = $<HTMLElement>(el, `.body [role="row"][data-id="${CSS.escape(ids[1]!)}"]`);
      press(second, 'ArrowDown');
      await el.updateComplete;
      expect(shadow(el).querySelector('.body [role="row"][tabindex="0"]')!.getAttribute('data-id')).to.equal(ids[2]);
      const changed = current.data.leads.find((l) => l.id === ids[0])!;
      await current.store.importDocuments({
        leads: [{ ...changed, vehicle: 'Changed in the background', search: `${changed.search} changed in the background` }],
      });
      await until(
        () => text(shadow(el).querySelector(`[data-id="${CSS.escape(ids[0]!)}"]`)).includes('Changed in the background'),
        'the live change without frames',
      );
    } finally {
      window.requestAnimationFrame = raf;
    }
  });

  it('Bulk Manage: click and shift-click select, close lost applies the dialog choices to each lead, with a progress bar and a summary of refusals', async () => {
    current = await setup();
    const el = await mountDashboard(current, { status: 'all', 'sort-by': 'customer' });
    const rows = $$(el, '.body [role="row"]');
    rows[0]!.querySelector<HTMLElement>('.select input')!.click();
    await el.updateComplete;
    rows[4]!.querySelector<HTMLElement>('.select')!.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true }));
    await el.updateComplete;
    const chosen = el.page!.rows.slice(0, 5).map((r) => r.id);
    expect(el.selection.values().sort()).to.deep.equal([...chosen].sort());
    const wereOpen = el
      .page!.rows.slice(0, 5)
      .filter((r) => r.status === 'open' && !r.closeRequested)
      .map((r) => r.id);
    $<HTMLButtonElement>(el, 'button[data-bulk="close-lost"]').click();
    const dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog.bulk[open]'), 'the bulk dialog');
    await expect(el).to.be.accessible();
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    expect(text(dialog)).to.contain('Choose why the lead was lost');
    const reason = dialog.querySelector<HTMLSelectElement>('#bulk-reason')!;
    reason.value = current.data.policy.lostReasons[1]!.id;
    reason.dispatchEvent(new Event('change'));
    await el.updateComplete;
    let progressSeen = false;
    const watch = setInterval(() => (progressSeen ||= !!shadow(el).querySelector('progress[part="bulk-progress"]')), 2);
    const finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const { detail } = await finished;
    clearInterval(watch);
    expect(progressSeen).to.equal(true);
    expect(detail.summary.total).to.equal(5);
    expect(detail.summary.succeeded).to.equal(wereOpen.length);
    const leads = await leadsNow(current.store);
    for (const id of wereOpen) expect(leads.find((l) => l.id === id)!.outcome).to.equal('lost');
    await el.updateComplete;
    const summary = $(el, '[part="bulk-summary"]');
    expect(text(summary)).to.contain(`${wereOpen.length} of 5 leads done`);
    if (wereOpen.length < 5) expect(summary.querySelectorAll('li').length).to.be.greaterThan(0);
    expect(el.selection.size).to.equal(0);
  });

  it('Bulk Manage: a real mouse click on a row checkbox ticks it and it stays ticked, like the selection', async () => {
    current = await setup();
    const el = await mountDashboard(current);
    const row = $$(el, '.body [role="row"]')[1]!;
    const box = row.querySelector<HTMLInputElement>('.select input')!;
    const rect = box.getBoundingClientRect();
    await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
    await el.updateComplete;
    expect(el.selection.has(row.dataset['id']!)).to.equal(true);
    expect(box.checked, 'the box shows the selection').to.equal(true);
    await sendMouse({ type: 'click', position: [Math.round(rect.x + rect.width / 2), Math.round(rect.y + rect.height / 2)] });
    await el.updateComplete;
    expect(el.selection.has(row.dataset['id']!)).to.equal(false);
    expect(box.checked).to.equal(false);
  });

  it("Bulk Manage: a requester's bulk close becomes one close-lost request per lead", async () => {
    current = await setup({ actor: 'requester' });
    const el = await mountDashboard(current);
    const open = el
      .page!.rows.filter((r) => !r.closeRequested)
      .slice(0, 2)
      .map((r) => r.id);
    const summary = await el.runBulk(
      {
        kind: 'close-lost',
        choices: {
          reasonId: current.data.policy.lostReasons[0]!.id,
          completeOverdueEvents: true,
          completeAllEvents: false,
          notes: '',
          contactGroups: [],
          followUpAt: null,
        },
      },
      open,
    );
    expect(summary!.succeeded).to.equal(2);
    expect(summary!.requested).to.equal(2);
    const leads = await leadsNow(current.store);
    for (const id of open) {
      const lead = leads.find((l) => l.id === id)!;
      expect(lead.status).to.equal('open');
      expect(lead.closeRequestId).to.not.equal('');
    }
  });

  it('Bulk Manage: update progress and allocate to a salesperson, through the dialog', async () => {
    current = await setup();
    const el = await mountDashboard(current, { 'sort-by': 'customer' });
    const ids = el.page!.rows.slice(0, 3).map((r) => r.id);
    $<HTMLInputElement>(el, '[role="columnheader"].select input').click();
    await el.updateComplete;
    expect(el.selection.size).to.equal(el.page!.total);
    $<HTMLButtonElement>(el, 'button[data-bulk="clear"]').click();
    await el.updateComplete;
    expect(el.selection.size).to.equal(0);
    for (const id of ids) {
      shadow(el)
        .querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] .select input`)!
        .click();
      await el.updateComplete;
    }
    const step = current.data.policy.progressSteps.find((s) => s.id === 'test-drive')!.id;
    $<HTMLButtonElement>(el, 'button[data-bulk="update-progress"]').click();
    let dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog.bulk[open]'), 'the progress dialog');
    const select = dialog.querySelector<HTMLSelectElement>('#bulk-step')!;
    select.value = step;
    select.dispatchEvent(new Event('change'));
    await el.updateComplete;
    let finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await finished).detail.summary.succeeded).to.equal(3);
    let leads = await leadsNow(current.store);
    for (const id of ids) expect(leads.find((l) => l.id === id)!.progressStepId).to.equal(step);

    const to = current.data.users.find((u) => u.roles.includes('salesperson') && u.active)!;
    for (const id of ids) {
      shadow(el)
        .querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] .select input`)!
        .click();
      await el.updateComplete;
    }
    $<HTMLButtonElement>(el, 'button[data-bulk="allocate"]').click();
    dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog.bulk[open]'), 'the allocate dialog');
    const person = dialog.querySelector<HTMLSelectElement>('#bulk-salesperson')!;
    person.value = to.userId;
    person.dispatchEvent(new Event('change'));
    await el.updateComplete;
    finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    dialog.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    expect((await finished).detail.summary.succeeded).to.equal(3);
    leads = await leadsNow(current.store);
    for (const id of ids) expect(leads.find((l) => l.id === id)!.salespersonId).to.equal(to.userId);
  });

  it('Bulk Manage: a bulk action interrupted by a reload is offered for resuming, and finishes with a summary', async () => {
    const now = Date.now();
    const data = generateDealership({ seed: 9, dealershipId: DEALER, leads: 20, now });
    const manager = data.users.find((u) => u.roles.includes('manager'))!;
    const name = `dash-resume-${Date.now().toString(36)}`;
    const crashing = await createStore({ dealershipId: DEALER, name, storage: 'indexeddb', crashAt: 'activity' } as Parameters<typeof createStore>[0]);
    await crashing.importDocuments({ policy: data.policy, users: data.users, leads: data.leads, events: data.events });
    await crashing.setActor(manager.userId);
    const targets = data.leads
      .filter((l) => l.status === 'open' && l.closeRequestId === '')
      .slice(0, 3)
      .map((l) => l.id);
    let crashed = false;
    try {
      await crashing.executeBulk(
        targets.map((leadId) => ({ type: 'assign', leadId, salespersonId: manager.userId })),
        { bulkId: 'b-reload' },
      );
    } catch {
      crashed = true;
    }
    expect(crashed, 'the simulated crash').to.equal(true);
    const store = await createStore({ dealershipId: DEALER, name, storage: 'indexeddb', userId: manager.userId });
    current = { store, data, manager, remove: () => store.remove() };
    const el = await mountDashboard(current);
    const banner = await until(() => shadow(el).querySelector('.interrupted'), 'the interrupted bulk');
    expect(text(banner)).to.contain('0 of 3');
    const finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    banner.querySelector('button')!.click();
    const { detail } = await finished;
    expect(detail.bulkId).to.equal('b-reload');
    expect(detail.summary.succeeded).to.equal(3);
    await el.updateComplete;
    expect(shadow(el).querySelector('.interrupted')).to.equal(null);
    const leads = await leadsNow(store);
    for (const id of targets) expect(leads.find((l) => l.id === id)!.salespersonId).to.equal(manager.userId);
    expect(await store.pendingBulks()).to.deep.equal([]);
  });

  it('Bulk Manage is not offered to a user without the role', async () => {
    current = await setup({ actor: 'salesperson' });
    const el = await mountDashboard(current);
    await until(() => el.store?.currentActor(), 'the actor');
    await el.updateComplete;
    expect(shadow(el).querySelector('.bulk-bar')).to.equal(null);
    expect(shadow(el).querySelector('.body .select')).to.equal(null);
  });

  it('virtualized at 2,000 leads: scrolling 1,000 rows keeps the DOM at the visible rows plus the buffer', async () => {
    current = await setup({ leads: 2000 });
    const el = await mountDashboard(current, { status: 'all' });
    const body = $(el, '.body');
    const visible = Math.ceil(body.clientHeight / el.rowHeight) + 1;
    body.scrollTop = el.rowHeight * 1000;
    body.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    const rows = $$(el, '.body [role="row"]');
    expect(rows.length).to.be.at.most(visible + 20);
    const indexes = rows.map((r) => Number(r.getAttribute('aria-rowindex')));
    expect(Math.min(...indexes)).to.be.at.most(1002);
    expect(Math.max(...indexes)).to.be.at.least(1002);
    expect($(el, '[role="grid"]').getAttribute('aria-rowcount')).to.equal(String(el.page!.total + 1));
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    current = await setup();
    const name = current.store.database.name;
    const el = await mount<LeadDashboardElement>(html`<lead-dashboard dealership=${DEALER} database=${name}></lead-dashboard>`);
    await until(() => el.page, 'the page without a provider');
    expect(el.store).to.equal(current.store);
    await expectMatches(el, current, { status: 'open' });
  });

  it('picks up a late provider', async () => {
    current = await setup();
    const wrapper = document.createElement('late-dash-store');
    document.body.append(wrapper);
    const el = document.createElement('lead-dashboard');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const LeadStoreElement = customElements.get('lead-store') as unknown as typeof import('../lead-store/lead-store.component.js').LeadStoreElement;
    customElements.define('late-dash-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = current.store;
    await until(() => el.store === current!.store && el.page, 'the late provider');
    await expectMatches(el, current, { status: 'open' });
  });
});
