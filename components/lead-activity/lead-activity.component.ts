import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { ActivityDoc, AuditEntry, CloseRequest, ErrorCode, NotificationEntry, RejectionEntry, UserDoc } from '../../src/model/index.js';
import { overruledDecisions } from '../../src/rules/decisions.js';
import { ids } from '../../src/rules/ids.js';
import { actionLabel, errorMessage, formatDateTime, isErrorCode, msg, noteLabel } from '../shared/i18n.js';
import { LeadElement } from '../shared/lead-element.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { styles } from './lead-activity.styles.js';
import { hasActivityMsg, t, type ActivityMsgKey } from './messages.js';

const show = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

/**
 * A server's refusal reason split into the rules' error code and the server's own sentence:
 * validate_doc_update answers 'auth/not-permitted: Only a manager closes a lead as lost; …'.
 * A prefix shaped like a code but unknown here is dropped too (it is no text for a person).
 */
export function splitRefusal(reason: string): { code: ErrorCode | ''; text: string } {
  const m = /^\s*([a-z][a-z-]*\/[a-z][a-z-]*)\s*:\s*([\s\S]*)$/.exec(reason);
  if (!m) return { code: '', text: reason.trim() };
  return { code: isErrorCode(m[1]!) ? m[1]! : '', text: m[2]!.trim() };
}

/**
 * The refused command's sentence in the element's catalogue, from its action and what it wrote:
 * a close-lost that made a request, a decision that approved or declined. '' when unknown.
 */
function refusedKey(action: string, changes: Record<string, unknown>): ActivityMsgKey | '' {
  const base = `activity.rejected.${action}`;
  const variant =
    action === 'close-lost' && (changes['mode'] === 'request' || changes['outcome'] === 'requested')
      ? `${base}.request`
      : action === 'decide-close-request' && typeof changes['decision'] === 'string'
        ? `${base}.${changes['decision']}`
        : '';
  for (const key of [variant, base]) if (key && hasActivityMsg(key)) return key;
  return '';
}

/**
 * What the ids of a command's refused documents tell of it, for when its audit entry is not here
 * (the server refused it too and the sync reverted it). Ids derive from the command
 * (src/rules/ids.ts), and a few name the action without doubt: the close request a request
 * creates, the notices of a decision or of a close as lost.
 */
function fromIds(commandId: string, docIds: readonly string[]): { action: string; changes: Record<string, unknown> } | null {
  const notice = (topic: string) => docIds.some((id) => id.startsWith(ids.notification(commandId, topic, '')));
  if (docIds.includes(ids.closeRequest(commandId))) return { action: 'close-lost', changes: { mode: 'request' } };
  if (notice('close-request-approved')) return { action: 'decide-close-request', changes: { decision: 'approve' } };
  if (notice('close-request-declined')) return { action: 'decide-close-request', changes: { decision: 'decline' } };
  if (notice('lead-closed-lost')) return { action: 'close-lost', changes: {} };
  return null;
}

/**
 * Every document a rejection entry says the server refused, with the server's reason: its own
 * docId and reason, and the `refused` list of an entry the sync writes once per command.
 */
function refusedDocuments(r: RejectionEntry): Array<{ docId: string; reason: string }> {
  const out = [{ docId: r.docId, reason: r.reason }];
  const listed: unknown = r.refused;
  if (Array.isArray(listed)) {
    for (const d of listed as Array<Record<string, unknown> | null>) {
      if (d && typeof d['docId'] === 'string') out.push({ docId: d['docId'], reason: typeof d['reason'] === 'string' ? d['reason'] : '' });
    }
  }
  return out;
}

/** The refused command's action as the sync recorded it from its refused audit entry ('' when not). */
const recordedAction = (r: RejectionEntry): string => {
  const action: unknown = r.action;
  return typeof action === 'string' ? action : '';
};

