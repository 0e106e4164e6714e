/**
 * The sales report as CSV, the same way as the closed-lost report's (./csv.ts): RFC 4180, CRLF
 * line ends, cells quoted when needed and spreadsheet formulas defused by `csvCell`.
 */
import { csvCell, csvPercent } from './csv.js';
import type { SalesGroup, SalesReport } from './sales.js';

export interface SalesCsvLabels {
  /** Heading of the first column: 'Salesperson', 'Source' or 'Period'. */
  group: string;
  count: string;
  share: string;
  /** Heading of the "still open" column. */
  open: string;
  /** Heading of the "closed won" column. */
  won: string;
  /** The label of a group row (periods need formatting, an empty salesperson a word); default: its label. */
  groupLabel?: (group: SalesGroup) => string;
}

export function salesReportToCsv(report: SalesReport, labels: SalesCsvLabels): string {
  const header = [labels.group, labels.count, labels.share, labels.open, labels.won];
  const rows = report.groups.map((g) => [labels.groupLabel?.(g) ?? g.label, g.count, csvPercent(g.share), g.open, g.won]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
