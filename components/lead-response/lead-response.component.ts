import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { LIMITS, type CompanyPolicy, type LeadDoc, type ResponseKind } from '../../src/model/index.js';
import { RESPONSE_STEPS, progressAvailability, responseProgressStep } from '../../src/rules/index.js';
import { emit } from '../shared/events.js';
import { errorMessage, formatNumber, msg, unavailableReason } from '../shared/i18n.js';
import { LeadElement } from '../shared/lead-element.js';
import { fire } from './events.js';
import { t, type ResponseMsgKey } from './messages.js';
import { styles } from './lead-response.styles.js';

/** Every kind of response the store's `record-response` command knows, in its order. */
const KINDS = Object.keys(RESPONSE_STEPS) as ResponseKind[];

const kindLabel = (kind: ResponseKind): string => t(`response.kind.${kind}` as ResponseMsgKey);

/** An inline error: which field it belongs to ('' = the form as a whole) and its text. */
interface FieldError {
  field: 'kind' | 'notes' | '';
  text: string;
}

/**
 * @summary Records a customer's response on a lead — Test Drive, Appraisal, Email or SMS — and, with 'Update Lead Progress' ticked, ticks the matching road-to-the-sale step.
 *
 * The seed's "check boxes which allow you to automatically 'Update Lead Progress'": a person
 * picks the kind of response, leaves the box ticked (the default) or unticks it, adds optional
 * notes (they go to the lead's notes) and saves. The step comes from the rules
 * (`responseProgressStep`): Test Drive ticks 'Test Drive', Appraisal 'Trade-In Appraisal', Email
 * and SMS responses 'Phone Call Made'; when the company's road to the sale lacks that step the box
 * is not offered and only the response is recorded. A tick is a new pass through the step, so the
 * lead's Progress becomes that step. The save is confirmed briefly in the status line.
 *
 * No kind chosen or notes over the limit: inline messages, the input kept, nothing written. On a
 * closed lead (or with no signed-in user) the controls stay focusable but `aria-disabled`, with
 * the reason shown; a lead closed while the form holds input shows "closed meanwhile" and keeps
 * the input. The rules' `progressAvailability` decides.
 *
 * Keyboard: arrow keys choose the kind, Tab moves on, Space ticks the box, Enter on Save records.
 *
 * @fires response-record - Cancelable, before the response is written (detail: `{ leadId, kind, notes, updateProgress }`).
 * @fires response-recorded - Recorded (detail: `{ leadId, kind, updateProgress, tickedStepId, progressStepId, commandId }`).
 * @fires command-failed - The store refused it (detail: `{ leadId, command, error }`).
 *
 * @csspart form - The form.
 * @csspart customer - The customer's name in the heading.
 * @csspart kinds - The group of kinds of response.
 * @csspart kind - One kind (also `kind-test-drive`, `kind-appraisal`, `kind-email-response`, `kind-sms-response`).
 * @csspart update-progress - The 'Update Lead Progress' checkbox.
 * @csspart no-step - Said instead of the checkbox when the company's road to the sale has no step for the kind.
 * @csspart notes - The notes field.
 * @csspart footer - Save and Clear.
 * @csspart status - The brief confirmation.
 * @csspart message - Loading and error messages.
 * @csspart unavailable - Why no response can be recorded (a closed lead).
 * @csspart closed-meanwhile - The lead was closed while the form held input.
 *
 * @cssprop --lead-color-accent - Save button.
 * @cssprop --lead-color-danger - Error text.
 * @cssprop --lead-color-saved - The confirmation.
 * @cssprop --lead-color-border - Borders.
 */
export class LeadResponseElement extends LeadElement {
  static override styles = styles;

  /** The form's heading (before the customer's name); default "Record a response". */
  @property() heading = '';

  @state() private kind: ResponseKind | '' = '';
  @state() private updateProgress = true;
  @state() private notes = '';
  @state() private errors: FieldError[] = [];
  @state() private closedMeanwhile = false;
  @state() private busy = false;
  /** The brief confirmation ('' = none). */
  @state() private statusText = '';

  private statusTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether the form holds input a person would lose. */
  private get dirty(): boolean {
    return this.kind !== '' || this.notes !== '';
  }

  /** Why no response can be recorded now (the rules' progressAvailability), or null when one can. */
  get unavailable(): string | null {
    const lead = this.lead;
    const actor = this.actor;
    if (!lead || actor === undefined) return null;
    if (actor === null) return unavailableReason({ code: 'auth/no-actor', message: '' });
    const result = progressAvailability(lead, actor);
    if (result.ok) return null;
    return result.error.code === 'lead/closed' ? t('response.closed') : unavailableReason(result.error);
  }

