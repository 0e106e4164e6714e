import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Observable } from 'rxjs';
import {
  closedLostReport,
  REPORT_DIMENSIONS,
  reportInputs$,
  reportToCsv,
  type ClosedLostReport,
  type ReportDimension,
  type ReportGroup,
  type ReportInputs,
} from '../../src/reports/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { formatNumber } from '../shared/i18n.js';
import { ReportElement, type ReportColumn, type ReportOptionsOf, type ReportTextKey } from '../shared/report-element.js';
import { styles } from '../shared/report.styles.js';
import { fire } from './events.js';
import { t } from './messages.js';

/**
 * @summary The closed-lost reason report: why customers did not buy, by reason, salesperson, source or period — as a chart, a table and a CSV file.
 *
 * Computed on this device from the local store (it works offline and follows every change, from
 * this device or from sync): the leads closed as lost, counted by the reason chosen when closing.
 * Reasons the company hides from reports (duplicates, junk) are left out and counted apart. Each
 * group is broken down by reason in the table. The chart is an HTML bar list whose every bar
 * carries its label and figure as text; the CSV download is built in the page from a Blob.
 *
 * @fires report-changed - The report was computed again (detail: `{ report }`).
 * @fires report-exported - The CSV download was clicked (detail: `{ csv, filename }`).
 *
 * @csspart base - The wrapper.
 * @csspart controls - The options form.
 * @csspart summary - The totals line.
 * @csspart chart - The bar chart (a figure).
 * @csspart bar - One bar's track; `bar-fill` its filled part.
 * @csspart table - The table.
 * @csspart download - The CSV download link.
 * @csspart message - Loading and empty messages.
 *
 * @cssprop --lead-report-bar-color - The bars (default: the accent colour).
 * @cssprop --lead-color-accent - The bars, when no bar colour is set.
 * @cssprop --lead-color-border - Table and bar track borders.
 * @cssprop --lead-color-surface-alt - Table header and bar track background.
 */
export class ClosedLostReportElement extends ReportElement<ReportInputs, ClosedLostReport> {
  static override styles = styles;

  /** Group by 'reason', 'salesperson', 'source' or 'period'. */
  @property({ reflect: true }) dimension: ReportDimension = 'reason';
  /** First day of closing to include ('YYYY-MM-DD'); empty = from the start. */
  @property({ reflect: true }) from = '';
  /** Last day of closing to include ('YYYY-MM-DD'); empty = until now. */
  @property({ reflect: true }) to = '';

  /** The report as shown, or null while the data loads. */
  get report(): ClosedLostReport | null {
    return this.shown;
  }

  protected readonly dimensions = REPORT_DIMENSIONS;
  protected readonly fileName = 'closed-lost-report';

  protected inputs$(store: LeadStore): Observable<ReportInputs> {
    return reportInputs$(store);
  }

  protected compute(inputs: ReportInputs, options: ReportOptionsOf<ReportDimension>): ClosedLostReport {
    return closedLostReport(inputs.leads, inputs.policy, inputs.users, options);
  }

  protected toCsv(report: ClosedLostReport): string {
    return reportToCsv(report, {
      group: t(`report.dimension.${report.dimension}`),
      count: t('report.count'),
      share: t('report.share-csv'),
      noReason: t('report.no-reason'),
      groupLabel: (g) => this.groupLabel(g),
    });
  }

  protected text(key: ReportTextKey<ReportDimension>, params?: Record<string, string | number>): string {
    return t(`report.${key}`, params);
  }

  protected rowLabel(g: ReportGroup, dimension: ReportDimension): string {
    return dimension === 'reason' && g.key === '' ? t('report.no-reason') : g.label;
  }

  /** Grouped by anything but reason, each row is broken down by reason. */
  protected columns(report: ClosedLostReport): ReportColumn<ReportGroup>[] {
    if (report.dimension === 'reason') return [];
    return report.reasons.map((r) => ({
      header: r.reasonId === '' ? t('report.no-reason') : r.label,
      cell: (g) => formatNumber(g.byReason[r.reasonId] ?? 0),
      total: formatNumber(r.count),
    }));
  }

  protected renderSummary(report: ClosedLostReport): TemplateResult {
    return html`${t('report.summary', { total: formatNumber(report.total) })}
    ${report.hidden ? t('report.hidden', { hidden: formatNumber(report.hidden) }) : nothing}`;
  }

  protected announce(report: ClosedLostReport): void {
    fire(this, 'report-changed', { report });
  }
}
