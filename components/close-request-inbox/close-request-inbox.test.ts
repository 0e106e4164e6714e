import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { CloseRequestInboxElement } from './close-request-inbox.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CalendarEventDoc } from '../../src/model/index.js';
import { createStore } from '../../src/store/store.js';
import { DEALERSHIP, USERS, shadow, text, until } from '../../test/browser/components/fixture.js';
import { dayAt, leadOf, noticesOf, requestFixture, requestOf, type RequestFixture } from '../../test/browser/managers/helpers.js';
import { eventDoc } from '../../test/node/support/documents.js';
import { defaultPolicy } from '../../src/model/index.js';

let fx: RequestFixture | undefined;
const extra: Array<{ remove(): Promise<void> }> = [];

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
  for (const s of extra.splice(0)) await s.remove();
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const items = (el: Element): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('[part~="request"]')];

async function mountInbox(f: RequestFixture, scope: CloseRequestInboxElement['scope'] = 'mine'): Promise<CloseRequestInboxElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><close-request-inbox scope=${scope}></close-request-inbox></lead-store>`);
  const el = host.querySelector('close-request-inbox')!;
  await until(
    () => items(el).length > 0 || (shadow(el).querySelector('[part="message"]') && !text(shadow(el).querySelector('[part="message"]')).startsWith('Loading')),
    'the inbox',
  );
  return el;
}

/** An incomplete follow-up on the request's lead, titled `id`, assigned to its requester rex. */
const followUpEvent = (f: RequestFixture, id: string, dueAt: number): CalendarEventDoc =>
  eventDoc(DEALERSHIP, `event:${id}`, f.leadId, dueAt, { title: id, assigneeId: 'rex', createdBy: 'rex' });

describe('<close-request-inbox>', () => {
  it("shows a manager's pending request: the lead's customer, the requester, the reason, the notes and the requested choices", async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'one request');
    const item = items(el)[0]!;
    expect(text(item.querySelector('[part="customer"]'))).to.equal('Dana Whitfield');
    expect(text(item)).to.contain('Requested by Rex');
    expect(text(item.querySelector('[data-field="reason"]'))).to.equal('Bought elsewhere');
    expect(item.querySelector('[data-field="notes"]')!.textContent).to.equal('Bought a Mazda\nacross town');
    expect(text(item.querySelector('[data-field="events"]'))).to.equal('Mark all incomplete calendar events as complete');
    expect(text(item.querySelector('[data-field="groups"]'))).to.equal('Newsletter, Future Prospects');
    expect(text(item.querySelector('[data-field="follow-up"]'))).to.not.equal('None');
    expect(text($(el, '#heading'))).to.contain('1 waiting');
    await expect(el).to.be.accessible();
  });

  it('approve: the lead closes with exactly the requested choices and the requester is told', async () => {
    fx = await requestFixture();
    await fx.store.importDocuments({ events: [followUpEvent(fx, 'future', dayAt(10)), followUpEvent(fx, 'overdue', dayAt(-5))] });
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    const decided = new Promise<CustomEvent>((r) => el.addEventListener('close-request-decided', r as EventListener, { once: true }));
    $<HTMLButtonElement>(el, '[data-action="approve"]').click();
    const detail = (await decided).detail;
    expect(detail).to.include({ requestId: fx.requestId, leadId: fx.leadId, decision: 'approve' });
    const lead = await leadOf(fx.store, fx.leadId, (l) => l.status === 'closed');
    expect(lead.outcome).to.equal('lost');
    expect(lead.closeReasonId).to.equal('bought-elsewhere');
    expect(lead.closeNotes).to.equal(fx.choices.notes);
    expect(lead.contactGroups).to.have.members(['newsletter', 'future-prospects']);
    expect(lead.closeFollowUpAt).to.equal(fx.choices.followUpAt);
    expect(lead.closedBy).to.equal('mia');
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    const byTitle = Object.fromEntries(events.map((e) => [e.title, e.completedAt > 0]));
    expect(byTitle).to.deep.equal({ overdue: true, future: true, 'Closed Lost Lead Follow Up': false }, '"all incomplete" was requested');
    expect(events.find((e) => e.eventType === 'closed-lost-follow-up')?.dueAt).to.equal(fx.choices.followUpAt);
    expect((await requestOf(fx.store, fx.requestId)).status).to.equal('approved');
    expect((await noticesOf(fx.store, 'rex')).map((n) => n.topic)).to.include('close-request-approved');
    await until(() => items(el).length === 0, 'the request leaves the inbox');
    expect(text($(el, '[part="status"]'))).to.equal('Approved: the lead of Dana Whitfield is closed as lost.');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '[part="status"]'));
    await expect(el).to.be.accessible();
  });

  it('decline by keyboard, with a reason: the lead stays open and the requester is notified with the reason', async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    $<HTMLButtonElement>(el, '[data-action="decline"]').focus();
    await sendKeys({ press: 'Enter' });
    const textarea = await until(() => shadow(el).querySelector<HTMLTextAreaElement>('textarea'), 'the decline form');
    await until(() => el.shadowRoot!.activeElement === textarea, 'focus in the reason');
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'Call the customer once more' });
    $<HTMLButtonElement>(el, '[data-action="confirm-decline"]').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => items(el).length === 0, 'the request leaves the inbox');
    const lead = await leadOf(fx.store, fx.leadId, (l) => l.closeRequestId === '');
    expect(lead.status).to.equal('open');
    const request = await requestOf(fx.store, fx.requestId);
    expect(request.status).to.equal('declined');
    expect(request.declineReason).to.equal('Call the customer once more');
    const notice = (await noticesOf(fx.store, 'rex')).find((n) => n.topic === 'close-request-declined');
    expect(notice?.data['declineReason']).to.equal('Call the customer once more');
    expect(text($(el, '[part="status"]'))).to.contain('stays open and Rex is told');
  });

  it('Escape leaves the decline form without deciding; focus returns to Decline', async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    $<HTMLButtonElement>(el, '[data-action="decline"]').click();
    await until(() => el.shadowRoot!.activeElement?.tagName === 'TEXTAREA', 'focus in the reason');
    await sendKeys({ press: 'Escape' });
    await until(() => !shadow(el).querySelector('textarea'), 'form closed');
    await until(() => el.shadowRoot!.activeElement === $(el, '[data-action="decline"]'), 'focus back on Decline');
    expect((await requestOf(fx.store, fx.requestId)).status).to.equal('pending');
  });

  it('a request decided meanwhile on another device is shown as already decided, and a second decision is refused with a readable message', async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    // What replication delivers when ada approved it on her tablet: the decided request and the closed lead.
    const request = await requestOf(fx.store, fx.requestId);
    const lead = await leadOf(fx.store, fx.leadId);
    const decidedAt = Date.now();
    await fx.store.importDocuments({
      activity: [{ ...request, status: 'approved', decidedBy: 'ada', decidedAt, decisionCommandId: 'tablet-cmd' }],
      leads: [
        { ...lead, status: 'closed', outcome: 'lost', closeReasonId: request.choices.reasonId, closedAt: decidedAt, closedBy: 'ada', closeRequestId: '' },
      ],
    });
    await until(() => shadow(el).querySelector('[part="decided"]'), 'shown as decided');
    expect(text($(el, '[part="decided"]'))).to.contain('Already approved by Ada');
    const approve = $<HTMLButtonElement>(el, '[data-action="approve"]');
    expect(approve.getAttribute('aria-disabled')).to.equal('true');
    let asked = false;
    el.addEventListener('close-request-decide', () => (asked = true));
    approve.click();
    await until(() => shadow(el).querySelector('[role="alert"]'), 'the refusal');
    expect(text($(el, '[role="alert"]'))).to.equal('Not done: This request has already been decided.');
    expect(asked).to.equal(false);
    expect((await requestOf(fx.store, fx.requestId)).decidedBy).to.equal('ada');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-action="dismiss"]').click();
    await until(() => items(el).length === 0, 'dismissed');
  });

  it('the store refuses a second decision of the same request (request/already-decided) and writes nothing', async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    expect(await el.decide(fx.requestId, 'approve')).to.equal(true);
    const second = await fx.store.execute({ type: 'decide-close-request', requestId: fx.requestId, decision: 'decline', declineReason: 'late' });
    expect(second.ok).to.equal(false);
    if (!second.ok) expect(second.error.code).to.equal('request/already-decided');
    const request = await requestOf(fx.store, fx.requestId);
    expect([request.status, request.declineReason]).to.deep.equal(['approved', '']);
  });

  it('fires a cancelable close-request-decide first: a host veto writes nothing', async () => {
    fx = await requestFixture();
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    el.addEventListener('close-request-decide', (e) => e.preventDefault());
    $<HTMLButtonElement>(el, '[data-action="approve"]').click();
    await el.updateComplete;
    expect((await requestOf(fx.store, fx.requestId)).status).to.equal('pending');
  });

  it('tells a salesperson that only managers decide requests', async () => {
    fx = await requestFixture({ actor: 'sam' });
    const el = await mountInbox(fx);
    expect(text($(el, '[part="message"]'))).to.equal('Only managers decide close-lost requests.');
    await expect(el).to.be.accessible();
  });

  it('follows the acting user and the scope: an admin sees requests addressed to another manager only with scope="all"', async () => {
    fx = await requestFixture({ actor: 'ada' });
    const el = await mountInbox(fx);
    expect(text($(el, '[part="message"]'))).to.equal('No close-lost requests are waiting for you.');
    el.scope = 'all';
    await until(() => items(el).length === 1, 'every request');
    await fx.store.setActor('mia');
    el.scope = 'mine';
    await until(() => items(el).length === 1 && text($(el, '#heading')).includes('1 waiting'), 'mia sees hers');
  });

  it('renders a hostile customer name and notes as text', async () => {
    fx = await requestFixture({ customer: '<img src=x onerror=alert(1)>' });
    const el = await mountInbox(fx);
    await until(() => items(el).length === 1, 'the request');
    expect(text($(el, '[part="customer"]'))).to.equal('<img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
  });

  it('two stores with different acting users on one page stay apart', async () => {
    fx = await requestFixture();
    const other = await createStore({ dealershipId: DEALERSHIP, name: `${fx.database}-b`, storage: 'indexeddb' });
    extra.push(other);
    await other.importDocuments({ policy: defaultPolicy(DEALERSHIP), users: USERS });
    await other.setActor('ada');
    // Each provider mounted as its own root: open-wc waits for an animation frame after mounting a
    // root that is not a Lit element (a <div>), and a page in the background gets none.
    const first = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}><close-request-inbox id="a"></close-request-inbox></lead-store>`);
    const second = await mount<LeadStoreElement>(html`<lead-store .store=${other}><close-request-inbox id="b"></close-request-inbox></lead-store>`);
    const a = first.querySelector<CloseRequestInboxElement>('#a')!;
    const b = second.querySelector<CloseRequestInboxElement>('#b')!;
    await until(() => items(a).length === 1, 'mia sees the request');
    await until(() => text(shadow(b).querySelector('[part="message"]')) === 'No close-lost requests are waiting for you.', 'ada sees none');
    expect(a.store).to.equal(fx.store);
    expect(b.store).to.equal(other);
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    fx = await requestFixture();
    const el = await mount<CloseRequestInboxElement>(
      html`<close-request-inbox dealership=${DEALERSHIP} database=${fx.database} user="mia"></close-request-inbox>`,
    );
    await until(() => items(el).length === 1, 'ready alone');
    expect(el.store).to.equal(fx.store);
    $<HTMLButtonElement>(el, '[data-action="approve"]').click();
    await leadOf(fx.store, fx.leadId, (l) => l.status === 'closed');
  });

  it('picks up a late provider', async () => {
    fx = await requestFixture();
    const wrapper = document.createElement('late-inbox-store');
    document.body.append(wrapper);
    const el = document.createElement('close-request-inbox');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    expect(text(shadow(el).querySelector('[part="message"]'))).to.contain('Not connected');
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-inbox-store', class extends LeadStoreElement {});
    const store = fx.store;
    (wrapper as unknown as LeadStoreElement).store = store;
    await until(() => el.store === store && items(el).length === 1, 'the late provider');
  });
});
