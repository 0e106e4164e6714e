/**
 * The dashboard's in-memory index: every lead projected once into columns (typed arrays and
 * interned codes), updated incrementally as leads change, so that a query — filters, sort,
 * counts per filter value — is one pass over the rows in sort order: a few milliseconds at
 * 100,000 leads. No DOM, no I/O: feeding it changes is `live-index.ts`'s job.
 */
import { Subject } from 'rxjs';
import type { Observable } from 'rxjs';
import { INTERESTS } from '../model/index.js';
import type { Interest } from '../model/index.js';
import type { DashboardPage, DashboardQuery, DashboardSortField, StatusFilter } from '../store/api.js';
import { Dictionary } from './dictionary.js';
import { dashboardRangeBounds } from './range.js';
import { projectLead, STATUS_CLOSED, STATUS_OPEN } from './row.js';
import type { DashboardRow, LeadProjectionInput } from './row.js';
import { SortOrder } from './sort-order.js';
import type { SortKey } from './sort-order.js';
import { TextMatcher } from './text-matcher.js';

export type LeadChange = { op: 'upsert'; lead: LeadProjectionInput } | { op: 'delete'; id: string };

export type DashboardCounts = DashboardPage['counts'];

export interface DashboardResult {
  /** Leads matching the whole query. */
  total: number;
  /** Every matching row, sorted (offset/limit applied when the query has them). */
  rows: readonly DashboardRow[];
  counts: DashboardCounts;
  /** The index version the result was computed from. */
  version: number;
}

export interface SortLabels {
  /** Salesperson id → display name: the salesperson column sorts by name. */
  salespersonNames?: ReadonlyMap<string, string>;
  /** Step ids in road-to-the-sale order: the progress column sorts by position. */
  stepOrder?: readonly string[];
}

export const DEFAULT_SORT = { field: 'actionAt', direction: 'asc' } as const;

/** Beyond this many changes in one batch, sort orders are rebuilt rather than patched. */
const PATCH_LIMIT = 2000;
const INTEREST_CODE = new Map<string, number>(INTERESTS.map((v, i) => [v, i]));