/** What one render knows beyond the entry: the lead's whole activity, rejections by command. */
interface Context {
  all: readonly ActivityDoc[];
  rejections: ReadonlyMap<string, RejectionEntry[]>;
}

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
 * A change the server refused is one entry per command, for the person who made it: which action
 * ("Your close of this lead as lost was refused by the server.") and why, in the page's language
 * from the rule's error code; the server's own words only when it gave no code known here.
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

  private describe(a: ActivityDoc, context: Context): { what: string; who: string; body?: string | TemplateResult } {
    const who = msg('activity.by', { actor: this.name(a.actorId) });
    switch (a.kind) {
      case 'audit':
        return { what: msg('activity.audit', { actor: this.name(a.actorId), action: actionLabel(a.action) }), who };
      case 'note':
        return { what: noteLabel(a.context), who, body: a.text };
      case 'progress-pass':
        return {
          what: msg(a.action === 'checked' ? 'activity.pass-checked' : 'activity.pass-cleared', { step: this.stepLabel(a.stepId) }),
          who,
          ...(a.note ? { body: a.note } : {}),
        };
      case 'close-request':
        return { what: msg('activity.close-request', { status: a.status }), who, ...(a.declineReason ? { body: a.declineReason } : {}) };
      case 'notification':
        return { what: this.notificationWhat(a), who };
      case 'merge':
        return { what: msg('activity.merge', { field: a.field, kept: show(a.keptValue), lost: show(a.lostValue) }), who };
      case 'rejection':
        return this.describeRejection(a, context);
    }
  }

  private notificationWhat(n: NotificationEntry): string {
    const recipient = this.name(n.recipientId);
    const key = `activity.notification.${n.topic}`;
    return hasActivityMsg(key) ? t(key, { recipient }) : msg('activity.notification', { recipient, topic: n.topic });
  }

  /**
   * A change the server refused, for the person who made it: which action (from the audit entry
   * of the same command when this device holds one, else from what the sync recorded of the
   * refused documents) and why, worded from the rules' error code.
   * The server's own sentence is shown only when its refusal carries no code known here; the
   * error kind ('forbidden') and the document ids stay out of the text. Every rejection of one
   * command is one entry (see render()).
   */
  private describeRejection(r: RejectionEntry, context: Context): { what: string; who: string; body?: string } {
    const audit = r.commandId ? context.all.find((a): a is AuditEntry => a.kind === 'audit' && a.commandId === r.commandId) : undefined;
    const group = (r.commandId && context.rejections.get(r.commandId)) || [r];
    const refused = group.flatMap(refusedDocuments);
    // The action: the audit entry here, else the one the sync recorded, refined (or found) by the refused ids.
    const inferred = r.commandId
      ? fromIds(
          r.commandId,
          refused.map((d) => d.docId),
        )
      : null;
    const action = audit?.action || group.map(recordedAction).find((a) => a !== '') || inferred?.action || '';
    const changes = audit ? audit.changes : inferred && inferred.action === action ? inferred.changes : {};
    const actorId = audit?.actorId ?? r.actorId;
    const reader = this.actor?.userId;
    let what: string;
    if (reader && reader !== actorId) {
      what = action
        ? t('activity.rejected.other', { actor: this.name(actorId), action: actionLabel(action) })
        : t('activity.rejected.other-unknown', { actor: this.name(actorId) });
    } else {
      const key = action ? refusedKey(action, changes) : '';
      what = t(key || (r.leadId ? 'activity.rejected.lead' : 'activity.rejected.change'));
    }
    const reasons = [
      ...new Set(
        refused.map((d) => {
          const { code, text } = splitRefusal(d.reason);
          if (code) return errorMessage({ code, message: text });
          return text ? t('activity.rejection.server-said', { reason: text }) : '';
        }),
      ),
    ].filter((x) => x !== '');
    return { what, who: t('activity.rejection.by', { actor: this.name(actorId) }), ...(reasons.length ? { body: reasons.join('\n') } : {}) };
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
    // One entry per refused command, whatever number of its documents the server refused.
    const rejections = new Map<string, RejectionEntry[]>();
    for (const a of all) if (a.kind === 'rejection' && a.commandId) rejections.set(a.commandId, [...(rejections.get(a.commandId) ?? []), a]);
    const context: Context = { all, rejections };
    const entries = all.filter(
      (a) => !(this.hideAudit && a.kind === 'audit') && !(a.kind === 'rejection' && a.commandId && rejections.get(a.commandId)![0] !== a),
    );
    return html`
      <h3 id="heading">${msg('activity.label')}</h3>
      ${
        entries.length === 0
          ? html`<p part="message" class="muted">${msg('activity.empty')}</p>`
          : html`<ol part="list" aria-labelledby="heading">
            ${entries.map((a) => {
              const { what, who, body } = this.describe(a, context);
              const lostTo = a.kind === 'close-request' ? undefined : overruled.get(a.commandId);
              return html`<li part="entry entry-${a.kind}${lostTo ? ' entry-not-applied' : ''}" data-kind=${a.kind} data-id=${a.id}>
                <time datetime=${new Date(a.at).toISOString()}>${formatDateTime(a.at)}</time>
                <span><span class="what">${what}</span> <span class="who">${who}</span></span>
                ${
                  lostTo
                    ? html`<span part="not-applied" class="not-applied"><strong>${t('activity.not-applied')}:</strong> ${this.notApplied(lostTo)}</span>`
                    : nothing
                }
                ${body ? html`<span class="body">${body}</span>` : nothing}
              </li>`;
            })}
          </ol>`
      }
    `;
  }
}
