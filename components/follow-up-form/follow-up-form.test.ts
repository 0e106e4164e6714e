import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { FollowUpFormElement } from './follow-up-form.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});
const dayValue = (offset: number): string => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
function set(el: Element, selector: string, value: string): void {
  const input = shadow(el).querySelector<HTMLInputElement | HTMLSelectElement>(selector)!;
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}
async function mountForm(f: Fixture): Promise<FollowUpFormElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><follow-up-form lead-id=${f.leadId}></follow-up-form></lead-store>`);
  const el = host.querySelector('follow-up-form')!;
  await until(() => shadow(el).querySelector('#date'), 'fields');
  return el;
}

describe('<follow-up-form>', () => {
  it('schedules a calendar event of the chosen type, title and due date/time', async () => {
    fx = await fixture();
    const el = await mountForm(fx);
    await expect(el).to.be.accessible();
    set(el, '#type', 'appointment');
    set(el, '#title', 'Showroom visit');
    set(el, '#date', dayValue(3));
    set(el, '#time', '14:30');
    const done = new Promise<CustomEvent>((r) => el.addEventListener('follow-up-scheduled', r as EventListener, { once: true }));
    shadow(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    const detail = (await done).detail;
    expect(new Date(detail.dueAt).getHours()).to.equal(14);
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    expect(events.map((e) => [e.eventType, e.title])).to.deep.equal([['appointment', 'Showroom visit']]);
    await until(() => text(shadow(el).querySelector('[part="status"]')) === 'Follow-up scheduled.', 'confirmation');
  });

  it('refuses a due date in the past (and a missing date) inline, keeps the input, writes nothing', async () => {
    fx = await fixture();
    const el = await mountForm(fx);
    set(el, '#title', 'Call back');
    shadow(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    expect(text(shadow(el).querySelector('#dueAt-error'))).to.equal('This is not a valid date.');
    set(el, '#date', dayValue(-3));
    shadow(el).querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await el.updateComplete;
    expect(text(shadow(el).querySelector('#dueAt-error'))).to.equal('The date is in the past: choose today or later.');
    expect(shadow(el).querySelector('#date')!.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).querySelector<HTMLInputElement>('#title')!.value).to.equal('Call back');
    await expect(el).to.be.accessible();
    expect(await firstValueFrom(fx.store.events$(fx.leadId))).to.have.length(0);
  });

  it('renders a hostile customer name in the default title as text', async () => {
    fx = await fixture({ customer: '<img src=x onerror=alert(1)>' });
    const el = await mountForm(fx);
    expect(shadow(el).querySelector<HTMLInputElement>('#title')!.value).to.equal('Follow up with <img src=x onerror=alert(1)>');
    expect(shadow(el).querySelector('img')).to.equal(null);
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<FollowUpFormElement>(html`<follow-up-form dealership=${DEALERSHIP} database=${fx.database} lead-id=${fx.leadId}></follow-up-form>`);
    await until(() => el.store === fx.store && shadow(el).querySelector('#date'), 'alone');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-form-store');
    document.body.append(wrapper);
    const el = document.createElement('follow-up-form');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-form-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store, 'the late provider');
  });
});
