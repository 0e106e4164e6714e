/** The report's DOM events: bubbling, composed, typed. `report-exported`, which every report fires, is declared in ../shared/report-events.ts. */
import type { ClosedLostReport } from '../../src/reports/index.js';
import type { SharedReportEventMap } from '../shared/report-events.js';

export interface ReportEventMap extends SharedReportEventMap {
  /** The report was computed again (new data, or other options). */
  'report-changed': { report: ClosedLostReport };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'report-changed': CustomEvent<ReportEventMap['report-changed']>;
  }
}

export function fire<K extends keyof ReportEventMap>(host: EventTarget, name: K, detail: ReportEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
