/**
 * Which close-request decisions stood. Two managers (or a manager and the requester withdrawing)
 * can decide the same request on two devices before either hears of the other. The request
 * document then converges to one decision (the server accepts only the first; `mergeActivity`
 * keeps the earlier one), but the other decision's own documents (its audit entry, its
 * notifications, an approval's close note) are append-only and reach everyone too. They stay as
 * history; what a person reads must say that they did not stand.
 *
 * Decisions (see docs/rules.md):
 * - The request document is the record of the decision: its `decisionCommandId` names the command
 *   that decided it. Everything a decision writes carries that command's id (`commandId`), so a
 *   document "stood" exactly when its command is the request's `decisionCommandId`.
 * - While the request is unknown here or still pending here, a decision's documents are taken as
 *   standing (they are the newest news); they turn "overruled" as soon as the request arrives
 *   decided by another command. Nothing is written: it is a reading of what is stored, so it is
 *   right whatever order the devices sync in.
 * - Decision notifications are 'close-request-approved', 'close-request-declined' and the
 *   'lead-closed-lost' notices an approval sends (they carry the `requestId`; a direct close's do
 *   not, and always stand).
 * - Decision audit entries are 'decide-close-request' and 'withdraw-close-request' (their
 *   `changes.requestId`).
 */
import type { ActivityDoc, AuditEntry, CloseRequest, NotificationEntry } from '../model/index.js';

const DECISION_TOPICS: readonly string[] = ['close-request-approved', 'close-request-declined', 'lead-closed-lost'];
const DECISION_ACTIONS: readonly string[] = ['decide-close-request', 'withdraw-close-request'];

/** The request a notification reports a decision on, or '' when it reports none. */
export function decisionNoticeRequestId(notice: NotificationEntry): string {
  if (DECISION_TOPICS.indexOf(notice.topic) < 0) return '';
  const id = notice.data['requestId'];
  return typeof id === 'string' ? id : '';
}

/** The request an audit entry records a decision (or withdrawal) of, or '' when it records none. */
export function decisionAuditRequestId(entry: AuditEntry): string {
  if (DECISION_ACTIONS.indexOf(entry.action) < 0) return '';
  const id = entry.changes['requestId'];
  return typeof id === 'string' ? id : '';
}

/** The request an activity document belongs to as part of a decision, or ''. */
export function decisionRequestId(doc: ActivityDoc): string {
  if (doc.kind === 'notification') return decisionNoticeRequestId(doc);
  if (doc.kind === 'audit') return decisionAuditRequestId(doc);
  return '';
}

/**
 * The request as it stands when the decision made by command `commandId` did not stand on it;
 * null when that decision stood, or when `request` is unknown or still pending (nothing else
 * decided it yet).
 */
export function overruledBy(commandId: string, request: CloseRequest | null | undefined): CloseRequest | null {
  if (!request || request.status === 'pending' || request.decisionCommandId === '') return null;
  return request.decisionCommandId === commandId ? null : request;
}

/**
 * For a list of activity (one lead's, say) and the close requests known here (by default the
 * ones in the list): command id → the request that decision lost to, for every decision command
 * that did not stand. Any document whose `commandId` is a key (its audit, notifications, an
 * approval's close note) belongs to a decision that was not applied.
 */
export function overruledDecisions(activity: readonly ActivityDoc[], requests?: readonly CloseRequest[]): Map<string, CloseRequest> {
  const byId = new Map<string, CloseRequest>();
  for (const r of requests ?? activity.filter((a): a is CloseRequest => a.kind === 'close-request')) byId.set(r.id, r);
  const out = new Map<string, CloseRequest>();
  for (const doc of activity) {
    const requestId = decisionRequestId(doc);
    if (requestId === '') continue;
    const winner = overruledBy(doc.commandId, byId.get(requestId));
    if (winner) out.set(doc.commandId, winner);
  }
  return out;
}
