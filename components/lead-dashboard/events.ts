/** The events `<lead-dashboard>` fires: all bubble and are composed; the row actions are cancelable. */
import type { DashboardQuery } from '../../src/store/api.js';
import type { FilterAttributes } from '../../src/dashboard/filter-state.js';
import type { BulkAction, BulkSummary } from '../../src/dashboard/bulk.js';

export interface DashboardEventMap {
  /** The user changed a filter or the sort (not fired for changes the host makes). */
  'filters-changed': { query: DashboardQuery; attributes: FilterAttributes };
  /** Cancelable: open the lead. Not prevented, the built-in side panel shows it. */
  'lead-open': { leadId: string };
  /** Cancelable: update the lead's progress. Not prevented, the side panel shows `<lead-progress>`. */
  'lead-progress-requested': { leadId: string };
  /** Cancelable: close the lead. Not prevented, the side panel opens `<close-lost-dialog>`. */
  'lead-close-requested': { leadId: string };
  /** The selected rows changed (Bulk Manage). */
  'selection-changed': { leadIds: string[] };
  /** Cancelable, before a bulk action runs. */
  'bulk-start': { bulkId: string; action: BulkAction; leadIds: string[] };
  /** A bulk action finished (or was resumed and finished). */
  'bulk-finished': { bulkId: string; summary: BulkSummary };
}

export type DashboardEventName = keyof DashboardEventMap;

declare global {
  interface GlobalEventHandlersEventMap {
    'filters-changed': CustomEvent<DashboardEventMap['filters-changed']>;
    'lead-open': CustomEvent<DashboardEventMap['lead-open']>;
    'lead-progress-requested': CustomEvent<DashboardEventMap['lead-progress-requested']>;
    'lead-close-requested': CustomEvent<DashboardEventMap['lead-close-requested']>;
    'selection-changed': CustomEvent<DashboardEventMap['selection-changed']>;
    'bulk-start': CustomEvent<DashboardEventMap['bulk-start']>;
    'bulk-finished': CustomEvent<DashboardEventMap['bulk-finished']>;
  }
}

/** Fires a dashboard event; false when a listener cancelled it. */
export function fire<K extends DashboardEventName>(host: EventTarget, name: K, detail: DashboardEventMap[K], cancelable = false): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
