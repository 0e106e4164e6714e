/**
 * What Close Lost and Close Won share: a trigger that is unavailable (focusable, aria-disabled,
 * with a readable reason) when the rules refuse, a native modal `<dialog>` that returns focus to
 * its trigger, the two calendar-event options with their interlock, notes, contact groups, a
 * follow-up date, inline errors that keep what the user typed, and the "closed meanwhile" case.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { Actor, CloseWonChoices, CompanyPolicy, ErrorCode, LeadDoc, Result, RuleError } from '../../src/model/index.js';
import { isOverdueOptionLocked, setEventOption, type EventOptionsMemo } from '../../src/rules/index.js';
import { parseLocal, localDateValue } from './dates.js';
import { errorMessage, msg, unavailableReason } from './i18n.js';
import { LeadElement } from './lead-element.js';

export type Availability = { ok: true; mode: 'close' | 'request' } | { ok: false; code: ErrorCode | 'loading'; reason: string };

/** A refusal that means the lead changed under the open dialog (closed, or a close requested elsewhere). */
const CLOSED_MEANWHILE: readonly string[] = ['lead/closed', 'lead/close-requested'];

export abstract class CloseDialogBase<C extends CloseWonChoices> extends LeadElement {
  @state() protected choices: (C & EventOptionsMemo) | null = null;
  @state() protected followUpDate = '';
  @state() protected errors: RuleError[] = [];
  @state() protected closedMeanwhile = false;
  @state() protected busy = false;
  @state() protected isOpen = false;

  @query('dialog') protected dialog!: HTMLDialogElement | null;

  private returnFocusTo: HTMLElement | null = null;
  private acting = false;

  protected abstract defaultChoices(policy: CompanyPolicy): C;
  protected abstract validate(choices: C, policy: CompanyPolicy, now: number): RuleError[];
  /** Fires the cancelable event and runs the command; true when done (the dialog then closes). */
  protected abstract act(choices: C, lead: LeadDoc): Promise<boolean>;
  /** The rules' availability function for this action (src/rules/availability.ts). */
  protected abstract rule(lead: LeadDoc, actor: Actor, policy: CompanyPolicy): Result<{ mode: 'close' | 'request' }>;
  protected abstract triggerLabel(mode: 'close' | 'request'): string;
  protected abstract titleText(mode: 'close' | 'request'): string;
  protected abstract submitLabel(mode: 'close' | 'request'): string;
  protected abstract followUpLabel(): string;
  protected abstract followUpField(): 'followUp' | null;
  protected abstract renderSpecific(choices: C, policy: CompanyPolicy, mode: 'close' | 'request'): TemplateResult | typeof nothing;

  /** Whether the action is available now, and in which mode; otherwise a readable reason. No rule lives here: it asks `rule()`. */
  protected availability(): Availability {
    const { actor, lead, policy } = this;
    if (!actor) return { ok: false, code: 'auth/no-actor', reason: unavailableReason({ code: 'auth/no-actor', message: '' }) };
    if (!lead || !policy) return { ok: false, code: 'loading', reason: msg('lead.loading') };
    const result = this.rule(lead, actor, policy);
    return result.ok
      ? { ok: true, mode: result.value.mode }
      : { ok: false, code: result.error.code, reason: unavailableReason(result.error, this.unavailableContext()) };
  }

  protected unavailableContext(): '' | 'close-lost' {
    return '';
  }

  private changedMeanwhile(): boolean {
    const availability = this.availability();
    return !availability.ok && CLOSED_MEANWHILE.includes(availability.code);
  }

  get open(): boolean {
    return this.isOpen;
  }

  /** Opens the dialog (no-op while the action is unavailable). */
  async show(): Promise<void> {
    const policy = this.policy;
    if (!policy || this.isOpen || !this.availability().ok) return;
    this.returnFocusTo = deepActiveElement();
    this.choices = this.defaultChoices(policy) as C & EventOptionsMemo;
    this.followUpDate = '';
    this.errors = [];
    this.closedMeanwhile = false;
    this.isOpen = true;
    await this.updateComplete;
    if (this.dialog && !this.dialog.open) this.dialog.showModal();
  }

  /** Closes the dialog without acting; focus returns to the trigger. */
  hide(): void {
    if (this.dialog?.open) this.dialog.close();
    this.afterClose();
  }

