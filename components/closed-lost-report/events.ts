/** The report's DOM events: bubbling, composed, typed. */
import type { ClosedLostReport } from '../../src/reports/index.js';

export interface ReportEventMap {
  /** The report was computed again (new data, or other options). */
  'report-changed': { report: ClosedLostReport };
  /** The CSV download was clicked (detail carries the CSV text and the file name). */
  'report-exported': { csv: string; filename: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'report-changed': CustomEvent<ReportEventMap['report-changed']>;
    'report-exported': CustomEvent<ReportEventMap['report-exported']>;
  }
}

export function fire<K extends keyof ReportEventMap>(host: EventTarget, name: K, detail: ReportEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
