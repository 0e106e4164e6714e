/**
 * The engine behind the store's `dashboard$()`. One engine serves the whole project: the in-memory
 * index of src/dashboard (one live index per store, shared by every query and element on the
 * page), so the store's pages, counts and sort orders are the dashboard element's. A store can be
 * given another engine (`StoreOptions.dashboard`), e.g. in tests.
 */
import type { Observable } from 'rxjs';
import type { DashboardPage, DashboardQuery, LeadStore } from './api.js';

export type DashboardEngine = (store: LeadStore, query: DashboardQuery) => Observable<DashboardPage>;

export { dashboard$ as defaultDashboardEngine } from '../dashboard/dashboard-query.js';
