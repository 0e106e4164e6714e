import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { combineLatest, map, type Observable } from 'rxjs';
import type { Actor, CloseRequest, CompanyPolicy, RuleError, UserDoc } from '../../src/model/index.js';
import { decideAvailability, isManager } from '../../src/rules/index.js';
import { emit } from '../shared/events.js';
import { errorMessage, formatDate, formatDateTime, msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { fire } from './events.js';
import { inbox$, type InboxItem, type InboxScope } from './inbox-model.js';
import { t } from './messages.js';
import { styles } from './close-request-inbox.styles.js';

/**
 * @summary A manager's inbox of close-lost requests: approve (the lead closes with exactly the requested choices) or decline (the requester is told).
 *
 * Lists the pending requests the signed-in manager may decide — addressed to them or to any
 * manager (`scope="all"`: every request of the dealership) — each with the customer, the
 * requester, the reason, the notes and the requested choices (calendar-event options, contact
 * groups, follow-up date). Everything is read from and written to the local store, so it works
 * offline. A request decided meanwhile on another device stays in view, marked as already
 * decided, and its actions are refused with a readable message. A decision made here that loses
 * to another manager's at sync (both decided before either heard of the other) comes back into
 * view the same way, saying that this decision was not applied. While the store syncs, each
 * decision made here that is not on the server yet is listed as waiting to upload.
 *
 * @fires close-request-decide - Cancelable, before a decision is written (detail: `{ requestId, leadId, decision, declineReason }`).
 * @fires close-request-decided - The decision was written (detail: `{ requestId, leadId, decision, commandId }`).
 * @fires command-failed - The store refused (detail: `{ leadId, command: 'decide-close-request', error }`).
 *
 * @csspart base - The wrapper.
 * @csspart heading - The title with the count.
 * @csspart status - The live region announcing what was done.
 * @csspart list - The list of requests.
 * @csspart request - One request (also `request-decided` once decided meanwhile).
 * @csspart customer - The customer's name.
 * @csspart details - The requested choices.
 * @csspart actions - Approve and Decline.
 * @csspart approve - The Approve button.
 * @csspart decline - The Decline button.
 * @csspart decline-form - The decline reason form.
 * @csspart decided - "Already approved/declined by …" (and, for a decision made here that lost at sync, that it was not applied).
 * @csspart pending-upload - A decision made here that is not on the server yet (one per decision).
 * @csspart message - Loading, empty and permission messages.
 *
 * @cssprop --lead-color-accent - The Approve button.
 * @cssprop --lead-color-danger - Errors.
 * @cssprop --lead-color-surface-alt - Request cards.
 * @cssprop --lead-color-border - Borders.
 * @cssprop --lead-radius - Corner radius.
 */
export class CloseRequestInboxElement extends StoreElement {
  static override styles = styles;

  /** 'mine': requests addressed to me or to any manager; 'all': every request of the dealership. */
  @property({ reflect: true }) scope: InboxScope = 'mine';

  @state() private declining: string | null = null;
  @state() private declineText = '';
  @state() private busy: string | null = null;
  @state() private notice = '';
  @state() private refusals: Record<string, string> = {};
  @state() private meanwhile: ReadonlySet<string> = new Set();
  /** Decisions made here that lost to another device's decision at sync: request id → what was decided here. */
  @state() private lost: ReadonlyMap<string, Decision> = new Map();

  private readonly actorCtl = new ObservableController<Actor | null>(this, () => this.follow());
  private readonly policyCtl = new ObservableController<CompanyPolicy>(this);
  private readonly usersCtl = new ObservableController<UserDoc[]>(this);
  private readonly itemsCtl = new ObservableController<InboxItem[]>(this, (items) => this.track(items));
  /** For the decisions made here: is each one on the server yet (only while a sync runs)? */
  private readonly uploadCtl = new ObservableController<Record<string, boolean>>(this);
  private uploadKey = '';
  private itemsKey = '';
  /** Requests shown as pending here: one of them decided elsewhere is kept in view. */
  private readonly seenPending = new Set<string>();
  /**
   * Requests decided from this element (their status change is ours, not "meanwhile"): what was
   * decided, the command ('' while it runs) and the customer, to tell whether it later lost at
   * sync and to list it while it waits to upload.
   */
  private readonly decidedHere = new Map<string, { decision: Decision; commandId: string; customer: string }>();

  /** The requests shown: pending ones and those decided meanwhile. */
  get items(): InboxItem[] {
    return (this.itemsCtl.value ?? []).filter((i) => i.request.status === 'pending' || this.meanwhile.has(i.request.id));
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.actorCtl.observe(handle?.store.actor$ ?? null);
    this.policyCtl.observe(handle?.store.policy$ ?? null);
    this.usersCtl.observe(handle?.store.users$ ?? null);
    this.follow();
    this.watchUploads(true);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('scope')) this.follow();
  }

  /** (Re)subscribes to the requests of the current manager and scope. */
  private follow(): void {
    const store = this.store;
    const actor = this.actorCtl.value;
    const key = store && actor && isManager(actor) ? `${actor.userId}|${this.scope}` : '';
    if (key === this.itemsKey) return;
    this.itemsKey = key;
    this.seenPending.clear();
    this.meanwhile = new Set();
    this.lost = new Map();
    this.itemsCtl.observe(store && actor && key ? inbox$(store, actor.userId, this.scope === 'all' ? 'all' : 'mine') : null);
  }

  private track(items: InboxItem[]): void {
    let changed = false;
    const meanwhile = new Set(this.meanwhile);
    const lost = new Map(this.lost);
    for (const item of items) {
      const { request } = item;
      if (request.status === 'pending') {
        this.seenPending.add(request.id);
        continue;
      }
      const mine = this.decidedHere.get(request.id);
      if (mine) {
        // Ours, unless sync replaced it with another device's decision (made or uploaded first).
        if (mine.commandId === '' || request.decisionCommandId === mine.commandId) continue;
        this.decidedHere.delete(request.id);
        lost.set(request.id, mine.decision);
        meanwhile.add(request.id);
        this.notice = t('inbox.lost', {
          yours: t(`inbox.your.${mine.decision}`),
          name: this.userName(request.decidedBy),
          status: t(`inbox.status.${request.status}` as 'inbox.status.approved'),
          customer: this.customer(item),
        });
        changed = true;
      } else if (this.seenPending.has(request.id) && !meanwhile.has(request.id)) {
        meanwhile.add(request.id);
        changed = true;
      }
    }
    if (changed) {
      this.meanwhile = meanwhile;
      this.lost = lost;
      this.watchUploads();
    }
  }

  /** Follows, through the sync, whether each decision made here has reached the server. */
  private watchUploads(storeChanged = false): void {
    const sync = this.sync;
    const ids = sync ? [...this.decidedHere].filter(([, d]) => d.commandId !== '').map(([id]) => id) : [];
    const key = ids.join('|');
    if (key === this.uploadKey && !storeChanged) return;
    this.uploadKey = key;
    if (!sync || ids.length === 0) {
      this.uploadCtl.observe(null);
      return;
    }
    const each: Observable<[string, boolean]>[] = ids.map((id) => sync.isOnServer$(id).pipe(map((on): [string, boolean] => [id, on])));
    this.uploadCtl.observe(combineLatest(each).pipe(map((pairs) => Object.fromEntries(pairs))));
  }

  private userName(userId: string): string {
    return this.usersCtl.value?.find((u) => u.userId === userId)?.name ?? userId;
  }

  private customer(item: InboxItem): string {
    return item.lead?.customer.name ?? t('inbox.lead-missing', { leadId: item.request.leadId });
  }

  /** Approves or declines; on a refusal shows it on the request and writes nothing. */
  async decide(requestId: string, decision: 'approve' | 'decline', declineReason = ''): Promise<boolean> {
    const store = this.store;
    const item = this.itemsCtl.value?.find((i) => i.request.id === requestId);
    if (!store || !item || this.busy) return false;
    const { request } = item;
    const actor = this.actorCtl.value;
    const available = actor ? decideAvailability(request, actor) : null;
    if (available && !available.ok) {
      this.refuse(request, available.error);
      return false;
    }
    if (!fire(this, 'close-request-decide', { requestId, leadId: request.leadId, decision, declineReason }, true)) return false;
    this.busy = requestId;
    const customer = this.customer(item);
    this.decidedHere.set(requestId, { decision, commandId: '', customer });
    try {
      const result = await store.execute({
        type: 'decide-close-request',
        requestId,
        decision,
        ...(decision === 'decline' ? { declineReason } : {}),
      });
      if (!result.ok) {
        this.decidedHere.delete(requestId);
        this.refuse(request, result.error);
        emit(this, 'command-failed', { leadId: request.leadId, command: 'decide-close-request', error: result.error });
        return false;
      }
      this.decidedHere.set(requestId, { decision, commandId: result.commandId, customer });
      this.declining = null;
      this.declineText = '';
      const { [requestId]: _gone, ...rest } = this.refusals;
      this.refusals = rest;
      this.notice =
        decision === 'approve'
          ? t('inbox.approved', { customer: this.customer(item) })
          : t('inbox.declined', { customer: this.customer(item), name: this.userName(request.actorId) });
      fire(this, 'close-request-decided', { requestId, leadId: request.leadId, decision, commandId: result.commandId });
      this.watchUploads();
      // Another device's decision may have replaced ours while the command ran.
      if (this.itemsCtl.value) this.track(this.itemsCtl.value);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="status"]')?.focus();
      return true;
    } finally {
      this.busy = null;
    }
  }

  private refuse(request: CloseRequest, error: RuleError): void {
    if (error.code === 'request/already-decided') {
      this.meanwhile = new Set([...this.meanwhile, request.id]);
      this.declining = null;
    }
    this.refusals = { ...this.refusals, [request.id]: t('inbox.refused', { error: errorMessage(error) }) };
  }

  private async startDecline(requestId: string): Promise<void> {
    this.declining = requestId;
    this.declineText = '';
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>(`#decline-${cssId(requestId)}`)?.focus();
  }

  private async cancelDecline(requestId: string): Promise<void> {
    this.declining = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-decline="${cssId(requestId)}"]`)?.focus();
  }

  private dismiss(requestId: string): void {
    const meanwhile = new Set(this.meanwhile);
    meanwhile.delete(requestId);
    this.meanwhile = meanwhile;
    const lost = new Map(this.lost);
    lost.delete(requestId);
    this.lost = lost;
    this.seenPending.delete(requestId);
  }

  private renderMessage(): TemplateResult | null {
    const source = this.storeConsumer.source;
    if (source === 'unconfigured') return html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    if (source === 'failed') {
      const error = this.storeConsumer.error as Error | undefined;
      return html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String(error?.message ?? error) })}</p>`;
    }
    if (!this.store || this.actorCtl.value === undefined || !this.policyCtl.value || !this.usersCtl.value)
      return html`<p part="message" class="muted">${t('inbox.loading')}</p>`;
    const actor = this.actorCtl.value;
    if (!actor) return html`<p part="message" class="muted">${t('inbox.no-actor')}</p>`;
    if (!isManager(actor)) return html`<p part="message" class="muted">${t('inbox.not-manager')}</p>`;
    if (this.itemsCtl.value === undefined) return html`<p part="message" class="muted">${t('inbox.loading')}</p>`;
    return null;
  }

  protected override render() {
    const message = this.renderMessage();
    const items = message ? [] : this.items;
    const pending = items.filter((i) => i.request.status === 'pending').length;
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading" part="heading">
        ${t('inbox.label')}${message ? nothing : html` <span class="count">(${t('inbox.count', { count: pending })})</span>`}
      </h2>
      <p part="status" role="status" tabindex="-1" class="status">${this.notice}</p>
      ${this.renderUploads()}
      ${
        message ??
        (items.length === 0
          ? html`<p part="message" class="muted">${t('inbox.empty')}</p>`
          : html`<ul part="list" class="list">
            ${items.map((item) => html`<li>${this.renderItem(item, this.policyCtl.value!)}</li>`)}
          </ul>`)
      }
    </section>`;
  }

  private renderItem(item: InboxItem, policy: CompanyPolicy): TemplateResult {
    const { request, lead } = item;
    const id = cssId(request.id);
    const customer = this.customer(item);
    const decided = request.status !== 'pending';
    const choices = request.choices;
    const reason = choices.reasonId === '' ? t('inbox.no-reason') : (policy.lostReasons.find((r) => r.id === choices.reasonId)?.label ?? choices.reasonId);
    const groups = choices.contactGroups.map((g) => policy.contactGroups.find((c) => c.id === g)?.label ?? g);
    const events = choices.completeAllEvents ? t('inbox.events-all') : choices.completeOverdueEvents ? t('inbox.events-overdue') : t('inbox.events-none');
    const refusal = this.refusals[request.id];
    const busy = this.busy !== null;
    return html`<article part=${decided ? 'request request-decided' : 'request'} class="request" aria-labelledby="customer-${id}" data-request=${request.id}>
      <h3 id="customer-${id}" part="customer">${customer}</h3>
      ${lead ? html`<p class="muted vehicle">${lead.vehicle}</p>` : nothing}
      <p class="muted">${t('inbox.requested-by', { name: this.userName(request.actorId), date: formatDateTime(request.at) })}</p>
      <dl part="details">
        <dt>${t('inbox.reason')}</dt>
        <dd data-field="reason">${reason}</dd>
        <dt>${t('inbox.notes')}</dt>
        <dd data-field="notes" class="notes">${choices.notes.trim() === '' ? t('inbox.no-notes') : choices.notes}</dd>
        <dt>${t('inbox.events')}</dt>
        <dd data-field="events">${events}</dd>
        <dt>${t('inbox.groups')}</dt>
        <dd data-field="groups">${groups.length ? groups.join(', ') : t('inbox.no-groups')}</dd>
        <dt>${t('inbox.follow-up')}</dt>
        <dd data-field="follow-up">${choices.followUpAt === null ? t('inbox.no-follow-up') : formatDate(choices.followUpAt)}</dd>
      </dl>
      ${
        decided
          ? html`<p part="decided" class="decided">
            ${t(this.lost.has(request.id) ? 'inbox.decided-first' : 'inbox.decided-meanwhile', {
              status: t(`inbox.status.${request.status}` as 'inbox.status.approved'),
              name: this.userName(request.decidedBy),
              date: formatDateTime(request.decidedAt),
              yours: t(`inbox.your.${this.lost.get(request.id) ?? 'approve'}`),
            })}
          </p>`
          : nothing
      }
      ${refusal ? html`<p class="error" role="alert" id="refusal-${id}">${refusal}</p>` : nothing}
      ${
        this.declining === request.id && !decided
          ? html`<form
            part="decline-form"
            class="decline-form"
            @submit=${(e: Event) => {
              e.preventDefault();
              void this.decide(request.id, 'decline', this.declineText);
            }}
            @keydown=${(e: KeyboardEvent) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                void this.cancelDecline(request.id);
              }
            }}
          >
            <label for="decline-${id}">${t('inbox.decline-reason', { name: this.userName(request.actorId) })}</label>
            <textarea
              id="decline-${id}"
              .value=${this.declineText}
              @input=${(e: Event) => (this.declineText = (e.target as HTMLTextAreaElement).value)}
            ></textarea>
            <div class="actions">
              <button type="button" @click=${() => void this.cancelDecline(request.id)}>${t('inbox.cancel')}</button>
              <button type="submit" class="danger" data-action="confirm-decline" aria-disabled=${busy ? 'true' : 'false'}>
                ${t('inbox.decline-confirm')}
              </button>
            </div>
          </form>`
          : html`<div part="actions" class="actions">
            ${decided ? html`<button type="button" data-action="dismiss" @click=${() => this.dismiss(request.id)}>${t('inbox.dismiss')}</button>` : nothing}
            <button
              type="button"
              part="decline"
              data-action="decline"
              data-decline=${id}
              aria-label=${t('inbox.decline-label', { customer })}
              aria-disabled=${decided || busy ? 'true' : 'false'}
              aria-describedby=${refusal ? `refusal-${id}` : nothing}
              @click=${() => (decided ? this.refuseDecided(request) : busy ? undefined : void this.startDecline(request.id))}
            >
              ${t('inbox.decline')}
            </button>
            <button
              type="button"
              part="approve"
              class="primary"
              data-action="approve"
              aria-label=${t('inbox.approve-label', { customer })}
              aria-disabled=${decided || busy ? 'true' : 'false'}
              aria-describedby=${refusal ? `refusal-${id}` : nothing}
              @click=${() => (decided ? this.refuseDecided(request) : busy ? undefined : void this.decide(request.id, 'approve'))}
            >
              ${t('inbox.approve')}
            </button>
          </div>`
      }
    </article>`;
  }

  /** The decisions made here that are not on the server yet (only while a sync runs). */
  private renderUploads(): TemplateResult | typeof nothing {
    if (!this.sync) return nothing;
    const onServer = this.uploadCtl.value ?? {};
    const waiting = [...this.decidedHere].filter(([id, d]) => d.commandId !== '' && onServer[id] !== true);
    if (waiting.length === 0) return nothing;
    return html`${waiting.map(
      ([id, d]) =>
        html`<p part="pending-upload" class="muted pending-upload" data-request=${id}>${t(`inbox.upload.${d.decision}`, { customer: d.customer })}</p>`,
    )}`;
  }

  /** An action on a request decided meanwhile: refused with the rules' own reason. */
  private refuseDecided(request: CloseRequest): void {
    const actor = this.actorCtl.value;
    const available = actor ? decideAvailability(request, actor) : null;
    if (available && !available.ok) this.refuse(request, available.error);
  }
}

type Decision = 'approve' | 'decline';

/** A request id made safe for an element id / attribute selector. */
function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
