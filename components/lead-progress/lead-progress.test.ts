import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../lead-store/define.js';
import './define.js';
import type { LeadProgressElement } from './lead-progress.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { ActivityDoc, LeadDoc } from '../../src/model/index.js';
import { firstValueFrom, filter } from 'rxjs';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;

afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

async function mountProgress(f: Fixture): Promise<LeadProgressElement> {
  const host = await mount<LeadStoreElement>(html`<lead-store .store=${f.store}><lead-progress lead-id=${f.leadId}></lead-progress></lead-store>`);
  const el = host.querySelector('lead-progress')!;
  await until(() => shadow(el).querySelector('.step'), 'steps rendered');
  return el;
}

const step = (el: LeadProgressElement, id: string): HTMLButtonElement => shadow(el).querySelector<HTMLButtonElement>(`.step[data-step="${id}"]`)!;
const mark = (el: LeadProgressElement, id: string): string => step(el, id).dataset['mark']!;
const button = (el: Element, action: string): HTMLButtonElement => shadow(el).querySelector<HTMLButtonElement>(`[data-action="${action}"]`)!;
const lead = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const activity = (f: Fixture): Promise<ActivityDoc[]> => firstValueFrom(f.store.activity$(f.leadId));
const checked = (l: LeadDoc): string[] =>
  Object.keys(l.steps)
    .filter((id) => l.steps[id]!.checked)
    .sort();

async function clickAndSave(el: LeadProgressElement, ...ids: string[]): Promise<void> {
  for (const id of ids) {
    step(el, id).click();
    await el.updateComplete;
  }
  button(el, 'save').click();
  await until(() => shadow(el).querySelector('[part~="prompt"]'), 'the follow-up prompt');
}

