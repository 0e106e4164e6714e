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
 * - Only an approval changes the lead (it closes it), so the lead merge keeps it closed whichever
 *   decision the request kept. When the approval did not stand, the device that made it writes
 *   the lead back to what the standing decision implies (`reopenAfterOverruledApproval`): open,
 *   the close fields cleared, `closeRequestId` '', the contact groups the approval added removed
 *   (when nobody changed them since), with a 'merge' entry recording the close that was dropped.
 *   The lead's close is the approval's when its `status` stamp is the approval's own (its audit
 *   entry's `at`, `deviceId` and `actorId`) and `closedBy`/`closedAt` match: a later close or
 *   reopen restamps `status`, so a lead a later action closed is never reopened. Events the
 *   approval completed stay completed (a completion is never undone).
 */
import type { ActivityDoc, AuditEntry, CalendarEventDoc, CloseRequest, LeadDoc, MergeEntry, NotificationEntry, Stamp } from '../model/index.js';
import { OPEN_LEAD_CLOSE_STATE } from '../model/index.js';
import { finishLead } from './lead.js';

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

/** Who reconciles: the user and device that made the overruled approval, and the time now. */
export interface DecisionReconciler {
  userId: string;
  deviceId: string;
  now: number;
}

/** The approval of `request` this reconciler made that did not stand (its audit entry), or null. */
export function overruledApprovalBy(
  request: CloseRequest,
  activity: readonly ActivityDoc[],
  who: Pick<DecisionReconciler, 'userId' | 'deviceId'>,
): AuditEntry | null {
  if (request.status === 'pending' || request.status === 'approved' || request.decisionCommandId === '') return null;
  for (const a of activity) {
    if (a.kind !== 'audit' || a.action !== 'decide-close-request' || a.changes['decision'] !== 'approve') continue;
    if (a.changes['requestId'] !== request.id || a.commandId === request.decisionCommandId) continue;
    if (a.actorId === who.userId && a.deviceId === who.deviceId) return a;
  }
  return null;
}

/** The command id of the write that undoes an overruled approval's close (deterministic, so a replay collides). */
export function notAppliedCommandId(approvalCommandId: string): string {
  return `merge.${approvalCommandId.replace(/[^A-Za-z0-9_-]/g, '.')}.not-applied`;
}

/**
 * The lead as the standing decision (a decline or a withdrawal) leaves it, when the close it
 * holds came from `who`'s approval of `request` that did not stand; null when there is nothing
 * to undo (the request was approved or is pending, the approval is not `who`'s, the lead is open
 * already, or a later action closed it). `entry` is the 'merge' activity entry that records the
 * dropped close. Idempotent: on the lead it returns, it returns null.
 */
export function reopenAfterOverruledApproval(
  lead: LeadDoc,
  request: CloseRequest,
  activity: readonly ActivityDoc[],
  events: readonly CalendarEventDoc[],
  who: DecisionReconciler,
): { lead: LeadDoc; entry: MergeEntry } | null {
  if (lead.id !== request.leadId || lead.status !== 'closed' || lead.outcome !== 'lost') return null;
  const approval = overruledApprovalBy(request, activity, who);
  if (!approval) return null;
  const closed = lead.clock.status;
  const fromApproval = (s: Stamp | undefined) => !!s && s.at === approval.at && s.deviceId === approval.deviceId && s.by === approval.actorId;
  if (!fromApproval(closed) || lead.closedBy !== approval.actorId || lead.closedAt !== approval.at) return null;
  const stamp: Stamp = { at: Math.max(who.now, approval.at + 1), deviceId: who.deviceId, by: who.userId };
  const commandId = notAppliedCommandId(approval.commandId);
  const groups = approval.changes['contactGroups'];
  const groupsBefore =
    Array.isArray(groups) && Array.isArray(groups[0]) && fromApproval(lead.clock.contactGroups) ? (groups[0] as string[]) : lead.contactGroups;
  const after: LeadDoc = { ...lead, ...OPEN_LEAD_CLOSE_STATE, closeRequestId: '', contactGroups: groupsBefore };
  const entry: MergeEntry = {
    id: `activity:${commandId}:merge`,
    type: 'activity',
    dealershipId: lead.dealershipId,
    kind: 'merge',
    leadId: lead.id,
    actorId: who.userId,
    deviceId: who.deviceId,
    commandId,
    at: stamp.at,
    field: 'status',
    keptValue: 'open',
    lostValue: 'closed',
    lostStamp: closed!,
  };
  return { lead: finishLead(lead, after, events, stamp, commandId), entry };
}
