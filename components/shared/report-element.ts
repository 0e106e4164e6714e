/**
 * What the reports share: the options form (group by, period length, a day range cut in a time
 * zone), the report computed again whenever the store's figures or an option change, the HTML bar
 * chart, the table, the CSV download built in the page from a Blob, and the loading and store
 * messages. A report element supplies only what is its own: where its figures come from and how
 * they are counted, its extra columns, its summary line, its texts and its change event.
 */
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Observable } from 'rxjs';
import { dayWindow, PERIOD_UNITS, periodLabel, type PeriodUnit } from '../../src/reports/index.js';
import type { LeadStore } from '../../src/store/api.js';
import { currentLocale, formatNumber, msg } from './i18n.js';
import { fire } from './report-events.js';
import { ObservableController } from './store-controller.js';
import type { StoreHandle } from './store-context.js';
import { StoreElement } from './store-element.js';

/** One row of a report: a reason, a salesperson, a source or a period. */
export interface ReportRow {
  key: string;
  label: string;
  count: number;
  share: number;
  /** A period's first day (UTC midnight), when grouping by period. */
  start?: number;
}

/** What the element shows of a computed report. */
export interface ReportFigures {
  dimension: string;
  period: PeriodUnit;
  total: number;
  groups: readonly ReportRow[];
}

/** The options a report is computed with, from the element's attributes. */
export interface ReportOptionsOf<D extends string> {
  dimension: D;
  period: PeriodUnit;
  window: { from: number; to: number } | null;
  timeZone?: string;
}

/** A table column after the group, count and share columns. */
export interface ReportColumn<G> {
  header: string;
  cell(group: G): string;
  total: string;
}

/** The texts every report has, under its own catalogue's prefix (`report.…`, `sales.…`). */
export type ReportTextKey<D extends string> =
  | 'label'
  | 'loading'
  | 'controls'
  | 'group-by'
  | `dimension.${D}`
  | 'period'
  | `period.${PeriodUnit}`
  | 'from'
  | 'to'
  | 'empty'
  | 'chart'
  | 'bar'
  | 'table'
  | 'count'
  | 'share'
  | 'total'
  | 'week-of'
  | 'quarter'
  | 'download';

export abstract class ReportElement<I, R extends ReportFigures> extends StoreElement {
  // Each report declares these three @property fields itself, with its own words and default;
  // @internal keeps the manifest from overwriting the element's type with this generic one.
  /** @internal How rows are grouped: one of `dimensions`. */
  abstract dimension: R['dimension'];
  /** @internal The first day to include ('YYYY-MM-DD'); empty = from the start. */
  abstract from: string;
  /** @internal The last day to include ('YYYY-MM-DD'); empty = until now. */
  abstract to: string;
  /** The period length when grouping by period: 'day', 'week', 'month' or 'quarter'. */
  @property({ reflect: true }) period: PeriodUnit = 'month';
  /** The IANA time zone days and periods are cut in (default: the browser's). */
  @property({ attribute: 'time-zone', reflect: true }) timeZone = '';

  /** The dimensions offered, the first being the default. */
  protected abstract readonly dimensions: readonly R['dimension'][];
  /** The CSV file's name before `-<dimension>.csv`. */
  protected abstract readonly fileName: string;
  /** The figures the report is computed from, live from the store. */
  protected abstract inputs$(store: LeadStore): Observable<I>;
  protected abstract compute(inputs: I, options: ReportOptionsOf<R['dimension']>): R;
  protected abstract toCsv(report: R): string;
  /** A shared text, from the report's own catalogue. */
  protected abstract text(key: ReportTextKey<R['dimension']>, params?: Record<string, string | number>): string;
  /** A row's label when grouping by anything but period (e.g. a word for an empty key). */
  protected abstract rowLabel(group: R['groups'][number], dimension: R['dimension']): string;
  /** The columns after group, count and share (cells apart by a space, as the fixed ones are). */
  protected abstract columns(report: R): ReportColumn<R['groups'][number]>[];
  protected abstract renderSummary(report: R): TemplateResult;
  /** Fires the report's own change event. */
  protected abstract announce(report: R): void;

  private readonly inputsCtl = new ObservableController<I>(this);
  private computed: R | null = null;
  private csv = '';
  private csvUrl = '';
  private lastInputs: I | undefined;
  private lastKey = '';
  private announced: R | null = null;

  /** The report as shown, or null while the data loads: the element's typed `report` getter returns it. */
  protected get shown(): R | null {
    return this.computed;
  }

