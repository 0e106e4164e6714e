import { html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { live } from 'lit/directives/live.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import type { Subscription } from 'rxjs';
import type { Actor, CompanyPolicy, Interest, LeadDoc, UserDoc } from '../../src/model/index.js';
import { canBulkManage } from '../../src/rules/index.js';
import type { DashboardQuery, DashboardSortField, LeadStore } from '../../src/store/api.js';
import { dashboardIndexOf } from '../../src/dashboard/dashboard-query.js';
import { DEFAULT_SORT } from '../../src/dashboard/dashboard-index.js';
import type { DashboardResult } from '../../src/dashboard/dashboard-index.js';
import { projectLead } from '../../src/dashboard/row.js';
import type { RxCollection } from 'rxdb';
import type { LiveDashboardIndex } from '../../src/dashboard/live-index.js';
import type { DashboardRow } from '../../src/dashboard/row.js';
import { attributesFromQuery, FILTER_ATTRIBUTES, queryFromAttributes } from '../../src/dashboard/filter-state.js';
import type { FilterAttributes } from '../../src/dashboard/filter-state.js';
import { rowWindow, scrollToRow } from '../../src/dashboard/viewport.js';
import { Selection } from '../../src/dashboard/selection.js';
import type { BulkAction, BulkSummary } from '../../src/dashboard/bulk.js';
import { msg } from '../shared/i18n.js';
import { ObservableController } from '../shared/store-controller.js';
import type { StoreHandle } from '../shared/store-context.js';
import { StoreElement } from '../shared/store-element.js';
import { BulkManage } from './bulk-manage.js';
import { fire } from './events.js';
import { renderFilters } from './filters-view.js';
import type { FiltersView } from './filters-view.js';
import { nextFrame } from './next-frame.js';
import { SidePanelController } from './side-panel.js';
import type { PanelMode } from './side-panel.js';
import { dateText, numberText, t } from './messages.js';
import type { DashboardMsgKey } from './messages.js';
import { styles } from './lead-dashboard.styles.js';

/** Attributes that are absent when empty, so the markup shows only the filters in use. */
const optional = { toAttribute: (v: string) => (v === '' ? null : v) };
/** Rows rendered beyond the visible ones on each side: with a partly visible row at each edge, the DOM holds at most visible + 20. */
const BUFFER = 9;
const COLUMNS: { field: DashboardSortField; label: DashboardMsgKey }[] = [
  { field: 'customer', label: 'col.customer' },
  { field: 'vehicle', label: 'col.vehicle' },
  { field: 'source', label: 'col.source' },
  { field: 'salesperson', label: 'col.salesperson' },
  { field: 'progress', label: 'col.progress' },
  { field: 'actionAt', label: 'col.actionAt' },
  { field: 'status', label: 'col.status' },
];

/**
 * @summary Every lead at a glance: filter, sort and search instantly at 100,000 leads, work a lead from a side panel, and manage many at once.
 *
 * One row per lead — customer, vehicle of interest, source, salesperson, Progress (the current
 * step with the interest mark), action date, status — virtualized (only the visible rows plus a
 * small buffer are in the DOM). Filters: Status (Open by default), Progress, Interest,
 * salesperson, source, action date range (Now ± 3 days, Today, Overdue, Stalled, custom) and free
 * text, each value with its count; every column sorts. The filter state is reflected in
 * attributes (`status`, `progress`, `interest`, `salesperson`, `source`, `range`, `range-from`,
 * `range-to`, `search`, `sort-by`, `sort-direction`) and announced with `filters-changed`, so a
 * host can preset and remember it. Live: changes from other tabs, devices and the server appear
 * at once, keeping scroll position, focus and selection.
 *
 * Keyboard: arrow keys move between rows (Page Up/Down, Home/End), Space selects, Enter opens.
 *
 * The side panel works one lead: `<lead-progress>`, and while the lead is open `<close-lost-dialog>`
 * and `<close-won-dialog>` (each shows why it is unavailable when the rules refuse). Load the
 * elements you want offered (the library entry loads them all). Once the lead is closed (or a
 * close request sent), the panel closes, the user is back on the dashboard with a brief
 * confirmation, and focus is on the lead's row (or, when the lead left the view, the row now in
 * its place).
 *
 * Users with Bulk Manage select rows (click, shift-click, select all matching) and close them as
 * lost (a requester's close becomes requests), tick a progress step, or allocate them, with a
 * progress bar, resumable after a reload, and a summary of what was done and what was refused.
 *
 * @fires filters-changed - The user changed a filter or the sort (detail: `{ query, attributes }`).
 * @fires lead-open - Cancelable; not prevented, the side panel shows the lead (detail: `{ leadId }`).
 * @fires lead-progress-requested - Cancelable; not prevented, the side panel shows `<lead-progress>`.
 * @fires lead-close-requested - Cancelable; not prevented, the side panel opens `<close-lost-dialog>`.
 * @fires selection-changed - The selected rows changed (detail: `{ leadIds }`).
 * @fires bulk-start - Cancelable, before a bulk action (detail: `{ bulkId, action, leadIds }`).
 * @fires bulk-finished - A bulk action finished (detail: `{ bulkId, summary }`).
 *
 * @csspart base - The wrapper.
 * @csspart message - Shown instead of the dashboard when no store is configured or it failed to open.
 * @csspart filters - The filter bar.
 * @csspart search - The search field.
 * @csspart toolbar - The count and Bulk Manage bar.
 * @csspart grid - The grid.
 * @csspart header - The header row.
 * @csspart rows - The scrolling rows area.
 * @csspart row - A row (also `row-selected`, `row-active`).
 * @csspart interest - The interest mark in the Progress column.
 * @csspart panel - The side panel.
 * @csspart notice - The brief confirmation after a close made from the side panel.
 * @csspart bulk-dialog - The Bulk Manage dialog.
 * @csspart bulk-footer - The Bulk Manage dialog's Cancel and Apply buttons.
 * @csspart bulk-progress - The progress bar while a bulk action runs.
 * @csspart bulk-summary - The summary after a bulk action.
 *
 * @cssprop --lead-dashboard-height - Height of the rows area (default 480px).
 * @cssprop --lead-interest-hot - Hot mark (default #c2410c).
 * @cssprop --lead-interest-warm - Warm mark (default #b7791f).
 * @cssprop --lead-interest-cold - Cold mark (default #2563eb).
 * @cssprop --lead-interest-not-set - Not Set mark (default #6b7280).
 * @cssprop --lead-color-accent - Active sort, primary buttons, selection.
 * @cssprop --lead-color-surface-alt - Header and hovered rows.
 */
export class LeadDashboardElement extends StoreElement {
  static override styles = styles;

  /** Status filter: `open` (default), `closed` or `all`. */
  @property({ reflect: true }) status = 'open';
  /** Progress step ids, comma-separated; `none` = no progress yet. */
  @property({ reflect: true, converter: optional }) progress = '';
  /** Interest levels, comma-separated (`not-set`, `cold`, `warm`, `hot`). */
  @property({ reflect: true, converter: optional }) interest = '';
  /** Salesperson user ids, comma-separated. */
  @property({ reflect: true, converter: optional }) salesperson = '';
  /** Lead sources, comma-separated (each URI-encoded). */
  @property({ reflect: true, converter: optional }) source = '';
  /** Action date range: `now-3`, `today`, `overdue`, `stalled` or `custom`; empty = any date. */
  @property({ reflect: true, converter: optional }) range = '';
  /** First day of a custom range (YYYY-MM-DD, local). */
  @property({ attribute: 'range-from', reflect: true, converter: optional }) rangeFrom = '';
  /** Last day of a custom range (YYYY-MM-DD, local, inclusive). */
  @property({ attribute: 'range-to', reflect: true, converter: optional }) rangeTo = '';
  /** Free text matched against customer name, email, phone, vehicle and source. */
  @property({ reflect: true, converter: optional }) search = '';
  /** Sort column: customer, vehicle, source, salesperson, progress, interest, actionAt (default), status, createdAt. */
  @property({ attribute: 'sort-by', reflect: true, converter: optional }) sortBy = '';
  /** `asc` (default) or `desc`. */
  @property({ attribute: 'sort-direction', reflect: true, converter: optional }) sortDirection = '';
  /** Row height in px: rows have a fixed height so that only the visible ones are rendered. */
  @property({ type: Number, attribute: 'row-height' }) rowHeight = 44;

  @state() private result: DashboardResult | null = null;
  @state() private rowsScrollTop = 0;
  @state() private viewportHeight = 480;
  @state() private activeId: string | null = null;
  @state() private selectionVersion = 0;
  @state() private dataVersion = 0;
  /** Leads in the index while it loads (shown beside "Loading leads…"). */
  @state() private loadedCount = 0;

  @query('.body') private body!: HTMLElement | null;

  /** The selected lead ids (Bulk Manage). */
  readonly selection = new Selection();
  private readonly actorCtl = new ObservableController<Actor | null>(this, () => void this.bulk.loadInterrupted());
  private readonly policyCtl = new ObservableController<CompanyPolicy>(this);
  private readonly usersCtl = new ObservableController<UserDoc[]>(this);
  private live: LiveDashboardIndex | null = null;
  private liveSubscription: Subscription | null = null;
  private loadingSubscription: Subscription | null = null;
  /** Counts store changes, so that a late preview or index for a previous store is dropped. */
  private storeGeneration = 0;
  private cancelFrame: (() => void) | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private focusAfterUpdate = false;
  private readonly sidePanel = new SidePanelController(this, {
    row: (leadId) => this.live?.index.get(leadId),
    rows: () => this.result?.rows ?? [],
    activeRowElement: () => this.activeRowElement(),
    focusLead: (leadId) => {
      this.activeId = leadId;
      this.focusAfterUpdate = true;
    },
    focusRowAt: (index) => this.focusRowAt(index),
    userName: (userId) => this.userName(userId),
    statusText: (row) => this.statusText(row),
  });
  private readonly bulk = new BulkManage(this, {
    store: () => this.store,
    actor: () => this.actorCtl.value,
    policy: () => this.policyCtl.value,
    users: () => this.usersCtl.value,
    selection: this.selection,
    selectAll: () => this.selectAllMatching(),
    clearSelection: () => this.clearSelection(),
    selectionChanged: () => this.selectionChanged(),
    customer: (leadId) => this.live?.index.get(leadId)?.customer ?? leadId,
  });

  /** The query the filter attributes describe. Setting it sets the attributes. */
  get query(): DashboardQuery {
    return queryFromAttributes(this.filterAttributes());
  }
  set query(query: DashboardQuery) {
    this.applyAttributes(attributesFromQuery(query));
  }

  /** The current result: every matching row in order, the total and the counts (null until every lead is loaded). */
  get page(): DashboardResult | null {
    return this.result && this.result.version !== PROVISIONAL ? this.result : null;
  }

  private filterAttributes(): FilterAttributes {
    return {
      status: this.status,
      progress: this.progress,
      interest: this.interest,
      salesperson: this.salesperson,
      source: this.source,
      range: this.range,
      'range-from': this.rangeFrom,
      'range-to': this.rangeTo,
      search: this.search,
      'sort-by': this.sortBy,
      'sort-direction': this.sortDirection,
    };
  }

  private applyAttributes(a: FilterAttributes): void {
    this.status = a.status;
    this.progress = a.progress;
    this.interest = a.interest;
    this.salesperson = a.salesperson;
    this.source = a.source;
    this.range = a.range;
    this.rangeFrom = a['range-from'];
    this.rangeTo = a['range-to'];
    this.search = a.search;
    this.sortBy = a['sort-by'];
    this.sortDirection = a['sort-direction'];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.live && !this.liveSubscription) this.attach(this.live);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.liveSubscription?.unsubscribe();
    this.liveSubscription = null;
    this.loadingSubscription?.unsubscribe();
    this.loadingSubscription = null;
    this.cancelFrame?.();
    this.cancelFrame = null;
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  protected override storeChanged(handle: StoreHandle | undefined): void {
    this.liveSubscription?.unsubscribe();
    this.liveSubscription = null;
    this.loadingSubscription?.unsubscribe();
    this.loadingSubscription = null;
    this.live = null;
    this.result = null;
    this.loadedCount = 0;
    const generation = ++this.storeGeneration;
    const store = handle?.store;
    this.actorCtl.observe(store?.actor$ ?? null);
    this.policyCtl.observe(store?.policy$ ?? null);
    this.usersCtl.observe(store?.users$ ?? null);
    if (!store) return;
    // The first screen first: the index's page reads would otherwise queue ahead of its few rows in IndexedDB.
    void this.loadPreview(store, generation).finally(() => {
      if (generation === this.storeGeneration) this.useIndex(dashboardIndexOf(store));
    });
  }

  private useIndex(live: LiveDashboardIndex): void {
    this.live = live;
    this.loadedCount = live.loaded();
    this.loadingSubscription = live.index.changed$.subscribe(() => (this.loadedCount = live.loaded()));
    void live.ready.then(() => {
      if (this.live === live && this.isConnected) this.attach(live);
    });
  }

  /**
   * Until every lead is in the index, the first screen of an unfiltered view sorted by action date
   * comes from one indexed, limited RxDB query (marked provisional: no counts, no total yet).
   */
  private async loadPreview(store: LeadStore, generation: number): Promise<void> {
    const q = this.query;
    const sort = q.sort ?? DEFAULT_SORT;
    if (q.progress?.length || q.interest?.length || q.salespersonIds?.length || q.sources?.length || q.range || q.text || sort.field !== 'actionAt') return;
    const leads = store.database['leads'] as RxCollection<LeadDoc> | undefined;
    if (!leads) return;
    const limit = Math.ceil(this.viewportHeight / this.rowHeight) + 2 * BUFFER;
    try {
      const docs = await leads
        .find({ selector: q.status === 'all' ? {} : { status: q.status }, sort: [{ actionAt: sort.direction }, { id: sort.direction }], limit })
        .exec();
      if (generation !== this.storeGeneration || this.ready || this.result) return;
      this.result = { total: docs.length, rows: docs.map((d) => projectLead(d.toJSON() as LeadDoc)), counts: EMPTY_COUNTS, version: PROVISIONAL };
    } catch {
      // The preview is an optimisation: the index's result follows anyway.
    }
  }

  private attach(live: LiveDashboardIndex): void {
    this.loadingSubscription?.unsubscribe();
    this.loadingSubscription = null;
    this.liveSubscription?.unsubscribe();
    // Live changes are coalesced to one query and one render per frame.
    this.liveSubscription = live.index.changed$.subscribe(() => {
      if (this.cancelFrame) return;
      this.cancelFrame = nextFrame(() => {
        this.cancelFrame = null;
        this.dataVersion = live.index.version;
      });
    });
    this.dataVersion = live.index.version;
    this.result = null;
    this.requestUpdate();
  }

  private get ready(): boolean {
    return this.live !== null && this.liveSubscription !== null;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed as PropertyValues<this>);
    const store = this.store;
    if (!this.ready || !this.live) {
      if (FILTER_ATTRIBUTES.some((a) => changed.has(attributeProperty(a))) && this.result?.version === PROVISIONAL) this.result = null;
      return;
    }
    if (!store) return;
    this.sidePanel.learnClosable();
    const filtersChanged = FILTER_ATTRIBUTES.some((a) => changed.has(attributeProperty(a)));
    if (filtersChanged || changed.has('dataVersion') || !this.result) {
      this.sidePanel.noteRow();
      this.result = this.live.index.query(this.query, store.now());
      if (this.selection.retain((id) => this.live!.index.get(id) !== undefined)) this.selectionVersion++;
      if (filtersChanged && this.body) {
        this.body.scrollTop = 0;
        this.rowsScrollTop = 0;
      }
    }
  }

  protected override firstUpdated(): void {
    this.observeViewport();
  }

  protected override updated(): void {
    if (!this.resizeObserver) this.observeViewport();
    this.bulk.showDialog();
    if (this.focusAfterUpdate) {
      this.focusAfterUpdate = false;
      this.activeRowElement()?.focus({ preventScroll: true });
    }
    this.sidePanel.followClose();
  }

  private observeViewport(): void {
    const body = this.body;
    if (!body || typeof ResizeObserver === 'undefined') return;
    this.resizeObserver = new ResizeObserver(() => {
      const height = body.clientHeight;
      if (height > 0 && height !== this.viewportHeight) this.viewportHeight = height;
    });
    this.resizeObserver.observe(body);
    if (body.clientHeight > 0) this.viewportHeight = body.clientHeight;
  }

  private activeRowElement(): HTMLElement | null {
    if (!this.activeId) return null;
    return this.renderRoot.querySelector<HTMLElement>(`[role='row'][data-id="${CSS.escape(this.activeId)}"]`);
  }

  // ── user actions ──────────────────────────────────────────────────────────

  /** Applies a filter change the user made and announces it. */
  private userSet(patch: Partial<FilterAttributes>): void {
    const next = { ...this.filterAttributes(), ...patch };
    this.applyAttributes(next);
    const query = queryFromAttributes(next);
    fire(this, 'filters-changed', { query, attributes: attributesFromQuery(query) });
  }

  private sortOn(field: DashboardSortField): void {
    const current = this.query.sort ?? { field: 'actionAt', direction: 'asc' };
    const direction = current.field === field && current.direction === 'asc' ? 'desc' : 'asc';
    this.userSet({ 'sort-by': field, 'sort-direction': direction });
  }

  /** Fires the cancelable row action; not prevented, the side panel takes it. */
  requestLeadAction(leadId: string, mode: PanelMode): boolean {
    const name = mode === 'open' ? 'lead-open' : mode === 'progress' ? 'lead-progress-requested' : 'lead-close-requested';
    if (!fire(this, name, { leadId }, true)) return false;
    this.sidePanel.open(leadId, mode);
    return true;
  }

  closePanel(): void {
    this.sidePanel.close();
  }

  private setActive(index: number, focus: boolean): void {
    const rows = this.result?.rows ?? [];
    if (rows.length === 0) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    this.activeId = (rows[i] as DashboardRow).id;
    const body = this.body;
    if (body) {
      const top = scrollToRow(i, body.scrollTop, body.clientHeight || this.viewportHeight, this.rowHeight);
      if (top !== body.scrollTop) body.scrollTop = top;
      this.rowsScrollTop = top;
    }
    this.focusAfterUpdate = focus;
  }

  /** Makes the row at `index` the active one and focuses it now when rendered, else after the next update; the search when there are no rows. */
  private focusRowAt(index: number): void {
    if ((this.result?.rows.length ?? 0) > 0) {
      this.setActive(index, false);
      const element = this.activeRowElement();
      // Not rendered yet: setActive scrolled, and the next update focuses it.
      if (element) element.focus({ preventScroll: true });
      else this.focusAfterUpdate = true;
    } else {
      this.renderRoot.querySelector<HTMLElement>('#search')?.focus();
    }
  }

  private activeIndex(): number {
    const rows = this.result?.rows ?? [];
    if (!this.activeId) return -1;
    for (let i = 0; i < rows.length; i++) if ((rows[i] as DashboardRow).id === this.activeId) return i;
    return -1;
  }

  private onGridKeydown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (target.getAttribute('role') !== 'row') return;
    // The row the key was pressed on is the active one, whether or not its focus event came
    // (a page without window focus gets none).
    const rowId = target.dataset['id'];
    if (rowId && rowId !== this.activeId) this.activeId = rowId;
    const index = this.activeIndex();
    const page = Math.max(1, Math.floor(this.viewportHeight / this.rowHeight) - 1);
    const total = this.result?.rows.length ?? 0;
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = index + 1;
        break;
      case 'ArrowUp':
        next = index - 1;
        break;
      case 'PageDown':
        next = index + page;
        break;
      case 'PageUp':
        next = index - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = total - 1;
        break;
      case ' ':
        event.preventDefault();
        // Selection is for Bulk Manage: without the role there is nothing to select rows for.
        if (this.activeId && this.canBulk) this.toggleSelect(this.activeId, event.shiftKey);
        return;
      case 'Enter':
        event.preventDefault();
        if (this.activeId) this.requestLeadAction(this.activeId, 'open');
        return;
      default:
        return;
    }
    event.preventDefault();
    this.setActive(next, true);
  }

  private toggleSelect(id: string, extend: boolean): void {
    if (extend) this.selection.extend(id, this.result?.rows ?? []);
    else this.selection.toggle(id);
    this.selectionChanged();
  }

  private selectionChanged(): void {
    this.selectionVersion++;
    fire(this, 'selection-changed', { leadIds: this.selection.values() });
  }

  private selectAllMatching(): void {
    if (!this.result?.rows.length) return;
    this.selection.selectAll((this.result?.rows ?? []).map((r) => r.id));
    this.selectionChanged();
  }

  private clearSelection(): void {
    if (this.selection.size === 0) return;
    this.selection.clear();
    this.selectionChanged();
  }

  private onRowClick(event: MouseEvent, row: DashboardRow): void {
    const target = event.target as HTMLElement;
    if (target.closest('button')) return;
    this.activeId = row.id;
    if (target.closest('.select')) {
      // A click on the checkbox itself keeps its default: cancelling it would untick the box after
      // the render that ticked it (a real click renders between listeners). live() re-syncs the box.
      if (!(target instanceof HTMLInputElement)) event.preventDefault();
      this.toggleSelect(row.id, event.shiftKey);
    }
    this.focusAfterUpdate = true;
  }

  // ── bulk (bulk-manage.ts) ─────────────────────────────────────────────────

  /** Runs a bulk action on the given leads through `store.executeBulk`; resolves with the summary. */
  async runBulk(action: BulkAction, leadIds: string[]): Promise<BulkSummary | null> {
    return this.bulk.start(action, leadIds);
  }

  /** Finishes a bulk action interrupted by a reload. */
  async resumeBulk(bulkId: string): Promise<BulkSummary | null> {
    return this.bulk.resume(bulkId);
  }

  // ── rendering ─────────────────────────────────────────────────────────────

  private stepLabel(stepId: string): string {
    if (stepId === '') return t('progress.none');
    return this.policyCtl.value?.progressSteps.find((s) => s.id === stepId)?.label ?? stepId;
  }

  private userName(userId: string): string {
    return this.usersCtl.value?.find((u) => u.userId === userId)?.name ?? userId;
  }

  /** Whether the acting user has Bulk Manage (row selection and the bulk actions). */
  private get canBulk(): boolean {
    return !!this.actorCtl.value && canBulkManage(this.actorCtl.value);
  }

  private statusText(row: DashboardRow): string {
    if (row.status === 'open') return t(row.closeRequested ? 'status.close-requested' : 'status.open');
    return t(row.outcome === 'lost' ? 'status.closed-lost' : row.outcome === 'won' ? 'status.closed-won' : 'status.closed');
  }

  override render(): TemplateResult {
    const source = this.storeConsumer.source;
    if (source === 'unconfigured') return html`<p part="message" class="muted">${msg('store.unconfigured')}</p>`;
    if (source === 'failed') {
      return html`<p part="message" class="error" role="alert">${msg('store.failed', { error: String((this.storeConsumer.error as Error)?.message ?? this.storeConsumer.error) })}</p>`;
    }
    const result = this.result;
    const bulk = this.canBulk;
    return html`<div part="base" class="base">
      ${guard([result, ...FILTER_ATTRIBUTES.map((a) => this[attributeProperty(a) as 'status']), this.policyCtl.value, this.usersCtl.value], () => renderFilters(this.filtersView(result)))}
      ${guard([result, bulk, this.selectionVersion, this.bulk.run, this.bulk.summary, this.bulk.interrupted, this.loadedCount, this.sidePanel.notice], () => this.renderToolbar(result, bulk))}
      ${this.renderGrid(result, bulk)}
      ${this.sidePanel.render()}
      ${this.bulk.renderDialog()}
    </div>`;
  }

  /** What the filter bar shows (filters-view.ts), read at render time. */
  private filtersView(result: DashboardResult | null): FiltersView {
    return {
      counts: result && result.version !== PROVISIONAL ? result.counts : undefined,
      query: this.query,
      attributes: () => this.filterAttributes(),
      policy: this.policyCtl.value,
      userName: (id) => this.userName(id),
      stepLabel: (id) => this.stepLabel(id),
      change: (patch) => this.userSet(patch),
    };
  }

  private renderToolbar(result: DashboardResult | null, bulk: boolean): TemplateResult {
    void this.selectionVersion;
    return html`<div part="toolbar" class="toolbar">
      <p class="total" role="status" aria-live="polite">${
        result && result.version !== PROVISIONAL
          ? t('dashboard.total', { count: numberText(result.total) })
          : html`${t('dashboard.loading')}${this.loadedCount > 0 ? html` <span class="count" aria-hidden="true">(${t('dashboard.loaded-so-far', { count: numberText(this.loadedCount) })})</span>` : nothing}`
      }</p>
      <p part="notice" class="notice" role="status">${this.sidePanel.notice ? html`<span class="status">${this.sidePanel.notice}</span>` : nothing}</p>
      ${bulk ? this.bulk.renderBar(result?.total ?? 0) : nothing}
      ${this.bulk.renderStatus()}
    </div>`;
  }

  private renderGrid(result: DashboardResult | null, bulk: boolean): TemplateResult {
    const rows = result?.rows ?? [];
    const sort = this.query.sort ?? { field: 'actionAt', direction: 'asc' };
    const win = rowWindow({
      scrollTop: this.rowsScrollTop,
      viewportHeight: this.viewportHeight,
      rowHeight: this.rowHeight,
      total: rows.length,
      buffer: BUFFER,
    });
    const activeIndex = this.activeIndex();
    const tabbable = activeIndex >= win.start && activeIndex < win.end ? activeIndex : win.start;
    const colCount = COLUMNS.length + 1 + (bulk ? 1 : 0);
    const ariaSort = (field: DashboardSortField) => (sort.field === field ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none');
    const allSelected = rows.length > 0 && this.selection.size >= rows.length && rows.every((r) => this.selection.has(r.id));
    const windowRows = rows.slice(win.start, win.end);
    return html`<div part="grid" class=${`grid${bulk ? ' with-select' : ''}`} role="grid" aria-label=${t('dashboard.label')}
        aria-rowcount=${result?.version === PROVISIONAL ? -1 : rows.length + 1} aria-colcount=${colCount} aria-multiselectable=${bulk ? 'true' : nothing} aria-describedby="grid-help"
        @keydown=${(e: KeyboardEvent) => this.onGridKeydown(e)}>
      <p id="grid-help" class="visually-hidden">${t(bulk ? 'grid.keyboard-help' : 'grid.keyboard-help-no-select')}</p>
      <div role="rowgroup" class="head">
        <div role="row" part="header" class="row header" aria-rowindex="1">
          ${
            bulk
              ? html`<div role="columnheader" class="select"><input type="checkbox" aria-label=${t('bulk.select-all', { count: rows.length })}
                .checked=${allSelected} @change=${(e: Event) => ((e.target as HTMLInputElement).checked ? this.selectAllMatching() : this.clearSelection())} /></div>`
              : nothing
          }
          ${COLUMNS.map(
            (c) => html`<div role="columnheader" aria-sort=${ariaSort(c.field)} data-field=${c.field}>
              <button type="button" class="sort" @click=${() => this.sortOn(c.field)}>${t(c.label)}<span aria-hidden="true" class="arrow">${sort.field === c.field ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span></button>
              ${
                c.field === 'progress'
                  ? html`<button type="button" class="sort sub" aria-label=${t('sort.by', { column: t('col.interest') })} aria-pressed=${sort.field === 'interest' ? 'true' : 'false'}
                    @click=${() => this.sortOn('interest')}>${t('col.interest')}<span aria-hidden="true" class="arrow">${sort.field === 'interest' ? (sort.direction === 'asc' ? '▲' : '▼') : ''}</span></button>`
                  : nothing
              }
            </div>`,
          )}
          <div role="columnheader" class="actions">${t('col.actions')}</div>
        </div>
      </div>
      <div role="rowgroup" part="rows" class="body" @scroll=${(e: Event) => (this.rowsScrollTop = (e.target as HTMLElement).scrollTop)}>
        ${
          !result
            ? html`<div role="row" aria-rowindex="2"><div role="gridcell" aria-colspan=${colCount} class="message">${t('dashboard.loading')}</div></div>`
            : rows.length === 0
              ? html`<div role="row" aria-rowindex="2"><div role="gridcell" aria-colspan=${colCount} class="message">${t('dashboard.empty')}</div></div>`
              : html`<div role="none" class="spacer" style=${styleMap({ height: `${rows.length * this.rowHeight}px` })}>
                ${repeat(
                  windowRows,
                  (row) => row.id,
                  (row, k) => this.renderRow(row, win.start + k, tabbable, bulk),
                )}
              </div>`
        }
      </div>
    </div>`;
  }

  private renderRow(row: DashboardRow, index: number, tabbable: number, bulk: boolean): TemplateResult {
    const selected = this.selection.has(row.id);
    const active = row.id === this.activeId;
    return html`<div role="row" part=${['row', selected ? 'row-selected' : '', active ? 'row-active' : ''].filter(Boolean).join(' ')} class=${`row${selected ? ' selected' : ''}${active ? ' active' : ''}`} data-id=${row.id}
        aria-rowindex=${index + 2} aria-selected=${bulk ? (selected ? 'true' : 'false') : nothing} tabindex=${index === tabbable ? '0' : '-1'}
        style=${styleMap({ transform: `translateY(${index * this.rowHeight}px)`, height: `${this.rowHeight}px` })}
        @click=${(e: MouseEvent) => this.onRowClick(e, row)} @focus=${() => {
          if (this.activeId !== row.id) this.activeId = row.id;
        }}>
      ${
        bulk
          ? html`<div role="gridcell" class="select"><input type="checkbox" tabindex="-1" aria-label=${t('row.select', { customer: row.customer })} .checked=${live(selected)} /></div>`
          : nothing
      }
      <div role="gridcell" class="customer">${row.customer}</div>
      <div role="gridcell">${row.vehicle}</div>
      <div role="gridcell">${row.source}</div>
      <div role="gridcell">${this.userName(row.salespersonId)}</div>
      <div role="gridcell" class="progress">
        <span part="interest" class=${`interest ${row.interest}`} title=${msg(`interest.${row.interest}`)} aria-hidden="true">${INTEREST_LETTER[row.interest]}</span>
        <span class="visually-hidden">${t('interest.mark', { interest: msg(`interest.${row.interest}`) })},</span>
        ${this.stepLabel(row.progressStepId)}
      </div>
      <div role="gridcell">${dateText(row.actionAt)}</div>
      <div role="gridcell">${this.statusText(row)}</div>
      <div role="gridcell" class="actions">
        <button type="button" tabindex="-1" aria-label=${t('row.open-label', { customer: row.customer })} @click=${() => this.requestLeadAction(row.id, 'open')}>${t('row.open')}</button>
        ${
          row.status === 'open'
            ? html`<button type="button" tabindex="-1" aria-label=${t('row.progress-label', { customer: row.customer })} @click=${() => this.requestLeadAction(row.id, 'progress')}>${t('row.progress')}</button>
              <button type="button" tabindex="-1" aria-label=${t('row.close-label', { customer: row.customer })} @click=${() => this.requestLeadAction(row.id, 'close')}>${t('row.close')}</button>`
            : nothing
        }
      </div>
    </div>`;
  }
}

/** The version of a result shown before the index is loaded. */
const PROVISIONAL = -1;
const EMPTY_COUNTS: DashboardResult['counts'] = {
  status: { open: 0, closed: 0, all: 0 },
  progress: {},
  interest: { 'not-set': 0, cold: 0, warm: 0, hot: 0 },
  salesperson: {},
  source: {},
};

const INTEREST_LETTER: Record<Interest, string> = { 'not-set': '–', cold: 'C', warm: 'W', hot: 'H' };

function attributeProperty(attribute: (typeof FILTER_ATTRIBUTES)[number]): string {
  return attribute.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
