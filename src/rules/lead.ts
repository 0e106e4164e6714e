/**
 * A lead's derived fields and stamps. Derived fields (progressStepId, nextEventAt, actionAt,
 * search) are never trusted from input: every rule that writes a lead recomputes them here.
 */
import type { CalendarEventDoc, LeadDoc, LeadMergedField, Stamp, StepState } from '../model/index.js';
import { LEAD_MERGED_FIELDS } from '../model/index.js';
import { compareStamps } from './stamp.js';

/**
 * The lead's Progress: the checked step with the greatest stamp ("the last item checked", by
 * time, not by position in the list). Ties (same `at`) break by deviceId, then by passId, so
 * every device picks the same step. Within one save the rules stamp the ticks ctx.now, ctx.now+1…
 * in click order, so the last click wins. '' when no step is checked.
 */
export function currentProgressStep(steps: Record<string, StepState>): string {
  let best = '';
  let bestState: StepState | undefined;
  for (const id of Object.keys(steps).sort()) {
    const state = steps[id];
    if (!state || !state.checked) continue;
    if (!bestState || compareStepStates(state, bestState) > 0) {
      best = id;
      bestState = state;
    }
  }
  return best;
}

export function compareStepStates(a: StepState, b: StepState): number {
  const byStamp = compareStamps(a.stamp, b.stamp);
  if (byStamp !== 0) return byStamp;
  if (a.passId !== b.passId) return a.passId < b.passId ? -1 : 1;
  if (a.checked !== b.checked) return a.checked ? 1 : -1;
  return 0;
}

/** Due time of the oldest (earliest due) incomplete event; 0 when every event is complete or there are none. */
export function nextEventAt(events: readonly Pick<CalendarEventDoc, 'dueAt' | 'completedAt'>[]): number {
  let next = 0;
  for (const e of events) {
    if (e.completedAt !== 0) continue;
    if (next === 0 || e.dueAt < next) next = e.dueAt;
  }
  return next;
}

/**
 * The dashboard's action date: the oldest incomplete event's due time, else the last update.
 * With `events` it is computed from them; without, from the lead's stored nextEventAt.
 */
export function actionAt(lead: Pick<LeadDoc, 'nextEventAt' | 'updatedAt'>, events?: readonly Pick<CalendarEventDoc, 'dueAt' | 'completedAt'>[]): number {
  const next = events ? nextEventAt(events) : lead.nextEventAt;
  return next !== 0 ? next : lead.updatedAt;
}

/** Lower-cased customer name, email, phone, vehicle and source, for free-text search. */
export function leadSearchText(lead: Pick<LeadDoc, 'customer' | 'vehicle' | 'source'>): string {
  return [lead.customer.name, lead.customer.email, lead.customer.phone, lead.vehicle, lead.source]
    .map((s) => (s ?? '').trim().toLowerCase())
    .filter((s) => s !== '')
    .join(' ');
}

export function matchesStatus(lead: Pick<LeadDoc, 'status'>, status: 'open' | 'closed' | 'all'): boolean {
  return status === 'all' || lead.status === status;
}

/** Structural equality for plain JSON data (key order insensitive). */
export function sameValue(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}

/** JSON with object keys sorted, so equal data gives equal text. */
export function stableJson(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .filter((k) => o[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
    .join(',')}}`;
}

/** Recomputes the fields derived from the lead alone (not nextEventAt, which needs the events). */
export function withDerived(lead: LeadDoc): LeadDoc {
  return {
    ...lead,
    progressStepId: currentProgressStep(lead.steps),
    search: leadSearchText(lead),
    actionAt: actionAt(lead),
  };
}

/**
 * Finishes a lead a command wrote: recomputes derived fields from the events after the command,
 * stamps every merged field whose value changed, and records who wrote it.
 */
export function finishLead(before: LeadDoc | null, after: LeadDoc, events: readonly CalendarEventDoc[], stamp: Stamp, commandId: string): LeadDoc {
  const lead: LeadDoc = {
    ...after,
    nextEventAt: nextEventAt(events.filter((e) => e.leadId === after.id)),
    updatedAt: stamp.at,
    updatedBy: stamp.by,
    commandId,
  };
  const clock: Partial<Record<LeadMergedField, Stamp>> = { ...(before?.clock ?? {}) };
  for (const field of LEAD_MERGED_FIELDS) {
    if (!before || !sameValue(before[field], lead[field])) clock[field] = { ...stamp };
  }
  return withDerived({ ...lead, clock });
}
