/**
 * The event every report fires when its CSV download is clicked: the same name and detail for
 * each report, so one listener serves them all. Bubbling, composed, typed. Each report's own
 * events (`report-changed`, `sales-report-changed`) stay in its folder.
 */

export interface SharedReportEventMap {
  /** The CSV download was clicked (detail carries the CSV text and the file name). */
  'report-exported': { csv: string; filename: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'report-exported': CustomEvent<SharedReportEventMap['report-exported']>;
  }
}

export function fire<K extends keyof SharedReportEventMap>(host: EventTarget, name: K, detail: SharedReportEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
