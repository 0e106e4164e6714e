import { html, nothing, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { Observable } from 'rxjs';
import {
  SALES_DIMENSIONS,
  salesInputs$,
  salesReport,
  salesReportToCsv,
  type SalesDimension,
  type SalesGroup,
  type SalesInputs,
  type SalesReport,
} from '../../src/reports/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { formatNumber } from '../shared/i18n.js';
import { ReportElement, type ReportColumn, type ReportOptionsOf, type ReportTextKey } from '../shared/report-element.js';
import { styles } from '../shared/report.styles.js';
import { fire } from './events.js';
import { t, tCount } from './messages.js';

/**
 * @summary The sales report: the sales recorded by salesperson, source or period, split into leads still open and closed as won — as a chart, a table and a CSV file.
 *
 * As the help article says, changing a lead's Progress to 'Sold' "will record a sale in
 * reporting but leave your lead open to arrange 'Delivery' or 'Follow Up'", and "any reporting
 * will use the most recent time that Progress step was selected": each lead counts once, at the
 * latest time its Sold step was ticked (or its Close Won, when progress never recorded the sale).
 * A cleared Sold step is no sale; a lead sold and then closed as lost is left out and counted
 * apart. Computed on this device from the local store (it works offline and follows every change,
 * from this device or from sync). It looks and works like `<closed-lost-report>`: an HTML bar
 * list whose every bar carries its label and figure as text, a table, and a CSV download built in
 * the page from a Blob.
 *
 * @fires sales-report-changed - The report was computed again (detail: `{ report }`).
 * @fires report-exported - The CSV download was clicked (detail: `{ csv, filename }`; the same event as `<closed-lost-report>`'s).
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
export class SalesReportElement extends ReportElement<SalesInputs, SalesReport> {
  static override styles = styles;

  /** Group by 'salesperson', 'source' or 'period'. */
  @property({ reflect: true }) dimension: SalesDimension = 'salesperson';
  /** First day of sale to include ('YYYY-MM-DD'); empty = from the start. */
  @property({ reflect: true }) from = '';
  /** Last day of sale to include ('YYYY-MM-DD'); empty = until now. */
  @property({ reflect: true }) to = '';

  /** The report as shown, or null while the data loads. */
  get report(): SalesReport | null {
    return this.shown;
  }

  protected readonly dimensions = SALES_DIMENSIONS;
  protected readonly fileName = 'sales-report';

  protected inputs$(store: LeadStore): Observable<SalesInputs> {
    return salesInputs$(store);
  }

  protected compute(inputs: SalesInputs, options: ReportOptionsOf<SalesDimension>): SalesReport {
    return salesReport(inputs.leads, inputs.users, options);
  }

  protected toCsv(report: SalesReport): string {
    return salesReportToCsv(report, {
      group: t(`sales.dimension.${report.dimension}`),
      count: t('sales.count'),
      share: t('sales.share-csv'),
      open: t('sales.open'),
      won: t('sales.won'),
      groupLabel: (g) => this.groupLabel(g),
    });
  }

  protected text(key: ReportTextKey<SalesDimension>, params?: Record<string, string | number>): string {
    return t(`sales.${key}`, params);
  }

  protected rowLabel(g: SalesGroup, dimension: SalesDimension): string {
    if (g.key !== '') return g.label;
    if (dimension === 'salesperson') return t('sales.unassigned');
    if (dimension === 'source') return t('sales.no-source');
    return g.label;
  }

  /** Each row split into leads still open and closed as won. */
  protected columns(report: SalesReport): ReportColumn<SalesGroup>[] {
    return [
      { header: t('sales.open'), cell: (g) => formatNumber(g.open), total: formatNumber(report.open) },
      { header: t('sales.won'), cell: (g) => formatNumber(g.won), total: formatNumber(report.won) },
    ];
  }

  protected renderSummary(report: SalesReport): TemplateResult {
    return html`${tCount('sales.summary', report.total, { open: formatNumber(report.open), won: formatNumber(report.won) })}
    ${report.lostAfterSale ? t('sales.lost-after-sale', { count: formatNumber(report.lostAfterSale) }) : nothing}`;
  }

  protected announce(report: SalesReport): void {
    fire(this, 'sales-report-changed', { report });
  }
}
