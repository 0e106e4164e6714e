/**
 * The report as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when needed). A
 * cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an
 * apostrophe, so a hostile label cannot become a formula when the file is opened.
 */
import type { ClosedLostReport, ReportGroup } from './closed-lost.js';

export interface CsvLabels {
  /** Heading of the first column: 'Reason', 'Salesperson', 'Source' or 'Period'. */
  group: string;
  count: string;
  share: string;
  /** The label of a lead closed without a reason. */
  noReason: string;
  /** The label of a group row (periods need formatting); default: its label. */
  groupLabel?: (group: ReportGroup) => string;
}

export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Share as a percentage with one decimal, locale-free (a dot), e.g. 33.3. */
export const csvPercent = (share: number): string => (Math.round(share * 1000) / 10).toFixed(1);

export function reportToCsv(report: ClosedLostReport, labels: CsvLabels): string {
  const reasonLabel = (id: string, label: string): string => (id === '' ? labels.noReason : label);
  const byReason = report.dimension !== 'reason';
  const header = [labels.group, labels.count, labels.share, ...(byReason ? report.reasons.map((r) => reasonLabel(r.reasonId, r.label)) : [])];
  const rows = report.groups.map((g) => [
    report.dimension === 'reason' ? reasonLabel(g.key, g.label) : (labels.groupLabel?.(g) ?? g.label),
    g.count,
    csvPercent(g.share),
    ...(byReason ? report.reasons.map((r) => g.byReason[r.reasonId] ?? 0) : []),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
