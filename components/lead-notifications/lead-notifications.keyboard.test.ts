import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../lead-store/define.js';
import './define.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';
import { noticesOf } from '../../test/browser/managers/helpers.js';

let fx: Fixture | undefined;

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
});

describe('<lead-notifications> by keyboard', () => {
  it('Tab reaches "View lead" and "Mark read"; marking read keeps focus in the element', async () => {
    const f = await fixture({ policy: { definedRoles: ['receive-closed-lead-as-lost-notification'] }, actor: 'sam' });
    fx = f;
    await f.run({
      type: 'close-lost',
      leadId: f.leadId,
      choices: { reasonId: 'price', completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    await f.store.setActor('mia');
    const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><lead-notifications></lead-notifications></lead-store>`);
    const el = host.querySelector('lead-notifications')!;
    await until(() => shadow(el).querySelector('[data-action="mark-read"]'), 'an unread notice');
    shadow(el).querySelector<HTMLElement>('[data-action="mark-all"]')!.focus();
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('open');
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('mark-read');
    // A native button: Enter and Space activate it as a click does.
    (el.shadowRoot!.activeElement as HTMLButtonElement).click();
    await until(() => text(shadow(el).querySelector('[part="count"]')) === '0 unread', 'read');
    await until(() => el.shadowRoot!.activeElement?.id === 'heading', 'focus on the heading once the button is gone');
    expect((await noticesOf(f.store, 'mia'))[0]!.readAt).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });
});
