import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../close-request-inbox/define.js';
import './define.js';
import type { LeadNotificationsElement } from './lead-notifications.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { ActivityDoc, CloseLostChoices, CloseRequest, CompanyPolicy, LeadDoc, UserDoc } from '../../src/model/index.js';
import { mergeActivity, mergeLeads } from '../../src/rules/merge.js';
import type { LeadStore } from '../../src/store/api.js';
import { createStore } from '../../src/store/store.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { formatDateTime } from '../shared/i18n.js';
import { noticesOf, requestFixture, type RequestFixture } from '../../test/browser/managers/helpers.js';

let fx: Fixture | undefined;
const others: LeadStore[] = [];

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
  for (const s of others.splice(0)) await s.remove();
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const notices = (el: Element): HTMLElement[] => [...shadow(el).querySelectorAll<HTMLElement>('[part~="notification"]')];
const lost = (reasonId: string): CloseLostChoices => ({
  reasonId,
  completeOverdueEvents: true,
  completeAllEvents: false,
  notes: '',
  contactGroups: [],
  followUpAt: null,
});
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

/** Every lead, activity, user and policy document a store holds. */
async function held(store: LeadStore): Promise<{ leads: LeadDoc[]; activity: ActivityDoc[]; users: UserDoc[]; policy: CompanyPolicy | undefined }> {
  const all = async <T>(name: string): Promise<T[]> => (await store.database.collections[name]!.find().exec()).map((d) => d.toJSON() as T);
  return {
    leads: await all<LeadDoc>('leads'),
    activity: await all<ActivityDoc>('activity'),
    users: await all<UserDoc>('users'),
    policy: (await all<CompanyPolicy>('policies'))[0],
  };
}

/** `to` hears of what `from` holds, as sync brings it: a document both hold is merged by the rules (the request keeps the earlier decision). */
async function hear(to: LeadStore, from: LeadStore): Promise<void> {
  const [mine, theirs] = [await held(to), await held(from)];
  const own = new Map<string, LeadDoc | ActivityDoc>([...mine.leads, ...mine.activity].map((d) => [d.id, d]));
  await to.importDocuments({
    leads: theirs.leads.map((l) => (own.has(l.id) ? mergeLeads(own.get(l.id) as LeadDoc, l).merged : l)),
    activity: theirs.activity.map((a) => (own.has(a.id) ? mergeActivity(own.get(a.id) as ActivityDoc, a) : a)),
  });
}

/**
 * rex's request, decided on two devices before either heard of the other: Mia approves on hers
 * (the fixture's store), then Ada, on a tablet that holds the request but not the approval, declines.
 */
async function decidedOnTwoDevices(): Promise<{ f: RequestFixture; tablet: LeadStore }> {
  const f = await requestFixture();
  fx = f;
  const tablet = await createStore({ dealershipId: DEALERSHIP, name: `${f.database}-tablet`, storage: 'indexeddb' });
  others.push(tablet);
  const copy = await held(f.store);
  await tablet.importDocuments({ ...copy, policy: copy.policy! });
  await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
  await new Promise((r) => setTimeout(r, 5));
  await tablet.setActor('ada');
  const declined = await tablet.execute({
    type: 'decide-close-request',
    requestId: f.requestId,
    decision: 'decline',
    declineReason: 'Call the customer once more',
  });
  expect(declined.ok, 'the tablet accepts the decline: it has not heard of the approval').to.equal(true);
  return { f, tablet };
}

