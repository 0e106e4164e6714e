import { expect, fixture as mount, html } from '@open-wc/testing';
import { filter, firstValueFrom } from 'rxjs';
import '../lead-store/define.js';
import '../close-lost-dialog/define.js';
import '../close-won-dialog/define.js';
import '../lead-progress/define.js';
import './define.js';
import type { CompanySettingsElement } from './company-settings.component.js';
import type { LeadProgressElement } from '../lead-progress/lead-progress.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { CompanyPolicy, LeadDoc } from '../../src/model/index.js';
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

/** <company-settings> and a close dialog for the fixture's lead under one <lead-store>, both ready. */
async function mountWithDialog<T extends 'close-lost-dialog' | 'close-won-dialog'>(
  f: Fixture,
  tag: T,
): Promise<{ el: CompanySettingsElement; dialog: HTMLElementTagNameMap[T] }> {
  const dialogTemplate =
    tag === 'close-lost-dialog'
      ? html`<close-lost-dialog lead-id=${f.leadId}></close-lost-dialog>`
      : html`<close-won-dialog lead-id=${f.leadId}></close-won-dialog>`;
  const page = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><company-settings></company-settings>${dialogTemplate}</lead-store>`);
  const el = page.querySelector('company-settings')!;
  const dialog = page.querySelector(tag)!;
  await until(() => el.value && dialog.policy && shadow(dialog).querySelector('[part="trigger"]'), 'both ready');
  return { el, dialog };
}

/** Opens a close dialog from its Close Lost / Close Won action. */
async function openDialog(dialog: Element, what = 'dialog open'): Promise<void> {
  $<HTMLButtonElement>(dialog, '[part="trigger"]').click();
  await until(() => shadow(dialog).querySelector('dialog[open]'), what);
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

/** Saves and waits for the save itself (a Save pressed while the element is still busy is ignored). */
async function saveAndWait(el: CompanySettingsElement): Promise<void> {
  const saved = new Promise((r) => el.addEventListener('policy-saved', r, { once: true }));
  await save(el);
  await saved;
}

const leadOf = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const checkedGroups = (el: Element): string[] =>
  [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')].filter((g) => g.checked).map((g) => g.value);
const dayValue = (offsetDays: number): string => {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

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
    const { el, dialog } = await mountWithDialog(fx, 'close-lost-dialog');
    await openDialog(dialog);
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
    await openDialog(dialog, 'dialog open again');
    const checked = [...shadow(dialog).querySelectorAll<HTMLInputElement>('input[name="contact-group"]')].filter((g) => g.checked).map((g) => g.value);
    expect(checked).to.have.members(['live-leads', 'newsletter']);
  });

  it('saved settings change a live <lead-progress>: the progress note becomes mandatory and a renamed step shows its new name, the unsaved tick kept', async () => {
    fx = await fixture({ actor: 'ada' });
    const page = await mount<LeadStoreElement>(html`<lead-store .store=${fx.store}>
      <company-settings></company-settings>
      <lead-progress lead-id=${fx.leadId}></lead-progress>
    </lead-store>`);
    const el = page.querySelector<CompanySettingsElement>('company-settings')!;
    const progress = page.querySelector<LeadProgressElement>('lead-progress')!;
    const stepButton = (id: string) => $<HTMLButtonElement>(progress, `.step[data-step="${id}"]`);
    await until(() => el.value && shadow(progress).querySelector('.step'), 'both ready');
    expect(text($(progress, 'label[for="note"]'))).to.contain('(optional)');
    expect(text(stepButton('test-drive').querySelector('[part="step-label"]'))).to.equal('Test Drive');
    // The salesperson has ticked a step and not saved yet.
    stepButton('finance').click();
    await progress.updateComplete;
    tick(el, '#progress-note', true);
    type(el, '[data-id="test-drive"] .name', 'Test Drive & Demo');
    await saveAndWait(el);
    await until(() => text($(progress, 'label[for="note"]')).includes('(required)'), 'the note now required in the open form');
    expect($(progress, '#note').getAttribute('aria-required')).to.equal('true');
    await until(() => text(stepButton('test-drive').querySelector('[part="step-label"]')) === 'Test Drive & Demo', 'the new step name');
    expect(stepButton('finance').dataset['mark'], 'the unsaved tick is kept').to.equal('pending-check');
    $<HTMLButtonElement>(progress, '[data-action="save"]').click();
    await progress.updateComplete;
    expect(text($(progress, '#note-error'))).to.equal('A progress note is required by your company.');
    expect(Object.keys((await leadOf(fx)).steps), 'nothing written without the note').to.deep.equal([]);
    const note = $<HTMLTextAreaElement>(progress, '#note');
    note.value = 'Finance application sent';
    note.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(progress, '[data-action="save"]').click();
    await until(() => shadow(progress).querySelector('[part~="prompt"]'), 'saved with the note');
    expect((await leadOf(fx)).steps['finance']?.checked).to.equal(true);
    await expect(progress).to.be.accessible();
  });

  it('saved won default contact groups are preselected in a live <close-won-dialog>', async () => {
    fx = await fixture({ actor: 'ada' });
    const { el, dialog } = await mountWithDialog(fx, 'close-won-dialog');
    await openDialog(dialog);
    expect(checkedGroups(dialog)).to.deep.equal(['past-customers']);
    dialog.hide();
    await until(() => !shadow(dialog).querySelector('dialog'), 'closed');
    tick(el, 'input[name="won-group"][value="past-customers"]', false);
    tick(el, 'input[name="won-group"][value="newsletter"]', true);
    tick(el, 'input[name="won-group"][value="future-prospects"]', true);
    await saveAndWait(el);
    await openDialog(dialog, 'dialog open again');
    expect(checkedGroups(dialog)).to.have.members(['newsletter', 'future-prospects']);
    $<HTMLButtonElement>(dialog, '[data-action="submit"]').click();
    await until(async () => (await leadOf(fx!)).status === 'closed', 'closed as won');
    expect((await leadOf(fx)).contactGroups).to.include.members(['newsletter', 'future-prospects']);
  });

  it('saved close-lost mandatory fields change a live <close-lost-dialog> while it is open: the reason becomes optional, the follow-up date required', async () => {
    fx = await fixture({ actor: 'ada' });
    const { el, dialog } = await mountWithDialog(fx, 'close-lost-dialog');
    await openDialog(dialog);
    expect(text($(dialog, 'label[for="reason"]'))).to.contain('(required)');
    expect(text($(dialog, 'label[for="follow-up"]'))).to.contain('(optional)');
    const notes = $<HTMLTextAreaElement>(dialog, '#notes');
    notes.value = 'Typed before the change';
    notes.dispatchEvent(new Event('input'));
    tick(el, 'input[name="mandatory-lost"][value="reason"]', false);
    tick(el, 'input[name="mandatory-lost"][value="followUp"]', true);
    await saveAndWait(el);
    expect((await policyOf(fx)).mandatory.closeLost).to.deep.equal(['followUp']);
    await until(() => text($(dialog, 'label[for="follow-up"]')).includes('(required)'), 'the follow-up date now required in the open dialog');
    expect(text($(dialog, 'label[for="reason"]'))).to.contain('(optional)');
    expect($(dialog, '#reason').getAttribute('aria-required')).to.equal('false');
    expect($(dialog, '#follow-up').getAttribute('aria-required')).to.equal('true');
    expect($<HTMLTextAreaElement>(dialog, '#notes').value, 'what was typed stays').to.equal('Typed before the change');
    $<HTMLButtonElement>(dialog, '[data-action="submit"]').click();
    await dialog.updateComplete;
    const invalid = [...shadow(dialog).querySelectorAll('[aria-invalid="true"]')].map((e) => e.id);
    expect(invalid, 'only the follow-up date is missing').to.deep.equal(['follow-up']);
    expect(text($(dialog, '#followUpAt-error'))).to.equal('A follow-up date is required by your company.');
    expect((await leadOf(fx)).status).to.equal('open');
    const date = $<HTMLInputElement>(dialog, '#follow-up');
    date.value = dayValue(14);
    date.dispatchEvent(new Event('input'));
    $<HTMLButtonElement>(dialog, '[data-action="submit"]').click();
    await until(async () => (await leadOf(fx!)).status === 'closed', 'closed without a reason');
    expect((await leadOf(fx)).closeReasonId).to.equal('');
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

  it("refuses invalid settings inline with the rules' reason and writes nothing", async () => {
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