  override focus(options?: FocusOptions): void {
    const radio =
      this.renderRoot.querySelector<HTMLInputElement>('input[name="kind"]:checked') ?? this.renderRoot.querySelector<HTMLInputElement>('input[name="kind"]');
    if (radio) radio.focus(options);
    else super.focus(options);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.statusTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('leadId')) {
      this.reset();
      this.statusText = '';
    }
  }

  protected override leadChanged(lead: LeadDoc | null): void {
    if (!lead || this.busy) return;
    if (lead.status !== 'open') {
      if (this.dirty) this.closedMeanwhile = true;
    } else {
      // Reopened by a manager: the form works again.
      this.closedMeanwhile = false;
    }
  }

  /** Empties the form (what Clear does). */
  reset(): void {
    this.kind = '';
    this.updateProgress = true;
    this.notes = '';
    this.errors = [];
    this.closedMeanwhile = false;
  }

  /** Validates and records the response (what Save does). Resolves true when recorded. */
  async submit(): Promise<boolean> {
    const lead = this.lead;
    const policy = this.policy;
    const store = this.store;
    if (!lead || !policy || !store || this.busy) return false;
    if (this.unavailable) {
      if (this.dirty && lead.status !== 'open') this.closedMeanwhile = true;
      return false;
    }
    const errors: FieldError[] = [];
    if (this.kind === '') errors.push({ field: 'kind', text: t('response.kind-required') });
    if (this.notes.length > LIMITS.noteLength) {
      errors.push({ field: 'notes', text: t('response.notes-too-long', { max: formatNumber(LIMITS.noteLength), count: formatNumber(this.notes.length) }) });
    }
    this.errors = errors;
    if (errors.length > 0) {
      await this.updateComplete;
      this.focusField(errors[0]!.field);
      return false;
    }
    const kind = this.kind as ResponseKind;
    const notes = this.notes;
    const updateProgress = this.updateProgress && responseProgressStep(kind, policy) !== null;
    if (!fire(this, 'response-record', { leadId: lead.id, kind, notes, updateProgress }, true)) return false;
    this.busy = true;
    try {
      const result = await store.execute({ type: 'record-response', leadId: lead.id, kind, notes, updateProgress });
      if (!result.ok) {
        if (result.error.code === 'lead/closed') this.closedMeanwhile = true;
        else {
          const field = result.error.field === 'notes' || result.error.field === 'kind' ? result.error.field : '';
          this.errors = [{ field, text: errorMessage(result.error) }];
        }
        emit(this, 'command-failed', { leadId: lead.id, command: 'record-response', error: result.error });
        return false;
      }
      const tickedStepId = result.outcome['tickedStepId'] ?? '';
      const step = policy.progressSteps.find((s) => s.id === tickedStepId);
      this.reset();
      this.showStatus(step ? t('response.recorded-ticked', { kind: kindLabel(kind), step: step.label }) : t('response.recorded', { kind: kindLabel(kind) }));
      fire(this, 'response-recorded', {
        leadId: lead.id,
        kind,
        updateProgress,
        tickedStepId,
        progressStepId: result.outcome['progressStepId'] ?? '',
        commandId: result.commandId,
      });
      return true;
    } finally {
      this.busy = false;
    }
  }

  private showStatus(text: string): void {
    this.statusText = text;
    clearTimeout(this.statusTimer);
    this.statusTimer = setTimeout(() => (this.statusText = ''), 5000);
  }

  private focusField(field: FieldError['field']): void {
    if (field === 'kind') this.focus();
    else if (field === 'notes') this.renderRoot.querySelector<HTMLTextAreaElement>('#notes')?.focus();
  }

  /** Something was typed or chosen: the last confirmation and that field's error go. */
  private edited(field: FieldError['field']): void {
    this.statusText = '';
    this.errors = this.errors.filter((e) => e.field !== field);
  }

  private fieldErrors(field: FieldError['field']): FieldError[] {
    return this.errors.filter((e) => e.field === field);
  }

  private renderFieldError(field: 'kind' | 'notes'): TemplateResult | typeof nothing {
    const errors = this.fieldErrors(field);
    return errors.length ? html`<p class="error" id="${field}-error">${errors.map((e) => e.text).join(' ')}</p>` : nothing;
  }

  private renderProgressOption(policy: CompanyPolicy, lead: LeadDoc, unavailable: boolean): TemplateResult {
    const kind = this.kind;
    const stepId = kind ? responseProgressStep(kind, policy) : null;
    if (kind && stepId === null) return html`<p part="no-step" class="muted">${t('response.no-step')}</p>`;
    const step = stepId ? policy.progressSteps.find((s) => s.id === stepId) : undefined;
    const help = !step
      ? t('response.update-progress-choose')
      : lead.steps[step.id]?.checked
        ? t('response.update-progress-again', { step: step.label })
        : t('response.update-progress-help', { step: step.label });
    return html`<div class="field">
      <label class="check">
        <input
          type="checkbox"
          id="update-progress"
          part="update-progress"
          .checked=${live(this.updateProgress)}
          aria-describedby="update-progress-help"
          aria-disabled=${unavailable ? 'true' : 'false'}
          @click=${(e: Event) => {
            if (this.unavailable) e.preventDefault();
          }}
          @change=${(e: Event) => {
            this.updateProgress = (e.target as HTMLInputElement).checked;
            this.edited('');
          }}
        />
        ${t('response.update-progress')}
      </label>
      <p id="update-progress-help" class="muted help">${help}</p>
    </div>`;
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const lead = this.lead!;
    const policy = this.policy!;
    const unavailable = this.unavailable;
    const off = unavailable !== null;
    const kindInvalid = this.fieldErrors('kind').length > 0;
    const notesInvalid = this.fieldErrors('notes').length > 0;
    const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || nothing;
    return html`
      <form
        part="form"
        aria-labelledby="heading"
        novalidate
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.submit();
        }}
      >
        <h3 id="heading">${this.heading || t('response.title')}: <span part="customer">${lead.customer.name}</span></h3>
        ${off ? html`<p part="unavailable" id="unavailable" class="muted">${unavailable}</p>` : nothing}
        ${this.closedMeanwhile ? html`<p part="closed-meanwhile" class="closed-meanwhile" role="alert">${msg('lead.closed-elsewhere')}</p>` : nothing}
        <fieldset
          part="kinds"
          role="radiogroup"
          aria-labelledby="kind-legend"
          aria-required="true"
          aria-invalid=${kindInvalid ? 'true' : 'false'}
          aria-describedby=${describedBy(kindInvalid && 'kind-error', off && 'unavailable')}
        >
          <legend id="kind-legend">${t('response.kind')} <span class="req">(${msg('common.required')})</span></legend>
          <div class="kinds">
            ${KINDS.map(
              (kind) => html`<label class="check" part="kind kind-${kind}">
                <input
                  type="radio"
                  name="kind"
                  value=${kind}
                  .checked=${live(kind === this.kind)}
                  aria-disabled=${off ? 'true' : 'false'}
                  @click=${(e: Event) => {
                    if (this.unavailable) e.preventDefault();
                  }}
                  @change=${(e: Event) => {
                    const input = e.target as HTMLInputElement;
                    if (this.unavailable) {
                      // Arrow keys move the choice without a click: put the saved choice back.
                      input.checked = false;
                      this.requestUpdate();
                      return;
                    }
                    if (input.checked) this.kind = kind;
                    this.edited('kind');
                  }}
                />
                ${kindLabel(kind)}
              </label>`,
            )}
          </div>
          ${this.renderFieldError('kind')}
        </fieldset>
        ${this.renderProgressOption(policy, lead, off)}
        <div class="field">
          <label for="notes">${t('response.notes')} <span class="muted">(${msg('common.optional')})</span></label>
          <textarea
            id="notes"
            part="notes"
            .value=${live(this.notes)}
            ?readonly=${off}
            aria-invalid=${notesInvalid ? 'true' : 'false'}
            aria-describedby=${describedBy(notesInvalid && 'notes-error', 'notes-help', off && 'unavailable')}
            @input=${(e: Event) => {
              this.notes = (e.target as HTMLTextAreaElement).value;
              this.edited('notes');
            }}
          ></textarea>
          <p id="notes-help" class="muted help">${t('response.notes-help')}</p>
          ${this.renderFieldError('notes')}
        </div>
        ${this.fieldErrors('').map((e) => html`<p class="error" role="alert">${e.text}</p>`)}
        <div part="footer">
          <button
            type="submit"
            class="primary"
            data-action="save"
            aria-disabled=${this.busy || off ? 'true' : 'false'}
            aria-describedby=${off ? 'unavailable' : nothing}
          >
            ${msg('common.save')}
          </button>
          <button
            type="button"
            data-action="clear"
            @click=${() => {
              this.reset();
              this.statusText = '';
            }}
          >
            ${t('response.clear')}
          </button>
          <span part="status" role="status">${this.statusText ? html`<span class="status">${this.statusText}</span>` : nothing}</span>
        </div>
      </form>
    `;
  }
}
