/**
 * The merge functions sync uses by default.
 * TEMPORARY: a per-field last-writer-wins merge on the lead's `clock`, until src/rules exports
 * mergeLeads / mergeEvents / mergeActivity (then this file re-exports them).
 */
import type { ActivityDoc, CalendarEventDoc, LeadDoc, StepState } from '../model/index.js';
import { LEAD_MERGED_FIELDS } from '../model/index.js';
import { compareStepStates, sameValue, withDerived } from '../rules/lead.js';
import { compareStamps, ZERO_STAMP } from '../rules/stamp.js';
import type { LostValue, Mergers } from './conflicts.js';

function mergeLeads(a: LeadDoc, b: LeadDoc): { merged: LeadDoc; lost: LostValue[] } {
  const merged: LeadDoc = { ...b, clock: { ...b.clock } };
  const lost: LostValue[] = [];
  for (const field of LEAD_MERGED_FIELDS) {
    const sa = a.clock[field];
    const sb = b.clock[field];
    const aWins = compareStamps(sa, sb) > 0;
    const [winner, loser, winStamp, loseStamp] = aWins ? [a, b, sa, sb] : [b, a, sb, sa];
    (merged as unknown as Record<string, unknown>)[field] = winner[field];
    if (winStamp) merged.clock[field] = winStamp;
    if (!sameValue(a[field], b[field])) {
      lost.push({ field, keptValue: winner[field], lostValue: loser[field], lostStamp: loseStamp ?? ZERO_STAMP });
    }
  }
  const steps: Record<string, StepState> = { ...b.steps };
  for (const [id, state] of Object.entries(a.steps)) {
    const other = steps[id];
    if (!other || compareStepStates(state, other) > 0) steps[id] = state;
  }
  merged.steps = steps;
  merged.updatedAt = Math.max(a.updatedAt, b.updatedAt);
  return { merged: withDerived(merged), lost };
}

function mergeEvents(a: CalendarEventDoc, b: CalendarEventDoc): CalendarEventDoc {
  const base = a.updatedAt > b.updatedAt ? a : b;
  const completed = [a, b].filter((e) => e.completedAt > 0).sort((x, y) => x.completedAt - y.completedAt)[0];
  return completed ? { ...base, completedAt: completed.completedAt, completedBy: completed.completedBy } : base;
}

function mergeActivity(a: ActivityDoc, b: ActivityDoc): ActivityDoc {
  // Append-only entries never change; a request is decided once, a notification read once.
  if (a.kind === 'close-request' && b.kind === 'close-request') return b.status !== 'pending' ? b : a;
  if (a.kind === 'notification' && b.kind === 'notification') return b.readAt > 0 ? b : a;
  return b;
}

export const defaultMergers: Mergers = { mergeLeads, mergeEvents, mergeActivity };
