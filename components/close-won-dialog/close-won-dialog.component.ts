import { nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { Actor, CloseWonChoices, CompanyPolicy, LeadDoc, Result, RuleError } from '../../src/model/index.js';
import { closeWonAvailability, defaultCloseWonChoices, validateCloseWon } from '../../src/rules/index.js';
import { CloseDialogBase } from '../shared/close-dialog-base.js';
import { emit } from '../shared/events.js';
import { msg } from '../shared/i18n.js';
import { styles } from './close-won-dialog.styles.js';

/**
 * @summary Close a lead as won: the same two calendar-event options as Close Lost, notes, contact groups and a post-sale follow-up.
 *
 * Progress 'Sold' records a sale and keeps the lead open; this closes it. Contact groups are
 * preselected from the company's default for won leads.
 *
 * @slot trigger - Your own trigger element (receives `aria-disabled` while unavailable).
 *
 * @fires close-won-request - Cancelable, before closing (detail: `{ leadId, choices }`).
 * @fires lead-closed - The lead was closed as won (detail: `{ leadId, outcome: 'won', commandId }`).
 * @fires command-failed - The store refused (detail: `{ leadId, command, error }`).
 *
 * @csspart trigger - The built-in trigger button.
 * @csspart unavailable - Why the action is unavailable.
 * @csspart dialog - The `<dialog>`.
 * @csspart title - The dialog heading.
 * @csspart customer - The customer's name in the heading.
 * @csspart closed-meanwhile - The lead was closed on another device.
 * @csspart event-options - The two calendar-event options.
 * @csspart notes - The notes field.
 * @csspart contact-groups - The contact groups.
 * @csspart follow-up - The post-sale follow-up date input.
 * @csspart footer - Cancel and submit.
 * @csspart message - Loading and "not connected" messages.
 *
 * @cssprop --lead-color-accent - Primary button.
 * @cssprop --lead-color-danger - Errors.
 * @cssprop --lead-color-surface - Dialog background.
 * @cssprop --lead-color-border - Borders.
 */
export class CloseWonDialogElement extends CloseDialogBase<CloseWonChoices> {
  static override styles = styles;

  protected override rule(lead: LeadDoc, actor: Actor): Result<{ mode: 'close' }> {
    return closeWonAvailability(lead, actor);
  }

  protected override defaultChoices(policy: CompanyPolicy): CloseWonChoices {
    return defaultCloseWonChoices(policy);
  }

  protected override validate(choices: CloseWonChoices, policy: CompanyPolicy, now: number): RuleError[] {
    return validateCloseWon(choices, policy, now);
  }

  protected override async act(choices: CloseWonChoices, lead: LeadDoc): Promise<boolean> {
    if (!emit(this, 'close-won-request', { leadId: lead.id, choices }, { cancelable: true })) return false;
    const result = await this.store!.execute({ type: 'close-won', leadId: lead.id, choices });
    if (!result.ok) {
      this.showRefusal(result.error);
      emit(this, 'command-failed', { leadId: lead.id, command: 'close-won', error: result.error });
      return false;
    }
    emit(this, 'lead-closed', { leadId: lead.id, outcome: 'won', commandId: result.commandId });
    return true;
  }

  protected override triggerLabel(): string {
    return msg('close-won.trigger');
  }
  protected override titleText(): string {
    return msg('close-won.title');
  }
  protected override submitLabel(): string {
    return msg('close-won.submit');
  }
  protected override followUpLabel(): string {
    return msg('close-won.follow-up');
  }
  protected override followUpHelp(): string {
    return msg('close-won.follow-up-help');
  }
  protected override followUpField(): null {
    return null;
  }
  protected override renderSpecific(): TemplateResult | typeof nothing {
    return nothing;
  }
}
