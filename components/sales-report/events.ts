/** The sales report's DOM events: bubbling, composed, typed. `report-exported`, the same event as <closed-lost-report>'s, is declared in ../shared/report-events.ts. */
import type { SalesReport } from '../../src/reports/index.js';
import type { SharedReportEventMap } from '../shared/report-events.js';

export interface SalesReportEventMap extends SharedReportEventMap {
  /** The report was computed again (new data, or other options). */
  'sales-report-changed': { report: SalesReport };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sales-report-changed': CustomEvent<SalesReportEventMap['sales-report-changed']>;
  }
}

export function fire<K extends keyof SalesReportEventMap>(host: EventTarget, name: K, detail: SalesReportEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
