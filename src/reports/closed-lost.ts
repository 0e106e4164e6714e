/**
 * The closed-lost reason report: why customers did not buy, from the reason chosen on each lead
 * closed as lost, grouped by reason, salesperson, source or period, each group broken down by
 * reason. Pure computation over plain leads, so it runs offline on local data, in Node and in a
 * page alike.
 *
 * Which leads count follows src/rules/reports.ts (a test checks both agree): closed, outcome
 * lost, closed inside the window, and a reason not hidden from reports. A reason the policy no longer knows is
 * reported under its id; a lead closed lost without a reason counts under ''.
 */
import type { CompanyPolicy, LeadDoc, UserDoc } from '../model/index.js';
import { calendarDay, periodOf, type PeriodUnit } from './periods.js';

export type ReportDimension = 'reason' | 'salesperson' | 'source' | 'period';
export const REPORT_DIMENSIONS: readonly ReportDimension[] = ['reason', 'salesperson', 'source', 'period'];

export type ReportLead = Pick<LeadDoc, 'id' | 'status' | 'outcome' | 'closeReasonId' | 'closedAt' | 'salespersonId' | 'source'>;

export interface ReportOptions {
  dimension: ReportDimension;
  /** Only leads closed inside [from, to] (epoch ms, both inclusive); null = all time. */
  window?: { from: number; to: number } | null;
  /** The period grouping ('month' by default). */
  period?: PeriodUnit;
  /** The IANA time zone periods are cut in; default: the runtime's. */
  timeZone?: string;
}

export interface ReasonTotal {
  reasonId: string;
  /** The policy's label, the id when the policy no longer knows it, '' for "no reason given". */
  label: string;
  count: number;
  /** Share of the reported leads, 0..1. */
  share: number;
}

export interface ReportGroup {
  /** Reason id, salesperson id, source, or period key ('2025-06', '2025-W24', '2025-06-15', '2025-Q2'). */
  key: string;
  /** A readable label (the period key for periods: the UI formats `start`). */
  label: string;
  count: number;
  share: number;
  /** Counts per reason id, every reported reason present (0 when none). */
  byReason: Record<string, number>;
  /** Periods only: the first calendar day of the period as UTC midnight (format it with timeZone 'UTC'). */
  start?: number;
}

export interface ClosedLostReport {
  dimension: ReportDimension;
  period: PeriodUnit;
  /** Leads reported (closed lost, in the window, reason not hidden). */
  total: number;
  /** Leads closed lost in the window but left out because their reason is hidden from reports. */
  hidden: number;
  /** Reasons in report order: most frequent first, then by label. */
  reasons: ReasonTotal[];
  /** Periods oldest first; the other dimensions most frequent first, then by label. */
  groups: ReportGroup[];
}

const byCountThenLabel = (a: { count: number; label: string }, b: { count: number; label: string }): number =>
  b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

export function closedLostReport(
  leads: readonly ReportLead[],
  policy: Pick<CompanyPolicy, 'lostReasons'>,
  users: readonly Pick<UserDoc, 'userId' | 'name'>[],
  options: ReportOptions,
): ClosedLostReport {
  const period = options.period ?? 'month';
  const window = options.window ?? null;
  const reasonOf = new Map(policy.lostReasons.map((r) => [r.id, r]));
  const reasonCounts = new Map<string, number>();
  const groups = new Map<string, { key: string; label: string; count: number; byReason: Map<string, number>; start?: number }>();
  let total = 0;
  let hidden = 0;

  for (const lead of leads) {
    if (lead.status !== 'closed' || lead.outcome !== 'lost') continue;
    if (window && (lead.closedAt < window.from || lead.closedAt > window.to)) continue;
    if (reasonOf.get(lead.closeReasonId)?.hiddenFromReports) {
      hidden += 1;
      continue;
    }
    total += 1;
    reasonCounts.set(lead.closeReasonId, (reasonCounts.get(lead.closeReasonId) ?? 0) + 1);
    const { key, label, start } = groupOf(lead, options.dimension, period, options.timeZone, reasonOf, users);
    let group = groups.get(key);
    if (!group) {
      group = { key, label, count: 0, byReason: new Map(), ...(start !== undefined ? { start } : {}) };
      groups.set(key, group);
    }
    group.count += 1;
    group.byReason.set(lead.closeReasonId, (group.byReason.get(lead.closeReasonId) ?? 0) + 1);
  }

  const share = (count: number): number => (total ? count / total : 0);
  const reasons: ReasonTotal[] = [...reasonCounts]
    .map(([reasonId, count]) => ({ reasonId, label: reasonLabel(reasonId, reasonOf), count, share: share(count) }))
    .sort(byCountThenLabel);
  const rows: ReportGroup[] = [...groups.values()].map((g) => ({
    key: g.key,
    label: g.label,
    count: g.count,
    share: share(g.count),
    byReason: Object.fromEntries(reasons.map((r) => [r.reasonId, g.byReason.get(r.reasonId) ?? 0])),
    ...(g.start !== undefined ? { start: g.start } : {}),
  }));
  if (options.dimension === 'period') rows.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  else rows.sort(byCountThenLabel);
  return { dimension: options.dimension, period, total, hidden, reasons, groups: rows };
}

function reasonLabel(reasonId: string, reasonOf: Map<string, { label: string }>): string {
  if (reasonId === '') return '';
  return reasonOf.get(reasonId)?.label ?? reasonId;
}

function groupOf(
  lead: ReportLead,
  dimension: ReportDimension,
  period: PeriodUnit,
  timeZone: string | undefined,
  reasonOf: Map<string, { label: string }>,
  users: readonly Pick<UserDoc, 'userId' | 'name'>[],
): { key: string; label: string; start?: number } {
  switch (dimension) {
    case 'reason':
      return { key: lead.closeReasonId, label: reasonLabel(lead.closeReasonId, reasonOf) };
    case 'salesperson':
      return { key: lead.salespersonId, label: users.find((u) => u.userId === lead.salespersonId)?.name ?? lead.salespersonId };
    case 'source':
      return { key: lead.source, label: lead.source };
    case 'period': {
      const p = periodOf(calendarDay(lead.closedAt, timeZone), period);
      return { key: p.key, label: p.key, start: p.start };
    }
  }
}
