import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import {
  closedLostReport,
  dayWindow,
  PERIOD_UNITS,
  REPORT_DIMENSIONS,
  reportInputs$,
  reportToCsv,
  type ClosedLostReport,
  type PeriodUnit,
  type ReportDimension,
  type ReportGroup,
  type ReportInputs,
} from '../../src/reports/index.js';
import { currentLocale, formatNumber, msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { fire } from './events.js';
import { t } from './messages.js';
import { styles } from './closed-lost-report.styles.js';

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
export class ClosedLostReportElement extends StoreElement {
  static override styles = styles;

  /** Group by 'reason', 'salesperson', 'source' or 'period'. */
  @property({ reflect: true }) dimension: ReportDimension = 'reason';
  /** The period length when grouping by period: 'day', 'week', 'month' or 'quarter'. */
  @property({ reflect: true }) period: PeriodUnit = 'month';
  /** First day of closing to include ('YYYY-MM-DD'); empty = from the start. */
  @property({ reflect: true }) from = '';
  /** Last day of closing to include ('YYYY-MM-DD'); empty = until now. */
  @property({ reflect: true }) to = '';
  /** The IANA time zone days and periods are cut in (default: the browser's). */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  private readonly inputsCtl = new ObservableController<ReportInputs>(this);
  private computed: ClosedLostReport | null = null;
  private csv = '';
  private csvUrl = '';
  private lastInputs: ReportInputs | undefined;
  private lastKey = '';
  private announced: ClosedLostReport | null = null;

  /** The report as shown, or null while the data loads. */
  get report(): ClosedLostReport | null {
    return this.computed;
  }

  /** The CSV text of the report as shown. */
  get csvText(): string {
    return this.csv;
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.inputsCtl.observe(handle ? reportInputs$(handle.store) : null);
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
    const dimension = REPORT_DIMENSIONS.includes(this.dimension) ? this.dimension : 'reason';
    const period = PERIOD_UNITS.includes(this.period) ? this.period : 'month';
    const zone = this.zone;
    this.computed = closedLostReport(inputs.leads, inputs.policy, inputs.users, {
      dimension,
      period,
      window: dayWindow(this.from, this.to, zone),
      ...(zone ? { timeZone: zone } : {}),
    });
    this.csv = reportToCsv(this.computed, {
      group: t(`report.dimension.${dimension}`),
      count: t('report.count'),
      share: t('report.share-csv'),
      noReason: t('report.no-reason'),
      groupLabel: (g) => this.groupLabel(g),
    });
    this.releaseUrl();
    this.csvUrl = URL.createObjectURL(new Blob([this.csv], { type: 'text/csv;charset=utf-8' }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.computed && this.computed !== this.announced) {
      this.announced = this.computed;
      fire(this, 'report-changed', { report: this.computed });
    }
  }

  private get filename(): string {
    return `closed-lost-report-${this.computed?.dimension ?? this.dimension}.csv`;
  }

  private groupLabel(g: ReportGroup): string {
    const report = this.computed;
    if (!report) return g.label;
    if (report.dimension === 'reason') return g.key === '' ? t('report.no-reason') : g.label;
    if (report.dimension !== 'period' || g.start === undefined) return g.label;
    const locale = currentLocale();
    switch (report.period) {
      case 'day':
        return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(g.start);
      case 'week':
        return t('report.week-of', { date: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(g.start) });
      case 'month':
        return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(g.start);
      case 'quarter': {
        const d = new Date(g.start);
        return t('report.quarter', { quarter: Math.floor(d.getUTCMonth() / 3) + 1, year: d.getUTCFullYear() });
      }
    }
  }

  private share(share: number): string {
    return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
  }

  private set<K extends 'dimension' | 'period' | 'from' | 'to'>(key: K, value: this[K]): void {
    this[key] = value;
  }

  private renderControls(): TemplateResult {
    return html`<form part="controls" class="controls" aria-label=${t('report.controls')} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field">
        <label for="dimension">${t('report.group-by')}</label>
        <select id="dimension" @change=${(e: Event) => this.set('dimension', (e.target as HTMLSelectElement).value as ReportDimension)}>
          ${REPORT_DIMENSIONS.map((d) => html`<option value=${d} ?selected=${this.dimension === d}>${t(`report.dimension.${d}`)}</option>`)}
        </select>
      </div>
      ${this.dimension === 'period'
        ? html`<div class="field">
            <label for="period">${t('report.period')}</label>
            <select id="period" @change=${(e: Event) => this.set('period', (e.target as HTMLSelectElement).value as PeriodUnit)}>
              ${PERIOD_UNITS.map((p) => html`<option value=${p} ?selected=${this.period === p}>${t(`report.period.${p}`)}</option>`)}
            </select>
          </div>`
        : nothing}
      <div class="field">
        <label for="from">${t('report.from')}</label>
        <input id="from" type="date" .value=${this.from} max=${this.to || nothing} @change=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="to">${t('report.to')}</label>
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
    } else if (!this.computed) body = html`<p part="message" class="muted">${t('report.loading')}</p>`;
    else body = this.renderReport(this.computed);
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading">${t('report.label')}</h2>
      ${this.renderControls()} ${body}
    </section>`;
  }

  private renderReport(report: ClosedLostReport): TemplateResult {
    const dimension = t(`report.dimension.${report.dimension}`);
    const max = Math.max(1, ...report.groups.map((g) => g.count));
    const reasonColumns = report.dimension !== 'reason' ? report.reasons : [];
    return html`
      <p part="summary" class="summary" role="status">
        ${t('report.summary', { total: formatNumber(report.total) })}
        ${report.hidden ? t('report.hidden', { hidden: formatNumber(report.hidden) }) : nothing}
      </p>
      ${report.total === 0
        ? html`<p part="message" class="muted">${t('report.empty')}</p>`
        : html`
            <figure part="chart" class="chart" aria-labelledby="chart-caption">
              <figcaption id="chart-caption">${t('report.chart', { dimension: dimension.toLowerCase() })}</figcaption>
              <ul class="bars">
                ${report.groups.map((g) => {
                  const label = this.groupLabel(g);
                  return html`<li class="bar-row">
                    <span class="bar-label">${t('report.bar', { label, count: formatNumber(g.count), share: this.share(g.share) })}</span>
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
                  ${t('report.table', { dimension: dimension.toLowerCase() })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${dimension}</th>
                    <th scope="col" class="num">${t('report.count')}</th>
                    <th scope="col" class="num">${t('report.share')}</th>
                    ${reasonColumns.map((r) => html`<th scope="col" class="num">${r.reasonId === '' ? t('report.no-reason') : r.label}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${report.groups.map(
                    (g) => html`<tr>
                      <th scope="row">${this.groupLabel(g)}</th>
                      <td class="num">${formatNumber(g.count)}</td>
                      <td class="num">${this.share(g.share)}</td>
                      ${reasonColumns.map((r) => html`<td class="num">${formatNumber(g.byReason[r.reasonId] ?? 0)}</td>`)}
                    </tr>`,
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">${t('report.total')}</th>
                    <td class="num">${formatNumber(report.total)}</td>
                    <td class="num">${this.share(1)}</td>
                    ${reasonColumns.map((r) => html`<td class="num">${formatNumber(r.count)}</td>`)}
                  </tr>
                </tfoot>
              </table>
            </div>
          `}
      <a
        part="download"
        class="download"
        href=${this.csvUrl}
        download=${this.filename}
        @click=${() => fire(this, 'report-exported', { csv: this.csv, filename: this.filename })}
        >${t('report.download')}</a
      >
    `;
  }
}
