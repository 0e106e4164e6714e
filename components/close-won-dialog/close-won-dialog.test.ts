import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { CloseWonDialogElement } from './close-won-dialog.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { LeadDoc } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

const $ = <T extends Element = HTMLElement>(el: Element, s: string): T => shadow(el).querySelector<T>(s)!;
const lead = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const dayValue = (offset: number): string => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function mountDialog(f: Fixture): Promise<CloseWonDialogElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><close-won-dialog lead-id=${f.leadId}></close-won-dialog></lead-store>`);
  const el = host.querySelector('close-won-dialog')!;
  await until(() => shadow(el).querySelector('[part="trigger"]') && el.actor, 'the trigger');
  return el;
}
async function open(el: CloseWonDialogElement): Promise<void> {
  $<HTMLButtonElement>(el, '[part="trigger"]').click();
  await until(() => shadow(el).querySelector('dialog[open]'), 'open');
}

describe('<close-won-dialog>', () => {
  it('closes the lead as won with the won contact groups preselected, notes and a post-sale follow-up', async () => {
    fx = await fixture({ steps: ['sold'] });
    expect((await lead(fx)).status, 'progress Sold keeps the lead open').to.equal('open');
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, '#title'))).to.equal('Close lead as won: Dana Whitfield');
    const groups = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')];
    expect(groups.filter((g) => g.checked).map((g) => g.value)).to.deep.equal(['past-customers']);
    expect(text($(el, 'label[for="follow-up"]'))).to.contain('Post sale follow up');
    expect($<HTMLInputElement>(el, '#overdue').checked).to.equal(true);
    await expect(el).to.be.accessible();
    const notes = $<HTMLTextAreaElement>(el, '#notes');
    notes.value = 'Delivered Friday';
    notes.dispatchEvent(new Event('input'));
    const date = $<HTMLInputElement>(el, '#follow-up');
    date.value = dayValue(90);
    date.dispatchEvent(new Event('input'));
    const closed = new Promise<CustomEvent>((r) => el.addEventListener('lead-closed', r as EventListener, { once: true }));
    $<HTMLButtonElement>(el, '[data-action="submit"]').click();
    expect((await closed).detail).to.include({ outcome: 'won', leadId: fx.leadId });
    await until(() => !shadow(el).querySelector('dialog'), `closed (${text(shadow(el).querySelector('dialog'))})`);
    const l = await lead(fx);
    expect([l.status, l.outcome]).to.deep.equal(['closed', 'won']);
    expect(l.contactGroups).to.include('past-customers');
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    expect(events.map((e) => e.eventType)).to.deep.equal(['post-sale-follow-up']);
  });

  it('has the same calendar-event interlock as Close Lost', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    $<HTMLInputElement>(el, '#all').click();
    await el.updateComplete;
    const overdue = $<HTMLInputElement>(el, '#overdue');
    expect(overdue.getAttribute('aria-disabled')).to.equal('true');
    overdue.click();
    await el.updateComplete;
    expect(overdue.checked).to.equal(true);
  });

  it('refuses a post-sale follow-up in the past inline and writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    const date = $<HTMLInputElement>(el, '#follow-up');
    date.value = dayValue(-1);
    date.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(el, '[data-action="submit"]').click();
    await el.updateComplete;
    expect(text($(el, '#followUpAt-error'))).to.equal('The date is in the past: choose today or later.');
    await expect(el).to.be.accessible();
    expect((await lead(fx)).status).to.equal('open');
  });

  it('fires a cancelable close-won-request; a veto writes nothing', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    el.addEventListener('close-won-request', (e) => e.preventDefault());
    $<HTMLButtonElement>(el, '[data-action="submit"]').click();
    await el.updateComplete;
    expect((await lead(fx)).status).to.equal('open');
  });

  it('is unavailable, with the reason, on a lead already closed', async () => {
    fx = await fixture();
    await fx.run({
      type: 'close-lost',
      leadId: fx.leadId,
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const el = await mountDialog(fx);
    await until(() => $(el, '[part="trigger"]').getAttribute('aria-disabled') === 'true', 'unavailable');
    expect(text($(el, '[part="unavailable"]'))).to.equal('This lead is already closed.');
  });

  it('shows an inline message when the lead was closed meanwhile by another writer, keeps the input and writes nothing', async () => {
    fx = await fixture({ steps: ['sold'] });
    const el = await mountDialog(fx);
    await open(el);
    const notes = $<HTMLTextAreaElement>(el, '#notes');
    notes.value = 'Delivered Friday';
    notes.dispatchEvent(new Event('input'));
    $<HTMLInputElement>(el, 'input[value="newsletter"]').click();
    const date = $<HTMLInputElement>(el, '#follow-up');
    date.value = dayValue(30);
    date.dispatchEvent(new Event('input'));
    let closedEvents = 0;
    el.addEventListener('lead-closed', () => closedEvents++);
    // Another writer of the same store (another element, another tab) closes it as lost.
    await fx.run({
      type: 'close-lost',
      leadId: fx.leadId,
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    await until(() => shadow(el).querySelector('[part="closed-meanwhile"]'), 'the inline message');
    expect(text($(el, '[part="closed-meanwhile"]'))).to.equal('This lead was closed meanwhile (on another device or by someone else). Nothing was saved.');
    expect($(el, '[part="closed-meanwhile"]').getAttribute('role')).to.equal('alert');
    expect($(el, '[data-action="submit"]').getAttribute('aria-disabled')).to.equal('true');
    $<HTMLButtonElement>(el, '[data-action="submit"]').click();
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog[open]'), 'the dialog stays open').to.not.equal(null);
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('Delivered Friday');
    expect($<HTMLInputElement>(el, '#follow-up').value).to.equal(dayValue(30));
    const checked = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')].filter((g) => g.checked).map((g) => g.value);
    expect(checked).to.have.members(['past-customers', 'newsletter']);
    await expect(el).to.be.accessible();
    const l = await lead(fx);
    expect([l.status, l.outcome, l.closeReasonId]).to.deep.equal(['closed', 'lost', 'price']);
    expect(l.contactGroups).to.not.include('newsletter');
    expect(closedEvents).to.equal(0);
    const audit = (await firstValueFrom(fx.store.activity$(fx.leadId))).filter((a) => a.kind === 'audit' && a.action === 'close-won');
    expect(audit, 'no close-won written').to.have.length(0);
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    expect(
      events.map((e) => e.eventType),
      'no post-sale follow-up written',
    ).to.not.include('post-sale-follow-up');
  });

  it('closed by another device between Submit and the write: the store refuses it, the message shows inline, the input stays', async () => {
    fx = await fixture();
    const el = await mountDialog(fx);
    await open(el);
    const notes = $<HTMLTextAreaElement>(el, '#notes');
    notes.value = 'Signed today';
    notes.dispatchEvent(new Event('input'));
    // The other device's close lands (as replication writes it) after the dialog checked the lead and before its own write.
    const execute = fx.store.execute.bind(fx.store);
    const f = fx;
    fx.store.execute = async (command, options) => {
      if (command.type === 'close-won') {
        const current = await lead(f);
        await f.store.importDocuments({
          leads: [{ ...current, status: 'closed', outcome: 'lost', closeReasonId: 'price', closedAt: Date.now(), closedBy: 'mia', updatedAt: Date.now() }],
        });
      }
      return execute(command, options);
    };
    const failed = new Promise<CustomEvent>((r) => el.addEventListener('command-failed', r as EventListener, { once: true }));
    $<HTMLButtonElement>(el, '[data-action="submit"]').click();
    expect((await failed).detail.error.code).to.equal('lead/closed');
    await until(() => shadow(el).querySelector('[part="closed-meanwhile"]'), 'the inline message');
    expect(shadow(el).querySelector('dialog[open]')).to.not.equal(null);
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('Signed today');
    expect(shadow(el).querySelector('.error'), 'no field error besides the message').to.equal(null);
    const l = await lead(fx);
    expect([l.status, l.outcome, l.closedBy]).to.deep.equal(['closed', 'lost', 'mia']);
    const audit = (await firstValueFrom(fx.store.activity$(fx.leadId))).filter((a) => a.kind === 'audit' && a.action === 'close-won');
    expect(audit).to.have.length(0);
  });

  it('renders a hostile customer name and contact group label as text', async () => {
    const markup = '<img src=x onerror="window.__pwned=1">';
    fx = await fixture({
      customer: markup,
      policy: { contactGroups: [{ id: 'past-customers', label: `<b>Past</b>${markup}` }], defaultWonContactGroups: ['past-customers'] },
    });
    const el = await mountDialog(fx);
    await open(el);
    expect(text($(el, '[part="customer"]'))).to.equal(markup);
    expect(text($(el, '#title'))).to.equal(`Close lead as won: ${markup}`);
    expect(text($(el, '[part="contact-groups"] label'))).to.equal(`<b>Past</b>${markup}`);
    expect(shadow(el).querySelector('img, b')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<CloseWonDialogElement>(
      html`<close-won-dialog dealership=${DEALERSHIP} database=${fx.database} user="sam" lead-id=${fx.leadId}></close-won-dialog>`,
    );
    await until(() => el.store === fx.store && shadow(el).querySelector('[part="trigger"]'), 'alone');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-won-store');
    document.body.append(wrapper);
    const el = document.createElement('close-won-dialog');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-won-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store, 'the late provider');
  });
});
