/**
 * The notifications' texts, following the shared layer's locale (`<html lang>` / setLocale); a
 * host adds a language with `addNotificationTranslations`.
 */
import { currentLocale } from '../shared/i18n.js';

const en = {
  'notifications.label': 'Notifications',
  'notifications.loading': 'Loading notifications…',
  'notifications.no-actor': 'Sign in to see your notifications.',
  'notifications.empty': 'No notifications.',
  'notifications.unread': '{count} unread',
  'notifications.unread-mark': 'Unread',
  'notifications.mark-read': 'Mark read',
  'notifications.mark-read-label': 'Mark read: {message}',
  'notifications.mark-all-read': 'Mark all read',
  'notifications.open': 'View lead',
  'notifications.open-label': 'View lead: {customer}',
  'notifications.no-reason': 'no reason given',
  'notifications.lead-closed-lost': '{actor} closed the lead of {customer} as lost. Reason: {reason}.',
  'notifications.close-request-submitted': '{actor} asks to close the lead of {customer} as lost. Reason: {reason}.',
  'notifications.close-request-approved': '{actor} approved closing the lead of {customer} as lost.',
  'notifications.close-request-declined': '{actor} declined closing the lead of {customer} as lost. The lead stays open.',
  'notifications.decline-reason': 'Why: {reason}',
  'notifications.not-applied-mark': 'Not applied',
  'notifications.overruled.close-request-approved': "{actor}'s approval of closing the lead of {customer} as lost did not stand. {stood}",
  'notifications.overruled.close-request-declined': "{actor}'s decline of closing the lead of {customer} as lost did not stand. {stood}",
  'notifications.overruled.lead-closed-lost': "{actor}'s close of the lead of {customer} as lost did not stand. {stood}",
  'notifications.stood.approved': '{name} had already approved the request.',
  'notifications.stood.declined': '{name} had already declined the request.',
  'notifications.stood.withdrawn': '{name} had already withdrawn the request.',
  'notifications.refused': 'Not done: {error}',
  // A manager's notice of a close request that has been decided (by them or anyone): history, not news.
  'notifications.close-request-submitted.decided': '{actor} asked to close the lead of {customer} as lost. Reason: {reason}.',
  'notifications.decided.approved': 'Approved by {name} on {date}.',
  'notifications.decided.declined': 'Declined by {name} on {date}.',
  'notifications.decided.withdrawn': 'Withdrawn by {name} on {date}.',
  'notifications.decided.approved.you': 'Approved by you on {date}.',
  'notifications.decided.declined.you': 'Declined by you on {date}.',
  'notifications.decided.withdrawn.you': 'Withdrawn by you on {date}.',
} as const;

export type NotificationMsgKey = keyof typeof en;
const catalogues = new Map<string, Partial<Record<NotificationMsgKey, string>>>([['en', en]]);

export function addNotificationTranslations(locale: string, messages: Partial<Record<NotificationMsgKey, string>>): void {
  catalogues.set(locale, { ...catalogues.get(locale), ...messages });
}

export function t(key: NotificationMsgKey, params: Record<string, string | number> = {}): string {
  const locale = currentLocale();
  const text = catalogues.get(locale)?.[key] ?? catalogues.get(locale.split('-')[0] ?? '')?.[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
