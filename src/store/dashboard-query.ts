/**
 * The dashboard's query, straightforwardly on RxDB: one live query narrows the leads by date
 * range and free text (the action-date index serves the range), then the facet filters, the
 * counts per facet value (each with every other filter applied), the sort and the window are
 * computed over that result. A faster engine can replace it: the store calls whatever
 * `DashboardEngine` it was given.
 */
import type { RxDocument } from 'rxdb';
import { type Observable, map } from 'rxjs';
import type { Interest, LeadDoc } from '../model/index.js';
import { rangeBounds } from '../rules/dashboard.js';
import type { DashboardPage, DashboardQuery, DashboardSortField, LeadStore, StatusFilter } from './api.js';

export type DashboardEngine = (store: LeadStore, query: DashboardQuery) => Observable<DashboardPage>;

/** The action-date window of the query's range (src/rules decides the boundaries), or null. */
export function queryBounds(range: DashboardQuery['range'], now: number): { from: number; to: number } | null {
  return range ? rangeBounds(range, now) : null;
}

const SORT_KEY: Record<DashboardSortField, (l: LeadDoc) => string | number> = {
  customer: (l) => l.customer.name.toLowerCase(),
  vehicle: (l) => l.vehicle.toLowerCase(),
  source: (l) => l.source,
  salesperson: (l) => l.salespersonId,
  progress: (l) => l.progressStepId,
  interest: (l) => ['not-set', 'cold', 'warm', 'hot'].indexOf(l.interest),
  actionAt: (l) => l.actionAt,
  status: (l) => l.status,
  createdAt: (l) => l.createdAt,
};

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Facet = 'status' | 'progress' | 'interest' | 'salesperson' | 'source';
const FACETS: Facet[] = ['status', 'progress', 'interest', 'salesperson', 'source'];
const facetValue: Record<Facet, (l: LeadDoc) => string> = {
  status: (l) => l.status,
  progress: (l) => l.progressStepId,
  interest: (l) => l.interest,
  salesperson: (l) => l.salespersonId,
  source: (l) => l.source,
};

function facetFilters(q: DashboardQuery): Record<Facet, Set<string> | null> {
  const set = (list: readonly string[] | undefined): Set<string> | null => (list && list.length > 0 ? new Set(list) : null);
  return {
    status: q.status === 'all' ? null : new Set([q.status]),
    progress: set(q.progress),
    interest: set(q.interest),
    salesperson: set(q.salespersonIds),
    source: set(q.sources),
  };
}

export function emptyCounts(): DashboardPage['counts'] {
  return {
    status: { open: 0, closed: 0, all: 0 },
    progress: {},
    interest: { 'not-set': 0, cold: 0, warm: 0, hot: 0 },
    salesperson: {},
    source: {},
  };
}

/** Filters, counts, sorts and windows leads already narrowed by range and text. */
export function pageFromLeads(leads: readonly LeadDoc[], q: DashboardQuery): DashboardPage {
  const filters = facetFilters(q);
  const active = FACETS.filter((f) => filters[f] !== null);
  const counts = emptyCounts();
  const bump = (rec: Record<string, number>, key: string): void => {
    rec[key] = (rec[key] ?? 0) + 1;
  };
  const matching: LeadDoc[] = [];
  for (const lead of leads) {
    // The facets this lead fails; it counts towards a facet's values only if it fails no other.
    let failed: Facet | null = null;
    let failures = 0;
    for (const f of active) {
      if (!filters[f]!.has(facetValue[f](lead))) {
        failed = f;
        failures++;
        if (failures > 1) break;
      }
    }
    if (failures > 1) continue;
    if (failures === 0) matching.push(lead);
    if (failed === null || failed === 'status') {
      bump(counts.status, lead.status);
      counts.status.all++;
    }
    if (failed === null || failed === 'progress') bump(counts.progress, lead.progressStepId);
    if (failed === null || failed === 'interest') bump(counts.interest as Record<Interest, number>, lead.interest);
    if (failed === null || failed === 'salesperson') bump(counts.salesperson, lead.salespersonId);
    if (failed === null || failed === 'source') bump(counts.source, lead.source);
  }
  const sort = q.sort ?? { field: 'actionAt', direction: 'asc' };
  const key = SORT_KEY[sort.field];
  const dir = sort.direction === 'desc' ? -1 : 1;
  matching.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -dir : dir;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const offset = Math.max(0, q.offset ?? 0);
  const limit = Math.max(0, q.limit ?? 50);
  return { total: matching.length, rows: matching.slice(offset, offset + limit), counts };
}

export const rxdbDashboard: DashboardEngine = (store, query) => {
  const selector: Record<string, unknown> = {};
  const bounds = queryBounds(query.range ?? null, store.now());
  if (bounds) selector['actionAt'] = { $gte: bounds.from, $lte: bounds.to };
  const text = (query.text ?? '').trim().toLowerCase();
  if (text) selector['search'] = { $regex: escapeRegex(text) };
  return store.database.collections['leads']!
    .find({ selector })
    .$.pipe(map((docs: RxDocument<LeadDoc>[]) => pageFromLeads(docs.map((d) => (d as any)._data as LeadDoc), query)))
    .pipe(map((page) => ({ ...page, rows: page.rows.map(stripMeta) })));
};

function stripMeta(lead: LeadDoc): LeadDoc {
  const { _rev, _meta, _deleted, _attachments, ...rest } = lead as LeadDoc & Record<string, unknown>;
  return rest as LeadDoc;
}

export type { StatusFilter };
