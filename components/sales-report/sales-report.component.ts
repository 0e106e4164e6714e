import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import {
  dayWindow,
  PERIOD_UNITS,
  periodLabel,
  SALES_DIMENSIONS,
  salesInputs$,
  salesReport,
  salesReportToCsv,
  type PeriodUnit,
  type SalesDimension,
  type SalesGroup,
  type SalesInputs,
  type SalesReport,
} from '../../src/reports/index.js';
import { currentLocale, formatNumber, msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { fire } from './events.js';
import { t, tCount } from './messages.js';
import { styles } from './sales-report.styles.js';

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
export class SalesReportElement extends StoreElement {
  static override styles = styles;

  /** Group by 'salesperson', 'source' or 'period'. */
  @property({ reflect: true }) dimension: SalesDimension = 'salesperson';
  /** The period length when grouping by period: 'day', 'week', 'month' or 'quarter'. */
  @property({ reflect: true }) period: PeriodUnit = 'month';
  /** First day of sale to include ('YYYY-MM-DD'); empty = from the start. */
  @property({ reflect: true }) from = '';
  /** Last day of sale to include ('YYYY-MM-DD'); empty = until now. */
  @property({ reflect: true }) to = '';
  /** The IANA time zone days and periods are cut in (default: the browser's). */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  private readonly inputsCtl = new ObservableController<SalesInputs>(this);
  private computed: SalesReport | null = null;
  private csv = '';
  private csvUrl = '';
  private lastInputs: SalesInputs | undefined;
  private lastKey = '';
  private announced: SalesReport | null = null;

  /** The report as shown, or null while the data loads. */
  get report(): SalesReport | null {
    return this.computed;
  }

  /** The CSV text of the report as shown. */
  get csvText(): string {
    return this.csv;
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.inputsCtl.observe(handle ? salesInputs$(handle.store) : null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releaseUrl();
    this.lastKey = '';
  }

  private releaseUrl(): void {
    if (this.csvUrl) URL.revokeObjectURL(this.csvUrl);
    this.csvUrl = '';
  }

  private get zone(): string | undefined {
    return this.timeZone || undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const inputs = this.inputsCtl.value;
    const key = JSON.stringify([this.dimension, this.period, this.from, this.to, this.timeZone, currentLocale()]);
    if (!inputs) {
      this.computed = null;
      this.releaseUrl();
      return;
    }
    if (inputs === this.lastInputs && key === this.lastKey) return;
    this.lastInputs = inputs;
    this.lastKey = key;
    const dimension = SALES_DIMENSIONS.includes(this.dimension) ? this.dimension : 'salesperson';
    const period = PERIOD_UNITS.includes(this.period) ? this.period : 'month';
    const zone = this.zone;
    this.computed = salesReport(inputs.leads, inputs.users, {
      dimension,
      period,
      window: dayWindow(this.from, this.to, zone),
      ...(zone ? { timeZone: zone } : {}),
    });
    this.csv = salesReportToCsv(this.computed, {
      group: t(`sales.dimension.${dimension}`),
      count: t('sales.count'),
      share: t('sales.share-csv'),
      open: t('sales.open'),
      won: t('sales.won'),
      groupLabel: (g) => this.groupLabel(g),
    });
    this.releaseUrl();
    this.csvUrl = URL.createObjectURL(new Blob([this.csv], { type: 'text/csv;charset=utf-8' }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.computed && this.computed !== this.announced) {
      this.announced = this.computed;
      fire(this, 'sales-report-changed', { report: this.computed });
    }
  }

  private get filename(): string {
    return `sales-report-${this.computed?.dimension ?? this.dimension}.csv`;
  }

  private groupLabel(g: SalesGroup): string {
    const report = this.computed;
    if (!report) return g.label;
    switch (report.dimension) {
      case 'salesperson':
        return g.key === '' ? t('sales.unassigned') : g.label;
      case 'source':
        return g.key === '' ? t('sales.no-source') : g.label;
      case 'period':
        return g.start === undefined
          ? g.label
          : periodLabel(g.start, report.period, currentLocale(), {
              weekOf: (date) => t('sales.week-of', { date }),
              quarter: (quarter, year) => t('sales.quarter', { quarter, year }),
            });
    }
  }

  private share(share: number): string {
    return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
  }

  private set<K extends 'dimension' | 'period' | 'from' | 'to'>(key: K, value: this[K]): void {
    this[key] = value;
  }

  private renderControls(): TemplateResult {
    return html`<form part="controls" class="controls" aria-label=${t('sales.controls')} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field">
        <label for="dimension">${t('sales.group-by')}</label>
        <select id="dimension" @change=${(e: Event) => this.set('dimension', (e.target as HTMLSelectElement).value as SalesDimension)}>
          ${SALES_DIMENSIONS.map((d) => html`<option value=${d} ?selected=${this.dimension === d}>${t(`sales.dimension.${d}`)}</option>`)}
        </select>
      </div>
      ${
        this.dimension === 'period'
          ? html`<div class="field">
            <label for="period">${t('sales.period')}</label>
            <select id="period" @change=${(e: Event) => this.set('period', (e.target as HTMLSelectElement).value as PeriodUnit)}>
              ${PERIOD_UNITS.map((p) => html`<option value=${p} ?selected=${this.period === p}>${t(`sales.period.${p}`)}</option>`)}
            </select>
          </div>`
          : nothing
      }
      <div class="field">
        <label for="from">${t('sales.from')}</label>
        <input id="from" type="date" .value=${this.from} max=${this.to || nothing} @change=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="to">${t('sales.to')}</label>
        <input id="to" type="date" .value=${this.to} min=${this.from || nothing} @change=${(e: Event) => this.set('to', (e.target as HTMLInputElement).value)} />
      </div>
    </form>`;
  }

  protected override render() {
    const source = this.storeConsumer.source;
    let body: TemplateResult;
    if (source === 'unconfigured') body = html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    else if (source === 'failed') {
      const error = this.storeConsumer.error as Error | undefined;
      body = html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String(error?.message ?? error) })}</p>`;
    } else if (!this.computed) body = html`<p part="message" class="muted">${t('sales.loading')}</p>`;
    else body = this.renderReport(this.computed);
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading">${t('sales.label')}</h2>
      ${this.renderControls()} ${body}
    </section>`;
  }

  private renderReport(report: SalesReport): TemplateResult {
    const dimension = t(`sales.dimension.${report.dimension}`);
    const max = Math.max(1, ...report.groups.map((g) => g.count));
    return html`
      <p part="summary" class="summary" role="status">
        ${tCount('sales.summary', report.total, { open: formatNumber(report.open), won: formatNumber(report.won) })}
        ${report.lostAfterSale ? t('sales.lost-after-sale', { count: formatNumber(report.lostAfterSale) }) : nothing}
      </p>
      ${
        report.total === 0
          ? html`<p part="message" class="muted">${t('sales.empty')}</p>`
          : html`
            <figure part="chart" class="chart" aria-labelledby="chart-caption">
              <figcaption id="chart-caption">${t('sales.chart', { dimension: dimension.toLowerCase() })}</figcaption>
              <ul class="bars">
                ${report.groups.map((g) => {
                  const label = this.groupLabel(g);
                  return html`<li class="bar-row">
                    <span class="bar-label">${t('sales.bar', { label, count: formatNumber(g.count), share: this.share(g.share) })}</span>
                    <span part="bar" class="bar" aria-hidden="true"
                      ><span part="bar-fill" class="bar-fill" style=${styleMap({ '--_fill': String(g.count / max) })}></span
                    ></span>
                  </li>`;
                })}
              </ul>
            </figure>
            <div class="table-wrap">
              <table part="table">
                <caption>
                  ${t('sales.table', { dimension: dimension.toLowerCase() })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${dimension}</th>
                    <th scope="col" class="num">${t('sales.count')}</th>
                    <th scope="col" class="num">${t('sales.share')}</th>
                    <th scope="col" class="num">${t('sales.open')}</th>
                    <th scope="col" class="num">${t('sales.won')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${report.groups.map(
                    (g) => html`<tr>
                      <th scope="row">${this.groupLabel(g)}</th>
                      <td class="num">${formatNumber(g.count)}</td>
                      <td class="num">${this.share(g.share)}</td>
                      <td class="num">${formatNumber(g.open)}</td>
                      <td class="num">${formatNumber(g.won)}</td>
                    </tr>`,
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">${t('sales.total')}</th>
                    <td class="num">${formatNumber(report.total)}</td>
                    <td class="num">${this.share(1)}</td>
                    <td class="num">${formatNumber(report.open)}</td>
                    <td class="num">${formatNumber(report.won)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          `
      }
      <a
        part="download"
        class="download"
        href=${this.csvUrl}
        download=${this.filename}
        @click=${() => fire(this, 'report-exported', { csv: this.csv, filename: this.filename })}
        >${t('sales.download')}</a
      >
    `;
  }
}
