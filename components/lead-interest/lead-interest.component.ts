import { html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { INTERESTS, type Interest, type RuleError } from '../../src/model/index.js';
import { progressAvailability } from '../../src/rules/index.js';
import { emit } from '../shared/events.js';
import { errorMessage, msg, unavailableReason, type MsgKey } from '../shared/i18n.js';
import { LeadElement } from '../shared/lead-element.js';
import { styles } from './lead-interest.styles.js';

/**
 * @summary A lead's Interest — Not Set, Cold, Warm, Hot — as a radio group with a coloured mark and its name.
 *
 * Choosing a level saves it at once (through the store's `set-interest` command). On a closed
 * lead the levels stay focusable but `aria-disabled`, with the reason shown (the rules'
 * `progressAvailability` decides).
 *
 * @fires interest-change - Cancelable, before saving (detail: `{ leadId, interest }`).
 * @fires interest-changed - Saved (detail: `{ leadId, interest, commandId }`).
 * @fires command-failed - The store refused (detail: `{ leadId, command, error }`).
 *
 * @csspart group - The radio group.
 * @csspart option - One level (also `option-not-set`, `option-cold`, `option-warm`, `option-hot`).
 * @csspart mark - The coloured mark.
 * @csspart message - Loading and error messages.
 * @csspart unavailable - Why the interest cannot change (a closed lead).
 *
 * @cssprop --lead-interest-cold - Cold mark (default #0b5cad).
 * @cssprop --lead-interest-warm - Warm mark (default #9a6700).
 * @cssprop --lead-interest-hot - Hot mark (default #b42318).
 * @cssprop --lead-interest-not-set - Not Set mark outline (default #57606a).
 */
export class LeadInterestElement extends LeadElement {
  static override styles = styles;

  @state() private error: RuleError | null = null;

  /** Why the interest cannot change now, or null when it can. */
  get unavailable(): string | null {
    const lead = this.lead;
    const actor = this.actor;
    if (!lead || actor === undefined) return null;
    if (actor === null) return unavailableReason({ code: 'auth/no-actor', message: '' });
    const result = progressAvailability(lead, actor);
    return result.ok ? null : unavailableReason(result.error, 'interest');
  }

  private async choose(interest: Interest, input: HTMLInputElement): Promise<void> {
    const lead = this.lead;
    const store = this.store;
    if (!lead || !store || interest === lead.interest) return;
    if (this.unavailable) {
      input.checked = false;
      this.requestUpdate();
      return;
    }
    if (!emit(this, 'interest-change', { leadId: lead.id, interest }, { cancelable: true })) {
      input.checked = false;
      this.requestUpdate();
      return;
    }
    const result = await store.execute({ type: 'set-interest', leadId: lead.id, interest });
    if (!result.ok) {
      this.error = result.error;
      emit(this, 'command-failed', { leadId: lead.id, command: 'set-interest', error: result.error });
      this.requestUpdate();
      return;
    }
    this.error = null;
    emit(this, 'interest-changed', { leadId: lead.id, interest, commandId: result.commandId });
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const current = this.lead!.interest;
    const unavailable = this.unavailable;
    return html`
      <fieldset part="group" role="radiogroup" aria-labelledby="legend" aria-describedby=${unavailable ? 'unavailable' : nothing}>
        <legend id="legend">${msg('interest.label')}</legend>
        ${INTERESTS.map(
          (level) => html`<label part="option option-${level}" data-interest=${level}>
            <input
              type="radio"
              name="interest"
              value=${level}
              .checked=${live(level === current)}
              aria-disabled=${unavailable ? 'true' : 'false'}
              @click=${(e: Event) => {
                if (this.unavailable) e.preventDefault();
              }}
              @change=${(e: Event) => void this.choose(level, e.target as HTMLInputElement)}
            />
            <span class="dot" part="mark" data-interest=${level} aria-hidden="true"></span>
            ${msg(`interest.${level}` as MsgKey)}
          </label>`,
        )}
      </fieldset>
      ${unavailable ? html`<p part="unavailable" id="unavailable" class="muted">${unavailable}</p>` : nothing}
      ${this.error ? html`<p class="error" role="alert">${errorMessage(this.error)}</p>` : nothing}
    `;
  }
}
