/** The date range filter's bounds come from the rules; the dashboard only compares action dates. */
import type { DashboardQuery } from '../store/api.js';
import { endOfLocalDay, startOfLocalDay } from '../rules/time.js';

export type DashboardRange = NonNullable<DashboardQuery['range']>;

// TEMPORARY until src/rules exports rangeBounds(range, now): same decisions as DESIGN.md.
export function dashboardRangeBounds(range: DashboardRange, now: number): { from: number; to: number } {
  switch (range.kind) {
    case 'now-3':
      return { from: startOfLocalDay(now, -3), to: endOfLocalDay(now, 3) };
    case 'today':
      return { from: startOfLocalDay(now), to: endOfLocalDay(now) };
    case 'overdue':
      return { from: startOfLocalDay(now, -20), to: endOfLocalDay(now, -3) };
    case 'stalled':
      return { from: -Infinity, to: endOfLocalDay(now, -21) };
    case 'custom':
      return { from: range.from, to: range.to };
  }
}
