/** The notifications' DOM events: bubbling, composed, typed. */
export interface NotificationEventMap {
  /** The person chose "View lead" (the notification is marked read too); the host navigates. */
  'notification-open': { notificationId: string; leadId: string; topic: string };
  /** The unread count or the list changed (also on first load). */
  'notifications-changed': { unread: number; total: number };
}

declare global {
  interface GlobalEventHandlersEventMap {
    'notification-open': CustomEvent<NotificationEventMap['notification-open']>;
    'notifications-changed': CustomEvent<NotificationEventMap['notifications-changed']>;
  }
}

export function fire<K extends keyof NotificationEventMap>(host: EventTarget, name: K, detail: NotificationEventMap[K]): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
