/**
 * Bulk Manage driven as a person drives it: real mouse clicks (sendMouse) on the row checkboxes,
 * shift-click and "Select all … matching", the bulk action button, and real key presses
 * (sendKeys) in the bulk dialog's fields and on its Apply button. Nothing here calls runBulk().
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { LeadDashboardElement } from './lead-dashboard.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CloseRequest, LeadDoc, UserDoc } from '../../src/model/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { createStore } from '../../src/store/store.js';
import { generateDealership } from '../../src/seed/index.js';
import type { Dealership } from '../../src/seed/index.js';
import { shadow, text, until } from '../../test/browser/components/fixture.js';

const DEALER = 'dash-bulk-ui';
let counter = 0;

interface Setup {
  store: LeadStore;
  data: Dealership;
  manager: UserDoc;
  requester: UserDoc;
  remove(): Promise<void>;
}

/**
 * A real store on IndexedDB with a generated dealership (the company defines every capability
 * role, Close Lead Lost Permission included). Added: a requester with Bulk Manage and the
 * permission role whose own manager is the sales manager.
 */
async function setup(actor: 'manager' | 'requester' | 'salesperson'): Promise<Setup> {
  const now = Date.now();
  const data = generateDealership({ seed: 11, dealershipId: DEALER, leads: 60, now });
  expect(data.policy.definedRoles).to.include('close-lead-lost-permission');
  const manager = data.users.find((u) => u.roles.includes('manager'))!;
  const base = data.users.find((u) => u.roles.includes('salesperson'))!;
  const requester: UserDoc = {
    ...base,
    id: 'user:req.bulk',
    userId: 'req.bulk',
    name: 'Req Bulk',
    email: 'req.bulk@example.com',
    roles: ['salesperson', 'close-lead-lost-permission', 'bulk-manage'],
    managerId: manager.userId,
  };
  data.users.push(requester);
  const store = await createStore({ dealershipId: DEALER, name: `dash-bulk-ui-${Date.now().toString(36)}-${counter++}`, storage: 'indexeddb' });
  await store.importDocuments({ policy: data.policy, users: data.users, leads: data.leads, events: data.events });
  const who =
    actor === 'manager'
      ? manager
      : actor === 'requester'
        ? requester
        : data.users.find((u) => u.roles.includes('salesperson') && !u.roles.includes('bulk-manage') && !u.roles.includes('admin'))!;
  await store.setActor(who.userId);
  return { store, data, manager, requester, remove: () => store.remove() };
}

