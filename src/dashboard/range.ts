/** The date range filter's bounds come from the rules; the dashboard only compares action dates. */
export { rangeBounds as dashboardRangeBounds } from '../rules/dashboard.js';
