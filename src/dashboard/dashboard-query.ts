/**
 * `dashboard$(store, query)` on the in-memory index: the store's default DashboardEngine
 * (src/store/dashboard-query.ts), behind `store.dashboard$()`. One live index per store, shared by
 * every query and element on the page; each change to the leads re-runs the query (one pass) and
 * re-reads only the page's lead documents.
 */
import { Observable, combineLatest, from, map, startWith, switchMap } from 'rxjs';
import type { RxCollection } from 'rxdb';
import type { LeadDoc } from '../model/index.js';
import type { DashboardPage, DashboardQuery, LeadStore } from '../store/api.js';
import type { DashboardResult } from './dashboard-index.js';
import { createDashboardIndex } from './live-index.js';
import type { LiveDashboardIndex } from './live-index.js';

/** A page without a limit would read every lead document; the contract's rows are a window. */
export const DEFAULT_PAGE_LIMIT = 50;

const shared = new WeakMap<LeadStore, LiveDashboardIndex>();

/** The store's one live index, created on first use; it follows users' names and the step order for sorting. */
export function dashboardIndexOf(store: LeadStore): LiveDashboardIndex {
  let live = shared.get(store);
  if (!live) {
    const created = createDashboardIndex(store);
    const labels = combineLatest([store.users$, store.policy$]).subscribe(([users, policy]) => {
      created.index.setSortLabels({
        salespersonNames: new Map(users.map((u) => [u.userId, u.name])),
        stepOrder: policy.progressSteps.map((s) => s.id),
      });
    });
    live = {
      index: created.index,
      ready: created.ready,
      loaded: () => created.loaded(),
      close: () => {
        labels.unsubscribe();
        created.close();
      },
    };
    const leads = store.database['leads'] as RxCollection<LeadDoc> | undefined;
    leads?.onClose.push(() => live?.close());
    shared.set(store, live);
  }
  return live;
}

/** Runs a query on the store's index each time the leads change (results, not documents). */
export function dashboardResult$(store: LeadStore, query: DashboardQuery): Observable<DashboardResult> {
  const live = dashboardIndexOf(store);
  return from(live.ready).pipe(
    switchMap(() => live.index.changed$.pipe(startWith(live.index.version))),
    map(() => live.index.query(query, store.now())),
  );
}

export function dashboard$(store: LeadStore, query: DashboardQuery): Observable<DashboardPage> {
  const windowed: DashboardQuery = { ...query, limit: query.limit ?? DEFAULT_PAGE_LIMIT };
  const leads = store.database['leads'] as RxCollection<LeadDoc>;
  return dashboardResult$(store, windowed).pipe(
    switchMap(async (result) => {
      const ids = result.rows.map((row) => row.id);
      const docs = ids.length > 0 ? await leads.findByIds(ids).exec() : new Map();
      const rows: LeadDoc[] = [];
      for (const id of ids) {
        const doc = docs.get(id);
        if (doc) rows.push(doc.toJSON() as LeadDoc);
      }
      return { total: result.total, rows, counts: result.counts };
    }),
  );
}