  /** The CSV text of the report as shown. */
  get csvText(): string {
    return this.csv;
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.inputsCtl.observe(handle ? this.inputs$(handle.store) : null);
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
    const dimension = this.dimensions.includes(this.dimension) ? this.dimension : this.dimensions[0]!;
    const period = PERIOD_UNITS.includes(this.period) ? this.period : 'month';
    const zone = this.zone;
    this.computed = this.compute(inputs, {
      dimension,
      period,
      window: dayWindow(this.from, this.to, zone),
      ...(zone ? { timeZone: zone } : {}),
    });
    this.csv = this.toCsv(this.computed);
    this.releaseUrl();
    this.csvUrl = URL.createObjectURL(new Blob([this.csv], { type: 'text/csv;charset=utf-8' }));
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.computed && this.computed !== this.announced) {
      this.announced = this.computed;
      this.announce(this.computed);
    }
  }

  private get filename(): string {
    return `${this.fileName}-${this.computed?.dimension ?? this.dimension}.csv`;
  }

  /** A row's label as shown and exported: periods in words for the page's locale. */
  protected groupLabel(g: R['groups'][number]): string {
    const report = this.computed;
    if (!report) return g.label;
    if (report.dimension !== 'period') return this.rowLabel(g, report.dimension);
    if (g.start === undefined) return g.label;
    return periodLabel(g.start, report.period, currentLocale(), {
      weekOf: (date) => this.text('week-of', { date }),
      quarter: (quarter, year) => this.text('quarter', { quarter, year }),
    });
  }

  private share(share: number): string {
    return new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
  }

  private set<K extends 'dimension' | 'period' | 'from' | 'to'>(key: K, value: this[K]): void {
    this[key] = value;
  }

  private renderControls(): TemplateResult {
    return html`<form part="controls" class="controls" aria-label=${this.text('controls')} @submit=${(e: Event) => e.preventDefault()}>
      <div class="field">
        <label for="dimension">${this.text('group-by')}</label>
        <select id="dimension" @change=${(e: Event) => this.set('dimension', (e.target as HTMLSelectElement).value)}>
          ${this.dimensions.map((d) => html`<option value=${d} ?selected=${this.dimension === d}>${this.text(`dimension.${d}`)}</option>`)}
        </select>
      </div>
      ${
        this.dimension === 'period'
          ? html`<div class="field">
            <label for="period">${this.text('period')}</label>
            <select id="period" @change=${(e: Event) => this.set('period', (e.target as HTMLSelectElement).value as PeriodUnit)}>
              ${PERIOD_UNITS.map((p) => html`<option value=${p} ?selected=${this.period === p}>${this.text(`period.${p}`)}</option>`)}
            </select>
          </div>`
          : nothing
      }
      <div class="field">
        <label for="from">${this.text('from')}</label>
        <input id="from" type="date" .value=${this.from} max=${this.to || nothing} @change=${(e: Event) => this.set('from', (e.target as HTMLInputElement).value)} />
      </div>
      <div class="field">
        <label for="to">${this.text('to')}</label>
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
    } else if (!this.computed) body = html`<p part="message" class="muted">${this.text('loading')}</p>`;
    else body = this.renderReport(this.computed);
    return html`<section part="base" aria-labelledby="heading">
      <h2 id="heading">${this.text('label')}</h2>
      ${this.renderControls()} ${body}
    </section>`;
  }

  private renderReport(report: R): TemplateResult {
    const dimension = this.text(`dimension.${report.dimension}`);
    const max = Math.max(1, ...report.groups.map((g) => g.count));
    const columns = this.columns(report);
    return html`
      <p part="summary" class="summary" role="status">${this.renderSummary(report)}</p>
      ${
        report.total === 0
          ? html`<p part="message" class="muted">${this.text('empty')}</p>`
          : html`
            <figure part="chart" class="chart" aria-labelledby="chart-caption">
              <figcaption id="chart-caption">${this.text('chart', { dimension: dimension.toLowerCase() })}</figcaption>
              <ul class="bars">
                ${report.groups.map((g) => {
                  const label = this.groupLabel(g);
                  return html`<li class="bar-row">
                    <span class="bar-label">${this.text('bar', { label, count: formatNumber(g.count), share: this.share(g.share) })}</span>
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
                  ${this.text('table', { dimension: dimension.toLowerCase() })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${dimension}</th>
                    <th scope="col" class="num">${this.text('count')}</th>
                    <th scope="col" class="num">${this.text('share')}</th>
                    ${columns.map((c) => html` <th scope="col" class="num">${c.header}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${report.groups.map(
                    (g) => html`<tr>
                      <th scope="row">${this.groupLabel(g)}</th>
                      <td class="num">${formatNumber(g.count)}</td>
                      <td class="num">${this.share(g.share)}</td>
                      ${columns.map((c) => html` <td class="num">${c.cell(g)}</td>`)}
                    </tr>`,
                  )}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">${this.text('total')}</th>
                    <td class="num">${formatNumber(report.total)}</td>
                    <td class="num">${this.share(1)}</td>
                    ${columns.map((c) => html` <td class="num">${c.total}</td>`)}
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
        >${this.text('download')}</a
      >
    `;
  }
}
