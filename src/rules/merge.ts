/**
 * Deterministic merges of two versions of one document, for the sync layer's conflict handler.
 * Every merge is commutative (merge(a, b) equals merge(b, a)), idempotent (merging a result
 * with either input changes nothing) and associative, so every replica converges.
 *
 * Decisions (see docs/rules.md):
 * - Lead: each merged field goes to the version whose clock stamp for it is greater (at, then
 *   deviceId, then user id; equal stamps: the greater value as sorted-key JSON). Steps merge per
 *   step the same way (cleared steps are tombstones, so a removal survives a merge). The losing
 *   values are returned in `lost` (the caller records them as 'merge' activity); derived
 *   fields (nextEventAt, progressStepId, actionAt, search) are never reported as lost.
 * - updatedAt is the later of the two, createdAt the earlier; updatedBy and commandId come from
 *   the version updated last. nextEventAt merges by stamp unless the caller passes the lead's
 *   events, which is better: then it is recomputed from them.
 * - Event: a completion, once set, is kept: the earliest completedAt wins (with its completedBy).
 * - Activity is append-only, with two exceptions: a close request's decision beats 'pending'
 *   (two different decisions: the earlier decidedAt wins, then the smaller decisionCommandId),
 *   and a notification keeps the later readAt.
 */
import type { ActivityDoc, CalendarEventDoc, CloseRequest, LeadDoc, LeadMergedField, NotificationEntry, Stamp, StepState } from '../model/index.js';
import { LEAD_MERGED_FIELDS } from '../model/index.js';
import { compareStepStates, nextEventAt, stableJson, withDerived } from './lead.js';
import { ZERO_STAMP, compareStamps } from './stamp.js';

export interface LostValue {
  field: string;
  keptValue: unknown;
  lostValue: unknown;
  lostStamp: Stamp;
}

const DERIVED_MERGED: readonly LeadMergedField[] = ['nextEventAt'];

function compareJson(a: unknown, b: unknown): number {
  const x = stableJson(a);
  const y = stableJson(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** The version updated last: updatedAt, then commandId, then updatedBy, then the whole document. */
function lastUpdated(a: LeadDoc, b: LeadDoc): LeadDoc {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? a : b;
  if (a.commandId !== b.commandId) return a.commandId > b.commandId ? a : b;
  if (a.updatedBy !== b.updatedBy) return a.updatedBy > b.updatedBy ? a : b;
  return compareJson(a, b) >= 0 ? a : b;
}

export interface MergeLeadOptions {
  /** The lead's events: nextEventAt (and the action date) are then recomputed from them. */
  events?: readonly CalendarEventDoc[];
  /**
   * The common ancestor both versions were edited from (RxDB's assumedMasterState). With it,
   * only values the losing side really changed since the ancestor are reported lost; without
   * it, every differing value is (nothing is ever dropped silently).
   */
  base?: LeadDoc | null;
}

export function mergeLeads(a: LeadDoc, b: LeadDoc, options: MergeLeadOptions = {}): { merged: LeadDoc; lost: LostValue[] } {
  const { events, base: ancestor } = options;
  const base = lastUpdated(a, b);
  const merged: LeadDoc = {
    ...base,
    clock: {},
    steps: {},
    createdAt: Math.min(a.createdAt, b.createdAt),
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
  };
  const lost: LostValue[] = [];
  const clock: Partial<Record<LeadMergedField, Stamp>> = {};
  const target = merged as unknown as Record<string, unknown>;
  for (const field of LEAD_MERGED_FIELDS) {
    const sa = a.clock[field];
    const sb = b.clock[field];
    const byStamp = compareStamps(sa, sb);
    const aWins = byStamp > 0 || (byStamp === 0 && compareJson(a[field], b[field]) >= 0);
    const [winner, loser] = aWins ? [a, b] : [b, a];
    target[field] = winner[field];
    const stamp = winner.clock[field];
    if (stamp) clock[field] = stamp;
    const loserEdited = !ancestor || compareStamps(loser.clock[field], ancestor.clock[field]) !== 0;
    if (DERIVED_MERGED.indexOf(field) < 0 && loserEdited && compareJson(winner[field], loser[field]) !== 0) {
      lost.push({ field, keptValue: winner[field], lostValue: loser[field], lostStamp: loser.clock[field] ?? ZERO_STAMP });
    }
  }
  merged.clock = clock;
  const steps: Record<string, StepState> = {};
  const stepIds = Object.keys({ ...a.steps, ...b.steps }).sort();
  for (const id of stepIds) {
    const x = a.steps[id];
    const y = b.steps[id];
    if (!x || !y) {
      steps[id] = (x ?? y)!;
      continue;
    }
    const order = compareStepStates(x, y) || compareJson(x, y);
    const [winner, loser] = order >= 0 ? [x, y] : [y, x];
    steps[id] = winner;
    const was = ancestor?.steps[id];
    const loserEdited = !ancestor || !was || compareJson(was, loser) !== 0;
    if (order !== 0 && loserEdited) lost.push({ field: `steps.${id}`, keptValue: winner, lostValue: loser, lostStamp: loser.stamp });
  }
  merged.steps = steps;
  if (events) merged.nextEventAt = nextEventAt(events.filter((e) => e.leadId === merged.id));
  return { merged: withDerived(merged), lost };
}

/** Two versions of one calendar event: the latest edit, with a completion kept once set (earliest wins). */
export function mergeEvents(a: CalendarEventDoc, b: CalendarEventDoc): CalendarEventDoc {
  const base = a.updatedAt !== b.updatedAt ? (a.updatedAt > b.updatedAt ? a : b) : compareJson(a, b) >= 0 ? a : b;
  const completions = [a, b].filter((e) => e.completedAt !== 0);
  let done = completions[0];
  for (const e of completions) {
    if (!done || e.completedAt < done.completedAt || (e.completedAt === done.completedAt && e.completedBy < done.completedBy)) done = e;
  }
  return {
    ...base,
    updatedAt: Math.max(a.updatedAt, b.updatedAt),
    completedAt: done ? done.completedAt : 0,
    completedBy: done ? done.completedBy : '',
  };
}

function mergeRequests(a: CloseRequest, b: CloseRequest): CloseRequest {
  if (a.status === 'pending' && b.status !== 'pending') return b;
  if (b.status === 'pending' && a.status !== 'pending') return a;
  if (a.status !== 'pending' && b.status !== 'pending') {
    if (a.decidedAt !== b.decidedAt) return a.decidedAt < b.decidedAt ? a : b;
    if (a.decisionCommandId !== b.decisionCommandId) return a.decisionCommandId < b.decisionCommandId ? a : b;
  }
  return compareJson(a, b) >= 0 ? a : b;
}

function mergeNotifications(a: NotificationEntry, b: NotificationEntry): NotificationEntry {
  const base = compareJson({ ...a, readAt: 0 }, { ...b, readAt: 0 }) >= 0 ? a : b;
  return { ...base, readAt: Math.max(a.readAt, b.readAt) };
}

/** Two versions of one activity document (normally identical: activity is append-only). */
export function mergeActivity(a: ActivityDoc, b: ActivityDoc): ActivityDoc {
  if (a.kind === 'close-request' && b.kind === 'close-request') return mergeRequests(a, b);
  if (a.kind === 'notification' && b.kind === 'notification') return mergeNotifications(a, b);
  return compareJson(a, b) >= 0 ? a : b;
}
