import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom, filter } from 'rxjs';
import '../lead-store/define.js';
import '../lead-progress/define.js';
import './define.js';
import type { LeadResponseElement } from './lead-response.component.js';
import type { LeadProgressElement } from '../lead-progress/lead-progress.component.js';
import type { LeadStoreElement } from '../lead-store/lead-store.component.js';
import type { ActivityDoc, LeadDoc, ResponseKind } from '../../src/model/index.js';
import { DEALERSHIP, fixture, shadow, text, until, type Fixture } from '../../test/browser/components/fixture.js';

let fx: Fixture;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
});

const $ = <T extends Element = HTMLElement>(el: Element, selector: string): T => shadow(el).querySelector<T>(selector)!;
const radio = (el: Element, kind: string) => $<HTMLInputElement>(el, `input[name="kind"][value="${kind}"]`);
const box = (el: Element) => shadow(el).querySelector<HTMLInputElement>('#update-progress');
const lead = (f: Fixture): Promise<LeadDoc> => firstValueFrom(f.store.lead$(f.leadId).pipe(filter((l): l is LeadDoc => !!l)));
const activity = (f: Fixture): Promise<ActivityDoc[]> => firstValueFrom(f.store.activity$(f.leadId));
const responsesWritten = async (f: Fixture): Promise<number> => (await activity(f)).filter((a) => a.kind === 'audit' && a.action === 'record-response').length;

/** What a person sees in <lead-progress>: the "Progress: …" line and each step's mark. */
const progressLine = (p: LeadProgressElement): string => text(shadow(p).querySelector('[part="current"]'));
const stepMark = (p: LeadProgressElement, id: string): string | undefined => shadow(p).querySelector<HTMLElement>(`.step[data-step="${id}"]`)?.dataset['mark'];

function typeNotes(el: Element, value: string): void {
  const notes = $<HTMLTextAreaElement>(el, '#notes');
  notes.value = value;
  notes.dispatchEvent(new Event('input', { bubbles: true }));
}

async function save(el: LeadResponseElement): Promise<void> {
  $<HTMLButtonElement>(el, '[data-action="save"]').click();
  await el.updateComplete;
}

/** <lead-response> and <lead-progress> for the same lead, in one provider. */
async function mountBoth(f: Fixture): Promise<{ el: LeadResponseElement; progress: LeadProgressElement }> {
  const host = await mount<LeadStoreElement>(
    html`<lead-store .store=${f.store}>
      <lead-response lead-id=${f.leadId}></lead-response>
      <lead-progress lead-id=${f.leadId}></lead-progress>
    </lead-store>`,
  );
  const el = host.querySelector('lead-response')!;
  const progress = host.querySelector('lead-progress')!;
  await until(() => shadow(el).querySelector('input[name="kind"]') && el.actor !== undefined, 'the response form');
  await until(() => shadow(progress).querySelector('.step'), 'the progress steps');
  return { el, progress };
}

const SEED_KINDS: { name: string; kind: ResponseKind; label: string; stepId: string; stepLabel: string }[] = [
  { name: 'seed: a Test Drive response ticks the Test Drive step', kind: 'test-drive', label: 'Test Drive', stepId: 'test-drive', stepLabel: 'Test Drive' },
  {
    name: 'seed: an Appraisal response ticks the Trade-In Appraisal step',
    kind: 'appraisal',
    label: 'Appraisal',
    stepId: 'trade-in-appraisal',
    stepLabel: 'Trade-In Appraisal',
  },
  {
    name: 'seed: an Email response ticks the Phone Call Made step',
    kind: 'email-response',
    label: 'Email Response',
    stepId: 'phone-call-made',
    stepLabel: 'Phone Call Made',
  },
  {
    name: 'seed: an SMS response ticks the Phone Call Made step',
    kind: 'sms-response',
    label: 'SMS Response',
    stepId: 'phone-call-made',
    stepLabel: 'Phone Call Made',
  },
];

