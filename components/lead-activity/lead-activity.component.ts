import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ActivityDoc, CloseRequest, UserDoc } from '../../src/model/index.js';
import { overruledDecisions } from '../../src/rules/decisions.js';
import { actionLabel, formatDateTime, msg, noteLabel } from '../shared/i18n.js';
import { LeadElement } from '../shared/lead-element.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { styles } from './lead-activity.styles.js';
import { t } from './messages.js';

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

/**
 * @summary Everything that happened to one lead, newest first: the audit of every action, notes,
 * every pass through a progress step, close requests, merges of concurrent edits, and changes
 * the server refused.
 *
 * Updates live as the lead changes here, in another tab or on the server.
 *
 * When two managers decided one close request on two devices before either heard of the other,
 * the request keeps one decision; the other's entries (its audit, its notices, an approval's
 * close note) stay in the list as history, marked "Not applied" with who had decided first.
 *
 * @csspart list - The list of entries.
 * @csspart entry - One entry (also `entry-audit`, `entry-note`, `entry-progress-pass`, `entry-close-request`, `entry-notification`, `entry-merge`, `entry-rejection`, and `entry-not-applied` for a decision that did not stand).
 * @csspart not-applied - Why an entry's decision was not applied.
 * @csspart message - Loading and empty messages.
 *
 * @cssprop --lead-color-saved - Progress passes' mark.
 * @cssprop --lead-color-pending - Merges' mark.
 * @cssprop --lead-color-danger - Server rejections' mark.
 * @cssprop --lead-color-muted - Times and authors.
 */
export class LeadActivityElement extends LeadElement {
  static override styles = styles;

  /** Leave out the per-command audit entries (show notes, passes, requests, merges, rejections only). */
  @property({ type: Boolean, attribute: 'hide-audit' }) hideAudit = false;

  private readonly activityCtl = new ObservableController<ActivityDoc[]>(this);
  private readonly usersCtl = new ObservableController<UserDoc[]>(this);
  private activityKey = '';

  protected override storeChanged(handle: StoreHandle | undefined): void {
    super.storeChanged(handle);
    this.usersCtl.observe(handle?.store.users$ ?? null);
    this.activityKey = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const store = this.store;
    const key = store && this.leadId ? `${this.leadId}` : '';
    if (key !== this.activityKey) {
      this.activityKey = key;
      this.activityCtl.observe(store && this.leadId ? store.activity$(this.leadId) : null);
    }
  }

  private name(userId: string): string {
    return this.usersCtl.value?.find((u) => u.userId === userId)?.name ?? userId;
  }

  private stepLabel(stepId: string): string {
    return this.policy?.progressSteps.find((s) => s.id === stepId)?.label ?? stepId;
  }

  private describe(a: ActivityDoc): { what: string; body?: string | TemplateResult } {
    switch (a.kind) {
      case 'audit':
        return { what: msg('activity.audit', { actor: this.name(a.actorId), action: actionLabel(a.action) }) };
      case 'note':
        return { what: noteLabel(a.context), body: a.text };
      case 'progress-pass':
        return {
          what: msg(a.action === 'checked' ? 'activity.pass-checked' : 'activity.pass-cleared', { step: this.stepLabel(a.stepId) }),
          ...(a.note ? { body: a.note } : {}),
        };
      case 'close-request':
        return { what: msg('activity.close-request', { status: a.status }), ...(a.declineReason ? { body: a.declineReason } : {}) };
      case 'notification':
        return { what: msg('activity.notification', { recipient: this.name(a.recipientId), topic: a.topic }) };
      case 'merge':
        return { what: msg('activity.merge', { field: a.field, kept: show(a.keptValue), lost: show(a.lostValue) }) };
      case 'rejection':
        return { what: msg('activity.rejection', { error: a.error, reason: a.reason }), body: a.docId };
    }
  }

  private notApplied(request: CloseRequest): string {
    const stood = request.status === 'declined' || request.status === 'withdrawn' ? request.status : 'approved';
    return t(`activity.stood.${stood}`, { name: this.name(request.decidedBy) });
  }

  protected override render() {
    const waiting = this.renderWaiting();
    if (waiting) return waiting;
    const all = this.activityCtl.value ?? [];
    const overruled = overruledDecisions(all);
    const entries = all.filter((a) => !(this.hideAudit && a.kind === 'audit'));
    return html`
      <h3 id="heading">${msg('activity.label')}</h3>
      ${entries.length === 0
        ? html`<p part="message" class="muted">${msg('activity.empty')}</p>`
        : html`<ol part="list" aria-labelledby="heading">
            ${entries.map((a) => {
              const { what, body } = this.describe(a);
              const lostTo = a.kind === 'close-request' ? undefined : overruled.get(a.commandId);
              return html`<li part="entry entry-${a.kind}${lostTo ? ' entry-not-applied' : ''}" data-kind=${a.kind} data-id=${a.id}>
                <time datetime=${new Date(a.at).toISOString()}>${formatDateTime(a.at)}</time>
                <span><span class="what">${what}</span> <span class="who">${msg('activity.by', { actor: this.name(a.actorId) })}</span></span>
                ${lostTo
                  ? html`<span part="not-applied" class="not-applied"><strong>${t('activity.not-applied')}:</strong> ${this.notApplied(lostTo)}</span>`
                  : nothing}
                ${body ? html`<span class="body">${body}</span>` : nothing}
              </li>`;
            })}
          </ol>`}
    `;
  }
}