const APPROVED = 'Unread: Mia approved closing the lead of Dana Whitfield as lost.';
const NOT_APPLIED = "Not applied: Ada's decline of closing the lead of Dana Whitfield as lost did not stand. Mia had already approved the request.";
const REQUESTED = 'Unread: Rex asks to close the lead of Dana Whitfield as lost. Reason: Bought elsewhere.';
const noticeText = (el: Element): string[] => notices(el).map((n) => text(n.querySelector('[part="text"]')));

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

  it("a requester sees the decision: declined, with the manager's reason", async () => {
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
    expect(text(notices(el)[0]!.querySelector('[part="text"]'))).to.equal(
      'Unread: Rex asks to close the lead of Dana Whitfield as lost. Reason: Bought elsewhere.',
    );
    await f.run({ type: 'decide-close-request', requestId: f.requestId, decision: 'approve' });
    await f.store.setActor('rex');
    await until(
      () => notices(el).length === 1 && text(notices(el)[0]).includes('Mia approved closing the lead of Dana Whitfield as lost.'),
      'rex sees the approval',
    );
  });

  it("decided on two devices before either heard of the other: the requester sees the approval that stood, and Ada's decline as history marked 'Not applied', not counted unread", async () => {
    const { f, tablet } = await decidedOnTwoDevices();
    await f.store.setActor('rex');
    const el = await mountList(f);
    expect(noticeText(el)).to.deep.equal([APPROVED]);
    const changes: number[] = [];
    el.addEventListener('notifications-changed', (e) => changes.push(e.detail.unread));
    // The tablet comes back online: its decline's notice and audit entry arrive; the request stays approved.
    await hear(f.store, tablet);
    await until(() => notices(el).length === 2, "Ada's notice arrives");
    expect((await noticesOf(f.store, 'rex')).map((n) => n.readAt)).to.deep.equal([0, 0], 'both stored unread: nothing was written');
    expect(noticeText(el)).to.deep.equal([NOT_APPLIED, APPROVED]);
    const [lost, stood] = notices(el);
    expect(lost!.getAttribute('part')).to.equal('notification notification-not-applied');
    expect(text(lost!.querySelector('[part="not-applied"]'))).to.equal('Not applied:');
    expect(lost!.querySelector('[data-action="mark-read"]'), 'history needs no marking').to.equal(null);
    expect(lost!.querySelector('[data-action="open"]')).to.not.equal(null);
    expect(stood!.getAttribute('part')).to.equal('notification notification-unread');
    expect(text($(el, '[part="count"]'))).to.equal('1 unread');
    expect(el.unreadCount).to.equal(1);
    expect(changes, 'the arrival of the decline does not raise the count').to.deep.equal([1]);
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-action="mark-all"]').click();
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'all read');
    expect(noticeText(el)).to.deep.equal([NOT_APPLIED, APPROVED.replace('Unread: ', '')]);
  });

  it("in the other order: the tablet's decline shows as the decision until Mia's earlier approval arrives, then it turns 'Not applied' and the approval is the one unread", async () => {
    const { f, tablet } = await decidedOnTwoDevices();
    await tablet.setActor('rex');
    const host = await mount<LeadStoreElement>(html`<lead-store .store=${tablet}><lead-notifications></lead-notifications></lead-store>`);
    const el = host.querySelector('lead-notifications')!;
    await until(() => notices(el).length === 1, 'the decline');
    expect(noticeText(el)).to.deep.equal([
      'Unread: Ada declined closing the lead of Dana Whitfield as lost. The lead stays open. Why: Call the customer once more',
    ]);
    expect(text($(el, '[part="count"]'))).to.equal('1 unread');
    await hear(tablet, f.store);
    await until(() => notices(el).length === 2, "Mia's approval arrives");
    const request = (await firstValueFrom(tablet.closeRequests$({}))).find((r) => r.id === f.requestId) as CloseRequest;
    expect([request.status, request.decidedBy], 'the earlier decision stands').to.deep.equal(['approved', 'mia']);
    expect(noticeText(el)).to.deep.equal([NOT_APPLIED, APPROVED]);
    expect(text($(el, '[part="count"]'))).to.equal('1 unread');
    await expect(el).to.be.accessible();
  });

  it("a manager's request notice, once she approves the request in the inbox, reads 'Approved by you on …', is not counted unread and offers no Mark read; nothing is written", async () => {
    const f = await requestFixture();
    fx = f;
    const host = await mount<LeadStoreElement>(
      html`<lead-store .store=${f.store}><close-request-inbox></close-request-inbox><lead-notifications></lead-notifications></lead-store>`,
    );
    const inbox = host.querySelector('close-request-inbox')!;
    const el = host.querySelector('lead-notifications')!;
    await until(() => notices(el).length === 1, 'the request notice');
    expect(noticeText(el)).to.deep.equal([REQUESTED]);
    expect(text($(el, '[part="count"]'))).to.equal('1 unread');
    const changes: number[] = [];
    el.addEventListener('notifications-changed', (e) => changes.push(e.detail.unread));
    const approve = await until(() => shadow(inbox).querySelector<HTMLButtonElement>('[data-action="approve"]'), 'the inbox');
    approve.click();
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'no longer unread');
    const request = (await firstValueFrom(f.store.closeRequests$({}))).find((r) => r.id === f.requestId)!;
    expect(request.status).to.equal('approved');
    const [notice] = notices(el);
    expect(notice!.getAttribute('part')).to.equal('notification notification-decided');
    expect(text(notice!.querySelector('[part="text"]'))).to.equal('Rex asked to close the lead of Dana Whitfield as lost. Reason: Bought elsewhere.');
    expect(text(notice!.querySelector('[part="decision"]'))).to.equal(`Approved by you on ${formatDateTime(request.decidedAt)}.`);
    expect(notice!.querySelector('[data-action="mark-read"]'), 'decided: nothing to mark').to.equal(null);
    expect(notice!.querySelector('[data-action="open"]')).to.not.equal(null);
    expect(shadow(el).querySelector('[data-action="mark-all"]')).to.equal(null);
    expect(el.unreadCount).to.equal(0);
    expect(changes).to.deep.equal([0]);
    expect((await noticesOf(f.store, 'mia')).find((n) => n.topic === 'close-request-submitted')!.readAt, 'nothing was written').to.equal(0);
    await expect(el).to.be.accessible();
  });

  it("decided by another manager on another device, in either sync order: 'Declined by Ada on …' with her reason, not unread", async () => {
    const f = await requestFixture();
    fx = f;
    // Ada declines on her tablet, which holds the request.
    const tablet = await createStore({ dealershipId: DEALERSHIP, name: `${f.database}-tablet`, storage: 'indexeddb' });
    others.push(tablet);
    const copy = await held(f.store);
    await tablet.importDocuments({ ...copy, policy: copy.policy! });
    await tablet.setActor('ada');
    const declined = await tablet.execute({
      type: 'decide-close-request',
      requestId: f.requestId,
      decision: 'decline',
      declineReason: 'Call the customer once more',
    });
    expect(declined.ok).to.equal(true);
    const decided = (await firstValueFrom(tablet.closeRequests$({}))).find((r) => r.id === f.requestId)!;
    const decision = `Declined by Ada on ${formatDateTime(decided.decidedAt)}. Why: Call the customer once more`;

    // Mia's device heard of the request before, and now of Ada's decline.
    const el = await mountList(f);
    expect(noticeText(el)).to.deep.equal([REQUESTED]);
    await hear(f.store, tablet);
    await until(() => text($(el, '[part="count"]')) === '0 unread', 'decided on the tablet');
    expect(text(notices(el)[0]!.querySelector('[part="decision"]'))).to.equal(decision);
    await expect(el).to.be.accessible();

    // A third device that hears of the decided request before the notice (Mia's phone, say).
    // The tablet closes first: a page may open 13 RxDB collections, a store has 5.
    const decidedFirst = await held(tablet);
    await tablet.remove();
    others.splice(others.indexOf(tablet), 1);
    const phone = await createStore({ dealershipId: DEALERSHIP, name: `${f.database}-phone`, storage: 'indexeddb' });
    others.push(phone);
    await phone.importDocuments({
      policy: decidedFirst.policy!,
      users: decidedFirst.users,
      leads: decidedFirst.leads,
      activity: decidedFirst.activity.filter((a) => a.kind === 'close-request'),
    });
    await phone.setActor('mia');
    const host = await mount<LeadStoreElement>(html`<lead-store .store=${phone}><lead-notifications></lead-notifications></lead-store>`);
    const onPhone = host.querySelector('lead-notifications')!;
    await until(() => text(shadow(onPhone).querySelector('[part="message"]')) === 'No notifications.', 'no notice yet');
    await phone.importDocuments({ activity: decidedFirst.activity.filter((a) => a.kind === 'notification') });
    await until(() => notices(onPhone).length === 1, 'the request notice arrives after the decision');
    expect(text(notices(onPhone)[0]!.querySelector('[part="decision"]'))).to.equal(decision);
    expect(text($(onPhone, '[part="count"]'))).to.equal('0 unread');
    expect(notices(onPhone)[0]!.querySelector('[data-action="mark-read"]')).to.equal(null);
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
    const el = await mount<LeadNotificationsElement>(
      html`<lead-notifications dealership=${DEALERSHIP} database=${fx.database} user="mia"></lead-notifications>`,
    );
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