  private readonly onDialogKeydown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    this.hide();
  };

  /** A close request (Escape, a back gesture): close through hide() so state and focus follow. */
  private readonly onDialogCancel = (event: Event): void => {
    event.preventDefault();
    this.hide();
  };

  private afterClose(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.errors = [];
    const target = this.returnFocusTo;
    this.returnFocusTo = null;
    void this.updateComplete.then(() => target?.focus());
  }

  protected override leadChanged(lead: LeadDoc | null): void {
    if (this.isOpen && !this.acting && lead && this.changedMeanwhile()) this.closedMeanwhile = true;
  }

  protected patch(changes: Partial<C>): void {
    if (!this.choices) return;
    this.choices = { ...this.choices, ...changes };
    const fields = Object.keys(changes);
    this.errors = this.errors.filter((e) => !fields.includes(e.field ?? ''));
  }

  /** Validates and acts; on any problem shows it inline, keeps every value, writes nothing. */
  async submit(): Promise<boolean> {
    const lead = this.lead;
    const policy = this.policy;
    const store = this.store;
    if (!lead || !policy || !store || !this.choices || this.busy) return false;
    if (this.changedMeanwhile()) {
      this.closedMeanwhile = true;
      return false;
    }
    const { overdueBeforeAll: _memo, ...rest } = this.choices;
    const choices = { ...rest, followUpAt: this.followUpDate ? parseLocal(this.followUpDate) : null } as unknown as C;
    const errors = this.validate(choices, policy, Date.now());
    this.errors = errors;
    if (errors.length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return false;
    }
    this.busy = true;
    this.acting = true;
    try {
      const done = await this.act(choices, lead);
      if (done) this.hide();
      return done;
    } finally {
      this.busy = false;
      this.acting = false;
    }
  }

  /** Shows a refusal from the store inline. */
  protected showRefusal(error: RuleError): void {
    if (error.code === 'lead/closed' || error.code === 'lead/close-requested') this.closedMeanwhile = true;
    else this.errors = [error];
  }

  protected fieldErrors(field: string): RuleError[] {
    return this.errors.filter((e) => e.field === field);
  }

  protected invalid(field: string): 'true' | 'false' {
    return this.fieldErrors(field).length ? 'true' : 'false';
  }

  protected describedBy(field: string, ...others: string[]): string | typeof nothing {
    const ids = [...(this.fieldErrors(field).length ? [`${field}-error`] : []), ...others];
    return ids.length ? ids.join(' ') : nothing;
  }

  protected renderFieldError(field: string): TemplateResult | typeof nothing {
    const errors = this.fieldErrors(field);
    return errors.length ? html`<p class="error" id="${field}-error">${errors.map((e) => errorMessage(e)).join(' ')}</p>` : nothing;
  }

  protected requiredMark(required: boolean): TemplateResult {
    return required ? html`<span class="req">(${msg('common.required')})</span>` : html`<span class="muted">(${msg('common.optional')})</span>`;
  }

  private renderCommon(choices: C & EventOptionsMemo, policy: CompanyPolicy, notesRequired: boolean): TemplateResult {
    const locked = isOverdueOptionLocked(choices);
    const followUpRequired = this.followUpField() !== null && policy.mandatory.closeLost.includes('followUp');
    return html`
      <fieldset part="event-options">
        <legend>${msg('close.calendar-events')}</legend>
        <label class="check">
          <input
            type="checkbox"
            id="overdue"
            .checked=${choices.completeOverdueEvents}
            aria-disabled=${locked ? 'true' : 'false'}
            aria-describedby=${locked ? 'overdue-locked' : nothing}
            @click=${(e: Event) => {
              if (isOverdueOptionLocked(this.choices!)) e.preventDefault();
            }}
            @change=${(e: Event) => {
              this.choices = setEventOption(this.choices!, 'overdue', (e.target as HTMLInputElement).checked);
            }}
          />
          ${msg('close.overdue-events')}
        </label>
        ${locked ? html`<p id="overdue-locked" class="muted locked-help">${msg('close.overdue-locked')}</p>` : nothing}
        <label class="check">
          <input
            type="checkbox"
            id="all"
            .checked=${choices.completeAllEvents}
            @change=${(e: Event) => {
              this.choices = setEventOption(this.choices!, 'all', (e.target as HTMLInputElement).checked);
            }}
          />
          ${msg('close.all-events')}
        </label>
        ${this.renderFieldError('completeOverdueEvents')}
      </fieldset>
      <div class="field">
        <label for="notes">${msg('close.notes')} ${this.requiredMark(notesRequired)}</label>
        <textarea
          id="notes"
          part="notes"
          .value=${choices.notes}
          aria-required=${notesRequired ? 'true' : 'false'}
          aria-invalid=${this.invalid('notes')}
          aria-describedby=${this.describedBy('notes')}
          @input=${(e: Event) => this.patch({ notes: (e.target as HTMLTextAreaElement).value } as Partial<C>)}
        ></textarea>
        ${this.renderFieldError('notes')}
      </div>
      <fieldset part="contact-groups" aria-invalid=${this.invalid('contactGroups')}>
        <legend>${msg('close.contact-groups')}</legend>
        ${policy.contactGroups.map(
          (g) => html`<label class="check">
            <input
              type="checkbox"
              name="contact-group"
              value=${g.id}
              .checked=${choices.contactGroups.includes(g.id)}
              @change=${(e: Event) => {
                const on = (e.target as HTMLInputElement).checked;
                const groups = this.choices!.contactGroups.filter((id) => id !== g.id);
                this.patch({ contactGroups: on ? [...groups, g.id] : groups } as Partial<C>);
              }}
            />
            ${g.label}
          </label>`,
        )}
        ${this.renderFieldError('contactGroups')}
      </fieldset>
      <div class="field">
        <label for="follow-up">${this.followUpLabel()} ${this.requiredMark(followUpRequired)}</label>
        <input
          id="follow-up"
          type="date"
          part="follow-up"
          min=${localDateValue(Date.now())}
          .value=${this.followUpDate}
          aria-required=${followUpRequired ? 'true' : 'false'}
          aria-invalid=${this.invalid('followUpAt')}
          aria-describedby=${this.describedBy('followUpAt', 'follow-up-help')}
          @input=${(e: Event) => {
            this.followUpDate = (e.target as HTMLInputElement).value;
            this.errors = this.errors.filter((x) => x.field !== 'followUpAt');
          }}
        />
        <p id="follow-up-help" class="muted">${this.followUpHelp()}</p>
        ${this.renderFieldError('followUpAt')}
      </div>
    `;
  }

  /** What the dialog says before its fields (e.g. that a request waits for a manager). */
  protected renderIntro(_mode: 'close' | 'request'): TemplateResult | typeof nothing {
    return nothing;
  }

  protected followUpHelp(): string {
    return '';
  }

  protected notesRequired(_policy: CompanyPolicy): boolean {
    return false;
  }

  private renderTrigger(availability: Availability): TemplateResult {
    const mode = availability.ok ? availability.mode : 'close';
    return html`<slot name="trigger" @click=${() => void this.show()} @slotchange=${() => this.requestUpdate()}>
        <button
          type="button"
          part="trigger"
          aria-haspopup="dialog"
          aria-disabled=${availability.ok ? 'false' : 'true'}
          aria-describedby=${availability.ok ? nothing : 'unavailable'}
        >
          ${this.triggerLabel(mode)}
        </button>
      </slot>
      ${availability.ok ? nothing : html`<span id="unavailable" part="unavailable" class="muted">${availability.reason}</span>`}`;
  }

  protected override updated(): void {
    // A slotted trigger carries the same availability as the built-in one.
    const slot = this.renderRoot.querySelector<HTMLSlotElement>('slot[name="trigger"]');
    const available = this.store && this.policy && this.lead ? this.availability().ok : false;
    for (const el of slot?.assignedElements() ?? []) {
      el.setAttribute('aria-disabled', available ? 'false' : 'true');
      el.setAttribute('aria-haspopup', 'dialog');
    }
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const policy = this.policy!;
    const lead = this.lead!;
    const availability = this.availability();
    const mode = availability.ok ? availability.mode : 'close';
    const choices = this.choices;
    const summary = this.errors.length > 0;
    return html`
      ${this.renderTrigger(availability)}
      ${
        this.isOpen && choices
          ? html`<dialog part="dialog" aria-labelledby="title" @keydown=${this.onDialogKeydown}
            @cancel=${this.onDialogCancel}
            @close=${() => this.afterClose()}>
            <form
              method="dialog"
              novalidate
              @submit=${(e: Event) => {
                e.preventDefault();
                void this.submit();
              }}
            >
              <h2 id="title" part="title">${this.titleText(mode)}: <span part="customer">${lead.customer.name}</span></h2>
              ${this.renderIntro(mode)}
              ${this.closedMeanwhile ? html`<p class="closed-meanwhile" role="alert" part="closed-meanwhile">${msg('lead.closed-elsewhere')}</p>` : nothing}
              ${summary ? html`<p class="error summary" role="alert">${msg('common.errors-summary')}</p>` : nothing}
              ${this.renderSpecific(choices, policy, mode)} ${this.renderCommon(choices, policy, this.notesRequired(policy))}
              ${this.errors
                .filter((e) => !['reasonId', 'notes', 'contactGroups', 'followUpAt', 'completeOverdueEvents'].includes(e.field ?? ''))
                .map((e) => html`<p class="error">${errorMessage(e)}</p>`)}
              <div part="footer">
                <button type="button" data-action="cancel" @click=${() => this.hide()}>${msg('common.cancel')}</button>
                <button type="submit" class="primary" data-action="submit" aria-disabled=${this.busy || this.closedMeanwhile ? 'true' : 'false'}>
                  ${this.submitLabel(mode)}
                </button>
              </div>
            </form>
          </dialog>`
          : nothing
      }
    `;
  }
}

/** The focused element, looking inside shadow roots. */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}
