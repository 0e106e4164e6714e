/**
 * The closed-lost reason report: why customers did not buy, counted from the reason on each lead
 * closed as lost. Reasons hidden from reports (duplicates, junk) are left out; a reason missing
 * from the policy is reported under its id; leads closed lost without a reason count as ''.
 */
import type { CompanyPolicy, LeadDoc } from '../model/index.js';

export interface ReasonReportRow {
  reasonId: string;
  label: string;
  count: number;
  /** Share of the reported leads, 0..1. */
  share: number;
}

export function closedLostReasonReport(
  leads: readonly Pick<LeadDoc, 'status' | 'outcome' | 'closeReasonId' | 'closedAt'>[],
  policy: Pick<CompanyPolicy, 'lostReasons'>,
  window: { from: number; to: number } | null = null,
): ReasonReportRow[] {
  const counts: Record<string, number> = {};
  let total = 0;
  for (const lead of leads) {
    if (lead.status !== 'closed' || lead.outcome !== 'lost') continue;
    if (window && (lead.closedAt < window.from || lead.closedAt > window.to)) continue;
    const reason = policy.lostReasons.find((r) => r.id === lead.closeReasonId);
    if (reason?.hiddenFromReports) continue;
    counts[lead.closeReasonId] = (counts[lead.closeReasonId] ?? 0) + 1;
    total += 1;
  }
  return Object.keys(counts)
    .map((reasonId) => {
      const count = counts[reasonId] ?? 0;
      const label = reasonId === '' ? 'No reason given' : (policy.lostReasons.find((r) => r.id === reasonId)?.label ?? reasonId);
      return { reasonId, label, count, share: total ? count / total : 0 };
    })
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
