/**
 * Dashboard date ranges, matched against a lead's action date (actionAt).
 *
 * Decisions (see docs/rules.md) — day boundaries are local days (see time.ts), both ends inclusive:
 * - 'today':   00:00 today … 23:59:59.999 today.
 * - 'now-3':   00:00 three days ago … 23:59:59.999 three days ahead (Now ± 3 days, whole days).
 * - 'overdue': 00:00 twenty days ago … 23:59:59.999 three days ago (3 to 20 days past).
 * - 'stalled': from 0 … 23:59:59.999 twenty-one days ago (21 days or more past).
 * - 'custom':  the given from/to (swapped if reversed).
 */
import type { Interest, LeadDoc } from '../model/index.js';
import { endOfLocalDay, startOfLocalDay } from './time.js';

export type DateRange = { kind: 'now-3' | 'today' | 'overdue' | 'stalled' } | { kind: 'custom'; from: number; to: number };

export function rangeBounds(range: DateRange, now: number): { from: number; to: number } {
  switch (range.kind) {
    case 'today':
      return { from: startOfLocalDay(now), to: endOfLocalDay(now) };
    case 'now-3':
      return { from: startOfLocalDay(now, -3), to: endOfLocalDay(now, 3) };
    case 'overdue':
      return { from: startOfLocalDay(now, -20), to: endOfLocalDay(now, -3) };
    case 'stalled':
      return { from: 0, to: endOfLocalDay(now, -21) };
    case 'custom':
      return range.from <= range.to ? { from: range.from, to: range.to } : { from: range.to, to: range.from };
  }
}

export function inRange(lead: Pick<LeadDoc, 'actionAt'>, range: DateRange, now: number): boolean {
  const { from, to } = rangeBounds(range, now);
  return lead.actionAt >= from && lead.actionAt <= to;
}

/** Interest filter: an empty list matches every lead. */
export function matchesInterest(lead: Pick<LeadDoc, 'interest'>, interests: readonly Interest[]): boolean {
  return interests.length === 0 || interests.indexOf(lead.interest) >= 0;
}
