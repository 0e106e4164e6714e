import { html, nothing } from 'lit';
import type { Actor, CloseLostChoices, CompanyPolicy, LeadDoc, Result, RuleError } from '../../src/model/index.js';
import { closeLostAvailability, defaultCloseLostChoices, validateCloseLost } from '../../src/rules/index.js';
import { CloseDialogBase } from '../shared/close-dialog-base.js';
import { emit } from '../shared/events.js';
import { msg } from '../shared/i18n.js';
import { styles } from './close-lost-dialog.styles.js';

/**
 * @summary Close a lead as lost — or, when the company's Close Lead Lost Permission role applies, request it from a manager.
 *
 * A trigger button (or your own element in the `trigger` slot) opens a modal dialog with every
 * field of the seed: the reason from the company's list, 'Mark all overdue calendar events as
 * complete' (ticked by default), 'Mark all incomplete calendar events as complete' (while ticked,
 * the overdue box cannot change), notes, contact groups (preselected from the company default),
 * and a follow-up date that creates a 'Closed Lost Lead Follow Up' event. Mandatory fields are
 * marked; problems show inline and nothing is written. When the user may not close leads as lost
 * the trigger stays focusable, `aria-disabled`, with the reason shown.
 *
 * @slot trigger - Your own trigger element (receives `aria-disabled` while unavailable).
 *
 * @fires close-lost-request - Cancelable, before acting (detail: `{ leadId, choices, mode }`).
 * @fires lead-closed - The lead was closed as lost (detail: `{ leadId, outcome: 'lost', commandId }`).
 * @fires close-requested - A close request went to the manager (detail: `{ leadId, requestId, commandId }`).
 * @fires command-failed - The store refused (detail: `{ leadId, command, error }`).
 *
 * @csspart trigger - The built-in trigger button.
 * @csspart unavailable - Why the action is unavailable.
 * @csspart dialog - The `<dialog>`.
 * @csspart title - The dialog heading.
 * @csspart customer - The customer's name in the heading.
 * @csspart request-explainer - "The lead closes once the manager approves" (request mode).
 * @csspart closed-meanwhile - The lead was closed on another device.
 * @csspart reason - The reason select.
 * @csspart event-options - The two calendar-event options.
 * @csspart notes - The notes field.
 * @csspart contact-groups - The contact groups.
 * @csspart follow-up - The follow-up date input.
 * @csspart footer - Cancel and submit.
 * @csspart message - Loading and "not connected" messages.
 *
 * @cssprop --lead-color-accent - Primary button and request explainer.
 * @cssprop --lead-color-danger - Errors and required marks.
 * @cssprop --lead-color-surface - Dialog background.
 * @cssprop --lead-color-border - Borders.
 * @cssprop --lead-radius - Corner radius.
 */
export class CloseLostDialogElement extends CloseDialogBase<CloseLostChoices> {
  static override styles = styles;

  protected override rule(lead: LeadDoc, actor: Actor, policy: CompanyPolicy): Result<{ mode: 'close' | 'request' }> {
    return closeLostAvailability(lead, actor, policy);
  }

  protected override unavailableContext(): 'close-lost' {
    return 'close-lost';
  }

  protected override defaultChoices(policy: CompanyPolicy): CloseLostChoices {
    return defaultCloseLostChoices(policy);
  }

  protected override validate(choices: CloseLostChoices, policy: CompanyPolicy, now: number): RuleError[] {
    return validateCloseLost(choices, policy, now);
  }

  protected override notesRequired(policy: CompanyPolicy): boolean {
    return policy.mandatory.closeLost.includes('notes');
  }

  protected override async act(choices: CloseLostChoices, lead: LeadDoc): Promise<boolean> {
    const availability = this.availability();
    const mode = availability.ok ? availability.mode : 'close';
    if (!emit(this, 'close-lost-request', { leadId: lead.id, choices, mode }, { cancelable: true })) return false;
    const result = await this.store!.execute({ type: 'close-lost', leadId: lead.id, choices });
    if (!result.ok) {
      this.showRefusal(result.error);
      emit(this, 'command-failed', { leadId: lead.id, command: 'close-lost', error: result.error });
      return false;
    }
    if (result.outcome['outcome'] === 'requested') {
      emit(this, 'close-requested', { leadId: lead.id, requestId: result.outcome['requestId'] ?? '', commandId: result.commandId });
    } else {
      emit(this, 'lead-closed', { leadId: lead.id, outcome: 'lost', commandId: result.commandId });
    }
    return true;
  }

  protected override triggerLabel(mode: 'close' | 'request'): string {
    return msg(mode === 'request' ? 'close-lost.trigger-request' : 'close-lost.trigger');
  }
  protected override titleText(mode: 'close' | 'request'): string {
    return msg(mode === 'request' ? 'close-lost.title-request' : 'close-lost.title');
  }
  protected override submitLabel(mode: 'close' | 'request'): string {
    return msg(mode === 'request' ? 'close-lost.submit-request' : 'close-lost.submit');
  }
  protected override followUpLabel(): string {
    return msg('close.follow-up');
  }
  protected override followUpHelp(): string {
    return msg('close.follow-up-help');
  }
  protected override followUpField(): 'followUp' {
    return 'followUp';
  }

  protected override renderIntro(mode: 'close' | 'request') {
    return mode === 'request' ? html`<p class="explainer" part="request-explainer">${msg('close-lost.request-explainer')}</p>` : nothing;
  }

  protected override renderSpecific(choices: CloseLostChoices, policy: CompanyPolicy) {
    const required = policy.mandatory.closeLost.includes('reason');
    const reasons = policy.lostReasons.filter((r) => !r.retired);
    return html`<div class="field">
      <label for="reason">${msg('close-lost.reason')} ${this.requiredMark(required)}</label>
      <select
        id="reason"
        part="reason"
        aria-required=${required ? 'true' : 'false'}
        aria-invalid=${this.invalid('reasonId')}
        aria-describedby=${this.describedBy('reasonId')}
        @change=${(e: Event) => this.patch({ reasonId: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${choices.reasonId === ''}>${msg('close-lost.reason-placeholder')}</option>
        ${reasons.map((r) => html`<option value=${r.id} ?selected=${choices.reasonId === r.id}>${r.label}</option>`)}
      </select>
      ${this.renderFieldError('reasonId')}
    </div>`;
  }
}
