export { DashboardIndex, DEFAULT_SORT } from './dashboard-index.js';
export type { DashboardCounts, DashboardResult, LeadChange, SortLabels } from './dashboard-index.js';
export { createDashboardIndex, collectionFeed } from './live-index.js';
export type { LeadFeed, LiveDashboardIndex } from './live-index.js';
export { dashboard$, dashboardIndexOf, dashboardResult$, DEFAULT_PAGE_LIMIT } from './dashboard-query.js';
export { projectLead } from './row.js';
export type { DashboardRow } from './row.js';
