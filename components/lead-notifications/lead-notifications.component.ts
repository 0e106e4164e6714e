import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Actor, CloseRequest, CompanyPolicy, NotificationEntry, UserDoc } from '../../src/model/index.js';
import { decisionNoticeRequestId, overruledBy } from '../../src/rules/decisions.js';
import { emit } from '../shared/events.js';
import { errorMessage, formatDateTime, formatNumber, msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { fire } from './events.js';
import { t } from './messages.js';
import { styles } from './lead-notifications.styles.js';

/**
 * @summary The signed-in user's notifications: leads closed as lost (with the reason) and close-request decisions, with an unread count.
 *
 * Members of 'Receive Closed Lead As Lost Notification' hear of every lead closed as lost, with
 * the reason; managers hear of close-lost requests; requesters hear of the decision (and why a
 * request was declined). Live: a notice written on another device appears as soon as it syncs.
 * Each can be marked read (or all at once); "View lead" fires `notification-open` so the host can
 * navigate.
 *
 * When two managers decided the same request on two devices before either heard of the other,
 * the request keeps one decision, but both decisions' notices arrive. A notice of the decision
 * that did not stand stays in the list as history, labelled "Not applied" with who had decided
 * first; it is not counted as unread and needs no marking. This follows the request as it
 * stands, so it is right whatever order the devices sync in.
 *
 * A manager's notice of a close request that has been decided (by them in the inbox, by another
 * manager, or withdrawn) shows who decided it and when ("Approved by you on …") and is no longer
 * counted as unread: it is read from the request as it stands, nothing is written.
 *
 * @fires notification-open - "View lead" (detail: `{ notificationId, leadId, topic }`).
 * @fires notifications-changed - The unread count or the list changed (detail: `{ unread, total }`).
 * @fires command-failed - The store refused to mark one read (detail: `{ leadId, command, error }`).
 *
 * @csspart base - The wrapper.
 * @csspart heading - The title.
 * @csspart count - The unread count (a live region).
 * @csspart mark-all - The "Mark all read" button.
 * @csspart list - The list.
 * @csspart notification - One notification (also `notification-unread`, `notification-decided` for a request that has been decided, or `notification-not-applied` for a decision that did not stand).
 * @csspart decision - Who decided a request notice's request, and when.
 * @csspart not-applied - The "Not applied" label of a decision that did not stand.
 * @csspart text - Its message.
 * @csspart time - When it was sent.
 * @csspart mark-read - Its "Mark read" button.
 * @csspart open - Its "View lead" button.
 * @csspart message - Loading, empty and sign-in messages.
 *
 * @cssprop --lead-color-accent - The unread marker and count.
 * @cssprop --lead-color-surface-alt - Unread notifications' background.
 * @cssprop --lead-color-border - Borders.
 * @cssprop --lead-radius - Corner radius.
 */
export class LeadNotificationsElement extends StoreElement {
  static override styles = styles;

  /** Show at most this many (newest first). */
  @property({ type: Number }) limit = 50;

  @state() private error = '';
  @state() private busy = false;

  private readonly actorCtl = new ObservableController<Actor | null>(this, () => this.follow());
  private readonly policyCtl = new ObservableController<CompanyPolicy>(this);
  private readonly usersCtl = new ObservableController<UserDoc[]>(this);
  private readonly noticesCtl = new ObservableController<NotificationEntry[]>(this);
  private readonly requestsCtl = new ObservableController<CloseRequest[]>(this);
  private noticesKey = '';
  private lastAnnounced = '';

  /** Newest first. */
  get notifications(): NotificationEntry[] {
    return this.noticesCtl.value ?? [];
  }

  /**
   * Unread notices, leaving out those of a decision that did not stand and requests already
   * decided (history, not news).
   */
  get unreadCount(): number {
    return this.notifications.filter((n) => this.isUnread(n)).length;
  }

  /**
   * The close request as it stands when `notice` reports a decision that did not stand on it
   * (another manager's decision reached it first); null for every other notice.
   */
  overruledBy(notice: NotificationEntry): CloseRequest | null {
    const requestId = decisionNoticeRequestId(notice);
    if (requestId === '') return null;
    return overruledBy(
      notice.commandId,
      this.requestsCtl.value?.find((r) => r.id === requestId),
    );
  }

  /**
   * The close request as it stands when `notice` asks a manager to decide it and it has been
   * decided (approved, declined or withdrawn, here or on another device); null otherwise.
   */
  decidedRequest(notice: NotificationEntry): CloseRequest | null {
    if (notice.topic !== 'close-request-submitted') return null;
    const requestId = notice.data['requestId'];
    const request = requestId ? this.requestsCtl.value?.find((r) => r.id === requestId) : undefined;
    return request && request.status !== 'pending' ? request : null;
  }

  private isUnread(notice: NotificationEntry): boolean {
    return notice.readAt === 0 && !this.overruledBy(notice) && !this.decidedRequest(notice);
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.actorCtl.observe(handle?.store.actor$ ?? null);
    this.policyCtl.observe(handle?.store.policy$ ?? null);
    this.usersCtl.observe(handle?.store.users$ ?? null);
    this.requestsCtl.observe(handle?.store.closeRequests$({}) ?? null);
    this.follow();
  }

  private follow(): void {
    const store = this.store;
    const userId = this.actorCtl.value?.userId ?? '';
    const key = store && userId ? userId : '';
    if (key === this.noticesKey) return;
    this.noticesKey = key;
    this.noticesCtl.observe(store && userId ? store.notifications$(userId) : null);
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.noticesCtl.value === undefined || this.requestsCtl.value === undefined) return;
    const summary = `${this.unreadCount}/${this.notifications.length}`;
    if (summary !== this.lastAnnounced) {
      this.lastAnnounced = summary;
      fire(this, 'notifications-changed', { unread: this.unreadCount, total: this.notifications.length });
    }
  }

  /** Marks one notification read (a no-op when it already is). */
  async markRead(notificationId: string): Promise<boolean> {
    const store = this.store;
    const notice = this.notifications.find((n) => n.id === notificationId);
    if (!store || !notice) return false;
    if (notice.readAt !== 0) return true;
    const result = await store.execute({ type: 'mark-notification-read', notificationId });
    if (!result.ok) {
      this.error = t('notifications.refused', { error: errorMessage(result.error) });
      emit(this, 'command-failed', { leadId: notice.leadId, command: 'mark-notification-read', error: result.error });
      return false;
    }
    this.error = '';
    return true;
  }

  async markAllRead(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const n of this.notifications.filter((x) => this.isUnread(x))) {
        if (!(await this.markRead(n.id))) break;
      }
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#heading')?.focus();
  }

  private async markOne(notice: NotificationEntry, index: number): Promise<void> {
    await this.markRead(notice.id);
    await this.updateComplete;
    // The button is gone: keep the keyboard user in the list, on the next "Mark read" or the count.
    const next = this.renderRoot.querySelectorAll<HTMLElement>('[data-action="mark-read"]');
    (next[Math.min(index, next.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('#heading'))?.focus();
  }

  private open(notice: NotificationEntry): void {
    void this.markRead(notice.id);
    fire(this, 'notification-open', { notificationId: notice.id, leadId: notice.leadId, topic: notice.topic });
  }

  private name(userId: string | undefined): string {
    if (!userId) return '';
    return this.usersCtl.value?.find((u) => u.userId === userId)?.name ?? userId;
  }

  /** The readable message of a notification, from its plain data. */
  messageOf(n: NotificationEntry): string {
    const d = n.data;
    const policy = this.policyCtl.value;
    const reason =
      d['reasonLabel'] || (d['reasonId'] ? (policy?.lostReasons.find((r) => r.id === d['reasonId'])?.label ?? d['reasonId']) : t('notifications.no-reason'));
    const customer = d['customerName'] ?? '';
    switch (n.topic) {
      case 'lead-closed-lost':
        return t('notifications.lead-closed-lost', { actor: this.name(d['closedBy'] ?? n.actorId), customer, reason });
      case 'close-request-submitted':
        return t(this.decidedRequest(n) ? 'notifications.close-request-submitted.decided' : 'notifications.close-request-submitted', {
          actor: this.name(d['requestedBy'] ?? n.actorId),
          customer,
          reason,
        });
      case 'close-request-approved':
        return t('notifications.close-request-approved', { actor: this.name(d['decidedBy'] ?? n.actorId), customer });
      case 'close-request-declined': {
        const why = d['declineReason'] ? ` ${t('notifications.decline-reason', { reason: d['declineReason'] })}` : '';
        return t('notifications.close-request-declined', { actor: this.name(d['decidedBy'] ?? n.actorId), customer }) + why;
      }
      default:
        return String(n.topic);
    }
  }

  /** The message of a decision's notice that did not stand: whose decision, and who decided first. */
  private overruledMessage(n: NotificationEntry, request: CloseRequest): string {
    const d = n.data;
    const actor = this.name((n.topic === 'lead-closed-lost' ? d['closedBy'] : d['decidedBy']) ?? n.actorId);
    const topic = n.topic === 'close-request-declined' || n.topic === 'lead-closed-lost' ? n.topic : 'close-request-approved';
    const stood = request.status === 'declined' || request.status === 'withdrawn' ? request.status : 'approved';
    return t(`notifications.overruled.${topic}`, {
      actor,
      customer: d['customerName'] ?? '',
      stood: t(`notifications.stood.${stood}`, { name: this.name(request.decidedBy) }),
    });
  }

  /** Who decided a request and when, "you" when it was the signed-in user (with a decline's reason). */
  private decisionMessage(request: CloseRequest): string {
    const status = request.status === 'declined' || request.status === 'withdrawn' ? request.status : 'approved';
    const date = formatDateTime(request.decidedAt);
    const text =
      request.decidedBy !== '' && request.decidedBy === this.actorCtl.value?.userId
        ? t(`notifications.decided.${status}.you`, { date })
        : t(`notifications.decided.${status}`, { name: this.name(request.decidedBy), date });
    return request.status === 'declined' && request.declineReason ? `${text} ${t('notifications.decline-reason', { reason: request.declineReason })}` : text;
  }

  private renderMessage(): TemplateResult | null {
    const source = this.storeConsumer.source;
    if (source === 'unconfigured') return html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    if (source === 'failed') {
      const error = this.storeConsumer.error as Error | undefined;
      return html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String(error?.message ?? error) })}</p>`;
    }
    if (!this.store || this.actorCtl.value === undefined) return html`<p part="message" class="muted">${t('notifications.loading')}</p>`;
    if (!this.actorCtl.value) return html`<p part="message" class="muted">${t('notifications.no-actor')}</p>`;
    if (this.noticesCtl.value === undefined || this.requestsCtl.value === undefined || !this.usersCtl.value || !this.policyCtl.value) {
      return html`<p part="message" class="muted">${t('notifications.loading')}</p>`;
    }
    return null;
  }

  protected override render() {
    const message = this.renderMessage();
    const shown = message ? [] : this.notifications.slice(0, Math.max(0, this.limit));
    const unread = message ? 0 : this.unreadCount;
    return html`<section part="base" aria-labelledby="heading">
      <div class="header">
        <h2 id="heading" part="heading" tabindex="-1">${t('notifications.label')}</h2>
        <span part="count" class=${unread ? 'count unread' : 'count'} role="status">
          ${message ? nothing : t('notifications.unread', { count: formatNumber(unread) })}
        </span>
        ${
          unread > 0
            ? html`<button type="button" part="mark-all" data-action="mark-all" aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => void this.markAllRead()}>
              ${t('notifications.mark-all-read')}
            </button>`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${
        message ??
        (shown.length === 0
          ? html`<p part="message" class="muted">${t('notifications.empty')}</p>`
          : html`<ul part="list" class="list">
            ${shown.map((n, i) => this.renderNotice(n, i))}
          </ul>`)
      }
    </section>`;
  }

  private renderNotice(n: NotificationEntry, index: number): TemplateResult {
    const overruled = this.overruledBy(n);
    const decided = this.decidedRequest(n);
    const unread = this.isUnread(n);
    const text = overruled ? this.overruledMessage(n, overruled) : this.messageOf(n);
    const customer = n.data['customerName'] ?? '';
    return html`<li
      part=${overruled ? 'notification notification-not-applied' : decided ? 'notification notification-decided' : unread ? 'notification notification-unread' : 'notification'}
      class=${overruled ? 'notice not-applied' : decided ? 'notice decided' : unread ? 'notice unread' : 'notice'}
      data-id=${n.id}
    >
      <p part="text" class="text">
        ${
          overruled
            ? html`<span part="not-applied" class="not-applied-mark">${t('notifications.not-applied-mark')}: </span>`
            : unread
              ? html`<span class="marker">${t('notifications.unread-mark')}: </span>`
              : nothing
        }${text}
      </p>
      ${decided ? html`<p part="decision" class="decision">${this.decisionMessage(decided)}</p>` : nothing}
      <p class="meta">
        <time part="time" datetime=${new Date(n.at).toISOString()}>${formatDateTime(n.at)}</time>
      </p>
      <div class="actions">
        ${
          n.leadId
            ? html`<button type="button" part="open" data-action="open" aria-label=${t('notifications.open-label', { customer })} @click=${() => this.open(n)}>
              ${t('notifications.open')}
            </button>`
            : nothing
        }
        ${
          unread
            ? html`<button
              type="button"
              part="mark-read"
              data-action="mark-read"
              aria-label=${t('notifications.mark-read-label', { message: text })}
              @click=${() => void this.markOne(n, index)}
            >
              ${t('notifications.mark-read')}
            </button>`
            : nothing
        }
      </div>
    </li>`;
  }
}
