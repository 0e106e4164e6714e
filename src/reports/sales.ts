/**
 * The sales report: the sales recorded on leads, grouped by salesperson, source or period, each
 * group split into leads still open (delivery or follow-up to arrange) and leads closed as won.
 * Pure computation over plain leads, so it runs offline on local data, in Node and in a page alike.
 *
 * What counts as a sale follows the seeds and src/rules/commands (progress.ts, close.ts):
 * - "you can change the Progress to 'Sold' - which will record a sale in reporting but leave your
 *   lead open": ticking the company's sold step sets the lead's `soldAt`, and the lead stays open.
 *   A sale counts whether the lead is still open or was later closed as won.
 * - "any reporting will use the most recent time that Progress step was selected": `soldAt` is
 *   the time of the sold step's latest tick (ticking it again moves it; a test checks it against
 *   the most recent progress pass, src/rules latestPassPerStep). A lead counts once, whatever the
 *   number of passes.
 * - A cleared sold step clears `soldAt`: no sale.
 * - Close Won records the sale at the close when progress never did, so a lead won without the
 *   sold step ticked is a sale too (at its close).
 * - Decision (the seeds are silent): a lead sold and then closed as lost is not a sale (the
 *   closed-lost report counts it as lost, and a lead is never both); it is left out and counted
 *   apart (`lostAfterSale`) so the figure is visible. Reopened, it counts again.
 */
import type { LeadDoc, UserDoc } from '../model/index.js';
import { calendarDay, periodOf, type PeriodUnit } from './periods.js';

export type SalesDimension = 'salesperson' | 'source' | 'period';
export const SALES_DIMENSIONS: readonly SalesDimension[] = ['salesperson', 'source', 'period'];

export type SalesLead = Pick<LeadDoc, 'id' | 'status' | 'outcome' | 'soldAt' | 'salespersonId' | 'source'>;

export interface SalesReportOptions {
  dimension: SalesDimension;
  /** Only sales made inside [from, to] (epoch ms, both inclusive); null = all time. */
  window?: { from: number; to: number } | null;
  /** The period grouping ('month' by default). */
  period?: PeriodUnit;
  /** The IANA time zone periods are cut in; default: the runtime's. */
  timeZone?: string;
}

export interface SalesGroup {
  /** Salesperson id, source, or period key ('2025-06', '2025-W24', '2025-06-15', '2025-Q2'). */
  key: string;
  /** A readable label: the user's name (their id when unknown), the source, or the period key (the UI formats `start`). */
  label: string;
  /** Sales in the group. */
  count: number;
  /** Share of the reported sales, 0..1. */
  share: number;
  /** Of those, leads still open (delivery or follow-up to arrange). */
  open: number;
  /** Of those, leads closed as won. */
  won: number;
  /** Periods only: the first calendar day of the period as UTC midnight (format it with timeZone 'UTC'). */
  start?: number;
}

export interface SalesReport {
  dimension: SalesDimension;
  period: PeriodUnit;
  /** Sales reported (one per lead, at its latest sale time, inside the window). */
  total: number;
  /** Of those, leads still open. */
  open: number;
  /** Of those, leads closed as won. */
  won: number;
  /** Leads sold inside the window and then closed as lost: left out of the figures. */
  lostAfterSale: number;
  /** Periods oldest first; the other dimensions most sales first, then by label. */
  groups: SalesGroup[];
}

/**
 * When a lead counts as sold: the most recent time its sold step was ticked (or its Close Won,
 * when progress never recorded the sale); null when it is no sale (never sold, sold step
 * cleared). A lead sold and then closed as lost gives `{ at, lostAfterSale: true }`.
 */
export function saleOf(lead: Pick<LeadDoc, 'status' | 'outcome' | 'soldAt'>): { at: number; lostAfterSale: boolean } | null {
  if (!(lead.soldAt > 0)) return null;
  return { at: lead.soldAt, lostAfterSale: lead.status === 'closed' && lead.outcome === 'lost' };
}

const byCountThenLabel = (a: { count: number; label: string }, b: { count: number; label: string }): number =>
  b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

export function salesReport(leads: readonly SalesLead[], users: readonly Pick<UserDoc, 'userId' | 'name'>[], options: SalesReportOptions): SalesReport {
  const period = options.period ?? 'month';
  const window = options.window ?? null;
  const names = new Map(users.map((u) => [u.userId, u.name]));
  const groups = new Map<string, { key: string; label: string; count: number; open: number; won: number; start?: number }>();
  let total = 0;
  let open = 0;
  let won = 0;
  let lostAfterSale = 0;

  for (const lead of leads) {
    const sale = saleOf(lead);
    if (!sale) continue;
    if (window && (sale.at < window.from || sale.at > window.to)) continue;
    if (sale.lostAfterSale) {
      lostAfterSale += 1;
      continue;
    }
    const isOpen = lead.status === 'open';
    total += 1;
    if (isOpen) open += 1;
    else won += 1;
    const { key, label, start } = groupOf(lead, sale.at, options.dimension, period, options.timeZone, names);
    let group = groups.get(key);
    if (!group) {
      group = { key, label, count: 0, open: 0, won: 0, ...(start !== undefined ? { start } : {}) };
      groups.set(key, group);
    }
    group.count += 1;
    if (isOpen) group.open += 1;
    else group.won += 1;
  }

  const rows: SalesGroup[] = [...groups.values()].map((g) => ({
    key: g.key,
    label: g.label,
    count: g.count,
    share: total ? g.count / total : 0,
    open: g.open,
    won: g.won,
    ...(g.start !== undefined ? { start: g.start } : {}),
  }));
  if (options.dimension === 'period') rows.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  else rows.sort(byCountThenLabel);
  return { dimension: options.dimension, period, total, open, won, lostAfterSale, groups: rows };
}

function groupOf(
  lead: SalesLead,
  at: number,
  dimension: SalesDimension,
  period: PeriodUnit,
  timeZone: string | undefined,
  names: Map<string, string>,
): { key: string; label: string; start?: number } {
  switch (dimension) {
    case 'salesperson':
      return { key: lead.salespersonId, label: names.get(lead.salespersonId) ?? lead.salespersonId };
    case 'source':
      return { key: lead.source, label: lead.source };
    case 'period': {
      const p = periodOf(calendarDay(at, timeZone), period);
      return { key: p.key, label: p.key, start: p.start };
    }
  }
}
