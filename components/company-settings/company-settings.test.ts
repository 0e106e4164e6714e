import { expect, fixture as mount, html } from '@open-wc/testing';
import { firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../close-lost-dialog/define.js';
import './define.js';
import type { CompanySettingsElement } from './company-settings.component.js';
import type { CloseLostDialogElement } from '../close-lost-dialog/close-lost-dialog.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CompanyPolicy } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture | undefined;

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const policyOf = (f: Fixture): Promise<CompanyPolicy> => firstValueFrom(f.store.policy$);

async function mountSettings(f: Fixture): Promise<CompanySettingsElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><company-settings></company-settings></lead-store>`);
  const el = host.querySelector('company-settings')!;
  await until(() => el.value && shadow(el).querySelector('form'), 'the settings form');
  return el;
}

function type(el: Element, selector: string, value: string): void {
  const input = $<HTMLInputElement>(el, selector);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

function tick(el: Element, selector: string, on: boolean): void {
  const box = $<HTMLInputElement>(el, selector);
  if (box.checked !== on) box.click();
}

async function save(el: CompanySettingsElement): Promise<void> {
  $<HTMLButtonElement>(el, '[data-action="save"]').click();
  await el.updateComplete;
}

describe('<company-settings>', () => {
  it('an admin adds, renames, reorders, hides and retires lost reasons; Save stores them through update-policy', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    await expect(el).to.be.accessible();
    type(el, '#new-reason', 'Moved out of area');
    $<HTMLButtonElement>(el, '[data-action="add-reason"]').click();
    await el.updateComplete;
    type(el, '[data-id="price"] .name', 'Price');
    $<HTMLButtonElement>(el, '[data-id="finance-declined"] [data-action="up"]').click();
    await el.updateComplete;
    tick(el, '[data-id="no-response"] [data-flag="hidden"]', true);
    tick(el, '[data-id="delayed-purchase"] [data-flag="retired"]', true);
    await el.updateComplete;
    const saved = new Promise<CustomEvent>((r) => el.addEventListener('policy-saved', r as EventListener, { once: true }));
    await save(el);
    const detail = (await saved).detail;
    const policy = await policyOf(fx);
    expect(detail.policy.updatedBy).to.equal('ada');
    expect(policy.lostReasons.map((r) => r.id).slice(0, 3)).to.deep.equal(['bought-elsewhere', 'finance-declined', 'price']);
    expect(policy.lostReasons.find((r) => r.id === 'price')?.label).to.equal('Price');
    expect(policy.lostReasons.find((r) => r.id === 'no-response')?.hiddenFromReports).to.equal(true);
    expect(policy.lostReasons.find((r) => r.id === 'delayed-purchase')?.retired).to.equal(true);
    expect(policy.lostReasons.at(-1)).to.deep.equal({ id: 'moved-out-of-area', label: 'Moved out of area', hiddenFromReports: false, retired: false });
    expect(text($(el, '[part="status"]'))).to.equal('Settings saved. Every open widget now follows them.');
    await expect(el).to.be.accessible();
  });

  it('saved settings change a live <close-lost-dialog> on the same page: notes become mandatory, the new default group is preselected, a retired reason is no longer offered', async () => {
    fx = await fixture({ actor: 'ada' });
    const page = await mount(html`<lead-store .store=${fx.store}>
      <company-settings></company-settings>
      <close-lost-dialog lead-id=${fx.leadId}></close-lost-dialog>
    </lead-store>`);
    const el = page.querySelector<CompanySettingsElement>('company-settings')!;
    const dialog = page.querySelector<CloseLostDialogElement>('close-lost-dialog')!;
    await until(() => el.value && dialog.policy && shadow(dialog).querySelector('[part="trigger"]'), 'both ready');
    $<HTMLButtonElement>(dialog, '[part="trigger"]').click();
    await until(() => shadow(dialog).querySelector('dialog[open]'), 'dialog open');
    expect(text($(dialog, 'label[for="notes"]'))).to.contain('(optional)');
    tick(el, 'input[name="mandatory-lost"][value="notes"]', true);
    tick(el, '[data-id="price"] [data-flag="retired"]', true);
    // Wait for the save itself: the dialog can follow the new policy before <company-settings> has
    // finished saving, and a Save pressed while it is still busy is ignored.
    const firstSaved = new Promise((r) => el.addEventListener('policy-saved', r, { once: true }));
    await save(el);
    await firstSaved;
    await until(() => text($(dialog, 'label[for="notes"]')).includes('(required)'), 'notes now required in the open dialog');
    const options = [...shadow(dialog).querySelectorAll('#reason option')].map((o) => (o as HTMLOptionElement).value);
    expect(options).to.not.include('price');
    dialog.hide();
    await until(() => !shadow(dialog).querySelector('dialog'), 'closed');
    tick(el, 'input[name="lost-group"][value="newsletter"]', true);
    await save(el);
    await until(async () => (await policyOf(fx!)).defaultLostContactGroups.includes('newsletter'), 'saved');
    $<HTMLButtonElement>(dialog, '[part="trigger"]').click();
    await until(() => shadow(dialog).querySelector('dialog[open]'), 'dialog open again');
    const checked = [...shadow(dialog).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')].filter((g) => g.checked).map((g) => g.value);
    expect(checked).to.have.members(['live-leads', 'newsletter']);
  });

  it('the roles in use (Close Lead Lost Permission, Receive Closed Lead As Lost Notification) and the progress-note rule are saved', async () => {
    fx = await fixture({ actor: 'ada' });
    // A Lit root: open-wc waits for an animation frame after mounting any other root (a <div>), and a background page gets none.
    const page = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}><company-settings></company-settings></lead-store>`);
    const el = page.querySelector<CompanySettingsElement>('company-settings')!;
    await until(() => el.value, 'ready');
    tick(el, 'input[name="role"][value="close-lead-lost-permission"]', true);
    tick(el, 'input[name="role"][value="receive-closed-lead-as-lost-notification"]', true);
    tick(el, '#progress-note', true);
    const saved = new Promise<CustomEvent>((r) => el.addEventListener('policy-saved', r as EventListener, { once: true }));
    await save(el);
    await saved;
    const policy = await policyOf(fx);
    expect(policy.definedRoles).to.deep.equal(['close-lead-lost-permission', 'receive-closed-lead-as-lost-notification']);
    expect(policy.mandatory.progressNote).to.equal(true);
  });

  it('road-to-the-sale: add, rename, reorder and remove steps, and choose the sold step', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    type(el, '#new-step', 'Credit Check');
    $<HTMLButtonElement>(el, '[data-action="add-step"]').click();
    await el.updateComplete;
    type(el, '[data-id="phone-call-made"] .name', 'Called');
    $<HTMLButtonElement>(el, '[data-id="credit-check"] [data-action="up"]').click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[data-id="delivery"] [data-action="remove"]').click();
    await el.updateComplete;
    const sold = $<HTMLSelectElement>(el, '#sold-step');
    sold.value = 'finance';
    sold.dispatchEvent(new Event('change'));
    await save(el);
    await until(async () => (await policyOf(fx!)).soldStepId === 'finance', 'saved');
    const policy = await policyOf(fx);
    expect(policy.progressSteps.map((s) => s.id)).to.deep.equal([
      'awaiting-action',
      'phone-call-made',
      'meet-and-qualify',
      'test-drive',
      'trade-in-appraisal',
      'present-deal',
      'finance',
      'sold',
      'credit-check',
      'follow-up',
    ]);
    expect(policy.progressSteps[1]!.label).to.equal('Called');
  });

  it('moving a row keeps keyboard focus on its move button', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    const down = $<HTMLButtonElement>(el, '[data-id="bought-elsewhere"] [data-action="down"]');
    down.focus();
    down.click();
    await until(() => el.shadowRoot!.activeElement?.closest('li')?.getAttribute('data-id') === 'bought-elsewhere', 'focus follows the row');
    expect(el.shadowRoot!.activeElement?.getAttribute('data-action')).to.equal('down');
    expect([...shadow(el).querySelectorAll('[data-list="lostReasons"] > li')].map((li) => li.getAttribute('data-id')).slice(0, 2)).to.deep.equal([
      'price',
      'bought-elsewhere',
    ]);
  });

  it('refuses invalid settings inline with the rules\' reason and writes nothing', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    const before = await policyOf(fx);
    type(el, '[data-id="price"] .name', '   ');
    for (const box of shadow(el).querySelectorAll<HTMLInputElement>('[data-list="progressSteps"] [data-action="remove"]')) box.click();
    await el.updateComplete;
    await save(el);
    expect(text($(el, '.summary'))).to.equal('The settings were not saved: please correct the problems shown.');
    expect(text($(el, '#lostReasons-error'))).to.contain('needs a label');
    expect(text($(el, '#progressSteps-error'))).to.contain('at least one step');
    expect(el.shadowRoot!.activeElement).to.equal($(el, '.summary'));
    await expect(el).to.be.accessible();
    expect(await policyOf(fx)).to.deep.equal(before);
  });

  it('a non-admin sees the settings read only, with the reason, and cannot save', async () => {
    fx = await fixture({ actor: 'mia' });
    const el = await mountSettings(fx);
    expect(text($(el, '[part="read-only"]'))).to.equal('Only a dealership admin can change these settings. You can read them.');
    expect($<HTMLFieldSetElement>(el, 'fieldset.all').disabled).to.equal(true);
    expect(shadow(el).querySelector('[data-action="save"]')).to.equal(null);
    expect(await el.save()).to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('a change saved meanwhile elsewhere is announced while editing, never overwritten silently; Discard shows it', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    type(el, '#company-name', 'My edit');
    const current = await policyOf(fx);
    await fx.store.importDocuments({ policy: { ...current, companyName: 'From the tablet', updatedAt: Date.now(), updatedBy: 'ada' } });
    await until(() => shadow(el).querySelector('[part="changed-elsewhere"]'), 'the notice');
    expect($<HTMLInputElement>(el, '#company-name').value).to.equal('My edit');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '[data-action="discard"]').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#company-name').value).to.equal('From the tablet');
    expect(shadow(el).querySelector('[part="changed-elsewhere"]')).to.equal(null);
  });

  it('a host can veto a save with policy-save', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mountSettings(fx);
    el.addEventListener('policy-save', (e) => e.preventDefault());
    type(el, '#company-name', 'Vetoed');
    await save(el);
    expect((await policyOf(fx)).companyName).to.equal('Riverside Motors');
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    fx = await fixture({ actor: 'ada' });
    const el = await mount<CompanySettingsElement>(html`<company-settings dealership=${DEALERSHIP} database=${fx.database} user="ada"></company-settings>`);
    await until(() => el.value, 'ready alone');
    expect(el.store).to.equal(fx.store);
    expect(el.value!.companyName).to.equal('Riverside Motors');
  });

  it('picks up a late provider', async () => {
    const f = await fixture({ actor: 'ada' });
    fx = f;
    const wrapper = document.createElement('late-settings-store');
    document.body.append(wrapper);
    const el = document.createElement('company-settings');
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-settings-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = f.store;
    await until(() => el.store === f.store && el.value, 'the late provider');
  });
});
