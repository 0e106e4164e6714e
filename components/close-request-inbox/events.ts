/** The inbox's DOM events: bubbling, composed, typed. `close-request-decide` is cancelable. */
export interface InboxEventMap {
  /** Cancelable, before a decision is written. */
  'close-request-decide': { requestId: string; leadId: string; decision: 'approve' | 'decline'; declineReason: string };
  /** A decision was written (the lead closed on approve; the requester is notified either way). */
  'close-request-decided': { requestId: string; leadId: string; decision: 'approve' | 'decline'; commandId: string };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'close-request-decide': CustomEvent<InboxEventMap['close-request-decide']>;
    'close-request-decided': CustomEvent<InboxEventMap['close-request-decided']>;
  }
}

export function fire<K extends keyof InboxEventMap>(host: EventTarget, name: K, detail: InboxEventMap[K], cancelable = false): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }));
}
