/** The sales report's DOM events: bubbling, composed, typed. */
import type { SalesReport } from '../../src/reports/index.js';

export interface SalesReportEventMap {
  /** The report was computed again (new data, or other options). */
  'sales-report-changed': { report: SalesReport };
  /** The CSV download was clicked: the same event, with the same detail, as <closed-lost-report>'s, so one listener serves every report. */
  'report-exported': { csv: string; filename: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'sales-report-changed': CustomEvent<SalesReportEventMap['sales-report-changed']>;
    'report-exported': CustomEvent<SalesReportEventMap['report-exported']>;
  }
}

export function fire<K extends keyof SalesReportEventMap>(host: EventTarget, name: K, detail: SalesReportEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
