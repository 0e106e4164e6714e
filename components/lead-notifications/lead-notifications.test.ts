import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../lead-store/define.js';
import './define.js';
import type { LeadNotificationsElement } from './lead-notifications.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CloseLostChoices } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { noticesOf, requestFixture } from '../../test/browser/managers/helpers.js';

let fx: Fixture | undefined;

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const notices = (el: Element): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('[part~="notification"]')];
const lost = (reasonId: string): CloseLostChoices => ({ reasonId, completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null });
const NOTIFY = { policy: { definedRoles: ['receive-closed-lead-as-lost-notification' as const] } };

/** sam closes the fixture's lead as lost ('price'); mia (in the notification role) is told. */
async function closedLostFixture(): Promise<Fixture> {
  const f = await fixture({ ...NOTIFY, actor: 'sam' });
  await f.run({ type: 'close-lost', leadId: f.leadId, choices: lost('price') });
  await f.store.setActor('mia');
  return f;
}

async function mountList(f: Fixture): Promise<LeadNotificationsElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><lead-notifications></lead-notifications></lead-store>`);
  const el = host.querySelector('lead-notifications')!;
  await until(() => notices(el).length > 0 || text(shadow(el).querySelector('[part="message"]')) === 'No notifications.', 'the list');
  return el;
}

describe('<lead-notifications>', () => {
  it('a manager in the notification role sees the lead closed as lost, with the reason, unread', async () => {
    fx = await closedLostFixture();
    const el = await mountList(fx);
    expect(notices(el)).to.have.length(1);
    expect(text(notices(el)[0]!.querySelector('[part="text"]'))).to.equal('Unread: Sam closed the lead of Dana Whitfield as lost. Reason: Price too high.');
    expect(text($(el, '[part="count"]'))).to.equal('1 unread');
    await expect(el).to.be.accessible();
  });

  it('the closing user is not notified of their own close', async () => {
    fx = await closedLostFixture();
    await fx.store.setActor('sam');
    const el = await mountList(fx);
    expect(text($(el, '[part="message"]'))).to.equal('No notifications.');
    expect(text($(el, '[part="count"]'))).to.equal('0 unread');
    await expect(el).to.be.accessible();
  });

  it('mark read by keyboard: the unread count drops, readAt is stored, focus stays in the list', async () => {
    fx = await closedLostFixture();
    const el = await mountList(fx);
    const changes: number[] = [];
    el.addEventListener('notifications-changed', (e) => changes.push(e.detail.unread));
    $<HTMLButtonElement>(el, '[data-action="mark-read"]').focus();
    await sendKeys({ press: 'Enter' });
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'count 0');
    expect(notices(el)[0]!.getAttribute('part')).to.equal('notification');
    expect(shadow(el).querySelector('[data-action="mark-read"]')).to.equal(null);
    // The list re-renders when the store's query emits, the focus moves when the command returns: two tasks.
    await until(() => el.shadowRoot!.activeElement?.id === 'heading', 'focus on the heading once the button is gone');
    const stored = await noticesOf(fx.store, 'mia');
    expect(stored[0]!.readAt).to.be.greaterThan(0);
    expect(changes).to.deep.equal([0]);
    await expect(el).to.be.accessible();
  });

  it('Tab reaches "View lead" and "Mark read"', async () => {
    fx = await closedLostFixture();
    const el = await mountList(fx);
    $<HTMLButtonElement>(el, '[data-action="mark-all"]').focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('open');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('mark-read');
  });

  it('live: a lead closed meanwhile appears at the top and the count goes up; mark all read clears it', async () => {
    fx = await closedLostFixture();
    const el = await mountList(fx);
    await fx.store.setActor('sam');
    const second = await fx.run({
      type: 'create-lead',
      lead: { customer: { name: 'Lee Park', email: '', phone: '' }, vehicle: 'Mazda CX-5', source: 'Walk-in', salespersonId: 'sam' },
    });
    await fx.run({ type: 'close-lost', leadId: second['leadId']!, choices: lost('finance-declined') });
    await fx.store.setActor('mia');
    await until(() => notices(el).length === 2, 'the second notice');
    expect(text(notices(el)[0]!.querySelector('[part="text"]'))).to.contain('Lee Park as lost. Reason: Finance declined.');
    expect(text($(el, '[part="count"]'))).to.equal('2 unread');
    $<HTMLButtonElement>(el, '[data-action="mark-all"]').click();
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'all read');
    expect((await noticesOf(fx.store, 'mia')).every((n) => n.readAt > 0)).to.equal(true);
    expect(shadow(el).querySelector('[data-action="mark-all"]')).to.equal(null);
  });

  it('"View lead" fires notification-open with the lead and marks the notice read', async () => {
    fx = await closedLostFixture();
    const el = await mountList(fx);
    const opened = new Promise<CustomEvent>((r) => el.addEventListener('notification-open', r as EventListener, { once: true }));
    $<HTMLButtonElement>(el, '[data-action="open"]').click();
    expect((await opened).detail).to.include({ leadId: fx.leadId, topic: 'lead-closed-lost' });
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'read');
  });

  it('a requester sees the decision: declined, with the manager\'s reason', async () => {
    const f = await requestFixture();
    fx = f;
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'decline', declineReason: 'Book a second test drive first' });
    await f.store.setActor('rex');
    const el = await mountList(f);
    expect(text(notices(el)[0]!.querySelector('[part="text"]'))).to.equal(
      'Unread: Mia declined closing the lead of Dana Whitfield as lost. The lead stays open. Why: Book a second test drive first',
    );
    await expect(el).to.be.accessible();
  });

  it('a manager sees the request arrive, and the requester the approval', async () => {
    const f = await requestFixture();
    fx = f;
    const el = await mountList(f);
    expect(text(notices(el)[0]!.querySelector('[part="text"]'))).to.equal('Unread: Rex asks to close the lead of Dana Whitfield as lost. Reason: Bought elsewhere.');
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
    await f.store.setActor('rex');
    await until(() => notices(el).length === 1 && text(notices(el)[0]).includes('Mia approved closing the lead of Dana Whitfield as lost.'), 'rex sees the approval');
  });

  it('renders hostile customer names as text', async () => {
    const f = await fixture({ ...NOTIFY, actor: 'sam', customer: '<img src=x onerror="window.__pwned=1">' });
    fx = f;
    await f.run({ type: 'close-lost', leadId: f.leadId, choices: lost('price') });
    await f.store.setActor('mia');
    const el = await mountList(f);
    expect(text(notices(el)[0])).to.contain('<img src=x onerror="window.__pwned=1">');
    expect(shadow(el).querySelector('img')).to.equal(null);
    await new Promise((r) => setTimeout(r, 50));
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    fx = await closedLostFixture();
    const el = await mount<LeadNotificationsElement>(html`<lead-notifications dealership=${DEALERSHIP} database=${fx.database} user="mia"></lead-notifications>`);
    await until(() => notices(el).length === 1, 'ready alone');
    expect(el.store).to.equal(fx.store);
    expect(el.unreadCount).to.equal(1);
  });

  it('picks up a late provider', async () => {
    const f = await closedLostFixture();
    fx = f;
    const wrapper = document.createElement('late-notice-store');
    document.body.append(wrapper);
    const el = document.createElement('lead-notifications');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-notice-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = f.store;
    await until(() => el.store === f.store && notices(el).length === 1, 'the late provider');
  });
});