let current: Setup | null = null;
afterEach(async () => {
  await resetMouse();
  document.body.replaceChildren();
  await current?.remove();
  current = null;
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string): T[] => [...shadow(el).querySelectorAll<T>(selector)];
const rowOf = (el: Element, id: string) => shadow(el).querySelector<HTMLElement>(`.body [role="row"][data-id="${CSS.escape(id)}"]`);
const rowIds = (el: Element) =>
  $$(el, '.body [role="row"][data-id]')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
    .map((r) => r.dataset['id']!);

/** The focused element, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

async function mountDashboard(s: Setup, attrs: Record<string, string> = {}): Promise<LeadDashboardElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${s.store}><lead-dashboard></lead-dashboard></lead-store>`);
  const el = host.querySelector('lead-dashboard')!;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  await until(() => el.page && el.page.counts && $$(el, '.body [role="row"]').length > 0, 'the dashboard rows');
  await until(() => el.store?.currentActor(), 'the actor');
  await el.updateComplete;
  return el;
}

async function leadsNow(store: LeadStore): Promise<LeadDoc[]> {
  const docs = await store.database['leads']!.find().exec();
  return docs.map((d) => d.toJSON() as LeadDoc);
}

/** A real mouse click in the middle of `target` (scrolled into view first). */
async function click(target: Element, options: { shift?: boolean } = {}): Promise<void> {
  target.scrollIntoView({ block: 'nearest' });
  const r = target.getBoundingClientRect();
  expect(r.width * r.height, 'the click target is rendered').to.be.greaterThan(0);
  if (options.shift) await sendKeys({ down: 'Shift' });
  try {
    await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
  } finally {
    if (options.shift) await sendKeys({ up: 'Shift' });
  }
}

/** Presses Tab until `done` says the focused element is the one wanted (at most `limit` presses). */
async function tabTo(done: (el: Element | null) => boolean, what: string, limit = 30): Promise<Element> {
  for (let i = 0; i < limit; i++) {
    await sendKeys({ press: 'Tab' });
    const el = deepActive();
    if (done(el)) return el!;
  }
  throw new Error(`Tab never reached ${what} (focus on ${deepActive()?.outerHTML.slice(0, 120)})`);
}

const isApply = (el: Element | null) => el instanceof HTMLButtonElement && el.type === 'submit' && !!el.closest('dialog.bulk');

describe('<lead-dashboard> Bulk Manage through the UI (mouse and keyboard)', () => {
  it('a requester (Close Lead Lost Permission, with Bulk Manage) ticks 3 rows with click and shift-click, fills the bulk dialog with the keyboard and applies: 3 close-lost requests go to their manager, the leads stay open marked close requested, and the summary says so', async () => {
    current = await setup('requester');
    const el = await mountDashboard(current, { 'sort-by': 'customer' });
    const rows = el.page!.rows;
    // Three neighbouring rows that can be requested (open, no request pending), on screen.
    const k = rows.findIndex(
      (_, i) => i < 8 && rows.slice(i, i + 3).length === 3 && rows.slice(i, i + 3).every((r) => r.status === 'open' && !r.closeRequested),
    );
    expect(k, 'three neighbouring open leads without a pending request').to.be.at.least(0);
    const chosen = rows.slice(k, k + 3);
    const ids = chosen.map((r) => r.id);

    const selections: string[][] = [];
    el.addEventListener('selection-changed', (e) => selections.push(e.detail.leadIds));
    await click(rowOf(el, ids[0]!)!.querySelector('.select input')!);
    await el.updateComplete;
    await click(rowOf(el, ids[2]!)!.querySelector('.select input')!, { shift: true });
    await el.updateComplete;
    expect(el.selection.values().sort()).to.deep.equal([...ids].sort());
    expect(selections.at(-1)!.sort()).to.deep.equal([...ids].sort());
    for (const id of ids) {
      expect(rowOf(el, id)!.getAttribute('aria-selected'), id).to.equal('true');
      expect(rowOf(el, id)!.querySelector<HTMLInputElement>('.select input')!.checked, `${id} ticked`).to.equal(true);
    }
    const neighbour = rows[k + 3];
    if (neighbour && rowOf(el, neighbour.id)) expect(rowOf(el, neighbour.id)!.getAttribute('aria-selected')).to.equal('false');
    expect(text($(el, '.bulk-bar .selected'))).to.equal('3 selected');

    // The bulk action button, with the mouse.
    const trigger = $<HTMLButtonElement>(el, 'button[data-bulk="close-lost"]');
    expect(trigger.disabled).to.equal(false);
    await click(trigger);
    const dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog.bulk[open]'), 'the bulk dialog');
    expect(text(dialog.querySelector('h2'))).to.equal('Close 3 leads as lost');
    expect(dialog.matches(':modal'), 'a modal dialog').to.equal(true);
    await expect(dialog).to.be.accessible();

    // Keyboard from here. Focus starts in the dialog, on the reason.
    const reason = dialog.querySelector<HTMLSelectElement>('#bulk-reason')!;
    await until(() => deepActive() === reason, 'focus on the reason when the dialog opens');
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const reasonId = reason.value;
    const offered = current.data.policy.lostReasons.filter((r) => !r.retired);
    expect(reasonId, 'ArrowDown picks the first reason').to.equal(offered[0]!.id);
    await tabTo((f) => f === dialog.querySelector('#bulk-notes'), 'the notes');
    await sendKeys({ type: 'Bought a used car privately' });
    await el.updateComplete;
    const finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    await tabTo(isApply, 'Apply');
    expect(text(deepActive())).to.equal('Apply to 3 leads');
    await sendKeys({ press: 'Enter' });
    const { detail } = await finished;
    expect(detail.summary).to.deep.include({ total: 3, succeeded: 3, requested: 3 });
    expect(detail.summary.refused).to.deep.equal([]);

    // The summary says what happened.
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog.bulk')).to.equal(null);
    const summary = await until(() => shadow(el).querySelector('[part="bulk-summary"]'), 'the bulk summary');
    expect(summary.getAttribute('role')).to.equal('status');
    expect(text(summary)).to.contain('3 of 3 leads done.').and.contain('3 became close-lost requests to a manager.');
    expect(summary.querySelectorAll('li')).to.have.length(0);
    // Focus is back on the button that opened the dialog, now unavailable (nothing selected) but still focusable.
    expect(deepActive(), 'focus back on the Close lost… button').to.equal(trigger);
    expect(trigger.getAttribute('aria-disabled')).to.equal('true');
    expect(el.selection.size).to.equal(0);

    // The leads stay open, each row marked close requested (still in the Open view).
    for (const id of ids) {
      await until(
        () => text(rowOf(el, id)?.querySelector('[role="gridcell"]:nth-last-child(2)')) === 'Open · close requested',
        `${id}'s row marked close requested`,
      );
      expect(rowOf(el, id)!.getAttribute('aria-selected')).to.equal('false');
    }
    const leads = await leadsNow(current.store);
    const requests = await firstValueFrom(current.store.closeRequests$({ status: 'pending', managerId: current.manager.userId }));
    for (const id of ids) {
      const lead = leads.find((l) => l.id === id)!;
      expect([lead.status, lead.closedAt, lead.closeReasonId], id).to.deep.equal(['open', 0, '']);
      const request = requests.find((r) => r.leadId === id) as CloseRequest | undefined;
      expect(request, `a pending request for ${id} in the manager's queue`).to.not.equal(undefined);
      expect(lead.closeRequestId).to.equal(request!.id);
      expect(request!.actorId).to.equal(current.requester.userId);
      expect(request!.managerId).to.equal(current.manager.userId);
      expect(request!.choices.reasonId).to.equal(reasonId);
      expect(request!.choices.notes).to.equal('Bought a used car privately');
    }
  });

  it('a user without Bulk Manage sees no checkboxes and no bulk actions, and Space on a row selects nothing', async () => {
    current = await setup('salesperson');
    const el = await mountDashboard(current);
    expect(current.store.currentActor()!.roles).to.not.include('bulk-manage');
    expect(shadow(el).querySelector('.bulk-bar'), 'no Bulk Manage bar').to.equal(null);
    expect(shadow(el).querySelector('[data-bulk]'), 'no bulk action buttons').to.equal(null);
    expect(
      $$(el, 'input[type="checkbox"]').filter((b) => b.closest('[role="grid"]')),
      'no checkboxes in the grid',
    ).to.deep.equal([]);
    expect(text($(el, '[role="grid"]'))).to.not.contain('Select all');

    // A real click on a row and real Space presses select nothing.
    let changes = 0;
    el.addEventListener('selection-changed', () => changes++);
    const row = $$(el, '.body [role="row"][data-id]')[1]!;
    await click(row.querySelector('.customer')!);
    await until(() => deepActive() === row, 'the clicked row focused');
    await sendKeys({ press: 'Space' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'Space' });
    await sendKeys({ up: 'Shift' });
    await el.updateComplete;
    expect(changes).to.equal(0);
    expect(el.selection.size).to.equal(0);
    expect($$(el, '.body [role="row"][aria-selected="true"]')).to.have.length(0);
    expect($$(el, '.body [part~="row-selected"]')).to.have.length(0);
    expect($(el, '[role="grid"]').getAttribute('aria-multiselectable'), 'the grid does not offer selection').to.not.equal('true');
    expect(text($(el, '#grid-help')), 'the keyboard help does not promise selection').to.not.contain('Space selects');
    await expect(el).to.be.accessible();
  });

  it('a bulk close where one lead was closed meanwhile (another tab): the other leads close with the dialog’s choices, the summary reports the one refused, by name and why', async () => {
    current = await setup('manager');
    const { store, data, manager } = current;
    const customers = ['Quill Bulkington', 'Rhea Bulkington', 'Soren Bulkington'];
    const ids: string[] = [];
    for (const [i, name] of customers.entries()) {
      const created = await store.execute({
        type: 'create-lead',
        lead: {
          customer: { name, email: `bulkington${i}@example.com`, phone: `555-01${40 + i}` },
          vehicle: '2022 Zephyr Bulkmobile',
          source: 'Walk-in',
          salespersonId: manager.userId,
        },
      });
      expect(created.ok, JSON.stringify(created)).to.equal(true);
      ids.push((created as { outcome: Record<string, string> }).outcome['leadId']!);
    }
    const el = await mountDashboard(current);

    // Narrow the view by typing in the search, then "Select all 3 matching".
    await click($(el, '#search'));
    await sendKeys({ type: 'bulkmobile' });
    await until(() => el.page?.total === 3 && rowIds(el).length === 3, 'the three leads alone in view');
    expect([...rowIds(el)].sort()).to.deep.equal([...ids].sort());
    const selectAll = $<HTMLButtonElement>(el, 'button[data-bulk="select-all"]');
    expect(text(selectAll)).to.equal('Select all 3 matching');
    await click(selectAll);
    await el.updateComplete;
    expect(el.selection.values().sort()).to.deep.equal([...ids].sort());
    expect($<HTMLInputElement>(el, '[role="columnheader"].select input').checked, 'the header box shows all selected').to.equal(true);
    for (const id of ids) expect(rowOf(el, id)!.querySelector<HTMLInputElement>('.select input')!.checked).to.equal(true);

    // The keyboard from here: "Clear selection" keeps the focus (now unavailable), Shift+Tab and
    // "Select all" again, then Tab to "Close lost…" and Enter.
    expect(deepActive()).to.equal(selectAll);
    const clear = $<HTMLButtonElement>(el, 'button[data-bulk="clear"]');
    await tabTo((f) => f === clear, 'Clear selection', 1);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selection.size).to.equal(0);
    expect(deepActive(), 'focus stays on Clear selection').to.equal(clear);
    expect(clear.getAttribute('aria-disabled')).to.equal('true');
    await sendKeys({ press: 'Enter' });
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(deepActive()).to.equal(selectAll);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.selection.size).to.equal(3);
    const trigger = $<HTMLButtonElement>(el, 'button[data-bulk="close-lost"]');
    await tabTo((f) => f === trigger, 'Close lost…', 2);
    await sendKeys({ press: 'Enter' });
    const dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog.bulk[open]'), 'the bulk dialog');
    expect(text(dialog.querySelector('h2'))).to.equal('Close 3 leads as lost');
    await expect(dialog).to.be.accessible();

    // Apply with no reason: the dialog stays and says why, on the field.
    await tabTo(isApply, 'Apply');
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    const reason = dialog.querySelector<HTMLSelectElement>('#bulk-reason')!;
    expect(dialog.open).to.equal(true);
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(text(dialog.querySelector(`#${reason.getAttribute('aria-describedby')}`))).to.contain('Choose why the lead was lost');
    await expect(dialog).to.be.accessible();

    // Reason by keyboard (the second in the list), a note.
    reason.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await el.updateComplete;
    const offered = data.policy.lostReasons.filter((r) => !r.retired);
    expect(reason.value).to.equal(offered[1]!.id);
    await tabTo((f) => f === dialog.querySelector('#bulk-notes'), 'the notes');
    await sendKeys({ type: 'End of quarter clean-up' });

    // Meanwhile, the same manager closes one of them from another tab (same database).
    const [gone, ...others] = ids as [string, ...string[]];
    const elsewhere = await store.execute({
      type: 'close-lost',
      leadId: gone,
      choices: {
        reasonId: offered[0]!.id,
        completeOverdueEvents: true,
        completeAllEvents: false,
        notes: 'Closed in the other tab',
        contactGroups: [],
        followUpAt: null,
      },
    });
    expect(elsewhere.ok, JSON.stringify(elsewhere)).to.equal(true);
    await until(() => !rowIds(el).includes(gone), 'the lead closed elsewhere out of the Open view');
    expect(dialog.open, 'the dialog is still open').to.equal(true);
    expect(text(dialog.querySelector('h2'))).to.equal('Close 3 leads as lost');

    const finished = new Promise<CustomEvent>((r) => el.addEventListener('bulk-finished', (e) => r(e), { once: true }));
    await tabTo(isApply, 'Apply');
    await sendKeys({ press: 'Enter' });
    const { detail } = await finished;
    expect(detail.summary).to.deep.include({ total: 3, succeeded: 2, requested: 0 });
    expect(detail.summary.refused.map((r: { code: string; leadIds: string[] }) => [r.code, r.leadIds])).to.deep.equal([['lead/closed', [gone]]]);

    await el.updateComplete;
    const summary = await until(() => shadow(el).querySelector('[part="bulk-summary"]'), 'the bulk summary');
    expect(text(summary)).to.contain('2 of 3 leads done.').and.not.contain('requests');
    const refused = summary.querySelectorAll('li');
    expect(refused).to.have.length(1);
    expect(refused[0]!.getAttribute('data-code')).to.equal('lead/closed');
    expect(text(refused[0])).to.contain('1 refused: This lead is already closed (perhaps on another device).').and.contain(customers[0]!);
    expect(text(refused[0])).to.not.contain(customers[1]!).and.not.contain(customers[2]!);
    expect(deepActive(), 'focus back on the Close lost… button').to.equal(trigger);
    await expect(el).to.be.accessible();

    // The others closed with the dialog's choices; the one closed elsewhere kept its own.
    await until(() => el.page?.total === 0, 'the closed leads out of the Open view');
    const leads = await leadsNow(store);
    for (const id of others) {
      const lead = leads.find((l) => l.id === id)!;
      expect([lead.status, lead.outcome, lead.closeReasonId, lead.closeNotes], id).to.deep.equal(['closed', 'lost', offered[1]!.id, 'End of quarter clean-up']);
    }
    const kept = leads.find((l) => l.id === gone)!;
    expect([kept.status, kept.outcome, kept.closeReasonId, kept.closeNotes]).to.deep.equal(['closed', 'lost', offered[0]!.id, 'Closed in the other tab']);

    // Tab on to the summary's Dismiss and press it: focus goes on to the list, here empty, so to the search.
    await tabTo((f) => f instanceof HTMLButtonElement && text(f) === 'Dismiss' && !!f.closest('[part="bulk-summary"]'), 'Dismiss', 4);
    await sendKeys({ press: 'Enter' });
    await until(() => !shadow(el).querySelector('[part="bulk-summary"]'), 'the summary dismissed');
    await until(() => deepActive() === $(el, '#search'), 'focus on the search after Dismiss, no row being left');
  });
});