export class DashboardIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly free: number[] = [];
  private rows: (DashboardRow | undefined)[] = [];
  private ids: string[] = [];
  private capacity = 0;
  private statusBits = new Uint8Array(0);
  private interest = new Uint8Array(0);
  private progress = new Int32Array(0);
  private salesperson = new Int32Array(0);
  private source = new Int32Array(0);
  private actionAt = new Float64Array(0);
  readonly progressValues = new Dictionary();
  readonly salespersonValues = new Dictionary();
  readonly sourceValues = new Dictionary();
  private readonly orders = new Map<DashboardSortField, { keys: SortKey[]; order: SortOrder }>();
  private readonly text = new TextMatcher();
  private labels: { names: ReadonlyMap<string, string>; steps: Map<string, number> } = { names: new Map(), steps: new Map() };
  private versionNumber = 0;
  private readonly changedSubject = new Subject<number>();

  /** Emits the new version after each batch of changes. */
  readonly changed$: Observable<number> = this.changedSubject.asObservable();

  get size(): number {
    return this.slotOf.size;
  }

  get version(): number {
    return this.versionNumber;
  }

  get(id: string): DashboardRow | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.rows[slot];
  }

  /** Ids of every lead in the index, in no particular order. */
  allIds(): IterableIterator<string> {
    return this.slotOf.keys();
  }

  setSortLabels(labels: SortLabels): void {
    if (labels.salespersonNames) {
      this.labels.names = labels.salespersonNames;
      this.orders.delete('salesperson');
    }
    if (labels.stepOrder) {
      this.labels.steps = new Map(labels.stepOrder.map((id, i) => [id, i]));
      this.orders.delete('progress');
    }
    this.bump();
  }

  apply(changes: readonly LeadChange[]): void {
    if (changes.length === 0) return;
    const patch = changes.length <= PATCH_LIMIT;
    if (!patch) this.orders.clear();
    for (const change of changes) {
      if (change.op === 'upsert') this.put(projectLead(change.lead), patch);
      else this.drop(change.id, patch);
    }
    this.bump();
  }

  /**
   * Adds (or replaces) leads in bulk while the index loads: sort orders are dropped and rebuilt by
   * the next query instead of being patched row by row.
   */
  load(leads: readonly LeadProjectionInput[]): void {
    if (leads.length === 0) return;
    this.orders.clear();
    for (const lead of leads) this.put(projectLead(lead), false);
    this.bump();
  }

  upsert(lead: LeadProjectionInput): void {
    this.apply([{ op: 'upsert', lead }]);
  }

  remove(id: string): void {
    this.apply([{ op: 'delete', id }]);
  }

  /** Prepares the free-text corpus and the default sort order, so the first search and render do not pay for them. */
  warm(): void {
    this.orderFor(DEFAULT_SORT.field);
    this.text.warm(this.rows, () => this.slotOf.values());
  }

  complete(): void {
    this.changedSubject.complete();
  }

  private bump(): void {
    this.versionNumber += 1;
    this.text.invalidate();
    this.changedSubject.next(this.versionNumber);
  }

  private grow(min: number): void {
    const capacity = Math.max(min, this.capacity * 2, 1024);
    const grow8 = (a: Uint8Array) => {
      const b = new Uint8Array(capacity);
      b.set(a);
      return b;
    };
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(capacity);
      b.set(a);
      return b;
    };
    const grow64 = (a: Float64Array) => {
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    };
    this.statusBits = grow8(this.statusBits);
    this.interest = grow8(this.interest);
    this.progress = grow32(this.progress);
    this.salesperson = grow32(this.salesperson);
    this.source = grow32(this.source);
    this.actionAt = grow64(this.actionAt);
    this.capacity = capacity;
  }

  private put(row: DashboardRow, patch: boolean): void {
    let slot = this.slotOf.get(row.id);
    if (slot === undefined) {
      slot = this.free.pop() ?? this.rows.length;
      if (slot >= this.capacity) this.grow(slot + 1);
      this.slotOf.set(row.id, slot);
      this.ids[slot] = row.id;
    } else {
      if (patch) for (const { order } of this.orders.values()) order.remove(slot);
      this.releaseCodes(slot);
    }
    const before = this.rows[slot];
    this.rows[slot] = row;
    if (before?.search !== row.search) this.text.put(slot, row.search);
    this.statusBits[slot] = row.statusBits;
    this.interest[slot] = INTEREST_CODE.get(row.interest) ?? 0;
    this.progress[slot] = this.retain(this.progressValues, row.progressStepId);
    this.salesperson[slot] = this.retain(this.salespersonValues, row.salespersonId);
    this.source[slot] = this.retain(this.sourceValues, row.source);
    this.actionAt[slot] = row.actionAt;
    if (patch) {
      for (const [field, { keys, order }] of this.orders) {
        keys[slot] = this.sortKey(field, row);
        order.insert(slot);
      }
    }
  }

  private drop(id: string, patch: boolean): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    if (patch) for (const { order } of this.orders.values()) order.remove(slot);
    this.releaseCodes(slot);
    this.text.drop(slot);
    this.slotOf.delete(id);
    this.rows[slot] = undefined;
    this.free.push(slot);
  }

  private retain(dictionary: Dictionary, value: string): number {
    const code = dictionary.code(value);
    dictionary.retain(code);
    return code;
  }

  private releaseCodes(slot: number): void {
    this.progressValues.release(this.progress[slot] as number);
    this.salespersonValues.release(this.salesperson[slot] as number);
    this.sourceValues.release(this.source[slot] as number);
  }

  private sortKey(field: DashboardSortField, row: DashboardRow): SortKey {
    switch (field) {
      case 'customer':
        return row.customer.toLowerCase();
      case 'vehicle':
        return row.vehicle.toLowerCase();
      case 'source':
        return row.source.toLowerCase();
      case 'salesperson':
        return (this.labels.names.get(row.salespersonId) ?? row.salespersonId).toLowerCase();
      case 'progress':
        // No progress first, then the company's order, then steps the company no longer lists.
        return row.progressStepId === '' ? -1 : (this.labels.steps.get(row.progressStepId) ?? 1e6);
      case 'interest':
        return INTEREST_CODE.get(row.interest) ?? 0;
      case 'actionAt':
        return row.actionAt;
      case 'createdAt':
        return row.createdAt;
      case 'status':
        // Open, then closed won, then closed lost.
        return row.status === 'open' ? 0 : row.outcome === 'won' ? 1 : 2;
    }
  }

  private orderFor(field: DashboardSortField): SortOrder {
    let entry = this.orders.get(field);
    if (!entry) {
      const keys: SortKey[] = new Array(this.rows.length);
      for (const slot of this.slotOf.values()) keys[slot] = this.sortKey(field, this.rows[slot] as DashboardRow);
      entry = { keys, order: new SortOrder(keys, this.ids, this.slotOf.values()) };
      this.orders.set(field, entry);
    }
    return entry.order;
  }

  /**
   * Filters, sorts and counts in one pass over the rows in sort order. A facet's counts apply
   * every filter but its own: a row failing no facet filter counts in every facet, a row failing
   * exactly one counts in that facet only. Date range and text are not facets: they always apply.
   */
  query(query: DashboardQuery, now: number = Date.now()): DashboardResult {
    const sort = query.sort ?? DEFAULT_SORT;
    const order = this.orderFor(sort.field);
    const statusMask = statusMaskOf(query.status);
    const progressSel = this.progressValues.selection(query.progress);
    const salespersonSel = this.salespersonValues.selection(query.salespersonIds);
    const sourceSel = this.sourceValues.selection(query.sources);
    let interestSel: Uint8Array | null = null;
    if (query.interest && query.interest.length > 0) {
      interestSel = new Uint8Array(INTERESTS.length);
      for (const v of query.interest) {
        const code = INTEREST_CODE.get(v);
        if (code !== undefined) interestSel[code] = 1;
      }
    }
    const bounds = query.range ? dashboardRangeBounds(query.range, now) : null;
    const from = bounds ? bounds.from : -Infinity;
    const to = bounds ? bounds.to : Infinity;
    const textHits = this.text.match(query.text ?? '', this.rows, () => this.slotOf.values());

    const progressCounts = new Int32Array(this.progressValues.size);
    const salespersonCounts = new Int32Array(this.salespersonValues.size);
    const sourceCounts = new Int32Array(this.sourceValues.size);
    const interestCounts = new Int32Array(INTERESTS.length);
    let open = 0;
    let closed = 0;
    let all = 0;

    const rows: DashboardRow[] = [];
    const descending = sort.direction === 'desc';
    const slots = order.slots;
    const n = order.length;
    const { statusBits, interest, progress, salesperson, source, actionAt } = this;
    for (let k = 0; k < n; k++) {
      const slot = slots[descending ? n - 1 - k : k] as number;
      if (textHits !== null && textHits[slot] === 0) continue;
      const at = actionAt[slot] as number;
      if (at < from || at > to) continue;
      const bits = statusBits[slot] as number;
      const p = progress[slot] as number;
      const i = interest[slot] as number;
      const s = salesperson[slot] as number;
      const o = source[slot] as number;
      let fails = 0;
      let failed = 0;
      if (statusMask !== 0 && (bits & statusMask) === 0) {
        fails++;
        failed = 1;
      }
      if (progressSel !== null && progressSel[p] !== 1) {
        fails++;
        failed = 2;
      }
      if (interestSel !== null && interestSel[i] !== 1) {
        fails++;
        failed = 3;
      }
      if (salespersonSel !== null && salespersonSel[s] !== 1) {
        fails++;
        failed = 4;
      }
      if (sourceSel !== null && sourceSel[o] !== 1) {
        fails++;
        failed = 5;
      }
      if (fails === 0) {
        rows.push(this.rows[slot] as DashboardRow);
        progressCounts[p]!++;
        interestCounts[i]!++;
        salespersonCounts[s]!++;
        sourceCounts[o]!++;
      } else if (fails === 1) {
        if (failed === 2) progressCounts[p]!++;
        else if (failed === 3) interestCounts[i]!++;
        else if (failed === 4) salespersonCounts[s]!++;
        else if (failed === 5) sourceCounts[o]!++;
      }
      if (fails === 0 || (fails === 1 && failed === 1)) {
        all++;
        if (bits & STATUS_OPEN) open++;
        if (bits & STATUS_CLOSED) closed++;
      }
    }

    const offset = Math.max(0, query.offset ?? 0);
    const windowed =
      offset > 0 || query.limit !== undefined ? rows.slice(offset, query.limit !== undefined ? offset + Math.max(0, query.limit) : undefined) : rows;
    return {
      total: rows.length,
      rows: windowed,
      counts: {
        status: { open, closed, all },
        progress: this.countsOf(this.progressValues, progressCounts),
        interest: Object.fromEntries(INTERESTS.map((v, c) => [v, interestCounts[c] as number])) as Record<Interest, number>,
        salesperson: this.countsOf(this.salespersonValues, salespersonCounts),
        source: this.countsOf(this.sourceValues, sourceCounts),
      },
      version: this.versionNumber,
    };
  }

  /** Every value some lead carries, with its count (0 when the other filters exclude it). */
  private countsOf(dictionary: Dictionary, counts: Int32Array): Record<string, number> {
    const out: Record<string, number> = {};
    for (let code = 0; code < dictionary.size; code++) {
      if (dictionary.live(code)) out[dictionary.values[code] as string] = counts[code] as number;
    }
    return out;
  }
}

function statusMaskOf(status: StatusFilter | undefined): number {
  if (status === 'closed') return STATUS_CLOSED;
  if (status === 'all') return 0;
  return STATUS_OPEN;
}
