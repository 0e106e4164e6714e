import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom, filter } from 'rxjs';
import '../lead-store/define.js';
import './define.js';
import type { LeadInterestElement } from './lead-interest.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { LeadDoc } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});
const lead = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const radio = (el: Element, v: string) => shadow(el).querySelector<HTMLInputElement>(`input[value="${v}"]`)!;

async function mountInterest(f: Fixture): Promise<LeadInterestElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><lead-interest lead-id=${f.leadId}></lead-interest></lead-store>`);
  const el = host.querySelector('lead-interest')!;
  await until(() => shadow(el).querySelector('input'), 'radios');
  return el;
}

describe('<lead-interest>', () => {
  it('offers Not Set, Cold, Warm, Hot as a radio group, each with a coloured mark and its name', async () => {
    fx = await fixture();
    const el = await mountInterest(fx);
    const labels = [...shadow(el).querySelectorAll('label')].map((l) => text(l));
    expect(labels).to.deep.equal(['Not Set', 'Cold', 'Warm', 'Hot']);
    expect(radio(el, 'not-set').checked).to.equal(true);
    const hot = shadow(el).querySelector('.dot[data-interest="hot"]')!;
    const cold = shadow(el).querySelector('.dot[data-interest="cold"]')!;
    expect(getComputedStyle(hot).backgroundColor).to.equal('rgb(180, 35, 24)');
    expect(getComputedStyle(cold).backgroundColor).to.equal('rgb(11, 92, 173)');
    await expect(el).to.be.accessible();
  });

  it('saves the chosen interest, by click and by arrow keys', async () => {
    fx = await fixture();
    const el = await mountInterest(fx);
    const changed = new Promise<CustomEvent>((r) => el.addEventListener('interest-changed', r as EventListener, { once: true }));
    radio(el, 'warm').click();
    expect((await changed).detail.interest).to.equal('warm');
    expect((await lead(fx)).interest).to.equal('warm');
    radio(el, 'warm').focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(async () => (await lead(fx)).interest === 'hot', 'hot by keyboard');
  });

  it('fires a cancelable interest-change; a veto keeps the saved level shown and writes nothing', async () => {
    fx = await fixture();
    const el = await mountInterest(fx);
    el.addEventListener('interest-change', (e) => e.preventDefault());
    radio(el, 'cold').click();
    await el.updateComplete;
    expect(radio(el, 'cold').checked).to.equal(false);
    expect(radio(el, 'not-set').checked).to.equal(true);
    expect((await lead(fx)).interest).to.equal('not-set');
  });

  it('updates live when the interest changes elsewhere', async () => {
    fx = await fixture();
    const el = await mountInterest(fx);
    await fx.run({ type: 'set-interest', leadId: fx.leadId, interest: 'hot' });
    await until(() => radio(el, 'hot').checked, 'hot shown');
  });

  it('on a closed lead: the levels stay focusable but aria-disabled, say why, and neither click nor arrow keys write', async () => {
    fx = await fixture();
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const el = await mountInterest(fx);
    const reason = await until(() => shadow(el).querySelector('[part="unavailable"]'), 'the reason');
    expect(text(reason)).to.equal('This lead is closed; its interest cannot change. A manager can reopen it.');
    expect(radio(el, 'hot').getAttribute('aria-disabled')).to.equal('true');
    expect(radio(el, 'hot').disabled).to.equal(false);
    radio(el, 'hot').click();
    await el.updateComplete;
    expect(radio(el, 'hot').checked).to.equal(false);
    radio(el, 'not-set').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(radio(el, 'not-set').checked).to.equal(true);
    expect((await lead(fx)).interest).to.equal('not-set');
    const audit = (await firstValueFrom(fx.store.activity$(fx.leadId))).filter((a) => a.kind === 'audit' && a.action === 'set-interest');
    expect(audit).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('works with no provider', async () => {
    fx = await fixture();
    const el = await mount<LeadInterestElement>(html`<lead-interest dealership=${DEALERSHIP} database=${fx.database} lead-id=${fx.leadId}></lead-interest>`);
    await until(() => el.store === fx.store && shadow(el).querySelector('input'), 'alone');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-interest-store');
    document.body.append(wrapper);
    const el = document.createElement('lead-interest');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-interest-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store, 'the late provider');
  });
});
