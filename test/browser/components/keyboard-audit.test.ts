/**
 * Keyboard audit of the lead widgets, with real key presses (sendKeys): in every state worth
 * checking, Tab reaches each interactive control (one stop per radio group and per roving step
 * list), each focused control shows a focus ring, each target is at least 24 × 24 px (the control
 * with the label that wraps it), and focus returns to what opened a dialog or a prompt.
 */
import { expect, fixture as mount, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { firstValueFrom } from 'rxjs';
import '../../../components/lead-store/define.js';
import '../../../components/lead-progress/define.js';
import '../../../components/close-lost-dialog/define.js';
import '../../../components/close-won-dialog/define.js';
import '../../../components/follow-up-form/define.js';
import '../../../components/lead-interest/define.js';
import '../../../components/lead-response/define.js';
import type { LeadStoreElement } from '../../../components/lead-store/lead-store.component.js';
import { fixture, shadow, until, type Fixture } from './fixture.js';

let fx: Fixture | undefined;
afterEach(async () => {
  document.body.replaceChildren();
  await fx?.remove();
  fx = undefined;
});

function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

const describeEl = (el: Element): string =>
  `${el.tagName.toLowerCase()}${el.getAttribute('part') ? `[part=${el.getAttribute('part')}]` : ''}${el.id ? '#' + el.id : ''}${el.getAttribute('data-step') ? `[data-step=${el.getAttribute('data-step')}]` : ''}${el.getAttribute('data-action') ? `[data-action=${el.getAttribute('data-action')}]` : ''}${(el as HTMLInputElement).value && el.tagName === 'INPUT' ? `[value=${(el as HTMLInputElement).value}]` : ''}`;

/** The controls of a root that Tab should stop at: visible, enabled, tabindex ≥ 0, one per radio group. */
function expectedStops(root: ParentNode): Element[] {
  const all = [...root.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]')].filter(
    (e) => e.getClientRects().length > 0 && !(e as HTMLButtonElement).disabled && e.tabIndex >= 0 && !e.closest('[inert]'),
  );
  const radioGroups = new Set<string>();
  return all.filter((e) => {
    if (!(e instanceof HTMLInputElement) || e.type !== 'radio') return true;
    if (radioGroups.has(e.name)) return false;
    radioGroups.add(e.name);
    return true;
  });
}

const unringed = new Set<Element>();

/** Presses Tab from the current focus until `stop` returns true (or a limit), collecting what got focus and whether it showed a ring then. */
async function tabThrough(stop: (el: Element | null, seen: Element[]) => boolean, limit = 40): Promise<Element[]> {
  const seen: Element[] = [];
  for (let i = 0; i < limit; i += 1) {
    await sendKeys({ press: 'Tab' });
    const el = deepActive();
    if (stop(el, seen)) break;
    if (!el) continue;
    seen.push(el);
    if (!focusRing(el)) unringed.add(el);
  }
  return seen;
}