describe('<lead-progress>', () => {
  it('shows saved ticks green and unsaved ticks red, each with an icon and a text, not by colour alone', async () => {
    fx = await fixture({ steps: ['phone-call-made'] });
    const el = await mountProgress(fx);
    step(el, 'test-drive').click();
    await el.updateComplete;
    const saved = step(el, 'phone-call-made');
    const pending = step(el, 'test-drive');
    expect(saved.dataset['mark']).to.equal('saved');
    expect(pending.dataset['mark']).to.equal('pending-check');
    expect(getComputedStyle(saved).color).to.equal('rgb(26, 127, 55)');
    expect(getComputedStyle(pending).color).to.equal('rgb(180, 35, 24)');
    expect(text(saved.querySelector('.icon'))).to.equal('✓');
    expect(text(pending.querySelector('.icon'))).to.equal('✓');
    expect(text(saved)).to.contain('(Saved)');
    expect(text(pending)).to.contain('Ticked, not saved');
    expect(saved.getAttribute('aria-checked')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('does not back-fill earlier steps when a later step is ticked and saved', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    await clickAndSave(el, 'present-deal');
    const l = await lead(fx);
    expect(checked(l)).to.deep.equal(['present-deal']);
    expect(mark(el, 'awaiting-action')).to.equal('empty');
    expect(mark(el, 'phone-call-made')).to.equal('empty');
    expect(mark(el, 'present-deal')).to.equal('saved');
  });

  it('keeps nothing until Save: Cancel drops the red ticks and the database is unchanged', async () => {
    fx = await fixture({ steps: ['awaiting-action'] });
    const el = await mountProgress(fx);
    step(el, 'finance').click();
    step(el, 'awaiting-action').click();
    await el.updateComplete;
    expect(mark(el, 'finance')).to.equal('pending-check');
    expect(mark(el, 'awaiting-action')).to.equal('pending-clear');
    button(el, 'cancel').click();
    await el.updateComplete;
    expect(mark(el, 'finance')).to.equal('empty');
    expect(mark(el, 'awaiting-action')).to.equal('saved');
    expect(checked(await lead(fx))).to.deep.equal(['awaiting-action']);
    const passes = (await activity(fx)).filter((a) => a.kind === 'progress-pass');
    expect(passes).to.have.length(1);
  });

  it('cycles a saved step: saved → cleared on save → ticked again (red) → saved', async () => {
    fx = await fixture({ steps: ['test-drive'] });
    const el = await mountProgress(fx);
    const s = step(el, 'test-drive');
    expect(mark(el, 'test-drive')).to.equal('saved');
    s.click();
    await el.updateComplete;
    expect(mark(el, 'test-drive')).to.equal('pending-clear');
    expect(text(s)).to.contain('Will be cleared on save');
    expect(s.getAttribute('aria-checked')).to.equal('false');
    s.click();
    await el.updateComplete;
    expect(mark(el, 'test-drive')).to.equal('pending-recheck');
    expect(getComputedStyle(s).color).to.equal('rgb(180, 35, 24)');
    s.click();
    await el.updateComplete;
    expect(mark(el, 'test-drive')).to.equal('saved');
  });

  it('cycles an unsaved step: empty → ticked (red) → empty', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    step(el, 'finance').click();
    await el.updateComplete;
    expect(mark(el, 'finance')).to.equal('pending-check');
    step(el, 'finance').click();
    await el.updateComplete;
    expect(mark(el, 'finance')).to.equal('empty');
  });

  it('deletes a saved step on save when it is clicked until empty', async () => {
    fx = await fixture({ steps: ['awaiting-action', 'phone-call-made'] });
    const el = await mountProgress(fx);
    await clickAndSave(el, 'phone-call-made');
    expect(checked(await lead(fx))).to.deep.equal(['awaiting-action']);
    const cleared = (await activity(fx)).filter((a) => a.kind === 'progress-pass' && a.action === 'cleared');
    expect(cleared.map((a) => (a as { stepId: string }).stepId)).to.deep.equal(['phone-call-made']);
  });

  it('makes the step ticked last (by time, not position) the Progress, marked aria-current="step"', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    await clickAndSave(el, 'finance', 'phone-call-made');
    const l = await lead(fx);
    expect(l.progressStepId).to.equal('phone-call-made');
    await until(() => step(el, 'phone-call-made').getAttribute('aria-current') === 'step', 'aria-current on the last ticked step');
    expect(shadow(el).querySelectorAll('[aria-current="step"]')).to.have.length(1);
    expect(text(shadow(el).querySelector('[part="current"]'))).to.equal('Progress: Phone Call Made');
  });

  it('rolls the Progress back to the previous step when the current one is removed', async () => {
    fx = await fixture();
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['meet-and-qualify'], clear: [], note: '' } });
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['awaiting-action'], clear: [], note: '' } });
    const el = await mountProgress(fx);
    expect(step(el, 'awaiting-action').getAttribute('aria-current')).to.equal('step');
    await clickAndSave(el, 'awaiting-action');
    const l = await lead(fx);
    expect(l.progressStepId).to.equal('meet-and-qualify');
    await until(() => step(el, 'meet-and-qualify').getAttribute('aria-current') === 'step', 'roll-back shown');
  });

  it('keeps every pass through a step: a re-tick is a new pass in the audit', async () => {
    fx = await fixture({ steps: ['test-drive'] });
    const el = await mountProgress(fx);
    await clickAndSave(el, 'test-drive', 'test-drive');
    const passes = (await activity(fx)).filter((a) => a.kind === 'progress-pass' && a.stepId === 'test-drive' && a.action === 'checked');
    expect(passes).to.have.length(2);
    expect(mark(el, 'test-drive')).to.equal('saved');
  });

  it('adds the progress note to the lead notes', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    step(el, 'phone-call-made').click();
    const note = shadow(el).querySelector('textarea')!;
    note.value = 'Called, wants a test drive Saturday';
    note.dispatchEvent(new Event('input'));
    await clickAndSave(el);
    const notes = (await activity(fx)).filter((a) => a.kind === 'note');
    expect(notes.map((n) => (n as { text: string }).text)).to.include('Called, wants a test drive Saturday');
    expect(shadow(el).querySelector('textarea')!.value).to.equal('');
  });

  it('marks the note optional by default, and when the company makes it mandatory refuses an empty note inline and writes nothing', async () => {
    fx = await fixture({ policy: { mandatory: { closeLost: ['reason'], progressNote: true } } });
    const el = await mountProgress(fx);
    const label = shadow(el).querySelector('label[for="note"]')!;
    expect(text(label)).to.contain('(required)');
    step(el, 'finance').click();
    await el.updateComplete;
    button(el, 'save').click();
    await el.updateComplete;
    const note = shadow(el).querySelector('textarea')!;
    expect(note.getAttribute('aria-invalid')).to.equal('true');
    expect(text(shadow(el).querySelector('#note-error'))).to.equal('A progress note is required by your company.');
    expect(mark(el, 'finance')).to.equal('pending-check');
    expect(checked(await lead(fx))).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('says the note is optional when the company does not require it', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    expect(text(shadow(el).querySelector('label[for="note"]'))).to.contain('(optional)');
  });

  it('refuses to save when nothing changed, with a message', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    button(el, 'save').click();
    await el.updateComplete;
    expect(text(shadow(el).querySelector('.error'))).to.equal('Tick or clear at least one step before saving.');
  });

  it('confirms the save briefly (role=status), then asks to schedule a follow-up; No returns to the lead', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    const answers: string[] = [];
    el.addEventListener('follow-up-prompt', (e) => answers.push(e.detail.answer));
    await clickAndSave(el, 'phone-call-made');
    expect(text(shadow(el).querySelector('[role="status"]'))).to.equal('Progress saved.');
    const prompt = shadow(el).querySelector('[part~="prompt"]')!;
    expect(text(prompt)).to.contain('Schedule a follow-up?');
    await expect(el).to.be.accessible();
    shadow(el).querySelector<HTMLButtonElement>('[data-answer="no"]')!.click();
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="prompt"]')).to.equal(null);
    expect(shadow(el).querySelector('follow-up-form')).to.equal(null);
    expect(answers).to.deep.equal(['no']);
    expect(mark(el, 'phone-call-made')).to.equal('saved');
  });

  it('opens the follow-up form on Yes, and scheduling creates the calendar event', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    await clickAndSave(el, 'meet-and-qualify');
    shadow(el).querySelector<HTMLButtonElement>('[data-answer="yes"]')!.click();
    const form = await until(() => shadow(el).querySelector('follow-up-form'), 'the follow-up form');
    await until(() => form.shadowRoot?.querySelector('#date'), 'follow-up fields');
    await expect(el).to.be.accessible();
    const date = form.shadowRoot!.querySelector<HTMLInputElement>('#date')!;
    const tomorrow = new Date(Date.now() + 86_400_000);
    date.value = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    date.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    const scheduled = new Promise((r) => el.addEventListener('follow-up-scheduled', r, { once: true }));
    form.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
    await scheduled;
    const events = await firstValueFrom(fx.store.events$(fx.leadId));
    expect(events).to.have.length(1);
    expect(events[0]!.eventType).to.equal('follow-up');
    expect(events[0]!.title).to.equal('Follow up with Dana Whitfield');
    await until(() => !shadow(el).querySelector('follow-up-form'), 'the form closes');
  });

  it('works by keyboard: arrows move, Space toggles, Enter saves, Escape cancels', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    step(el, 'awaiting-action').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(step(el, 'phone-call-made'));
    expect(step(el, 'phone-call-made').tabIndex).to.equal(0);
    expect(step(el, 'awaiting-action').tabIndex).to.equal(-1);
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(mark(el, 'phone-call-made')).to.equal('pending-check');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(mark(el, 'phone-call-made')).to.equal('empty');
    await sendKeys({ press: 'ArrowLeft' });
    await sendKeys({ press: 'ArrowLeft' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(step(el, 'follow-up'));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await until(() => shadow(el).querySelector('[part~="prompt"]'), 'saved by Enter');
    expect(checked(await lead(fx))).to.deep.equal(['follow-up']);
    expect(el.shadowRoot!.activeElement).to.equal(shadow(el).querySelector('[data-answer="yes"]'));
  });

  it('fires a cancelable progress-save, and writes nothing when the host cancels it', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    el.addEventListener('progress-save', (e) => e.preventDefault(), { once: true });
    step(el, 'finance').click();
    await el.updateComplete;
    button(el, 'save').click();
    await el.updateComplete;
    expect(checked(await lead(fx))).to.deep.equal([]);
    expect(mark(el, 'finance')).to.equal('pending-check');
    const saved = new Promise<CustomEvent>((r) => el.addEventListener('progress-saved', r as EventListener, { once: true }));
    button(el, 'save').click();
    const event = await saved;
    expect(event.detail.update.check).to.deep.equal(['finance']);
    expect(event.detail.progressStepId).to.equal('finance');
    expect(event.composed && event.bubbles).to.equal(true);
  });

  it('updates live when the lead changes elsewhere, keeping the unsaved ticks and the note', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    step(el, 'finance').click();
    const note = shadow(el).querySelector('textarea')!;
    note.value = 'typing…';
    note.dispatchEvent(new Event('input'));
    await el.updateComplete;
    // Another writer (another element, tab or device) saves a different step.
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['test-drive'], clear: [], note: '' } });
    await until(() => mark(el, 'test-drive') === 'saved', 'the other save shown');
    expect(mark(el, 'finance')).to.equal('pending-check');
    expect(shadow(el).querySelector('textarea')!.value).to.equal('typing…');
    // …and then the same step this user ticked: the red tick becomes a re-tick of a saved step.
    await fx.run({ type: 'update-progress', leadId: fx.leadId, update: { check: ['finance'], clear: [], note: '' } });
    await until(() => mark(el, 'finance') === 'pending-recheck', 'the unsaved tick re-based');
  });

  it('on a closed lead: the steps are not editable, stay focusable (aria-disabled) and say why; nothing is written', async () => {
    fx = await fixture({ steps: ['test-drive'] });
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const el = await mountProgress(fx);
    const reason = await until(() => shadow(el).querySelector('[part="unavailable"]'), 'the reason');
    expect(text(reason)).to.equal('This lead is closed; its progress cannot change. A manager can reopen it.');
    const s = step(el, 'finance');
    expect(s.getAttribute('aria-disabled')).to.equal('true');
    expect(s.disabled).to.equal(false);
    expect(s.getAttribute('aria-describedby')).to.equal('unavailable');
    expect(button(el, 'save').getAttribute('aria-disabled')).to.equal('true');
    s.click();
    await el.updateComplete;
    expect(mark(el, 'finance')).to.equal('empty');
    step(el, 'test-drive').focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(step(el, 'trade-in-appraisal'));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(mark(el, 'trade-in-appraisal')).to.equal('empty');
    expect(mark(el, 'test-drive')).to.equal('saved');
    expect(shadow(el).querySelector('[part~="prompt"]')).to.equal(null);
    expect(checked(await lead(fx))).to.deep.equal(['test-drive']);
    await expect(el).to.be.accessible();
  });

  it('becomes unavailable live when the lead is closed elsewhere while the user edits, keeping the typed note', async () => {
    fx = await fixture();
    const el = await mountProgress(fx);
    step(el, 'finance').click();
    const note = shadow(el).querySelector('textarea')!;
    note.value = 'called twice';
    note.dispatchEvent(new Event('input'));
    await el.updateComplete;
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    await until(() => shadow(el).querySelector('[part="unavailable"]'), 'the reason shown live');
    expect(shadow(el).querySelector('textarea')!.value).to.equal('called twice');
    button(el, 'save').click();
    await el.updateComplete;
    expect(checked(await lead(fx))).to.deep.equal([]);
    const passes = (await activity(fx)).filter((a) => a.kind === 'progress-pass');
    expect(passes).to.have.length(0);
  });

  it('works with no provider: opens the page store from its own attributes', async () => {
    fx = await fixture({ steps: ['finance'] });
    const el = await mount<LeadProgressElement>(
      html`<lead-progress dealership=${DEALERSHIP} database=${fx.database} user="sam" lead-id=${fx.leadId}></lead-progress>`,
    );
    await until(() => shadow(el).querySelector('.step'), 'steps rendered alone');
    expect(el.store).to.equal(fx.store);
    expect(mark(el, 'finance')).to.equal('saved');
    await clickAndSave(el, 'delivery');
    expect(checked(await lead(fx))).to.deep.equal(['delivery', 'finance']);
  });

  it('says it is not connected when alone without a dealership', async () => {
    fx = await fixture();
    const el = await mount<LeadProgressElement>(html`<lead-progress lead-id=${fx.leadId}></lead-progress>`);
    await until(() => text(shadow(el).querySelector('[part="message"]')).startsWith('Not connected'), 'the message');
    await expect(el).to.be.accessible();
  });

  it('picks up a late provider: a <lead-store> defined after the element', async () => {
    fx = await fixture({ steps: ['sold'] });
    const wrapper = document.createElement('late-store-wrapper');
    // An undefined tag stands in for <lead-store> whose definition loads later.
    document.body.append(wrapper);
    const el = document.createElement('lead-progress');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-store-wrapper', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store, 'the late provider');
    await until(() => el.shadowRoot?.querySelector('.step'), 'steps');
    expect(mark(el, 'sold')).to.equal('saved');
  });
});
