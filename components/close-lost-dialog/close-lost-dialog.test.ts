import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom, filter } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { CloseLostDialogElement } from './close-lost-dialog.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CalendarEventDoc, LeadDoc } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { eventDoc } from '../../test/node/support/documents.js';

let fx: Fixture;

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

async function mountDialog(f: Fixture): Promise<CloseLostDialogElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><close-lost-dialog lead-id=${f.leadId}></close-lost-dialog></lead-store>`);
  const el = host.querySelector('close-lost-dialog')!;
  await until(() => shadow(el).querySelector('[part="trigger"]') && el.policy && el.actor !== undefined, 'the trigger');
  return el;
}

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const lead = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const dayValue = (offsetDays: number): string => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function open(el: CloseLostDialogElement): Promise<HTMLDialogElement> {
  $<HTMLButtonElement>(el, '[part="trigger"]').click();
  return until(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the open dialog');
}

function choose(el: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

async function submit(el: CloseLostDialogElement): Promise<void> {
  $<HTMLButtonElement>(el, '[data-action="submit"]').click();
  await el.updateComplete;
}

/** An incomplete follow-up on the fixture's lead, titled `id`, assigned to sam. */
const event = (f: Fixture, id: string, dueAt: number): CalendarEventDoc => eventDoc(DEALERSHIP, `event:${id}`, f.leadId, dueAt, { title: id });

/** A new fixture whose lead has an overdue and a future follow-up; its dialog open, a reason chosen. */
async function openWithOverdueAndFutureEvents(): Promise<CloseLostDialogElement> {
  fx = await fixture();
  const now = Date.now();
  await fx.store.importDocuments({ events: [event(fx, 'overdue', now - 5 * 86_400_000), event(fx, 'future', now + 14 * 86_400_000)] });
  const el = await mountDialog(fx);
  await open(el);
  choose(el, '#reason', 'delayed-purchase');
  return el;
}

/** Submits, waits for the dialog to close and reads the lead's calendar events. */
async function submitAndReadEvents(el: CloseLostDialogElement): Promise<CalendarEventDoc[]> {
  await submit(el);
  await until(() => !shadow(el).querySelector('dialog'), 'closed');
  return firstValueFrom(fx.store.events$(fx.leadId));
}

describe('<close-lost-dialog>', () => {
  it('opens a native modal dialog from the Close Lost action, and returns focus to the trigger on Cancel and on Escape', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    const trigger = $<HTMLButtonElement>(el, '[part="trigger"]');
    expect(text(trigger)).to.equal('Close Lost');
    trigger.focus();
    const dialog = await open(el);
    expect(dialog.matches(':modal')).to.equal(true);
    expect(text($(el, '#title'))).to.equal('Close lead as lost: Dana Whitfield');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-action="cancel"]').click();
    await until(() => !shadow(el).querySelector('dialog'), 'closed');
    await until(() => el.shadowRoot!.activeElement === trigger, 'focus back on the trigger');
    trigger.focus();
    await open(el);
    await sendKeys({ press: 'Escape' });
    await until(() => !shadow(el).querySelector('dialog'), 'closed by Escape');
    await until(() => el.shadowRoot!.activeElement === trigger, 'focus back after Escape');
    expect((await lead(fx)).status).to.equal('open');
  });

  it('defaults: no reason, overdue events ticked, all events unticked, Live Leads preselected, no follow-up', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    expect($<HTMLSelectElement>(el, '#reason').value).to.equal('');
    expect($<HTMLInputElement>(el, '#overdue').checked).to.equal(true);
    expect($<HTMLInputElement>(el, '#all').checked).to.equal(false);
    const groups = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')];
    expect(groups.filter((g) => g.checked).map((g) => g.value)).to.deep.equal(['live-leads']);
    expect($<HTMLInputElement>(el, '#follow-up').value).to.equal('');
    expect(text($(el, '#follow-up-help'))).to.contain("'Closed Lost Lead Follow Up'");
  });

  it("offers the company's reasons (not retired ones) and preselects the company's own default contact groups", async () => {
    fx = await fixture({
      policy: {
        lostReasons: [
          { id: 'price', label: 'Price too high', hiddenFromReports: false, retired: false },
          { id: 'old', label: 'Old reason', hiddenFromReports: false, retired: true },
        ],
        defaultLostContactGroups: ['newsletter', 'future-prospects'],
      },
    });
    const el = await mountDialog(fx);
    await open(el);
    const options = [...shadow(el).querySelectorAll('#reason option')].map((o) => text(o));
    expect(options).to.deep.equal(['Choose a reason', 'Price too high']);
    const groups = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')];
    expect(groups.filter((g) => g.checked).map((g) => g.value)).to.deep.equal(['newsletter', 'future-prospects']);
  });

  it('closes the lead as lost with every choice: reason, notes, contact groups, follow-up event of type Closed Lost Lead Follow Up', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    const closed = new Promise<CustomEvent>((r) => el.addEventListener('lead-closed', r as EventListener, { once: true }));
    choose(el, '#reason', 'price');
    choose(el, '#notes', 'Found a cheaper one across town');
    $<HTMLInputElement>(el, 'input[value="newsletter"]').click();
    choose(el, '#follow-up', dayValue(30));
    await submit(el);
    const detail = (await closed).detail;
    expect(detail).to.include({ leadId: fx.leadId, outcome: 'lost' });
    await until(() => !shadow(el).querySelector('dialog'), 'the dialog closes');
    const l = await lead(fx);
    expect(l.status).to.equal('closed');
    expect(l.outcome).to.equal('lost');
    expect(l.closeReasonId).to.equal('price');
    expect(l.contactGroups).to.have.members(['live-leads', 'newsletter']);
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    expect(events.map((e) => e.eventType)).to.deep.equal(['closed-lost-follow-up']);
    await until(() => $(el, '[part="trigger"]').getAttribute('aria-disabled') === 'true', 'the action is now unavailable');
    expect(text($(el, '[part="unavailable"]'))).to.equal('This lead is already closed.');
  });

  it('completes overdue events by default and keeps future ones; "all incomplete" completes both', async () => {
    const el = await openWithOverdueAndFutureEvents();
    const events = await submitAndReadEvents(el);
    const byTitle = Object.fromEntries(events.map((e) => [e.title, e.completedAt > 0]));
    expect(byTitle).to.deep.equal({ overdue: true, future: false });
  });

  it('"Mark all incomplete" completes future events too', async () => {
    const el = await openWithOverdueAndFutureEvents();
    $<HTMLInputElement>(el, '#all').click();
    const events = await submitAndReadEvents(el);
    expect(events.every((e) => e.completedAt > 0)).to.equal(true);
  });

  it('interlocks the event options: while "all incomplete" is ticked the overdue box is ticked and cannot change until "all" is unticked', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    const overdue = $<HTMLInputElement>(el, '#overdue');
    overdue.click();
    await el.updateComplete;
    expect(overdue.checked).to.equal(false);
    $<HTMLInputElement>(el, '#all').click();
    await el.updateComplete;
    expect(overdue.checked).to.equal(true);
    expect(overdue.getAttribute('aria-disabled')).to.equal('true');
    expect(text($(el, '#overdue-locked'))).to.contain('untick it first');
    overdue.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(overdue.checked).to.equal(true);
    await expect(el).to.be.accessible();
    $<HTMLInputElement>(el, '#all').click();
    await el.updateComplete;
    expect(overdue.getAttribute('aria-disabled')).to.equal('false');
    expect(overdue.checked).to.equal(false);
    overdue.click();
    await el.updateComplete;
    expect(overdue.checked).to.equal(true);
  });

  it('requires the reason by default: shows the error inline, keeps what was typed, writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, 'label[for="reason"]'))).to.contain('(required)');
    choose(el, '#notes', 'Keep this text');
    await submit(el);
    expect($(el, '#reason').getAttribute('aria-invalid')).to.equal('true');
    expect(text($(el, '#reasonId-error'))).to.equal('Choose why the lead was lost.');
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('Keep this text');
    expect(shadow(el).querySelector('dialog[open]')).to.not.equal(null);
    await expect(el).to.be.accessible();
    const l = await lead(fx);
    expect(l.status).to.equal('open');
    const audit = (await firstValueFrom(fx.store.activity$(fx.leadId))).filter((a) => a.kind === 'audit' && a.action === 'close-lost');
    expect(audit).to.have.length(0);
  });

  it('enforces the mandatory fields the company chose (notes and follow-up date), all errors at once', async () => {
    fx = await fixture({ policy: { mandatory: { closeLost: ['reason', 'notes', 'followUp'], progressNote: false } } });
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, 'label[for="notes"]'))).to.contain('(required)');
    expect(text($(el, 'label[for="follow-up"]'))).to.contain('(required)');
    await submit(el);
    const invalid = [...shadow(el).querySelectorAll('[aria-invalid="true"]')].map((e) => e.id);
    expect(invalid).to.have.members(['reason', 'notes', 'follow-up']);
    expect(text($(el, '#notes-error'))).to.equal('Notes are required by your company.');
    expect(text($(el, '#followUpAt-error'))).to.equal('A follow-up date is required by your company.');
    await expect(el).to.be.accessible();
    expect((await lead(fx)).status).to.equal('open');
  });

  it('lets the company make the reason optional', async () => {
    fx = await fixture({ policy: { mandatory: { closeLost: [], progressNote: false } } });
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, 'label[for="reason"]'))).to.contain('(optional)');
    await submit(el);
    await until(async () => (await lead(fx)).status === 'closed', 'closed without a reason');
  });

  it('refuses a follow-up date in the past inline and writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    choose(el, '#reason', 'price');
    choose(el, '#follow-up', dayValue(-2));
    await submit(el);
    expect(text($(el, '#followUpAt-error'))).to.equal('The date is in the past: choose today or later.');
    expect($<HTMLInputElement>(el, '#follow-up').value).to.equal(dayValue(-2));
    expect($<HTMLSelectElement>(el, '#reason').value).to.equal('price');
    expect((await lead(fx)).status).to.equal('open');
  });

  it('becomes a request when the Close Lead Lost Permission role exists and the user is in it: says the lead closes once the manager approves', async () => {
    fx = await fixture({ actor: 'rex', policy: { definedRoles: ['close-lead-lost-permission'] } });
    const el = await mountDialog(fx);
    expect(text($(el, '[part="trigger"]'))).to.equal('Request Close Lost');
    await open(el);
    expect(text($(el, '#title'))).to.contain('Request to close lead as lost');
    expect(text($(el, '[part="request-explainer"]'))).to.contain('The lead closes once the manager approves');
    await expect(el).to.be.accessible();
    choose(el, '#reason', 'bought-elsewhere');
    const requested = new Promise<CustomEvent>((r) => el.addEventListener('close-requested', r as EventListener, { once: true }));
    await submit(el);
    const detail = (await requested).detail;
    expect(detail.requestId).to.be.a('string').and.not.equal('');
    const l = await lead(fx);
    expect(l.status).to.equal('open');
    expect(l.closeRequestId).to.equal(detail.requestId);
    await until(() => text($(el, '[part="unavailable"]')) === 'A close request for this lead is waiting for a manager.', 'pending shown');
  });

  it('makes the action unavailable, focusable and explained, for a user outside the permission role', async () => {
    fx = await fixture({ actor: 'sam', policy: { definedRoles: ['close-lead-lost-permission'] } });
    const el = await mountDialog(fx);
    const trigger = $<HTMLButtonElement>(el, '[part="trigger"]');
    await until(() => trigger.getAttribute('aria-disabled') === 'true', 'unavailable');
    expect(trigger.disabled).to.equal(false);
    expect(text($(el, '#unavailable'))).to.equal('Your role does not allow closing leads as lost.');
    expect(trigger.getAttribute('aria-describedby')).to.equal('unavailable');
    trigger.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('lets a manager close directly when the permission role exists, and notifies the notification role', async () => {
    fx = await fixture({
      actor: 'ada',
      policy: { definedRoles: ['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification'] },
    });
    const el = await mountDialog(fx);
    expect(text($(el, '[part="trigger"]'))).to.equal('Close Lost');
    await open(el);
    expect(shadow(el).querySelector('[part="request-explainer"]')).to.equal(null);
    choose(el, '#reason', 'price');
    await submit(el);
    await until(async () => (await lead(fx)).status === 'closed', 'closed by the manager');
    // The lead and its notifications are separate collections: wait for the notice itself.
    await until(async () => (await firstValueFrom(fx.store.notifications$('mia'))).some((n) => n.topic === 'lead-closed-lost'), 'the manager notified');
  });

  it('fires a cancelable close-lost-request first; a host veto writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    let seen: unknown = null;
    el.addEventListener('close-lost-request', (e) => {
      seen = e.detail;
      e.preventDefault();
    });
    choose(el, '#reason', 'price');
    await submit(el);
    expect(seen).to.deep.include({ leadId: fx.leadId, mode: 'close' });
    expect((await lead(fx)).status).to.equal('open');
  });

  it('shows an inline message when the lead was closed meanwhile on another device, keeps the input and writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    choose(el, '#reason', 'price');
    choose(el, '#notes', 'my notes');
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    await until(() => shadow(el).querySelector('[part="closed-meanwhile"]'), 'the inline message');
    expect(text($(el, '[part="closed-meanwhile"]'))).to.contain('closed meanwhile');
    await submit(el);
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('my notes');
    const l = await lead(fx);
    expect(l.outcome).to.equal('won');
    await expect(el).to.be.accessible();
  });

  it('renders a hostile customer name as text', async () => {
    fx = await fixture({ customer: '<img src=x onerror=alert(1)>' });
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, '[part="customer"]'))).to.equal('<img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    fx = await fixture();
    const el = await mount<CloseLostDialogElement>(
      html`<close-lost-dialog dealership=${DEALERSHIP} database=${fx.database} user="sam" lead-id=${fx.leadId}></close-lost-dialog>`,
    );
    await until(() => shadow(el).querySelector('[part="trigger"]') && el.actor, 'ready alone');
    expect(el.store).to.equal(fx.store);
    await open(el);
    choose(el, '#reason', 'price');
    await submit(el);
    await until(async () => (await lead(fx)).status === 'closed', 'closed');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-lost-store');
    document.body.append(wrapper);
    const el = document.createElement('close-lost-dialog');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-lost-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store && el.shadowRoot?.querySelector('[part="trigger"]'), 'the late provider');
  });

  it('accepts a slotted trigger and marks it unavailable when the rules refuse', async () => {
    fx = await fixture({ actor: 'sam', policy: { definedRoles: ['close-lead-lost-permission'] } });
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${fx.store}><close-lost-dialog lead-id=${fx.leadId}><button slot="trigger">Lost</button></close-lost-dialog></lead-store>`,
    );
    const el = host.querySelector('close-lost-dialog')!;
    const mine = el.querySelector('button')!;
    await until(() => mine.getAttribute('aria-disabled') === 'true', 'slotted trigger marked');
    mine.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')).to.equal(null);
  });
});