/** A visible focus indicator: an outline of at least 2 px on the control, or on the label that is its face. */
function focusRing(el: Element): boolean {
  return [el, el.closest('label')].some((e) => {
    if (!e) return false;
    const s = getComputedStyle(e);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
}

/** The target: the control united with a label that wraps it (a click on either acts). */
function targetSize(el: Element): { width: number; height: number } {
  const rects = [el.getBoundingClientRect(), el.closest('label')?.getBoundingClientRect()].filter((r): r is DOMRect => !!r);
  const left = Math.min(...rects.map((r) => r.left));
  const right = Math.max(...rects.map((r) => r.right));
  const top = Math.min(...rects.map((r) => r.top));
  const bottom = Math.max(...rects.map((r) => r.bottom));
  return { width: right - left, height: bottom - top };
}

/** Tabs from a button placed before `host` to one placed after it; checks stops, rings and sizes against `roots`. */
async function audit(host: Element, roots: ParentNode[]): Promise<Element[]> {
  const before = document.createElement('button');
  before.textContent = 'before';
  const after = document.createElement('button');
  after.textContent = 'after';
  host.before(before);
  host.after(after);
  before.focus();
  const problems: string[] = [];
  unringed.clear();
  const seen = await tabThrough((el) => el === after);
  for (const el of new Set(seen)) if (unringed.has(el)) problems.push(`${describeEl(el)}: no visible focus ring`);
  const expected = roots.flatMap(expectedStops);
  for (const el of expected) {
    if (!seen.includes(el)) problems.push(`${describeEl(el)}: not reachable by Tab`);
    const { width, height } = targetSize(el);
    if (width < 24 || height < 24) problems.push(`${describeEl(el)}: target ${width.toFixed(0)}×${height.toFixed(0)} px`);
  }
  expect(problems).to.deep.equal([]);
  before.remove();
  after.remove();
  return seen;
}

/** Inside an open modal dialog: Tab cycles through its controls only. */
async function auditModal(dialog: HTMLDialogElement): Promise<void> {
  const expected = expectedStops(dialog);
  expect(expected.length).to.be.greaterThan(3);
  (expected[0] as HTMLElement).focus();
  unringed.clear();
  const seen = [deepActive()!, ...(await tabThrough((el, s) => el === expected[0] || s.length > expected.length + 8))];
  const problems: string[] = [];
  for (const el of new Set(seen)) {
    // Past the last control Chrome hands focus to the browser's own UI (the body here) and then back
    // to the dialog: allowed. Any other element of the page is not.
    if (el === document.body) continue;
    if (!dialog.contains(el)) problems.push(`${describeEl(el)}: focus left the modal dialog`);
    else if (unringed.has(el)) problems.push(`${describeEl(el)}: no visible focus ring`);
  }
  for (const el of expected) {
    if (!seen.includes(el)) problems.push(`${describeEl(el)}: not reachable by Tab`);
    const { width, height } = targetSize(el);
    if (width < 24 || height < 24) problems.push(`${describeEl(el)}: target ${width.toFixed(0)}×${height.toFixed(0)} px`);
  }
  expect(problems).to.deep.equal([]);
}

async function provided(f: Fixture, inner: ReturnType<typeof html>): Promise<LeadStoreElement> {
  return mount<LeadStoreElement>(html`<lead-store .store=${f.store}>${inner}</lead-store>`);
}

describe('keyboard audit of the lead widgets', () => {
  it('<lead-progress>: Tab reaches the step list (one stop), the note, Save and Cancel; rings and 24 px targets; arrows reach every step', async () => {
    fx = await fixture({ steps: ['phone-call-made'] });
    const host = await provided(fx, html`<lead-progress lead-id=${fx.leadId}></lead-progress>`);
    const el = host.querySelector('lead-progress')!;
    await until(() => shadow(el).querySelector('.step'), 'steps');
    const seen = await audit(el, [shadow(el)]);
    expect(seen.filter((e) => e.classList.contains('step'))).to.have.length(1);
    const steps = [...shadow(el).querySelectorAll<HTMLButtonElement>('.step')];
    for (const s of steps) {
      const { width, height } = targetSize(s);
      expect(width >= 24 && height >= 24, `${s.dataset['step']} is ${width}×${height}`).to.equal(true);
    }
    steps[0]!.focus();
    const reached = new Set<string>();
    for (let i = 0; i < steps.length; i += 1) {
      reached.add((deepActive() as HTMLElement).dataset['step']!);
      expect(focusRing(deepActive()!), 'arrow-key focus shows a ring').to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
    }
    expect(reached.size).to.equal(steps.length);
  });

  it('<lead-progress>: after Save focus goes to the prompt; Yes → the follow-up form, scheduling or cancelling it returns focus to the steps', async () => {
    fx = await fixture();
    const host = await provided(fx, html`<lead-progress lead-id=${fx.leadId}></lead-progress>`);
    const el = host.querySelector('lead-progress')!;
    await until(() => shadow(el).querySelector('.step'), 'steps');
    shadow(el).querySelector<HTMLButtonElement>('.step[data-step="finance"]')!.focus();
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.getAttribute('data-answer') === 'yes', 'focus on Yes');
    await audit(el, [shadow(el).querySelector('[part~="prompt"]')!]);
    shadow(el).querySelector<HTMLButtonElement>('[data-answer="yes"]')!.focus();
    await sendKeys({ press: 'Enter' });
    const form = await until(
      () => shadow(el).querySelector('follow-up-form')?.shadowRoot?.querySelector('#type') && shadow(el).querySelector('follow-up-form')!,
      'the form',
    );
    await until(() => deepActive()?.id === 'type', 'focus in the form');
    await audit(el, [form.shadowRoot!]);
    // Cancel by keyboard: focus back on the steps.
    form.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="cancel"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.classList.contains('step'), 'focus back on a step after Cancel');
    // Again, and this time schedule it by keyboard.
    await sendKeys({ press: 'Space' });
    await sendKeys({ press: 'Enter' });
    await until(() => deepActive()?.getAttribute('data-answer') === 'yes', 'focus on Yes again');
    await sendKeys({ press: 'Enter' });
    const again = await until(
      () => shadow(el).querySelector('follow-up-form')?.shadowRoot?.querySelector('#date') && shadow(el).querySelector('follow-up-form')!,
      'the form again',
    );
    const date = again.shadowRoot!.querySelector<HTMLInputElement>('#date')!;
    const tomorrow = new Date(Date.now() + 86_400_000);
    date.value = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    date.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    again.shadowRoot!.querySelector<HTMLButtonElement>('button[type="submit"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(() => !shadow(el).querySelector('follow-up-form'), 'the form closes');
    await until(() => deepActive()?.classList.contains('step'), 'focus back on a step after scheduling');
    expect(shadow(el).querySelector('[part="status"]')!.textContent!.trim()).to.equal('Follow-up scheduled.');
  });

  for (const tag of ['close-lost-dialog', 'close-won-dialog'] as const) {
    it(`<${tag}>: the trigger by Enter, Tab stays in the modal and reaches every field, rings and 24 px targets; Escape and a successful close return focus to the trigger`, async () => {
      fx = await fixture();
      const host = await provided(
        fx,
        tag === 'close-lost-dialog'
          ? html`<close-lost-dialog lead-id=${fx.leadId}></close-lost-dialog>`
          : html`<close-won-dialog lead-id=${fx.leadId}></close-won-dialog>`,
      );
      const el = host.querySelector(tag)!;
      const trigger = await until(() => shadow(el).querySelector<HTMLButtonElement>('[part="trigger"][aria-disabled="false"]'), 'the trigger');
      await audit(el, [shadow(el)]);
      trigger.focus();
      await sendKeys({ press: 'Enter' });
      const dialog = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog');
      await until(() => dialog.contains(deepActive()), 'focus moved into the dialog');
      await auditModal(dialog);
      await sendKeys({ press: 'Escape' });
      await until(() => !shadow(el).querySelector('dialog[open]'), 'closed by Escape');
      await until(() => deepActive() === trigger, 'focus back on the trigger after Escape');
      // Open again and close the lead, all by keyboard.
      await sendKeys({ press: 'Space' });
      const second = await until(() => shadow(el).querySelector<HTMLDialogElement>('dialog[open]'), 'the dialog again');
      if (tag === 'close-lost-dialog') {
        const reason = second.querySelector<HTMLSelectElement>('#reason')!;
        reason.focus();
        await sendKeys({ press: 'ArrowDown' });
        await until(() => reason.value !== '', 'a reason chosen by keyboard');
        reason.dispatchEvent(new Event('change'));
      }
      second.querySelector<HTMLButtonElement>('[data-action="submit"]')!.focus();
      await sendKeys({ press: 'Enter' });
      await until(() => !shadow(el).querySelector('dialog[open]'), 'closed by submitting');
      await until(() => deepActive() === shadow(el).querySelector('[part="trigger"]'), 'focus back on the (now unavailable) trigger');
      expect(shadow(el).querySelector('[part="trigger"]')!.getAttribute('aria-disabled')).to.equal('true');
      expect(focusRing(deepActive()!)).to.equal(true);
    });
  }

  it('<close-lost-dialog>: an unavailable trigger stays in the tab order with its reason, and Enter opens nothing', async () => {
    fx = await fixture({ actor: 'sam', policy: { definedRoles: ['close-lead-lost-permission'] } });
    const host = await provided(fx, html`<close-lost-dialog lead-id=${fx.leadId}></close-lost-dialog>`);
    const el = host.querySelector('close-lost-dialog')!;
    const trigger = await until(() => shadow(el).querySelector<HTMLButtonElement>('[part="trigger"][aria-disabled="true"]'), 'unavailable');
    const seen = await audit(el, [shadow(el)]);
    expect(seen).to.include(trigger);
    trigger.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(shadow(el).querySelector('dialog')).to.equal(null);
  });

  it('<follow-up-form> alone and <lead-interest>: every control by Tab, rings, 24 px targets; interest levels by arrow keys', async () => {
    fx = await fixture();
    const host = await provided(fx, html`<follow-up-form lead-id=${fx.leadId}></follow-up-form><lead-interest lead-id=${fx.leadId}></lead-interest>`);
    const form = host.querySelector('follow-up-form')!;
    const interest = host.querySelector('lead-interest')!;
    await until(() => shadow(form).querySelector('#type') && shadow(interest).querySelector('input'), 'rendered');
    await audit(form, [shadow(form)]);
    await audit(interest, [shadow(interest)]);
    shadow(interest).querySelector<HTMLInputElement>('input:checked')!.focus();
    await sendKeys({ press: 'ArrowRight' });
    await until(() => shadow(interest).querySelector<HTMLInputElement>('input[value="cold"]')!.checked, 'cold by arrow key');
    expect(focusRing(deepActive()!)).to.equal(true);
  });

  it('<lead-response>: Tab reaches the kinds (one stop), the box, the notes, Save and Clear; rings and 24 px targets; arrows choose every kind; Space ticks, Enter records', async () => {
    fx = await fixture();
    const host = await provided(fx, html`<lead-response lead-id=${fx.leadId}></lead-response>`);
    const el = host.querySelector('lead-response')!;
    await until(() => shadow(el).querySelector('input[name="kind"]') && shadow(el).querySelector('#update-progress') && el.actor, 'the form');
    const seen = await audit(el, [shadow(el)]);
    expect(
      seen.filter((e) => e instanceof HTMLInputElement && e.name === 'kind'),
      'one stop for the kinds',
    ).to.have.length(1);
    expect(seen.map((e) => e.id || e.getAttribute('data-action')).filter(Boolean)).to.deep.equal(['update-progress', 'notes', 'save', 'clear']);
    // Every kind by arrow keys, each with a ring and a 24 px target.
    const kinds = [...shadow(el).querySelectorAll<HTMLInputElement>('input[name="kind"]')];
    kinds[0]!.focus();
    await sendKeys({ press: 'Space' });
    const reached = new Set<string>();
    for (let i = 0; i < kinds.length; i += 1) {
      const active = deepActive() as HTMLInputElement;
      reached.add(active.value);
      expect(active.checked, `${active.value} chosen by the arrow key`).to.equal(true);
      expect(focusRing(active), `${active.value}: arrow-key focus shows a ring`).to.equal(true);
      const { width, height } = targetSize(active);
      expect(width >= 24 && height >= 24, `${active.value} is ${width}×${height}`).to.equal(true);
      await sendKeys({ press: 'ArrowRight' });
    }
    expect(reached.size).to.equal(kinds.length);
    // Back on Test Drive (the arrows wrap), then Space on the box toggles it, Enter on Save records.
    await until(() => (deepActive() as HTMLInputElement).value === 'test-drive', 'the arrows wrap to the first kind');
    await sendKeys({ press: 'Tab' });
    expect(deepActive()?.id).to.equal('update-progress');
    await sendKeys({ press: 'Space' });
    await until(() => !shadow(el).querySelector<HTMLInputElement>('#update-progress')!.checked, 'unticked by Space');
    await sendKeys({ press: 'Space' });
    await until(() => shadow(el).querySelector<HTMLInputElement>('#update-progress')!.checked, 'ticked again by Space');
    shadow(el).querySelector<HTMLButtonElement>('[data-action="save"]')!.focus();
    await sendKeys({ press: 'Enter' });
    await until(
      () => shadow(el).querySelector('[part="status"]')!.textContent!.trim() === "Test Drive recorded. Progress: 'Test Drive' ticked.",
      'recorded by keyboard',
    );
    expect(deepActive(), 'focus stays on Save after recording').to.equal(shadow(el).querySelector('[data-action="save"]'));
    expect(focusRing(deepActive()!)).to.equal(true);
  });

  it('<lead-response> on a closed lead: every control stays in the tab order, aria-disabled with its reason; arrows and Enter record nothing', async () => {
    fx = await fixture();
    await fx.run({
      type: 'close-won',
      leadId: fx.leadId,
      choices: { completeOverdueEvents: true, completeAllEvents: false, notes: '', contactGroups: [], followUpAt: null },
    });
    const host = await provided(fx, html`<lead-response lead-id=${fx.leadId}></lead-response>`);
    const el = host.querySelector('lead-response')!;
    await until(() => shadow(el).querySelector('[part="unavailable"]') && shadow(el).querySelector('input[name="kind"]'), 'the closed form');
    const seen = await audit(el, [shadow(el)]);
    const save = shadow(el).querySelector<HTMLButtonElement>('[data-action="save"]')!;
    expect(seen).to.include(save);
    expect(save.getAttribute('aria-disabled')).to.equal('true');
    expect(save.getAttribute('aria-describedby')).to.equal('unavailable');
    const first = shadow(el).querySelector<HTMLInputElement>('input[name="kind"]')!;
    expect(seen).to.include(first);
    expect(first.getAttribute('aria-disabled')).to.equal('true');
    first.focus();
    await sendKeys({ press: 'ArrowRight' });
    await el.updateComplete;
    expect(shadow(el).querySelector('input[name="kind"]:checked'), 'arrows choose nothing').to.equal(null);
    save.focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(shadow(el).querySelector('[part="status"]')!.textContent!.trim()).to.equal('');
    const activity = await firstValueFrom(fx.store.activity$(fx.leadId));
    expect(
      activity.filter((a) => a.kind === 'audit' && a.action === 'record-response'),
      'nothing recorded',
    ).to.have.length(0);
  });
});