describe('<lead-response>', () => {
  for (const c of SEED_KINDS) {
    it(c.name, async () => {
      fx = await fixture();
      const { el, progress } = await mountBoth(fx);
      expect(progressLine(progress)).to.equal('Progress: No progress yet');
      radio(el, c.kind).click();
      await el.updateComplete;
      expect(box(el)!.checked, "'Update Lead Progress' is ticked by default").to.equal(true);
      expect(text($(el, '#update-progress-help'))).to.equal(`Ticks '${c.stepLabel}' on the road to the sale.`);
      typeNotes(el, `${c.label} done`);
      const recorded = new Promise<CustomEvent>((r) => el.addEventListener('response-recorded', r as EventListener, { once: true }));
      await save(el);
      const detail = (await recorded).detail;
      expect(detail).to.deep.include({ leadId: fx.leadId, kind: c.kind, updateProgress: true, tickedStepId: c.stepId, progressStepId: c.stepId });
      // What the person sees: the step ticked (saved, green) in the lead's progress, and the confirmation.
      await until(() => progressLine(progress) === `Progress: ${c.stepLabel}`, `the lead's progress at ${c.stepLabel}`);
      expect(stepMark(progress, c.stepId)).to.equal('saved');
      expect(shadow(progress).querySelectorAll('.step[data-mark="saved"]')).to.have.length(1);
      const status = $(el, '[part="status"]');
      expect(status.getAttribute('role')).to.equal('status');
      expect(text(status)).to.equal(`${c.label} recorded. Progress: '${c.stepLabel}' ticked.`);
      // The form is empty again, ready for the next response.
      expect(shadow(el).querySelector('input[name="kind"]:checked')).to.equal(null);
      expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('');
      // The notes went to the lead's notes, the tick is a pass via the response.
      const acts = await activity(fx);
      expect(acts.some((a) => a.kind === 'note' && a.text === `${c.label} done` && a.context === c.kind)).to.equal(true);
      expect(acts.some((a) => a.kind === 'progress-pass' && a.stepId === c.stepId && a.via === c.kind)).to.equal(true);
      await expect(el).to.be.accessible();
    });
  }

  it("seed: with 'Update Lead Progress' unticked the response is recorded and no step is ticked", async () => {
    fx = await fixture();
    const { el, progress } = await mountBoth(fx);
    radio(el, 'test-drive').click();
    await el.updateComplete;
    box(el)!.click();
    await el.updateComplete;
    expect(box(el)!.checked).to.equal(false);
    await save(el);
    await until(() => text($(el, '[part="status"]')) === 'Test Drive recorded.', 'the confirmation');
    expect(await responsesWritten(fx)).to.equal(1);
    expect((await activity(fx)).filter((a) => a.kind === 'progress-pass')).to.have.length(0);
    expect(progressLine(progress)).to.equal('Progress: No progress yet');
    expect(stepMark(progress, 'test-drive')).to.equal('empty');
  });

  it("seed: a response for a step ticked before is a new pass, and the lead's Progress becomes that step (the last one checked)", async () => {
    fx = await fixture({ steps: ['test-drive', 'present-deal'] });
    const { el, progress } = await mountBoth(fx);
    expect(progressLine(progress)).to.equal('Progress: Present Deal');
    radio(el, 'test-drive').click();
    await el.updateComplete;
    expect(text($(el, '#update-progress-help'))).to.equal("'Test Drive' is already ticked: this records another pass through it.");
    await save(el);
    await until(() => progressLine(progress) === 'Progress: Test Drive', 'progress back at Test Drive');
    expect(stepMark(progress, 'present-deal')).to.equal('saved');
    const passes = (await activity(fx)).filter((a) => a.kind === 'progress-pass' && a.stepId === 'test-drive');
    expect(passes, 'every pass is kept').to.have.length(2);
  });

  it('keyboard only: arrow keys choose the kind, Tab reaches the box, the notes and Save, Enter records', async () => {
    fx = await fixture();
    const { el, progress } = await mountBoth(fx);
    el.focus();
    expect(shadow(el).activeElement).to.equal(radio(el, 'test-drive'));
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(radio(el, 'appraisal').checked).to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal(box(el));
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(box(el)!.checked, 'Space toggles the box off and on').to.equal(true);
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal($(el, '#notes'));
    await sendKeys({ type: 'Valued at 9,000' });
    await sendKeys({ press: 'Tab' });
    expect(shadow(el).activeElement).to.equal($(el, '[data-action="save"]'));
    await sendKeys({ press: 'Enter' });
    await until(() => progressLine(progress) === 'Progress: Trade-In Appraisal', 'ticked by keyboard');
    await until(() => text($(el, '[part="status"]')).startsWith('Appraisal recorded.'), 'the confirmation');
    expect((await activity(fx)).some((a) => a.kind === 'note' && a.text === 'Valued at 9,000')).to.equal(true);
  });

  it('bad input: no kind chosen, or notes over the limit, shows inline errors, keeps the input and writes nothing', async () => {
    fx = await fixture();
    const { el, progress } = await mountBoth(fx);
    typeNotes(el, 'Called back');
    await save(el);
    const kinds = $(el, '[part="kinds"]');
    expect(text($(el, '#kind-error'))).to.equal('Choose the kind of response.');
    expect(kinds.getAttribute('aria-invalid')).to.equal('true');
    expect(kinds.getAttribute('aria-describedby')).to.contain('kind-error');
    expect(shadow(el).activeElement, 'focus goes to the kinds').to.equal(radio(el, 'test-drive'));
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('Called back');
    await expect(el).to.be.accessible();

    radio(el, 'sms-response').click();
    await el.updateComplete;
    expect(shadow(el).querySelector('#kind-error'), 'choosing clears the message').to.equal(null);
    typeNotes(el, 'x'.repeat(4001));
    await save(el);
    expect(text($(el, '#notes-error'))).to.equal('Notes are limited to 4,000 characters; these have 4,001.');
    expect($(el, '#notes').getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal($(el, '#notes'));
    expect(radio(el, 'sms-response').checked).to.equal(true);
    await expect(el).to.be.accessible();

    expect(await responsesWritten(fx)).to.equal(0);
    expect((await activity(fx)).filter((a) => a.kind === 'note')).to.have.length(0);
    expect(progressLine(progress)).to.equal('Progress: No progress yet');
  });

  it('fires a cancelable response-record first; a host veto writes nothing', async () => {
    fx = await fixture();
    const { el } = await mountBoth(fx);
    let seen: unknown = null;
    el.addEventListener('response-record', (e) => {
      seen = e.detail;
      e.preventDefault();
    });
    radio(el, 'email-response').click();
    typeNotes(el, 'Replied');
    await save(el);
    expect(seen).to.deep.equal({ leadId: fx.leadId, kind: 'email-response', notes: 'Replied', updateProgress: true });
    expect(await responsesWritten(fx)).to.equal(0);
    expect(radio(el, 'email-response').checked, 'the input is kept').to.equal(true);
  });

  it('a lead closed meanwhile (another device): an inline message, the input kept, nothing written', async () => {
    fx = await fixture();
    const { el } = await mountBoth(fx);
    radio(el, 'test-drive').click();
    typeNotes(el, 'Drove the RAV4');
    await el.updateComplete;
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const banner = await until(() => shadow(el).querySelector('[part="closed-meanwhile"]'), 'the closed-meanwhile message');
    expect(text(banner)).to.equal('This lead was closed meanwhile (on another device or by someone else). Nothing was saved.');
    expect(banner.getAttribute('role')).to.equal('alert');
    expect($(el, '[data-action="save"]').getAttribute('aria-disabled')).to.equal('true');
    await save(el);
    expect($<HTMLTextAreaElement>(el, '#notes').value).to.equal('Drove the RAV4');
    expect(radio(el, 'test-drive').checked).to.equal(true);
    expect(await responsesWritten(fx)).to.equal(0);
    expect((await lead(fx)).steps['test-drive']).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('a lead the store finds closed at save (the refusal) is shown as closed meanwhile, not as a raw error', async () => {
    fx = await fixture();
    const { el } = await mountBoth(fx);
    radio(el, 'appraisal').click();
    await el.updateComplete;
    // The close lands between the form's own check and the store's decision (the store runs
    // commands in order: this one first).
    el.addEventListener('response-record', () => {
      void fx.run({
        type: 'close-won',
        leadId: fx.leadId,
        choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
      });
    });
    const failed = new Promise<CustomEvent>((r) => el.addEventListener('command-failed', r as EventListener, { once: true }));
    await save(el);
    const outcome = (await failed).detail.error.code as string;
    expect(outcome).to.equal('lead/closed');
    await until(() => shadow(el).querySelector('[part="closed-meanwhile"]'), 'the closed-meanwhile message');
    expect(shadow(el).querySelector('.error')).to.equal(null);
    expect(radio(el, 'appraisal').checked).to.equal(true);
    expect(await responsesWritten(fx)).to.equal(0);
  });

  it('on a closed lead: the controls stay focusable but aria-disabled, say why, and nothing is written', async () => {
    fx = await fixture();
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const { el } = await mountBoth(fx);
    const reason = await until(() => shadow(el).querySelector('[part="unavailable"]'), 'the reason');
    expect(text(reason)).to.equal('This lead is closed; no response can be recorded. A manager can reopen it.');
    expect(shadow(el).querySelector('[part="closed-meanwhile"]'), 'nothing was typed: no alarm').to.equal(null);
    const r = radio(el, 'test-drive');
    expect(r.getAttribute('aria-disabled')).to.equal('true');
    expect(r.disabled).to.equal(false);
    r.click();
    await el.updateComplete;
    expect(r.checked).to.equal(false);
    r.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(shadow(el).querySelector('input[name="kind"]:checked')).to.equal(null);
    const saveButton = $(el, '[data-action="save"]');
    expect(saveButton.getAttribute('aria-disabled')).to.equal('true');
    expect(saveButton.getAttribute('aria-describedby')).to.equal('unavailable');
    await save(el);
    expect(await responsesWritten(fx)).to.equal(0);
    await expect(el).to.be.accessible();
  });

  it("seed: when the company's road to the sale has no step for the response, the box is not offered and only the response is recorded", async () => {
    fx = await fixture({
      policy: {
        progressSteps: [
          { id: 'awaiting-action', label: 'Awaiting Action' },
          { id: 'test-drive', label: 'Test Drive' },
          { id: 'sold', label: 'Sold' },
        ],
      },
    });
    const { el, progress } = await mountBoth(fx);
    radio(el, 'appraisal').click();
    await el.updateComplete;
    expect(box(el)).to.equal(null);
    expect(text($(el, '[part="no-step"]'))).to.equal("Your company's road to the sale has no step for this kind of response: only the response is recorded.");
    await save(el);
    await until(() => text($(el, '[part="status"]')) === 'Appraisal recorded.', 'the confirmation');
    expect(await responsesWritten(fx)).to.equal(1);
    expect(progressLine(progress)).to.equal('Progress: No progress yet');
    await expect(el).to.be.accessible();
  });

  it('renders hostile text as text: the customer name, a step label and the notes', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    fx = await fixture({
      customer: hostile,
      policy: {
        progressSteps: [
          { id: 'awaiting-action', label: 'Awaiting Action' },
          { id: 'test-drive', label: hostile },
        ],
      },
    });
    const { el, progress } = await mountBoth(fx);
    expect(text($(el, '[part="customer"]'))).to.equal(hostile);
    radio(el, 'test-drive').click();
    typeNotes(el, hostile);
    await el.updateComplete;
    expect(text($(el, '#update-progress-help'))).to.equal(`Ticks '${hostile}' on the road to the sale.`);
    await save(el);
    await until(() => text($(el, '[part="status"]')) === `Test Drive recorded. Progress: '${hostile}' ticked.`, 'the confirmation');
    await until(() => progressLine(progress) === `Progress: ${hostile}`, 'the progress line');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect(shadow(progress).querySelector('img')).to.equal(null);
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('works with no provider: opens the page store from its own attributes and records', async () => {
    fx = await fixture();
    const el = await mount<LeadResponseElement>(
      html`<lead-response dealership=${DEALERSHIP} database=${fx.database} user="sam" lead-id=${fx.leadId}></lead-response>`,
    );
    await until(() => el.store === fx.store && el.actor && shadow(el).querySelector('input[name="kind"]'), 'ready alone');
    radio(el, 'sms-response').click();
    await save(el);
    await until(async () => (await lead(fx)).steps['phone-call-made']?.checked === true, 'ticked');
  });

  it('picks up a late provider', async () => {
    fx = await fixture();
    const wrapper = document.createElement('late-response-store');
    document.body.append(wrapper);
    const el = document.createElement('lead-response');
    el.leadId = fx.leadId;
    wrapper.append(el);
    await new Promise((r) => setTimeout(r, 30));
    expect(el.store).to.equal(undefined);
    const { LeadStoreElement } = await import('../lead-store/lead-store.component.js');
    customElements.define('late-response-store', class extends LeadStoreElement {});
    (wrapper as unknown as LeadStoreElement).store = fx.store;
    await until(() => el.store === fx.store && shadow(el).querySelector('input[name="kind"]'), 'the late provider');
  });
});
