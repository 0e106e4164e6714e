/** The events `<lead-response>` fires: bubbling, composed, typed; `response-record` is cancelable. */
import type { ResponseKind } from '../../src/model/index.js';

export interface ResponseEventMap {
  /** Cancelable, before the response is written; `updateProgress` is what will be asked of the store. */
  'response-record': { leadId: string; kind: ResponseKind; notes: string; updateProgress: boolean };
  /**
   * The response was recorded. `tickedStepId` is the progress step it ticked ('' when the box was
   * unticked or the company has no such step); `progressStepId` is the lead's Progress after it.
   */
  'response-recorded': { leadId: string; kind: ResponseKind; updateProgress: boolean; tickedStepId: string; progressStepId: string; commandId: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'response-record': CustomEvent<ResponseEventMap['response-record']>;
    'response-recorded': CustomEvent<ResponseEventMap['response-recorded']>;
  }
}

/** Fires a response event from `host`; false when a listener cancelled it. */
export function fire<K extends keyof ResponseEventMap>(host: EventTarget, name: K, detail: ResponseEventMap[K], cancelable = false): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
